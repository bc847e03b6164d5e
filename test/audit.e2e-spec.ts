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
const references: string[] = [];

beforeAll(async () => {
  app = await createTestApp();
  landlord = await createLandlord(app);
  for (const category of ['heating', 'plumbing_leak']) {
    const filed = await http()
      .post('/api/v1/complaints')
      .set(landlord.as.agent)
      .send(complaintBody(landlord, { category }))
      .expect(201);
    references.push(filed.body.reference);
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

describe('Open311 GeoReport v2', () => {
  const SPEC_FIELDS = [
    'service_request_id',
    'status',
    'status_notes',
    'service_name',
    'service_code',
    'description',
    'agency_responsible',
    'service_notice',
    'requested_datetime',
    'updated_datetime',
    'expected_datetime',
    'address',
    'address_id',
    'zipcode',
    'lat',
    'long',
    'media_url',
  ];

  it('lists the categories as services with the spec’s fields', async () => {
    const res = await http().get('/open311/v2/services.json').expect(200);
    expect(res.body.length).toBeGreaterThan(10);
    for (const service of res.body) {
      expect(Object.keys(service).sort()).toEqual(
        ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type'].sort(),
      );
      expect(service).toMatchObject({ metadata: false, type: 'realtime' });
    }
    const english = await http().get('/open311/v2/services.json?locale=en').expect(200);
    expect(
      english.body.find((s: { service_code: string }) => s.service_code === 'heating').service_name,
    ).toBe('Heating');
  });

  it('answers requests with public fields only, filtered and paged, and one request by id', async () => {
    const res = await http()
      .get('/open311/v2/requests.json?service_code=heating&status=open&page_size=1000')
      .expect(200);
    const ours = res.body.filter(
      (r: { agency_responsible: string }) => r.agency_responsible === `Bailleur ${landlord.code}`,
    );
    expect(ours).toHaveLength(1);
    expect(Object.keys(ours[0]).sort()).toEqual([...SPEC_FIELDS].sort());
    expect(ours[0]).toMatchObject({
      status: 'open',
      service_code: 'heating',
      zipcode: '59000',
      address: 'Lille',
    });
    const raw = JSON.stringify(res.body);
    expect(raw).not.toMatch(/Amina|amina@example\.org|\+336|Bât\. A|Plus de chauffage/);

    const one = await http().get(`/open311/v2/requests/${ours[0].service_request_id}.json`).expect(200);
    expect(one.body).toEqual([ours[0]]);
    await http().get('/open311/v2/requests/AAAA-AAAA-AAAAA.json').expect(404);
    const paged = await http().get('/open311/v2/requests.json?page_size=1&page=1').expect(200);
    expect(paged.body).toHaveLength(1);
    const bad = await http()
      .get('/open311/v2/requests.json?service_code=teleportation&page_size=5000')
      .expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/service_code/);
    expect(JSON.stringify(bad.body)).toMatch(/page_size/);
    await http()
      .get('/open311/v2/requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z')
      .expect(400);
  });
});

describe('audit metrics', () => {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  it('answers a landlord’s figures overall and by category, as JSON and CSV, to accredited auditors', async () => {
    const query = `landlord=${landlord.code}&from=${day(-1)}&to=${day(1)}&groupBy=category`;
    const res = await http()
      .get(`/api/v1/audit/metrics?${query}`)
      .set(landlord.as.federation_auditor)
      .expect(200);
    expect(res.body).toMatchObject({ landlord: landlord.code, homes: 150 });
    expect(res.body.overall).toMatchObject({
      volume: 2,
      ratePer1000Homes: 13.33,
      timeTo: { acknowledge: { count: 2, medianWorkingDays: 0 } },
      withinDeadline: { acknowledge: { met: 2, missed: 0, share: 1 } },
      backlog: { open: 2 },
    });
    expect(res.body.groups.map((g: { key: string }) => g.key)).toEqual(['heating', 'plumbing_leak']);

    const csv = await http()
      .get(`/api/v1/audit/metrics.csv?${query}`)
      .set(landlord.as.federation_auditor)
      .expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('acknowledge_median_working_days');
    expect(lines[1]).toMatch(/^all,2,13\.33,/);
    expect(csv.text).not.toMatch(/Amina|example\.org|\+33/);
  });

  it('lists the complaints pseudonymised, with no personal data in the raw output, as JSON and CSV', async () => {
    const query = `landlord=${landlord.code}&from=${day(-1)}&to=${day(1)}`;
    const res = await http()
      .get(`/api/v1/audit/complaints?${query}`)
      .set(landlord.as.federation_auditor)
      .expect(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items[0]).toMatchObject({
      pseudonym: expect.stringMatching(/^[0-9a-f]{20}$/),
      acknowledgedInTime: true,
    });
    const csv = await http()
      .get(`/api/v1/audit/complaints.csv?${query}`)
      .set(landlord.as.federation_auditor)
      .expect(200);
    expect(csv.text.split('\n')[0]).toMatch(/^pseudonym,category,urgency,channel,agency,status,filedAt,/);
    for (const raw of [res.text, csv.text]) {
      expect(raw).not.toMatch(/Amina|Diallo|example\.org|\+33|06 12|Bât|Plus de chauffage|Nous passons/);
      for (const reference of references) expect(raw).not.toContain(reference);
    }
  });

  it('compares landlords, ranking only those with the minimum volume', async () => {
    const base = `from=${day(-1)}&to=${day(1)}`;
    const strict = await http()
      .get(`/api/v1/audit/comparison?${base}`)
      .set(landlord.as.federation_auditor)
      .expect(200);
    expect(strict.body).toMatchObject({ minVolume: 30, ranked: [] });
    expect(strict.body.notRanked).toEqual([
      expect.objectContaining({ landlord: landlord.code, reason: 'fewer than 30 complaints in the period' }),
    ]);
    const loose = await http()
      .get(`/api/v1/audit/comparison?${base}&minVolume=2`)
      .set(landlord.as.federation_auditor)
      .expect(200);
    expect(loose.body.ranked).toEqual([expect.objectContaining({ rank: 1, landlord: landlord.code })]);
  });

  it('refuses agents, other landlords and malformed queries', async () => {
    const query = `landlord=${landlord.code}&from=${day(-1)}&to=${day(1)}`;
    await http().get(`/api/v1/audit/metrics?${query}`).set(landlord.as.agent).expect(403);
    const other = await createLandlord(app);
    await http()
      .get(`/api/v1/audit/metrics?landlord=${other.code}&from=${day(-1)}&to=${day(1)}`)
      .set(landlord.as.federation_auditor)
      .expect(404);
    const bad = await http()
      .get(`/api/v1/audit/metrics?landlord=${landlord.code}&from=yesterday&to=${day(1)}&groupBy=colour`)
      .set(landlord.as.federation_auditor)
      .expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/from/);
    expect(JSON.stringify(bad.body)).toMatch(/groupBy/);
  });
});
