import { messageFactsFor } from './message-facts';
import type { EventSnapshot } from './message-facts';

const snapshot = (over: Partial<EventSnapshot> = {}): EventSnapshot => ({
  reference: 'ABC123',
  state: 'acknowledged',
  landlordName: 'Habitat Sud',
  timeZone: 'Europe/Paris',
  nextDueAt: '2026-11-27T10:00:00.000Z',
  appointment: null,
  payload: {},
  actions: ['file', 'acknowledge'],
  workOrderId: null,
  ...over,
});

describe('messageFactsFor: what a message tells, fixed when its row is written', () => {
  it('gives the next step and the next deadline the transition stored', () => {
    const facts = messageFactsFor(snapshot(), 'acknowledge');
    expect(facts).toMatchObject({
      reference: 'ABC123',
      state: 'acknowledged',
      landlordName: 'Habitat Sud',
      timeZone: 'Europe/Paris',
      dueBy: '2026-11-27T10:00:00.000Z',
      stage: null,
      workOrderId: null,
    });
    expect(facts.nextStep).not.toBeNull();
  });

  it("a sweep message's date is the deadline in its event, with its stage", () => {
    const facts = messageFactsFor(
      snapshot({ payload: { stage: 'intervene', dueAt: '2026-11-20T08:00:00.000Z' } }),
      'deadline_missed',
    );
    expect(facts.dueBy).toBe('2026-11-20T08:00:00.000Z');
    expect(facts.stage).toBe('intervene');
  });

  it('no urgency, no date; a closed complaint has none either', () => {
    expect(messageFactsFor(snapshot({ nextDueAt: null }), 'acknowledge').dueBy).toBeNull();
    expect(messageFactsFor(snapshot({ state: 'closed', nextDueAt: null }), 'close').dueBy).toBeNull();
  });

  it('works reported done ask the tenant to confirm them, as of the event', () => {
    const assigned = snapshot({ state: 'assigned', actions: ['file', 'acknowledge', 'assign'] });
    const reported = { ...assigned, actions: [...assigned.actions, 'report_done'] };
    expect(messageFactsFor(assigned, 'assign').nextStep).not.toBe('confirm_works');
    expect(messageFactsFor(reported, 'report_done').nextStep).toBe('confirm_works');
  });
});
