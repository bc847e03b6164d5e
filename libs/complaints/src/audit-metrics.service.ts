import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { computeMetrics, reportFromAggregates, stageProgressOf, tenantHoldsOf } from '@suivi/domain';
import type { ComplaintFacts, MetricReport } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import type { LandlordScope } from '@suivi/organisation';
import type { LandlordEntity } from '@suivi/persistence';
import { AuditRepository, aggregatesOf } from './audit.repository';
import type { AggregatePart, AggregateRow, FactRow, MetricGroup } from './audit.repository';
import { UrgencyService, landlordCalendarRow } from './urgency.service';

export { METRIC_GROUPS, aggregateSql, aggregatesOf } from './audit.repository';
export type { AggregatePart, AggregateRow, MetricGroup } from './audit.repository';

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

/**
 * The audit metrics for a landlord (or one agency or residence) over a period, overall and by one
 * dimension. Reads one row per complaint — the facts transitions keep on it — through the (landlord,
 * created_at) index; the definitions are the domain's.
 */
@Injectable()
export class AuditMetricsService {
  constructor(
    @Inject(AuditRepository) private readonly audit: AuditRepository,
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
    const { rows, total } = await this.audit.factsPage(landlord.id, query, query.page, query.pageSize);
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
    // Two statements over the same index range, on two connections at once: PostgreSQL runs ordered-set
    // aggregates on one core, and a report is mostly sorting.
    const run = (part: AggregatePart): Promise<AggregateRow[]> =>
      this.audit.aggregate(landlord.id, query, query.groupBy, now, landlord.timezone, part);
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
    const homes = await this.homes(landlord, query);
    const rows = await this.audit.referenceFacts(landlord.id, query);
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

  /** The homes of the scope: the landlord's residences, or those of the agency / the one residence asked for. */
  private homes(landlord: LandlordEntity, query: MetricsQuery): Promise<number | null> {
    return this.audit.homes(landlord.id, query);
  }
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
