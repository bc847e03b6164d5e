import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14 (J4, J10): the public filing's answers kept between its steps (filing_drafts, keyed by a cookie
 * token's hash, expiring), and the numbers pages promise — the landlord's and each agency's phone, and the
 * number tenants text STATUT to.
 */

export class FilingDrafts1796014183708 implements MigrationInterface {
  name = 'FilingDrafts1796014183708';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "filing_drafts" (
                "token_hash" character(64) NOT NULL,
                "landlord_code" character varying(32) NOT NULL,
                "residence_code" character varying(32) NOT NULL,
                "answers" jsonb NOT NULL DEFAULT '{}',
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                CONSTRAINT "PK_4c701c048d48c2d00f27cd9a0b8" PRIMARY KEY ("token_hash")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_filing_drafts_expires" ON "filing_drafts" ("expires_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "landlords"
            ADD "public_phone" character varying(16)
        `);
    await queryRunner.query(`
            ALTER TABLE "landlords"
            ADD "sms_number" character varying(16)
        `);
    await queryRunner.query(`
            ALTER TABLE "agencies"
            ADD "public_phone" character varying(16)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "agencies" DROP COLUMN "public_phone"
        `);
    await queryRunner.query(`
            ALTER TABLE "landlords" DROP COLUMN "sms_number"
        `);
    await queryRunner.query(`
            ALTER TABLE "landlords" DROP COLUMN "public_phone"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_filing_drafts_expires"
        `);
    await queryRunner.query(`
            DROP TABLE "filing_drafts"
        `);
  }
}
