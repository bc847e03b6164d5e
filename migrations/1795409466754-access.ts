import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, memberships, sessions, sign-in records, contractor work orders, and the tenant-facing
 * columns of complaints (tracking token hash, partner filing and consent, rating). */

export class Access1795409466754 implements MigrationInterface {
  name = 'Access1795409466754';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "partner_organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "kind" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a54784771f3fb270978b6575ee0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "display_name" character varying(200) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" character varying(32) NOT NULL, "partner_organisation_id" uuid, "contractor_id" uuid, "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_users_role" CHECK ("role" IN ('agent','supervisor','landlord_admin','contractor','partner','federation_auditor','platform_admin')), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users" ("email") `);
    await queryRunner.query(
      `CREATE TABLE "memberships" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "landlord_id" uuid NOT NULL, "agency_id" uuid, CONSTRAINT "PK_25d28bd932097a9e90495ede7b4" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_memberships_user_landlord_agency" ON "memberships" ("user_id", "landlord_id", "agency_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character(64) NOT NULL, "user_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "csrf_token" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3238ef96f18b355b671619111bc" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sessions_user" ON "sessions" ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_sessions_token_hash" ON "sessions" ("token_hash") `);
    await queryRunner.query(
      `CREATE TABLE "sign_in_attempts" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "user_id" uuid, "email" character varying(254) NOT NULL, "ip" character varying(64) NOT NULL, "outcome" character varying(16) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b5b5e9a98dbb74ada205a0084d8" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_sign_in_attempts_at" ON "sign_in_attempts" ("at") `);
    await queryRunner.query(
      `CREATE TABLE "work_orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "complaint_id" uuid NOT NULL, "contractor_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_29f6c1884082ee6f535aed93660" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_work_orders_complaint" ON "work_orders" ("complaint_id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_work_orders_token_hash" ON "work_orders" ("token_hash") `,
    );
    await queryRunner.query(`ALTER TABLE "complaints" ADD "tracking_token_hash" character(64)`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "partner_organisation_id" uuid`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "partner_case_reference" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "consent_recorded_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "complaints" ADD "share_contact_with_contractor" boolean NOT NULL DEFAULT false`,
    );
    await queryRunner.query(`ALTER TABLE "complaints" ADD "access_notes" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "rating" smallint`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "rating_comment" character varying(2000)`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "rated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_complaints_tracking_token_hash" ON "complaints" ("tracking_token_hash") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_complaints_partner_organisation" ON "complaints" ("partner_organisation_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_956570226023ae2a5e8d3728a3a" FOREIGN KEY ("partner_organisation_id") REFERENCES "partner_organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_6bf4734eb05d2a3d74fa3186f37" FOREIGN KEY ("contractor_id") REFERENCES "contractors"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_038b7b48fd5573da6cfddcfc624" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "FK_41562e033e7daf7424266bff112" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "sessions" ADD CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_orders" ADD CONSTRAINT "FK_6b9ebcfe2999d51740f37f08cb5" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_orders" ADD CONSTRAINT "FK_e5f3870e66e9e9daa5d7c2db48b" FOREIGN KEY ("contractor_id") REFERENCES "contractors"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "work_orders" DROP CONSTRAINT "FK_e5f3870e66e9e9daa5d7c2db48b"`);
    await queryRunner.query(`ALTER TABLE "work_orders" DROP CONSTRAINT "FK_6b9ebcfe2999d51740f37f08cb5"`);
    await queryRunner.query(`ALTER TABLE "sessions" DROP CONSTRAINT "FK_085d540d9f418cfbdc7bd55bb19"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_41562e033e7daf7424266bff112"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_038b7b48fd5573da6cfddcfc624"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "FK_7c1e2fdfed4f6838e0c05ae5051"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_6bf4734eb05d2a3d74fa3186f37"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_956570226023ae2a5e8d3728a3a"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_complaints_partner_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_complaints_tracking_token_hash"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "rated_at"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "rating_comment"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "rating"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "access_notes"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "share_contact_with_contractor"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "consent_recorded_at"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "partner_case_reference"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "partner_organisation_id"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "tracking_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_work_orders_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_work_orders_complaint"`);
    await queryRunner.query(`DROP TABLE "work_orders"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_sign_in_attempts_at"`);
    await queryRunner.query(`DROP TABLE "sign_in_attempts"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_sessions_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_sessions_user"`);
    await queryRunner.query(`DROP TABLE "sessions"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_memberships_user_landlord_agency"`);
    await queryRunner.query(`DROP TABLE "memberships"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_users_email"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "partner_organisations"`);
  }
}
