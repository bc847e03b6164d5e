import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A public id per complaint for anonymous feeds (Open311), so they stop publishing the reference (half of
 * the tenant's lookup secret). Random (gen_random_uuid, filled for existing complaints as the column is
 * added) and unique.
 */
export class ComplaintPublicId1795447000000 implements MigrationInterface {
  name = 'ComplaintPublicId1795447000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "complaints"
            ADD "public_id" uuid NOT NULL DEFAULT gen_random_uuid()
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_complaints_public_id" ON "complaints" ("public_id")
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            DROP INDEX "public"."UQ_complaints_public_id"
        `);
    await queryRunner.query(`
            ALTER TABLE "complaints" DROP COLUMN "public_id"
        `);
  }
}
