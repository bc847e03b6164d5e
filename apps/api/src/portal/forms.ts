import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import type { FieldError } from '@suivi/domain';
import { validationFields } from '../common/http-errors';

/** What a form shows again after a refused post: what was typed, and one message per field. */
export interface FormState {
  values: Record<string, string | string[]>;
  errors: Record<string, string>;
}

export const emptyForm = (values: FormState['values'] = {}): FormState => ({ values, errors: {} });

/** A form post as the browser sent it (urlencoded: each value a string, or several for repeated names). */
export function formValues(body: unknown): FormState['values'] {
  const values: FormState['values'] = {};
  if (!body || typeof body !== 'object') return values;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf') continue;
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

/** `tenant.phone=…` → `{ tenant: { phone: … } }`; empty optional fields are left out. */
export function unflatten(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === '' || value === undefined) continue;
    const path = key.split('.');
    let node = out;
    for (const part of path.slice(0, -1)) {
      node = (node[part] ??= {}) as Record<string, unknown>;
    }
    node[path[path.length - 1]] = value;
  }
  return out;
}

/**
 * Validates a form against the same DTO class the JSON API uses (so no rule is written twice): the
 * instance, or one message per failing field.
 */
export async function validateForm<T extends object>(
  dto: new () => T,
  plain: Record<string, unknown>,
): Promise<{ ok: true; value: T } | { ok: false; errors: Record<string, string> }> {
  const instance = plainToInstance(dto, plain, { enableImplicitConversion: false });
  const failures = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (failures.length === 0) return { ok: true, value: instance };
  return { ok: false, errors: fieldErrors(validationFields(failures)) };
}

export function fieldErrors(fields: FieldError[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of fields) errors[f.field] ??= f.message;
  return errors;
}

/** The field errors a domain refusal carries (400s), or null for every other error. */
export function invalidInputOf(e: unknown): Record<string, string> | null {
  if (!(e instanceof DomainError) || e.code !== DomainErrorCode.InvalidInput) return null;
  const fields = (e.details as { fields?: FieldError[] } | undefined)?.fields ?? [];
  return fields.length ? fieldErrors(fields) : { _form: e.message };
}
