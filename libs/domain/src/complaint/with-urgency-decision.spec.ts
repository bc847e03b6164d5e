import { applyAction, withUrgencyDecision } from './apply';

describe('withUrgencyDecision', () => {
  it('returns the event committing to the new decision and leaves the draft applyAction built untouched', () => {
    const result = applyAction(
      {
        state: 'acknowledged',
        category: 'heating',
        holdReason: null,
        contractorId: null,
        closedAt: null,
        flags: [],
      },
      { action: 'reclassify', flags: ['gas_smell'], reason: 'Smell of gas' },
      { role: 'agent', id: 'u-1' },
      { now: new Date('2026-01-05T10:00:00Z'), reopenWindowDays: 30 },
    );
    if (!result.ok) throw result.error;
    const draft = result.value.event;
    const decision = { level: 'emergency', ruleIds: ['gas'], ruleSetVersion: 3, flags: ['gas_smell'] };
    const event = withUrgencyDecision(draft, decision);
    expect(event.payload.urgency).toEqual(decision);
    expect(event.payload.flags).toEqual(['gas_smell']);
    expect(draft.payload.urgency).toBeUndefined();
    decision.ruleIds.push('mutated later');
    expect(event.payload.urgency).toEqual({ ...decision, ruleIds: ['gas'] });
  });
});
