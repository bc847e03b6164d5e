import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type {
  Appointment,
  ChainedEvent,
  AuditRollup,
  ComplaintSnapshot,
  ComplaintState,
  DeadlineEvent,
  Stage,
} from '@suivi/domain';
import type { DirectoryMerge } from '@suivi/organisation';
import { ROLLUP_SELECT, changedRollupColumns, rollupFromRow } from './audit-rollup-columns';
import { chainedEventOf } from './event-store';
import type { EventRow, PreparedEvent, StoredEvent } from './event-store';
import { scopeCondition } from './scope';
import type { ComplaintScope } from './scope';
import type { LandlordCalendarRow, RecordedUrgency } from './urgency.service';

/** A statement runner: the caller's transaction (EntityManager), or the data source. */
type Runner = Pick<EntityManager, 'query'>;

/** A landlord as filing needs it: its calendar (deadlines) and its telephone region (phones). */
export interface FilingLandlord extends LandlordCalendarRow {
  code: string;
}

/** Everything a new complaint's row holds, written by one INSERT at filing. */
export interface NewComplaintRecord {
  id: string;
  /** The bare reference (no dashes), as stored. */
  reference: string;
  landlordId: string;
  agencyId: string | null;
  residenceId: string | null;
  unit: string | null;
  category: string;
  description: string;
  channel: string;
  filedBy: { role: string; id: string | null };
  tenant: {
    name: string;
    phone: string | null;
    email: string | null;
    preferredChannel: string;
    language: string;
  };
  trackingTokenHash: string;
  accessNotes: string | null;
  shareContactWithContractor: boolean;
  partner: { organisationId: string; caseReference: string | null } | null;
  flags: string[];
  urgency: RecordedUrgency | null;
  nextDue: { at: string; stage: Stage } | null;
  filedAt: Date;
}

/** The complaint row a transition reads under its lock, with its landlord's calendar. */
export interface LockedComplaint {
  id: string;
  status: ComplaintState;
  version: number;
  category: ComplaintSnapshot['category'];
  holdReason: ComplaintSnapshot['holdReason'];
  contractorId: string | null;
  worksReported: boolean;
  closedAt: Date | null;
  headHash: string;
  landlord: LandlordCalendarRow;
  reopenWindowDays: number;
  urgency: RecordedUrgency | null;
  urgencyLevel: string | null;
  flags: string[];
  description: string;
  createdAt: Date;
  nextDueStage: Stage | null;
  /** The audit facts kept on the row (see audit-rollup-columns). */
  rollup: AuditRollup;
}

/**
 * What a transition writes on the complaint row beside its event. Absent fields stay as they are; `null`
 * clears a column.
 */
export interface ComplaintRowUpdate {
  status?: ComplaintState;
  version: number;
  headHash: string;
  updatedAt: Date;
  /** The rollup before and after the event: only the changed columns are written (closed_at aside). */
  rollup?: { before: AuditRollup; after: AuditRollup };
  category?: string;
  flags?: readonly string[];
  holdReason?: string | null;
  contractorId?: string | null;
  worksReported?: boolean;
  closedAt?: Date | null;
  /** A new urgency decision, with its stage due dates. */
  urgency?: RecordedUrgency;
  nextDue?: { at: string; stage: Stage } | null;
  appointment?: Appointment | null;
}

/** The complaint row the deadline sweep reads under its lock. */
export interface SweepLockedRow {
  id: string;
  status: ComplaintState;
  version: number;
  head_hash: string;
  next_due_at: Date | null;
  next_due_stage: string | null;
  contractor_id: string | null;
}

/** A complaint with an alert still to record, found by the sweep's scan. */
export interface SweepCandidate {
  id: string;
  kind: DeadlineEvent;
}

/** The writes of one transaction on a complaint record; obtained from `withinTransaction` only. */
export interface ComplaintRecordSession {
  /**
   * The transaction's manager, for writers of other tables that must commit with the record (the
   * notification outbox). Complaint tables are written through this session only.
   */
  readonly manager: EntityManager;
  /** Inserts the tenant's contact, the complaint row (complete: one INSERT) and its first event. */
  insertFiled(record: NewComplaintRecord, first: PreparedEvent): Promise<void>;
  /** Locks the complaint with this bare reference inside the scope (FOR UPDATE); undefined when none. */
  lockForTransition(reference: string, scope: ComplaintScope): Promise<LockedComplaint | undefined>;
  /** Locks a complaint by id for the sweep; undefined when it is gone. */
  lockForSweep(complaintId: string): Promise<SweepLockedRow | undefined>;
  /** Whether the contractor is an active one of this landlord. */
  isActiveContractor(landlordId: string, contractorId: string): Promise<boolean>;
  /**
   * Appends the next event (and its texts) and updates the complaint row in the same statement: every
   * change of a complaint, a person's transition or the sweep's alert, goes through here.
   */
  append(prepared: PreparedEvent, update: ComplaintRowUpdate): Promise<void>;
  /** Revokes the complaint's live work-order links. */
  revokeWorkOrders(complaintId: string): Promise<void>;
  /** Records a new work-order link (its token stored only as a hash). */
  insertWorkOrder(order: {
    id: string;
    complaintId: string;
    contractorId: string;
    tokenHash: string;
  }): Promise<void>;
  /** Records an alert once per complaint, stage and kind; false when it was already recorded. */
  insertAlert(complaintId: string, stage: string, kind: DeadlineEvent): Promise<boolean>;
}

/**
 * The complaint record's store, as use cases see it (a fake implements it in unit specs): the complaint
 * rows, their hash-chained events and texts, work orders and deadline alerts.
 */
export interface ComplaintRecordStore {
  /** Runs `work` in one transaction; a throw rolls everything back. */
  withinTransaction<T>(work: (session: ComplaintRecordSession) => Promise<T>): Promise<T>;
  landlordByCode(code: string): Promise<FilingLandlord | undefined>;
  agencyByCode(landlordId: string, code: string): Promise<{ id: string; code: string } | undefined>;
  agencyById(id: string): Promise<{ id: string; code: string } | undefined>;
  residenceByCode(
    landlordId: string,
    code: string,
  ): Promise<{ id: string; agency_id: string | null } | undefined>;
  /** The complaint's events in order, with their stored texts. */
  history(complaintId: string): Promise<StoredEvent[]>;
  /** Salts and bodies, to check stored texts against the digests their events committed to. */
  texts(
    complaintId: string,
  ): Promise<{ seq: number; visibility: 'public' | 'internal'; body: string; salt: string }[]>;
  /** A notification's status, if it is one of the complaint's (by bare reference) inside the scope. */
  notificationStatus(
    reference: string,
    notificationId: string,
    scope: ComplaintScope,
  ): Promise<{ status: string } | undefined>;
}

/** Columns of a complaint update, from its typed form (only what is present). */
function updateColumns(u: ComplaintRowUpdate): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  if (u.status !== undefined) columns.status = u.status;
  columns.version = u.version;
  columns.head_hash = u.headHash;
  columns.updated_at = u.updatedAt;
  if (u.rollup) Object.assign(columns, changedRollupColumns(u.rollup.before, u.rollup.after));
  if (u.category !== undefined) columns.category = u.category;
  if (u.flags !== undefined) columns.flags = u.flags;
  if (u.holdReason !== undefined) columns.hold_reason = u.holdReason;
  if (u.contractorId !== undefined) columns.contractor_id = u.contractorId;
  if (u.worksReported !== undefined) columns.works_reported = u.worksReported;
  if (u.closedAt !== undefined) columns.closed_at = u.closedAt;
  if (u.urgency) {
    columns.urgency = u.urgency;
    columns.urgency_level = u.urgency.level;
    columns.acknowledge_due_at = u.urgency.due.acknowledge ?? null;
    columns.intervene_due_at = u.urgency.due.intervene ?? null;
    columns.resolve_due_at = u.urgency.due.resolve ?? null;
  }
  if (u.nextDue !== undefined) {
    columns.next_due_at = u.nextDue?.at ?? null;
    columns.next_due_stage = u.nextDue?.stage ?? null;
  }
  if (u.appointment !== undefined) {
    columns.appointment_start = u.appointment?.start ?? null;
    columns.appointment_end = u.appointment?.end ?? null;
  }
  return columns;
}

/** The row `lockForTransition` reads. */
interface LockedRow {
  id: string;
  [rollupColumn: string]: unknown;
  status: ComplaintState;
  version: number;
  category: ComplaintSnapshot['category'];
  hold_reason: ComplaintSnapshot['holdReason'];
  contractor_id: string | null;
  works_reported: boolean;
  closed_at: Date | null;
  head_hash: string;
  landlord_id: string;
  reopen_window_days: number;
  urgency: RecordedUrgency | null;
  urgency_level: string | null;
  flags: string[];
  description: string;
  created_at: Date;
  next_due_stage: Stage | null;
  country: string;
  region: string;
  timezone: string;
  closures: string[];
}

class PgComplaintRecordSession implements ComplaintRecordSession {
  constructor(readonly manager: EntityManager) {}

  async insertFiled(c: NewComplaintRecord, first: PreparedEvent): Promise<void> {
    const em = this.manager;
    const [tenant]: { id: string }[] = await em.query(
      `INSERT INTO tenant_contacts (name, phone_e164, email, preferred_channel, language)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [c.tenant.name, c.tenant.phone, c.tenant.email, c.tenant.preferredChannel, c.tenant.language],
    );
    await em.query(
      `INSERT INTO complaints (id, reference, landlord_id, agency_id, residence_id, unit, category, description,
                               intake_channel, filed_by_role, filed_by_id, tenant_contact_id, status, version,
                               head_hash, created_at, updated_at,
                               tracking_token_hash, access_notes, share_contact_with_contractor,
                               partner_organisation_id, partner_case_reference, consent_recorded_at,
                               flags, urgency, urgency_level, next_due_at, next_due_stage,
                               acknowledge_due_at, intervene_due_at, resolve_due_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'received', 1, $13, $14, $14,
               $15, $16, $17, $18, $19, CASE WHEN $18::uuid IS NULL THEN NULL ELSE now() END,
               $20, $21::jsonb, $22, $23, $24, $25, $26, $27)`,
      [
        c.id,
        c.reference,
        c.landlordId,
        c.agencyId,
        c.residenceId,
        c.unit,
        c.category,
        c.description,
        c.channel,
        c.filedBy.role,
        c.filedBy.id,
        tenant.id,
        first.event.hash,
        c.filedAt,
        c.trackingTokenHash,
        c.accessNotes,
        c.shareContactWithContractor,
        c.partner?.organisationId ?? null,
        c.partner?.caseReference ?? null,
        c.flags,
        JSON.stringify(c.urgency),
        c.urgency?.level ?? null,
        c.nextDue?.at ?? null,
        c.nextDue?.stage ?? null,
        c.urgency?.due.acknowledge ?? null,
        c.urgency?.due.intervene ?? null,
        c.urgency?.due.resolve ?? null,
      ],
    );
    await this.writeEvent(first);
  }

  async lockForTransition(reference: string, scope: ComplaintScope): Promise<LockedComplaint | undefined> {
    const params: unknown[] = [reference];
    const [row]: LockedRow[] = await this.manager.query(
      `SELECT c.id, c.status, c.version, c.category, c.hold_reason, c.contractor_id, c.works_reported,
              c.closed_at, c.head_hash,
              c.landlord_id, l.reopen_window_days, c.urgency, c.urgency_level, c.flags, c.description,
              c.created_at, c.next_due_stage, ${ROLLUP_SELECT},
              l.country, l.region, l.timezone, l.closure_days::text[] AS closures
         FROM complaints c JOIN landlords l ON l.id = c.landlord_id
        WHERE c.reference = $1 AND ${scopeCondition(scope, params)}
          FOR UPDATE OF c`,
      params,
    );
    if (!row) return undefined;
    return {
      id: row.id,
      status: row.status,
      version: row.version,
      category: row.category,
      holdReason: row.hold_reason,
      contractorId: row.contractor_id,
      worksReported: row.works_reported,
      closedAt: row.closed_at,
      headHash: row.head_hash,
      landlord: {
        id: row.landlord_id,
        country: row.country,
        region: row.region,
        timezone: row.timezone,
        closures: row.closures,
      },
      reopenWindowDays: row.reopen_window_days,
      urgency: row.urgency,
      urgencyLevel: row.urgency_level,
      flags: row.flags,
      description: row.description,
      createdAt: row.created_at,
      nextDueStage: row.next_due_stage,
      rollup: rollupFromRow(row, row.created_at),
    };
  }

  async lockForSweep(complaintId: string): Promise<SweepLockedRow | undefined> {
    const [row]: SweepLockedRow[] = await this.manager.query(
      `SELECT id, status, version, head_hash, next_due_at, next_due_stage, contractor_id
         FROM complaints WHERE id = $1 FOR UPDATE`,
      [complaintId],
    );
    return row;
  }

  async isActiveContractor(landlordId: string, contractorId: string): Promise<boolean> {
    const [found] = await this.manager.query(
      'SELECT 1 FROM contractors WHERE id = $1 AND landlord_id = $2 AND active',
      [contractorId, landlordId],
    );
    return !!found;
  }

  async append(prepared: PreparedEvent, update: ComplaintRowUpdate): Promise<void> {
    await this.writeEvent(prepared, updateColumns(update));
  }

  async revokeWorkOrders(complaintId: string): Promise<void> {
    await this.manager.query(
      'UPDATE work_orders SET revoked_at = now() WHERE complaint_id = $1 AND revoked_at IS NULL',
      [complaintId],
    );
  }

  async insertWorkOrder(o: {
    id: string;
    complaintId: string;
    contractorId: string;
    tokenHash: string;
  }): Promise<void> {
    await this.manager.query(
      'INSERT INTO work_orders (id, complaint_id, contractor_id, token_hash) VALUES ($1, $2, $3, $4)',
      [o.id, o.complaintId, o.contractorId, o.tokenHash],
    );
  }

  async insertAlert(complaintId: string, stage: string, kind: DeadlineEvent): Promise<boolean> {
    const inserted: unknown[] = await this.manager.query(
      `INSERT INTO deadline_alerts (complaint_id, stage, kind) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING complaint_id`,
      [complaintId, stage, kind],
    );
    return inserted.length > 0;
  }

  /**
   * Writes a prepared event and its texts. With `columns`, the same statement also updates the complaint
   * row (status, version, head hash, …): a transition costs one write round trip.
   */
  private async writeEvent(
    { event, at, texts }: PreparedEvent,
    columns?: Record<string, unknown>,
  ): Promise<void> {
    const params: unknown[] = [
      event.complaintId,
      event.seq,
      at,
      event.actorRole,
      event.actorId,
      event.action,
      event.fromState,
      event.toState,
      JSON.stringify(event.payload),
      JSON.stringify(event.textDigests),
      event.prevHash,
      event.hash,
      JSON.stringify(texts),
    ];
    let update = '';
    if (columns) {
      const sets = Object.entries(columns).map(([column, value]) => {
        params.push(value);
        return `${column} = $${params.length}`;
      });
      update = `u AS (UPDATE complaints SET ${sets.join(', ')} WHERE id = $1 RETURNING id),`;
    }
    await this.manager.query(
      `WITH ${update} e AS (
         INSERT INTO complaint_events
           (complaint_id, seq, at, actor_role, actor_id, action, from_state, to_state, payload, text_digests, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id
       )
       INSERT INTO complaint_event_texts (event_id, visibility, body, salt)
       SELECT e.id, t.visibility, t.body, t.salt FROM e, jsonb_to_recordset($13::jsonb) AS t(visibility text, body text, salt text)`,
      params,
    );
  }
}

/** One on-call alert to write: a person of the rota told of an emergency at `level`. */
export interface NewOnCallAlert {
  id: string;
  complaintId: string;
  personId: string | null;
  level: number;
  role: string;
  position: number;
  seq: number;
  tokenHash: string;
  escalateAt: Date | null;
}

/** An alert of a complaint as the escalation reads it under the complaint's lock. */
export interface OnCallAlertRow {
  id: string;
  /** The event that recorded the alert. */
  seq: number;
  personId: string | null;
  level: number;
  role: string;
  position: number;
  escalateAt: Date | null;
  acknowledgedAt: Date | null;
}

/** What the acknowledgement page shows: the alert, and the essentials of its complaint. */
export interface OnCallAlertView {
  alertId: string;
  complaintId: string;
  level: number;
  acknowledgedAt: Date | null;
  /** When any alert of the complaint was acknowledged (the chain has stopped), or null. */
  chainAcknowledgedAt: Date | null;
  reference: string;
  status: string;
  category: string;
  description: string;
  urgencyLevel: string | null;
  filedAt: Date;
  nextDueAt: Date | null;
  unit: string | null;
  accessNotes: string | null;
  residence: { name: string; address: string; postcode: string; city: string } | null;
  tenant: { name: string; phone: string | null } | null;
  landlordName: string;
  timeZone: string;
  country: string;
}

/**
 * The columns a bulk load writes, with their PostgreSQL types (each is sent as one array). Not written by a
 * bulk load: tenant contacts, tracking tokens and texts (a seeded complaint has none, as after a retention
 * delete).
 */
const BULK_COLUMNS = [
  ['id', 'uuid'],
  ['reference', 'text'],
  ['landlord_id', 'uuid'],
  ['agency_id', 'uuid'],
  ['residence_id', 'uuid'],
  ['unit', 'text'],
  ['category', 'text'],
  ['description', 'text'],
  ['intake_channel', 'text'],
  ['filed_by_role', 'text'],
  ['filed_by_id', 'text'],
  ['status', 'text'],
  ['version', 'int'],
  ['hold_reason', 'text'],
  ['contractor_id', 'uuid'],
  ['appointment_start', 'timestamptz'],
  ['appointment_end', 'timestamptz'],
  ['head_hash', 'text'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
  ['closed_at', 'timestamptz'],
  ['acknowledged_at', 'timestamptz'],
  ['assigned_at', 'timestamptz'],
  ['works_done_at', 'timestamptz'],
  ['escalated_at', 'timestamptz'],
  ['reopen_count', 'int'],
  ['urgency_overridden', 'boolean'],
  ['close_reason', 'text'],
  ['partner_organisation_id', 'uuid'],
  ['consent_recorded_at', 'timestamptz'],
  ['flags', 'text'],
  ['urgency', 'jsonb'],
  ['urgency_level', 'text'],
  ['next_due_at', 'timestamptz'],
  ['next_due_stage', 'text'],
  ['rating', 'smallint'],
  ['rated_at', 'timestamptz'],
  ['acknowledge_working_days', 'smallint'],
  ['assign_working_days', 'smallint'],
  ['works_done_working_days', 'smallint'],
  ['close_working_days', 'smallint'],
  ['acknowledge_tenant_delay_ms', 'bigint'],
  ['intervene_tenant_delay_ms', 'bigint'],
  ['resolve_tenant_delay_ms', 'bigint'],
  ['tenant_delay_ms', 'bigint'],
  ['tenant_hold_since', 'timestamptz'],
  ['acknowledge_due_at', 'timestamptz'],
  ['intervene_due_at', 'timestamptz'],
  ['resolve_due_at', 'timestamptz'],
] as const satisfies readonly (readonly [string, string])[];

/** A complaint row of a bulk load, one value per column of `BULK_COLUMNS` (`flags` joined by commas). */
export type ComplaintBulkRow = Record<(typeof BULK_COLUMNS)[number][0], unknown>;

const BULK_COMPLAINTS_SQL = (() => {
  const names = BULK_COLUMNS.map(([n]) => n);
  const select = BULK_COLUMNS.map(([n, t]) =>
    n === 'flags'
      ? `CASE WHEN t.flags = '' THEN '{}'::text[] ELSE string_to_array(t.flags, ',') END`
      : t === 'jsonb'
        ? `t.${n}::jsonb`
        : `t.${n}`,
  );
  const unnest = BULK_COLUMNS.map(([, t], i) => `$${i + 1}::${t === 'jsonb' ? 'text' : t}[]`);
  return `INSERT INTO complaints (${names.join(', ')})
          SELECT ${select.join(', ')}
            FROM unnest(${unnest.join(', ')}) AS t(${names.join(', ')})`;
})();

const BULK_EVENTS_SQL = `INSERT INTO complaint_events
    (complaint_id, seq, at, actor_role, actor_id, action, from_state, to_state, payload, text_digests, prev_hash, hash)
  SELECT c, s, a, r, i, x, f, t, p::jsonb, '{"public":null,"internal":null}'::jsonb, ph, h
    FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
                $8::text[], $9::text[], $10::text[], $11::text[]) AS u(c, s, a, r, i, x, f, t, p, ph, h)`;

/**
 * The one owner of the complaint record's tables: complaints, complaint_events (append-only, hash-chained)
 * and their texts, work_orders, deadline_alerts, and the sweep's runs. Writes happen inside
 * `withinTransaction`, whose session locks the row first, so `seq` is the complaint's version + 1 and never
 * has a gap.
 */
@Injectable()
export class ComplaintRecordRepository implements ComplaintRecordStore {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  withinTransaction<T>(work: (session: ComplaintRecordSession) => Promise<T>): Promise<T> {
    return this.db.transaction((em) => work(new PgComplaintRecordSession(em)));
  }

  /** The landlord's telephone region, or undefined for an unknown code. */
  async landlordRegion(code: string): Promise<{ country: string; region: string } | undefined> {
    const [landlord]: { country: string; region: string }[] = await this.db.query(
      'SELECT country, region FROM landlords WHERE code = $1',
      [code],
    );
    return landlord;
  }

  async landlordByCode(code: string): Promise<FilingLandlord | undefined> {
    const [landlord]: FilingLandlord[] = await this.db.query(
      'SELECT id, code, country, region, timezone, closure_days::text[] AS closures FROM landlords WHERE code = $1',
      [code],
    );
    return landlord;
  }

  /** The agency by code; a merged duplicate's code answers the agency it was merged into (issue 18 M4). */
  async agencyByCode(landlordId: string, code: string): Promise<{ id: string; code: string } | undefined> {
    const [agency]: { id: string; code: string }[] = await this.db.query(
      `SELECT a.id, a.code FROM agencies d JOIN agencies a ON a.id = COALESCE(d.merged_into, d.id)
        WHERE d.landlord_id = $1 AND d.code = $2`,
      [landlordId, code],
    );
    return agency;
  }

  async agencyById(id: string): Promise<{ id: string; code: string } | undefined> {
    const [agency]: { id: string; code: string }[] = await this.db.query(
      'SELECT id, code FROM agencies WHERE id = $1',
      [id],
    );
    return agency;
  }

  /**
   * The residence complaints may be filed for, by code: a merged duplicate's code answers the residence it
   * was merged into; a deactivated residence answers nothing (issue 18 M4).
   */
  async residenceByCode(
    landlordId: string,
    code: string,
  ): Promise<{ id: string; agency_id: string | null } | undefined> {
    const [residence]: { id: string; agency_id: string | null }[] = await this.db.query(
      `SELECT r.id, r.agency_id FROM residences d JOIN residences r ON r.id = COALESCE(d.merged_into, d.id)
        WHERE d.landlord_id = $1 AND d.code = $2 AND r.active`,
      [landlordId, code],
    );
    return residence;
  }

  async history(complaintId: string): Promise<StoredEvent[]> {
    const rows: (EventRow & { public_text: string | null; internal_text: string | null })[] =
      await this.db.query(
        `SELECT e.complaint_id, e.seq, e.at, e.actor_role, e.actor_id, e.action, e.from_state, e.to_state,
                e.payload, e.text_digests, e.prev_hash, e.hash,
                tp.body AS public_text, ti.body AS internal_text
           FROM complaint_events e
           LEFT JOIN complaint_event_texts tp ON tp.event_id = e.id AND tp.visibility = 'public'
           LEFT JOIN complaint_event_texts ti ON ti.event_id = e.id AND ti.visibility = 'internal'
          WHERE e.complaint_id = $1
          ORDER BY e.seq`,
        [complaintId],
      );
    return rows.map((r) => ({
      ...chainedEventOf(r),
      texts: {
        ...(r.public_text !== null ? { public: r.public_text } : {}),
        ...(r.internal_text !== null ? { internal: r.internal_text } : {}),
      },
    }));
  }

  texts(
    complaintId: string,
  ): Promise<{ seq: number; visibility: 'public' | 'internal'; body: string; salt: string }[]> {
    return this.db.query(
      `SELECT e.seq, t.visibility, t.body, t.salt
         FROM complaint_event_texts t JOIN complaint_events e ON e.id = t.event_id
        WHERE e.complaint_id = $1 ORDER BY e.seq, t.visibility`,
      [complaintId],
    );
  }

  // The notifications table belongs to libs/notifications; these two statements stay here until its own
  // repository offers them (an agent's resend is a complaint-side use case).
  async notificationStatus(
    reference: string,
    notificationId: string,
    scope: ComplaintScope,
  ): Promise<{ status: string } | undefined> {
    const params: unknown[] = [reference, notificationId];
    const condition = scopeCondition(scope, params);
    const [row]: { status: string }[] = await this.db.query(
      `SELECT n.status FROM notifications n JOIN complaints c ON c.id = n.complaint_id
        WHERE c.reference = $1 AND n.id = $2 AND ${condition}`,
      params,
    );
    return row;
  }

  /**
   * Complaints with an alert still to record. Each branch walks the partial index on next_due_at and checks
   * the alert's primary key; a complaint already alerted for its current stage costs one index probe.
   */
  sweepCandidates(
    now: Date,
    warningHours: number,
    limit: number,
    landlordIds: string[] | null,
  ): Promise<SweepCandidate[]> {
    const landlords = landlordIds ? 'AND c.landlord_id = ANY($4::uuid[])' : '';
    return this.db.query(
      `(SELECT c.id, 'deadline_missed' AS kind FROM complaints c
         WHERE c.next_due_at <= $1 ${landlords}
           AND NOT EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.complaint_id = c.id
                             AND a.stage = c.next_due_stage AND a.kind = 'deadline_missed')
         ORDER BY c.next_due_at LIMIT $3)
       UNION ALL
       (SELECT c.id, 'contractor_chased' FROM complaints c
         WHERE c.next_due_at <= $1 AND c.next_due_stage = 'intervene' AND c.status = 'assigned'
           AND c.contractor_id IS NOT NULL ${landlords}
           AND NOT EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.complaint_id = c.id
                             AND a.stage = c.next_due_stage AND a.kind = 'contractor_chased')
         ORDER BY c.next_due_at LIMIT $3)
       UNION ALL
       (SELECT c.id, 'deadline_approaching' FROM complaints c
         WHERE c.next_due_at > $1 AND c.next_due_at <= $1::timestamptz + make_interval(hours => $2) ${landlords}
           AND NOT EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.complaint_id = c.id
                             AND a.stage = c.next_due_stage AND a.kind = 'deadline_approaching')
         ORDER BY c.next_due_at LIMIT $3)`,
      landlordIds ? [now, warningHours, limit, landlordIds] : [now, warningHours, limit],
    );
  }

  /** When the last sweep round started; null when none ever ran (what /health checks, cheaply). */
  async lastSweepStartedAt(): Promise<Date | null> {
    const [row]: { last: Date | null }[] = await this.db.query(
      'SELECT max(started_at) AS last FROM sweep_runs',
    );
    return row.last;
  }

  /**
   * The sweep's rounds so far, when the last one started, and the deadline alerts counted by kind (null
   * when none): what /health and /metrics report of the sweep.
   */
  async sweepSummary(): Promise<{ n: number; last: Date | null; alerts: Record<string, number> | null }> {
    const [row]: { n: number; last: Date | null; alerts: Record<string, number> | null }[] =
      await this.db.query(
        `SELECT count(*)::int AS n, max(started_at) AS last,
            (SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*)::int AS n FROM deadline_alerts GROUP BY kind) k) AS alerts
       FROM sweep_runs`,
      );
    return row;
  }

  /** Records a sweep's run: when it started, how long it took, what it recorded by kind. */
  async recordSweepRun(startedAt: Date, durationMs: number, recorded: Record<string, number>): Promise<void> {
    await this.db.query('INSERT INTO sweep_runs (started_at, duration_ms, recorded) VALUES ($1, $2, $3)', [
      startedAt,
      durationMs,
      JSON.stringify(recorded),
    ]);
  }

  /** Sets a complaint's tracking-token hash (complaints filed before links were derived). */
  async setTrackingHash(complaintId: string, tokenHash: string): Promise<void> {
    await this.db.query('UPDATE complaints SET tracking_token_hash = $2 WHERE id = $1', [
      complaintId,
      tokenHash,
    ]);
  }

  /** Records the tenant's rating of a closed complaint; false when it was already rated. */
  async rate(complaintId: string, score: number, comment: string | null): Promise<boolean> {
    const updated = await this.db.query(
      `UPDATE complaints SET rating = $2, rating_comment = $3, rated_at = now()
        WHERE id = $1 AND rating IS NULL RETURNING id`,
      [complaintId, score, comment],
    );
    // pg answers an UPDATE … RETURNING through TypeORM as [rows, count].
    const [rows] = updated as [unknown[], number];
    return rows.length > 0;
  }

  // The on-call duty's alerts (issue 16): `on_call_alerts`, a complaint-side table like deadline_alerts.

  /** The complaint's landlord and agency (whose rota answers for it); null when it is gone. */
  async onCallPlaceOf(
    em: Runner,
    complaintId: string,
  ): Promise<{ landlordId: string; agencyId: string | null } | null> {
    const [row]: { landlordId: string; agencyId: string | null }[] = await em.query(
      'SELECT landlord_id AS "landlordId", agency_id AS "agencyId" FROM complaints WHERE id = $1',
      [complaintId],
    );
    return row ?? null;
  }

  /** The complaint's alerts, oldest level first (read under the complaint's row lock by the caller). */
  onCallAlertsOf(em: Runner, complaintId: string): Promise<OnCallAlertRow[]> {
    return em.query(
      `SELECT id, seq, person_id AS "personId", level, role, position, escalate_at AS "escalateAt",
              acknowledged_at AS "acknowledgedAt"
         FROM on_call_alerts WHERE complaint_id = $1 ORDER BY level, position`,
      [complaintId],
    );
  }

  async insertOnCallAlerts(em: Runner, alerts: readonly NewOnCallAlert[]): Promise<void> {
    if (alerts.length === 0) return;
    await em.query(
      `INSERT INTO on_call_alerts (id, complaint_id, person_id, level, role, position, seq, token_hash, escalate_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::int[], $7::int[],
                            $8::text[], $9::timestamptz[])`,
      [
        alerts.map((a) => a.id),
        alerts.map((a) => a.complaintId),
        alerts.map((a) => a.personId),
        alerts.map((a) => a.level),
        alerts.map((a) => a.role),
        alerts.map((a) => a.position),
        alerts.map((a) => a.seq),
        alerts.map((a) => a.tokenHash),
        alerts.map((a) => a.escalateAt),
      ],
    );
  }

  /** Complaints with an alert due for escalation at `now`, oldest first (partial index on escalate_at). */
  async onCallDueForEscalation(now: Date, limit: number): Promise<string[]> {
    const rows: { complaint_id: string }[] = await this.db.query(
      `SELECT complaint_id FROM on_call_alerts WHERE escalate_at IS NOT NULL AND escalate_at <= $1
        GROUP BY complaint_id ORDER BY min(escalate_at) LIMIT $2`,
      [now, limit],
    );
    return rows.map((r) => r.complaint_id);
  }

  /**
   * Whether staff or the contractor acted on the complaint after event `seq` (the chain's first alert): a
   * person of the landlord has it in hand, so nobody else needs waking.
   */
  async onCallHandledSince(em: Runner, complaintId: string, seq: number): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM complaint_events WHERE complaint_id = $1 AND seq > $2
          AND actor_role IN ('agent', 'supervisor', 'landlord_admin', 'contractor') LIMIT 1`,
      [complaintId, seq],
    );
    return rows.length > 0;
  }

  /** Ends the escalation of a complaint's alerts (escalated, or acknowledged). */
  async stopOnCallEscalation(em: Runner, complaintId: string): Promise<void> {
    await em.query(
      'UPDATE on_call_alerts SET escalate_at = NULL WHERE complaint_id = $1 AND escalate_at IS NOT NULL',
      [complaintId],
    );
  }

  /** Marks the alert acknowledged at `at`; false when it already was. */
  async markOnCallAcknowledged(em: Runner, alertId: string, at: Date): Promise<boolean> {
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [rows]: [unknown[], number] = await em.query(
      `UPDATE on_call_alerts SET acknowledged_at = $2 WHERE id = $1 AND acknowledged_at IS NULL RETURNING id`,
      [alertId, at],
    );
    return rows.length === 1;
  }

  /** The alert whose link token hashes to `tokenHash`, with its complaint's essentials; null when none. */
  async onCallViewByTokenHash(tokenHash: string): Promise<OnCallAlertView | null> {
    const [row]: OnCallAlertView[] = await this.db.query(
      `SELECT a.id AS "alertId", a.complaint_id AS "complaintId", a.level, a.acknowledged_at AS "acknowledgedAt",
              (SELECT min(o.acknowledged_at) FROM on_call_alerts o WHERE o.complaint_id = a.complaint_id)
                AS "chainAcknowledgedAt",
              c.reference, c.status, c.category, c.description, c.urgency_level AS "urgencyLevel",
              c.created_at AS "filedAt", c.next_due_at AS "nextDueAt", c.unit, c.access_notes AS "accessNotes",
              CASE WHEN r.id IS NOT NULL THEN json_build_object('name', r.name, 'address', r.address,
                   'postcode', r.postcode, 'city', r.city) END AS residence,
              CASE WHEN t.id IS NOT NULL THEN json_build_object('name', t.name, 'phone', t.phone_e164) END AS tenant,
              l.name AS "landlordName", l.timezone AS "timeZone", l.country
         FROM on_call_alerts a
         JOIN complaints c ON c.id = a.complaint_id
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN residences r ON r.id = c.residence_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE a.token_hash = $1`,
      [tokenHash],
    );
    return row ?? null;
  }

  /** Every complaint of the database (the scale seed's check that it writes into an empty one). */
  async count(): Promise<number> {
    const [row]: { complaints: number }[] = await this.db.query(
      `SELECT count(*)::int AS complaints FROM complaints`,
    );
    return row.complaints;
  }

  /**
   * Writes many complaints with their hash-chained events in one transaction: one multi-row
   * INSERT … SELECT FROM unnest for the complaints, one for the events (the scale seed writes a million
   * this way). The events must be chained already (`chainEvent`); texts are not written. Rolled back, and
   * the driver's error rethrown, on failure.
   */
  async bulkLoad(complaints: readonly ComplaintBulkRow[], events: readonly ChainedEvent[]): Promise<void> {
    const columns = BULK_COLUMNS.map(([name]) => complaints.map((c) => c[name]));
    const ev: unknown[][] = [
      events.map((e) => e.complaintId),
      events.map((e) => e.seq),
      events.map((e) => e.at),
      events.map((e) => e.actorRole),
      events.map((e) => e.actorId),
      events.map((e) => e.action),
      events.map((e) => e.fromState),
      events.map((e) => e.toState),
      events.map((e) => JSON.stringify(e.payload)),
      events.map((e) => e.prevHash),
      events.map((e) => e.hash),
    ];
    await this.db.transaction(async (em) => {
      await em.query(BULK_COMPLAINTS_SQL, columns);
      await em.query(BULK_EVENTS_SQL, ev);
    });
  }

  /**
   * After a bulk load: VACUUM sets the visibility map, so reports read the complaints by index only, as
   * they will once autovacuum has passed on a live database.
   */
  async vacuumAfterBulkLoad(): Promise<void> {
    await this.db.query('VACUUM (ANALYZE) complaints');
    await this.db.query('ANALYZE complaint_events');
  }

  /**
   * Moves the complaints and work orders naming a merged directory row to the row kept (issue 18 M4),
   * inside the merge's transaction `em`: a residence's complaints (their agency follows the survivor's when
   * it was the duplicate's), an agency's complaints, a contractor's complaints and work orders. Events are
   * never rewritten (the merged row stays, pointing at the survivor). Answers the rows moved per table.
   */
  async moveDirectoryReferences(em: Runner, merge: DirectoryMerge): Promise<Record<string, number>> {
    const ids = [merge.duplicateId, merge.survivorId];
    const count = async (sql: string, params: unknown[]): Promise<number> => {
      const [{ n }]: { n: number }[] = await em.query(
        `WITH moved AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM moved`,
        params,
      );
      return n;
    };
    if (merge.kind === 'residence') {
      return {
        complaints: await count(
          `UPDATE complaints SET residence_id = $2,
                  agency_id = CASE WHEN $4::uuid IS NOT NULL AND agency_id IS NOT DISTINCT FROM $3::uuid
                                   THEN $4::uuid ELSE agency_id END
            WHERE residence_id = $1`,
          [...ids, merge.duplicateAgencyId, merge.survivorAgencyId],
        ),
      };
    }
    if (merge.kind === 'agency') {
      return { complaints: await count('UPDATE complaints SET agency_id = $2 WHERE agency_id = $1', ids) };
    }
    return {
      complaints: await count('UPDATE complaints SET contractor_id = $2 WHERE contractor_id = $1', ids),
      work_orders: await count('UPDATE work_orders SET contractor_id = $2 WHERE contractor_id = $1', ids),
    };
  }
}
