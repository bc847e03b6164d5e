import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agents' queue at 100,000 complaints a landlord (issue 6): each list order within a landlord with the
 * id as tie-breaker (replacing the two indexes without it), and one per status that also answers the
 * queue's totals and counts by itself.
 */

export class QueueIndexes1795443572464 implements MigrationInterface {
  name = 'QueueIndexes1795443572464';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_complaints_landlord_next_due"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_complaints_landlord_created"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_complaints_landlord_status_next_due" ON "complaints" (
                "landlord_id",
                "status",
                "next_due_at",
                "id",
                "agency_id",
                "category",
                "intake_channel",
                "urgency_level"
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_complaints_landlord_next_due_id" ON "complaints" ("landlord_id", "next_due_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_complaints_landlord_created_id" ON "complaints" ("landlord_id", "created_at", "id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."IDX_complaints_landlord_created_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_complaints_landlord_next_due_id"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_complaints_landlord_status_next_due"
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_complaints_landlord_created" ON "complaints" ("landlord_id", "created_at")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_complaints_landlord_next_due" ON "complaints" ("landlord_id", "next_due_at")
        `);
  }
}
