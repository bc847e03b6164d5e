import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18 (M), item 1: the agents' queue search (searchCondition in complaint-search.queries.ts). A piece
 * of a reference is found through the reference's trigrams; a tenant by the folded name's trigrams
 * (`suivi_fold`, accent- and case-insensitive, as IDX_residences_search) or the phone as stored (E.164);
 * then their complaints, and a residence's, through indexes on those foreign keys (which also serve
 * retention deletes of tenant contacts, whose ON DELETE SET NULL read every complaint before).
 */
export class QueueSearch1796080000000 implements MigrationInterface {
  name = 'QueueSearch1796080000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "IDX_complaints_reference_search" ON "complaints" USING gin (("reference"::text) gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_tenant_contacts_name_search" ON "tenant_contacts" USING gin ((suivi_fold("name")) gin_trgm_ops)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_tenant_contacts_phone" ON "tenant_contacts" ("phone_e164") WHERE "phone_e164" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_complaints_tenant_contact" ON "complaints" ("tenant_contact_id") WHERE "tenant_contact_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_complaints_residence" ON "complaints" ("residence_id") WHERE "residence_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_complaints_residence"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_complaints_tenant_contact"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tenant_contacts_phone"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_tenant_contacts_name_search"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_complaints_reference_search"`);
  }
}
