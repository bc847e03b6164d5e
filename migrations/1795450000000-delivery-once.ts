import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Delivery once (issue H): the queue job that carries each outbox row (`job_id`), so the worker can tell a
 * row whose job was lost (Redis restarted empty, a job failed by a dead worker) and add it again under the
 * same id; and an index over the rows in flight, which the reconciliation reads by age.
 */
export class DeliveryOnce1795450000000 implements MigrationInterface {
  name = 'DeliveryOnce1795450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "notifications"
            ADD "job_id" character varying(80)
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_notifications_in_flight" ON "notifications" ("updated_at")
            WHERE status IN ('queued', 'retrying', 'sending', 'unknown')
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_notifications_in_flight"
        `);
    await queryRunner.query(`
            ALTER TABLE "notifications" DROP COLUMN "job_id"
        `);
  }
}
