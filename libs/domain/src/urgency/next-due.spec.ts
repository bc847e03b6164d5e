import { completesStage, nextDue } from './next-due';

const urgency = {
  due: {
    acknowledge: '2026-12-01T10:00:00.000Z',
    intervene: '2026-12-02T10:00:00.000Z',
    resolve: '2026-12-20T10:00:00.000Z',
  },
};

describe('nextDue', () => {
  it.each([
    ['received', 'file', null, 'acknowledge'],
    ['acknowledged', 'acknowledge', 'acknowledge', 'intervene'],
    ['assigned', 'assign', 'intervene', 'intervene'],
    ['assigned', 'schedule', 'intervene', 'intervene'],
    ['assigned', 'report_done', 'intervene', 'resolve'],
    ['works_checked', 'check_works', 'intervene', 'resolve'],
    ['acknowledged', 'reopen', null, 'intervene'],
    ['received', 'note', 'acknowledge', 'acknowledge'],
  ])('in %s after %s (was %s) the next stage is %s', (state, action, current, expected) => {
    expect(nextDue(urgency, state, action, current as never)?.stage).toBe(expected);
  });

  it('ends when the complaint closes or has no urgency decision', () => {
    expect(nextDue(urgency, 'closed', 'close', 'resolve')).toBeNull();
    expect(nextDue(null, 'received', 'file', null)).toBeNull();
  });

  it('skips a stage the level does not set', () => {
    const noIntervene = { due: { acknowledge: urgency.due.acknowledge, resolve: urgency.due.resolve } };
    expect(nextDue(noIntervene, 'acknowledged', 'acknowledge', 'acknowledge')).toEqual({
      stage: 'resolve',
      at: urgency.due.resolve,
    });
  });
});

describe('completesStage', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['acknowledge', {}, ['acknowledge']],
    ['report_done', {}, ['intervene']],
    ['check_works', { checkedBy: 'tenant' }, []],
    ['check_works', { checkedBy: 'agent', visit: true }, ['intervene']],
    ['check_works', { checkedBy: 'supervisor' }, ['intervene']],
    ['close', {}, ['resolve']],
    ['close_without_works', {}, ['acknowledge', 'intervene', 'resolve']],
    ['note', {}, []],
  ])('%s %j completes %j', (action, payload, stages) => {
    const done = (['acknowledge', 'intervene', 'resolve'] as const).filter((s) =>
      completesStage(s, { action, payload }),
    );
    expect(done).toEqual(stages);
  });
});
