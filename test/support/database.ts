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

/** The name of the migrated, never-connected copy of the test database that isolated suites start from. */
export const templateUrl = (url: string): string => withName(url, `${assertTestDatabase(url)}_template`);

/**
 * Saves the freshly migrated test database as a template (the global setup calls this once, while nothing
 * else is connected), so `isolatedDatabase` can copy it in a fraction of a second.
 */
export async function saveTemplate(url: string): Promise<void> {
  await copyDatabase(url, templateUrl(url));
}

/**
 * A migrated database of one suite's own, `<test database>_<suffix>`, copied from the template. Suites
 * that run a worker need one: a worker relays and reconciles every pending notification in its database,
 * so two suites' workers on one database would send each other's messages to their own providers.
 * Answers the database URL.
 */
export async function isolatedDatabase(url: string, suffix: string): Promise<string> {
  if (!/^[a-z0-9_]+$/.test(suffix)) throw new Error(`database suffix must be [a-z0-9_]: ${suffix}`);
  const own = withName(url, `${assertTestDatabase(url)}_${suffix}`);
  await copyDatabase(templateUrl(url), own);
  return own;
}

async function copyDatabase(fromUrl: string, toUrl: string): Promise<void> {
  const from = assertTestDatabase(fromUrl);
  const to = assertTestDatabase(toUrl);
  const admin = new Client({ connectionString: adminUrl(toUrl) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${to}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${to}" TEMPLATE "${from}"`);
  } finally {
    await admin.end();
  }
}

function withName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
