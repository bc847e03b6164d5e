import { FRANCE_PRESET, evaluateUrgency } from '@suivi/domain';
import { dueDate, stageClock } from './clocks';
import { WorkingCalendar } from './working-calendar';

const paris = new WorkingCalendar({ country: 'FR', region: 'metropole', timeZone: 'Europe/Paris' });
const at = (iso: string) => new Date(iso);

describe('due dates', () => {
  const filed = at('2026-11-27T16:00:00+01:00'); // Friday

  it.each([
    [{ amount: 24, unit: 'hours' as const }, '2026-11-28T15:00:00.000Z'],
    [{ amount: 24, unit: 'hours' as const, workingDaysOnly: true }, '2026-11-30T15:00:00.000Z'],
    [{ amount: 1, unit: 'working_days' as const }, '2026-11-30T23:00:00.000Z'],
    [{ amount: 90, unit: 'days' as const }, '2027-02-25T15:00:00.000Z'],
  ])('%j → %s', (deadline, due) => {
    expect(dueDate(paris, filed, deadline).toISOString()).toBe(due);
  });

  it('gives a gas smell filed on a Friday evening a Saturday deadline to intervene', () => {
    const decision = evaluateUrgency(FRANCE_PRESET, {
      category: 'gas',
      flags: [],
      description: 'Odeur de gaz',
      localDate: '2026-11-27',
    });
    expect(dueDate(paris, at('2026-11-27T19:00:00+01:00'), decision.deadlines.intervene!).toISOString()).toBe(
      '2026-11-28T18:00:00.000Z',
    );
  });
});

describe('stage clocks', () => {
  const started = at('2026-11-02T09:00:00+01:00'); // Monday
  const fiveDays = { amount: 5, unit: 'working_days' as const }; // due end of Mon 9 (Wed 11 Nov is later)

  it('runs, then is met or missed', () => {
    const due = '2026-11-09T23:00:00.000Z';
    expect(
      stageClock(paris, 'acknowledge', fiveDays, started, null, at('2026-11-05T12:00:00Z')),
    ).toMatchObject({
      state: 'running',
      dueAt: due,
      elapsedWorkingDays: 2,
    });
    expect(
      stageClock(
        paris,
        'acknowledge',
        fiveDays,
        started,
        at('2026-11-09T17:00:00Z'),
        at('2026-12-01T00:00:00Z'),
      ),
    ).toMatchObject({ state: 'met', elapsedWorkingDays: 4 });
    expect(
      stageClock(paris, 'acknowledge', fiveDays, started, null, at('2026-11-10T08:00:00Z')),
    ).toMatchObject({
      state: 'missed',
      elapsedWorkingDays: 5,
    });
  });

  it('never stops for a hold, but nets out the tenant’s own delay', () => {
    const holds = [
      { from: at('2026-11-03T10:00:00Z'), to: at('2026-11-06T10:00:00Z'), cause: 'tenant' as const }, // Wed 4, Thu 5
      { from: at('2026-11-06T10:00:00Z'), to: at('2026-11-10T10:00:00Z'), cause: 'landlord' as const }, // parts
    ];
    const clock = stageClock(paris, 'intervene', fiveDays, started, null, at('2026-11-12T12:00:00Z'), holds);
    // Tue 3, Wed 4, Thu 5, Fri 6, Mon 9, Tue 10 (Wed 11 is Armistice): 6 wholly elapsed.
    expect(clock).toMatchObject({
      state: 'missed',
      elapsedWorkingDays: 6,
      elapsedWorkingDaysNetOfTenantDelay: 4,
    });
  });
});
