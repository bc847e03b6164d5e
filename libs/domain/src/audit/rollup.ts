import type { TenantHold } from './metrics';
import { completesStage } from '../urgency/next-due';

/**
 * The audit rollup of one complaint: the facts the reports read, kept up to date event by event.
 *
 * Why per-complaint values and not a monthly rollup table: medians and 90th percentiles cannot be added
 * up from monthly parts, and calendar days are continuous, so a monthly table could not give the exact
 * figures the definitions ask for. Instead each complaint carries, on its own row, what needs the landlord's
 * calendar or the history — working days to each stage, and the documented tenant delay up to each deadline
 * stage — computed once, by the transition that completes the stage. A report is then one SQL aggregate
 * (percentile_cont / percentile_disc, count FILTER) over the complaints of the period, read through the
 * (landlord, filed) index, with no event read and no calendar walked.
 *
 * The live transition, the migration's backfill and the scale seed all call `auditRollupAfter`, so the
 * columns mean the same whoever wrote them.
 */
export interface AuditRollup {
  filedAt: Date;
  /** First acknowledgement. */
  acknowledgedAt: Date | null;
  /** First assignment to a contractor. */
  assignedAt: Date | null;
  /**
   * When the intervention was done: the last report of works done, or else the first staff check on a visit
   * (`completesStage('intervene', …)`); a tenant's confirmation never sets it.
   */
  worksDoneAt: Date | null;
  /** Closing (cleared by a reopening). */
  closedAt: Date | null;
  /** First request for a stage-2 review. */
  escalatedAt: Date | null;
  reopenCount: number;
  urgencyOverridden: boolean;
  /** works, or the close_without_works reason; cleared by a reopening. */
  closeReason: string | null;
  /** Whole working days from filing to each stage (null until reached). */
  acknowledgeWorkingDays: number | null;
  assignWorkingDays: number | null;
  worksDoneWorkingDays: number | null;
  closeWorkingDays: number | null;
  /** Documented tenant delay (ms) from filing until each deadline stage was done (null until done). */
  acknowledgeTenantDelayMs: number | null;
  interveneTenantDelayMs: number | null;
  resolveTenantDelayMs: number | null;
  /** Documented tenant delay (ms) of the holds already ended. */
  tenantDelayMs: number;
  /** Start of the tenant hold in progress, if one is. */
  tenantHoldSince: Date | null;
}

/** The actions of an event the rollup reads. */
export interface RollupEvent {
  action: string;
  at: Date;
  payload: { [key: string]: unknown };
}

/** Hold reasons that are the tenant's doing; parts and landlord_approval are never deducted. */
export const TENANT_HOLD_REASONS: readonly string[] = ['tenant_no_access', 'tenant_request'];
const CLOSING = ['close', 'close_without_works'];

export function newAuditRollup(filedAt: Date): AuditRollup {
  return {
    filedAt,
    acknowledgedAt: null,
    assignedAt: null,
    worksDoneAt: null,
    closedAt: null,
    escalatedAt: null,
    reopenCount: 0,
    urgencyOverridden: false,
    closeReason: null,
    acknowledgeWorkingDays: null,
    assignWorkingDays: null,
    worksDoneWorkingDays: null,
    closeWorkingDays: null,
    acknowledgeTenantDelayMs: null,
    interveneTenantDelayMs: null,
    resolveTenantDelayMs: null,
    tenantDelayMs: 0,
    tenantHoldSince: null,
  };
}

/** Tenant delay so far, counting a hold in progress until `at`. */
export function tenantDelayUntil(r: AuditRollup, at: Date): number {
  return r.tenantDelayMs + (r.tenantHoldSince ? Math.max(0, at.getTime() - r.tenantHoldSince.getTime()) : 0);
}

/**
 * The rollup after one more event of the complaint's history (events in seq order). Pure: the working-day
 * count of the landlord's calendar is passed in.
 */
export function auditRollupAfter(
  r: AuditRollup,
  event: RollupEvent,
  workingDays: (from: Date, to: Date) => number,
): AuditRollup {
  const next = { ...r };
  const at = event.at;
  const sinceFiling = () => workingDays(r.filedAt, at);
  switch (event.action) {
    case 'acknowledge':
      if (!r.acknowledgedAt) {
        next.acknowledgedAt = at;
        next.acknowledgeWorkingDays = sinceFiling();
        next.acknowledgeTenantDelayMs = tenantDelayUntil(r, at);
      }
      break;
    case 'assign':
      if (!r.assignedAt) {
        next.assignedAt = at;
        next.assignWorkingDays = sinceFiling();
      }
      break;
    case 'report_done':
      next.worksDoneAt = at;
      next.worksDoneWorkingDays = sinceFiling();
      next.interveneTenantDelayMs = tenantDelayUntil(r, at);
      break;
    case 'check_works':
      // A staff visit is the intervention when no report came first; a report, when there is one, stands.
      if (!r.worksDoneAt && completesStage('intervene', event)) {
        next.worksDoneAt = at;
        next.worksDoneWorkingDays = sinceFiling();
        next.interveneTenantDelayMs = tenantDelayUntil(r, at);
      }
      break;
    case 'escalate':
      if (!r.escalatedAt) next.escalatedAt = at;
      break;
    case 'reopen':
      next.reopenCount = r.reopenCount + 1;
      next.closeReason = null;
      next.closedAt = null;
      next.closeWorkingDays = null;
      next.resolveTenantDelayMs = null;
      break;
    case 'override_urgency':
      next.urgencyOverridden = true;
      break;
    case 'hold':
      if (TENANT_HOLD_REASONS.includes(String(event.payload.holdReason ?? ''))) next.tenantHoldSince = at;
      break;
    case 'release':
      next.tenantDelayMs = tenantDelayUntil(r, at);
      next.tenantHoldSince = null;
      break;
    default:
      break;
  }
  if (CLOSING.includes(event.action)) {
    next.closeReason = event.action === 'close' ? 'works' : String(event.payload.closeReason);
    next.closedAt = at;
    next.closeWorkingDays = sinceFiling();
    next.resolveTenantDelayMs = tenantDelayUntil(r, at);
    // Closing ends any hold (the state machine clears it).
    next.tenantDelayMs = tenantDelayUntil(r, at);
    next.tenantHoldSince = null;
  }
  return next;
}

/** The rollup of a whole history, from its first event (the filing) on. */
export function auditRollupOf(
  filedAt: Date,
  events: readonly RollupEvent[],
  workingDays: (from: Date, to: Date) => number,
): AuditRollup {
  let r = newAuditRollup(filedAt);
  for (const event of events) r = auditRollupAfter(r, event, workingDays);
  return r;
}

/**
 * Documented tenant holds as intervals, from the history: a hold for tenant_no_access or tenant_request
 * lasts until its release or until the complaint is closed. Used by the reference computation.
 */
export function tenantHoldsOf(events: readonly RollupEvent[]): TenantHold[] {
  const holds: TenantHold[] = [];
  let open: TenantHold | null = null;
  for (const event of events) {
    if (event.action === 'hold') {
      if (TENANT_HOLD_REASONS.includes(String(event.payload.holdReason ?? ''))) {
        open = { from: event.at, to: null };
        holds.push(open);
      }
    } else if ((event.action === 'release' || CLOSING.includes(event.action)) && open) {
      open.to = event.at;
      open = null;
    }
  }
  return holds;
}
