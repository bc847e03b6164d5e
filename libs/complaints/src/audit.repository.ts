import type { StageEvent } from '@suivi/domain';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ChainHead, ComplaintFacts, DeadlineStage, MetricAggregates, TimeToStage } from '@suivi/domain';

export const METRIC_GROUPS = ['category', 'urgency', 'channel', 'agency', 'month'] as const;
export type MetricGroup = (typeof METRIC_GROUPS)[number];

/** The complaints a report covers: a landlord's, filed in [from, to), narrowed to an agency, residence or level. */
export interface AuditFilter {
  from: Date;
  to: Date;
  agencyCode?: string;
  residenceCode?: string;
  urgency?: string;
}

/** The facts of one complaint as the reports read them from its row. */
export interface FactRow {
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

/** A complaint's facts as the reference computation derives them from its events. */
export interface ReferenceFactRow extends Omit<
  FactRow,
  'escalated' | 'urgency_overridden' | 'acknowledged_at' | 'works_done_at' | 'closed_at'
> {
  escalated: boolean | null;
  urgency_overridden: boolean | null;
  /** Every event, oldest first, with what the stage rules read of its payload (the stages are derived). */
  history: StageEvent[];
}

/** An event or rating not yet in its landlord's log, with the public facts its leaf commits to. */
export interface PendingLeafRow {
  kind: 'event' | 'rating';
  complaint_id: string;
  public_id: string;
  /** The event's seq; null for a rating. */
  seq: number | null;
  /** The event's time, or when the rating was given. */
  at: Date;
  action: string | null;
  from_state: string | null;
  to_state: string | null;
  actor_role: string | null;
  hash: string | null;
  rating: number | null;
}

/** One leaf of the log as the export writes it: its position and the public facts to rebuild it. */
export interface LogEntryRow extends Omit<PendingLeafRow, 'complaint_id'> {
  leaf_index: string;
  prev_hash: string | null;
}

/** A stored checkpoint. */
export interface CheckpointRow {
  id: string;
  tree_size: string;
  root_hash: Buffer;
  signed_at: Date;
  note: string;
}

/** Sequencer batches: bounded so one transaction never holds a landlord's whole backlog in memory. */
const BATCH = 20_000;
/** Leaf hashes read per row by leafHashes. */
const LEAF_CHUNK = 100_000;

/**
 * The audit's read models and its one table: the metrics over the complaint rows' rollup columns (and, for
 * the reference computation, over the events), the homes of a scope, and the daily digests of the
 * landlords' chain heads with the export of their events. Digests are written once, never rewritten.
 */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** A page of the complaints of the filter, oldest first, and how many there are in all. */
  async factsPage(
    landlordId: string,
    filter: AuditFilter,
    page: number,
    pageSize: number,
  ): Promise<{ rows: (FactRow & { id: string; status: string })[]; total: number }> {
    const { from, params } = selection(landlordId, filter);
    const [rows, [{ total }]]: [(FactRow & { id: string; status: string })[], { total: number }[]] =
      await Promise.all([
        this.db.query(
          `SELECT c.id, c.status, ${FACT_COLUMNS} ${from} ORDER BY c.created_at, c.id
            LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
          params,
        ),
        this.db.query(`SELECT count(*)::int AS total ${from}`, params),
      ]);
    return { rows, total };
  }

  /**
   * The report's aggregates (overall, and per group with `groupBy`) over the filter's complaints, at `now`;
   * `part` computes one half of them (see `aggregateSql`). The percentiles sort in memory: the statement
   * runs in its own transaction with a larger work_mem.
   */
  aggregate(
    landlordId: string,
    filter: AuditFilter,
    groupBy: MetricGroup | undefined,
    now: Date,
    timeZone: string,
    part: AggregatePart,
  ): Promise<AggregateRow[]> {
    const { from, params } = selection(landlordId, filter);
    const key = groupBy ? groupExpression(groupBy) : null;
    const all = [...params, now];
    const nowParam = `$${all.length}::timestamptz`;
    if (key?.includes('$TZ')) all.push(timeZone);
    return this.db.transaction(async (em) => {
      // A year of a large landlord is a few MB per sort.
      await em.query(`SET LOCAL work_mem = '64MB'`);
      return em.query(aggregateSql(from, key, nowParam, `$${all.length}::text`, part), all);
    });
  }

  /** The facts of each complaint of the filter derived from its events (first acknowledgement, holds, …). */
  referenceFacts(landlordId: string, filter: AuditFilter): Promise<ReferenceFactRow[]> {
    const { from, params } = selection(landlordId, filter);
    return this.db.query(
      REFERENCE_SELECT +
        `
         ${from.replace('WHERE', 'JOIN complaint_events e ON e.complaint_id = c.id WHERE')}
        GROUP BY c.id, a.code`,
      params,
    );
  }

  /** The homes of the scope: the landlord's residences, or those of the agency / the one residence asked for. */
  async homes(
    landlordId: string,
    filter: Pick<AuditFilter, 'agencyCode' | 'residenceCode'>,
  ): Promise<number | null> {
    const params: unknown[] = [landlordId];
    // A merged duplicate's homes are the survivor's: counted once (issue 18 M4).
    const where = ['r.landlord_id = $1', 'r.merged_into IS NULL'];
    if (filter.agencyCode) {
      params.push(filter.agencyCode);
      where.push(`a.code = $${params.length}`);
    }
    if (filter.residenceCode) {
      params.push(filter.residenceCode);
      where.push(`r.code = $${params.length}`);
    }
    const [{ homes }]: { homes: number | null }[] = await this.db.query(
      `SELECT sum(r.homes_count)::int AS homes FROM residences r LEFT JOIN agencies a ON a.id = r.agency_id
        WHERE ${where.join(' AND ')}`,
      params,
    );
    return homes || null;
  }

  /** Per landlord (all, or these): its first event's time and its last digested day (`YYYY-MM-DD`). */
  digestProgress(landlordIds?: string[]): Promise<{ id: string; first: Date | null; last: string | null }[]> {
    return this.db.query(
      `SELECT l.id,
              (SELECT min(e.at) FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
                WHERE c.landlord_id = l.id) AS first,
              (SELECT max(d.day)::text FROM daily_digests d WHERE d.landlord_id = l.id) AS last
         FROM landlords l ${landlordIds ? 'WHERE l.id = ANY($1::uuid[])' : ''}`,
      landlordIds ? [landlordIds] : [],
    );
  }

  /** Each of the landlord's complaints' last event before `before`: the chain heads a digest covers. */
  chainHeads(landlordId: string, before: Date): Promise<ChainHead[]> {
    return this.db.query(
      `SELECT DISTINCT ON (e.complaint_id) e.complaint_id AS "complaintId", e.seq, e.hash
           FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
          WHERE c.landlord_id = $1 AND e.at < $2
          ORDER BY e.complaint_id, e.seq DESC`,
      [landlordId, before],
    );
  }

  /** Records a day's digest; false when that day was already digested (digests are never rewritten). */
  async insertDigest(landlordId: string, day: string, digest: string, complaints: number): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO daily_digests (landlord_id, day, digest, complaints) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING day`,
      [landlordId, day, digest, complaints],
    );
    return rows.length > 0;
  }

  // The transparency log (issue 17): each landlord's append-only Merkle log, its checkpoints and their e-mails.

  /** Every landlord, by code. */
  logLandlords(): Promise<{ id: string; code: string }[]> {
    return this.db.query(`SELECT id, code FROM landlords ORDER BY code`);
  }

  /**
   * Appends to the landlord's log the leaves of events and ratings not yet in it, in a deterministic
   * order: events by insertion id (so a complaint's events stay in seq order), then ratings by time and
   * complaint. One batch per transaction, under a transaction-level advisory lock on the landlord's log, so
   * two sequencers never give two leaves one index, and transitions never wait for it. `leafHashOf` hashes
   * a pending row's leaf (pure). Answers how many leaves were appended and the log's size after.
   */
  async appendPendingLeaves(
    landlordId: string,
    leafHashOf: (row: PendingLeafRow) => Buffer,
  ): Promise<{ appended: number; size: number }> {
    let appended = 0;
    for (;;) {
      const { count, size } = await this.db.transaction(async (em) => {
        await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('transparency:' || $1, 17))`, [
          landlordId,
        ]);
        const [{ next }]: { next: string }[] = await em.query(
          `SELECT coalesce(max(leaf_index) + 1, 0)::text AS next FROM transparency_leaves WHERE landlord_id = $1`,
          [landlordId],
        );
        const rows: PendingLeafRow[] = await em.query(
          `(SELECT 'event' AS kind, e.complaint_id, c.public_id, e.seq, e.at, e.action, e.from_state, e.to_state,
                   e.actor_role, e.hash, NULL::int AS rating, 0 AS part, e.id AS ord, NULL::timestamptz AS rated
              FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
             WHERE c.landlord_id = $1
               AND NOT EXISTS (SELECT 1 FROM transparency_leaves t
                                WHERE t.kind = 'event' AND t.complaint_id = e.complaint_id AND t.seq = e.seq)
             ORDER BY e.id LIMIT $2)
           UNION ALL
           (SELECT 'rating', c.id, c.public_id, NULL, c.rated_at, NULL, NULL, NULL, NULL, NULL, c.rating::int,
                   1, NULL, c.rated_at
              FROM complaints c
             WHERE c.landlord_id = $1 AND c.rating IS NOT NULL AND c.rated_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM transparency_leaves t WHERE t.kind = 'rating' AND t.complaint_id = c.id)
             ORDER BY c.rated_at, c.id LIMIT $2)
           ORDER BY part, ord, rated, complaint_id
           LIMIT $2`,
          [landlordId, BATCH],
        );
        const first = Number(next);
        if (rows.length === 0) return { count: 0, size: first };
        await em.query(
          `INSERT INTO transparency_leaves (landlord_id, leaf_index, leaf_hash, kind, complaint_id, seq)
           SELECT $1, $2::bigint + r.n - 1, r.hash, r.kind, r.complaint_id, r.seq
             FROM unnest($3::bytea[], $4::text[], $5::uuid[], $6::int[]) WITH ORDINALITY AS r(hash, kind, complaint_id, seq, n)`,
          [
            landlordId,
            first,
            rows.map(leafHashOf),
            rows.map((r) => r.kind),
            rows.map((r) => r.complaint_id),
            rows.map((r) => r.seq),
          ],
        );
        return { count: rows.length, size: first + rows.length };
      });
      appended += count;
      if (count < BATCH) return { appended, size };
    }
  }

  /**
   * The leaf hashes of the landlord's log from index `from` up to `size` (excluded; the end without it), in
   * order. Read as
   * concatenated bytes, a chunk of leaves per row: a million leaves are 32 MB in 10 rows, not a million
   * row objects.
   */
  async leafHashes(landlordId: string, size?: number, from = 0): Promise<Buffer[]> {
    const rows: { hashes: Buffer | null }[] = await this.db.query(
      `SELECT string_agg(leaf_hash, ''::bytea ORDER BY leaf_index) AS hashes
         FROM transparency_leaves
        WHERE landlord_id = $1 AND ($2::bigint IS NULL OR leaf_index < $2::bigint) AND leaf_index >= $3
        GROUP BY leaf_index / ${LEAF_CHUNK}
        ORDER BY leaf_index / ${LEAF_CHUNK}`,
      [landlordId, size ?? null, from],
    );
    const hashes: Buffer[] = [];
    for (const { hashes: chunk } of rows) {
      if (!chunk) continue;
      for (let at = 0; at < chunk.length; at += 32) hashes.push(chunk.subarray(at, at + 32));
    }
    return hashes;
  }

  /** The log's leaves from index `after` + 1, at most `limit`, with the public facts that rebuild them. */
  logEntriesAfter(landlordId: string, after: number, limit: number): Promise<LogEntryRow[]> {
    return this.db.query(
      `SELECT t.leaf_index::text AS leaf_index, t.kind, c.public_id, t.seq,
              CASE WHEN t.kind = 'event' THEN e.at ELSE c.rated_at END AS at,
              e.action, e.from_state, e.to_state, e.actor_role, e.prev_hash, e.hash, c.rating::int AS rating
         FROM transparency_leaves t
         JOIN complaints c ON c.id = t.complaint_id
         LEFT JOIN complaint_events e ON t.kind = 'event' AND e.complaint_id = t.complaint_id AND e.seq = t.seq
        WHERE t.landlord_id = $1 AND t.leaf_index > $2
        ORDER BY t.leaf_index
        LIMIT $3`,
      [landlordId, after, limit],
    );
  }

  /** The leaves of one complaint (by public id) in the landlord's log, in order. */
  complaintLeaves(
    landlordId: string,
    publicId: string,
  ): Promise<{ leaf_index: string; kind: 'event' | 'rating'; seq: number | null }[]> {
    return this.db.query(
      `SELECT t.leaf_index::text AS leaf_index, t.kind, t.seq
         FROM transparency_leaves t JOIN complaints c ON c.id = t.complaint_id
        WHERE t.landlord_id = $1 AND c.public_id = $2
        ORDER BY t.leaf_index`,
      [landlordId, publicId],
    );
  }

  /** Records a signed checkpoint; answers its id. */
  async insertCheckpoint(
    landlordId: string,
    checkpoint: { size: number; rootHash: Buffer; signedAt: Date; note: string },
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await this.db.query(
      `INSERT INTO transparency_checkpoints (landlord_id, tree_size, root_hash, signed_at, note)
       VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [landlordId, checkpoint.size, checkpoint.rootHash, checkpoint.signedAt, checkpoint.note],
    );
    return id;
  }

  /** The addresses a checkpoint was already e-mailed to. */
  async checkpointMailedAddresses(checkpointId: string): Promise<Set<string>> {
    const rows: { address: string }[] = await this.db.query(
      `SELECT address FROM transparency_checkpoint_mails WHERE checkpoint_id = $1`,
      [checkpointId],
    );
    return new Set(rows.map((r) => r.address));
  }

  /** Records that a checkpoint was handed to the mail provider for `address` (once). */
  async recordCheckpointMail(checkpointId: string, address: string): Promise<void> {
    await this.db.query(
      `INSERT INTO transparency_checkpoint_mails (checkpoint_id, address) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [checkpointId, address],
    );
  }

  /** The landlord's checkpoints, newest first, at most `limit`. */
  checkpoints(landlordId: string, limit: number): Promise<CheckpointRow[]> {
    return this.db.query(
      `SELECT id::text AS id, tree_size::text AS tree_size, root_hash, signed_at, note
         FROM transparency_checkpoints WHERE landlord_id = $1
        ORDER BY tree_size DESC, id DESC LIMIT $2`,
      [landlordId, limit],
    );
  }
}

/** What the reference computation reads of each complaint and its events (FROM … follows). */
const REFERENCE_SELECT = `SELECT c.created_at, c.closed_at, c.urgency -> 'due' AS due, c.rating,
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
                                             'checkedBy', e.payload -> 'checkedBy')) ORDER BY e.seq) AS history`;

/** FROM … WHERE for the complaints of a landlord filed in the period, narrowed to an agency or residence. */
function selection(landlordId: string, query: AuditFilter): { from: string; params: unknown[] } {
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
