import { getMetadataStorage } from 'class-validator';
import type { ValidationError } from 'class-validator';
import type { FieldError } from '@suivi/domain';

/** A value a problem's wording may quote: a bound, a length, the allowed values. */
export type ProblemParam = string | number | readonly string[];

/**
 * One failing check of one field, as the JSON API's 400 lists it and as the pages word it:
 * - `field`: the dotted path (`tenant.phone`, `ruleSet.rules[0]`);
 * - `code`: the check's name — class-validator's constraint name (`isEmail`, `maxLength`, `isIn`,
 *   `whitelistValidation` for a field the DTO does not declare) or one of ours (`hasText`, `isMailbox`,
 *   `isoDateTime`, see `validation.ts`);
 * - `params`: the decorator's arguments under stable names (`min`, `max`, `values`; `isLength` also says
 *   which `bound` the value broke), read from the decorator metadata and its `context`;
 * - `message`: class-validator's English sentence, for developers and for codes a page has no words for.
 *
 * Pages translate `code` and `params` (as nestjs-i18n keys its validation messages by constraint name and
 * passes the constraints as arguments); nobody reads `message` to find out what went wrong.
 */
export interface FieldProblem extends FieldError {
  code: string;
  params: Record<string, ProblemParam>;
}

/** A field error with a code (class-validator's) rather than only the domain's English sentence. */
export const isFieldProblem = (f: FieldError): f is FieldProblem =>
  typeof (f as Partial<FieldProblem>).code === 'string';

/** The names a decorator's constraint arguments are known by, per constraint name. */
const PARAM_NAMES: Record<string, readonly string[]> = {
  maxLength: ['max'],
  minLength: ['min'],
  isLength: ['min', 'max'],
  min: ['min'],
  max: ['max'],
  isIn: ['values'],
  isNotIn: ['values'],
  arrayMaxSize: ['max'],
  arrayMinSize: ['min'],
};

/** The decorator arguments of constraint `code` on the property `error` names (empty when unknown). */
function constraintsOf(error: ValidationError, code: string): unknown[] {
  const target = (error.target as object | undefined)?.constructor;
  if (typeof target !== 'function') return [];
  const metadata = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  const found = metadata.find(
    (m) => m.propertyName === error.property && (m.name === code || m.type === code),
  );
  return Array.isArray(found?.constraints) ? (found.constraints as unknown[]) : [];
}

const asParam = (value: unknown): ProblemParam | undefined => {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(String);
  return undefined;
};

/** The named parameters of one failing constraint (see `FieldProblem.params`). */
function paramsOf(error: ValidationError, code: string): Record<string, ProblemParam> {
  const params = Object.create(null) as Record<string, ProblemParam>;
  const names = PARAM_NAMES[code] ?? [];
  const constraints = names.length ? constraintsOf(error, code) : [];
  names.forEach((name, i) => {
    const value = asParam(constraints[i]);
    if (value !== undefined) params[name] = value;
  });
  if (code === 'isLength' && typeof error.value === 'string' && typeof params.min === 'number') {
    params.bound = error.value.length < params.min ? 'min' : 'max';
  }
  const context = error.contexts?.[code] as Record<string, unknown> | undefined;
  if (context && typeof context === 'object') {
    for (const [name, value] of Object.entries(context)) {
      const param = asParam(value);
      if (param !== undefined) params[name] = param;
    }
  }
  return params;
}

/**
 * Flattens class-validator's tree into one `FieldProblem` per failing constraint, fields named
 * `parent.child`, in the order class-validator reports them.
 */
export function validationFields(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([code, message]) => ({
      field,
      message,
      code,
      params: { ...paramsOf(e, code) },
    }));
    return [...own, ...validationFields(e.children ?? [], field)];
  });
}
