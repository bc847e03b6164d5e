import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { computeMetrics, reportFromAggregates, stageProgressOf, tenantHoldsOf } from '@suivi/domain';
import type { StageEvent } from '@suivi/domain';
import type {
  ComplaintFacts,
  DeadlineStage,
  MetricAggregates,
  MetricReport,
  TimeToStage,
} from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import type { LandlordScope } from '@suivi/organisation';
import type { LandlordEntity } from '@suivi/persistence';
import { UrgencyService, landlordCalendarRow } from './urgency.service';

export const METRIC_GROUPS = ['category', 'urgency', 'channel', 'agency', 'month'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

export interface MetricsQuery {
  landlordCode: string;
  /** Complaints filed in [from, to). */
  from: Date;
  to: Date;
  agencyCode?: string;
  residenceCode?: string;
  /** Only complaints of this urgency level. */
  urgency?: string;
  groupBy?: MetricGroup;
}

export interface MetricsResult {
  landlord: string;
  scope: { agency: string | null; residence: string | null };
  period: { from: string; to: string };
  homes: number | null;
  overall: MetricReport;
  groups: { key: string; report: MetricReport }[];
}

interface FactRow {
  created_at: Date;
  acknowledged_at: Date | null;
  assigned_at: Date | null;
  works_done_at: Date | null;
  closed_at: Date | null;
  due: ComplaintFacts['due'] | null;
  close_reason: string | null;
  reopen_count: number;
  escalated: boolean;
  urgency_overridden: boolean;
  rating: number | null;
  partner_filed: boolean;
  category: string;
  urgency_level: string | null;
  intake_channel: string;
  agency: string | null;
}

/** The facts of a complaint the reports read: kept on its row by every transition. */
const FACT_COLUMNS = `c.created_at, c.acknowledged_at, c.assigned_at, c.works_done_at, c.closed_at,
       c.urgency -> 'due' AS due, c.close_reason, c.reopen_count, c.escalated_at IS NOT NULL AS escalated,
       c.urgency_overridden, c.rating, c.partner_organisation_id IS NOT NULL AS partner_filed, c.category,
       c.urgency_level, c.intake_channel, a.code AS agency`;

/**
 * The audit metrics for a landlord (or one agency or residence) over a period, overall and by one
 * dimension. Reads one row per complaint — the facts transitions keep on it — through the (landlord,
 * created_at) index; the definitions are the domain's.
 */
@Injectable()
export class AuditMetricsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  /** The complaints of the scope and period, pseudonymised, oldest first, a page at a time. */
  async complaints(
    query: MetricsQuery & { page: number; pageSize: number },
    scope: LandlordScope,
    secret: string,
  ): Promise<{ items: PseudonymisedComplaint[]; page: number; pageSize: number; total: number }> {
    const landlord = await this.organisation.landlord(query.landlordCode, scope);
    const { from, params } = selection(landlord.id, query);
    const [rows, [{ total }]]: [(FactRow & { id: string; status: string })[], { total: number }[]] =
      await Promise.all([
        this.db.query(
          `SELECT c.id, c.status, ${FACT_COLUMNS} ${from} ORDER BY c.created_at, c.id
            LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
          params,
        ),
        this.db.query(`SELECT count(*)::int AS total ${from}`, params),
      ]);
    const iso = (d: Date | null) => d?.toISOString() ?? null;
    const inTime = (done: Date | null, due: string | undefined) =>
      !due ? null : done ? done.getTime() <= Date.parse(due) : Date.now() > Date.parse(due) ? false : null;
    return {
      page: query.page,
      pageSize: query.pageSize,
      total,
      items: rows.map((r) => ({
        pseudonym: createHmac('sha256', secret).update(`audit:${r.id}`).digest('hex').slice(0, 20),
        category: r.category,
        urgency: r.urgency_level,
        channel: r.intake_channel,
        agency: r.agency,
        status: r.status,
        filedAt: r.created_at.toISOString(),
        acknowledgedAt: iso(r.acknowledged_at),
        assignedAt: iso(r.assigned_at),
        worksDoneAt: iso(r.works_done_at),
        closedAt: iso(r.closed_at),
        acknowledgeDueAt: r.due?.acknowledge ?? null,
        interveneDueAt: r.due?.intervene ?? null,
        resolveDueAt: r.due?.resolve ?? null,
        acknowledgedInTime: inTime(r.acknowledged_at, r.due?.acknowledge),
        intervenedInTime: inTime(r.works_done_at, r.due?.intervene),
        resolvedInTime: inTime(r.closed_at, r.due?.resolve),
        reopenCount: r.reopen_count,
        escalated: r.escalated,
        urgencyOverridden: r.urgency_overridden,
        closeReason: r.close_reason,
        rating: r.rating,
        partnerFiled: r.partner_filed,
      })),
    };
  }

  /**
   * The same report for every landlord in scope; only those with at least `minVolume` complaints in the
   * period are ranked (by share of acknowledgements within deadline, then median working days to close).
   */
  async comparison(from: Date, to: Date, minVolume: number, scope: LandlordScope) {
    const reports = [];
    for (const landlord of await this.organisation.listLandlords(scope)) {
      const result = await this.report(landlord, { landlordCode: landlord.code, from, to });
      reports.push({ landlord: landlord.code, homes: result.homes, report: result.overall });
    }
    const rankable = reports.filter((r) => r.report.volume >= minVolume);
    rankable.sort(
      (a, b) =>
        (b.report.withinDeadline.acknowledge.share ?? -1) -
          (a.report.withinDeadline.acknowledge.share ?? -1) ||
        (a.report.timeTo.close.medianWorkingDays ?? Infinity) -
          (b.report.timeTo.close.medianWorkingDays ?? Infinity),
    );
    return {
      period: { from: from.toISOString(), to: to.toISOString() },
      minVolume,
      ranked: rankable.map((r, i) => ({ rank: i + 1, ...r })),
      notRanked: reports
        .filter((r) => r.report.volume < minVolume)
        .map((r) => ({ ...r, reason: `fewer than ${minVolume} complaints in the period` })),
    };
  }

  async metrics(query: MetricsQuery, scope: LandlordScope, now = new Date()): Promise<MetricsResult> {
    return this.report(await this.organisation.landlord(query.landlordCode, scope), query, now);
  }

  /**
   * The report from the rollup columns: one SQL statement aggregates the complaints of the period (overall
   * and per group, GROUPING SETS), percentiles included; no event is read, no calendar walked.
   */
  private async report(
    landlord: LandlordEntity,
    query: MetricsQuery,
    now = new Date(),
  ): Promise<MetricsResult> {
    const { from, params } = selection(landlord.id, query);
    const key = query.groupBy ? groupExpression(query.groupBy) : null;
    const all = [...params, now];
    const nowParam = `$${all.length}::timestamptz`;
    if (key?.includes('$TZ')) all.push(landlord.timezone);
    // Two statements over the same index range, on two connections at once: PostgreSQL runs ordered-set
    // aggregates on one core, and a report is mostly sorting.
    const run = (part: AggregatePart): Promise<AggregateRow[]> =>
      this.db.transaction(async (em) => {
        // The percentiles sort in memory: a year of a large landlord is a few MB per sort.
        await em.query(`SET LOCAL work_mem = '64MB'`);
        return em.query(aggregateSql(from, key, nowParam, `$${all.length}::text`, part), all);
      });
    const [homes, calendar, rest] = await Promise.all([
      this.homes(landlord, query),
      run('calendar'),
      run('rest'),
    ]);
    const byKey = new Map(calendar.map((r) => [r.overall ? null : r.key, r]));
    const rows = rest.map((r) => ({ ...byKey.get(r.overall ? null : r.key), ...r }));
    const overall = rows.find((r) => r.overall) as AggregateRow;
    return {
      landlord: landlord.code,
      scope: { agency: query.agencyCode ?? null, residence: query.residenceCode ?? null },
      period: { from: query.from.toISOString(), to: query.to.toISOString() },
      homes,
      overall: reportFromAggregates(aggregatesOf(overall), homes),
      groups: rows
        .filter((r) => !r.overall)
        .map((r) => ({ key: r.key as string, report: reportFromAggregates(aggregatesOf(r), null) }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    };
  }

  /**
   * The reference computation: the same report from the events themselves (first acknowledgement, holds,
   * …) and the landlord's calendar, through the domain's `computeMetrics`, without the rollup columns.
   * Reads every event of the period: for tests and benchmarks that check the fast path against it.
   */
  async referenceMetrics(
    query: MetricsQuery,
    scope: LandlordScope,
    now = new Date(),
  ): Promise<MetricsResult> {
    const landlord = await this.organisation.landlord(query.landlordCode, scope);
    const { from, params } = selection(landlord.id, query);
    const homes = await this.homes(landlord, query);
    const rows: (Omit<FactRow, 'escalated' | 'urgency_overridden' | 'acknowledged_at' | 'works_done_at'> & {
      escalated: boolean | null;
      urgency_overridden: boolean | null;
      /** Every event, oldest first, with what the stage rules read of its payload. */
      history: StageEvent[];
    })[] = await this.db.query(
      `SELECT c.created_at, c.closed_at, c.urgency -> 'due' AS due, c.rating,
              c.partner_organisation_id IS NOT NULL AS partner_filed, c.category, c.urgency_level,
              c.intake_channel, a.code AS agency,
              min(e.at) FILTER (WHERE e.action = 'assign') AS assigned_at,
              bool_or(e.action = 'escalate') AS escalated,
              count(*) FILTER (WHERE e.action = 'reopen')::int AS reopen_count,
              bool_or(e.action = 'override_urgency') AS urgency_overridden,
              CASE WHEN c.closed_at IS NOT NULL THEN
                (array_agg(CASE WHEN e.action = 'close' THEN 'works' ELSE e.payload ->> 'closeReason' END
                           ORDER BY e.seq DESC) FILTER (WHERE e.action IN ('close', 'close_without_works')))[1]
              END AS close_reason,
              jsonb_agg(jsonb_build_object('action', e.action, 'at', e.at, 'payload',
                          jsonb_build_object('holdReason', e.payload -> 'holdReason',
                                             'checkedBy', e.payload -> 'checkedBy')) ORDER BY e.seq) AS history
         ${from.replace('WHERE', 'JOIN complaint_events e ON e.complaint_id = c.id WHERE')}
        GROUP BY c.id, a.code`,
      params,
    );
    const calendar = this.urgency.calendarFor(landlordCalendarRow(landlord));
    const context = {
      now,
      workingDays: (start: Date, end: Date) => calendar.workingDaysBetween(start, end),
      homes,
    };
    const groups = new Map<string, ComplaintFacts[]>();
    const all = rows.map((raw) => {
      // When each stage was done, and the tenant's holds: the domain's one definition, from the events.
      const progress = stageProgressOf(raw.history);
      const row: FactRow = {
        ...raw,
        acknowledged_at: progress.acknowledge,
        works_done_at: progress.intervene,
        closed_at: progress.resolve,
        escalated: !!raw.escalated,
        urgency_overridden: !!raw.urgency_overridden,
      };
      const facts: ComplaintFacts = {
        ...toFacts(row),
        tenantHolds: tenantHoldsOf(raw.history.map((e) => ({ ...e, at: new Date(e.at) }))),
      };
      if (query.groupBy) {
        const key = groupKey(row, query.groupBy, landlord.timezone);
        const list = groups.get(key);
        if (list) list.push(facts);
        else groups.set(key, [facts]);
      }
      return facts;
    });
    return {
      landlord: landlord.code,
      scope: { agency: query.agencyCode ?? null, residence: query.residenceCode ?? null },
      period: { from: query.from.toISOString(), to: query.to.toISOString() },
      homes,
      overall: computeMetrics(all, context),
      groups: [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, list]) => ({ key, report: computeMetrics(list, { ...context, homes: null }) })),
    };
  }

  /** The homes of the same scope; residences of the agency when one is asked for. */
  /** The homes of the scope: the landlord's residences, or those of the agency / the one residence asked for. */
  private async homes(landlord: LandlordEntity, query: MetricsQuery): Promise<number | null> {
    const params: unknown[] = [landlord.id];
    const where = ['r.landlord_id = $1'];
    if (query.agencyCode) {
      params.push(query.agencyCode);
      where.push(`a.code = $${params.length}`);
    }
    if (query.residenceCode) {
      params.push(query.residenceCode);
      where.push(`r.code = $${params.length}`);
    }
    const [{ homes }]: { homes: number | null }[] = await this.db.query(
      `SELECT sum(r.homes_count)::int AS homes FROM residences r LEFT JOIN agencies a ON a.id = r.agency_id
        WHERE ${where.join(' AND ')}`,
      params,
    );
    return homes || null;
  }
}

/** FROM … WHERE for the complaints of a landlord filed in the period, narrowed to an agency or residence. */
function selection(landlordId: string, query: MetricsQuery): { from: string; params: unknown[] } {
  const params: unknown[] = [landlordId, query.from, query.to];
  const where = ['c.landlord_id = $1', 'c.created_at >= $2', 'c.created_at < $3'];
  if (query.agencyCode) {
    params.push(query.agencyCode);
    where.push(`a.code = $${params.length}`);
  }
  if (query.residenceCode) {
    params.push(query.residenceCode);
    where.push(`r.code = $${params.length}`);
  }
  if (query.urgency) {
    params.push(query.urgency);
    where.push(`c.urgency_level = $${params.length}`);
  }
  return {
    from: `FROM complaints c
             LEFT JOIN agencies a ON a.id = c.agency_id
             LEFT JOIN residences r ON r.id = c.residence_id
            WHERE ${where.join(' AND ')}`,
    params,
  };
}

function toFacts(r: FactRow): ComplaintFacts {
  return {
    filedAt: r.created_at,
    acknowledgedAt: r.acknowledged_at,
    assignedAt: r.assigned_at,
    worksDoneAt: r.works_done_at,
    closedAt: r.closed_at,
    due: r.due ?? {},
    closeReason: r.close_reason,
    reopenCount: r.reopen_count,
    escalated: r.escalated,
    urgencyOverridden: r.urgency_overridden,
    rating: r.rating,
    partnerFiled: r.partner_filed,
  };
}

function groupKey(r: FactRow, by: MetricGroup, timeZone: string): string {
  switch (by) {
    case 'category':
      return r.category;
    case 'urgency':
      return r.urgency_level ?? 'none';
    case 'channel':
      return r.intake_channel;
    case 'agency':
      return r.agency ?? 'none';
    case 'month':
      return new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', timeZone })
        .format(r.created_at)
        .slice(0, 7);
  }
}

/** A complaint as federations may see it: facts and dates, no name, contact, address detail or free text. */
export interface PseudonymisedComplaint {
  /** Stable for this installation, not reversible to the reference without the server's secret. */
  pseudonym: string;
  category: string;
  urgency: string | null;
  channel: string;
  agency: string | null;
  status: string;
  filedAt: string;
  acknowledgedAt: string | null;
  assignedAt: string | null;
  worksDoneAt: string | null;
  closedAt: string | null;
  acknowledgeDueAt: string | null;
  interveneDueAt: string | null;
  resolveDueAt: string | null;
  acknowledgedInTime: boolean | null;
  intervenedInTime: boolean | null;
  resolvedInTime: boolean | null;
  reopenCount: number;
  escalated: boolean;
  urgencyOverridden: boolean;
  closeReason: string | null;
  rating: number | null;
  partnerFiled: boolean;
}

/** The SQL expression of a group's key; the same keys as `groupKey` gives the reference computation. */
function groupExpression(by: MetricGroup): string {
  switch (by) {
    case 'category':
      return 'c.category';
    case 'urgency':
      return `coalesce(c.urgency_level, 'none')`;
    case 'channel':
      return 'c.intake_channel';
    case 'agency':
      return `coalesce(a.code, 'none')`;
    case 'month':
      return `to_char(c.created_at AT TIME ZONE $TZ, 'YYYY-MM')`;
  }
}

/** The report's aggregate in one statement, or in two halves run side by side on two connections. */
export type AggregatePart = 'all' | 'calendar' | 'rest';

export interface AggregateRow {
  overall: boolean;
  key: string | null;
  [column: string]: unknown;
}

const TIME_TO: [TimeToStage, string, string][] = [
  ['acknowledge', 'acknowledged_at', 'acknowledge_working_days'],
  ['assign', 'assigned_at', 'assign_working_days'],
  ['worksDone', 'works_done_at', 'works_done_working_days'],
  ['close', 'closed_at', 'close_working_days'],
];
const DEADLINES: [DeadlineStage, string, string][] = [
  ['acknowledge', 'acknowledged_at', 'acknowledge_tenant_delay_ms'],
  ['intervene', 'works_done_at', 'intervene_tenant_delay_ms'],
  ['resolve', 'closed_at', 'resolve_tenant_delay_ms'],
];

/**
 * One statement for the whole report. Each stage's time: count, median (percentile_cont 0.5: the mean of the
 * two middle values for an even count) and 90th percentile (percentile_disc 0.9: nearest rank), of the
 * working days stored by the transition and of the elapsed milliseconds. Deadlines: met / missed from the
 * due date recorded on the complaint; net of documented tenant delay, the delay stored when the stage was
 * done, or for a stage not yet done the ended holds plus the hold in progress until now.
 */
export function aggregateSql(
  from: string,
  key: string | null,
  now: string,
  tz: string,
  part: AggregatePart = 'all',
): string {
  const head = [
    key ? `GROUPING(${key.replace('$TZ', tz)}) = 1 AS overall` : 'true AS overall',
    key ? `${key.replace('$TZ', tz)} AS key` : 'NULL AS key',
    // Every part names the moment of the report, so both take the same parameters.
    `${now} AS now`,
  ];
  const select: string[] = ['count(*)::int AS volume'];
  for (const [stage, at, working] of TIME_TO) {
    // Whole milliseconds from filing (timestamps are stored to the millisecond; rounding removes the float
    // noise of the epoch seconds).
    const ms = `round((date_part('epoch', c.${at}) - date_part('epoch', c.created_at)) * 1000)`;
    select.push(
      `count(c.${at})::int AS "${stage}_count"`,
      `percentile_cont(0.5) WITHIN GROUP (ORDER BY c.${working}::float8) AS "${stage}_wd_median"`,
      `percentile_disc(0.9) WITHIN GROUP (ORDER BY c.${working}::float8) AS "${stage}_wd_p90"`,
      `percentile_cont(0.5) WITHIN GROUP (ORDER BY ${ms}) AS "${stage}_ms_median"`,
      `percentile_disc(0.9) WITHIN GROUP (ORDER BY ${ms}) AS "${stage}_ms_p90"`,
    );
  }
  for (const [stage, done, delay] of DEADLINES) {
    const due = `c.${stage}_due_at`;
    const netDone = `c.${done} - c.${delay} * interval '1 millisecond'`;
    const netNow = `least(coalesce(c.tenant_hold_since, ${now}), ${now}) - c.tenant_delay_ms * interval '1 millisecond'`;
    select.push(
      `count(*) FILTER (WHERE c.${done} <= ${due})::int AS "${stage}_met"`,
      `count(*) FILTER (WHERE c.${done} > ${due} OR (c.${done} IS NULL AND ${now} > ${due}))::int AS "${stage}_missed"`,
      `count(*) FILTER (WHERE ${netDone} <= ${due})::int AS "${stage}_met_net"`,
      `count(*) FILTER (WHERE ${netDone} > ${due} OR (c.${done} IS NULL AND ${netNow} > ${due}))::int AS "${stage}_missed_net"`,
    );
  }
  const open = 'c.closed_at IS NULL';
  const age = `${now} - c.created_at`;
  select.push(
    `count(*) FILTER (WHERE ${open})::int AS open`,
    `count(*) FILTER (WHERE ${open} AND (
        (c.acknowledged_at IS NULL AND c.acknowledge_due_at < ${now})
     OR (c.works_done_at IS NULL AND c.intervene_due_at < ${now})
     OR c.resolve_due_at < ${now}))::int AS overdue`,
    `count(*) FILTER (WHERE ${open} AND ${age} <= interval '7 days')::int AS "age_0_7"`,
    `count(*) FILTER (WHERE ${open} AND ${age} > interval '7 days' AND ${age} <= interval '30 days')::int AS "age_8_30"`,
    `count(*) FILTER (WHERE ${open} AND ${age} > interval '30 days' AND ${age} <= interval '90 days')::int AS "age_31_90"`,
    `count(*) FILTER (WHERE ${open} AND ${age} > interval '90 days')::int AS "age_91"`,
    `count(*) FILTER (WHERE c.reopen_count > 0)::int AS reopened`,
    `count(c.escalated_at)::int AS escalated`,
    `count(*) FILTER (WHERE c.urgency_overridden)::int AS overridden`,
    `count(c.closed_at)::int AS closed`,
    `count(*) FILTER (WHERE c.closed_at IS NOT NULL AND c.close_reason = 'tenant_responsibility')::int AS tenant_responsibility`,
    `count(*) FILTER (WHERE c.closed_at IS NOT NULL AND c.rating IS NOT NULL)::int AS rated`,
    `coalesce(sum(c.rating) FILTER (WHERE c.closed_at IS NOT NULL), 0)::int AS rating_sum`,
    `count(*) FILTER (WHERE c.partner_organisation_id IS NOT NULL)::int AS partner_filed`,
    `count(*) FILTER (WHERE c.partner_organisation_id IS NOT NULL AND c.acknowledged_at IS NOT NULL)::int AS partner_acknowledged`,
    `percentile_cont(0.5) WITHIN GROUP (ORDER BY c.acknowledge_working_days::float8)
       FILTER (WHERE c.partner_organisation_id IS NOT NULL) AS partner_wd_median`,
  );
  // The calendar-time percentiles (four sorts of milliseconds) on one side, everything else on the other.
  const isCalendar = (column: string) => column.includes('_ms_');
  const columns = select.filter((c) =>
    part === 'all' ? true : part === 'calendar' ? isCalendar(c) : !isCalendar(c),
  );
  return `SELECT ${[...head, ...columns].join(',\n       ')}
     ${from}
     ${key ? `GROUP BY GROUPING SETS ((), (${key.replace('$TZ', tz)}))` : ''}`;
}

export function aggregatesOf(r: AggregateRow): MetricAggregates {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const i = (v: unknown) => Number(v ?? 0);
  const timeTo = {} as MetricAggregates['timeTo'];
  for (const [stage] of TIME_TO) {
    timeTo[stage] = {
      count: i(r[`${stage}_count`]),
      medianWorkingDays: n(r[`${stage}_wd_median`]),
      p90WorkingDays: n(r[`${stage}_wd_p90`]),
      medianMs: n(r[`${stage}_ms_median`]),
      p90Ms: n(r[`${stage}_ms_p90`]),
    };
  }
  const withinDeadline = {} as MetricAggregates['withinDeadline'];
  for (const [stage] of DEADLINES) {
    withinDeadline[stage] = {
      met: i(r[`${stage}_met`]),
      missed: i(r[`${stage}_missed`]),
      metNet: i(r[`${stage}_met_net`]),
      missedNet: i(r[`${stage}_missed_net`]),
    };
  }
  return {
    volume: i(r.volume),
    timeTo,
    withinDeadline,
    open: i(r.open),
    overdue: i(r.overdue),
    ageDays: { '0-7': i(r.age_0_7), '8-30': i(r.age_8_30), '31-90': i(r.age_31_90), '91+': i(r.age_91) },
    reopened: i(r.reopened),
    escalated: i(r.escalated),
    overridden: i(r.overridden),
    closed: i(r.closed),
    closedTenantResponsibility: i(r.tenant_responsibility),
    rated: i(r.rated),
    ratingSum: i(r.rating_sum),
    partnerFiled: i(r.partner_filed),
    partnerAcknowledged: i(r.partner_acknowledged),
    partnerMedianWorkingDaysToAcknowledge: n(r.partner_wd_median),
  };
}
