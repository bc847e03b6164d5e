import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { AuthService, UsersService } from '../../libs/access/src';
import type { StaffRole } from '../../libs/access/src';
import { loadConfig } from '../../libs/config/src/environment';
import type { AppConfig } from '../../libs/config/src/environment';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './test-env';

/** The tests' own LINK_SECRET (test-only; no deployment uses it). */
export const TEST_LINK_SECRET = 'suivi-tests-only-link-secret-0123456789abcdef';
/** The operator's token for /metrics and the detailed /health in tests. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789abcdef';
export const OPERATOR = { Authorization: `Bearer ${TEST_METRICS_TOKEN}` };

export function testConfig(overrides: Record<string, string> = {}): AppConfig {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: TEST_DATABASE_URL,
    REDIS_URL: TEST_REDIS_URL,
    // Each test file gets its own queue and limiter namespace in the shared Redis.
    QUEUE_PREFIX: `suivi_test_${randomBytes(4).toString('hex')}`,
    // Messages sent with no SMTP or Twilio configured go to a sink; keep it out of the working tree.
    MESSAGE_SINK_FILE: join(tmpdir(), `suivi-test-messages-${process.pid}.jsonl`),
    LOG_LEVEL: 'error',
    DB_POOL_SIZE: '20',
    // There is no built-in secret in any mode: the tests bring their own.
    LINK_SECRET: TEST_LINK_SECRET,
    // Tests pose as distinct client addresses through X-Forwarded-For.
    TRUST_PROXY: 'true',
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    ...overrides,
  });
}

/** The real API app (Fastify, guards, pipes, filters) on the test database, ready for supertest. */
export async function createTestApp(overrides: Record<string, string> = {}): Promise<NestFastifyApplication> {
  const app = await createApiApp(testConfig(overrides));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

export const uniqueCode = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex').toUpperCase()}`;

/** A random client address, so per-address limits of one test do not touch another. */
export const randomIp = () => `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`;

export const TEST_PASSWORD = 'correct horse battery staple';

/**
 * A signed-in user of the given role (created directly, signed in through AuthService so the sign-in
 * route's per-address limit is not spent by fixtures). Returns the bearer header.
 */
export async function signedIn(
  app: NestFastifyApplication,
  role: StaffRole,
  options: { landlordCodes?: string[]; partnerOrganisationId?: string; contractorId?: string } = {},
): Promise<{ Authorization: string; userId: string; email: string }> {
  const email = `${role}-${randomBytes(5).toString('hex')}@test.suivi.local`;
  const userId = await app.get(UsersService).create({
    email,
    displayName: role,
    password: TEST_PASSWORD,
    role,
    landlordCodes: options.landlordCodes,
    partnerOrganisationId: options.partnerOrganisationId ?? null,
    contractorId: options.contractorId ?? null,
  });
  const session = await app.get(AuthService).signIn(email, TEST_PASSWORD, '127.0.0.1', 'bearer');
  if (!session) throw new Error('fixture sign-in failed');
  return { Authorization: `Bearer ${session.token}`, userId, email };
}
