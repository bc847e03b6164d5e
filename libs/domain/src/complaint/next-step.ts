import { nextStep } from './transitions';
import type { Action, ComplaintState } from './vocabulary';

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

/**
 * Where a stage-2 review stands, from the complaint's event actions (oldest first): `acknowledge` when the
 * last escalation has not been acknowledged yet, `answer` when it was acknowledged but not answered, null
 * when no review awaits the landlord (never escalated, or the last escalation answered).
 */
export function pendingReview(actions: readonly string[]): 'acknowledge' | 'answer' | null {
  const last = actions.lastIndexOf('escalate');
  if (last < 0) return null;
  const after = actions.slice(last + 1);
  if (after.includes('answer_review')) return null;
  return after.includes('acknowledge_review') ? 'answer' : 'acknowledge';
}

/** What `staffNextAction` reads of a complaint. */
export interface StaffNextFacts {
  state: ComplaintState;
  holdReason: string | null;
  /** The contractor reported the works done since they were (re)ordered. */
  worksReported: boolean;
  /** An appointment slot is on record. */
  hasAppointment: boolean;
  /** A stage-2 review awaiting the landlord (`pendingReview`). */
  review: 'acknowledge' | 'answer' | null;
}

/**
 * The one action staff should take next, read from the lifecycle's `nextStep` (who acts next and what they
 * do) and the complaint's facts, and only if `offered` (the actions that can succeed now, `offeredActions`)
 * holds it:
 * - a stage-2 review awaiting the landlord comes first (it has its own statutory deadline);
 * - on hold: `release` once the wait is over;
 * - received → `acknowledge`; acknowledged → `assign`; works_checked → `close`;
 * - assigned: `check_works` once the contractor reported the works done, `schedule` while no appointment
 *   is booked, otherwise null (the contractor acts next);
 * - closed → null (reopening is done on request, not as a next step).
 */
export function staffNextAction(facts: StaffNextFacts, offered: readonly Action[]): Action | null {
  const candidate = ((): Action | null => {
    if (facts.review === 'acknowledge') return 'acknowledge_review';
    if (facts.review === 'answer') return 'answer_review';
    const step = nextStep(facts.state, facts.holdReason);
    switch (step?.step) {
      case 'give_access':
      case 'resume_after_wait':
        return 'release';
      case 'acknowledge':
        return 'acknowledge';
      case 'assign_contractor':
        return 'assign';
      case 'carry_out_works':
        return facts.worksReported ? 'check_works' : facts.hasAppointment ? null : 'schedule';
      case 'close':
        return 'close';
      default:
        return null;
    }
  })();
  if (candidate && offered.includes(candidate)) return candidate;
  // A review the landlord must deal with but cannot now (never the case for staff): fall back to the flow.
  if (facts.review) return staffNextAction({ ...facts, review: null }, offered);
  return null;
}
