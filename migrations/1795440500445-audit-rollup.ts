import type { MigrationInterface, QueryRunner } from 'typeorm';
import { WorkingCalendar } from '@suivi/calendar';
import { auditRollupOf } from '@suivi/domain';
import type { Country } from '@suivi/domain';

/**
 * The audit rollup on each complaint (working days to each stage, documented tenant delay until each
 * deadline stage, due dates as timestamps), kept by transitions; filled in for existing complaints by
 * replaying their histories through the same function the transitions call (it needs the landlord's
 * calendar, hence not plain SQL). Then the report's covering index (written by hand: TypeORM cannot say
 * INCLUDE; the entity marks it not synchronised).
 */
export class AuditRollup1795440500445 implements MigrationInterface {
  name = 'AuditRollup1795440500445';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "acknowledge_working_days" smallint
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "assign_working_days" smallint
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "works_done_working_days" smallint
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "close_working_days" smallint
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "acknowledge_due_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "intervene_due_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "resolve_due_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "acknowledge_tenant_delay_ms" bigint
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "intervene_tenant_delay_ms" bigint
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "resolve_tenant_delay_ms" bigint
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "tenant_delay_ms" bigint NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "tenant_hold_since" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            UPDATE complaints SET
              acknowledge_due_at = (urgency #>> '{due,acknowledge}')::timestamptz,
              intervene_due_at = (urgency #>> '{due,intervene}')::timestamptz,
              resolve_due_at = (urgency #>> '{due,resolve}')::timestamptz
            WHERE urgency IS NOT NULL
        `);
    await backfill(queryRunner);
    await queryRunner.query(`
            CREATE INDEX "IDX_complaints_audit" ON "complaints" ("landlord_id", "created_at")
            INCLUDE ("agency_id", "residence_id", "category", "urgency_level", "intake_channel",
                     "acknowledged_at", "assigned_at", "works_done_at", "closed_at", "escalated_at",
                     "reopen_count", "urgency_overridden", "close_reason", "rating", "partner_organisation_id",
                     "acknowledge_due_at", "intervene_due_at", "resolve_due_at",
                     "acknowledge_working_days", "assign_working_days", "works_done_working_days",
                     "close_working_days", "acknowledge_tenant_delay_ms", "intervene_tenant_delay_ms",
                     "resolve_tenant_delay_ms", "tenant_delay_ms", "tenant_hold_since")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "IDX_complaints_audit"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "tenant_hold_since"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "tenant_delay_ms"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "resolve_tenant_delay_ms"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "intervene_tenant_delay_ms"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "acknowledge_tenant_delay_ms"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "resolve_due_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "intervene_due_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "acknowledge_due_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "close_working_days"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "works_done_working_days"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "assign_working_days"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "acknowledge_working_days"
        `);
  }
}

const BATCH = 2_000;

async function backfill(queryRunner: QueryRunner): Promise<void> {
  const landlords: { id: string; country: string; region: string; timezone: string; closures: string[] }[] =
    await queryRunner.query(
      `SELECT id, country, region, timezone, closure_days::text[] AS closures FROM landlords ORDER BY id`,
    );
  for (const landlord of landlords) {
    const calendar = new WorkingCalendar({
      country: landlord.country as Country,
      region: landlord.region,
      timeZone: landlord.timezone,
      closures: landlord.closures,
    });
    const workingDays = (from: Date, to: Date) => calendar.workingDaysBetween(from, to);
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const complaints: { id: string; created_at: Date }[] = await queryRunner.query(
        `SELECT id, created_at FROM complaints WHERE landlord_id = $1 AND id > $2 ORDER BY id LIMIT ${BATCH}`,
        [landlord.id, after],
      );
      if (complaints.length === 0) break;
      after = complaints[complaints.length - 1].id;
      const events: {
        complaint_id: string;
        action: string;
        at: Date;
        payload: { [key: string]: unknown };
      }[] = await queryRunner.query(
        `SELECT complaint_id, action, at, payload FROM complaint_events
            WHERE complaint_id = ANY($1::uuid[]) ORDER BY complaint_id, seq`,
        [complaints.map((c) => c.id)],
      );
      const byComplaint = new Map<string, typeof events>();
      for (const e of events) {
        const list = byComplaint.get(e.complaint_id);
        if (list) list.push(e);
        else byComplaint.set(e.complaint_id, [e]);
      }
      const columns: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
      for (const c of complaints) {
        const r = auditRollupOf(c.created_at, byComplaint.get(c.id) ?? [], workingDays);
        const values = [
          c.id,
          r.acknowledgeWorkingDays,
          r.assignWorkingDays,
          r.worksDoneWorkingDays,
          r.closeWorkingDays,
          r.acknowledgeTenantDelayMs,
          r.interveneTenantDelayMs,
          r.resolveTenantDelayMs,
          r.tenantDelayMs,
          r.tenantHoldSince,
        ];
        values.forEach((v, i) => columns[i].push(v));
      }
      await queryRunner.query(
        `UPDATE complaints c SET acknowledge_working_days = u.a, assign_working_days = u.s,
                works_done_working_days = u.w, close_working_days = u.c, acknowledge_tenant_delay_ms = u.ad,
                intervene_tenant_delay_ms = u.id, resolve_tenant_delay_ms = u.rd, tenant_delay_ms = u.td,
                tenant_hold_since = u.since
           FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::int[], $6::bigint[], $7::bigint[],
                       $8::bigint[], $9::bigint[], $10::timestamptz[])
                AS u(cid, a, s, w, c, ad, id, rd, td, since)
          WHERE c.id = u.cid`,
        columns,
      );
    }
  }
}
