import { fieldError } from './errors';
import type { FieldError } from './errors';

/**
 * What people type, checked the same way by the JSON API's DTOs, the pages (which validate with the same
 * DTOs) and the lifecycle (`applyAction`): free text that shows something, e-mail addresses a mail server
 * takes as they are, date-times that mean one instant, and appointment slots that make sense.
 */

/**
 * Characters that show nothing: white space, Unicode format characters (category Cf: zero-width space
 * U+200B, joiners U+200C/U+200D, word joiner U+2060, BOM U+FEFF, bidi marks…), and the blank letters some
 * keyboards offer (Hangul fillers U+115F/U+1160/U+3164/U+FFA0, Braille blank U+2800, Mongolian vowel
 * separator U+180E, combining grapheme joiner U+034F). Combining marks (Mn, Me) and control characters (Cc)
 * show nothing on their own either: `é` written e + U+0301 keeps its letter, a name of bare accents does not.
 */
const INVISIBLE = /[\s\p{Cc}\p{Cf}\p{Mn}\p{Me}\u034F\u115F\u1160\u180E\u2800\u3164\uFFA0]/gu;

/** True when the text shows at least one character once the invisible ones are set aside. */
export function hasVisibleText(value: string): boolean {
  return value.replace(INVISIBLE, '').length > 0;
}

/** The text with its surrounding white space trimmed, or undefined when it shows nothing. */
export function visibleText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return hasVisibleText(value) ? value.trim() : undefined;
}

/**
 * An e-mail address in the plain `local@domain` form only (RFC 5321 dot-atom local part): no quoted local
 * part (`"a b"@x.org`), no comment, no white space or control character anywhere — such addresses pass
 * RFC 5322 but are refused or misread by mail servers, and a line break in one could add a mail header.
 * The domain is letters/digits/hyphens labels with a TLD of at least two letters.
 */
const ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const MAILBOX = new RegExp(
  `^${ATOM}(?:\\.${ATOM})*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$`,
);
export function isMailbox(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 254) return false;
  const at = value.lastIndexOf('@');
  return at > 0 && at <= 64 && MAILBOX.test(value);
}

/**
 * An ISO 8601 date-time with its offset (`2026-12-01T08:00:00+01:00`, `2026-12-01T07:00:00.000Z`;
 * seconds and milliseconds optional) that names a real instant: the calendar fields must round-trip, so
 * `2026-02-30T…` (which `new Date` turns into 2 March) and `T24:00` are refused, as is anything that is not
 * a string (`new Date(true)` is 1970). Years have four digits. Null when it does not parse.
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;
export function parseIsoDateTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = ISO_DATE_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number);
  const ms = m[7] ? Number(m[7].padEnd(3, '0')) : 0;
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms));
  if (year < 1000) return null;
  const roundTrips =
    local.getUTCFullYear() === year &&
    local.getUTCMonth() === month - 1 &&
    local.getUTCDate() === day &&
    local.getUTCHours() === hour &&
    local.getUTCMinutes() === minute &&
    local.getUTCSeconds() === second;
  if (!roundTrips) return null;
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const [oh, om] = [Number(m[10]), Number(m[11])];
    if (oh > 14 || om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return new Date(local.getTime() - offsetMinutes * 60_000);
}

/**
 * What an appointment slot may be (one rule for the API, the contractor's link and the pages):
 * - it ends after it starts and lasts at most `maxDurationHours` (a week: works that take longer are
 *   several visits, each booked on its own);
 * - it starts no more than `maxPastHours` before now (a contractor may record, the same day, a visit that
 *   already began) and no more than `maxAheadDays` after now (about a year: a date further out is a typing
 *   mistake, not a booking).
 */
export const APPOINTMENT_LIMITS = { maxPastHours: 12, maxAheadDays: 366, maxDurationHours: 7 * 24 } as const;

/**
 * Every problem of an appointment slot at `now`, each naming `appointment.start` or `appointment.end`, coded:
 * `isoDateTime`, `appointmentTooFarPast` {hours}, `appointmentTooFarAhead` {days}, `appointmentEndBeforeStart`,
 * `appointmentTooLong` {hours}.
 */
export function appointmentProblems(start: Date, end: Date, now: Date): FieldError[] {
  const H = 3_600_000;
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
    return [fieldError('appointment.start', 'isoDateTime', 'must be a date-time')];
  }
  if (!(end instanceof Date) || Number.isNaN(end.getTime())) {
    return [fieldError('appointment.end', 'isoDateTime', 'must be a date-time')];
  }
  const problems: FieldError[] = [];
  if (start.getTime() < now.getTime() - APPOINTMENT_LIMITS.maxPastHours * H) {
    problems.push(
      fieldError(
        'appointment.start',
        'appointmentTooFarPast',
        `must not be more than ${APPOINTMENT_LIMITS.maxPastHours} hours in the past`,
        { hours: APPOINTMENT_LIMITS.maxPastHours },
      ),
    );
  } else if (start.getTime() > now.getTime() + APPOINTMENT_LIMITS.maxAheadDays * 24 * H) {
    problems.push(
      fieldError(
        'appointment.start',
        'appointmentTooFarAhead',
        `must not be more than ${APPOINTMENT_LIMITS.maxAheadDays} days ahead`,
        { days: APPOINTMENT_LIMITS.maxAheadDays },
      ),
    );
  }
  if (end.getTime() <= start.getTime()) {
    problems.push(
      fieldError('appointment.end', 'appointmentEndBeforeStart', 'must be after appointment.start'),
    );
  } else if (end.getTime() - start.getTime() > APPOINTMENT_LIMITS.maxDurationHours * H) {
    problems.push(
      fieldError(
        'appointment.end',
        'appointmentTooLong',
        `must not be more than ${APPOINTMENT_LIMITS.maxDurationHours} hours after appointment.start`,
        { hours: APPOINTMENT_LIMITS.maxDurationHours },
      ),
    );
  }
  return problems;
}
