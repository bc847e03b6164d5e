import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { HistoryExportService } from '../libs/complaints/src';
import { createTestApp } from './support/app';
import { complaintBody, createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';

let app: NestFastifyApplication;
let landlord: TestLandlord;
const http = () => request(app.getHttpServer());
const VERIFY = resolve(__dirname, '../dist/apps/cli/src/verify.js');
const dir = mkdtempSync(join(tmpdir(), 'suivi-audit-'));

beforeAll(async () => {
  app = await createTestApp();
  landlord = await createLandlord(app);
  for (const category of ['heating', 'plumbing_leak']) {
    const filed = await http()
      .post('/api/v1/complaints')
      .set(landlord.as.agent)
      .send(complaintBody(landlord, { category }))
      .expect(201);
    await http()
      .post(`/api/v1/complaints/${filed.body.reference}/transitions`)
      .set(landlord.as.agent)
      .send({ action: 'acknowledge', expectedVersion: 1, publicText: 'Nous passons jeudi' })
      .expect(200);
  }
  // Two days from now, today's events are settled: the worker's job records today's digest.
  await app.get(HistoryExportService).recordDigests(new Date(Date.now() + 2 * 86_400_000), [landlord.id]);
});
afterAll(() => app.close());

async function exported(): Promise<string> {
  const res = await http()
    .get(`/api/v1/audit/landlords/${landlord.code}/events.ndjson`)
    .set(landlord.as.federation_auditor)
    .buffer(true)
    .parse((response, done) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => done(null, text));
    })
    .expect(200);
  expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
  return res.body as string;
}

function verify(text: string): { status: number | null; out: string } {
  const file = join(dir, `export-${Math.random().toString(16).slice(2)}.ndjson`);
  writeFileSync(file, text);
  const run = spawnSync(process.execPath, [VERIFY, file], { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('verifiable histories', () => {
  it('exports the events with their hashes and digests, without texts or personal data', async () => {
    const text = await exported();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'export', format: 'suivi-events/1', landlord: landlord.code });
    expect(lines.filter((l) => l.type === 'event')).toHaveLength(4);
    expect(lines.filter((l) => l.type === 'digest').length).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('Nous passons jeudi');
    expect(text).not.toContain('Amina');
    expect(text).not.toContain('amina@example.org');
  });

  it('verifies offline with suivi-verify, and names the first line that was changed, removed or reordered', async () => {
    const text = await exported();
    const ok = verify(text);
    expect(ok).toMatchObject({ status: 0 });
    expect(ok.out).toMatch(/^OK: 4 events of 2 complaints verify; \d+ daily digests reproduced/);

    const lines = text.trim().split('\n');
    const changed = [...lines];
    changed[2] = changed[2].replace('"acknowledge"', '"close"');
    expect(verify(changed.join('\n'))).toMatchObject({
      status: 1,
      out: expect.stringMatching(/NOT VERIFIED: line 3/),
    });

    const removed = lines.filter((_, i) => i !== 2);
    expect(verify(removed.join('\n')).status).toBe(1);
    const reordered = [lines[0], lines[2], lines[1], ...lines.slice(3)];
    expect(verify(reordered.join('\n')).status).toBe(1);
    expect(verify('not an export').status).toBe(1);
    const usage = spawnSync(process.execPath, [VERIFY], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });

  it('is for accredited auditors, supervisors and admins only, and digests are never rewritten', async () => {
    await http()
      .get(`/api/v1/audit/landlords/${landlord.code}/events.ndjson`)
      .set(landlord.as.agent)
      .expect(403);
    const other = await createLandlord(app);
    await http()
      .get(`/api/v1/audit/landlords/${other.code}/events.ndjson`)
      .set(landlord.as.federation_auditor)
      .expect(404);
    const db = app.get(DataSource);
    await expect(
      db.query(`UPDATE daily_digests SET complaints = 0 WHERE landlord_id = $1`, [landlord.id]),
    ).rejects.toThrow(/never rewritten/);
    // Recording again adds nothing for days already digested.
    expect(
      await app.get(HistoryExportService).recordDigests(new Date(Date.now() + 2 * 86_400_000), [landlord.id]),
    ).toBe(0);
  });
});
