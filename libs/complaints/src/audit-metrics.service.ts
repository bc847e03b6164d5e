import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { computeMetrics } from '@suivi/domain';
import type { ComplaintFacts, MetricReport } from '@suivi/domain';
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

  async metrics(query: MetricsQuery, scope: LandlordScope): Promise<MetricsResult> {
    return this.report(await this.organisation.landlord(query.landlordCode, scope), query);
  }

  private async report(landlord: LandlordEntity, query: MetricsQuery): Promise<MetricsResult> {
    const { from, params } = selection(landlord.id, query);
    const rows: FactRow[] = await this.db.query(`SELECT ${FACT_COLUMNS} ${from}`, params);
    // The homes of the same scope; residences of the agency when one is asked for.
    const [{ homes }]: { homes: number | null }[] = await this.db.query(
      `SELECT sum(r.homes_count)::int AS homes FROM residences r LEFT JOIN agencies a ON a.id = r.agency_id
        WHERE r.landlord_id = $1 ${query.agencyCode ? 'AND a.code = $2' : ''}
          ${query.residenceCode ? `AND r.code = $${query.agencyCode ? 3 : 2}` : ''}`,
      [
        landlord.id,
        ...(query.agencyCode ? [query.agencyCode] : []),
        ...(query.residenceCode ? [query.residenceCode] : []),
      ],
    );
    const calendar = this.urgency.calendarFor(landlordCalendarRow(landlord));
    const context = {
      now: new Date(),
      workingDays: (start: Date, end: Date) => calendar.workingDaysBetween(start, end),
      homes: homes || null,
    };
    const groups = new Map<string, ComplaintFacts[]>();
    const all = rows.map((row) => {
      const facts = toFacts(row);
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
      homes: context.homes,
      overall: computeMetrics(all, context),
      groups: [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        // Rates per 1,000 homes only make sense for the whole scope.
        .map(([key, list]) => ({ key, report: computeMetrics(list, { ...context, homes: null }) })),
    };
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
