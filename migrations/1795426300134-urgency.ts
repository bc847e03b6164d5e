import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Urgency rule sets (every version kept; the database refuses to change or delete one) and the urgency
 * decision recorded on each complaint. */

export class Urgency1795426300134 implements MigrationInterface {
  name = 'Urgency1795426300134';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "urgency_rule_sets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "landlord_id" uuid NOT NULL, "version" integer NOT NULL, "rules" jsonb NOT NULL, "published_by" uuid, "published_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_d5e93c5f876222713b1501c5ad9" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_urgency_rule_sets_landlord_version" ON "urgency_rule_sets" ("landlord_id", "version") `,
    );
    await queryRunner.query(`ALTER TABLE "complaints" ADD "flags" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "urgency" jsonb`);
    await queryRunner.query(`ALTER TABLE "complaints" ADD "urgency_level" character varying(40)`);
    await queryRunner.query(
      `ALTER TABLE "urgency_rule_sets" ADD CONSTRAINT "FK_f80db8e956c9e9545f77e19197a" FOREIGN KEY ("landlord_id") REFERENCES "landlords"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE FUNCTION "urgency_rule_sets_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
          BEGIN
            RAISE EXCEPTION 'urgency_rule_sets is append-only: publish a new version instead' USING ERRCODE = 'restrict_violation';
          END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "urgency_rule_sets_no_update_delete" BEFORE UPDATE OR DELETE ON "urgency_rule_sets" FOR EACH ROW EXECUTE FUNCTION "urgency_rule_sets_immutable"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "urgency_rule_sets_no_update_delete" ON "urgency_rule_sets"`);
    await queryRunner.query(`DROP FUNCTION "urgency_rule_sets_immutable"()`);
    await queryRunner.query(
      `ALTER TABLE "urgency_rule_sets" DROP CONSTRAINT "FK_f80db8e956c9e9545f77e19197a"`,
    );
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "urgency_level"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "urgency"`);
    await queryRunner.query(`ALTER TABLE "complaints" DROP COLUMN "flags"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_urgency_rule_sets_landlord_version"`);
    await queryRunner.query(`DROP TABLE "urgency_rule_sets"`);
  }
}
