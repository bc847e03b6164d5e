import { minutesOfDay } from '../local-time';
/**
 * The on-call duty (astreinte): when an emergency is filed outside the landlord's office hours, the person
 * on call is alerted at once; unacknowledged after the landlord's delay, the next person and the supervisor
 * are. A landlord sets its office hours once (the days of the week and one opening and closing time), and
 * per agency — or for the whole landlord — an ordered list: first on call, second, third, and a supervisor.
 * Outside office hours means: another day of the week, before the opening or after the closing time, or a
 * day off of the landlord's calendar (public holidays, closures).
 */

/** ISO days of the week: 1 = Monday … 7 = Sunday. */
export const WEEK_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export interface OfficeHours {
  /** ISO days of the week the offices open (1 = Monday … 7 = Sunday). */
  days: readonly number[];
  /** Opening and closing times, `HH:MM` on a 24-hour clock, in the landlord's time zone. */
  start: string;
  end: string;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = { days: [1, 2, 3, 4, 5], start: '08:30', end: '18:00' };

/** Minutes an alert waits for an acknowledgement before the next people are alerted. */
export const DEFAULT_ESCALATION_MINUTES = 15;
export const ESCALATION_MINUTES_LIMITS = { min: 1, max: 240 } as const;

/** How many on-call people a rota lists before its supervisor. */
export const ON_CALL_POSITIONS = 3;

export const ON_CALL_ROLES = ['on_call', 'supervisor'] as const;
export type OnCallRole = (typeof ON_CALL_ROLES)[number];

/** One person of a rota as the escalation reads it. */
export interface RotaMember {
  id: string;
  role: OnCallRole;
  /** 1, 2, 3 for the on-call people; 0 for the supervisor. */
  position: number;
}

/** The local date (`YYYY-MM-DD`), ISO weekday and minutes after midnight of `at` in `timeZone`. */
function localParts(at: Date, timeZone: string): { date: string; weekday: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '0';
  const date = `${get('year')}-${get('month')}-${get('day')}`;
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return { date, weekday: day === 0 ? 7 : day, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

/**
 * Whether `at` falls within office hours in `timeZone`: an office day, not a day off (`isWorkingDay`, given
 * the local `YYYY-MM-DD`), from `start` (included) to `end` (excluded). Hours whose end is not after their
 * start, or that cannot be read, are never office hours (every emergency then reaches the person on call).
 */
export function isOfficeTime(
  at: Date,
  hours: OfficeHours,
  timeZone: string,
  isWorkingDay: (localDate: string) => boolean = () => true,
): boolean {
  const start = minutesOfDay(hours.start);
  const end = minutesOfDay(hours.end);
  if (start === null || end === null || end <= start) return false;
  const local = localParts(at, timeZone);
  if (!hours.days.includes(local.weekday) || !isWorkingDay(local.date)) return false;
  return local.minutes >= start && local.minutes < end;
}

/**
 * The people an alert of `level` goes to (1 = the first alert): the on-call person at that rank (the
 * rota's on-call people ordered by position), and from level 2 the supervisor too unless already alerted.
 * A rota with no on-call person alerts its supervisor at level 1. Empty: the chain has ended.
 */
export function alertBatch<T extends RotaMember>(
  rota: readonly T[],
  level: number,
  supervisorAlerted: boolean,
): T[] {
  const onCall = rota.filter((m) => m.role === 'on_call').sort((a, b) => a.position - b.position);
  const supervisors = rota.filter((m) => m.role === 'supervisor');
  const person = onCall[level - 1];
  const batch: T[] = person ? [person] : [];
  const withSupervisor = (level >= 2 || onCall.length === 0) && !supervisorAlerted;
  return withSupervisor ? [...batch, ...supervisors] : batch;
}
