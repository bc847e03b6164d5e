import type { DataSource } from 'typeorm';
import { AccessRepository } from '@suivi/access';
import { ComplaintRecordRepository } from '@suivi/complaints';
import type { ComplaintBulkRow } from '@suivi/complaints';
import { OrganisationRepository } from '@suivi/organisation';
import { DatabaseServer, createDataSource } from '@suivi/persistence';
import type { SeededComplaint } from './history';

/**
 * Where the scale seed (`npm run seed:scale`, the audit e2e test) writes: the owners of each table
 * (organisation, access, complaint record repositories) on a data source of its own, opened outside Nest.
 * The seed itself runs no SQL.
 */

/**
 * Creates the database named in `url` when missing (dropping it first with `fresh`, allowed only for a
 * name holding `scale`, `bench` or `test`). Throws for a database name that is not a plain lower-case
 * identifier, and for `fresh` on any other name.
 */
export async function ensureScaleDatabase(url: string, fresh: boolean): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (fresh && !/scale|bench|test/.test(name)) {
    throw new Error(`--fresh drops the database: only for one named *scale*, *bench* or *test*, not ${name}`);
  }
  const server = await DatabaseServer.open(url);
  try {
    if (fresh) await server.drop(name);
    if (!(await server.exists(name))) await server.create(name);
  } finally {
    await server.close();
  }
}

/** The complaint row of a seeded complaint, as the complaint record repository bulk-loads it. */
export function complaintBulkRow(c: SeededComplaint): ComplaintBulkRow {
  const r = c.rollup;
  const head = c.events[c.events.length - 1];
  return {
    id: c.id,
    reference: c.reference,
    landlord_id: c.landlordId,
    agency_id: c.agencyId,
    residence_id: c.residenceId,
    unit: c.unit,
    category: c.category,
    description: c.description,
    intake_channel: c.channel,
    filed_by_role: c.filedBy.role,
    filed_by_id: c.filedBy.id,
    status: c.status,
    version: c.events.length,
    hold_reason: c.holdReason,
    contractor_id: c.contractorId,
    appointment_start: c.appointment?.start ?? null,
    appointment_end: c.appointment?.end ?? null,
    head_hash: head.hash,
    created_at: c.rollup.filedAt,
    updated_at: c.updatedAt,
    closed_at: r.closedAt,
    acknowledged_at: r.acknowledgedAt,
    assigned_at: r.assignedAt,
    works_done_at: r.worksDoneAt,
    escalated_at: r.escalatedAt,
    reopen_count: r.reopenCount,
    urgency_overridden: r.urgencyOverridden,
    close_reason: r.closeReason,
    partner_organisation_id: c.partnerOrganisationId,
    consent_recorded_at: c.partnerOrganisationId ? r.filedAt : null,
    flags: c.flags.join(','),
    urgency: JSON.stringify(c.urgency),
    urgency_level: c.urgency.level,
    next_due_at: c.nextDue?.at ?? null,
    next_due_stage: c.nextDue?.stage ?? null,
    rating: c.rating,
    rated_at: c.ratedAt,
    acknowledge_working_days: r.acknowledgeWorkingDays,
    assign_working_days: r.assignWorkingDays,
    works_done_working_days: r.worksDoneWorkingDays,
    close_working_days: r.closeWorkingDays,
    acknowledge_tenant_delay_ms: r.acknowledgeTenantDelayMs,
    intervene_tenant_delay_ms: r.interveneTenantDelayMs,
    resolve_tenant_delay_ms: r.resolveTenantDelayMs,
    tenant_delay_ms: r.tenantDelayMs,
    tenant_hold_since: r.tenantHoldSince,
    acknowledge_due_at: c.urgency.due.acknowledge ?? null,
    intervene_due_at: c.urgency.due.intervene ?? null,
    resolve_due_at: c.urgency.due.resolve ?? null,
  };
}

/** One data source of the scale seed and the table owners it writes through. */
export class ScaleSeedStore {
  readonly organisation: OrganisationRepository;
  readonly access: AccessRepository;
  readonly complaints: ComplaintRecordRepository;

  private constructor(private readonly db: DataSource) {
    this.organisation = new OrganisationRepository(db);
    this.access = new AccessRepository(db);
    this.complaints = new ComplaintRecordRepository(db);
  }

  /** Opens a small pool (`poolSize` connections) on `databaseUrl`; `close()` ends it. */
  static async open(databaseUrl: string, poolSize = 3): Promise<ScaleSeedStore> {
    const db = createDataSource(databaseUrl, poolSize);
    await db.initialize();
    return new ScaleSeedStore(db);
  }

  /** Writes a batch of seeded complaints with their events (one transaction). */
  writeBatch(batch: readonly SeededComplaint[]): Promise<void> {
    return this.complaints.bulkLoad(
      batch.map(complaintBulkRow),
      batch.flatMap((c) => c.events),
    );
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}
