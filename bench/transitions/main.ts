/**
 * npm run bench:transitions — lifecycle transitions per second and latency over HTTP with 32 concurrent
 * clients, against the same transaction run directly with pg, in the same run, with their ratio.
 * Uses DATABASE_URL's server (default: the local PostgreSQL) in a fresh `suivi_bench` database.
 * Target (issue A): ≥ 500 transitions/s over HTTP on a 2-core machine and ≥ 0.4 of the direct rate.
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { Pool } from 'pg';
import { hash } from '@node-rs/argon2';
import { applyAction, audiencesFor, chainEvent, newTextSalt, textDigest } from '@suivi/domain';
import type { Actor, ComplaintSnapshot, TransitionCommand } from '@suivi/domain';
import { freshDatabase } from '../support/database';
import { figures, fmt } from '../support/stats';
import type { RunFigures } from '../support/stats';
import { BENCH_CHECKPOINT_KEY } from '../support/checkpoint-key';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const PER_CLIENT = Number(process.env.BENCH_COMPLAINTS_PER_CLIENT ?? 200);
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'suivi_bench';
const PORT = Number(process.env.BENCH_PORT ?? 3917);
const BENCH_PASSWORD = 'bench-password-not-secret';

/** Each complaint walks the whole lifecycle: six transitions, each a real state change with its event. */
function steps(contractorId: string): { command: TransitionCommand; role: Actor['role'] }[] {
  return [
    { command: { action: 'acknowledge' }, role: 'agent' },
    { command: { action: 'assign', contractorId }, role: 'agent' },
    {
      command: {
        action: 'schedule',
        // Three weeks ahead: appointments must fall within APPOINTMENT_LIMITS of now.
        appointment: {
          start: new Date(Date.now() + 21 * 86_400_000),
          end: new Date(Date.now() + 21 * 86_400_000 + 7_200_000),
        },
      },
      role: 'contractor',
    },
    { command: { action: 'report_done', text: 'Travaux terminés' }, role: 'contractor' },
    // Checked by the agent (a tenant would use the tracking link; the transition is the same).
    { command: { action: 'check_works' }, role: 'agent' },
    { command: { action: 'close', resolution: 'Réparé' }, role: 'agent' },
  ];
}

async function main(): Promise<void> {
  const dbUrl = await freshDatabase(SERVER_URL, BENCH_DB);

  const api = spawn(process.execPath, [resolve(__dirname, '../../apps/api/src/main.js')], {
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      PORT: String(PORT),
      DB_POOL_SIZE: String(CLIENTS),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'production',
      LINK_SECRET: 'bench-link-secret-0123456789abcdefghijklmnop',
      CHECKPOINT_SIGNING_KEY: BENCH_CHECKPOINT_KEY,
      // The 4-hour acknowledgements must not be warned about mid-run (a sweep event bumps the version).
      DEADLINE_WARNING_HOURS: '1',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    const base = `http://127.0.0.1:${PORT}/api/v1`;
    await waitForHealth(`http://127.0.0.1:${PORT}/health`);
    // node:http with keep-alive: a lighter client than fetch, so the load generator leaves the cores to
    // the API and PostgreSQL it measures.
    const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
    const tokens: Record<string, string> = {};
    const post = (path: string, body: unknown, role = 'agent') =>
      postJson(agent, `${base}${path}`, body, tokens[role] ?? '');
    const users = new Pool({ connectionString: dbUrl, max: 2 });
    const signIn = async (role: string, contractorId: string | null = null) => {
      const email = `${role}@bench.local`;
      const [{ id }] = (
        await users.query(
          `INSERT INTO users (email, display_name, password_hash, role, contractor_id) VALUES ($1, $1, $2, $3, $4) RETURNING id`,
          [email, await hash(BENCH_PASSWORD), role, contractorId],
        )
      ).rows;
      if (role !== 'platform_admin') {
        await users.query(
          `INSERT INTO memberships (user_id, landlord_id) SELECT $1, id FROM landlords WHERE code = 'BENCH'`,
          [id],
        );
      }
      const res = await postJson(agent, `${base}/auth/token`, { email, password: BENCH_PASSWORD }, '');
      tokens[role] = (res.body as { token: string }).token;
    };
    await signIn('platform_admin');
    await post(
      '/landlords',
      {
        code: 'BENCH',
        name: 'Bench',
        timezone: 'Europe/Paris',
        country: 'FR',
        region: 'metropole',
      },
      'platform_admin',
    );
    await signIn('landlord_admin');
    await signIn('agent');
    const contractor = (await post('/landlords/BENCH/contractors', { name: 'Bench Works' }, 'landlord_admin'))
      .body as { id: string };
    await signIn('contractor', contractor.id);
    await users.end();
    const [httpRefs, directRefs] = [
      await fileMany(post, CLIENTS * PER_CLIENT),
      await fileMany(post, CLIENTS * PER_CLIENT),
    ];
    const plan = steps(contractor.id);

    console.log(`Transitions: ${CLIENTS} concurrent clients, ${SECONDS} s per run, 6-step lifecycle walks\n`);
    const httpRun = await drive(httpRefs, plan, async (ref, { command, role }, version) => {
      const res = await post(
        `/complaints/${ref}/transitions`,
        { ...command, expectedVersion: version },
        role,
      );
      return res.status === 200;
    });
    const pool = new Pool({ connectionString: dbUrl, max: CLIENTS });
    const directRun = await drive(directRefs, plan, (ref, { command, role }) =>
      directTransition(pool, ref, command, role),
    );
    await pool.end();

    report('HTTP (Fastify → service → PostgreSQL)', httpRun);
    report('Direct pg (same transaction)', directRun);
    const ratio = httpRun.perSecond / directRun.perSecond;
    console.log(
      `\nHTTP rate: ${fmt(httpRun.perSecond, 0)}/s (target ≥ 500/s): ${httpRun.perSecond >= 500 ? 'met' : 'NOT met'}`,
    );
    console.log(`HTTP / direct ratio: ${fmt(ratio, 2)} (target ≥ 0.40): ${ratio >= 0.4 ? 'met' : 'NOT met'}`);
  } finally {
    api.kill('SIGTERM');
  }
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('API did not become healthy');
}

interface JsonResponse {
  status: number;
  body: unknown;
}

function postJson(agent: Agent, url: string, body: unknown, token: string): Promise<JsonResponse> {
  const payload = JSON.stringify(body);
  return new Promise((done, fail) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }),
        );
      },
    );
    req.on('error', fail);
    req.end(payload);
  });
}

async function fileMany(
  post: (p: string, b: unknown, r?: string) => Promise<JsonResponse>,
  count: number,
): Promise<string[]> {
  const refs: string[] = [];
  const worker = async () => {
    while (refs.length < count) {
      const res = await post('/complaints', {
        landlordCode: 'BENCH',
        category: 'heating',
        description: 'Radiateurs froids',
        channel: 'phone',
        tenant: { name: 'Bench Tenant', phone: '0612345678' },
      });
      refs.push((res.body as { reference: string }).reference.replace(/-/g, ''));
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return refs.slice(0, count);
}

type Step = ReturnType<typeof steps>[number];

/** CLIENTS loops, each walking its own complaints step by step, for SECONDS; latencies of successes. */
async function drive(
  refs: string[],
  plan: Step[],
  run: (ref: string, step: Step, version: number) => Promise<boolean>,
): Promise<RunFigures> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, c) => {
      for (let i = c; i < refs.length && Date.now() < deadline; i += CLIENTS) {
        for (let s = 0; s < plan.length && Date.now() < deadline; s++) {
          const t0 = process.hrtime.bigint();
          const ok = await run(refs[i], plan[s], s + 1);
          if (ok) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
          else errors++;
        }
      }
    }),
  );
  return figures(latencies, Number(process.hrtime.bigint() - started) / 1e9, errors);
}

/** The transition's transaction written directly with pg: lock, domain rule, event with hash, update. */
async function directTransition(
  pool: Pool,
  reference: string,
  command: TransitionCommand,
  role: Actor['role'],
): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `SELECT c.id, c.status, c.version, c.category, c.hold_reason, c.contractor_id, c.closed_at, c.head_hash,
              l.reopen_window_days
         FROM complaints c JOIN landlords l ON l.id = c.landlord_id WHERE c.reference = $1 FOR UPDATE OF c`,
      [reference],
    );
    const row = rows[0];
    const snapshot: ComplaintSnapshot = {
      state: row.status,
      category: row.category,
      holdReason: row.hold_reason,
      contractorId: row.contractor_id,
      closedAt: row.closed_at,
    };
    const result = applyAction(
      snapshot,
      command,
      { role, id: randomUUID() },
      { now: new Date(), reopenWindowDays: row.reopen_window_days },
    );
    if (!result.ok) throw result.error;
    const { state, event: draft, changes } = result.value;
    const seq = row.version + 1;
    const salt = newTextSalt();
    const event = chainEvent(row.head_hash, {
      complaintId: row.id,
      seq,
      at: draft.at.toISOString(),
      actorRole: draft.actor.role,
      actorId: draft.actor.id,
      action: draft.action,
      fromState: draft.fromState,
      toState: draft.toState,
      payload: draft.payload,
      textDigests: {
        public: draft.texts.public ? textDigest(salt, draft.texts.public) : null,
        internal: null,
      },
    });
    const texts = draft.texts.public ? [{ visibility: 'public', body: draft.texts.public, salt }] : [];
    await client.query(
      `WITH u AS (UPDATE complaints SET status = $14, version = $2, head_hash = $12, updated_at = $3,
                         contractor_id = COALESCE($15, contractor_id), closed_at = COALESCE($16, closed_at)
                   WHERE id = $1 RETURNING id),
       e AS (
         INSERT INTO complaint_events (complaint_id, seq, at, actor_role, actor_id, action, from_state, to_state, payload, text_digests, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id)
       INSERT INTO complaint_event_texts (event_id, visibility, body, salt)
       SELECT e.id, t.visibility, t.body, t.salt FROM e, jsonb_to_recordset($13::jsonb) AS t(visibility text, body text, salt text)`,
      [
        row.id,
        seq,
        draft.at,
        event.actorRole,
        event.actorId,
        event.action,
        event.fromState,
        event.toState,
        JSON.stringify(event.payload),
        JSON.stringify(event.textDigests),
        event.prevHash,
        event.hash,
        JSON.stringify(texts),
        state,
        changes.contractorId ?? null,
        changes.closedAt ?? null,
      ],
    );
    // The outbox write every real transition makes: the recipients' context, then their rows.
    if (audiencesFor({ action: event.action as never, actorRole: role, payload: event.payload }).length > 0) {
      const ctx = await client.query(
        `SELECT c.landlord_id, c.partner_organisation_id, l.timezone, l.country, (c.urgency ->> 'rank')::int AS rank,
                t.phone_e164, t.email, t.preferred_channel, t.language, t.sms_opted_out_at,
                c.contractor_id, k.email AS contractor_email, k.phone_e164 AS contractor_phone
           FROM complaints c JOIN landlords l ON l.id = c.landlord_id
           LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
           LEFT JOIN contractors k ON k.id = c.contractor_id WHERE c.id = $1`,
        [row.id],
      );
      await client.query(
        `INSERT INTO notifications (complaint_id, seq, template, audience, recipient_id, channel, address, locale, not_before)
         VALUES ($1, $2, $3, 'tenant', '', 'sms', $4, 'fr', now())
         ON CONFLICT ON CONSTRAINT "UQ_notifications_idempotency" DO NOTHING`,
        [row.id, seq, event.action, ctx.rows[0].phone_e164],
      );
    }
    await client.query('COMMIT');
    return true;
  } catch {
    await client.query('ROLLBACK');
    return false;
  } finally {
    client.release();
  }
}

function report(label: string, f: RunFigures): void {
  console.log(
    `${label.padEnd(40)} ${String(f.count).padStart(7)} transitions in ${fmt(f.seconds)} s = ${fmt(f.perSecond, 0).padStart(5)}/s   p50 ${fmt(f.p50, 2)} ms   p99 ${fmt(f.p99, 2)} ms   errors ${f.errors}`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
