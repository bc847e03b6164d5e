/**
 * Typed domain errors. Each code maps to exactly one HTTP status in the API's exception filter,
 * which switches exhaustively over this enum, so adding a code without deciding its status fails
 * the type check.
 */
export enum DomainErrorCode {
  /** The action is not possible from the complaint's current state. */
  InvalidTransition = 'INVALID_TRANSITION',
  /** The caller's expected version is not the complaint's current version. */
  StaleVersion = 'STALE_VERSION',
  /** The actor's role may never perform this action. */
  NotAllowed = 'NOT_ALLOWED',
  /** The command lacks a field the action requires, or a field is malformed. */
  InvalidInput = 'INVALID_INPUT',
  /** A referenced resource does not exist (or is not visible to the actor). */
  NotFound = 'NOT_FOUND',
  /** A resource with the same identity already exists. */
  Conflict = 'CONFLICT',
  /** The reopen window after closing has passed. */
  ReopenWindowExpired = 'REOPEN_WINDOW_EXPIRED',
}

/** A value a field error's wording may quote: a bound, a length, the allowed values. */
export type FieldErrorParam = string | number | readonly string[];

/**
 * One failing field of a command: `field` is its dotted path, `message` an English sentence for developers
 * and JSON API readers. `code` (with `params`) says what failed in a way pages word in their own language
 * (`apps/api/src/portal/problem-words.ts`); pages never read `message`. A field error without a code is
 * shown on pages as a generic "this value is not accepted" in the page's language.
 */
export interface FieldError {
  field: string;
  message: string;
  code?: string;
  params?: Record<string, FieldErrorParam>;
}

/** A coded field error (see `FieldError`); `params` default to none. */
export function fieldError(
  field: string,
  code: string,
  message: string,
  params: Record<string, FieldErrorParam> = {},
): FieldError {
  return { field, code, message, params };
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { fields?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  static invalidInput(fields: FieldError[]): DomainError {
    return new DomainError(
      DomainErrorCode.InvalidInput,
      `Invalid input: ${fields.map((f) => f.field).join(', ')}`,
      { fields },
    );
  }
}

export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });
