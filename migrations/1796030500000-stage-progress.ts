import type { MigrationInterface, QueryRunner } from 'typeorm';
import { WorkingCalendar } from '@suivi/calendar';
import { auditRollupOf, nextDeadline, stageProgressOfRollup } from '@suivi/domain';
import type { AuditRollup, Country, Stage } from '@suivi/domain';

/**
 * Issue 15: what completes each stage is now defined once (`stageProgressAfter`), and the audit rollup,
 * the stage clocks and the stored next deadline all read it. Rollups and next deadlines written before
 * counted the intervention differently (the last report, rejected works included; a closing without works
 * never completed it; a reopened case stayed resolved). This replays every complaint's history through the
 * current definition and rewrites the rollup columns and the next deadline, landlord by landlord, in
 * batches, with the landlord's calendar. Idempotent; `down` leaves the values (the old ones were wrong).
 */
export class StageProgress1796030500000 implements MigrationInterface {
  name = 'StageProgress1796030500000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await replayRollups(queryRunner);
  }

  public async down(): Promise<void> {
    // Nothing to undo: the columns keep their meaning, only their values were corrected.
  }
}

const BATCH = 2_000;

interface Row {
  id: string;
  created_at: Date;
  status: string;
  urgency: { due: Partial<Record<Stage, string>> } | null;
}

/**
 * Replays the histories of every complaint of the given landlords (all when `landlordIds` is absent) and
 * rewrites their rollup columns and next deadline.
 */
export async function replayRollups(
  queryRunner: QueryRunner,
  landlordIds?: readonly string[],
): Promise<void> {
  const landlords: { id: string; country: string; region: string; timezone: string; closures: string[] }[] =
    await queryRunner.query(
      `SELECT id, country, region, timezone, closure_days::text[] AS closures FROM landlords
        WHERE $1::uuid[] IS NULL OR id = ANY($1::uuid[]) ORDER BY id`,
      [landlordIds ?? null],
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
      const complaints: Row[] = await queryRunner.query(
        `SELECT id, created_at, status, urgency FROM complaints
          WHERE landlord_id = $1 AND id > $2 ORDER BY id LIMIT ${BATCH}`,
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
      for (const e of events)
        byComplaint.set(e.complaint_id, [...(byComplaint.get(e.complaint_id) ?? []), e]);
      const rows = complaints.map((c) => {
        const r = auditRollupOf(c.created_at, byComplaint.get(c.id) ?? [], workingDays);
        return { c, r, next: nextDeadline(c.urgency, c.status, stageProgressOfRollup(r)) };
      });
      const column = (pick: (r: AuditRollup) => unknown) => rows.map(({ r }) => pick(r));
      await queryRunner.query(
        `UPDATE complaints c SET acknowledged_at = u.ack_at, works_done_at = u.works_at,
                acknowledge_working_days = u.a, works_done_working_days = u.w, close_working_days = u.cl,
                acknowledge_tenant_delay_ms = u.ad, intervene_tenant_delay_ms = u.id,
                resolve_tenant_delay_ms = u.rd, tenant_delay_ms = u.td, tenant_hold_since = u.since,
                next_due_at = u.next_at, next_due_stage = u.next_stage
           FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::int[], $5::int[], $6::int[],
                       $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::timestamptz[],
                       $12::timestamptz[], $13::text[])
                AS u(cid, ack_at, works_at, a, w, cl, ad, id, rd, td, since, next_at, next_stage)
          WHERE c.id = u.cid`,
        [
          rows.map(({ c }) => c.id),
          column((r) => r.acknowledgedAt),
          column((r) => r.worksDoneAt),
          column((r) => r.acknowledgeWorkingDays),
          column((r) => r.worksDoneWorkingDays),
          column((r) => r.closeWorkingDays),
          column((r) => r.acknowledgeTenantDelayMs),
          column((r) => r.interveneTenantDelayMs),
          column((r) => r.resolveTenantDelayMs),
          column((r) => r.tenantDelayMs),
          column((r) => r.tenantHoldSince),
          rows.map(({ next }) => next?.at ?? null),
          rows.map(({ next }) => next?.stage ?? null),
        ],
      );
    }
  }
}
