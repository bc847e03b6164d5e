import { nextStep } from './transitions';
import type { ComplaintState } from './vocabulary';

/** Events after which works reported done no longer await the tenant's confirmation. */
const WORKS_RESET = ['assign', 'reassign', 'reject_works', 'reopen', 'check_works', 'close'];

/** Whether the last word on the works, in these event actions (oldest first), is "reported done". */
export function worksReported(actions: readonly string[]): boolean {
  for (let i = actions.length - 1; i >= 0; i--) {
    if (actions[i] === 'report_done') return true;
    if (WORKS_RESET.includes(actions[i])) return false;
  }
  return false;
}

/**
 * The next step as the tenant is told it, on the tracking page and in every message (issue 14, J3): the
 * state machine's nextStep, except that once the contractor reported the works done the tenant is asked to
 * confirm them (not told "works" again). `actions` are the complaint's event actions up to the moment the
 * page or message describes, oldest first.
 */
export function nextStepAfter(
  state: ComplaintState,
  holdReason: string | null,
  actions: readonly string[],
): ReturnType<typeof nextStep> {
  const step = nextStep(state, holdReason);
  if (step?.step === 'carry_out_works' && worksReported(actions))
    return { by: 'tenant', step: 'confirm_works' };
  return step;
}
