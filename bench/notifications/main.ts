/**
 * npm run bench:notifications — from a transition to the provider: the API runs in this process, the worker
 * (outbox relay, email and SMS processors) in its own, a local SMTP server and a local server answering
 * Twilio's REST API receive the messages. Prints, in one run:
 *   1. steady load: transitions at BENCH_RATE/s (default 100) for BENCH_SECONDS; deliveries/s and the
 *      p50/p95 latency from the transition's commit (the outbox row's time) to the provider receiving it;
 *   2. saturation: a burst of transitions as fast as 32 clients go; deliveries/s while draining;
 *   3. bare BullMQ on the same Redis: add + process of no-op jobs (same concurrency), jobs/s; and the ratio.
 * Targets (issue D): p95 < 1 s at 100 transitions/s; saturation ≥ 0.3 of the bare BullMQ rate.
 * Every transition writes one email and one SMS (tenants who chose both), so deliveries = 2 × transitions.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthService, UsersService } from '@suivi/access';
import { loadConfig } from '@suivi/config';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { freshDatabase } from '../support/database';
import { percentile, fmt } from '../support/stats';
import { TestSmtpServer } from '../support/smtp-server';
import { TestTwilioServer } from '../support/twilio-server';
import { BENCH_CHECKPOINT_KEY } from '../support/checkpoint-key';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const BURST = Number(process.env.BENCH_BURST ?? 2000);
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const BENCH_DB = 'suivi_bench_notifications';
const PREFIX = `suivi_bench_${Date.now()}`;
// The bare run's jobs look like ours: a string id and an id-only payload.
const PASSWORD = 'bench-password-not-secret';
let failedTransitions = 0;

async function main(): Promise<void> {
  const dbUrl = await freshDatabase(SERVER_URL, BENCH_DB);

  const smtp = await new TestSmtpServer().start();
  const twilio = await new TestTwilioServer().start();
  const env: Record<string, string> = {
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    REDIS_URL,
    QUEUE_PREFIX: PREFIX,
    LOG_LEVEL: 'warn',
    LINK_SECRET: 'bench-link-secret-0123456789abcdefghijklmnop',
    CHECKPOINT_SIGNING_KEY: BENCH_CHECKPOINT_KEY,
    PUBLIC_BASE_URL: 'https://suivi.bench',
    SMTP_URL: smtp.url,
    TWILIO_ACCOUNT_SID: twilio.accountSid,
    TWILIO_AUTH_TOKEN: twilio.authToken,
    TWILIO_FROM: '+33700000000',
    TWILIO_API_URL: twilio.url,
    // The provider's sending rate is a production setting (default 10/s); the local server takes any rate.
    SMS_PER_SECOND: '1000',
    // Warnings for the 4-hour acknowledgements would add events (and messages) of their own mid-run.
    DEADLINE_WARNING_HOURS: '1',
    DB_POOL_SIZE: '40',
  };
  const app = await createApiApp(loadConfig(env));
  await app.init();
  const startWorker = () =>
    spawn(process.execPath, [resolve(__dirname, '../../apps/worker/src/main.js')], {
      env: { ...process.env, ...env, DB_POOL_SIZE: '30' },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  let worker = startWorker();
  try {
    const auth = await setUp(app);
    const total = RATE * SECONDS;
    console.log(`Filing ${total + BURST} complaints (their own messages are drained before measuring)…`);
    const refs = await fileMany(app, auth, total + BURST);
    await drained(dbUrl);

    console.log(`\n1. Steady load: ${RATE} transitions/s for ${SECONDS} s`);
    const steadyStart = Date.now();
    const steady = refs.slice(0, total);
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < steady.length; i++) {
      const due = steadyStart + (i * 1000) / RATE;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      inflight.push(acknowledge(app, auth, steady[i]));
    }
    await Promise.all(inflight);
    const achieved = total / ((Date.now() - steadyStart) / 1000);
    await drained(dbUrl);
    const steadyFigures = await latencies(dbUrl, smtp, twilio, steadyStart);
    console.log(`   transitions sent at ${fmt(achieved, 0)}/s (${failedTransitions} failed)`);
    printDeliveries(steadyFigures);

    console.log(`\n2. Saturation: ${BURST} transitions written while the worker is stopped, then drained`);
    await stop(worker);
    const burst = refs.slice(total);
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < burst.length) await acknowledge(app, auth, burst[next++]);
      }),
    );
    const backlogFrom = Date.now();
    worker = startWorker();
    await drained(dbUrl);
    const burstFigures = await drainRate(smtp, twilio, backlogFrom);
    console.log(
      `   ${burstFigures.count} messages delivered in ${fmt(burstFigures.seconds, 2)} s from the first to the last = ${fmt(burstFigures.perSecond, 0)}/s`,
    );

    console.log('\n3. Bare BullMQ on the same Redis (add + no-op process, concurrency 20 + 10)');
    const bare = await bareBullmq(burstFigures.count);
    console.log(`   ${bare.count} jobs in ${fmt(bare.seconds, 2)} s = ${fmt(bare.perSecond, 0)} jobs/s`);

    const p95 = steadyFigures.p95;
    const ratio = burstFigures.perSecond / bare.perSecond;
    console.log(
      `\np95 transition → provider at ${RATE}/s: ${fmt(p95, 0)} ms (target < 1000 ms): ${p95 < 1000 ? 'met' : 'NOT met'}`,
    );
    console.log(
      `Saturation / bare BullMQ: ${fmt(burstFigures.perSecond, 0)} / ${fmt(bare.perSecond, 0)} = ${fmt(ratio, 2)} (target ≥ 0.30): ${ratio >= 0.3 ? 'met' : 'NOT met'}`,
    );
  } finally {
    await stop(worker);
    await app.close();
    await Promise.all([smtp.stop(), twilio.stop()]);
    const redis = new IORedis(REDIS_URL);
    const keys = await redis.keys(`${PREFIX}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

interface Auth {
  header: string;
  contractorId: string;
}

async function setUp(app: NestFastifyApplication): Promise<Auth> {
  const http = app.getHttpAdapter().getInstance();
  const users = app.get(UsersService);
  const platform = 'platform@bench.local';
  await users.create({ email: platform, displayName: 'Bench', password: PASSWORD, role: 'platform_admin' });
  const platformToken = (await app.get(AuthService).signIn(platform, PASSWORD, '127.0.0.1', 'bearer'))!.token;
  await http.inject({
    method: 'POST',
    url: '/api/v1/landlords',
    headers: { authorization: `Bearer ${platformToken}` },
    payload: { code: 'BENCH', name: 'Bench', timezone: 'Europe/Paris', country: 'FR', region: 'metropole' },
  });
  const agent = 'agent@bench.local';
  await users.create({
    email: agent,
    displayName: 'Agent',
    password: PASSWORD,
    role: 'agent',
    landlordCodes: ['BENCH'],
  });
  const token = (await app.get(AuthService).signIn(agent, PASSWORD, '127.0.0.1', 'bearer'))!.token;
  const adminEmail = 'admin@bench.local';
  await users.create({
    email: adminEmail,
    displayName: 'Admin',
    password: PASSWORD,
    role: 'landlord_admin',
    landlordCodes: ['BENCH'],
  });
  const adminToken = (await app.get(AuthService).signIn(adminEmail, PASSWORD, '127.0.0.1', 'bearer'))!.token;
  const contractor = await http.inject({
    method: 'POST',
    url: '/api/v1/landlords/BENCH/contractors',
    headers: { authorization: `Bearer ${adminToken}` },
    payload: { name: 'Bench Works' },
  });
  return { header: `Bearer ${token}`, contractorId: (contractor.json() as { id: string }).id };
}

async function fileMany(app: NestFastifyApplication, auth: Auth, count: number): Promise<string[]> {
  const http = app.getHttpAdapter().getInstance();
  const refs: string[] = [];
  let n = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (n < count) {
        const i = n++;
        const res = await http.inject({
          method: 'POST',
          url: '/api/v1/complaints',
          headers: { authorization: auth.header },
          payload: {
            landlordCode: 'BENCH',
            category: 'gas',
            flags: ['gas_smell'],
            description: 'Odeur de gaz',
            channel: 'phone',
            tenant: {
              name: 'Bench Tenant',
              phone: `+336${String(10_000_000 + i).slice(-8)}`,
              email: `tenant${i}@bench.local`,
              preferredChannel: 'both',
            },
          },
        });
        refs.push((res.json() as { reference: string }).reference);
      }
    }),
  );
  return refs;
}

async function acknowledge(app: NestFastifyApplication, auth: Auth, reference: string): Promise<void> {
  const res = await app
    .getHttpAdapter()
    .getInstance()
    .inject({
      method: 'POST',
      url: `/api/v1/complaints/${reference}/transitions`,
      headers: { authorization: auth.header },
      payload: { action: 'acknowledge', expectedVersion: 1 },
    });
  if (res.statusCode !== 200) {
    failedTransitions += 1;
    if (failedTransitions === 1) console.error(`   a transition failed: ${res.statusCode} ${res.body}`);
  }
}

/** Until no notification is waiting, queued or being sent. */
async function drained(dbUrl: string): Promise<void> {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  try {
    for (;;) {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM notifications WHERE status IN ('pending', 'queued', 'sending', 'retrying')`,
      );
      if (rows[0].n === 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await db.end();
  }
}

interface DeliveryFigures {
  count: number;
  perSecond: number;
  p50: number;
  p95: number;
}

/** Each message the providers received for rows written since `since`: provider time − outbox row time. */
async function latencies(
  dbUrl: string,
  smtp: TestSmtpServer,
  twilio: TestTwilioServer,
  since: number,
): Promise<DeliveryFigures> {
  const db = new Client({ connectionString: dbUrl });
  await db.connect();
  const { rows } = await db.query(
    `SELECT id, provider_id, extract(epoch FROM created_at) * 1000 AS at FROM notifications
      WHERE created_at >= to_timestamp($1 / 1000.0) AND status = 'sent'`,
    [since],
  );
  await db.end();
  const byId = new Map(rows.map((r: { id: string; at: number }) => [r.id, Number(r.at)]));
  const byProvider = new Map(
    rows.map((r: { provider_id: string; at: number }) => [r.provider_id, Number(r.at)]),
  );
  const samples: number[] = [];
  const received: number[] = [];
  for (const m of smtp.received) {
    const at = m.notificationId ? byId.get(m.notificationId) : undefined;
    if (at !== undefined) {
      samples.push(m.receivedAt - at);
      received.push(m.receivedAt);
    }
  }
  for (const m of twilio.received) {
    const at = byProvider.get(m.sid);
    if (at !== undefined) {
      samples.push(m.receivedAt - at);
      received.push(m.receivedAt);
    }
  }
  samples.sort((a, b) => a - b);
  const span = (Math.max(...received) - since) / 1000;
  return {
    count: samples.length,
    perSecond: samples.length / span,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
  };
}

/** Deliveries received after `since`, from the first to the last: the pipeline's rate on a backlog. */
function drainRate(smtp: TestSmtpServer, twilio: TestTwilioServer, since: number) {
  const times = [...smtp.received, ...twilio.received].map((m) => m.receivedAt).filter((t) => t >= since);
  const seconds = (Math.max(...times) - Math.min(...times)) / 1000;
  return { count: times.length, seconds, perSecond: times.length / seconds };
}

function printDeliveries(f: DeliveryFigures): void {
  console.log(
    `   ${f.count} messages delivered, ${fmt(f.perSecond, 0)}/s; transition → provider p50 ${fmt(f.p50, 0)} ms, p95 ${fmt(f.p95, 0)} ms`,
  );
}

async function bareBullmq(count: number): Promise<{ count: number; seconds: number; perSecond: number }> {
  const connection = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = [
    new Queue('bare_a', { connection, prefix: PREFIX }),
    new Queue('bare_b', { connection, prefix: PREFIX }),
  ];
  let done = 0;
  let finished!: () => void;
  const all = new Promise<void>((r) => (finished = r));
  const process = async () => {
    if (++done === count) finished();
  };
  const workers = [
    new Worker('bare_a', process, { connection, prefix: PREFIX, concurrency: 20 }),
    new Worker('bare_b', process, { connection, prefix: PREFIX, concurrency: 10 }),
  ];
  const started = Date.now();
  for (let i = 0; i < count; i += 100) {
    const batch = Array.from({ length: Math.min(100, count - i) }, (_, k) => ({
      name: 'noop',
      data: { notificationId: `${i + k}` },
      opts: { jobId: `bare-${i + k}`, removeOnComplete: true },
    }));
    await Promise.all([
      queues[0].addBulk(batch.filter((_, k) => k % 2 === 0)),
      queues[1].addBulk(batch.filter((_, k) => k % 2 === 1)),
    ]);
  }
  await all;
  const seconds = (Date.now() - started) / 1000;
  await Promise.all([...workers.map((w) => w.close()), ...queues.map((q) => q.close())]);
  connection.disconnect();
  return { count, seconds, perSecond: count / seconds };
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

main().catch((e: Error) => {
  console.error(e);
  process.exit(1);
});
