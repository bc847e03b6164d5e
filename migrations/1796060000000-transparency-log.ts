import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17: each landlord's append-only Merkle log (transparency_leaves: one leaf hash per event and rating,
 * in the order the sequencer appended them), its signed checkpoints, and the record of which federation
 * auditor each checkpoint was e-mailed to (transparency_checkpoint_mails). The log and the checkpoints may
 * never be changed or emptied: a trigger refuses UPDATE, DELETE and TRUNCATE, as for complaint_events.
 */
export class TransparencyLog1796060000000 implements MigrationInterface {
  name = 'TransparencyLog1796060000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "transparency_leaves" ("landlord_id" uuid NOT NULL, "leaf_index" bigint NOT NULL, "leaf_hash" bytea NOT NULL, "kind" character varying(8) NOT NULL, "complaint_id" uuid NOT NULL, "seq" integer, "sequenced_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_transparency_leaves_hash" CHECK (octet_length("leaf_hash") = 32), CONSTRAINT "CHK_transparency_leaves_kind" CHECK (("kind" = 'event' AND "seq" IS NOT NULL) OR ("kind" = 'rating' AND "seq" IS NULL)), CONSTRAINT "PK_6a71b7a43d647e67111db7796d0" PRIMARY KEY ("landlord_id", "leaf_index"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_transparency_leaves_rating" ON "transparency_leaves" ("complaint_id") WHERE "kind" = 'rating'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_transparency_leaves_event" ON "transparency_leaves" ("complaint_id", "seq") WHERE "kind" = 'event'`,
    );
    await queryRunner.query(
      `CREATE TABLE "transparency_checkpoints" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "landlord_id" uuid NOT NULL, "tree_size" bigint NOT NULL, "root_hash" bytea NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" text NOT NULL, CONSTRAINT "PK_0c7abb0ce57afd654a5b75c8289" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_transparency_checkpoints_landlord" ON "transparency_checkpoints" ("landlord_id", "tree_size")`,
    );
    await queryRunner.query(
      `ALTER TABLE "transparency_leaves" ADD CONSTRAINT "FK_99328238771d3d29145b8e9af72" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transparency_leaves" ADD CONSTRAINT "FK_a53c31b9cc52bed0d74f008ef73" FOREIGN KEY ("complaint_id") REFERENCES "complaints"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "transparency_checkpoints" ADD CONSTRAINT "FK_d77e49d475a2e66da86d6f6def5" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "transparency_checkpoint_mails" ("checkpoint_id" bigint NOT NULL, "address" character varying(320) NOT NULL, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_05c9ace88dd51c6617e058f3088" PRIMARY KEY ("checkpoint_id", "address"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "transparency_checkpoint_mails" ADD CONSTRAINT "FK_bdc849e39e9cb5eb86d5602551d" FOREIGN KEY ("checkpoint_id") REFERENCES "transparency_checkpoints"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE FUNCTION "transparency_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
            END
        $$`);
    for (const table of ['transparency_leaves', 'transparency_checkpoints']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_no_update_delete" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "transparency_append_only"()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "transparency_append_only"()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['transparency_checkpoints', 'transparency_leaves']) {
      await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_no_update_delete" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "transparency_append_only"()`);
    await queryRunner.query(
      `ALTER TABLE "transparency_checkpoint_mails" DROP CONSTRAINT "FK_bdc849e39e9cb5eb86d5602551d"`,
    );
    await queryRunner.query(`DROP TABLE "transparency_checkpoint_mails"`);
    await queryRunner.query(
      `ALTER TABLE "transparency_checkpoints" DROP CONSTRAINT "FK_d77e49d475a2e66da86d6f6def5"`,
    );
    await queryRunner.query(
      `ALTER TABLE "transparency_leaves" DROP CONSTRAINT "FK_a53c31b9cc52bed0d74f008ef73"`,
    );
    await queryRunner.query(
      `ALTER TABLE "transparency_leaves" DROP CONSTRAINT "FK_99328238771d3d29145b8e9af72"`,
    );
    await queryRunner.query(`DROP INDEX "public"."IDX_transparency_checkpoints_landlord"`);
    await queryRunner.query(`DROP TABLE "transparency_checkpoints"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_transparency_leaves_event"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_transparency_leaves_rating"`);
    await queryRunner.query(`DROP TABLE "transparency_leaves"`);
  }
}
