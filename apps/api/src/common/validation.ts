import { applyDecorators } from '@nestjs/common';
import { Transform, Type } from 'class-transformer';
import { IsObject, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import type { ValidationOptions } from 'class-validator';
import { hasVisibleText, isMailbox, parseIsoDateTime } from '@suivi/domain';

/**
 * The DTO decorators every body, query and form shares, so each kind of input is checked one way (the
 * rules themselves live in `@suivi/domain`'s input module). Each check has a name — the code a field
 * error carries (`FieldProblem.code`), which the portal's `problem-words.ts` says in French and English;
 * the English messages are for developers reading the JSON API.
 */

/**
 * The field may be left out — but not sent as `null`: class-validator's `@IsOptional()` skips every check
 * for null, which let `reopenWindowDays: null` through to a NOT NULL column (a 500). Absent is absent.
 */
export const Optional = (options?: ValidationOptions) =>
  ValidateIf((_object, value) => value !== undefined, options);

/**
 * A nested object of class `type`: an object (never an array, a string or null — `"tenant": []` used to
 * pass `@ValidateNested()` with nothing checked), validated field by field, errors named `parent.child`.
 */
export const NestedObject = (type: () => new () => object) =>
  applyDecorators(
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(type),
  ) as PropertyDecorator;

/** Free text that shows something: only spaces or zero-width characters count as empty. */
export const HasText = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'hasText',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && hasVisibleText(value),
        defaultMessage: () => '$property must contain visible characters, not only spaces',
      },
    },
    options,
  );

/**
 * Text that stays on one line (names, addresses, postcodes, units, references): no line break, tab, or
 * Unicode line/paragraph separator, which would split an SMS, a letter's address block or a CSV row.
 * Other control characters are refused for every field at the edge (`common/edge.ts`).
 */
export const OneLine = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'oneLine',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !/[\n\r\t\u2028\u2029]/.test(value),
        defaultMessage: () => '$property must be on one line (no line break or tab)',
      },
    },
    options,
  );

/**
 * An e-mail address in the plain `name@domain` form (no quoted local part, no white space or line break):
 * see `isMailbox`. The message keeps class-validator's wording for `isEmail`.
 */
export const IsMailbox = (options?: ValidationOptions) =>
  ValidateBy(
    {
      name: 'isMailbox',
      validator: {
        validate: (value: unknown) => isMailbox(value),
        defaultMessage: () => '$property must be an email',
      },
    },
    options,
  );

/**
 * An ISO 8601 date-time with offset that round-trips (see `parseIsoDateTime`), turned into a `Date`; any
 * other value (`true`, `2026-02-30T…`, year 275760) stays as sent and is refused with the message below.
 */
export const IsoDateTime = () =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => parseIsoDateTime(value) ?? value, { toClassOnly: true }),
    ValidateBy({
      name: 'isoDateTime',
      validator: {
        validate: (value: unknown) => value instanceof Date && !Number.isNaN(value.getTime()),
        defaultMessage: () =>
          '$property must be an ISO 8601 date-time with its offset, e.g. 2026-12-01T08:00:00+01:00',
      },
    }),
  ) as PropertyDecorator;
