import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Daily digests over each landlord's chain heads: recorded once, never changed or deleted. */

export class Digests1795436231249 implements MigrationInterface {
  name = 'Digests1795436231249';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "daily_digests" (
                "landlord_id" uuid NOT NULL,
                "day" date NOT NULL,
                "digest" character(64) NOT NULL,
                "complaints" integer NOT NULL,
                "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "PK_e50a5593e1f28ba0b6ca9b52987" PRIMARY KEY ("landlord_id", "day")
            )
        `);
    await queryRunner.query(`
            ALTER TABLE "daily_digests"
            ADD CONSTRAINT "FK_c2fcd11f199ce7a0f87ab54e8bf" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE RESTRICT ON UPDATE NO ACTION
        `);
    await queryRunner.query(`CREATE FUNCTION "daily_digests_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'daily_digests are never rewritten: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
            END
        $$`);
    await queryRunner.query(
      `CREATE TRIGGER "daily_digests_no_update_delete" BEFORE UPDATE OR DELETE ON "daily_digests" FOR EACH ROW EXECUTE FUNCTION "daily_digests_immutable"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "daily_digests_no_update_delete" ON "daily_digests"`);
    await queryRunner.query(`DROP FUNCTION "daily_digests_immutable"()`);
    await queryRunner.query(`
            ALTER TABLE "daily_digests" DROP CONSTRAINT "FK_c2fcd11f199ce7a0f87ab54e8bf"
        `);
    await queryRunner.query(`
            DROP TABLE "daily_digests"
        `);
  }
}
