import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import type { FieldError } from '@suivi/domain';
import { keyProblem } from '../common/edge';
import { isFieldProblem, validationFields } from '../common/field-problems';
import type { FieldProblem } from '../common/field-problems';
import { statusOf } from '../common/http-errors';
import type { Lang } from './i18n';
import { sayProblem } from './problem-words';

/**
 * What a field's error holds: the page's own words (a string: French or English already), or a coded
 * problem from the DTO's checks (`FieldProblem`), which `sayFieldMessage` words in the page's language.
 */
export type FieldMessage = string | Omit<FieldProblem, 'field'>;

/** What a form shows again after a refused post: what was typed, and one message per field. */
export interface FormState {
  values: Record<string, string | string[]>;
  errors: Record<string, FieldMessage>;
}

/** Field name → message, as `validateForm`, `invalidInputOf` and `transitionRefusal` give them. */
export type FieldMessages = Record<string, FieldMessage>;

/** The English sentence behind a field's error (what the JSON API says; for logs and domain errors). */
export const messageOf = (message: FieldMessage): string =>
  typeof message === 'string' ? message : message.message;

/**
 * A field's error in the page's language: a coded problem by its code and parameters (`sayProblem`); a
 * string is the page's own words, already in its language, and is shown as it is. Domain and DTO errors
 * always reach pages coded (`fieldErrors`), never as English sentences.
 */
export function sayFieldMessage(message: FieldMessage, lang: Lang): string {
  return typeof message === 'string' ? message : sayProblem(message, lang);
}

export const emptyForm = (values: FormState['values'] = {}): FormState => ({ values, errors: {} });

/**
 * A form post as the browser sent it (urlencoded: each value a string, or several for repeated names), in
 * an object without a prototype. A field whose name could reach a prototype (`__proto__`, `a.constructor`…)
 * is dropped (the edge already refuses such posts; this keeps the function safe on its own).
 */
export function formValues(body: unknown): FormState['values'] {
  const values: FormState['values'] = Object.create(null) as FormState['values'];
  if (!body || typeof body !== 'object') return values;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (keyProblem(key)) continue;
    if (typeof value === 'string') values[key] = value;
    else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === 'string');
  }
  return values;
}

export const valueOf = (form: FormState, name: string): string => {
  const v = form.values[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};

export const valuesOf = (form: FormState, name: string): string[] => {
  const v = form.values[name];
  return Array.isArray(v) ? v : v ? [v] : [];
};

/** A DTO class: what `validateForm` and `formFields` take. */
type DtoClass = abstract new (...args: never[]) => object;

const fieldsCache = new WeakMap<DtoClass, ReadonlySet<string>>();

/**
 * The dotted field names a form may post for a DTO, read from its class-validator decorators: its own
 * properties, and `tenant.phone`-style names for the properties of nested DTOs (`@ValidateNested` with a
 * class type). The allow-list of every form built on a DTO, so it is never typed a second time.
 */
export function formFields(dto: DtoClass): ReadonlySet<string> {
  const cached = fieldsCache.get(dto);
  if (cached) return cached;
  const fields = new Set<string>();
  const walk = (target: DtoClass, prefix: string, seen: Set<DtoClass>) => {
    const metadata = getMetadataStorage().getTargetValidationMetadatas(target as never, '', true, false);
    for (const name of new Set(metadata.map((m) => m.propertyName))) {
      fields.add(`${prefix}${name}`);
      const type = Reflect.getMetadata('design:type', target.prototype as object, name) as unknown;
      if (typeof type === 'function' && isDto(type as DtoClass) && !seen.has(type as DtoClass)) {
        walk(type as DtoClass, `${prefix}${name}.`, new Set([...seen, type as DtoClass]));
      }
    }
  };
  walk(dto, '', new Set([dto]));
  fieldsCache.set(dto, fields);
  return fields;
}

const isDto = (type: DtoClass): boolean =>
  getMetadataStorage().getTargetValidationMetadatas(type as never, '', true, false).length > 0;

/**
 * `tenant.phone=…` → `{ tenant: { phone: … } }` for the fields the DTO declares (see `formFields`); other
 * names are ignored, and empty optional fields are left out. Every object built has no prototype, and no
 * name outside the allow-list is ever used as a key, so a posted name cannot reach a prototype.
 */
export function unflatten(values: Record<string, unknown>, dto: DtoClass): Record<string, unknown> {
  const allowed = formFields(dto);
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(values)) {
    if (value === '' || value === undefined || !allowed.has(key)) continue;
    const path = key.split('.');
    let node = out;
    for (const part of path.slice(0, -1)) {
      const next = Object.hasOwn(node, part) ? node[part] : undefined;
      if (next !== null && typeof next === 'object') {
        node = next as Record<string, unknown>;
      } else {
        node = node[part] = Object.create(null) as Record<string, unknown>;
      }
    }
    node[path[path.length - 1]] = value;
  }
  return out;
}

/**
 * Validates a form against the same DTO class the JSON API uses (so no rule is written twice): the
 * instance, or the first coded problem of each failing field.
 */
export async function validateForm<T extends object>(
  dto: new () => T,
  plain: Record<string, unknown>,
): Promise<{ ok: true; value: T } | { ok: false; errors: FieldMessages }> {
  const instance = plainToInstance(dto, plain, { enableImplicitConversion: false });
  const failures = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (failures.length === 0) return { ok: true, value: instance };
  return { ok: false, errors: fieldErrors(validationFields(failures)) };
}

/**
 * The first error of each field, always as a coded problem (`{ code, params, message }`): the check's or
 * the domain's code, or `UNCODED` for a domain error that has none yet (pages word it generically in their
 * language rather than show its English sentence).
 */
export function fieldErrors(fields: FieldError[]): FieldMessages {
  const errors: FieldMessages = {};
  for (const f of fields) {
    errors[f.field] ??= isFieldProblem(f)
      ? { code: f.code, params: f.params ?? {}, message: f.message }
      : { code: UNCODED, params: {}, message: f.message };
  }
  return errors;
}

/** The code a domain field error without its own code is given for pages (see `fieldErrors`). */
export const UNCODED = 'invalid';

/** The field errors a domain refusal carries (400s), or null for every other error. */
export function invalidInputOf(e: unknown): FieldMessages | null {
  if (!(e instanceof DomainError) || e.code !== DomainErrorCode.InvalidInput) return null;
  const fields = (e.details as { fields?: FieldError[] } | undefined)?.fields ?? [];
  return fields.length ? fieldErrors(fields) : { _form: { code: UNCODED, params: {}, message: e.message } };
}

/**
 * A transition a form asked for and the domain refused, as the page answers it: field errors (400), or a
 * conflict (409, with its code: some pages word some conflicts apart). Any other error is not the person's
 * doing and is thrown again.
 */
export type TransitionRefusal =
  { status: 400; errors: FieldMessages } | { status: 409; code: DomainErrorCode };

export function transitionRefusal(e: unknown): TransitionRefusal {
  const invalid = invalidInputOf(e);
  if (invalid) return { status: 400, errors: invalid };
  if (e instanceof DomainError && statusOf(e.code) === 409) return { status: 409, code: e.code };
  throw e;
}
