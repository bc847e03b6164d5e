import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The next due stage of each complaint (indexed for the queue and the sweep), the alerts the sweep
 * recorded, keyed so that each happens once, and each landlord's closure days. */

export class Deadlines1795427205223 implements MigrationInterface {
  name = 'Deadlines1795427205223';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "deadline_alerts" ("complaint_id" uuid NOT NULL, "stage" character varying(20) NOT NULL, "kind" character varying(32) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64f29ad8f3278c4087f884c305f" PRIMARY KEY ("complaint_id", "stage", "kind"))`,
    );
    await queryRunner.query(`ALTER TABLE "landlords" ADD "closure_days" date array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "next_due_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "next_due_stage" character varying(20)`);
    await queryRunner.query(
      `CREATE INDEX "IDX_complaints_next_due" ON "complaints" ("next_due_at") WHERE next_due_at IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_complaints_landlord_next_due" ON "complaints" ("landlord_id", "next_due_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "deadline_alerts" ADD CONSTRAINT "FK_1d5b4612b9af678ddd2804abd7f" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "deadline_alerts" DROP CONSTRAINT "FK_1d5b4612b9af678ddd2804abd7f"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_complaints_landlord_next_due"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_complaints_next_due"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "next_due_stage"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "next_due_at"`);
    await queryRunner.query(`ALTER TABLE "landlords" DROP COLUMN "closure_days"`);
    await queryRunner.query(`DROP TABLE "deadline_alerts"`);
  }
}
