import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PUBLISHED_CHANGE_ACTIONS, formatReference, hashToken } from '@suivi/domain';
import { ComplaintFacts } from '@suivi/notifications';
import type {
  EventSnapshot,
  RecipientFacts,
  ResendFacts,
  Runner,
  StatusReplyFacts,
  TenantPreferences,
} from '@suivi/notifications';

import type {
  ComplaintSnapshot,
  ComplaintState,
  EmailPreference,
  SmsWindow,
  Stage,
  TenantPreference,
} from '@suivi/domain';
import { readSearch } from './complaint-search';
import type { ComplaintSearch } from './complaint-search';
import { scopeBranches, scopeCondition } from './scope';
import type { ComplaintScope, ScopeNarrowing } from './scope';
import type { RecordedUrgency } from './urgency.service';

export const COMPLAINT_SORTS = [
  'createdAt',
  '-createdAt',
  'updatedAt',
  '-updatedAt',
  'status',
  '-status',
  'nextDue',
  '-nextDue',
] as const;
export type ComplaintSort = (typeof COMPLAINT_SORTS)[number];

export interface ComplaintQuery {
  status?: string;
  landlord?: string;
  agency?: string;
  category?: string;
  channel?: string;
  urgency?: string;
  /** Only complaints whose next stage is past due (true) or not (false). */
  overdue?: boolean;
  /** A search typed by an agent: a reference or a piece of one, a phone, a name or an address (readSearch). */
  q?: string;
  page: number;
  pageSize: number;
  sort: ComplaintSort;
}

export interface ComplaintSummary {
  reference: string;
  status: string;
  version: number;
  landlord: string;
  agency: string | null;
  residence: string | null;
  category: string;
  channel: string;
  onHold: string | null;
  urgency: string | null;
  /**
   * Not yet acknowledged, and its filing left a safety question unanswered or its description holds danger
   * words (assessSafety): staff should read it before trusting its urgency.
   */
  safetyReview: boolean;
  /** The next stage to meet, when, and whether it is already late; null once closed. */
  nextDue: { stage: string; at: string; overdue: boolean } | null;
  /**
   * A message to the tenant ended in failure and was not sent again since (issue 16): the channel of the
   * latest such message (`sms` or `email`), or null. An agent can correct the address and resend it.
   */
  messageFailed: 'sms' | 'email' | null;
  /** The most urgent level of its rule set (rank 0: emergency in the presets). */
  emergency: boolean;
  /** The contractor reported the works done; staff or the tenant have yet to check them. */
  worksReported: boolean;
  /**
   * A stage was reached after its deadline (acknowledged, works done or closed late: the rollup's stage
   * times against the stored due dates, `stageProgressOfRollup`); its clock stays missed for good.
   */
  breached: boolean;
  /** Taken to a supervisor: a review asked (stage 2, `escalated_at`) or an on-call alert escalated. */
  escalated: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The queue's counts: matching complaints, per status, and how many are past their next due date. */
export interface ComplaintCounts {
  total: number;
  overdue: number;
  byStatus: Record<string, { total: number; overdue: number }>;
}

/** The conditions of a list, one per landlord reached (see `scopeBranches`), sharing their parameters. */
export interface ComplaintSelection {
  branches: string[];
  params: unknown[];
}

/** A row of a queue page as PostgreSQL returns it. */
interface SummaryRow {
  reference: string;
  status: string;
  version: number;
  landlord: string;
  agency: string | null;
  residence: string | null;
  category: string;
  intake_channel: string;
  hold_reason: string | null;
  created_at: Date;
  updated_at: Date;
  urgency_level: string | null;
  next_due_at: Date | null;
  next_due_stage: Stage | null;
  overdue: boolean;
  safety_review: boolean;
  message_failed: 'sms' | 'email' | null;
  emergency: boolean;
  works_reported: boolean;
  breached: boolean;
  escalated: boolean;
}

/** The agent's complaint page row: the complaint with its landlord, place, contractor and tenant. */
export interface ComplaintDetailRow {
  id: string;
  reference: string;
  status: ComplaintState;
  version: number;
  landlord_id: string;
  category: ComplaintSnapshot['category'];
  description: string;
  unit: string | null;
  intake_channel: string;
  flags: string[];
  urgency: RecordedUrgency | null;
  urgency_level: string | null;
  hold_reason: ComplaintSnapshot['holdReason'];
  contractor_id: string | null;
  works_reported: boolean;
  appointment_start: Date | null;
  appointment_end: Date | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  access_notes: string | null;
  share_contact_with_contractor: boolean;
  partner_organisation_id: string | null;
  partner_case_reference: string | null;
  filed_by_role: string;
  filed_by_id: string | null;
  landlord_code: string;
  landlord_name: string;
  country: string;
  region: string;
  timezone: string;
  closures: string[];
  reopen_window_days: number;
  agency_code: string | null;
  agency_name: string | null;
  residence_code: string | null;
  residence_name: string | null;
  residence_address: string | null;
  residence_postcode: string | null;
  residence_city: string | null;
  contractor_name: string | null;
  tenant_name: string | null;
  tenant_phone: string | null;
  tenant_email: string | null;
  tenant_channel: string | null;
  tenant_language: string | null;
}

/** A message about a complaint and how far it got. */
export interface DeliveryRow {
  id: string;
  seq: number;
  template: string;
  audience: string;
  channel: string;
  status: string;
  attempts: number;
  error_code: string | null;
  error: string | null;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
}

/** A complaint as the public (tracking, partner) views read it: no personal data. */
export interface LinkedComplaintRow {
  id: string;
  reference: string;
  status: ComplaintState;
  version: number;
  landlord_name: string;
  landlord_code: string;
  category: string;
  created_at: Date;
  closed_at: Date | null;
  hold_reason: string | null;
  appointment_start: Date | null;
  appointment_end: Date | null;
  rating: number | null;
  urgency: RecordedUrgency | null;
  landlord_id: string;
  country: string;
  region: string;
  timezone: string;
  closures: string[];
  contact_phone?: string | null;
  sms_number?: string | null;
  tenant_has_phone?: boolean;
  tenant_has_email?: boolean;
}

/** The tracking link's complaint: the public row and what the tenant's actions depend on. */
export interface TrackedComplaintRow extends LinkedComplaintRow {
  contractor_id: string | null;
  works_reported: boolean;
  reopen_window_days: number;
}

/**
 * A partner's filing: the public row, what the partner's actions depend on (as the tenant's) and the
 * partner's own case reference.
 */
export interface PartnerComplaintRow extends TrackedComplaintRow {
  partner_case_reference: string | null;
}

/** A work-order link's complaint, as the contractor's page reads it. */
export interface WorkOrderRow {
  id: string;
  reference: string;
  status: ComplaintState;
  version: number;
  category: string;
  description: string;
  unit: string | null;
  access_notes: string | null;
  appointment_start: Date | null;
  appointment_end: Date | null;
  share_contact_with_contractor: boolean;
  contractor_id: string | null;
  order_contractor_id: string;
  contractor_name: string;
  residence_name: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  tenant_name: string | null;
  tenant_phone: string | null;
  urgency: RecordedUrgency | null;
  timezone: string;
  works_reported: boolean;
  hold_reason: string | null;
  closed_at: Date | null;
  /** When this order (the link) was issued: the events after it are this contractor's part of the case. */
  order_created_at: Date;
  landlord_name: string;
  landlord_phone: string | null;
}

/**
 * A work order whose link no longer opens it (issue 18, M6): closed, reassigned or replaced. Only what the
 * contractor already saw (reference, problem, residence) and how it ended; no tenant data.
 */
export interface EndedWorkOrderRow {
  reference: string;
  status: ComplaintState;
  category: string;
  residence_name: string | null;
  city: string | null;
  contractor_name: string;
  /** The contractor of this order is no longer the one assigned to the complaint. */
  reassigned: boolean;
  revoked_at: Date;
  closed_at: Date | null;
  /** The step that ended this order: the first close, reassign or assign after it was issued. */
  ended_by_action: string | null;
  ended_by_role: string | null;
  ended_at: Date | null;
  landlord_name: string;
  landlord_phone: string | null;
  timezone: string;
}

/** One line of a contractor's list of work orders (issue 18, M6): what they need to plan, no tenant data. */
export interface ContractorOrderRow {
  work_order_id: string;
  reference: string;
  status: ComplaintState;
  category: string;
  urgency_level: string | null;
  residence_name: string | null;
  address: string | null;
  postcode: string | null;
  city: string | null;
  appointment_start: Date | null;
  appointment_end: Date | null;
  next_due_at: Date | null;
  works_reported: boolean;
  closed_at: Date | null;
  timezone: string;
  /** Still the contractor's to work on (assigned, not checked): false for the closed ones. */
  open: boolean;
}

/** A complaint row for a GeoReport v2 service request: public fields only. */
export interface Open311Row {
  public_id: string;
  status: string;
  category: string;
  urgency_level: string | null;
  landlord_name: string;
  created_at: Date;
  /** The time of the last event among `PUBLISHED_CHANGE_ACTIONS` (the filing at least), not `updated_at`. */
  updated_at: Date;
  next_due_at: Date | null;
  city: string | null;
  postcode: string | null;
}

/** The filters of an Open311 requests query, already validated. */
export interface Open311Filter {
  serviceRequestIds?: string[];
  serviceCodes?: string[];
  status?: ('open' | 'closed')[];
  startDate?: Date;
  endDate?: Date;
  page: number;
  pageSize: number;
}

// ---- The queue search (issue 18, M1) ----

/** A LIKE pattern's own wildcards and escape, taken literally. */
const likeLiteral = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The queue search as one condition on complaints aliased `c`, pushing its parameters (see `ComplaintSearch`):
 * the cases whose reference holds the symbols typed, whose tenant has one of the numbers read, whose
 * tenant's name holds every word, or whose residence's name, address, postcode and city hold every word.
 * Names and addresses are compared through `suivi_fold` (lower case, accents off, hyphens and apostrophes
 * as spaces) on both sides. Indexes (migration QueueSearch1796080000000): the reference's trigrams, the
 * tenant contacts' folded names' trigrams and their phone, the residences' folded text's trigrams
 * (IDX_residences_search), and complaints by tenant contact and by residence. The caller ANDs it with the
 * scope, so a search never reaches beyond it. `false` when nothing typed can match.
 *
 * The matching tenants and residences are read first, as arrays (`= ANY(ARRAY(…))`, not `IN (SELECT …)`):
 * a hashed sub-plan can only filter rows, while an array can be an index condition, so PostgreSQL may
 * BitmapOr the reference, tenant-contact and residence indexes instead of walking a landlord's cases.
 */
function searchCondition(search: ComplaintSearch, params: unknown[]): string {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const any: string[] = [];
  if (search.reference) {
    any.push(
      search.reference.whole
        ? `c.reference = ${param(search.reference.symbols)}`
        : `c.reference::text LIKE ${param(`%${search.reference.symbols}%`)}`,
    );
  }
  if (search.phones.length) {
    any.push(
      `c.tenant_contact_id = ANY(ARRAY(SELECT t.id FROM tenant_contacts t WHERE t.phone_e164 = ANY(${param(search.phones)}::text[])))`,
    );
  }
  if (search.words.length) {
    const holds = (haystack: string) =>
      search.words
        .map((w) => `suivi_fold(${haystack}) LIKE '%' || suivi_fold(${param(likeLiteral(w))}) || '%'`)
        .join(' AND ');
    any.push(`c.tenant_contact_id = ANY(ARRAY(SELECT t.id FROM tenant_contacts t WHERE ${holds('t.name')}))`);
    any.push(
      `c.residence_id = ANY(ARRAY(SELECT r.id FROM residences r
                           WHERE ${holds(`r.name || ' ' || r.address || ' ' || r.postcode || ' ' || r.city`)}))`,
    );
  }
  return any.length ? `(${any.join(' OR ')})` : 'false';
}

/** At most this many matching cases are read first by id (see `matchingIdsQuery`). */
const SEARCH_ID_CAP = 2_000;

/**
 * The cases a search matches, across landlords, as one UNION of index lookups (at most SEARCH_ID_CAP + 1
 * ids): the reference's trigrams, then complaints joined to the tenant contacts and to the residences
 * found by their own indexes. Each arm is planned on its own, with the estimates of its own table, which
 * a single OR inside the queue's ordered walk could not use: PostgreSQL walked a landlord's 100,000 cases
 * to find one (bench:queue). The caller then reads the page by these ids (scope still applied), or, when
 * there are more than the cap (a street with thousands of cases), falls back to `searchCondition`, whose
 * matches are then dense enough for the ordered walk to find a page quickly.
 */
function matchingIdsQuery(search: ComplaintSearch): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const arms: string[] = [];
  if (search.reference) {
    arms.push(
      search.reference.whole
        ? `SELECT s.id FROM complaints s WHERE s.reference = ${param(search.reference.symbols)}`
        : `SELECT s.id FROM complaints s WHERE s.reference::text LIKE ${param(`%${search.reference.symbols}%`)}`,
    );
  }
  if (search.phones.length) {
    arms.push(`SELECT s.id FROM tenant_contacts t JOIN complaints s ON s.tenant_contact_id = t.id
                WHERE t.phone_e164 = ANY(${param(search.phones)}::text[])`);
  }
  if (search.words.length) {
    const holds = (haystack: string) =>
      search.words
        .map((w) => `suivi_fold(${haystack}) LIKE '%' || suivi_fold(${param(likeLiteral(w))}) || '%'`)
        .join(' AND ');
    arms.push(`SELECT s.id FROM tenant_contacts t JOIN complaints s ON s.tenant_contact_id = t.id
                WHERE ${holds('t.name')}`);
    arms.push(`SELECT s.id FROM residences r JOIN complaints s ON s.residence_id = r.id
                WHERE ${holds(`r.name || ' ' || r.address || ' ' || r.postcode || ' ' || r.city`)}`);
  }
  if (arms.length === 0) return { sql: 'SELECT NULL::uuid AS id WHERE false', params };
  return { sql: `${arms.join(' UNION ')} LIMIT ${SEARCH_ID_CAP + 1}`, params };
}

/**
 * The complaints' read models: the agents' queue (page, total, counts), the complaint page, the link
 * holders' views (tracking, work order, partner) and the Open311 feed. Reads only; every write goes through
 * ComplaintRecordRepository.
 */
@Injectable()
export class ComplaintQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The conditions of a list, one per landlord reached (see `scopeBranches`), sharing their parameters. */
  async selection(
    query: Omit<ComplaintQuery, 'page' | 'pageSize' | 'sort'>,
    scope: ComplaintScope,
  ): Promise<ComplaintSelection> {
    const params: unknown[] = [];
    const narrowing: ScopeNarrowing = {};
    if (query.landlord) {
      const [landlord]: { id: string }[] = await this.db.query('SELECT id FROM landlords WHERE code = $1', [
        query.landlord,
      ]);
      if (!landlord) return { branches: [], params };
      narrowing.landlordId = landlord.id;
    }
    if (query.agency) {
      // Agency codes are unique per landlord only: the code names that agency in each landlord.
      const agencies: { id: string; landlord_id: string }[] = await this.db.query(
        'SELECT id, landlord_id FROM agencies WHERE code = $1',
        [query.agency],
      );
      narrowing.agencyIdsByLandlord = new Map();
      for (const { id, landlord_id } of agencies) {
        narrowing.agencyIdsByLandlord.set(landlord_id, [
          ...(narrowing.agencyIdsByLandlord.get(landlord_id) ?? []),
          id,
        ]);
      }
    }
    const scoped = scopeBranches(scope, params, narrowing);
    const filters: string[] = [];
    const filter = (sql: string, value: unknown) => {
      params.push(value);
      filters.push(sql.replace('?', `$${params.length}`));
    };
    if (query.status) filter('c.status = ?', query.status);
    if (query.category) filter('c.category = ?', query.category);
    if (query.channel) filter('c.intake_channel = ?', query.channel);
    if (query.urgency) filter('c.urgency_level = ?', query.urgency);
    if (query.overdue === true) filters.push('c.next_due_at <= now()');
    if (query.overdue === false) filters.push('(c.next_due_at IS NULL OR c.next_due_at > now())');
    if (query.q && scoped.length) {
      // Every landlord's numbering plan: few rows, and a number read in a plan the scope does not reach
      // finds nothing outside the scope anyway.
      const plans: { country: string; region: string }[] = await this.db.query(
        'SELECT DISTINCT country, region FROM landlords',
      );
      const search = readSearch(query.q, plans);
      if (search) {
        // The matches first, by their own indexes; the page then reads them by id (see matchingIdsQuery).
        const { sql, params: searchParams } = matchingIdsQuery(search);
        const ids = ((await this.db.query(sql, searchParams)) as { id: string }[]).map((r) => r.id);
        if (ids.length <= SEARCH_ID_CAP) {
          params.push(ids);
          filters.push(`c.id = ANY($${params.length}::uuid[])`);
        } else filters.push(searchCondition(search, params));
      }
    }
    return { branches: scoped.map((branch) => [branch, ...filters].join(' AND ')), params };
  }

  /**
   * One page of a list. Each landlord's branch reads its own index in the requested order and stops after
   * the page (LIMIT/OFFSET, with the id as tie-breaker so pages never overlap or skip); several landlords'
   * first `offset + pageSize` rows are merged and cut again. The landlord, agency and residence codes are
   * joined to the page's rows only.
   */
  async page(query: ComplaintQuery, { branches, params }: ComplaintSelection): Promise<ComplaintSummary[]> {
    if (branches.length === 0) return [];
    const column = {
      createdAt: 'c.created_at',
      updatedAt: 'c.updated_at',
      status: 'c.status',
      nextDue: 'c.next_due_at',
    }[query.sort.replace('-', '') as 'createdAt' | 'updatedAt' | 'status' | 'nextDue'];
    const direction = query.sort.startsWith('-') ? 'DESC' : 'ASC';
    // Closed complaints have no next due date: they come last whichever way the queue is sorted.
    const nulls = column === 'c.next_due_at' ? ' NULLS LAST' : '';
    const order = `ORDER BY ${column} ${direction}${nulls}, c.id ${direction}`;
    const offset = (query.page - 1) * query.pageSize;
    const columns = `c.id, c.reference, c.status, c.version, c.landlord_id, c.agency_id, c.residence_id, c.category,
                     c.intake_channel, c.hold_reason, c.created_at, c.updated_at, c.urgency_level, c.next_due_at,
                     c.next_due_stage, c.works_reported, (c.urgency->>'rank')::int = 0 AS emergency,
                     (c.acknowledged_at > c.acknowledge_due_at OR c.works_done_at > c.intervene_due_at
                       OR c.closed_at > c.resolve_due_at) AS breached,
                     c.escalated_at IS NOT NULL AS review_asked,
                     (c.status = 'received' AND COALESCE((c.urgency->'safety'->>'review')::boolean, false))
                       AS safety_review`;
    const pageRows =
      branches.length === 1
        ? `SELECT ${columns} FROM complaints c WHERE ${branches[0]} ${order} LIMIT ${query.pageSize} OFFSET ${offset}`
        : `SELECT c.* FROM (${branches
            .map(
              (b) =>
                `(SELECT ${columns} FROM complaints c WHERE ${b} ${order} LIMIT ${offset + query.pageSize})`,
            )
            .join(' UNION ALL ')}) AS c ${order} LIMIT ${query.pageSize} OFFSET ${offset}`;
    const rows: SummaryRow[] = await this.db.query(
      `SELECT c.reference, c.status, c.version, l.code AS landlord, a.code AS agency, r.code AS residence,
              c.category, c.intake_channel, c.hold_reason, c.created_at, c.updated_at, c.urgency_level,
              c.next_due_at, c.next_due_stage, c.next_due_at <= now() AS overdue, c.safety_review,
              c.status = 'assigned' AND c.works_reported AS works_reported, c.emergency IS TRUE AS emergency,
              c.breached IS TRUE AS breached,
              (c.review_asked OR EXISTS (SELECT 1 FROM complaint_events e
                                          WHERE e.complaint_id = c.id AND e.action = 'on_call_escalated')) AS escalated,
              (SELECT n.channel FROM notifications n
                WHERE n.complaint_id = c.id AND n.audience = 'tenant' AND n.status IN ('failed', 'undelivered')
                ORDER BY n.seq DESC LIMIT 1) AS message_failed
         FROM (${pageRows}) AS c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN agencies a ON a.id = c.agency_id
         LEFT JOIN residences r ON r.id = c.residence_id
        ${order}`,
      params,
    );
    return rows.map((r): ComplaintSummary => ({
      reference: formatReference(r.reference),
      status: r.status,
      version: r.version,
      landlord: r.landlord,
      agency: r.agency,
      residence: r.residence,
      category: r.category,
      channel: r.intake_channel,
      onHold: r.hold_reason,
      urgency: r.urgency_level,
      safetyReview: r.safety_review === true,
      messageFailed: r.message_failed,
      emergency: r.emergency,
      worksReported: r.works_reported,
      breached: r.breached,
      escalated: r.escalated,
      nextDue: r.next_due_at
        ? { stage: r.next_due_stage as string, at: r.next_due_at.toISOString(), overdue: r.overdue }
        : null,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  /** How many complaints a list matches: per landlord reached, a count the landlord's indexes answer. */
  async total({ branches, params }: ComplaintSelection): Promise<number> {
    if (branches.length === 0) return 0;
    const [{ total }]: { total: number }[] = await this.db.query(
      `SELECT (${branches.map((b) => `(SELECT count(*) FROM complaints c WHERE ${b})`).join(' + ')})::int AS total`,
      params,
    );
    return total;
  }

  /**
   * Per status, how many complaints of the selection (status filter aside) there are and how many are past
   * their next due date: per landlord reached, a grouped count that PostgreSQL answers from
   * `IDX_complaints_landlord_status_next_due` alone unless a category, channel or urgency filter needs rows.
   */
  async countsByStatus({
    branches,
    params,
  }: ComplaintSelection): Promise<{ status: string; total: number; overdue: number }[]> {
    if (branches.length === 0) return [];
    const grouped = (where: string) =>
      `SELECT c.status, count(*) AS total, count(*) FILTER (WHERE c.next_due_at <= now()) AS overdue
         FROM complaints c WHERE ${where} GROUP BY c.status`;
    return this.db.query(
      `SELECT status, sum(total)::int AS total, sum(overdue)::int AS overdue
         FROM (${branches.map(grouped).join(' UNION ALL ')}) AS per_landlord GROUP BY status`,
      params,
    );
  }

  /** The agent's complaint page row for a bare reference inside the scope; undefined when none. */
  async detail(reference: string, scope: ComplaintScope): Promise<ComplaintDetailRow | undefined> {
    const params: unknown[] = [reference];
    const condition = scopeCondition(scope, params);
    const [row]: ComplaintDetailRow[] = await this.db.query(
      `SELECT c.*, l.code AS landlord_code, l.name AS landlord_name, l.country, l.region, l.timezone,
              l.closure_days::text[] AS closures, l.reopen_window_days,
              a.code AS agency_code, a.name AS agency_name,
              r.code AS residence_code, r.name AS residence_name, r.address AS residence_address,
              r.postcode AS residence_postcode, r.city AS residence_city,
              k.name AS contractor_name, t.name AS tenant_name, t.phone_e164 AS tenant_phone,
              t.email AS tenant_email, t.preferred_channel AS tenant_channel, t.language AS tenant_language
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN agencies a ON a.id = c.agency_id
         LEFT JOIN residences r ON r.id = c.residence_id
         LEFT JOIN contractors k ON k.id = c.contractor_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE c.reference = $1 AND ${condition}`,
      params,
    );
    return row;
  }

  /** Each message about the complaint, in order of event, audience and channel. */
  deliveries(complaintId: string): Promise<DeliveryRow[]> {
    return this.db.query(
      `SELECT id, seq, template, audience, channel, status, attempts, error_code, error, created_at, sent_at,
              delivered_at
         FROM notifications WHERE complaint_id = $1 ORDER BY seq, audience, channel`,
      [complaintId],
    );
  }

  /** The id of the complaint with this bare reference inside the scope; undefined when none. */
  async idOf(reference: string, scope: ComplaintScope): Promise<string | undefined> {
    const params: unknown[] = [reference];
    const [row]: { id: string }[] = await this.db.query(
      `SELECT c.id FROM complaints c WHERE c.reference = $1 AND ${scopeCondition(scope, params)}`,
      params,
    );
    return row?.id;
  }

  /** The complaint a tracking token opens (by the token's hash); undefined when none. */
  async byTrackingToken(token: string): Promise<TrackedComplaintRow | undefined> {
    const [row]: TrackedComplaintRow[] = await this.db.query(
      `SELECT c.id, c.reference, c.status, c.version, l.name AS landlord_name, l.code AS landlord_code, c.category, c.created_at, c.urgency,
              c.landlord_id, l.country, l.region, l.timezone, l.closure_days::text[] AS closures,
              c.closed_at, c.hold_reason, c.appointment_start, c.appointment_end, c.rating,
              c.contractor_id, c.works_reported, l.reopen_window_days,
              COALESCE(a.public_phone, l.public_phone) AS contact_phone, l.sms_number,
              t.phone_e164 IS NOT NULL AS tenant_has_phone, t.email IS NOT NULL AS tenant_has_email
         FROM complaints c JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN agencies a ON a.id = c.agency_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE c.tracking_token_hash = $1`,
      [hashToken(token)],
    );
    return row;
  }

  /** What a reference-and-verifier lookup compares: the tenant's phone and e-mail, and the link's hash. */
  async lookupRow(
    reference: string,
  ): Promise<
    { id: string; phone: string | null; email: string | null; tracking_token_hash: string | null } | undefined
  > {
    const [row]: {
      id: string;
      phone: string | null;
      email: string | null;
      tracking_token_hash: string | null;
    }[] = await this.db.query(
      `SELECT c.id, t.phone_e164 AS phone, t.email, c.tracking_token_hash
           FROM complaints c LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
          WHERE c.reference = $1`,
      [reference],
    );
    return row;
  }

  /** The complaint a live work-order token opens, while its contractor is still the one assigned. */
  async byWorkOrderToken(token: string): Promise<WorkOrderRow | undefined> {
    const [row]: WorkOrderRow[] = await this.db.query(
      `SELECT c.id, c.reference, c.status, c.version, c.category, c.description, c.unit, c.access_notes,
              c.appointment_start, c.appointment_end, c.share_contact_with_contractor, c.contractor_id,
              w.contractor_id AS order_contractor_id, k.name AS contractor_name,
              r.name AS residence_name, r.address, r.postcode, r.city,
              t.name AS tenant_name, t.phone_e164 AS tenant_phone, c.urgency, l.timezone,
              c.works_reported, c.hold_reason, c.closed_at, w.created_at AS order_created_at,
              l.name AS landlord_name, l.public_phone AS landlord_phone
         FROM work_orders w
         JOIN complaints c ON c.id = w.complaint_id
         JOIN landlords l ON l.id = c.landlord_id
         JOIN contractors k ON k.id = w.contractor_id
         LEFT JOIN residences r ON r.id = c.residence_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE w.token_hash = $1 AND w.revoked_at IS NULL AND c.contractor_id = w.contractor_id`,
      [hashToken(token)],
    );
    return row;
  }

  /**
   * The work order a token once opened and no longer does (revoked at closing or reassignment, or its
   * contractor no longer the one assigned); undefined for a token that never opened one.
   */
  async endedWorkOrder(token: string): Promise<EndedWorkOrderRow | undefined> {
    const [row]: EndedWorkOrderRow[] = await this.db.query(
      `SELECT c.reference, c.status, c.category, r.name AS residence_name, r.city, k.name AS contractor_name,
              (c.contractor_id IS DISTINCT FROM w.contractor_id) AS reassigned,
              COALESCE(w.revoked_at, now()) AS revoked_at, c.closed_at,
              e.action AS ended_by_action, e.actor_role AS ended_by_role, e.at AS ended_at,
              l.name AS landlord_name, l.public_phone AS landlord_phone, l.timezone
         FROM work_orders w
         JOIN complaints c ON c.id = w.complaint_id
         JOIN landlords l ON l.id = c.landlord_id
         JOIN contractors k ON k.id = w.contractor_id
         LEFT JOIN residences r ON r.id = c.residence_id
         LEFT JOIN LATERAL (
           SELECT e.action, e.actor_role, e.at FROM complaint_events e
            WHERE e.complaint_id = c.id AND e.at >= w.created_at - interval '5 seconds'
              AND e.action IN ('close', 'close_without_works', 'reassign', 'assign')
              -- not the step that issued this order (its event and the row are stamped apart)
              AND NOT (e.action IN ('assign', 'reassign') AND e.payload->>'contractorId' = w.contractor_id::text
                       AND e.at <= w.created_at + interval '5 seconds')
            ORDER BY e.seq LIMIT 1) e ON true
        WHERE w.token_hash = $1 AND (w.revoked_at IS NOT NULL OR c.contractor_id IS DISTINCT FROM w.contractor_id)`,
      [hashToken(token)],
    );
    return row;
  }

  /**
   * A contractor's work orders (issue 18, M6): the live ones of complaints still open, and the last
   * `closedLimit` of complaints closed while the order was theirs, in the landlords of `landlordIds`.
   * Open ones by next deadline (none last), then appointment.
   */
  contractorOrders(
    contractorId: string,
    landlordIds: string[],
    closedLimit = 10,
  ): Promise<ContractorOrderRow[]> {
    return this.db.query(
      `(SELECT w.id AS work_order_id, c.reference, c.status, c.category, c.urgency_level,
               r.name AS residence_name, r.address, r.postcode, r.city,
               c.appointment_start, c.appointment_end, c.next_due_at, c.works_reported, c.closed_at,
               l.timezone, true AS open
          FROM work_orders w
          JOIN complaints c ON c.id = w.complaint_id
          JOIN landlords l ON l.id = c.landlord_id
          LEFT JOIN residences r ON r.id = c.residence_id
         WHERE w.contractor_id = $1 AND c.landlord_id = ANY($2::uuid[])
           AND w.revoked_at IS NULL AND c.contractor_id = w.contractor_id AND c.status <> 'closed'
         ORDER BY c.next_due_at ASC NULLS LAST, c.appointment_start ASC NULLS LAST, c.created_at
         LIMIT 500)
       UNION ALL
       (SELECT w.id, c.reference, c.status, c.category, c.urgency_level,
               r.name, r.address, r.postcode, r.city,
               c.appointment_start, c.appointment_end, NULL, c.works_reported, c.closed_at,
               l.timezone, false
          FROM work_orders w
          JOIN complaints c ON c.id = w.complaint_id
          JOIN landlords l ON l.id = c.landlord_id
          LEFT JOIN residences r ON r.id = c.residence_id
         WHERE w.contractor_id = $1 AND c.landlord_id = ANY($2::uuid[])
           AND c.status = 'closed' AND c.contractor_id = w.contractor_id
           AND w.id = (SELECT w2.id FROM work_orders w2 WHERE w2.complaint_id = c.id
                        AND w2.contractor_id = w.contractor_id ORDER BY w2.created_at DESC LIMIT 1)
         ORDER BY c.closed_at DESC
         LIMIT $3)`,
      [contractorId, landlordIds, closedLimit],
    );
  }

  /** A partner's filings, newest first (at most 500), or the one with this bare reference ('' for none). */
  partnerComplaints(partnerOrganisationId: string, reference?: string): Promise<PartnerComplaintRow[]> {
    const params: unknown[] = [partnerOrganisationId];
    if (reference !== undefined) params.push(reference);
    return this.db.query(
      `SELECT c.id, c.reference, c.status, c.version, l.name AS landlord_name, l.code AS landlord_code, c.category, c.created_at, c.urgency,
              c.landlord_id, l.country, l.region, l.timezone, l.closure_days::text[] AS closures,
              c.closed_at, c.hold_reason, c.appointment_start, c.appointment_end, c.rating, c.partner_case_reference,
              c.contractor_id, c.works_reported, l.reopen_window_days
         FROM complaints c JOIN landlords l ON l.id = c.landlord_id
        WHERE c.partner_organisation_id = $1 ${params.length > 1 ? 'AND c.reference = $2' : ''}
        ORDER BY c.created_at DESC LIMIT 500`,
      params,
    );
  }

  /**
   * The Open311 service requests matching every filter given, newest first, a page at a time. A request's
   * `updated_at` is the time of its last published change (see `PUBLISHED_CHANGE_ACTIONS`), read from its
   * events through the (complaint_id, seq) index; the row's own `updated_at` moves with any write (a note).
   */
  open311Requests(query: Open311Filter): Promise<Open311Row[]> {
    const params: unknown[] = [[...PUBLISHED_CHANGE_ACTIONS]];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.serviceRequestIds) {
      add(
        'c.public_id = ANY(?::uuid[])',
        query.serviceRequestIds.map((id) => id.toLowerCase()),
      );
    }
    if (query.serviceCodes) add('c.category = ANY(?::text[])', query.serviceCodes);
    if (query.status?.length === 1)
      where.push(query.status[0] === 'closed' ? "c.status = 'closed'" : "c.status <> 'closed'");
    if (query.startDate) add('c.created_at >= ?', query.startDate);
    if (query.endDate) add('c.created_at < ?', query.endDate);
    return this.db.query(
      `SELECT c.public_id, c.status, c.category, c.urgency_level, l.name AS landlord_name, c.created_at,
              COALESCE((SELECT max(e.at) FROM complaint_events e
                         WHERE e.complaint_id = c.id AND e.action = ANY($1::text[])), c.created_at) AS updated_at,
              c.next_due_at, r.city, r.postcode
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN residences r ON r.id = c.residence_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY c.created_at DESC, c.id DESC
        LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
  }
}

/** One SELECT list for an EventSnapshot, over `c` (complaints), `l` (landlords) and `e` (the event). */
const EVENT_SNAPSHOT = `json_build_object(
    'reference', c.reference, 'state', e.to_state, 'landlordName', l.name, 'timeZone', l.timezone,
    'nextDueAt', c.next_due_at, 'closedAt', c.closed_at, 'reopenWindowDays', l.reopen_window_days,
    'holdReason', c.hold_reason,
    'appointment', CASE WHEN c.appointment_start IS NOT NULL AND c.appointment_end IS NOT NULL
                   THEN json_build_object('start', c.appointment_start, 'end', c.appointment_end) END,
    'payload', e.payload,
    'actions', ARRAY(SELECT p.action FROM complaint_events p
                      WHERE p.complaint_id = c.id AND p.seq <= e.seq ORDER BY p.seq),
    'workOrderId', (SELECT w.id FROM work_orders w WHERE w.complaint_id = c.id AND w.revoked_at IS NULL
                     ORDER BY w.created_at DESC LIMIT 1)
  )`;

/**
 * The complaints capability's answer to the notifications' questions (the ComplaintFacts port): reads (and
 * the opt-out's writes) of complaints, complaint_events, landlords, tenant_contacts, contractors,
 * work_orders, and the staff directory (users, memberships) for who to tell.
 */
@Injectable()
export class MessageFactsQueries extends ComplaintFacts {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  /**
   * The recipients of an event's messages and the facts the messages tell, read in the transaction that
   * wrote event `seq` (it must be written already). Null when the complaint is gone.
   */
  async forEvent(
    em: Runner,
    complaintId: string,
    seq: number,
  ): Promise<{ recipients: RecipientFacts; snapshot: EventSnapshot } | null> {
    const [row]: {
      landlord_id: string;
      partner_organisation_id: string | null;
      timezone: string;
      country: string;
      sms_day_start: string;
      sms_day_end: string;
      urgency_rank: number | null;
      phone_e164: string | null;
      email: string | null;
      preferred_channel: TenantPreference | null;
      language: 'fr' | 'en' | null;
      sms_opted_out_at: Date | null;
      email_preference: EmailPreference | null;
      contractor_id: string | null;
      contractor_email: string | null;
      contractor_phone: string | null;
      snapshot: EventSnapshot;
    }[] = await em.query(
      `SELECT c.landlord_id, c.partner_organisation_id, l.timezone, l.country, l.sms_day_start, l.sms_day_end,
              (c.urgency ->> 'rank')::int AS urgency_rank,
              t.phone_e164, t.email, t.preferred_channel, t.language, t.sms_opted_out_at, t.email_preference,
              c.contractor_id, k.email AS contractor_email, k.phone_e164 AS contractor_phone,
              ${EVENT_SNAPSHOT} AS snapshot
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN complaint_events e ON e.complaint_id = c.id AND e.seq = $2
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
         LEFT JOIN contractors k ON k.id = c.contractor_id
        WHERE c.id = $1`,
      [complaintId, seq],
    );
    if (!row) return null;
    return {
      recipients: {
        landlordId: row.landlord_id,
        partnerOrganisationId: row.partner_organisation_id,
        country: row.country,
        timezone: row.timezone,
        smsWindow: { start: row.sms_day_start, end: row.sms_day_end },
        urgencyRank: row.urgency_rank,
        tenant: {
          phone: row.phone_e164,
          email: row.email,
          preferredChannel: row.preferred_channel,
          language: row.language,
          smsOptedOut: !!row.sms_opted_out_at,
          emailPreference: row.email_preference ?? 'all',
        },
        contractor: row.contractor_id
          ? { id: row.contractor_id, email: row.contractor_email, phone: row.contractor_phone }
          : null,
      },
      snapshot: row.snapshot,
    };
  }

  /**
   * The complaint as event `seq` left it, read now (a tracking link re-sent; outbox rows written before
   * their facts were stored with them). Null when the complaint is gone.
   */
  async snapshot(complaintId: string, seq: number): Promise<EventSnapshot | null> {
    const [row]: { snapshot: EventSnapshot }[] = await this.db.query(
      `SELECT ${EVENT_SNAPSHOT} AS snapshot
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN complaint_events e ON e.complaint_id = c.id AND e.seq = $2
        WHERE c.id = $1`,
      [complaintId, seq],
    );
    return row?.snapshot ?? null;
  }

  /** The active staff of an audience: a partner organisation's partners, or a landlord's agents or supervisors. */
  staff(
    em: Runner,
    audience: 'partner' | 'agent' | 'supervisor',
    recipients: Pick<RecipientFacts, 'landlordId' | 'partnerOrganisationId'>,
  ): Promise<{ id: string; email: string }[]> {
    if (audience === 'partner') {
      if (!recipients.partnerOrganisationId) return Promise.resolve([]);
      return em.query(
        `SELECT id, email FROM users WHERE partner_organisation_id = $1 AND role = 'partner' AND active`,
        [recipients.partnerOrganisationId],
      );
    }
    return em.query(
      `SELECT DISTINCT u.id, u.email FROM users u JOIN memberships m ON m.user_id = u.id
        WHERE m.landlord_id = $1 AND u.role = $2 AND u.active`,
      [recipients.landlordId, audience],
    );
  }

  /** Whether the tenant of a complaint has texted STOP (checked just before an SMS to them is sent). */
  async tenantSmsOptedOut(complaintId: string): Promise<boolean> {
    const [row]: { opted_out: boolean }[] = await this.db.query(
      `SELECT t.sms_opted_out_at IS NOT NULL AS opted_out
         FROM complaints c JOIN tenant_contacts t ON t.id = c.tenant_contact_id WHERE c.id = $1`,
      [complaintId],
    );
    return row?.opted_out ?? false;
  }

  async tenantFallbackEmail(complaintId: string): Promise<string | null> {
    const [row]: { email: string | null }[] = await this.db.query(
      `SELECT t.email FROM complaints c JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE c.id = $1 AND coalesce(t.preferred_channel, '') <> 'none'`,
      [complaintId],
    );
    return row?.email ?? null;
  }

  async resendContext(complaintId: string): Promise<{
    phone: string | null;
    email: string | null;
    timeZone: string;
    smsWindow: SmsWindow;
    urgencyRank: number | null;
  } | null> {
    const [row]: {
      phone: string | null;
      email: string | null;
      timeZone: string;
      start: string;
      end: string;
      urgencyRank: number | null;
    }[] = await this.db.query(
      `SELECT t.phone_e164 AS phone, t.email, l.timezone AS "timeZone", l.sms_day_start AS start,
              l.sms_day_end AS end, (c.urgency ->> 'rank')::int AS "urgencyRank"
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE c.id = $1`,
      [complaintId],
    );
    if (!row) return null;
    const { start, end, ...rest } = row;
    return { ...rest, smsWindow: { start, end } };
  }

  async tenantPreferences(complaintId: string): Promise<TenantPreferences | null> {
    const [row]: TenantPreferences[] = await this.db.query(
      `SELECT c.reference, l.name AS "landlordName", t.language, t.email IS NOT NULL AS "hasEmail",
              t.phone_e164 IS NOT NULL AS "hasPhone", t.email_preference AS "emailPreference",
              t.sms_opted_out_at IS NOT NULL AS "smsOptedOut"
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE c.id = $1`,
      [complaintId],
    );
    return row ?? null;
  }

  async setTenantPreferences(
    complaintId: string,
    change: { email?: EmailPreference; sms?: boolean },
  ): Promise<boolean> {
    // The opt-out instant is kept while SMS stay off (a second "off" does not move it), as a STOP does.
    const rows: unknown[] = await this.db.query(
      `UPDATE tenant_contacts t
          SET email_preference = COALESCE($2, t.email_preference),
              sms_opted_out_at = CASE WHEN $3::boolean IS NULL THEN t.sms_opted_out_at
                                      WHEN $3::boolean THEN NULL
                                      ELSE COALESCE(t.sms_opted_out_at, now()) END
         FROM complaints c
        WHERE c.id = $1 AND t.id = c.tenant_contact_id
        RETURNING t.id`,
      [complaintId, change.email ?? null, change.sms ?? null],
    );
    // TypeORM answers an UPDATE with [rows, count].
    return Array.isArray(rows[0]) ? rows[0].length > 0 : rows.length > 0;
  }

  /** A STOP texted from `phone` (E.164): every tenant contact with that number stops getting SMS. */
  async optOut(phone: string): Promise<void> {
    await this.db.query(
      `UPDATE tenant_contacts SET sms_opted_out_at = now() WHERE phone_e164 = $1 AND sms_opted_out_at IS NULL`,
      [phone],
    );
  }

  /** A START texted from `phone` (E.164): SMS resume for every tenant contact with that number. */
  async optIn(phone: string): Promise<void> {
    await this.db.query(`UPDATE tenant_contacts SET sms_opted_out_at = NULL WHERE phone_e164 = $1`, [phone]);
  }

  /** The complaint `reference` (canonical) if `phone` (E.164) is its tenant's, with what a status reply tells. */
  async forStatusReply(reference: string, phone: string): Promise<StatusReplyFacts | null> {
    const [row]: StatusReplyFacts[] = await this.db.query(
      `SELECT c.id AS "complaintId", c.reference, c.status AS state, c.hold_reason AS "holdReason",
              c.next_due_at AS "nextDueAt", t.language, l.name AS "landlordName", l.timezone AS "timeZone",
              ARRAY(SELECT e.action FROM complaint_events e WHERE e.complaint_id = c.id ORDER BY e.seq) AS actions
         FROM complaints c
         JOIN tenant_contacts t ON t.id = c.tenant_contact_id
         JOIN landlords l ON l.id = c.landlord_id
        WHERE c.reference = $1 AND t.phone_e164 = $2`,
      [reference, phone],
    );
    return row ?? null;
  }

  /** The tenant's contact on file for complaint `reference` (canonical), or null for an unknown reference. */
  async forResend(reference: string): Promise<ResendFacts | null> {
    const [row]: ResendFacts[] = await this.db.query(
      `SELECT c.id AS "complaintId", l.country, t.phone_e164 AS phone, t.email, t.language,
              t.sms_opted_out_at IS NOT NULL AS "smsOptedOut",
              (SELECT max(e.seq) FROM complaint_events e WHERE e.complaint_id = c.id)::int AS seq
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE c.reference = $1`,
      [reference],
    );
    return row ?? null;
  }
}
