import { formatReference, newReference } from '../libs/domain/src';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import IORedis from 'ioredis';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LinksService } from '../libs/complaints/src';
import { APP_CONFIG } from '../libs/config/src';
import type { AppConfig } from '../libs/config/src';
import { LOOKUP_LOCK } from '../apps/api/src/tracking/tracking.controller';
import { SIGN_IN_LIMITS } from '../libs/access/src';
import { OPERATOR, createTestApp, randomIp, signedIn, TEST_PASSWORD } from './support/app';
import { complaintBody, createLandlord, fileComplaintWithToken } from './support/factory';
import type { TestLandlord } from './support/factory';
import { eventually, freePort } from './support/helpers';

// Limits counted before they are evaluated: however many attempts arrive at once, at most the limit are
// evaluated; a lock-out holds for the (secret, address) pair, and slows the secret down for everyone else.

let app: NestFastifyApplication;
let landlord: TestLandlord;
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  app = await createTestApp();
  landlord = await createLandlord(app);
});
afterAll(() => app.close());

const lookup = (reference: string, verifier: string, ip: string, headers: Record<string, string> = {}) =>
  http().post('/api/v1/track/lookup').set('X-Forwarded-For', ip).set(headers).send({ reference, verifier });

const token = (email: string, password: string, ip: string) =>
  http().post('/api/v1/auth/token').set('X-Forwarded-For', ip).send({ email, password });

describe('reference lookups', () => {
  it('evaluates at most the pair limit of 100 parallel wrong verifiers from one address, then refuses the right one', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const evaluated = jest.spyOn(app.get(LinksService), 'lookup');
    const ip = randomIp();
    try {
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => lookup(filed.reference, String(1000 + i), ip)),
      );
      expect(answers.every((a) => a.status === 404 || a.status === 429)).toBe(true);
      expect(evaluated.mock.calls.length).toBeLessThanOrEqual(LOOKUP_LOCK.perPair);
      expect((await lookup(filed.reference, '5678', ip)).status).toBe(429);
    } finally {
      evaluated.mockRestore();
    }
  });

  it('evaluates at most the reference’s free attempts (plus one slowed, plus its first attempts from new addresses) of 100 parallel guesses from 100 addresses', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const evaluated = jest.spyOn(app.get(LinksService), 'lookup');
    try {
      // The right verifier is in the burst, 41st: it must not come back with the tracking token.
      const verifiers = Array.from({ length: 100 }, (_, i) => (i === 40 ? '5678' : String(1000 + i)));
      const answers = await Promise.all(verifiers.map((v) => lookup(filed.reference, v, randomIp())));
      const admitted = evaluated.mock.calls.length;
      expect(admitted).toBeLessThanOrEqual(
        LOOKUP_LOCK.referenceFree + 1 + LOOKUP_LOCK.referenceFirstsFromNewAddresses,
      );
      expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(100 - admitted);
      // Right after the burst, the right verifier from yet another address waits too.
      const after = await lookup(filed.reference, '5678', randomIp());
      expect(after.status).toBe(429);
      expect(after.body.retryAfterSeconds).toBeGreaterThan(0);
    } finally {
      evaluated.mockRestore();
    }
  });

  it('does not lock the tenant out from their own address when an attacker locked the pair', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const attacker = randomIp();
    for (let i = 0; i < LOOKUP_LOCK.perPair; i++) {
      expect((await lookup(filed.reference, `000${i}`, attacker)).status).toBe(404);
    }
    expect((await lookup(filed.reference, '5678', attacker)).status).toBe(429);
    const tenant = await lookup(filed.reference, '5678', randomIp());
    expect(tenant.status).toBe(200);
    expect(tenant.body.reference).toBe(filed.reference);
  });

  it('lets the tenant in from a new address while one attacker address takes every slot of a slowed reference', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    // Two addresses spend the reference's free attempts: it is slowed for everyone from now on.
    for (const ip of [randomIp(), randomIp()]) {
      for (let i = 0; i < LOOKUP_LOCK.perPair; i++) await lookup(filed.reference, `10${i}0`, ip);
    }
    // One more address takes its own first attempt, then the open slot, then waits like everyone else.
    const poller = randomIp();
    expect((await lookup(filed.reference, '2000', poller)).status).toBe(404);
    expect((await lookup(filed.reference, '2001', poller)).status).toBe(404);
    expect((await lookup(filed.reference, '2002', poller)).status).toBe(429);
    // The tenant, trying from their own address, is not kept out by the poller holding the slot.
    const tenant = await lookup(filed.reference, '5678', randomIp());
    expect(tenant.status).toBe(200);
    expect(tenant.body.reference).toBe(filed.reference);
  });

  it('keeps the per-address limit on lookups for a caller with a staff bearer token', async () => {
    const agent = await signedIn(app, 'agent', { landlordCodes: [landlord.code] });
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await lookup(`ZZZZ-ZZZZ-ZZZ${i}`, '0000', ip, { Authorization: agent.Authorization });
      statuses.push(res.status);
    }
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('sign-in', () => {
  it('evaluates at most the pair limit of 100 parallel wrong passwords from one address, then refuses the right one', async () => {
    const user = await signedIn(app, 'agent');
    const ip = randomIp();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => token(user.email, `wrong-${i}`, ip)),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    // 401 means the password was checked.
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(SIGN_IN_LIMITS.perPair);
    const [failures] = await app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM sign_in_attempts WHERE email = $1 AND outcome = 'failure'`, [
        user.email,
      ]);
    expect(failures.n).toBeLessThanOrEqual(SIGN_IN_LIMITS.perPair);
    expect((await token(user.email, TEST_PASSWORD, ip)).status).toBe(429);
  });

  it('gives no token to the right password hidden in 100 parallel attempts from 100 addresses', async () => {
    const user = await signedIn(app, 'agent');
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        token(user.email, i === 39 ? TEST_PASSWORD : `wrong-${i}`, randomIp()),
      ),
    );
    const statuses = answers.map((a) => a.status);
    const evaluated = statuses.filter((s) => s !== 429).length;
    expect(evaluated).toBeLessThanOrEqual(
      SIGN_IN_LIMITS.accountFree + 1 + SIGN_IN_LIMITS.accountFirstsFromNewAddresses,
    );
    // Right after the burst, the account is slowed down for everyone, the right password included.
    expect((await token(user.email, TEST_PASSWORD, randomIp())).status).toBe(429);
  });

  it('does not lock the account’s owner out from their own address when an attacker locked the pair', async () => {
    const user = await signedIn(app, 'agent');
    const attacker = randomIp();
    for (let i = 0; i < SIGN_IN_LIMITS.perPair; i++) {
      expect((await token(user.email, 'wrong', attacker)).status).toBe(401);
    }
    expect((await token(user.email, TEST_PASSWORD, attacker)).status).toBe(429);
    expect((await token(user.email, TEST_PASSWORD, randomIp())).status).toBe(200);
  });

  it('keeps the per-address limit on sign-in for a caller with a staff bearer token', async () => {
    const agent = await signedIn(app, 'agent');
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await http()
        .post('/api/v1/auth/token')
        .set('X-Forwarded-For', ip)
        .set('Authorization', agent.Authorization)
        .send({ email: agent.email, password: TEST_PASSWORD });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(30)).toEqual([429, 429]);
  });
});

describe('per-address limiter keys', () => {
  it('live under QUEUE_PREFIX', async () => {
    const config = app.get<AppConfig>(APP_CONFIG);
    await lookup(formatReference(newReference()), '0000', randomIp()).expect(404);
    const redis = new IORedis(config.redisUrl as string);
    try {
      const ours = await redis.keys(`${config.queuePrefix}:throttle:*`);
      expect(ours.length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
  });
});

describe('headers', () => {
  it('forbids every script on pages; only the API docs run theirs', async () => {
    for (const path of ['/', '/follow', '/sign-in']) {
      const res = await http().get(path).expect(200);
      expect(res.headers['content-security-policy']).toMatch(/script-src 'none'/);
    }
    const docs = await http().get('/api/docs').redirects(1);
    expect(docs.headers['content-security-policy']).toMatch(/script-src 'self' 'unsafe-inline'/);
  });

  it('marks API answers with personal data no-store', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const staff = await http()
      .get(`/api/v1/complaints/${filed.reference}`)
      .set(landlord.as.agent)
      .expect(200);
    expect(staff.headers['cache-control']).toBe('no-store');
    const tenant = await http().get(`/api/v1/track/${filed.trackingToken}`).expect(200);
    expect(tenant.headers['cache-control']).toBe('no-store');
  });

  it('caches only the real stylesheet for a year, never a 404 under /assets', async () => {
    const home = await http().get('/').expect(200);
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(home.text)![1];
    const found = await http().get(stylesheet).expect(200);
    expect(found.headers['cache-control']).toMatch(/max-age=31536000/);
    const missing = await http().get('/assets/suivi.0000000000.css').expect(404);
    expect(missing.headers['cache-control']).not.toMatch(/max-age/);
  });
});

describe('operations endpoints', () => {
  it('keeps /metrics and the detailed /health for the operator token; liveness stays public', async () => {
    await http().get('/metrics').expect(401);
    await http().get('/metrics').set('Authorization', 'Bearer not-the-token').expect(401);
    await http().get('/metrics').set(OPERATOR).expect(200);
    const open = await http().get('/health').expect(200);
    // Anyone sees up/down and whether work is late (this shared test database has due messages no relay
    // moves, so it may say 'degraded' with late: ['relay']), never the details.
    expect(open.body).toEqual({
      status: expect.stringMatching(/^(ok|degraded)$/),
      readiness: 'ok',
      database: { status: 'up' },
      queue: { backend: 'redis', status: 'up' },
      ...(open.body.late ? { late: expect.any(Array) } : {}),
    });
    expect(open.body).not.toHaveProperty('notifications');
    const detailed = await http().get('/health').set(OPERATOR).expect(200);
    expect(detailed.body.queue.depth).toEqual(expect.any(Number));
    expect(detailed.body).toHaveProperty('notifications');
    await http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await http().get('/health/ready').expect(200);
    expect(ready.body.status).toBe('ok');
  });

  it('keeps /metrics closed when no token is configured', async () => {
    const closed = await createTestApp({ METRICS_TOKEN: '' });
    try {
      await request(closed.getHttpServer()).get('/metrics').expect(401);
      await request(closed.getHttpServer()).get('/metrics').set(OPERATOR).expect(401);
    } finally {
      await closed.close();
    }
  });
});

describe('when Redis goes away', () => {
  let redis: ChildProcess | null = null;
  let own: NestFastifyApplication | null = null;
  let port = 0;
  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await eventually(async () => {
      const client = new IORedis({
        port,
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      try {
        await client.connect();
        await client.ping();
        return true;
      } catch {
        return undefined;
      } finally {
        client.disconnect();
      }
    });
  };
  const stopRedis = async () => {
    const child = redis;
    redis = null;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
  };
  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    own = await createTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await stopRedis();
    await own?.close();
  });

  it('answers 503 to sign-in and lookups (API and pages), says "queue delayed", and recovers', async () => {
    const server = () => request(own!.getHttpServer());
    const user = await signedIn(own!, 'agent');
    const signIn = () =>
      server()
        .post('/api/v1/auth/token')
        .set('X-Forwarded-For', randomIp())
        .send({ email: user.email, password: TEST_PASSWORD });
    expect((await signIn()).status).toBe(200);
    expect((await server().get('/health/ready')).body.status).toBe('ok');

    await stopRedis();
    const refused = await signIn();
    expect(refused.status).toBe(503);
    expect(refused.body.message).toMatch(/unavailable/);
    const looked = await server()
      .post('/api/v1/track/lookup')
      .set('X-Forwarded-For', randomIp())
      .send({ reference: 'ZZZZ-ZZZZ-ZZZZ9', verifier: '0000' });
    expect(looked.status).toBe(503);
    const page = await server()
      .post('/sign-in')
      .set('X-Forwarded-For', randomIp())
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(page.status).toBe(503);
    expect(page.text).toContain('momentanément indisponible');
    const follow = await server()
      .post('/follow')
      .set('X-Forwarded-For', randomIp())
      .type('form')
      .send({ reference: 'ZZZZ-ZZZZ-ZZZZ9', verifier: '0000' });
    expect(follow.status).toBe(503);
    // Filing and residence search need no attempt counter: the per-address limit counts in memory meanwhile
    // (before, every throttled public route answered 503 "sign-in … unavailable" while Redis was away).
    const filed = await server()
      .post('/api/v1/complaints')
      .set('X-Forwarded-For', randomIp())
      .send(complaintBody(landlord));
    expect(filed.status).toBe(201);
    await server().get('/api/v1/residences?q=rue').set('X-Forwarded-For', randomIp()).expect(200);
    await server().get('/file').set('X-Forwarded-For', randomIp()).expect(200);
    await server().get('/health/live').expect(200);
    const ready = await server().get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'queue_delayed', database: { status: 'up' } });

    await startRedis();
    await eventually(async () => (await signIn()).status === 200, 30_000);
  });
});

describe('Open311', () => {
  it('publishes a random public id, never the reference, and finds a request only by that id', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const res = await http().get('/open311/v2/requests.json?page_size=1000').expect(200);
    expect(JSON.stringify(res.body)).not.toContain(filed.reference);
    expect(JSON.stringify(res.body)).not.toContain(filed.reference.replace(/-/g, ''));
    const ours = res.body.filter(
      (r: { agency_responsible: string }) => r.agency_responsible === `Bailleur ${landlord.code}`,
    );
    expect(ours.length).toBeGreaterThan(0);
    for (const r of ours) expect(r.service_request_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
    await http().get(`/open311/v2/requests/${ours[0].service_request_id}.json`).expect(200);
    await http().get(`/open311/v2/requests/${filed.reference}.json`).expect(404);
    await http().get(`/open311/v2/requests.json?service_request_id=${filed.reference}`).expect(400);
  });
});
