import { ACTIONS, COMPLAINT_STATES, OPEN_STATES, TENANT_CAUSED_HOLDS } from './vocabulary';
import type { Action, ComplaintState, Role } from './vocabulary';

export interface TransitionRule {
  /** States from which the action may be taken. */
  readonly from: readonly ComplaintState[];
  /** The state after the action; `null` when the action records an event and leaves the state as it is. */
  readonly to: ComplaintState | null;
  /** Roles that may take the action. */
  readonly roles: readonly Role[];
}

const STAFF: readonly Role[] = ['agent', 'supervisor'];

/**
 * The complaint lifecycle of DESIGN.md, in one place. Nothing else changes a complaint's state:
 * `applyAction` reads this table and every persistence path goes through `applyAction`.
 */
export const TRANSITIONS = {
  acknowledge: { from: ['received'], to: 'acknowledged', roles: STAFF },
  assign: { from: ['acknowledged'], to: 'assigned', roles: STAFF },
  reassign: { from: ['assigned'], to: 'assigned', roles: STAFF },
  schedule: { from: ['assigned'], to: null, roles: [...STAFF, 'contractor'] },
  report_done: { from: ['assigned'], to: null, roles: ['contractor'] },
  check_works: { from: ['assigned'], to: 'works_checked', roles: [...STAFF, 'tenant'] },
  reject_works: { from: ['assigned'], to: null, roles: [...STAFF, 'tenant'] },
  close: { from: ['works_checked'], to: 'closed', roles: STAFF },
  close_without_works: { from: ['received', 'acknowledged'], to: 'closed', roles: STAFF },
  reopen: { from: ['closed'], to: 'acknowledged', roles: ['tenant', 'partner', ...STAFF] },
  escalate: { from: COMPLAINT_STATES, to: null, roles: ['tenant', 'partner'] },
  hold: { from: OPEN_STATES, to: null, roles: STAFF },
  release: { from: OPEN_STATES, to: null, roles: STAFF },
  note: { from: COMPLAINT_STATES, to: null, roles: ['tenant', 'partner', 'contractor', ...STAFF] },
  override_urgency: { from: OPEN_STATES, to: null, roles: STAFF },
  reclassify: { from: OPEN_STATES, to: null, roles: STAFF },
  // Stage 2 (the tenant asked for a review): the landlord acknowledges it, then answers in writing.
  acknowledge_review: { from: COMPLAINT_STATES, to: null, roles: STAFF },
  answer_review: { from: COMPLAINT_STATES, to: null, roles: STAFF },
} as const satisfies Record<Action, TransitionRule>;

/** Actions a role may take on a complaint in a given state (before action-specific preconditions). */
export function availableActions(state: ComplaintState, role: Role): Action[] {
  return ACTIONS.filter((action) => {
    const rule: TransitionRule = TRANSITIONS[action];
    return rule.from.includes(state) && rule.roles.includes(role);
  });
}

/** Every action the table lets a role take, in any state (before action-specific preconditions). */
export function actionsOfRole(role: Role): Action[] {
  return ACTIONS.filter((action) => (TRANSITIONS[action] as TransitionRule).roles.includes(role));
}

/**
 * What a link holder may do, read from the table: the tenant from the tracking link, the contractor from
 * the work-order link. The JSON API's link routes, the link pages and the link service all check these.
 */
export const TENANT_ACTIONS: readonly Action[] = actionsOfRole('tenant');
export const CONTRACTOR_ACTIONS: readonly Action[] = actionsOfRole('contractor');

export type NextStepActor = 'landlord' | 'contractor' | 'tenant';

/** Who acts next and what they do, as the tenant's page and messages say it. */
export function nextStep(
  state: ComplaintState,
  holdReason: string | null,
): { by: NextStepActor; step: string } | null {
  if ((TENANT_CAUSED_HOLDS as readonly (string | null)[]).includes(holdReason)) {
    return { by: 'tenant', step: 'give_access' };
  }
  if (holdReason) return { by: 'landlord', step: 'resume_after_wait' };
  switch (state) {
    case 'received':
      return { by: 'landlord', step: 'acknowledge' };
    case 'acknowledged':
      return { by: 'landlord', step: 'assign_contractor' };
    case 'assigned':
      return { by: 'contractor', step: 'carry_out_works' };
    case 'works_checked':
      return { by: 'landlord', step: 'close' };
    case 'closed':
      return null;
  }
}
