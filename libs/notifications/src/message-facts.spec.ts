import { nextStepAfter } from '@suivi/domain';
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

  it('on hold, the next step is the page’s: the tenant’s access, or the landlord resuming (issue 16)', () => {
    const held = (holdReason: string) =>
      messageFactsFor(snapshot({ state: 'assigned', holdReason }), 'note').nextStep;
    expect(held('tenant_no_access')).toBe(nextStepAfter('assigned', 'tenant_no_access', [])?.step);
    expect(held('parts')).toBe(nextStepAfter('assigned', 'parts', [])?.step);
    expect(held('tenant_no_access')).not.toBe(held('parts'));
  });

  it('a closing tells until when the case can be reopened, with the landlord’s window', () => {
    const closed = snapshot({ state: 'closed', closedAt: '2026-11-30T09:48:00.000Z', reopenWindowDays: 30 });
    expect(messageFactsFor(closed, 'close').reopenableUntil).toBe('2026-12-30T09:48:00.000Z');
    expect(messageFactsFor(snapshot(), 'acknowledge').reopenableUntil).toBeNull();
  });
});
