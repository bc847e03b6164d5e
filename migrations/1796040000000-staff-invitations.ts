import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12 (accounts): an administrator who creates a staff account with an address already used at another
 * landlord makes an invitation instead (`staff_invitations`), which stands for the account in their list until
 * its owner accepts it. Only the SHA-256 of the e-mailed token is kept; at most one pending invitation per
 * account and landlord (the partial unique index also serves the landlord's staff list).
 */
export class StaffInvitations1796040000000 implements MigrationInterface {
  name = 'StaffInvitations1796040000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "staff_invitations" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "landlord_id" uuid NOT NULL,
                "user_id" uuid NOT NULL,
                "display_name" character varying(200) NOT NULL,
                "role" character varying(32) NOT NULL,
                "contractor_id" uuid,
                "active" boolean NOT NULL DEFAULT true,
                "token_hash" character(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "sends" smallint NOT NULL DEFAULT '1',
                "accepted_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "CHK_staff_invitations_role" CHECK ("role" IN ('agent','supervisor','landlord_admin','contractor')),
                CONSTRAINT "PK_842e5346c92d8003bdb2140b6c8" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_staff_invitations_user" ON "staff_invitations" ("user_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_staff_invitations_pending" ON "staff_invitations" ("landlord_id", "user_id")
            WHERE "accepted_at" IS NULL
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_staff_invitations_token_hash" ON "staff_invitations" ("token_hash")
        `);
    await queryRunner.query(`
            ALTER TABLE "staff_invitations"
            ADD CONSTRAINT "FK_81930d11ae49786f10ea76817f3" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "staff_invitations"
            ADD CONSTRAINT "FK_22802f1b9ba6a6c757db786ad59" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "staff_invitations"
            ADD CONSTRAINT "FK_bb564e9c76e5eda209d380698d7" FOREIGN KEY ("contractor_id") REFERENCES "contractors"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "staff_invitations" DROP CONSTRAINT "FK_bb564e9c76e5eda209d380698d7"
        `);
    await queryRunner.query(`
            ALTER TABLE "staff_invitations" DROP CONSTRAINT "FK_22802f1b9ba6a6c757db786ad59"
        `);
    await queryRunner.query(`
            ALTER TABLE "staff_invitations" DROP CONSTRAINT "FK_81930d11ae49786f10ea76817f3"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_staff_invitations_token_hash"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_staff_invitations_pending"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_staff_invitations_user"
        `);
    await queryRunner.query(`
            DROP TABLE "staff_invitations"
        `);
  }
}
