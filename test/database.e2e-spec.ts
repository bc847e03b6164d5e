import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { dataSourceOptions } from '../libs/persistence/src/data-source';
import { revertLastMigration, runMigrations } from '../libs/persistence/src/migrate';
import { MIGRATIONS } from '../migrations';
import { createTestApp } from './support/app';
import { recreateDatabase } from './support/database';
import { createLandlord, fileComplaint } from './support/factory';
import { TEST_DATABASE_URL } from './support/test-env';

describe('complaint events are append-only in the database itself', () => {
  let app: NestFastifyApplication;
  let db: Client;
  let complaintId: string;

  beforeAll(async () => {
    app = await createTestApp();
    const reference = await fileComplaint(app, await createLandlord(app));
    db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    const rows = await db.query('SELECT id FROM complaints WHERE reference = $1', [
      reference.replace(/-/g, ''),
    ]);
    complaintId = rows.rows[0].id;
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  it.each([
    ['UPDATE', 'UPDATE complaint_events SET action = $$close$$ WHERE complaint_id = $1'],
    ['DELETE', 'DELETE FROM complaint_events WHERE complaint_id = $1'],
  ])('refuses %s', async (_op, sql) => {
    await expect(db.query(sql, [complaintId])).rejects.toThrow(/append-only/);
    const count = await db.query('SELECT count(*)::int AS n FROM complaint_events WHERE complaint_id = $1', [
      complaintId,
    ]);
    expect(count.rows[0].n).toBe(1);
  });

  it('refuses TRUNCATE', async () => {
    await expect(db.query('TRUNCATE complaint_events CASCADE')).rejects.toThrow(/append-only/);
  });

  it('refuses a second event with the same (complaint, seq)', async () => {
    await expect(
      db.query(
        `INSERT INTO complaint_events (complaint_id, seq, at, actor_role, action, to_state, payload, text_digests, prev_hash, hash)
         VALUES ($1, 1, now(), 'agent', 'note', 'received', '{}', '{}', repeat('0', 64), repeat('1', 64))`,
        [complaintId],
      ),
    ).rejects.toThrow(/UQ_complaint_events_complaint_seq/);
  });
});

describe('migrations', () => {
  const url = TEST_DATABASE_URL.replace(/\/([^/]+)$/, '/$1_migrations');

  it('go up, match the entities exactly, go down to nothing, and up again', async () => {
    await recreateDatabase(url);
    expect(await runMigrations(url)).toHaveLength(MIGRATIONS.length);

    const dataSource = new DataSource(dataSourceOptions(url, 2));
    await dataSource.initialize();
    try {
      // The schema the entities describe is the schema the migrations built: nothing left to generate.
      const pending = await dataSource.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }

    for (let i = 0; i < MIGRATIONS.length; i++) await revertLastMigration(url);
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      const tables = await client.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations'`,
      );
      expect(tables.rows).toEqual([]);
    } finally {
      await client.end();
    }
    expect(await runMigrations(url)).toHaveLength(MIGRATIONS.length);
  });
});
