import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, item M4. Agencies, residences and contractors can be edited, deactivated and merged: `active`
 * (contractors had it), `merged_into` (a merged duplicate points at the row kept, so the ids old complaint
 * events name stay resolvable), `version` (optimistic concurrency for the edit forms), and
 * `directory_changes`, the record of every such change.
 */
export class DirectoryLifecycle1796090000000 implements MigrationInterface {
  name = 'DirectoryLifecycle1796090000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "directory_changes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "landlord_id" uuid NOT NULL,
                "kind" character varying(10) NOT NULL,
                "subject_id" uuid NOT NULL,
                "action" character varying(10) NOT NULL,
                "survivor_id" uuid,
                "user_id" uuid,
                "details" jsonb NOT NULL DEFAULT '{}',
                "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_directory_changes_action" CHECK (
                    "action" IN ('edit', 'deactivate', 'reactivate', 'merge')
                ),
                CONSTRAINT "CHK_directory_changes_kind" CHECK ("kind" IN ('agency', 'residence', 'contractor')),
                CONSTRAINT "PK_4429abc8a47ed80f1fa26d2def4" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_directory_changes_landlord" ON "directory_changes" ("landlord_id", "at")
        `);
    await queryRunner.query(`
            ALTER TABLE "agencies"
            ADD "active" boolean NOT NULL DEFAULT true
        `);
    await queryRunner.query(`
            ALTER TABLE "agencies"
            ADD "merged_into" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "agencies"
            ADD "version" integer NOT NULL DEFAULT '1'
        `);
    await queryRunner.query(`
            ALTER TABLE "residences"
            ADD "active" boolean NOT NULL DEFAULT true
        `);
    await queryRunner.query(`
            ALTER TABLE "residences"
            ADD "merged_into" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "residences"
            ADD "version" integer NOT NULL DEFAULT '1'
        `);
    await queryRunner.query(`
            ALTER TABLE "contractors"
            ADD "merged_into" uuid
        `);
    await queryRunner.query(`
            ALTER TABLE "contractors"
            ADD "version" integer NOT NULL DEFAULT '1'
        `);
    await queryRunner.query(`
            ALTER TABLE "agencies"
            ADD CONSTRAINT "FK_76e21cc96f02af689f3ff7f8b42" FOREIGN KEY ("merged_into") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "residences"
            ADD CONSTRAINT "FK_ed9b3d2f89e735d901a5dce98b1" FOREIGN KEY ("merged_into") REFERENCES "residences"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "contractors"
            ADD CONSTRAINT "FK_316c41a70806bea0dddad05dac8" FOREIGN KEY ("merged_into") REFERENCES "contractors"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "directory_changes"
            ADD CONSTRAINT "FK_bf53b647e3c37135ad29eadb5f4" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "directory_changes" DROP CONSTRAINT "FK_bf53b647e3c37135ad29eadb5f4"
        `);
    await queryRunner.query(`
            ALTER TABLE "contractors" DROP CONSTRAINT "FK_316c41a70806bea0dddad05dac8"
        `);
    await queryRunner.query(`
            ALTER TABLE "residences" DROP CONSTRAINT "FK_ed9b3d2f89e735d901a5dce98b1"
        `);
    await queryRunner.query(`
            ALTER TABLE "agencies" DROP CONSTRAINT "FK_76e21cc96f02af689f3ff7f8b42"
        `);
    await queryRunner.query(`
            ALTER TABLE "contractors" DROP COLUMN "version"
        `);
    await queryRunner.query(`
            ALTER TABLE "contractors" DROP COLUMN "merged_into"
        `);
    await queryRunner.query(`
            ALTER TABLE "residences" DROP COLUMN "version"
        `);
    await queryRunner.query(`
            ALTER TABLE "residences" DROP COLUMN "merged_into"
        `);
    await queryRunner.query(`
            ALTER TABLE "residences" DROP COLUMN "active"
        `);
    await queryRunner.query(`
            ALTER TABLE "agencies" DROP COLUMN "version"
        `);
    await queryRunner.query(`
            ALTER TABLE "agencies" DROP COLUMN "merged_into"
        `);
    await queryRunner.query(`
            ALTER TABLE "agencies" DROP COLUMN "active"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_directory_changes_landlord"
        `);
    await queryRunner.query(`
            DROP TABLE "directory_changes"
        `);
  }
}
