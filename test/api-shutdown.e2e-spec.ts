import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp, randomIp, TEST_LINK_SECRET } from './support/app';
import { complaintBody, createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';
import { freePort } from './support/helpers';
import { TEST_DATABASE_URL, TEST_REDIS_URL } from './support/test-env';

/**
 * Issue 13, item 3: an API under SIGTERM kept a keep-alive connection open and took 75 s to exit, where
 * container runtimes kill after 10 s. The compiled API (`npm run start:api`) runs as a child process under
 * load from keep-alive clients; one request is in flight (its body half sent) when SIGTERM arrives.
 */
describe('API on SIGTERM', () => {
  let app: NestFastifyApplication;
  let landlord: TestLandlord;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    app = await createTestApp();
    landlord = await createLandlord(app);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await app.close();
  });

  it('stops accepting, answers the request in flight, closes keep-alive connections and exits 0 within 10 s', async () => {
    const port = await freePort();
    child = spawn(process.execPath, [resolve(__dirname, '../dist/apps/api/src/main.js')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        PORT: String(port),
        DATABASE_URL: TEST_DATABASE_URL,
        REDIS_URL: TEST_REDIS_URL,
        QUEUE_PREFIX: `suivi_test_${randomBytes(4).toString('hex')}`,
        LINK_SECRET: TEST_LINK_SECRET,
        TRUST_PROXY: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const exited = new Promise<{ code: number | null; at: number }>((done) =>
      child!.once('exit', (code) => done({ code, at: Date.now() })),
    );
    const started = Date.now();
    while (!output.includes('API on ')) {
      if (child.exitCode !== null) throw new Error(`API exited early:\n${output}`);
      if (Date.now() - started > 120_000) throw new Error(`API did not start in 120 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }

    // Load: 16 keep-alive clients asking for /health in a loop; their connections stay open between requests.
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const statuses: number[] = [];
    let stopLoad = false;
    const get = () =>
      new Promise<number>((done, fail) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/health', agent }, (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode ?? 0));
        });
        req.on('error', fail);
        req.end();
      });
    const loops = Array.from({ length: 16 }, async () => {
      while (!stopLoad) {
        // After SIGTERM a client may meet a refused or reset connection: that is how it learns to go elsewhere.
        const status = await get().catch(() => null);
        if (status === null) return;
        statuses.push(status);
      }
    });
    // Every client has had answers on its kept-alive connection (a busy machine may take a while).
    const warm = Date.now() + 30_000;
    while (statuses.length < 32 && Date.now() < warm) await new Promise((r) => setTimeout(r, 100));
    expect(statuses.length).toBeGreaterThanOrEqual(32);

    // A request in flight at SIGTERM: headers and half the body sent, the rest after the signal.
    const body = JSON.stringify(complaintBody(landlord));
    const inFlight = connect(port, '127.0.0.1');
    let answer = '';
    const answered = new Promise<void>((done) => inFlight.on('end', () => done()));
    inFlight.on('data', (chunk) => (answer += chunk));
    await new Promise<void>((done) => inFlight.once('connect', () => done()));
    inFlight.write(
      'POST /api/v1/complaints HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n' +
        `X-Forwarded-For: ${randomIp()}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    inFlight.write(body.slice(0, 40));
    await new Promise((r) => setTimeout(r, 300));

    const signalled = Date.now();
    child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1_000));
    // No new connection is taken once stopping began.
    await expect(
      new Promise((done, fail) => {
        const probe = connect(port, '127.0.0.1');
        probe.once('connect', () => (probe.destroy(), done('connected')));
        probe.once('error', fail);
      }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    inFlight.write(body.slice(40));
    await answered;
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).toContain('"status":"received"');

    const { code, at } = await Promise.race([
      exited,
      new Promise<never>((_, fail) =>
        setTimeout(() => fail(new Error(`still running 15 s after SIGTERM:\n${output}`)), 15_000),
      ),
    ]);
    stopLoad = true;
    await Promise.all(loops);
    agent.destroy();
    expect(code).toBe(0);
    expect(at - signalled).toBeLessThan(10_000);
    // Every request the API took was answered, none with a server error.
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(output).toMatch(/API stopped in \d+ ms/);
  }, 240_000);
});
