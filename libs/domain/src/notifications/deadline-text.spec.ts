import { deadlineText, endsLocalDay } from './templates';

const paris = 'Europe/Paris';

describe('a deadline as a message says it (the page says the same date)', () => {
  it.each([
    // Local midnight ends the day before.
    ['2026-11-30T23:00:00.000Z', 'fr', '30/11'],
    ['2026-11-30T23:00:00.000Z', 'en', '30/11'],
    // An hour-based deadline a few seconds after midnight is that day, with its time (found by a review:
    // filed at 20:00:17 with 4 hours, it read "30/11", a day early for the tenant, 24 hours late for staff).
    ['2026-11-30T23:00:17.000Z', 'fr', '01/12 à 00:00'],
    ['2026-11-30T23:00:17.000Z', 'en', '01/12 at 00:00'],
    // A gas leak filed at 03:04 with 4 hours.
    ['2026-11-30T06:04:00.000Z', 'fr', '30/11 à 07:04'],
  ])('%s (%s) → %s', (at, locale, expected) => {
    expect(deadlineText(new Date(at), locale as 'fr' | 'en', paris)).toBe(expected);
  });

  it('ends a local day only at 00:00:00.000 exactly', () => {
    expect(endsLocalDay(new Date('2026-11-30T23:00:00.000Z'), paris)).toBe(true);
    expect(endsLocalDay(new Date('2026-11-30T23:00:00.001Z'), paris)).toBe(false);
    expect(endsLocalDay(new Date('2026-11-30T23:00:00.000Z'), 'UTC')).toBe(false);
  });
});
