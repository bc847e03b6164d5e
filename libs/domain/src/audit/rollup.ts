import type { TenantHold } from './metrics';
import { holdSpans, isTenantCausedHold, stageProgressAfter } from '../urgency/stage-deadlines';
import type { StageProgress } from '../urgency/stage-deadlines';

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
  /** When the acknowledge stage was done (`stageProgressAfter`: first acknowledgement, or closing without works). */
  acknowledgedAt: Date | null;
  /** First assignment to a contractor. */
  assignedAt: Date | null;
  /**
   * When the intervene stage was done (`stageProgressAfter`): the report of works that stands, or a staff
   * check on a visit; cleared when the works are withdrawn (rejected, reassigned, reopened).
   */
  worksDoneAt: Date | null;
  /** When the resolve stage was done: the closing (cleared by a reopening). */
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

/** The stages done, as the rollup records them (its columns are the domain's `StageProgress`). */
export function stageProgressOfRollup(r: AuditRollup): StageProgress {
  return { acknowledge: r.acknowledgedAt, intervene: r.worksDoneAt, resolve: r.closedAt };
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
  // The stages: one definition, the domain's (what completes, and what withdraws, each of them).
  const before = stageProgressOfRollup(r);
  const after = stageProgressAfter(before, event);
  if (after.acknowledge !== before.acknowledge) {
    next.acknowledgedAt = after.acknowledge;
    next.acknowledgeWorkingDays = sinceFiling();
    next.acknowledgeTenantDelayMs = tenantDelayUntil(r, at);
  }
  if (after.intervene !== before.intervene) {
    next.worksDoneAt = after.intervene;
    next.worksDoneWorkingDays = after.intervene ? sinceFiling() : null;
    next.interveneTenantDelayMs = after.intervene ? tenantDelayUntil(r, at) : null;
  }
  if (after.resolve !== before.resolve) {
    next.closedAt = after.resolve;
    next.closeWorkingDays = after.resolve ? sinceFiling() : null;
    next.resolveTenantDelayMs = after.resolve ? tenantDelayUntil(r, at) : null;
  }
  switch (event.action) {
    case 'assign':
      if (!r.assignedAt) {
        next.assignedAt = at;
        next.assignWorkingDays = sinceFiling();
      }
      break;
    case 'escalate':
      if (!r.escalatedAt) next.escalatedAt = at;
      break;
    case 'reopen':
      next.reopenCount = r.reopenCount + 1;
      next.closeReason = null;
      break;
    case 'override_urgency':
      next.urgencyOverridden = true;
      break;
    case 'hold':
      if (isTenantCausedHold(String(event.payload.holdReason ?? ''))) next.tenantHoldSince = at;
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
 * Documented tenant holds as intervals, from the history (`holdSpans`: a hold lasts until its release or
 * the closing), the tenant-caused ones only. Used by the reference computation.
 */
export function tenantHoldsOf(events: readonly RollupEvent[]): TenantHold[] {
  return holdSpans(events)
    .filter((span) => span.tenantCaused)
    .map((span) => ({ from: span.from, to: span.to }));
}
