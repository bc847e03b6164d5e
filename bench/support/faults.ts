/**
 * The delivery fault scenarios (issue H), shared by the fault test (test/delivery-faults.e2e-spec.ts, small
 * batches) and `npm run bench:faults` (≥ 500 messages, both queue backends). Everything is real: a fresh
 * PostgreSQL database, a Redis of its own on a spare port (Redis backend), the local SMTP and Twilio-speaking
 * servers failing on demand, the API in this process (to file complaints: each writes an email and an SMS
 * outbox row for the tenant) and the compiled worker as child processes, killed and restarted.
 *
 * Each run counts, per outbox row — that is per (complaint, step, channel) — what the providers received:
 * e-mails by distinct Message-ID (a resend with the same Message-ID is one message to mail systems), SMS by
 * message; lost = rows received 0 times, doubled = extra receptions.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthService, UsersService } from '@suivi/access';
import { loadConfig } from '@suivi/config';
import { JobQueue, QueueName } from '@suivi/queue';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { freshDatabase } from './database';
import { TestSmtpServer } from './smtp-server';
import { TestTwilioServer } from './twilio-server';
import { BENCH_CHECKPOINT_KEY } from './checkpoint-key';

export type Backend = 'redis' | 'postgres';

export const SCENARIOS = [
  'kill -9 a worker mid-batch',
  'SIGTERM a worker mid-batch',
  'SMTP drops after DATA',
  'SMTP slow past the socket timeout',
  'Twilio drops before answering',
  'queue store lost mid-batch',
  'two workers and two relays',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface FaultResult {
  scenario: Scenario;
  backend: Backend;
  expected: number;
  received: number;
  lost: number;
  doubled: number;
  /** From the fault (or the start, for provider faults) until every message was delivered. */
  recoveredSeconds: number;
  /** The deadline sweep's schedule exists after the run. */
  sweepsScheduled: boolean;
  /** SIGTERM: how long the worker took to exit. */
  exitSeconds?: number;
  /** Outbox rows not in a final state when the run ended (timeout). */
  unsettled: number;
  /** Outbox rows the workers' upkeep re-fed to the queue as lost (from their logs). */
  refed: number;
  /** Those rows counted by status, e.g. `queued 3, retrying 2` (empty when every row settled). */
  unsettledStates: string;
}

/** `<scenario> [<backend>]: expected E, received R, lost L, doubled D, recovered in S s` */
export function formatResult(r: FaultResult): string {
  const name =
    r.scenario === 'queue store lost mid-batch' && r.backend === 'redis'
      ? 'Redis restarted without persistence'
      : r.scenario === 'queue store lost mid-batch'
        ? 'PostgreSQL queue emptied'
        : r.scenario;
  return `${name} [${r.backend}]: expected ${r.expected}, received ${r.received}, lost ${r.lost}, doubled ${r.doubled}, recovered in ${r.recoveredSeconds.toFixed(1)} s`;
}

export interface HarnessOptions {
  backend: Backend;
  /** A PostgreSQL server URL (any database); the harness creates `database` on it. */
  serverUrl: string;
  database: string;
  /** The compiled worker entry point (dist/apps/worker/src/main.js). */
  workerMain: string;
  /** SMS the worker may send per second (the batch's pace). */
  smsPerSecond: number;
  /** Print the workers' output. */
  verbose?: boolean;
}

const PASSWORD = 'fault-harness-password-not-secret';
/** Short provider timeout, reconcile interval and lock, so each scenario settles in seconds. */
const PROVIDER_TIMEOUT_SECONDS = 2;
const FINAL = ['sent', 'delivered', 'failed', 'undelivered', 'suppressed'];

async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A Redis of the harness's own, without persistence (no RDB, no AOF): a restart starts empty. */
class OwnRedis {
  private process: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      const up = await new Promise<boolean>((resolve) => {
        const probe = spawn('redis-cli', ['-p', String(this.port), 'ping'], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        let out = '';
        probe.stdout?.on('data', (d: Buffer) => (out += d.toString()));
        probe.on('exit', () => resolve(out.includes('PONG')));
      });
      if (up) return;
      await sleep(100);
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  async kill(): Promise<void> {
    const p = this.process;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGKILL');
    });
    this.process = null;
  }
}

class WorkerProcess {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  constructor(
    readonly child: ChildProcess,
    verbose: boolean,
  ) {
    const keep = (d: Buffer) => {
      this.output.push(d.toString());
      if (verbose) process.stderr.write(d);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGTERM and wait; answers the seconds it took to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number> {
    const started = Date.now();
    if (this.running) {
      this.child.kill(signal);
      await this.exited;
    }
    return (Date.now() - started) / 1000;
  }
}

export class FaultHarness {
  readonly smtp = new TestSmtpServer();
  readonly twilio = new TestTwilioServer();
  private redis: OwnRedis | null = null;
  private app: NestFastifyApplication | null = null;
  private dbUrl = '';
  private db: Client | null = null;
  private auth = '';
  private workers: WorkerProcess[] = [];
  private filed = 0;
  private runs = 0;

  constructor(private readonly options: HarnessOptions) {}

  private env(prefix: string): Record<string, string> {
    return {
      NODE_ENV: 'production',
      DATABASE_URL: this.dbUrl,
      ...(this.redis ? { REDIS_URL: this.redis.url } : {}),
      QUEUE_PREFIX: prefix,
      LOG_LEVEL: 'warn',
      LINK_SECRET: 'fault-harness-link-secret-0123456789abcdef',
      CHECKPOINT_SIGNING_KEY: BENCH_CHECKPOINT_KEY,
      PUBLIC_BASE_URL: 'https://suivi.faults',
      SMTP_URL: this.smtp.url,
      MAIL_FROM: 'Suivi <no-reply@suivi.faults>',
      TWILIO_ACCOUNT_SID: this.twilio.accountSid,
      TWILIO_AUTH_TOKEN: this.twilio.authToken,
      TWILIO_FROM: '+33700000000',
      TWILIO_API_URL: this.twilio.url,
      SMS_PER_SECOND: String(this.options.smsPerSecond),
      PROVIDER_TIMEOUT_SECONDS: String(PROVIDER_TIMEOUT_SECONDS),
      RECONCILE_INTERVAL_SECONDS: '1',
      QUEUE_LOCK_SECONDS: '4',
      SHUTDOWN_GRACE_SECONDS: '8',
      // Acknowledgement warnings would add messages of their own mid-run.
      DEADLINE_WARNING_HOURS: '1',
      DB_POOL_SIZE: '12',
    };
  }

  async start(): Promise<this> {
    this.dbUrl = await freshDatabase(this.options.serverUrl, this.options.database);
    this.db = new Client({ connectionString: this.dbUrl });
    await this.db.connect();
    await Promise.all([this.smtp.start(), this.twilio.start()]);
    if (this.options.backend === 'redis') {
      this.redis = new OwnRedis(await sparePort());
      await this.redis.start();
    }
    this.app = await createApiApp(
      loadConfig({ ...this.env('faults_api'), DB_POOL_SIZE: '8', LOG_LEVEL: 'error' }),
    );
    await this.app.init();
    await this.setUp();
    return this;
  }

  private inject(opts: {
    method: 'GET' | 'POST';
    url: string;
    headers?: Record<string, string>;
    payload?: object;
  }) {
    return (this.app as NestFastifyApplication).getHttpAdapter().getInstance().inject(opts);
  }

  private async setUp(): Promise<void> {
    const app = this.app as NestFastifyApplication;
    const users = app.get(UsersService);
    const platform = 'platform@faults.local';
    await users.create({
      email: platform,
      displayName: 'Faults',
      password: PASSWORD,
      role: 'platform_admin',
    });
    const token = (await app.get(AuthService).signIn(platform, PASSWORD, '127.0.0.1', 'bearer'))!.token;
    await this.inject({
      method: 'POST',
      url: '/api/v1/landlords',
      headers: { authorization: `Bearer ${token}` },
      payload: {
        code: 'FAULTS',
        name: 'Faults',
        timezone: 'Europe/Paris',
        country: 'FR',
        region: 'metropole',
      },
    });
    await users.create({
      email: 'agent@faults.local',
      displayName: 'Agent',
      password: PASSWORD,
      role: 'agent',
      landlordCodes: ['FAULTS'],
    });
    const agent = (await app.get(AuthService).signIn('agent@faults.local', PASSWORD, '127.0.0.1', 'bearer'))!;
    this.auth = `Bearer ${agent.token}`;
  }

  /** Files complaints (an emergency: SMS day and night) for tenants who chose e-mail and SMS. */
  private async file(complaints: number): Promise<string[]> {
    const references: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < complaints) {
          next += 1;
          const i = (this.filed += 1);
          const res = await this.inject({
            method: 'POST',
            url: '/api/v1/complaints',
            headers: { authorization: this.auth },
            payload: {
              landlordCode: 'FAULTS',
              category: 'gas',
              flags: ['gas_smell'],
              description: 'Odeur de gaz',
              channel: 'phone',
              tenant: {
                name: 'Tenant',
                phone: `+336${String(20_000_000 + i).slice(-8)}`,
                email: `tenant${i}@faults.local`,
                preferredChannel: 'both',
              },
            },
          });
          if (res.statusCode !== 201) throw new Error(`filing answered ${res.statusCode}: ${res.body}`);
          references.push((res.json() as { reference: string }).reference.replace(/-/g, ''));
        }
      }),
    );
    return references;
  }

  private startWorker(prefix: string): WorkerProcess {
    const child = spawn(process.execPath, [this.options.workerMain], {
      env: { ...process.env, ...this.env(prefix) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child, !!this.options.verbose);
    this.workers.push(worker);
    return worker;
  }

  private async rows(references: string[]) {
    const { rows } = await (this.db as Client).query<{
      id: string;
      channel: 'email' | 'sms';
      address: string;
      status: string;
    }>(
      `SELECT n.id, n.channel, n.address, n.status FROM notifications n JOIN complaints c ON c.id = n.complaint_id
        WHERE c.reference = ANY($1::text[])`,
      [references],
    );
    return rows;
  }

  /** Runs one scenario with about `messages` messages (two per complaint). */
  async run(scenario: Scenario, messages: number, timeoutMs: number): Promise<FaultResult> {
    const prefix = `faults_${++this.runs}`;
    const backend = this.options.backend;
    this.smtp.fault = null;
    this.twilio.fault = null;
    const references = await this.file(Math.ceil(messages / 2));
    const rows = await this.rows(references);
    if (rows.length < references.length * 2) {
      throw new Error(
        `expected two outbox rows per complaint, found ${rows.length} for ${references.length}`,
      );
    }
    const ids = new Set(rows.map((r) => r.id));
    const delivered = () =>
      this.smtp.received.filter((m) => m.notificationId && ids.has(m.notificationId)).length;
    const midBatch = async () => {
      const until = Date.now() + timeoutMs;
      while (delivered() < Math.max(1, rows.length * 0.15) && Date.now() < until) await sleep(20);
    };

    let faultAt = Date.now();
    let exitSeconds: number | undefined;
    switch (scenario) {
      case 'kill -9 a worker mid-batch': {
        const doomed = this.startWorker(prefix);
        this.startWorker(prefix);
        await midBatch();
        faultAt = Date.now();
        await doomed.stop('SIGKILL');
        this.startWorker(prefix); // its replacement, as an orchestrator would start one
        break;
      }
      case 'SIGTERM a worker mid-batch': {
        const stopping = this.startWorker(prefix);
        await midBatch();
        faultAt = Date.now();
        exitSeconds = await stopping.stop('SIGTERM');
        this.startWorker(prefix);
        break;
      }
      case 'SMTP drops after DATA':
        this.smtp.fault = { mode: 'drop-after-data', every: 5 };
        this.startWorker(prefix);
        break;
      case 'SMTP slow past the socket timeout':
        this.smtp.fault = { mode: 'slow-reply', every: 5, delayMs: PROVIDER_TIMEOUT_SECONDS * 1000 + 1500 };
        this.startWorker(prefix);
        break;
      case 'Twilio drops before answering':
        this.twilio.fault = { mode: 'drop-before-answer', every: 5 };
        this.startWorker(prefix);
        break;
      case 'queue store lost mid-batch': {
        this.startWorker(prefix);
        await midBatch();
        if (this.redis) {
          await this.redis.kill();
          await sleep(1000);
          await this.redis.start();
        } else {
          await (this.db as Client).query('TRUNCATE bullmq.job, bullmq.scheduler CASCADE');
        }
        faultAt = Date.now();
        break;
      }
      case 'two workers and two relays':
        this.startWorker(prefix);
        this.startWorker(prefix);
        break;
    }

    // Until every row is in a final state, or the time is up.
    const deadline = Date.now() + timeoutMs;
    let unsettled = rows.length;
    let unsettledStates = '';
    while (Date.now() < deadline) {
      const now = await this.rows(references);
      const open = now.filter((r) => !FINAL.includes(r.status));
      unsettled = open.length;
      const counts = new Map<string, number>();
      for (const r of open) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
      unsettledStates = [...counts].map(([s, n]) => `${s} ${n}`).join(', ');
      if (unsettled === 0) break;
      await sleep(200);
    }
    const recoveredSeconds = (Date.now() - faultAt) / 1000;
    this.smtp.fault = null;
    this.twilio.fault = null;
    // Late duplicates (a send still under way) would arrive now.
    await sleep(1000);
    const sweepsScheduled = await this.sweepScheduled(prefix);
    const stopped = this.workers.splice(0);
    await Promise.all(stopped.map((w) => w.stop('SIGTERM')));
    let refed = 0;
    for (const w of stopped) {
      for (const m of w.output.join('').matchAll(/Re-fed the queue with (\d+) outbox rows/g))
        refed += Number(m[1]);
    }

    let received = 0;
    let lost = 0;
    let doubled = 0;
    const emails = new Map<string, Set<string>>();
    for (const m of this.smtp.received) {
      if (!m.notificationId || !ids.has(m.notificationId)) continue;
      const set = emails.get(m.notificationId) ?? new Set<string>();
      set.add(m.messageId ?? `(no Message-ID ${emails.size})`);
      emails.set(m.notificationId, set);
    }
    const smsExpected = new Map<string, number>();
    for (const r of rows)
      if (r.channel === 'sms') smsExpected.set(r.address, (smsExpected.get(r.address) ?? 0) + 1);
    const smsReceived = new Map<string, number>();
    for (const m of this.twilio.received) {
      if (smsExpected.has(m.to)) smsReceived.set(m.to, (smsReceived.get(m.to) ?? 0) + 1);
    }
    for (const r of rows.filter((x) => x.channel === 'email')) {
      const n = emails.get(r.id)?.size ?? 0;
      received += n;
      if (n === 0) lost += 1;
      if (n > 1) doubled += n - 1;
    }
    for (const [address, expected] of smsExpected) {
      const n = smsReceived.get(address) ?? 0;
      received += n;
      lost += Math.max(0, expected - n);
      doubled += Math.max(0, n - expected);
    }
    return {
      scenario,
      backend,
      expected: rows.length,
      received,
      lost,
      doubled,
      recoveredSeconds,
      sweepsScheduled,
      exitSeconds,
      unsettled,
      unsettledStates,
      refed,
    };
  }

  /** The sweep's schedule, seen through a queue of the run's prefix (re-created by the worker if lost). */
  private async sweepScheduled(prefix: string): Promise<boolean> {
    const config = loadConfig({ ...this.env(prefix) });
    const queue = new JobQueue(config);
    try {
      for (let i = 0; i < 25; i++) {
        if (
          await queue
            .queue(QueueName.Maintenance)
            .getJobScheduler('deadline-sweep')
            .catch((e: Error) => {
              if (this.options.verbose) console.error(e);
              return null;
            })
        )
          return true;
        await sleep(200);
      }
      return false;
    } finally {
      await queue.onModuleDestroy();
    }
  }

  /** The workers' output (for a failing test's message). */
  output(): string {
    return this.workers.map((w) => w.output.join('')).join('\n---\n');
  }

  async stop(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.stop('SIGKILL')));
    await this.app?.close();
    await this.db?.end();
    await Promise.all([this.smtp.stop(), this.twilio.stop()]);
    await this.redis?.kill();
  }
}
