import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Audit facts on each complaint, kept by transitions; filled in from the history for existing ones. */

export class AuditFacts1795436559047 implements MigrationInterface {
  name = 'AuditFacts1795436559047';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "acknowledged_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "assigned_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "works_done_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "escalated_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "reopen_count" integer NOT NULL DEFAULT '0'
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "urgency_overridden" boolean NOT NULL DEFAULT false
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "close_reason" character varying(32)
        `);
    await queryRunner.query(`
            UPDATE complaints c SET
              acknowledged_at = f.acknowledged_at, assigned_at = f.assigned_at, works_done_at = f.works_done_at,
              escalated_at = f.escalated_at, reopen_count = f.reopen_count, urgency_overridden = f.overridden,
              close_reason = CASE WHEN c.status = 'closed' THEN f.close_reason END
            FROM (
              SELECT complaint_id,
                     min(at) FILTER (WHERE action = 'acknowledge') AS acknowledged_at,
                     min(at) FILTER (WHERE action = 'assign') AS assigned_at,
                     max(at) FILTER (WHERE action = 'report_done') AS works_done_at,
                     min(at) FILTER (WHERE action = 'escalate') AS escalated_at,
                     count(*) FILTER (WHERE action = 'reopen')::int AS reopen_count,
                     bool_or(action = 'override_urgency') AS overridden,
                     (array_agg(CASE WHEN action = 'close' THEN 'works' ELSE payload ->> 'closeReason' END ORDER BY seq DESC)
                        FILTER (WHERE action IN ('close', 'close_without_works')))[1] AS close_reason
                FROM complaint_events GROUP BY complaint_id
            ) f
            WHERE f.complaint_id = c.id
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "close_reason"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "urgency_overridden"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "reopen_count"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "escalated_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "works_done_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "assigned_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "acknowledged_at"
        `);
  }
}
