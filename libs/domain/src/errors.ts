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

export interface FieldError {
  field: string;
  message: string;
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
