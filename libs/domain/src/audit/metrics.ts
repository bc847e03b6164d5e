import type { Stage } from '../urgency/rules';

/**
 * The audit metrics, defined once (docs/metrics.md explains them to federations). Inputs are the facts each
 * complaint row carries; working days come from the landlord's calendar, passed in as a function so the
 * definitions stay pure.
 */
export interface ComplaintFacts {
  filedAt: Date;
  acknowledgedAt: Date | null;
  assignedAt: Date | null;
  worksDoneAt: Date | null;
  closedAt: Date | null;
  /** Due dates recorded at intake (or after an override / reclassification). */
  due: Partial<Record<Stage, string>>;
  closeReason: string | null;
  reopenCount: number;
  escalated: boolean;
  urgencyOverridden: boolean;
  rating: number | null;
  partnerFiled: boolean;
  /**
   * Documented holds caused by the tenant (no access, the tenant asked), from hold to release or closing
   * (`to` null: still on hold). Holds for parts or the landlord's own approval are never listed here.
   */
  tenantHolds?: readonly TenantHold[];
}

export interface TenantHold {
  from: Date;
  to: Date | null;
}

export interface MetricContext {
  now: Date;
  workingDays: (from: Date, to: Date) => number;
  /** Homes of the landlord (or agency / residence) reported on; null when unknown. */
  homes: number | null;
}

export interface Durations {
  count: number;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
  medianCalendarDays: number | null;
  p90CalendarDays: number | null;
}

export interface Share {
  met: number;
  missed: number;
  /** met / (met + missed); stages neither done nor yet due are left out. null with nothing to count. */
  share: number | null;
}

export interface DeadlineShare extends Share {
  /**
   * The same, with the time the complaint spent on a documented tenant hold (until the stage was done, or
   * until now) added to the deadline. Never better than the statutory figure for the landlord's own waits.
   */
  netOfTenantDelay: Share;
}

export const TIME_TO_STAGES = ['acknowledge', 'assign', 'worksDone', 'close'] as const;
export type TimeToStage = (typeof TIME_TO_STAGES)[number];
export const DEADLINE_STAGES = ['acknowledge', 'intervene', 'resolve'] as const;
export type DeadlineStage = (typeof DEADLINE_STAGES)[number];
export const AGE_BANDS = ['0-7', '8-30', '31-90', '91+'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface MetricReport {
  volume: number;
  ratePer1000Homes: number | null;
  timeTo: Record<TimeToStage, Durations>;
  withinDeadline: Record<DeadlineStage, DeadlineShare>;
  backlog: { open: number; overdue: number; ageDays: Record<AgeBand, number> };
  rates: {
    reopen: number | null;
    escalation: number | null;
    urgencyOverride: number | null;
    tenantResponsibility: number | null;
  };
  satisfaction: { average: number | null; responseRate: number | null };
  partner: { filed: number; acknowledged: number; medianWorkingDaysToAcknowledge: number | null };
}

/**
 * What a report is made of before rounding: counts, and the median / 90th percentile of each stage's time in
 * whole working days and in milliseconds. `aggregateFacts` computes them from complaint facts in memory;
 * the audit service computes the very same values with SQL aggregates over the rollup columns; both end
 * in `reportFromAggregates`, so rounding and shares are written once.
 */
export interface StageAggregate {
  count: number;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface DeadlineAggregate {
  met: number;
  missed: number;
  metNet: number;
  missedNet: number;
}

export interface MetricAggregates {
  volume: number;
  timeTo: Record<TimeToStage, StageAggregate>;
  withinDeadline: Record<DeadlineStage, DeadlineAggregate>;
  open: number;
  overdue: number;
  ageDays: Record<AgeBand, number>;
  reopened: number;
  escalated: number;
  overridden: number;
  closed: number;
  closedTenantResponsibility: number;
  rated: number;
  ratingSum: number;
  partnerFiled: number;
  partnerAcknowledged: number;
  partnerMedianWorkingDaysToAcknowledge: number | null;
}

export const DAY_MS = 86_400_000;

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Nearest rank: the smallest value with at least p % of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (n: number | null, digits = 2): number | null =>
  n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits;
const share = (part: number, whole: number): number | null => (whole === 0 ? null : round(part / whole, 4));

/**
 * Time a complaint spent on documented tenant holds between `start` and `end` (a hold still running counts
 * until `end`): what the "net of documented tenant delay" figures add to a deadline.
 */
export function tenantDelayMs(holds: readonly TenantHold[], start: Date, end: Date): number {
  let ms = 0;
  for (const hold of holds) {
    const from = Math.max(hold.from.getTime(), start.getTime());
    const to = Math.min(hold.to ? hold.to.getTime() : end.getTime(), end.getTime());
    if (to > from) ms += to - from;
  }
  return ms;
}

/** Whether a stage due at `dueAt` counts as met (true), missed (false) or not yet (null), raw and net. */
export function deadlineOutcome(
  dueAt: number,
  doneAt: Date | null,
  now: Date,
  delayMs: number,
): { raw: boolean | null; net: boolean | null } {
  if (doneAt) return { raw: doneAt.getTime() <= dueAt, net: doneAt.getTime() - delayMs <= dueAt };
  return {
    raw: now.getTime() > dueAt ? false : null,
    net: now.getTime() - delayMs > dueAt ? false : null,
  };
}

const STAGE_DONE: Record<TimeToStage, (f: ComplaintFacts) => Date | null> = {
  acknowledge: (f) => f.acknowledgedAt,
  assign: (f) => f.assignedAt,
  worksDone: (f) => f.worksDoneAt,
  close: (f) => f.closedAt,
};
const DEADLINE_DONE: Record<DeadlineStage, (f: ComplaintFacts) => Date | null> = {
  acknowledge: (f) => f.acknowledgedAt,
  intervene: (f) => f.worksDoneAt,
  resolve: (f) => f.closedAt,
};

function stageAggregate(
  facts: readonly ComplaintFacts[],
  pick: (f: ComplaintFacts) => Date | null,
  ctx: MetricContext,
): StageAggregate {
  const working: number[] = [];
  const ms: number[] = [];
  for (const f of facts) {
    const at = pick(f);
    if (!at) continue;
    working.push(ctx.workingDays(f.filedAt, at));
    ms.push(at.getTime() - f.filedAt.getTime());
  }
  return {
    count: working.length,
    medianWorkingDays: median(working),
    p90WorkingDays: percentile(working, 90),
    medianMs: median(ms),
    p90Ms: percentile(ms, 90),
  };
}

function deadlineAggregate(
  facts: readonly ComplaintFacts[],
  stage: DeadlineStage,
  now: Date,
): DeadlineAggregate {
  const counts: DeadlineAggregate = { met: 0, missed: 0, metNet: 0, missedNet: 0 };
  for (const f of facts) {
    const due = f.due[stage];
    if (!due) continue;
    const done = DEADLINE_DONE[stage](f);
    const delay = tenantDelayMs(f.tenantHolds ?? [], f.filedAt, done ?? now);
    const { raw, net } = deadlineOutcome(Date.parse(due), done, now, delay);
    if (raw === true) counts.met += 1;
    else if (raw === false) counts.missed += 1;
    if (net === true) counts.metNet += 1;
    else if (net === false) counts.missedNet += 1;
  }
  return counts;
}

/** The report's raw values from complaint facts in memory: the reference computation. */
export function aggregateFacts(facts: readonly ComplaintFacts[], ctx: MetricContext): MetricAggregates {
  const ageDays: Record<AgeBand, number> = { '0-7': 0, '8-30': 0, '31-90': 0, '91+': 0 };
  let open = 0;
  let overdue = 0;
  let closed = 0;
  let closedTenantResponsibility = 0;
  let rated = 0;
  let ratingSum = 0;
  const partnerAck: number[] = [];
  for (const f of facts) {
    if (f.closedAt !== null) {
      closed += 1;
      if (f.closeReason === 'tenant_responsibility') closedTenantResponsibility += 1;
      if (f.rating !== null) {
        rated += 1;
        ratingSum += f.rating;
      }
      continue;
    }
    open += 1;
    const age = (ctx.now.getTime() - f.filedAt.getTime()) / DAY_MS;
    ageDays[age <= 7 ? '0-7' : age <= 30 ? '8-30' : age <= 90 ? '31-90' : '91+'] += 1;
    if (
      DEADLINE_STAGES.some((stage) => {
        const due = f.due[stage];
        return !DEADLINE_DONE[stage](f) && due && Date.parse(due) < ctx.now.getTime();
      })
    ) {
      overdue += 1;
    }
  }
  const partner = facts.filter((f) => f.partnerFiled);
  for (const f of partner) {
    if (f.acknowledgedAt) partnerAck.push(ctx.workingDays(f.filedAt, f.acknowledgedAt));
  }
  return {
    volume: facts.length,
    timeTo: {
      acknowledge: stageAggregate(facts, STAGE_DONE.acknowledge, ctx),
      assign: stageAggregate(facts, STAGE_DONE.assign, ctx),
      worksDone: stageAggregate(facts, STAGE_DONE.worksDone, ctx),
      close: stageAggregate(facts, STAGE_DONE.close, ctx),
    },
    withinDeadline: {
      acknowledge: deadlineAggregate(facts, 'acknowledge', ctx.now),
      intervene: deadlineAggregate(facts, 'intervene', ctx.now),
      resolve: deadlineAggregate(facts, 'resolve', ctx.now),
    },
    open,
    overdue,
    ageDays,
    reopened: facts.filter((f) => f.reopenCount > 0).length,
    escalated: facts.filter((f) => f.escalated).length,
    overridden: facts.filter((f) => f.urgencyOverridden).length,
    closed,
    closedTenantResponsibility,
    rated,
    ratingSum,
    partnerFiled: partner.length,
    partnerAcknowledged: partnerAck.length,
    partnerMedianWorkingDaysToAcknowledge: median(partnerAck),
  };
}

/** Rounding and shares, once for both ways of aggregating. */
export function reportFromAggregates(a: MetricAggregates, homes: number | null): MetricReport {
  // Calendar days from milliseconds at the very end: the median of two middle values in ms is exact, so
  // the in-memory and SQL computations cannot differ by a rounding of the last bit.
  const days = (ms: number | null) => (ms === null ? null : round(ms / DAY_MS));
  const durations = (s: StageAggregate): Durations => ({
    count: s.count,
    medianWorkingDays: round(s.medianWorkingDays),
    p90WorkingDays: round(s.p90WorkingDays),
    medianCalendarDays: days(s.medianMs),
    p90CalendarDays: days(s.p90Ms),
  });
  const deadline = (d: DeadlineAggregate): DeadlineShare => ({
    met: d.met,
    missed: d.missed,
    share: share(d.met, d.met + d.missed),
    netOfTenantDelay: { met: d.metNet, missed: d.missedNet, share: share(d.metNet, d.metNet + d.missedNet) },
  });
  return {
    volume: a.volume,
    ratePer1000Homes: homes ? round((a.volume / homes) * 1000) : null,
    timeTo: {
      acknowledge: durations(a.timeTo.acknowledge),
      assign: durations(a.timeTo.assign),
      worksDone: durations(a.timeTo.worksDone),
      close: durations(a.timeTo.close),
    },
    withinDeadline: {
      acknowledge: deadline(a.withinDeadline.acknowledge),
      intervene: deadline(a.withinDeadline.intervene),
      resolve: deadline(a.withinDeadline.resolve),
    },
    backlog: { open: a.open, overdue: a.overdue, ageDays: { ...a.ageDays } },
    rates: {
      reopen: share(a.reopened, a.volume),
      escalation: share(a.escalated, a.volume),
      urgencyOverride: share(a.overridden, a.volume),
      tenantResponsibility: share(a.closedTenantResponsibility, a.closed),
    },
    satisfaction: {
      average: round(a.rated ? a.ratingSum / a.rated : null),
      responseRate: share(a.rated, a.closed),
    },
    partner: {
      filed: a.partnerFiled,
      acknowledged: a.partnerAcknowledged,
      medianWorkingDaysToAcknowledge: round(a.partnerMedianWorkingDaysToAcknowledge),
    },
  };
}

export function computeMetrics(facts: readonly ComplaintFacts[], ctx: MetricContext): MetricReport {
  return reportFromAggregates(aggregateFacts(facts, ctx), ctx.homes);
}

/** One CSV row per group: the report flattened, column names stable for spreadsheets. */
export function metricsCsvRow(group: string, r: MetricReport): Record<string, string | number | null> {
  const row: Record<string, string | number | null> = {
    group,
    volume: r.volume,
    rate_per_1000_homes: r.ratePer1000Homes,
  };
  for (const [stage, d] of Object.entries(r.timeTo)) {
    row[`${stage}_count`] = d.count;
    row[`${stage}_median_working_days`] = d.medianWorkingDays;
    row[`${stage}_p90_working_days`] = d.p90WorkingDays;
    row[`${stage}_median_calendar_days`] = d.medianCalendarDays;
    row[`${stage}_p90_calendar_days`] = d.p90CalendarDays;
  }
  for (const [stage, d] of Object.entries(r.withinDeadline)) {
    row[`${stage}_within_deadline_share`] = d.share;
    row[`${stage}_met`] = d.met;
    row[`${stage}_missed`] = d.missed;
    row[`${stage}_within_deadline_share_net_of_tenant_delay`] = d.netOfTenantDelay.share;
    row[`${stage}_met_net_of_tenant_delay`] = d.netOfTenantDelay.met;
    row[`${stage}_missed_net_of_tenant_delay`] = d.netOfTenantDelay.missed;
  }
  row.open = r.backlog.open;
  row.overdue = r.backlog.overdue;
  for (const [band, n] of Object.entries(r.backlog.ageDays)) row[`open_aged_${band}_days`] = n;
  row.reopen_rate = r.rates.reopen;
  row.escalation_rate = r.rates.escalation;
  row.urgency_override_rate = r.rates.urgencyOverride;
  row.tenant_responsibility_rate = r.rates.tenantResponsibility;
  row.satisfaction_average = r.satisfaction.average;
  row.satisfaction_response_rate = r.satisfaction.responseRate;
  row.partner_filed = r.partner.filed;
  row.partner_acknowledged = r.partner.acknowledged;
  row.partner_median_working_days_to_acknowledge = r.partner.medianWorkingDaysToAcknowledge;
  return row;
}
