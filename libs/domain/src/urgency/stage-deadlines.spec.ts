import {
  NO_STAGE_PROGRESS,
  acknowledgementState,
  holdSpans,
  nextDeadline,
  reviewProgressOf,
  stageProgressOf,
} from './stage-deadlines';
import type { StageEvent } from './stage-deadlines';

const urgency = {
  due: {
    acknowledge: '2026-12-01T10:00:00.000Z',
    intervene: '2026-12-02T10:00:00.000Z',
    resolve: '2026-12-20T10:00:00.000Z',
  },
};

let minute = 0;
/** Events one minute apart, in the order given. */
const history = (...steps: (string | [string, Record<string, unknown>])[]): StageEvent[] =>
  steps.map((step) => {
    minute += 1;
    const [action, payload] = typeof step === 'string' ? [step, {}] : step;
    return { action, payload, at: new Date(Date.UTC(2026, 10, 30, 8, minute)).toISOString() };
  });
const done = (events: StageEvent[]) => {
  const p = stageProgressOf(events);
  return (['acknowledge', 'intervene', 'resolve'] as const).filter((s) => p[s] !== null);
};
const staffCheck: [string, Record<string, unknown>] = ['check_works', { checkedBy: 'agent', visit: true }];
const tenantCheck: [string, Record<string, unknown>] = ['check_works', { checkedBy: 'tenant' }];

describe('stageProgressOf: what completes, and what withdraws, each stage', () => {
  it.each<[string, StageEvent[], string[]]>([
    ['filed', history('file'), []],
    ['acknowledged', history('file', 'acknowledge'), ['acknowledge']],
    ['works reported', history('file', 'acknowledge', 'assign', 'report_done'), ['acknowledge', 'intervene']],
    [
      'a staff visit without a report',
      history('file', 'acknowledge', 'assign', staffCheck),
      ['acknowledge', 'intervene'],
    ],
    [
      'a rejected report',
      history('file', 'acknowledge', 'assign', 'report_done', 'reject_works'),
      ['acknowledge'],
    ],
    [
      'a report, then another contractor',
      history('file', 'acknowledge', 'assign', 'report_done', 'reassign'),
      ['acknowledge'],
    ],
    [
      'closed',
      history('file', 'acknowledge', 'assign', 'report_done', tenantCheck, 'close'),
      ['acknowledge', 'intervene', 'resolve'],
    ],
    [
      'closed then reopened',
      history('file', 'acknowledge', 'assign', 'report_done', tenantCheck, 'close', 'reopen'),
      ['acknowledge'],
    ],
    [
      'closed without works',
      history('file', ['close_without_works', { closeReason: 'duplicate' }]),
      ['acknowledge', 'intervene', 'resolve'],
    ],
    ['a hold and a note', history('file', ['hold', { holdReason: 'parts' }], 'note'), []],
  ])('%s', (_, events, stages) => {
    expect(done(events)).toEqual(stages);
  });

  it('keeps the report that stands, and the rework after a rejection', () => {
    const events = history(
      'file',
      'acknowledge',
      'assign',
      'report_done',
      'reject_works',
      'report_done',
      'report_done',
    );
    expect(stageProgressOf(events).intervene?.toISOString()).toBe(events[5].at);
  });

  it('a tenant confirmation never is the intervention; the report it confirms is', () => {
    const events = history('file', 'acknowledge', 'assign', 'report_done', tenantCheck);
    expect(stageProgressOf(events).intervene?.toISOString()).toBe(events[3].at);
  });
});

describe('nextDeadline', () => {
  const progress = (...steps: string[]) => stageProgressOf(history('file', ...steps));
  it.each([
    ['received', [], 'acknowledge'],
    ['acknowledged', ['acknowledge'], 'intervene'],
    ['assigned', ['acknowledge', 'assign', 'schedule'], 'intervene'],
    ['assigned', ['acknowledge', 'assign', 'report_done'], 'resolve'],
    ['assigned', ['acknowledge', 'assign', 'report_done', 'reject_works'], 'intervene'],
    ['acknowledged', ['acknowledge', 'assign', 'report_done', 'check_works', 'close', 'reopen'], 'intervene'],
  ])('in %s after %j the next stage is %s', (state, steps, expected) => {
    expect(nextDeadline(urgency, state, progress(...steps))?.stage).toBe(expected);
  });

  it('ends when the complaint closes or has no urgency decision', () => {
    expect(nextDeadline(urgency, 'closed', NO_STAGE_PROGRESS)).toBeNull();
    expect(nextDeadline(null, 'received', NO_STAGE_PROGRESS)).toBeNull();
  });

  it('skips a stage the level does not set', () => {
    const noIntervene = { due: { acknowledge: urgency.due.acknowledge, resolve: urgency.due.resolve } };
    expect(nextDeadline(noIntervene, 'acknowledged', progress('acknowledge'))).toEqual({
      stage: 'resolve',
      at: urgency.due.resolve,
    });
  });
});

describe('holds and reviews', () => {
  it('a hold lasts until its release or the closing; only the tenant’s count as tenant delay', () => {
    const events = history(
      'file',
      ['hold', { holdReason: 'tenant_no_access' }],
      'release',
      ['hold', { holdReason: 'parts' }],
      ['close_without_works', { closeReason: 'duplicate' }],
    );
    const spans = holdSpans(events);
    expect(spans.map((s) => [s.reason, s.tenantCaused, s.to?.toISOString()])).toEqual([
      ['tenant_no_access', true, events[2].at],
      ['parts', false, events[4].at],
    ]);
  });

  it('the review of the latest request for one', () => {
    const events = history('file', 'escalate', 'answer_review', 'escalate', 'acknowledge_review');
    const review = reviewProgressOf(events);
    expect(review.startedAt?.toISOString()).toBe(events[3].at);
    expect(review.review_acknowledge?.toISOString()).toBe(events[4].at);
    expect(review.review).toBeNull();
  });
});

describe('acknowledgementState (what partners are told while they wait)', () => {
  const due = { due: { acknowledge: '2026-03-02T10:00:00.000Z', resolve: '2026-03-20T10:00:00.000Z' } };
  const filed = [{ action: 'file', at: '2026-03-02T09:00:00.000Z', payload: {} }];

  it('is due, not late, until the acknowledgement deadline passes', () => {
    const progress = stageProgressOf(filed);
    expect(acknowledgementState(due, 'received', progress, new Date('2026-03-02T09:35:00Z'))).toEqual({
      kind: 'due',
      by: '2026-03-02T10:00:00.000Z',
    });
    expect(acknowledgementState(due, 'received', progress, new Date('2026-03-02T10:00:00Z')).kind).toBe(
      'due',
    );
    expect(acknowledgementState(due, 'received', progress, new Date('2026-03-02T10:00:01Z'))).toEqual({
      kind: 'overdue',
      since: '2026-03-02T10:00:00.000Z',
    });
  });

  it('is answered by an acknowledgement or a closing without works, even a late one', () => {
    const late = new Date('2026-03-05T00:00:00Z');
    for (const action of ['acknowledge', 'close_without_works']) {
      const progress = stageProgressOf([...filed, { action, at: '2026-03-04T08:00:00.000Z', payload: {} }]);
      expect(acknowledgementState(due, 'acknowledged', progress, late)).toEqual({
        kind: 'answered',
        at: '2026-03-04T08:00:00.000Z',
      });
    }
  });

  it('is undated with no urgency decision or no acknowledgement deadline', () => {
    const progress = stageProgressOf(filed);
    const now = new Date('2026-04-01T00:00:00Z');
    expect(acknowledgementState(null, 'received', progress, now)).toEqual({ kind: 'undated' });
    expect(acknowledgementState({ due: { resolve: due.due.resolve } }, 'received', progress, now)).toEqual({
      kind: 'undated',
    });
  });
});
