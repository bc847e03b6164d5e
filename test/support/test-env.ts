import { assertTestDatabase } from '../../libs/persistence/src/test-database-guard';

/** The servers the end-to-end tests use: the machine's PostgreSQL (a database named *test*) and Redis. */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/suivi_test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export function adminUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

export { assertTestDatabase };
