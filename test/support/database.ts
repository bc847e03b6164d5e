import { Client } from 'pg';
import { assertTestDatabase } from './test-env';
import { adminUrl } from './test-env';

/** Drops and recreates a test database; refuses any database whose name is not a test one. */
export async function recreateDatabase(url: string): Promise<void> {
  const name = assertTestDatabase(url);
  const admin = new Client({ connectionString: adminUrl(url) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
}
