/**
 * npm run bench:queue — the agent queue at scale (issue 6: "stays fast with 100,000 complaints in the
 * landlord"). Seeds 100,000 complaints in one landlord and 10,000 in a second one directly with SQL, then
 * times the real `ComplaintsService.list` / `counts` with agents' scopes, and the real HTTP routes (the
 * `/agent` page and `GET /api/v1/complaints?sort=nextDue`), p50/p95 over BENCH_RUNS sequential requests,
 * pages 1 and 50, with and without filters. Prints the plan of each main query (which scan on complaints)
 * as PostgreSQL runs it. Uses DATABASE_URL's server (default: the local PostgreSQL) in a fresh
 * `suivi_bench_queue` database. Never fails on timing: the figures are for reading.
 */
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthService, UsersService } from '@suivi/access';
import { ComplaintsService } from '@suivi/complaints';
import type { ComplaintQuery, ComplaintScope } from '@suivi/complaints';
import { loadConfig } from '@suivi/config';
import { CATEGORIES, INTAKE_CHANNELS, newReference } from '@suivi/domain';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { freshDatabase } from '../support/database';
import { fmt, percentile } from '../support/stats';
import { BENCH_CHECKPOINT_KEY } from '../support/checkpoint-key';

const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const BENCH_DB = 'suivi_bench_queue';
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const BIG = Number(process.env.BENCH_BIG ?? 100_000);
const SMALL = Number(process.env.BENCH_SMALL ?? 10_000);
const PAGE_SIZE = 25;
const PASSWORD = 'bench-password-not-secret';

interface Landlord {
  id: string;
  code: string;
  agencies: Record<string, string>;
  residences: Record<string, string>;
}

async function main(): Promise<void> {
  const dbUrl = await freshDatabase(SERVER_URL, BENCH_DB);
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: dbUrl,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    QUEUE_PREFIX: `suivi_bench_queue_${process.pid}`,
    LINK_SECRET: 'bench-link-secret-0123456789abcdefghijklmnop',
    CHECKPOINT_SIGNING_KEY: BENCH_CHECKPOINT_KEY,
    LOG_LEVEL: 'warn',
  });
  const app = await createApiApp(config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const pool = new Pool({ connectionString: dbUrl, max: 2 });
  try {
    const platform = await bearer(app, 'platform_admin', []);
    const big = await createLandlord(port, platform, 'BIG');
    const small = await createLandlord(port, platform, 'SMALL');
    const started = Date.now();
    await seed(pool, big, BIG, 0.42);
    await seed(pool, small, SMALL, 0.17);
    // What autovacuum does soon after a bulk load: statistics, and the visibility map index-only scans use.
    await pool.query('VACUUM ANALYZE complaints');
    console.log(
      `Seeded ${BIG} complaints in BIG and ${SMALL} in SMALL in ${fmt((Date.now() - started) / 1000)} s\n`,
    );

    const agent = await bearer(app, 'agent', ['BIG']);
    const known: string = (
      await pool.query(`SELECT reference FROM complaints WHERE landlord_id = $1 LIMIT 1`, [big.id])
    ).rows[0].reference;
    const scopes: [string, ComplaintScope][] = [
      ['BIG agent', { kind: 'landlords', memberships: [{ landlordId: big.id, agencyId: null }] }],
      [
        'BIG NORD-only agent',
        { kind: 'landlords', memberships: [{ landlordId: big.id, agencyId: big.agencies.NORD }] },
      ],
      [
        'BIG+SMALL agent',
        {
          kind: 'landlords',
          memberships: [
            { landlordId: big.id, agencyId: null },
            { landlordId: small.id, agencyId: null },
          ],
        },
      ],
    ];
    const queries: [string, Partial<ComplaintQuery>][] = [
      ['queue p1', {}],
      ['queue p50', { page: 50 }],
      ['status=assigned p1', { status: 'assigned' }],
      ['status=assigned p50', { status: 'assigned', page: 50 }],
      ['overdue p1', { overdue: true }],
      ['category=heating p1', { category: 'heating' }],
      ['agency=SUD p1', { agency: 'SUD' }],
      ['landlord=BIG p50', { landlord: 'BIG', page: 50 }],
      ['-createdAt p1 (API default)', { sort: '-createdAt' }],
      ['-createdAt p50', { sort: '-createdAt', page: 50 }],
      // The queue search (issue 18): a reference's last group, a whole one, an address, a phone, a name.
      ['search last group', { q: known.slice(-5).toLowerCase() }],
      ['search whole reference', { q: known }],
      ['search address "tilleuls"', { q: 'rue des tilleuls' }],
      ['search phone', { q: '06 12 34 56 78' }],
      ['search name "hélène"', { q: 'hélène' }],
    ];
    const service = app.get(ComplaintsService);
    const db = app.get(DataSource);
    const q = (extra: Partial<ComplaintQuery>): ComplaintQuery => ({
      page: 1,
      pageSize: PAGE_SIZE,
      sort: 'nextDue',
      ...extra,
    });

    console.log(`Service (ComplaintsService, ${RUNS} sequential calls each): p50 / p95 in ms`);
    for (const [who, scope] of scopes) {
      for (const [label, extra] of queries) {
        if (who !== 'BIG agent' && extra.page === 50 && extra.status) continue;
        const list = await time(() => service.list(q(extra), scope));
        const counts = await time(() => service.counts(q(extra), scope));
        // What the /agent page calls: a page and the counts, the total counted once.
        const queue = await time(() => service.queue(q(extra), scope));
        line(`${who} · ${label}`, [
          ['list', list],
          ['counts', counts],
          ['queue', queue],
        ]);
      }
    }

    console.log(`\nHTTP (${RUNS} sequential requests each, keep-alive): p50 / p95 in ms`);
    const http = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) => getStatus(http, `http://127.0.0.1:${port}${path}`, agent);
    const paths = [
      '/agent',
      '/agent?page=50',
      '/agent?status=assigned',
      '/agent?status=assigned&page=50',
      '/agent?overdue=true',
      '/agent?category=heating&agency=SUD',
      '/api/v1/complaints?sort=nextDue&pageSize=25',
      '/api/v1/complaints?sort=nextDue&pageSize=25&page=50',
      '/api/v1/complaints?sort=nextDue&pageSize=25&status=assigned',
      '/api/v1/complaints?sort=nextDue&pageSize=25&overdue=true&page=50',
      '/api/v1/complaints?pageSize=25',
      '/api/v1/complaints/counts',
      `/agent?q=${known.slice(-5)}`,
      '/agent?q=rue+des+tilleuls',
      '/agent?q=06+12+34+56+78',
    ];
    for (const path of paths) {
      const status = await get(path);
      if (status !== 200) console.log(`  ${path} answered ${status}`);
      line(path, [['', await time(() => get(path))]]);
    }
    http.destroy();

    console.log('\nPlans (EXPLAIN ANALYZE of the SQL the service runs, BIG agent unless named):');
    const planOf = async (label: string, scope: ComplaintScope, call: () => Promise<unknown>) => {
      for (const [sql, params] of await captured(db, call)) {
        const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']);
        const scans = plan
          .map(
            (l) =>
              /(Index Only Scan|Index Scan Backward|Index Scan|Bitmap Heap Scan|Parallel Seq Scan|Seq Scan)( using (\S+))? on complaints/.exec(
                l,
              ) ?? /(Bitmap Index Scan) on (IDX_complaints\S*)/.exec(l),
          )
          .filter((m): m is RegExpExecArray => !!m)
          .map((m) => (m[1] === 'Bitmap Index Scan' ? `(${m[2]})` : `${m[1]}${m[3] ? ` (${m[3]})` : ''}`));
        const tops = plan
          .map(
            (l) =>
              /^\s*(?:->\s*)?(Merge Append|Incremental Sort|Sort|Limit|Append|HashAggregate|GroupAggregate)/.exec(
                l,
              )?.[1],
          )
          .filter(Boolean);
        const ms = /Execution Time: ([\d.]+)/.exec(plan.join('\n'))?.[1];
        const what = /count\(\*\)/.test(sql) ? 'count' : 'page ';
        console.log(
          `  ${label.padEnd(34)} ${what} ${String(ms).padStart(8)} ms  ${[...new Set(scans)].join(' + ') || 'no scan of complaints'}${tops.length ? `  [${[...new Set(tops)].join(', ')}]` : ''}`,
        );
        if (process.env.BENCH_PLANS) console.log(plan.map((l) => `      ${l}`).join('\n'));
      }
      void scope;
    };
    const [bigScope, nordScope, bothScope] = scopes.map(([, s]) => s);
    for (const [label, extra] of [
      ['queue p1', {}],
      ['queue p50', { page: 50 }],
      ['status=assigned p50', { status: 'assigned', page: 50 }],
      ['overdue p1', { overdue: true }],
      ['category=heating p1', { category: 'heating' }],
      ['-createdAt p50', { sort: '-createdAt', page: 50 }],
    ] as [string, Partial<ComplaintQuery>][]) {
      await planOf(label, bigScope, () => service.list(q(extra), bigScope));
    }
    for (const [label, extra] of queries.filter(([l]) => l.startsWith('search'))) {
      await planOf(label, bigScope, () => service.list(q(extra), bigScope));
    }
    await planOf('counts', bigScope, () => service.counts(q({}), bigScope));
    await planOf('counts category=heating', bigScope, () =>
      service.counts(q({ category: 'heating' }), bigScope),
    );
    await planOf('NORD-only queue p50', nordScope, () => service.list(q({ page: 50 }), nordScope));
    await planOf('NORD-only counts', nordScope, () => service.counts(q({}), nordScope));
    await planOf('BIG+SMALL queue p50', bothScope, () => service.list(q({ page: 50 }), bothScope));
    await planOf('BIG+SMALL counts', bothScope, () => service.counts(q({}), bothScope));
  } finally {
    await pool.end();
    await app.close();
  }
}

/** A signed-in user (created through UsersService, signed in through AuthService); its bearer header. */
async function bearer(
  app: NestFastifyApplication,
  role: 'platform_admin' | 'agent',
  landlordCodes: string[],
) {
  const email = `${role}-${landlordCodes.join('-') || 'all'}@bench.local`;
  await app.get(UsersService).create({ email, displayName: role, password: PASSWORD, role, landlordCodes });
  const session = await app.get(AuthService).signIn(email, PASSWORD, '127.0.0.1', 'bearer');
  if (!session) throw new Error('bench sign-in failed');
  return `Bearer ${session.token}`;
}

/** A landlord with two agencies and a residence in each, through the admin API. */
async function createLandlord(port: number, platform: string, code: string): Promise<Landlord> {
  const post = async (path: string, body: unknown, auth: string) => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as Record<string, string>;
  };
  const landlord = await post(
    '/landlords',
    { code, name: `Bailleur ${code}`, timezone: 'Europe/Paris', country: 'FR', region: 'metropole' },
    platform,
  );
  const agencies: Record<string, string> = {};
  const residences: Record<string, string> = {};
  for (const [agency, residence, postcode] of [
    ['NORD', 'TILLEULS', '59000'],
    ['SUD', 'CIGALES', '13014'],
  ]) {
    agencies[agency] = (
      await post(`/landlords/${code}/agencies`, { code: agency, name: agency }, platform)
    ).id;
    residences[residence] = (
      await post(
        `/landlords/${code}/residences`,
        {
          code: residence,
          name: residence,
          agencyCode: agency,
          address: `1 rue ${residence}`,
          postcode,
          city: 'Ville',
          homesCount: 500,
        },
        platform,
      )
    ).id;
  }
  return { id: landlord.id, code, agencies, residences };
}

/**
 * `count` complaints over three years: 70 % closed (no next due date), the open ones due between ten days
 * ago and thirty days ahead (about a quarter overdue); half in NORD, 45 % in SUD, the rest without agency.
 */
async function seed(pool: Pool, landlord: Landlord, count: number, seed: number): Promise<void> {
  const references = Array.from({ length: count }, () => newReference());
  const client = await pool.connect();
  try {
    await client.query('SELECT setseed($1)', [seed]);
    await client.query(
      `WITH s AS (
         SELECT ref, random() AS r_status, random() AS r_agency, random() AS r_cat, random() AS r_chan,
                random() AS r_urg, random() AS r_due, now() - random() * interval '1095 days' AS created
           FROM unnest($1::text[]) AS u(ref)),
       t AS (
         SELECT s.*, CASE WHEN r_status < 0.70 THEN 'closed' WHEN r_status < 0.80 THEN 'received'
                          WHEN r_status < 0.87 THEN 'acknowledged' WHEN r_status < 0.95 THEN 'assigned'
                          ELSE 'works_checked' END AS status
           FROM s)
       INSERT INTO complaints (reference, landlord_id, agency_id, residence_id, category, description,
                               intake_channel, filed_by_role, status, version, head_hash, created_at,
                               updated_at, closed_at, urgency_level, urgency, next_due_at, next_due_stage)
       SELECT ref, $2::uuid,
              CASE WHEN r_agency < 0.5 THEN $3::uuid WHEN r_agency < 0.95 THEN $4::uuid END,
              CASE WHEN r_agency < 0.5 THEN $5::uuid WHEN r_agency < 0.95 THEN $6::uuid END,
              ($7::text[])[1 + floor(r_cat * array_length($7::text[], 1))::int], $9::text,
              ($8::text[])[1 + floor(r_chan * array_length($8::text[], 1))::int], 'agent', status, 1,
              repeat('0', 64), created, created, CASE WHEN status = 'closed' THEN created + interval '12 days' END,
              CASE WHEN r_urg < 0.05 THEN 'emergency' WHEN r_urg < 0.25 THEN 'urgent' WHEN r_urg < 0.85
                   THEN 'standard' ELSE 'routine' END,
              $10::jsonb || jsonb_build_object('evaluatedAt', created),
              CASE WHEN status <> 'closed' THEN now() + (r_due * 40 - 10) * interval '1 day' END,
              CASE status WHEN 'closed' THEN NULL WHEN 'received' THEN 'acknowledge'
                          WHEN 'works_checked' THEN 'resolve' ELSE 'intervene' END
         FROM t`,
      [
        references,
        landlord.id,
        landlord.agencies.NORD,
        landlord.agencies.SUD,
        landlord.residences.TILLEULS,
        landlord.residences.CIGALES,
        [...CATEGORIES],
        [...INTAKE_CHANNELS],
        DESCRIPTION,
        JSON.stringify(URGENCY),
      ],
    );
  } finally {
    client.release();
  }
}

// Rows as wide as real ones (a few sentences from the tenant, the recorded urgency decision), so a
// sequential scan costs what it would in production.
const DESCRIPTION =
  'Depuis trois jours il n’y a plus d’eau chaude dans la salle de bains et la cuisine. Le chauffe-eau fait ' +
  'un bruit de claquement puis s’arrête. J’ai déjà coupé et remis le disjoncteur sans effet. Nous avons un ' +
  'bébé de huit mois. Je suis joignable le matin avant 9 h et le soir après 18 h, interphone au nom de Diallo.';
const URGENCY = {
  due: {
    resolve: '2026-12-21T23:00:00.000Z',
    intervene: '2026-11-26T23:00:00.000Z',
    acknowledge: '2026-11-24T23:00:00.000Z',
  },
  rank: 2,
  level: 'priority',
  ruleIds: ['partial_loss_or_leak'],
  deadlines: {
    review: { unit: 'working_days', amount: 20 },
    resolve: { unit: 'working_days', amount: 20 },
    intervene: { unit: 'working_days', amount: 3 },
    acknowledge: { unit: 'working_days', amount: 1 },
    review_acknowledge: { unit: 'working_days', amount: 5 },
  },
  explanation: {
    en: 'A leak, a blocked sink or the partial loss of an essential service: someone comes within 3 working days.',
    fr: 'Une fuite, un évier bouché ou la perte partielle d’un équipement essentiel : intervention sous 3 jours ouvrés.',
  },
  ruleSetVersion: 0,
  tenantResponsibility: false,
  raisedForVulnerableOccupant: false,
};

interface Timing {
  p50: number;
  p95: number;
}

/** Two warm-up calls, then RUNS timed sequential calls. */
async function time(call: () => Promise<unknown>): Promise<Timing> {
  for (let i = 0; i < 2; i++) await call();
  const latencies: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    await call();
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95) };
}

function line(label: string, timings: [string, Timing][]): void {
  const cells = timings.map(
    ([name, t]) => `${name ? `${name} ` : ''}${fmt(t.p50, 2).padStart(7)} / ${fmt(t.p95, 2).padStart(7)}`,
  );
  console.log(`  ${label.padEnd(62)} ${cells.join('   ')}`);
}

/** The SQL statements (with their parameters) the DataSource runs during `call`. */
async function captured(db: DataSource, call: () => Promise<unknown>): Promise<[string, unknown[]][]> {
  const seen: [string, unknown[]][] = [];
  const original = db.query.bind(db);
  db.query = (async (sql: string, params?: unknown[]) => {
    if (/\bcomplaints c\b/.test(sql)) seen.push([sql, params ?? []]);
    return original(sql, params);
  }) as typeof db.query;
  try {
    await call();
  } finally {
    db.query = original;
  }
  return seen;
}

function getStatus(agent: Agent, url: string, auth: string): Promise<number> {
  return new Promise((done, fail) => {
    const req = request(url, { agent, headers: { authorization: auth } }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
    });
    req.on('error', fail);
    req.end();
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
