import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { recreateDatabase, saveTemplate } from './support/database';
import { TEST_DATABASE_URL } from './support/test-env';

/**
 * A fresh test database, migrated once for the whole run by the shipped migration command (the compiled
 * one: `npm test` builds first, and Jest's global setup cannot resolve the path aliases), then saved as
 * the template that isolated suites copy.
 */
export default async function globalSetup(): Promise<void> {
  await recreateDatabase(TEST_DATABASE_URL);
  const cli = resolve(__dirname, '../dist/apps/cli/src/migrate.js');
  if (!existsSync(cli)) throw new Error('Build first (npm run build): the tests migrate with dist/apps/cli');
  execFileSync(process.execPath, [cli, 'up'], {
    env: { PATH: process.env.PATH, DATABASE_URL: TEST_DATABASE_URL },
    stdio: 'pipe',
  });
  // Suites that run a worker copy this into a database of their own (see isolatedDatabase).
  await saveTemplate(TEST_DATABASE_URL);
}
