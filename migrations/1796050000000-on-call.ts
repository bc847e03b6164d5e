import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16 (item 6): the on-call duty. A landlord's office hours and escalation delay (on_call_settings),
 * its rotas — per agency, or landlord-wide — of on-call people and a supervisor (on_call_people), and the
 * alerts sent, each with its acknowledgement link's token hash (on_call_alerts).
 */
export class OnCall1796050000000 implements MigrationInterface {
  name = 'OnCall1796050000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "on_call_settings" (
                "landlord_id" uuid NOT NULL,
                "office_days" character varying(7) NOT NULL DEFAULT '12345',
                "office_start" character varying(5) NOT NULL DEFAULT '08:30',
                "office_end" character varying(5) NOT NULL DEFAULT '18:00',
                "escalation_minutes" integer NOT NULL DEFAULT '15',
                "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_356f5b71a408854f2d6a1462c47" PRIMARY KEY ("landlord_id")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "on_call_people" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "landlord_id" uuid NOT NULL,
                "agency_id" uuid,
                "role" character varying(16) NOT NULL,
                "position" smallint NOT NULL,
                "name" character varying(200) NOT NULL,
                "phone" character varying(16) NOT NULL,
                "email" character varying(254),
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "CHK_on_call_people_role" CHECK ("role" IN ('on_call', 'supervisor')),
                CONSTRAINT "PK_f234218e83d0014e0ce1de12a19" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_on_call_people_landlord" ON "on_call_people" ("landlord_id", "agency_id")
        `);
    await queryRunner.query(`
            CREATE TABLE "on_call_alerts" (
                "id" uuid NOT NULL,
                "complaint_id" uuid NOT NULL,
                "person_id" uuid,
                "level" smallint NOT NULL,
                "role" character varying(16) NOT NULL,
                "position" smallint NOT NULL,
                "seq" integer NOT NULL,
                "token_hash" character(64) NOT NULL,
                "escalate_at" TIMESTAMP WITH TIME ZONE,
                "acknowledged_at" TIMESTAMP WITH TIME ZONE,
                "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_ecbf68582f94c4dc3bcd30e7510" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE UNIQUE INDEX "UQ_on_call_alerts_token" ON "on_call_alerts" ("token_hash")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_on_call_alerts_escalate" ON "on_call_alerts" ("escalate_at")
            WHERE "escalate_at" IS NOT NULL
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_on_call_alerts_complaint" ON "on_call_alerts" ("complaint_id")
        `);
    await queryRunner.query(`
            ALTER TABLE "on_call_settings"
            ADD CONSTRAINT "FK_356f5b71a408854f2d6a1462c47" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "on_call_people"
            ADD CONSTRAINT "FK_b9be11838acbf8225a0ae335b99" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "on_call_people"
            ADD CONSTRAINT "FK_fb42e3f9e4af7c72b3a5186195a" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "on_call_alerts"
            ADD CONSTRAINT "FK_a45c88c6e877ce5190ac48173a9" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "on_call_alerts"
            ADD CONSTRAINT "FK_7eb97a7019427181819779dc3cd" FOREIGN KEY ("person_id") REFERENCES "on_call_people"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "on_call_alerts" DROP CONSTRAINT "FK_7eb97a7019427181819779dc3cd"
        `);
    await queryRunner.query(`
            ALTER TABLE "on_call_alerts" DROP CONSTRAINT "FK_a45c88c6e877ce5190ac48173a9"
        `);
    await queryRunner.query(`
            ALTER TABLE "on_call_people" DROP CONSTRAINT "FK_fb42e3f9e4af7c72b3a5186195a"
        `);
    await queryRunner.query(`
            ALTER TABLE "on_call_people" DROP CONSTRAINT "FK_b9be11838acbf8225a0ae335b99"
        `);
    await queryRunner.query(`
            ALTER TABLE "on_call_settings" DROP CONSTRAINT "FK_356f5b71a408854f2d6a1462c47"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_on_call_alerts_complaint"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_on_call_alerts_escalate"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."UQ_on_call_alerts_token"
        `);
    await queryRunner.query(`
            DROP TABLE "on_call_alerts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_on_call_people_landlord"
        `);
    await queryRunner.query(`
            DROP TABLE "on_call_people"
        `);
    await queryRunner.query(`
            DROP TABLE "on_call_settings"
        `);
  }
}
