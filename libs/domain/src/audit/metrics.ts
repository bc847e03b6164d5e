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

export interface DeadlineShare {
  met: number;
  missed: number;
  /** met / (met + missed); stages neither done nor yet due are left out. null with nothing to count. */
  share: number | null;
}

export interface MetricReport {
  volume: number;
  ratePer1000Homes: number | null;
  timeTo: Record<'acknowledge' | 'assign' | 'worksDone' | 'close', Durations>;
  withinDeadline: Record<'acknowledge' | 'intervene' | 'resolve', DeadlineShare>;
  backlog: { open: number; overdue: number; ageDays: Record<'0-7' | '8-30' | '31-90' | '91+', number> };
  rates: {
    reopen: number | null;
    escalation: number | null;
    urgencyOverride: number | null;
    tenantResponsibility: number | null;
  };
  satisfaction: { average: number | null; responseRate: number | null };
  partner: { filed: number; acknowledged: number; medianWorkingDaysToAcknowledge: number | null };
}

const DAY_MS = 86_400_000;

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

function durations(
  facts: readonly ComplaintFacts[],
  pick: (f: ComplaintFacts) => Date | null,
  ctx: MetricContext,
): Durations {
  const working: number[] = [];
  const calendar: number[] = [];
  for (const f of facts) {
    const at = pick(f);
    if (!at) continue;
    working.push(ctx.workingDays(f.filedAt, at));
    calendar.push((at.getTime() - f.filedAt.getTime()) / DAY_MS);
  }
  return {
    count: working.length,
    medianWorkingDays: round(median(working)),
    p90WorkingDays: round(percentile(working, 90)),
    medianCalendarDays: round(median(calendar)),
    p90CalendarDays: round(percentile(calendar, 90)),
  };
}

function deadline(
  facts: readonly ComplaintFacts[],
  stage: Stage,
  pick: (f: ComplaintFacts) => Date | null,
  now: Date,
): DeadlineShare {
  let met = 0;
  let missed = 0;
  for (const f of facts) {
    const due = f.due[stage];
    if (!due) continue;
    const dueAt = Date.parse(due);
    const done = pick(f);
    if (done) {
      if (done.getTime() <= dueAt) met += 1;
      else missed += 1;
    } else if (now.getTime() > dueAt) {
      missed += 1;
    }
  }
  return { met, missed, share: share(met, met + missed) };
}

export function computeMetrics(facts: readonly ComplaintFacts[], ctx: MetricContext): MetricReport {
  const closed = facts.filter((f) => f.closedAt !== null);
  const open = facts.filter((f) => f.closedAt === null);
  const ageDays: MetricReport['backlog']['ageDays'] = { '0-7': 0, '8-30': 0, '31-90': 0, '91+': 0 };
  let overdue = 0;
  for (const f of open) {
    const age = (ctx.now.getTime() - f.filedAt.getTime()) / DAY_MS;
    ageDays[age <= 7 ? '0-7' : age <= 30 ? '8-30' : age <= 90 ? '31-90' : '91+'] += 1;
    const pending = [
      ['acknowledge', f.acknowledgedAt],
      ['intervene', f.worksDoneAt],
      ['resolve', f.closedAt],
    ] as const;
    if (
      pending.some(
        ([stage, done]) => !done && f.due[stage] && Date.parse(f.due[stage] as string) < ctx.now.getTime(),
      )
    ) {
      overdue += 1;
    }
  }
  const rated = closed.filter((f) => f.rating !== null);
  const partner = facts.filter((f) => f.partnerFiled);
  const partnerAck = partner.filter((f) => f.acknowledgedAt);
  return {
    volume: facts.length,
    ratePer1000Homes: ctx.homes ? round((facts.length / ctx.homes) * 1000) : null,
    timeTo: {
      acknowledge: durations(facts, (f) => f.acknowledgedAt, ctx),
      assign: durations(facts, (f) => f.assignedAt, ctx),
      worksDone: durations(facts, (f) => f.worksDoneAt, ctx),
      close: durations(facts, (f) => f.closedAt, ctx),
    },
    withinDeadline: {
      acknowledge: deadline(facts, 'acknowledge', (f) => f.acknowledgedAt, ctx.now),
      intervene: deadline(facts, 'intervene', (f) => f.worksDoneAt, ctx.now),
      resolve: deadline(facts, 'resolve', (f) => f.closedAt, ctx.now),
    },
    backlog: { open: open.length, overdue, ageDays },
    rates: {
      reopen: share(facts.filter((f) => f.reopenCount > 0).length, facts.length),
      escalation: share(facts.filter((f) => f.escalated).length, facts.length),
      urgencyOverride: share(facts.filter((f) => f.urgencyOverridden).length, facts.length),
      tenantResponsibility: share(
        closed.filter((f) => f.closeReason === 'tenant_responsibility').length,
        closed.length,
      ),
    },
    satisfaction: {
      average: round(
        rated.length ? rated.reduce((a, f) => a + (f.rating as number), 0) / rated.length : null,
      ),
      responseRate: share(rated.length, closed.length),
    },
    partner: {
      filed: partner.length,
      acknowledged: partnerAck.length,
      medianWorkingDaysToAcknowledge: round(
        median(partnerAck.map((f) => ctx.workingDays(f.filedAt, f.acknowledgedAt as Date))),
      ),
    },
  };
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
