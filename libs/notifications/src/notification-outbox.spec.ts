import { daytime } from './notification-outbox';

describe('daytime: when a non-urgent SMS may go', () => {
  it.each([
    ['2026-11-23T12:00:00Z', 'Europe/Paris', '2026-11-23T12:00:00.000Z'], // 13:00 in Paris: now
    ['2026-11-23T06:59:00Z', 'Europe/Paris', '2026-11-23T07:00:00.000Z'], // 07:59 → 08:00 the same day
    ['2026-11-23T20:00:00Z', 'Europe/Paris', '2026-11-24T07:00:00.000Z'], // 21:00 → 08:00 tomorrow
    ['2026-11-23T23:30:00Z', 'Europe/Paris', '2026-11-24T07:00:00.000Z'], // 00:30 → 08:00 that morning
    ['2026-03-28T21:00:00Z', 'Europe/Paris', '2026-03-29T06:00:00.000Z'], // over the spring DST change
    ['2026-06-30T21:30:00Z', 'Europe/London', '2026-07-01T07:00:00.000Z'], // 22:30 BST → 08:00 BST
    ['2026-11-23T10:00:00Z', 'America/Martinique', '2026-11-23T12:00:00.000Z'], // 06:00 → 08:00
  ])('%s in %s → %s', (at, zone, expected) => {
    expect(daytime(new Date(at), zone).toISOString()).toBe(expected);
  });
});
