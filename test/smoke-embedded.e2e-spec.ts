import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { eventually, freePort } from './support/helpers';

/**
 * `npm start`'s code path exactly: the compiled launcher with no DATABASE_URL and no REDIS_URL, so it
 * starts an embedded PostgreSQL, migrates, seeds the demo landlord and runs BullMQ on PostgreSQL.
 */
describe('embedded default (npm start)', () => {
  let child: ChildProcess;
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'suivi-smoke-'));
  chmodSync(dataDir, 0o755);

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots on embedded PostgreSQL with the PostgreSQL queue backend, files a complaint and stops cleanly', async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    child = spawn(process.execPath, [resolve(__dirname, '../dist/apps/standalone/src/main.js')], {
      env: {
        PATH: process.env.PATH,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(pgPort),
        EMBEDDED_PG_DIR: join(dataDir, 'pg'),
        // The launcher's own folder (its generated LINK_SECRET), kept out of the working tree.
        SUIVI_DATA_DIR: join(dataDir, 'data'),
        MESSAGE_SINK_FILE: join(dataDir, 'messages.jsonl'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));
    const started = Date.now();
    while (!output.includes('Suivi is running')) {
      if (child.exitCode !== null) throw new Error(`launcher exited early:\n${output}`);
      // The first start runs initdb and boots Nest twice (seeding, then serving): slow on a busy machine.
      if (Date.now() - started > 150_000) throw new Error(`launcher did not start in 150 s:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const base = `http://127.0.0.1:${port}`;
    // Readiness right after boot may wait for the queue's first answer (2 s timeout on a busy machine).
    await eventually(async () => (await request(base).get('/health')).status === 200, 30_000);
    const health = await request(base).get('/health').expect(200);
    expect(health.body).toMatchObject({
      database: { status: 'up' },
      queue: { backend: 'postgres', status: 'up' },
    });
    // The portal is served from the compiled app, its stylesheet included.
    const home = await request(base).get('/').expect(200);
    expect(home.text).toContain('<html lang="fr">');
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(home.text)![1];
    await request(base).get(stylesheet).expect(200);

    const signIn = await request(base)
      .post('/api/v1/auth/token')
      .send({ email: 'agent@demo.suivi.local', password: 'suivi-demo-2026' })
      .expect(200);
    const agent = { Authorization: `Bearer ${signIn.body.token}` };
    const seeded = await request(base)
      .get('/api/v1/complaints?landlord=HLM-DEMO&pageSize=50')
      .set(agent)
      .expect(200);
    expect(new Set(seeded.body.items.map((c: { status: string }) => c.status))).toEqual(
      new Set(['received', 'acknowledged', 'assigned', 'works_checked', 'closed']),
    );
    const filed = await request(base)
      .post('/api/v1/complaints')
      .send({
        landlordCode: 'HLM-DEMO',
        residenceCode: 'LES-TILLEULS',
        category: 'water_supply',
        description: "Plus d'eau froide au robinet.",
        tenant: { name: 'Test Smoke', phone: '0611223344', email: 'smoke@example.org' },
      })
      .expect(201);
    expect(filed.body).toMatchObject({ status: 'received', version: 1 });
    await request(base)
      .get(`/api/v1/complaints/${filed.body.reference}/events/verify`)
      .set(agent)
      .expect(200, /"valid":true/);
    await request(base)
      .get(`/api/v1/track/${filed.body.trackingToken}`)
      .expect(200, /"status":"received"/);

    // With no SMTP or Twilio configured, the tenant's messages go through the outbox, the relay and BullMQ
    // on PostgreSQL to the development sink.
    const sink = join(dataDir, 'messages.jsonl');
    const until = Date.now() + 30_000;
    while (!(existsSync(sink) && readFileSync(sink, 'utf8').includes('smoke@example.org'))) {
      if (Date.now() > until)
        throw new Error(`no message for ${filed.body.reference} in the sink:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const message = readFileSync(sink, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { channel: string; to: string; text: string })
      .find((m) => m.channel === 'email' && m.text.includes(filed.body.reference));
    // (Its SMS may wait for 08:00 if the test runs at night in Paris: not an emergency.)
    expect(message).toMatchObject({ channel: 'email', to: 'smoke@example.org' });

    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 240_000);
});
