import { offeredActions } from './apply';
import type { ComplaintSnapshot } from './apply';
import { pendingReview, staffNextAction } from './next-step';
import type { StaffNextFacts } from './next-step';
import { COMPLAINT_STATES } from './vocabulary';
import type { ComplaintState } from './vocabulary';

const now = new Date('2026-11-30T10:00:00Z');
const policy = { now, reopenWindowDays: 30 };

/** The complaint's facts, and the action staff are shown first given what the lifecycle offers an agent. */
function next(state: ComplaintState, facts: Partial<StaffNextFacts & ComplaintSnapshot> = {}) {
  const snapshot: ComplaintSnapshot = {
    state,
    category: 'heating',
    holdReason: (facts.holdReason as ComplaintSnapshot['holdReason']) ?? null,
    contractorId: state === 'assigned' ? 'c1' : null,
    closedAt: facts.closedAt ?? (state === 'closed' ? new Date(now.getTime() - 86_400_000) : null),
    worksReported: facts.worksReported ?? false,
  };
  const offered = offeredActions(snapshot, 'agent', policy).actions;
  const action = staffNextAction(
    {
      state,
      holdReason: snapshot.holdReason,
      worksReported: snapshot.worksReported ?? false,
      hasAppointment: facts.hasAppointment ?? false,
      review: facts.review ?? null,
    },
    offered,
  );
  return { action, offered };
}

describe('staffNextAction: the one action the agent’s page puts first', () => {
  it.each([
    ['received', {}, 'acknowledge'],
    ['acknowledged', {}, 'assign'],
    ['assigned', {}, 'schedule'],
    ['assigned', { hasAppointment: true }, null],
    ['assigned', { hasAppointment: true, worksReported: true }, 'check_works'],
    ['assigned', { worksReported: true }, 'check_works'],
    ['works_checked', {}, 'close'],
    ['closed', {}, null],
    ['acknowledged', { holdReason: 'parts' }, 'release'],
    ['assigned', { holdReason: 'tenant_no_access' }, 'release'],
    ['assigned', { review: 'acknowledge' }, 'acknowledge_review'],
    ['closed', { review: 'answer' }, 'answer_review'],
  ] as [ComplaintState, Partial<StaffNextFacts & ComplaintSnapshot>, string | null][])(
    '%s %j → %s',
    (state, facts, expected) => {
      expect(next(state, facts).action).toBe(expected);
    },
  );

  it('is always one of the actions the lifecycle offers now, in every state', () => {
    for (const state of COMPLAINT_STATES) {
      for (const worksReported of [false, true]) {
        for (const hasAppointment of [false, true]) {
          const { action, offered } = next(state, { worksReported, hasAppointment });
          if (action) expect(offered).toContain(action);
        }
      }
    }
  });

  it('offers nothing first on a closed case past its reopen window', () => {
    const { action, offered } = next('closed', { closedAt: new Date(now.getTime() - 40 * 86_400_000) });
    expect(offered).not.toContain('reopen');
    expect(action).toBeNull();
  });
});

describe('pendingReview', () => {
  it.each([
    [[], null],
    [['file', 'escalate'], 'acknowledge'],
    [['file', 'escalate', 'acknowledge_review'], 'answer'],
    [['file', 'escalate', 'acknowledge_review', 'answer_review'], null],
    [['file', 'escalate', 'acknowledge_review', 'answer_review', 'escalate'], 'acknowledge'],
  ] as [string[], string | null][])('%j → %s', (actions, expected) => {
    expect(pendingReview(actions)).toBe(expected);
  });
});
