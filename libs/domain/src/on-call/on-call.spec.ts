import { minutesOfDay } from '../local-time';
import { DEFAULT_OFFICE_HOURS, alertBatch, isOfficeTime } from './on-call';
import { renderMessage } from '../notifications/templates';
import type { RotaMember } from './on-call';

describe('office hours (landlord local time)', () => {
  const paris = 'Europe/Paris';
  it.each([
    // Monday 30 Nov 2026, Paris is UTC+1.
    ['Monday 08:29 Paris', '2026-11-30T07:29:00Z', false],
    ['Monday 08:30 Paris (opening)', '2026-11-30T07:30:00Z', true],
    ['Monday 17:59 Paris', '2026-11-30T16:59:00Z', true],
    ['Monday 18:00 Paris (closing)', '2026-11-30T17:00:00Z', false],
    ['Monday 03:04 Paris (night)', '2026-11-30T02:04:00Z', false],
    ['Saturday noon', '2026-12-05T11:00:00Z', false],
    ['Sunday noon', '2026-12-06T11:00:00Z', false],
    // Summer time: 08:30 Paris is 06:30 UTC.
    ['Wednesday 08:30 Paris in summer', '2026-07-01T06:30:00Z', true],
    ['Wednesday 07:30 Paris in summer (06:30 would be office time in UTC+1)', '2026-07-01T05:30:00Z', false],
  ])('%s → %s', (_what, at, expected) => {
    expect(isOfficeTime(new Date(at), DEFAULT_OFFICE_HOURS, paris)).toBe(expected);
  });

  it('a day off of the calendar is outside office hours, all day', () => {
    const christmas = (d: string) => d !== '2026-12-25';
    expect(isOfficeTime(new Date('2026-12-25T10:00:00Z'), DEFAULT_OFFICE_HOURS, paris, christmas)).toBe(
      false,
    );
    expect(isOfficeTime(new Date('2026-12-24T10:00:00Z'), DEFAULT_OFFICE_HOURS, paris, christmas)).toBe(true);
  });

  it('reads the local day, not the UTC one (23:30 UTC Sunday is Monday 00:30 in Paris)', () => {
    const allDay = { days: [1], start: '00:00', end: '23:59' };
    expect(isOfficeTime(new Date('2026-11-29T23:30:00Z'), allDay, paris)).toBe(true);
    expect(isOfficeTime(new Date('2026-11-29T23:30:00Z'), allDay, 'UTC')).toBe(false);
  });

  it('24:00 closes at the end of the day: the last minute is office time too', () => {
    const wholeDay = { days: [1], start: '00:00', end: '24:00' };
    expect(isOfficeTime(new Date('2026-11-30T22:59:30Z'), wholeDay, paris)).toBe(true);
    expect(isOfficeTime(new Date('2026-11-30T23:00:00Z'), wholeDay, paris)).toBe(false);
  });

  it('hours that cannot be read are never office hours (the emergency still reaches someone)', () => {
    expect(
      isOfficeTime(new Date('2026-11-30T10:00:00Z'), { days: [1], start: '18:00', end: '08:00' }, paris),
    ).toBe(false);
    expect(
      isOfficeTime(new Date('2026-11-30T10:00:00Z'), { days: [1], start: '8h', end: '18:00' }, paris),
    ).toBe(false);
  });

  it.each([
    ['00:00', 0],
    ['23:59', 1439],
    ['24:00', 1440],
    ['24:01', null],
    ['8:30', null],
    ['08:60', null],
    ['08:00 ', null],
  ])('minutesOfDay(%s) = %s', (value, expected) => {
    expect(minutesOfDay(value)).toBe(expected);
  });
});

describe('who an alert of each level goes to', () => {
  const rota: RotaMember[] = [
    { id: 'second', role: 'on_call', position: 2 },
    { id: 'boss', role: 'supervisor', position: 0 },
    { id: 'first', role: 'on_call', position: 1 },
  ];
  const ids = (members: RotaMember[]) => members.map((m) => m.id);

  it('level 1: the first on call only; level 2: the second and the supervisor; then nobody', () => {
    expect(ids(alertBatch(rota, 1, false))).toEqual(['first']);
    expect(ids(alertBatch(rota, 2, false))).toEqual(['second', 'boss']);
    expect(ids(alertBatch(rota, 3, true))).toEqual([]);
  });

  it('the supervisor is alerted once; a rota of one person and a supervisor escalates to the supervisor', () => {
    expect(ids(alertBatch(rota, 2, true))).toEqual(['second']);
    const small: RotaMember[] = [rota[1], rota[2]];
    expect(ids(alertBatch(small, 2, false))).toEqual(['boss']);
  });

  it('a rota with only a supervisor alerts the supervisor at once', () => {
    expect(ids(alertBatch([rota[1]], 1, false))).toEqual(['boss']);
  });
});

describe('the on-call messages', () => {
  const facts = (template: string) => ({
    template,
    reference: '7KQ2-M9XD-4HTPC',
    landlordName: 'Habitat',
    nextStep: 'acknowledge',
    dueBy: new Date('2026-11-30T06:04:00Z'),
    appointment: null,
    stage: null,
    link: 'https://suivi.example/a/AbCdEfGhIjKlMnOpQrStUv',
    timeZone: 'Europe/Paris',
  });

  it('say emergency, the deadline with its time, and ask to acknowledge by the link (SMS and e-mail)', () => {
    const sms = renderMessage('on_call', 'sms', 'fr', facts('on_call_alerted'));
    expect(sms.text).toBe(
      'ASTREINTE 7KQ2-M9XD-4HTPC : urgence, échéance 30/11 à 07:04. Confirmez : https://suivi.example/a/AbCdEfGhIjKlMnOpQrStUv',
    );
    const escalated = renderMessage('on_call', 'email', 'en', facts('on_call_escalated'));
    expect(escalated.subject).toBe('[7KQ2-M9XD-4HTPC] ON CALL emergency NOT TAKEN, due 30/11 at 07:04.');
    expect(escalated.text).toContain('See the emergency and acknowledge: https://suivi.example/a/');
    expect(escalated.text).toContain('the next person and the supervisor will be alerted');
  });
});
