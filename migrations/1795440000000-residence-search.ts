import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tenants find their residence by any words of its name, address, postcode or city: a trigram index on that
 * text serves `LIKE '%word%'` without reading every residence.
 */
export class ResidenceSearch1795440000000 implements MigrationInterface {
  name = 'ResidenceSearch1795440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`
            CREATE INDEX "IDX_residences_search" ON "residences"
            USING gin ((lower(name || ' ' || address || ' ' || postcode || ' ' || city)) gin_trgm_ops)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_residences_search"`);
    // The extension stays: other objects may have come to use it.
  }
}
