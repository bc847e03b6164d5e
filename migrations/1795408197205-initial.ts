import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Organisation, tenant contacts, complaints and their hash-chained events. Generated from the entities,
 * then completed by hand with what entities cannot express: the database itself refuses UPDATE, DELETE
 * and TRUNCATE of complaint events, whatever the application does.
 */

export class Initial1795408197205 implements MigrationInterface {
  name = 'Initial1795408197205';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "landlords" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "timezone" character varying(64) NOT NULL, "country" character(2) NOT NULL, "region" character varying(32) NOT NULL, "reopen_window_days" integer NOT NULL DEFAULT '30', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6d4f2822376966a2c9fe612b66a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_landlords_code" ON "landlords" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "agencies" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "landlord_id" uuid NOT NULL, "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_8ab1f1f53f56c8255b0d7e68b28" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_agencies_landlord_code" ON "agencies" ("landlord_id", "code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "residences" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "landlord_id" uuid NOT NULL, "agency_id" uuid, "code" character varying(32) NOT NULL, "name" character varying(200) NOT NULL, "address" character varying(300) NOT NULL, "postcode" character varying(16) NOT NULL, "city" character varying(100) NOT NULL, "homes_count" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_505bad416f6552d9481a82385bb" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_residences_postcode" ON "residences" ("postcode") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_residences_landlord_code" ON "residences" ("landlord_id", "code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "contractors" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "landlord_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "trade" character varying(64), "email" character varying(254), "phone_e164" character varying(16), "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6dbfde8813cdc4c4689f1e1e503" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_contractors_landlord" ON "contractors" ("landlord_id") `);
    await queryRunner.query(
      `CREATE TABLE "tenant_contacts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "phone_e164" character varying(16), "email" character varying(254), "preferred_channel" character varying(8) NOT NULL, "language" character varying(2) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_64452488b0a15288f5f57d3b67a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "complaints" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" character(13) NOT NULL, "landlord_id" uuid NOT NULL, "agency_id" uuid, "residence_id" uuid, "unit" character varying(50), "category" character varying(32) NOT NULL, "description" text NOT NULL, "intake_channel" character varying(16) NOT NULL, "filed_by_role" character varying(32) NOT NULL, "filed_by_id" character varying(64), "tenant_contact_id" uuid, "status" character varying(20) NOT NULL, "version" integer NOT NULL, "hold_reason" character varying(32), "contractor_id" uuid, "appointment_start" TIMESTAMP WITH TIME ZONE, "appointment_end" TIMESTAMP WITH TIME ZONE, "head_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "closed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_complaints_version" CHECK ("version" >= 1), CONSTRAINT "CHK_complaints_channel" CHECK ("intake_channel" IN ('web','phone','front_desk','letter','email','sms','partner')), CONSTRAINT "CHK_complaints_status" CHECK ("status" IN ('received','acknowledged','assigned','works_checked','closed')), CONSTRAINT "PK_4b7566a2a489c2cc7c12ed076ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_complaints_created" ON "complaints" ("created_at") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_complaints_landlord_status_created" ON "complaints" ("landlord_id", "status", "created_at") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_complaints_landlord_created" ON "complaints" ("landlord_id", "created_at") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_complaints_reference" ON "complaints" ("reference") `);
    await queryRunner.query(
      `CREATE TABLE "complaint_events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "complaint_id" uuid NOT NULL, "seq" integer NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_role" character varying(32) NOT NULL, "actor_id" character varying(64), "action" character varying(32) NOT NULL, "from_state" character varying(20), "to_state" character varying(20) NOT NULL, "payload" jsonb NOT NULL, "text_digests" jsonb NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "UQ_complaint_events_complaint_seq" UNIQUE ("complaint_id", "seq"), CONSTRAINT "CHK_complaint_events_seq" CHECK ("seq" >= 1), CONSTRAINT "PK_e9979b3ca11620b323d58446a38" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "complaint_event_texts" ("event_id" bigint NOT NULL, "visibility" character varying(8) NOT NULL, "body" text NOT NULL, "salt" character(32) NOT NULL, CONSTRAINT "PK_1155b5c7131380d224459a50dbf" PRIMARY KEY ("event_id", "visibility"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "agencies" ADD CONSTRAINT "FK_e72d2b787098c6b93839ec66d66" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "residences" ADD CONSTRAINT "FK_868ecfb99f27676afc60e8eca5c" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "residences" ADD CONSTRAINT "FK_e943443e5f5b9da42f081c657b6" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "contractors" ADD CONSTRAINT "FK_fc11a0a9538440d5a1062bf4b86" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "complaints" ADD CONSTRAINT "FK_f9e55de213a0b620508f88f289f" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "complaints" ADD CONSTRAINT "FK_1d2d2f4ec6e65ab1c3258bb6a93" FOREIGN KEY ("agency_id") REFERENCES "agencies"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "complaints" ADD CONSTRAINT "FK_28cc085e3fd849dfe2bfe74b701" FOREIGN KEY ("residence_id") REFERENCES "residences"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "complaints" ADD CONSTRAINT "FK_0daeb22cfdafff8f342fb9a1386" FOREIGN KEY ("tenant_contact_id") REFERENCES "tenant_contacts"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "complaints" ADD CONSTRAINT "FK_da0446a335656379f2bc3685c3f" FOREIGN KEY ("contractor_id") REFERENCES "contractors"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "complaint_events" ADD CONSTRAINT "FK_1f884003b0ce325855f85a1b222" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "complaint_event_texts" ADD CONSTRAINT "FK_fdfaf60f3819b574805b600cd5b" FOREIGN KEY ("event_id") REFERENCES "complaint_events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE FUNCTION "complaint_events_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'complaint_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END
        $$`);
    await queryRunner.query(
      `CREATE TRIGGER "complaint_events_no_update_delete" BEFORE UPDATE OR DELETE ON "complaint_events" FOR EACH ROW EXECUTE FUNCTION "complaint_events_append_only"()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "complaint_events_no_truncate" BEFORE TRUNCATE ON "complaint_events" FOR EACH STATEMENT EXECUTE FUNCTION "complaint_events_append_only"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "complaint_events_no_truncate" ON "complaint_events"`);
    await queryRunner.query(`DROP TRIGGER "complaint_events_no_update_delete" ON "complaint_events"`);
    await queryRunner.query(`DROP FUNCTION "complaint_events_append_only"()`);
    await queryRunner.query(
      `ALTER TABLE "complaint_event_texts" DROP CONSTRAINT "FK_fdfaf60f3819b574805b600cd5b"`,
    );
    await queryRunner.query(
      `ALTER TABLE "complaint_events" DROP CONSTRAINT "FK_1f884003b0ce325855f85a1b222"`,
    );
    await queryRunner.query(`ALTER TABLE "complaints" DROP CONSTRAINT "FK_da0446a335656379f2bc3685c3f"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP CONSTRAINT "FK_0daeb22cfdafff8f342fb9a1386"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP CONSTRAINT "FK_28cc085e3fd849dfe2bfe74b701"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP CONSTRAINT "FK_1d2d2f4ec6e65ab1c3258bb6a93"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP CONSTRAINT "FK_f9e55de213a0b620508f88f289f"`);
    await queryRunner.query(`ALTER TABLE "contractors" DROP CONSTRAINT "FK_fc11a0a9538440d5a1062bf4b86"`);
    await queryRunner.query(`ALTER TABLE "residences" DROP CONSTRAINT "FK_e943443e5f5b9da42f081c657b6"`);
    await queryRunner.query(`ALTER TABLE "residences" DROP CONSTRAINT "FK_868ecfb99f27676afc60e8eca5c"`);
    await queryRunner.query(`ALTER TABLE "agencies" DROP CONSTRAINT "FK_e72d2b787098c6b93839ec66d66"`);
    await queryRunner.query(`DROP TABLE "complaint_event_texts"`);
    await queryRunner.query(`DROP TABLE "complaint_events"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_complaints_reference"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_complaints_landlord_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_complaints_landlord_status_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_complaints_created"`);
    await queryRunner.query(`DROP TABLE "complaints"`);
    await queryRunner.query(`DROP TABLE "tenant_contacts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_contractors_landlord"`);
    await queryRunner.query(`DROP TABLE "contractors"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_residences_landlord_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_residences_postcode"`);
    await queryRunner.query(`DROP TABLE "residences"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_agencies_landlord_code"`);
    await queryRunner.query(`DROP TABLE "agencies"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_landlords_code"`);
    await queryRunner.query(`DROP TABLE "landlords"`);
  }
}
