import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { Country } from '@suivi/domain';

/** Where each of our calendar regions sits in date-holidays' country/state codes. */
const REGION_CODES: Record<string, { country: string; state?: string }> = {
  metropole: { country: 'FR' },
  alsace_moselle: { country: 'FR', state: '57' },
  guadeloupe: { country: 'FR', state: 'GP' },
  martinique: { country: 'FR', state: 'MQ' },
  guyane: { country: 'FR', state: 'GF' },
  reunion: { country: 'FR', state: 'RE' },
  mayotte: { country: 'FR', state: 'YT' },
  england_wales: { country: 'GB', state: 'ENG' },
  scotland: { country: 'GB', state: 'SCT' },
  northern_ireland: { country: 'GB', state: 'NIR' },
};

export interface CalendarSpec {
  country: Country;
  region: string;
  /** IANA zone: days begin and end at local midnight there. */
  timeZone: string;
  /** The landlord's own closure days, `YYYY-MM-DD`. */
  closures?: readonly string[];
}

export interface DayOff {
  date: string;
  name: string;
  kind: 'public_holiday' | 'closure';
}

/**
 * Working days and deadlines on a landlord's calendar: weekends, the public holidays of its region (from
 * date-holidays, checked against the official lists in the tests) and its own closure days, all in its
 * time zone, so a day is the local day whatever the DST offset.
 */
export class WorkingCalendar {
  private readonly holidays: Holidays;
  private readonly closures: Set<string>;
  private readonly years = new Map<number, Map<string, string>>();

  constructor(readonly spec: CalendarSpec) {
    const codes = REGION_CODES[spec.region];
    if (!codes || codes.country !== spec.country) {
      throw new Error(`Unknown calendar region ${spec.country}/${spec.region}`);
    }
    this.holidays = codes.state ? new Holidays(codes.country, codes.state) : new Holidays(codes.country);
    this.closures = new Set(spec.closures ?? []);
  }

  /** Public holidays of a year in the region (weekend ones included), by local date. */
  publicHolidays(year: number): Map<string, string> {
    let days = this.years.get(year);
    if (!days) {
      days = new Map();
      for (const holiday of this.holidays.getHolidays(year)) {
        if (holiday.type !== 'public' && holiday.type !== 'bank') continue;
        const date = holiday.date.slice(0, 10);
        if (!days.has(date)) days.set(date, holiday.name);
      }
      this.years.set(year, days);
    }
    return days;
  }

  /** Why a local date is not a working day, or null when it is one (weekends answer null too). */
  dayOff(date: string): DayOff | null {
    if (this.closures.has(date)) return { date, name: 'closure', kind: 'closure' };
    const name = this.publicHolidays(Number(date.slice(0, 4))).get(date);
    return name ? { date, name, kind: 'public_holiday' } : null;
  }

  isWorkingDay(date: string): boolean {
    const weekday = DateTime.fromISO(date, { zone: this.spec.timeZone }).weekday;
    return weekday <= 5 && this.dayOff(date) === null;
  }

  /** The local calendar date of an instant. */
  localDate(at: Date): string {
    return this.local(at).toISODate()!;
  }

  /**
   * The end of the n-th working day after the day of `from` (the day of receipt is never counted), as the
   * instant of the following local midnight.
   */
  addWorkingDays(from: Date, days: number): Date {
    if (!Number.isInteger(days) || days < 0) throw new Error(`working days must be a whole number ≥ 0`);
    let day = this.local(from).startOf('day');
    let counted = 0;
    while (counted < days) {
      day = day.plus({ days: 1 });
      if (this.isWorkingDay(day.toISODate()!)) counted += 1;
    }
    return (days === 0 ? this.local(from) : day.plus({ days: 1 }).startOf('day')).toJSDate();
  }

  /**
   * `hours` later. Calendar hours run round the clock; with `workingDaysOnly` they run only during
   * working days (weekends, holidays and closures pause them).
   */
  addHours(from: Date, hours: number, workingDaysOnly = false): Date {
    if (!workingDaysOnly) return new Date(from.getTime() + hours * 3_600_000);
    let remaining = hours * 3_600_000;
    let cursor = this.local(from);
    for (;;) {
      const endOfDay = cursor.startOf('day').plus({ days: 1 });
      if (this.isWorkingDay(cursor.toISODate()!)) {
        const available = endOfDay.toMillis() - cursor.toMillis();
        if (remaining <= available) return new Date(cursor.toMillis() + remaining);
        remaining -= available;
      }
      cursor = endOfDay;
    }
  }

  /** Working days wholly elapsed between two instants: those strictly after `from`'s day and before `to`'s. */
  workingDaysBetween(from: Date, to: Date): number {
    if (to <= from) return 0;
    let day = this.local(from).startOf('day').plus({ days: 1 });
    const last = this.local(to).startOf('day');
    let count = 0;
    while (day < last) {
      if (this.isWorkingDay(day.toISODate()!)) count += 1;
      day = day.plus({ days: 1 });
    }
    return count;
  }

  private local(at: Date): DateTime {
    return DateTime.fromJSDate(at, { zone: this.spec.timeZone });
  }
}
