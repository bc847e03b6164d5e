import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts (issue 12, item 6): password-reset links (only the token's SHA-256 kept, single use, expiring),
 * two-factor sign-in (the sealed TOTP secret, its confirmation, the last accepted time step against
 * replay; recovery codes hashed at rest) and a session's missing second factor.
 */

export class Accounts1796013478029 implements MigrationInterface {
  name = 'Accounts1796013478029';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "password_resets" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "token_hash" character(64) NOT NULL,
                "requested_by" uuid,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_4816377aa98211c1de34469e742" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_password_resets_user" ON "password_resets" ("user_id")
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_password_resets_token_hash" ON "password_resets" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE TABLE "recovery_codes" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "user_id" uuid NOT NULL,
                "code_hash" character(64) NOT NULL,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                "used_at" TIMESTAMP WITH TIME ZONE,
                CONSTRAINT "PK_0723b9e53961e799027d7f7ba32" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_recovery_codes_user_code" ON "recovery_codes" ("user_id", "code_hash")
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "totp_secret" character varying(255)
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "totp_enabled_at" TIMESTAMP WITH TIME ZONE
        `);
    await queryRunner.query(`
            ALTER TABLE "users"
            ADD "totp_last_step" bigint
        `);
    await queryRunner.query(`
            ALTER TABLE "sessions"
            ADD "second_factor" character varying(8)
        `);
    await queryRunner.query(`
            ALTER TABLE "password_resets"
            ADD CONSTRAINT "FK_f7a4c3bc48f24df007936d217be" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "password_resets"
            ADD CONSTRAINT "FK_eebf3857f51e31fcfad23f8859d" FOREIGN KEY ("requested_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "recovery_codes"
            ADD CONSTRAINT "FK_fb82b2ac740ca095b617afad031" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "recovery_codes" DROP CONSTRAINT "FK_fb82b2ac740ca095b617afad031"
        `);
    await queryRunner.query(`
            ALTER TABLE "password_resets" DROP CONSTRAINT "FK_eebf3857f51e31fcfad23f8859d"
        `);
    await queryRunner.query(`
            ALTER TABLE "password_resets" DROP CONSTRAINT "FK_f7a4c3bc48f24df007936d217be"
        `);
    await queryRunner.query(`
            ALTER TABLE "sessions" DROP COLUMN "second_factor"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "totp_last_step"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "totp_enabled_at"
        `);
    await queryRunner.query(`
            ALTER TABLE "users" DROP COLUMN "totp_secret"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_recovery_codes_user_code"
        `);
    await queryRunner.query(`
            DROP TABLE "recovery_codes"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_password_resets_token_hash"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_password_resets_user"
        `);
    await queryRunner.query(`
            DROP TABLE "password_resets"
        `);
  }
}
