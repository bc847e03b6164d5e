import { DateTime } from 'luxon';
import { WorkingCalendar } from './working-calendar';
import type { CalendarSpec } from './working-calendar';

// Official lists, written out by hand (not computed): service-public.fr "jours fériés" for France,
// Code du travail L3134-13 for Alsace-Moselle, the overseas abolition days of décret 83-1003, and
// gov.uk/bank-holidays for the United Kingdom (substitute days as gov.uk lists them).
const FR_METROPOLE: Record<number, string[]> = {
  2024: ['01-01', '04-01', '05-01', '05-08', '05-09', '05-20', '07-14', '08-15', '11-01', '11-11', '12-25'],
  2025: ['01-01', '04-21', '05-01', '05-08', '05-29', '06-09', '07-14', '08-15', '11-01', '11-11', '12-25'],
  2026: ['01-01', '04-06', '05-01', '05-08', '05-14', '05-25', '07-14', '08-15', '11-01', '11-11', '12-25'],
  2027: ['01-01', '03-29', '05-01', '05-06', '05-08', '05-17', '07-14', '08-15', '11-01', '11-11', '12-25'],
};
const GOOD_FRIDAY: Record<number, string> = { 2024: '03-29', 2025: '04-18', 2026: '04-03', 2027: '03-26' };
const OVERSEAS_ABOLITION: Record<string, string> = {
  guadeloupe: '05-27',
  martinique: '05-22',
  guyane: '06-10',
  reunion: '12-20',
  mayotte: '04-27',
};
const UK: Record<string, Record<number, string[]>> = {
  england_wales: {
    2024: ['01-01', '03-29', '04-01', '05-06', '05-27', '08-26', '12-25', '12-26'],
    2025: ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26'],
    2026: ['01-01', '04-03', '04-06', '05-04', '05-25', '08-31', '12-25', '12-28'],
    2027: ['01-01', '03-26', '03-29', '05-03', '05-31', '08-30', '12-27', '12-28'],
  },
  scotland: {
    2024: ['01-01', '01-02', '03-29', '05-06', '05-27', '08-05', '12-02', '12-25', '12-26'],
    2025: ['01-01', '01-02', '04-18', '05-05', '05-26', '08-04', '12-01', '12-25', '12-26'],
    2026: ['01-01', '01-02', '04-03', '05-04', '05-25', '08-03', '11-30', '12-25', '12-28'],
  },
  northern_ireland: {
    2024: ['01-01', '03-18', '03-29', '04-01', '05-06', '05-27', '07-12', '08-26', '12-25', '12-26'],
    2025: ['01-01', '03-17', '04-18', '04-21', '05-05', '05-26', '07-14', '08-25', '12-25', '12-26'],
    2026: ['01-01', '03-17', '04-03', '04-06', '05-04', '05-25', '07-13', '08-31', '12-25', '12-28'],
  },
};

const paris = (spec: Partial<CalendarSpec> = {}) =>
  new WorkingCalendar({ country: 'FR', region: 'metropole', timeZone: 'Europe/Paris', ...spec });

/** Weekdays of a year that are not working days: what a deadline actually skips. */
function weekdaysOff(calendar: WorkingCalendar, year: number): string[] {
  const off: string[] = [];
  for (let day = DateTime.utc(year, 1, 1); day.year === year; day = day.plus({ days: 1 })) {
    const date = day.toISODate()!;
    if (day.weekday <= 5 && !calendar.isWorkingDay(date)) off.push(date);
  }
  return off;
}
const weekdaysOf = (year: number, days: string[]) =>
  days
    .map((d) => `${year}-${d}`)
    .filter((date) => DateTime.fromISO(date).weekday <= 5)
    .sort();

describe('public holidays against the official lists', () => {
  describe.each(Object.keys(FR_METROPOLE).map(Number))('%i', (year) => {
    it('France métropole', () => {
      expect(weekdaysOff(paris(), year)).toEqual(weekdaysOf(year, FR_METROPOLE[year]));
    });

    it('Alsace-Moselle adds Good Friday and 26 December', () => {
      const calendar = paris({ region: 'alsace_moselle' });
      const expected = [...FR_METROPOLE[year], GOOD_FRIDAY[year], '12-26'];
      expect(weekdaysOff(calendar, year)).toEqual(weekdaysOf(year, expected));
    });

    it.each(Object.entries(OVERSEAS_ABOLITION))('%s adds its abolition day', (region, abolition) => {
      const calendar = paris({ region });
      const off = weekdaysOff(calendar, year);
      expect(calendar.dayOff(`${year}-${abolition}`)).toMatchObject({ kind: 'public_holiday' });
      for (const date of weekdaysOf(year, FR_METROPOLE[year])) expect(off).toContain(date);
    });
  });

  describe.each(Object.keys(UK))('United Kingdom: %s', (region) => {
    it.each(Object.keys(UK[region]).map(Number))('%i, substitute days included', (year) => {
      const calendar = new WorkingCalendar({ country: 'GB', region, timeZone: 'Europe/London' });
      expect(weekdaysOff(calendar, year)).toEqual(weekdaysOf(year, UK[region][year]));
    });
  });

  it.each(
    Object.entries(UK).flatMap(([region, years]) => Object.keys(years).map((y) => [region, Number(y)])),
  )(
    'United Kingdom: %s %i lists the days off as gov.uk does (a substitute day, not the weekend it replaces)',
    (region, year) => {
      const calendar = new WorkingCalendar({
        country: 'GB',
        region: region as string,
        timeZone: 'Europe/London',
      });
      const listed = [...calendar.publicHolidays(year as number).keys()].map((date) => date.slice(5)).sort();
      expect(listed).toEqual([...UK[region as string][year as number]].sort());
    },
  );

  it('England and Wales, 2028: New Year’s Day on a Saturday is listed on Monday 3 January only', () => {
    const calendar = new WorkingCalendar({
      country: 'GB',
      region: 'england_wales',
      timeZone: 'Europe/London',
    });
    const listed = calendar.publicHolidays(2028);
    expect(listed.has('2028-01-01')).toBe(false);
    expect(listed.get('2028-01-03')).toBe('New Year’s Day (substitute day)'.replace('’', "'"));
  });

  it('France keeps a holiday on its own date when it falls on a weekend (no substitute days)', () => {
    // 1 May 2027 is a Saturday; 2027-11-01 a Monday.
    expect(paris().publicHolidays(2027).has('2027-05-01')).toBe(true);
  });

  it('refuses a region it does not know, or one of another country', () => {
    expect(
      () => new WorkingCalendar({ country: 'FR', region: 'scotland', timeZone: 'Europe/Paris' }),
    ).toThrow();
    expect(
      () => new WorkingCalendar({ country: 'GB', region: 'wales', timeZone: 'Europe/London' }),
    ).toThrow();
  });
});

describe('working-day arithmetic', () => {
  const at = (iso: string) => new Date(iso);
  const calendar = paris({ closures: ['2026-12-24', '2026-12-31'] });

  it.each([
    // from (local time in the comment)                  days  due (end of the n-th working day, UTC)
    ['2026-11-23T10:00:00+01:00', 1, '2026-11-24T23:00:00.000Z'], // Monday → end of Tuesday
    ['2026-11-27T16:00:00+01:00', 1, '2026-11-30T23:00:00.000Z'], // Friday → end of Monday
    ['2026-11-28T09:00:00+01:00', 1, '2026-11-30T23:00:00.000Z'], // Saturday: counting starts Monday
    ['2026-11-10T09:00:00+01:00', 1, '2026-11-12T23:00:00.000Z'], // Tue; Wed 11 Nov is a holiday
    ['2026-12-23T09:00:00+01:00', 2, '2026-12-29T23:00:00.000Z'], // closure 24, Noël 25, weekend
    ['2026-12-30T09:00:00+01:00', 2, '2027-01-05T23:00:00.000Z'], // closure 31, 1 Jan, weekend: year end
    ['2026-03-27T10:00:00+01:00', 1, '2026-03-30T22:00:00.000Z'], // across the spring DST change
    ['2026-10-23T10:00:00+02:00', 1, '2026-10-26T23:00:00.000Z'], // across the autumn DST change
    ['2026-05-13T12:00:00+02:00', 3, '2026-05-19T22:00:00.000Z'], // Ascension Thursday + weekend
  ])('%s + %i working day(s) is due %s', (from, days, due) => {
    expect(calendar.addWorkingDays(at(from), days).toISOString()).toBe(due);
  });

  it('is due at the local midnight of the landlord’s zone, not the server’s', () => {
    const london = new WorkingCalendar({ country: 'GB', region: 'england_wales', timeZone: 'Europe/London' });
    // Friday 3 April 2026 is Good Friday and Monday 6 Easter Monday in England.
    expect(london.addWorkingDays(at('2026-04-02T12:00:00Z'), 1).toISOString()).toBe(
      '2026-04-07T23:00:00.000Z',
    );
  });

  it('counts calendar hours round the clock, DST included', () => {
    // 24 h from Saturday noon in Paris across the night the clocks go forward: Sunday 13:00 local.
    const due = calendar.addHours(at('2026-03-28T12:00:00+01:00'), 24);
    expect(due.toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(DateTime.fromJSDate(due, { zone: 'Europe/Paris' }).hour).toBe(13);
  });

  it('pauses working-day hours over weekends and holidays', () => {
    // Friday 18:00 + 24 h: 6 h on Friday, weekend skipped, 18 h on Monday → Monday 18:00.
    expect(calendar.addHours(at('2026-11-27T18:00:00+01:00'), 24, true).toISOString()).toBe(
      '2026-11-30T17:00:00.000Z',
    );
  });

  it('counts the working days wholly elapsed', () => {
    const filed = at('2026-12-22T10:00:00+01:00'); // Tuesday
    expect(calendar.workingDaysBetween(filed, at('2026-12-22T18:00:00+01:00'))).toBe(0);
    expect(calendar.workingDaysBetween(filed, at('2026-12-24T10:00:00+01:00'))).toBe(1); // Wed 23
    // 23; 24 closure, 25 Noël, weekend; 28, 29, 30; 31 closure; 1 Jan; weekend; 4 Jan.
    expect(calendar.workingDaysBetween(filed, at('2027-01-05T08:00:00+01:00'))).toBe(5);
    expect(calendar.workingDaysBetween(filed, filed)).toBe(0);
  });

  it('names the day off', () => {
    expect(calendar.dayOff('2026-12-24')).toEqual({ date: '2026-12-24', name: 'closure', kind: 'closure' });
    expect(calendar.dayOff('2026-07-14')).toMatchObject({ kind: 'public_holiday' });
    expect(calendar.dayOff('2026-07-15')).toBeNull();
  });
});

describe('working days between two instants, from the cumulative tables', () => {
  it.each([
    // Wed 23 → Tue 29 Dec 2026: 24 closure, 25 Christmas, weekend; Mon 28 works in France, not in England
    // (Boxing Day's substitute bank holiday).
    ['metropole', 'Europe/Paris', 'FR', 1],
    ['alsace_moselle', 'Europe/Paris', 'FR', 1],
    ['england_wales', 'Europe/London', 'GB', 0],
  ] as const)(
    'matches counting day by day in %s over 2,000 random pairs across 2024–2027',
    (region, timeZone, country, christmasWeek) => {
      const calendar = new WorkingCalendar({ country, region, timeZone, closures: ['2026-12-24'] } as never);
      let seed = 42;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
      const start = Date.parse('2024-01-01T00:00:00Z');
      const span = Date.parse('2027-12-31T00:00:00Z') - start;
      for (let i = 0; i < 2000; i++) {
        const from = new Date(start + random() * span);
        const to = new Date(from.getTime() + random() * 120 * 86_400_000);
        const expected = calendar.countDaysBetween(calendar.localDate(from), calendar.localDate(to));
        if (calendar.workingDaysBetween(from, to) !== expected) {
          throw new Error(`${from.toISOString()} → ${to.toISOString()}: expected ${expected}`);
        }
      }
      expect(
        calendar.workingDaysBetween(
          new Date('2026-12-23T10:00:00+01:00'),
          new Date('2026-12-29T10:00:00+01:00'),
        ),
      ).toBe(christmasWeek);
    },
  );
});

describe('overseas collectivities where social landlords operate', () => {
  // The metropolitan list plus each collectivity's own days (2026): Saint-Martin's abolition day (27 May),
  // Saint-Barthélemy's (9 October, and Good Friday as date-holidays lists it), New Caledonia's citizenship day (24 September), French Polynesia's
  // Gospel arrival (5 March), Good Friday and Matari'i (20 November); Saint-Pierre-et-Miquelon has none.
  it.each<[string, string, string[]]>([
    ['saint_martin', 'America/Marigot', ['05-27']],
    ['saint_barthelemy', 'America/St_Barthelemy', ['04-03', '10-09']],
    ['saint_pierre_et_miquelon', 'America/Miquelon', []],
    ['nouvelle_caledonie', 'Pacific/Noumea', ['09-24']],
    ['polynesie_francaise', 'Pacific/Tahiti', ['03-05', '04-03', '11-20']],
  ])('%s', (region, timeZone, own) => {
    const calendar = new WorkingCalendar({ country: 'FR', region, timeZone } as CalendarSpec);
    expect(weekdaysOff(calendar, 2026)).toEqual(weekdaysOf(2026, [...FR_METROPOLE[2026], ...own]));
  });
});
