import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accent- and case-insensitive residence search: `residence` finds `Résidence`, `saint denis` finds
 * `Saint-Denis`. `suivi_fold(text)` lowers, strips accents (unaccent) and turns hyphens, apostrophes and dots
 * into spaces. unaccent() itself is only STABLE (it reads its dictionary through the search path), so an
 * index cannot call it; the wrapper names the dictionary schema-qualified and is declared IMMUTABLE, which
 * is what PostgreSQL's documentation suggests for indexing it. The trigram index is rebuilt on the folded
 * text; searches fold both sides with the same function.
 */
export class AccentInsensitiveSearch1795450100000 implements MigrationInterface {
  name = 'AccentInsensitiveSearch1795450100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    const schema = await extensionSchema(queryRunner);
    await queryRunner.query(`
            CREATE OR REPLACE FUNCTION suivi_fold(text) RETURNS text
            LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
            AS $$ SELECT regexp_replace(lower(${schema}.unaccent('${schema}.unaccent'::regdictionary, $1)),
                                        '[-‐‑‒–—―−''’.]+', ' ', 'g') $$
        `);
    await queryRunner.query(`DROP INDEX IF EXISTS "public"."IDX_residences_search"`);
    await queryRunner.query(`
            CREATE INDEX "IDX_residences_search" ON "residences"
            USING gin ((suivi_fold(name || ' ' || address || ' ' || postcode || ' ' || city)) gin_trgm_ops)
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_residences_search"`);
    await queryRunner.query(`
            CREATE INDEX "IDX_residences_search" ON "residences"
            USING gin ((lower(name || ' ' || address || ' ' || postcode || ' ' || city)) gin_trgm_ops)
        `);
    await queryRunner.query(`DROP FUNCTION suivi_fold(text)`);
    // The extension stays: other objects may have come to use it.
  }
}

/** The schema unaccent was installed in (public unless the database says otherwise). */
async function extensionSchema(queryRunner: QueryRunner): Promise<string> {
  const [row]: { nspname: string }[] = await queryRunner.query(
    `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent'`,
  );
  return `"${(row?.nspname ?? 'public').replace(/"/g, '""')}"`;
}
