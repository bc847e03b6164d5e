import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import type { Country } from '@suivi/domain';

/** Where each of our calendar regions sits in date-holidays' country/state codes. */
const REGION_CODES: Record<string, { country: string; state?: string; holidays?: string }> = {
  metropole: { country: 'FR' },
  alsace_moselle: { country: 'FR', state: '57' },
  guadeloupe: { country: 'FR', state: 'GP' },
  martinique: { country: 'FR', state: 'MQ' },
  guyane: { country: 'FR', state: 'GF' },
  reunion: { country: 'FR', state: 'RE' },
  mayotte: { country: 'FR', state: 'YT' },
  // Overseas collectivities: date-holidays keeps them as countries of their own.
  saint_martin: { country: 'FR', holidays: 'MF' },
  saint_barthelemy: { country: 'FR', holidays: 'BL' },
  saint_pierre_et_miquelon: { country: 'FR', holidays: 'PM' },
  nouvelle_caledonie: { country: 'FR', holidays: 'NC' },
  polynesie_francaise: { country: 'FR', holidays: 'PF' },
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
/** Years before this one are not counted (no Suivi complaint predates it). */
const CUMULATIVE_BASE_YEAR = 2000;

export class WorkingCalendar {
  private readonly holidays: Holidays;
  private readonly closures: Set<string>;
  private readonly years = new Map<number, Map<string, string>>();
  /** Per year: working days from 1 January through each day of the year (index = day of year − 1). */
  private readonly cumulative = new Map<number, Uint16Array>();
  /** Working days from CUMULATIVE_BASE_YEAR through the end of each year before it. */
  private readonly yearStarts = new Map<number, number>();
  /** Local dates of instants, by quarter hour (offsets change on quarter hours at the finest). */
  private readonly localDates = new Map<number, string>();

  constructor(readonly spec: CalendarSpec) {
    const codes = REGION_CODES[spec.region];
    if (!codes || codes.country !== spec.country) {
      throw new Error(`Unknown calendar region ${spec.country}/${spec.region}`);
    }
    const holidays = codes.holidays ?? codes.country;
    this.holidays = codes.state ? new Holidays(holidays, codes.state) : new Holidays(holidays);
    this.closures = new Set(spec.closures ?? []);
  }

  /**
   * Public holidays of a year in the region, by local date, as the official lists give the days off: a
   * holiday that falls on a weekend is listed on its substitute day when the region has one (England and
   * Wales, Scotland, Northern Ireland: "Christmas Day (substitute day)" on the Monday; source: gov.uk/bank-holidays),
   * and on its own date otherwise (France keeps a Saturday 1 May as 1 May).
   */
  publicHolidays(year: number): Map<string, string> {
    let days = this.years.get(year);
    if (!days) {
      days = new Map();
      const official = this.holidays
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public' || holiday.type === 'bank');
      const substituted = official.filter((h) => h.substitute).map((h) => h.name);
      for (const holiday of official) {
        const replaced =
          !holiday.substitute && substituted.some((name) => name.startsWith(`${holiday.name} (`));
        if (replaced) continue;
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
    // A local calendar date's weekday does not depend on the zone: read it from the date itself.
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && this.dayOff(date) === null;
  }

  /** The local calendar date of an instant. */
  localDate(at: Date): string {
    const bucket = Math.floor(at.getTime() / 900_000);
    let date = this.localDates.get(bucket);
    if (date === undefined) {
      date = this.local(at).toISODate()!;
      if (this.localDates.size > 200_000) this.localDates.clear();
      this.localDates.set(bucket, date);
    }
    return date;
  }

  /** Working days from 1 January CUMULATIVE_BASE_YEAR through `date` (a local date), inclusive. */
  private workingDaysThrough(date: string): number {
    const year = Number(date.slice(0, 4));
    const dayOfYear =
      (Date.UTC(year, Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) - Date.UTC(year, 0, 1)) /
      86_400_000;
    return this.yearStart(year) + this.yearTable(year)[dayOfYear];
  }

  private yearTable(year: number): Uint16Array {
    let table = this.cumulative.get(year);
    if (!table) {
      const days = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
      table = new Uint16Array(days);
      let count = 0;
      for (let i = 0; i < days; i++) {
        if (this.isWorkingDay(new Date(Date.UTC(year, 0, 1 + i)).toISOString().slice(0, 10))) count += 1;
        table[i] = count;
      }
      this.cumulative.set(year, table);
    }
    return table;
  }

  private yearStart(year: number): number {
    if (year <= CUMULATIVE_BASE_YEAR) return 0;
    let start = this.yearStarts.get(year);
    if (start === undefined) {
      const previous = this.yearTable(year - 1);
      start = this.yearStart(year - 1) + previous[previous.length - 1];
      this.yearStarts.set(year, start);
    }
    return start;
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
    const first = this.localDate(from);
    const last = this.localDate(to);
    if (last <= first) return 0;
    if (first < `${CUMULATIVE_BASE_YEAR}-01-01`) return this.countDaysBetween(first, last);
    // Working days in (first, last), from the cumulative counts: O(1) once each year's table is built.
    const count =
      this.workingDaysThrough(last) - (this.isWorkingDay(last) ? 1 : 0) - this.workingDaysThrough(first);
    return Math.max(0, count);
  }

  /** Working days strictly between two local dates, one day at a time (the reference the tables follow). */
  countDaysBetween(first: string, last: string): number {
    let count = 0;
    for (let day = new Date(`${first}T12:00:00Z`); ;) {
      day = new Date(day.getTime() + 86_400_000);
      const date = day.toISOString().slice(0, 10);
      if (date >= last) return count;
      if (this.isWorkingDay(date)) count += 1;
    }
  }

  private local(at: Date): DateTime {
    return DateTime.fromJSDate(at, { zone: this.spec.timeZone });
  }
}
