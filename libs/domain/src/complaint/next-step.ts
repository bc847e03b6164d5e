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

/**
 * Where a contractor's work order stands, as their page says it (issue 18, M6):
 * - `to_book`: assigned, no appointment, nothing reported yet;
 * - `booked`: an appointment is booked, works not reported yet;
 * - `reported`: reported done, waiting for the tenant's or the landlord's check (nothing to book or report);
 * - `rework`: the works were contested since this order was issued: back to do (book, then report again);
 * - `checked`: the works are confirmed, the landlord closes the case;
 * - `closed`: the case is closed.
 * `actionsSinceOrder` are the complaint's event actions since the order was issued, oldest first.
 */
export type WorkOrderStage = 'to_book' | 'booked' | 'reported' | 'rework' | 'checked' | 'closed';

export function workOrderStage(
  state: ComplaintState,
  facts: { worksReported: boolean; booked: boolean; actionsSinceOrder: readonly string[] },
): WorkOrderStage {
  switch (state) {
    case 'closed':
      return 'closed';
    case 'works_checked':
      return 'checked';
    default:
      if (facts.worksReported) return 'reported';
      // Not reported now although something was contested since the order: the last word is "redo it".
      if (facts.actionsSinceOrder.includes('reject_works')) return 'rework';
      return facts.booked ? 'booked' : 'to_book';
  }
}
