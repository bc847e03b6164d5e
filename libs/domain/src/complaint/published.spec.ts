import { PUBLISHED_CHANGE_ACTIONS } from './published';
import { TRANSITIONS } from './transitions';
import type { TransitionRule } from './transitions';
import { ACTIONS, ROLES } from './vocabulary';
import { availableActions } from './transitions';

describe('PUBLISHED_CHANGE_ACTIONS', () => {
  it('holds the filing, every state-setting action and the two that change a published field', () => {
    expect(PUBLISHED_CHANGE_ACTIONS).toEqual(
      expect.arrayContaining(['file', 'acknowledge', 'close', 'close_without_works', 'reopen', 'reclassify']),
    );
    for (const action of ['note', 'hold', 'release', 'escalate', 'schedule', 'deadline_missed'] as const) {
      expect(PUBLISHED_CHANGE_ACTIONS).not.toContain(action);
    }
    for (const action of ACTIONS) {
      if ((TRANSITIONS[action] as TransitionRule).to !== null)
        expect(PUBLISHED_CHANGE_ACTIONS).toContain(action);
    }
  });

  it('leaves a closed request’s updated time alone except for a reopening, whoever acts', () => {
    const moving = new Set(
      ROLES.flatMap((role) => availableActions('closed', role)).filter((a) =>
        PUBLISHED_CHANGE_ACTIONS.includes(a),
      ),
    );
    expect([...moving]).toEqual(['reopen']);
  });
});
