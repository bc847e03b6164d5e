import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  AuditMetricsService,
  HistoryExportService,
  METRIC_GROUPS,
  UrgencyService,
} from '../libs/complaints/src';
import { auditRollupOf } from '../libs/domain/src';
import { replayRollups } from '../migrations/1796030500000-stage-progress';
import { SCALE_LANDLORDS, seedScale } from '../libs/seed/src';
import { createTestApp, uniqueCode } from './support/app';
import { TEST_DATABASE_URL } from './support/test-env';
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

function verify(text: string, checkpoints?: string): { status: number | null; out: string } {
  const file = join(dir, `export-${Math.random().toString(16).slice(2)}.ndjson`);
  writeFileSync(file, text);
  const args = checkpoints ? [VERIFY, file, '--checkpoints', checkpoints] : [VERIFY, file];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { status: run.status, out: run.stdout + run.stderr };
}

describe('verifiable histories', () => {
  it('exports the log: events keyed by public id with their hashes, without texts, personal data or internal ids', async () => {
    const text = await exported();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: 'export', format: 'suivi-events/2', landlord: landlord.code });
    const events = lines.filter((l) => l.type === 'event');
    expect(events).toHaveLength(4);
    expect(events[0]).toMatchObject({ complaint: expect.stringMatching(/^[0-9a-f-]{36}$/), seq: 1 });
    expect(events[0]).not.toHaveProperty('complaintId');
    const ids: { id: string }[] = await app
      .get(DataSource)
      .query(`SELECT id FROM complaints WHERE landlord_id = $1`, [landlord.id]);
    for (const { id } of ids) expect(text).not.toContain(id);
    expect(text).not.toContain('Nous passons jeudi');
    expect(text).not.toContain('Amina');
    expect(text).not.toContain('amina@example.org');
  });

  it('verifies offline with suivi-verify against a saved checkpoint, and names it when a line was changed, removed or reordered', async () => {
    const checkpoints = join(dir, 'checkpoints');
    mkdirSync(checkpoints, { recursive: true });
    const signed = await http()
      .post(`/api/v1/audit/landlords/${landlord.code}/checkpoints`)
      .set(landlord.as.federation_auditor)
      .expect(200);
    writeFileSync(join(checkpoints, 'saved.checkpoint'), signed.body.checkpoint.note);
    writeFileSync(join(checkpoints, 'suivi.vkey'), (await http().get('/transparency/key').expect(200)).text);
    const text = await exported();
    const ok = verify(text, checkpoints);
    expect(ok).toMatchObject({ status: 0 });
    expect(ok.out).toMatch(
      /^OK: 4 events and 0 ratings of 2 complaints of .*consistent with 1 saved checkpoint/,
    );

    const lines = text.trim().split('\n');
    const changed = [...lines];
    changed[2] = changed[2].replace('"acknowledge"', '"close"');
    expect(verify(changed.join('\n'), checkpoints)).toMatchObject({
      status: 1,
      out: expect.stringMatching(/NOT VERIFIED: checkpoint saved\.checkpoint/),
    });

    const removed = lines.filter((_, i) => i !== 2);
    expect(verify(removed.join('\n'), checkpoints).status).toBe(1);
    const reordered = [lines[0], lines[2], lines[1], ...lines.slice(3)];
    expect(verify(reordered.join('\n'), checkpoints).status).toBe(1);
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
    await http().get('/open311/v2/requests/00000000-0000-4000-8000-000000000000.json').expect(404);
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

describe('audit rollups', () => {
  it('keeps the rollup of each complaint as a replay of its history gives it, through every transition', async () => {
    const filed = await http()
      .post('/api/v1/complaints')
      .set(landlord.as.agent)
      .send(complaintBody(landlord, { category: 'plumbing_leak' }))
      .expect(201);
    const ref: string = filed.body.reference;
    let version = 1;
    let workOrder = '';
    const transition = async (body: object) => {
      const res = await http()
        .post(`/api/v1/complaints/${ref}/transitions`)
        .set(landlord.as.agent)
        .send({ ...body, expectedVersion: version })
        .expect(200);
      version = res.body.version;
      if (res.body.workOrderUrl) workOrder = res.body.workOrderUrl.split('/').pop();
    };
    await transition({ action: 'hold', holdReason: 'tenant_no_access' });
    await transition({ action: 'release' });
    await transition({ action: 'acknowledge' });
    await transition({ action: 'assign', contractorId: landlord.contractors[0] });
    await transition({ action: 'hold', holdReason: 'parts' });
    await transition({ action: 'release' });
    // The contractor reports through the work-order link, as contractors do.
    await http()
      .post(`/api/v1/work-orders/${workOrder}/actions`)
      .send({ action: 'report_done', expectedVersion: version })
      .expect(200)
      .then((res) => (version = res.body.version));
    await transition({ action: 'check_works' });
    await transition({ action: 'close', resolution: 'Joint changé' });
    await transition({ action: 'reopen', reason: 'Fuit encore' });
    await transition({ action: 'hold', holdReason: 'tenant_request' });

    const db = app.get(DataSource);
    const [row] = await db.query(
      `SELECT c.*, l.country, l.region, l.timezone, l.closure_days::text[] AS closures
         FROM complaints c JOIN landlords l ON l.id = c.landlord_id WHERE c.reference = $1`,
      [ref.replace(/-/g, '')],
    );
    const events: { action: string; at: Date; payload: { [key: string]: unknown } }[] = await db.query(
      `SELECT action, at, payload FROM complaint_events WHERE complaint_id = $1 ORDER BY seq`,
      [row.id],
    );
    expect(events).toHaveLength(12);
    const calendar = app.get(UrgencyService).calendarFor({ ...row, id: row.landlord_id });
    const replay = auditRollupOf(row.created_at, events.slice(1), (a, b) =>
      calendar.workingDaysBetween(a, b),
    );
    const ms = (v: string | null) => (v === null ? null : Number(v));
    expect({
      acknowledgedAt: row.acknowledged_at,
      assignedAt: row.assigned_at,
      worksDoneAt: row.works_done_at,
      closedAt: row.closed_at,
      reopenCount: row.reopen_count,
      closeReason: row.close_reason,
      acknowledgeWorkingDays: row.acknowledge_working_days,
      assignWorkingDays: row.assign_working_days,
      worksDoneWorkingDays: row.works_done_working_days,
      closeWorkingDays: row.close_working_days,
      acknowledgeTenantDelayMs: ms(row.acknowledge_tenant_delay_ms),
      interveneTenantDelayMs: ms(row.intervene_tenant_delay_ms),
      resolveTenantDelayMs: ms(row.resolve_tenant_delay_ms),
      tenantDelayMs: ms(row.tenant_delay_ms),
      tenantHoldSince: row.tenant_hold_since,
    }).toEqual({
      acknowledgedAt: replay.acknowledgedAt,
      assignedAt: replay.assignedAt,
      worksDoneAt: replay.worksDoneAt,
      closedAt: null,
      reopenCount: 1,
      closeReason: null,
      acknowledgeWorkingDays: replay.acknowledgeWorkingDays,
      assignWorkingDays: replay.assignWorkingDays,
      worksDoneWorkingDays: replay.worksDoneWorkingDays,
      closeWorkingDays: null,
      acknowledgeTenantDelayMs: replay.acknowledgeTenantDelayMs,
      interveneTenantDelayMs: replay.interveneTenantDelayMs,
      resolveTenantDelayMs: null,
      tenantDelayMs: replay.tenantDelayMs,
      tenantHoldSince: events[11].at,
    });
    // The tenant's hold counted, the parts hold did not; both holds ended before the acknowledgement.
    expect(replay.acknowledgeTenantDelayMs).toBe(events[2].at.getTime() - events[1].at.getTime());
    expect(replay.tenantDelayMs).toBe(replay.acknowledgeTenantDelayMs);
    // Due dates are copied from the urgency decision, for the report to compare without parsing.
    expect(row.acknowledge_due_at.toISOString()).toBe(row.urgency.due.acknowledge);
  });

  it('rebuilds rollups and next deadlines written under the old stage rules (issue 15 migration)', async () => {
    const filed = await http()
      .post('/api/v1/complaints')
      .set(landlord.as.agent)
      .send(complaintBody(landlord, { category: 'plumbing_leak' }))
      .expect(201);
    const ref: string = filed.body.reference;
    let version = 1;
    const act = async (body: object) => {
      const res = await http()
        .post(`/api/v1/complaints/${ref}/transitions`)
        .set(landlord.as.agent)
        .send({ ...body, expectedVersion: version })
        .expect(200);
      version = res.body.version;
      return res.body;
    };
    await act({ action: 'acknowledge' });
    const assigned = await act({ action: 'assign', contractorId: landlord.contractors[0] });
    await http()
      .post(`/api/v1/work-orders/${assigned.workOrderUrl.split('/').pop()}/actions`)
      .send({ action: 'report_done', expectedVersion: version })
      .expect(200)
      .then((res) => (version = res.body.version));
    await act({ action: 'reject_works', visit: true, reason: 'Fuit encore' });
    const db = app.get(DataSource);
    const read = async () =>
      (
        await db.query(
          `SELECT works_done_at, works_done_working_days, next_due_stage, next_due_at FROM complaints
            WHERE reference = $1`,
          [ref.replace(/-/g, '')],
        )
      )[0];
    const now = await read();
    // Rejected works are no intervention: the intervene deadline is the next one again.
    expect(now).toMatchObject({
      works_done_at: null,
      works_done_working_days: null,
      next_due_stage: 'intervene',
    });
    // What the old rules wrote: the report as the intervention, the resolve deadline next.
    const [report] = await db.query(
      `SELECT e.at FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
        WHERE c.reference = $1 AND e.action = 'report_done'`,
      [ref.replace(/-/g, '')],
    );
    await db.query(
      `UPDATE complaints SET works_done_at = $2, works_done_working_days = 0, next_due_stage = 'resolve',
              next_due_at = resolve_due_at WHERE reference = $1`,
      [ref.replace(/-/g, ''), report.at],
    );
    const runner = db.createQueryRunner();
    try {
      // The migration's replay, on this landlord only (other test files work on the same database).
      const [{ landlord_id }] = await db.query(`SELECT landlord_id FROM complaints WHERE reference = $1`, [
        ref.replace(/-/g, ''),
      ]);
      await replayRollups(runner, [landlord_id]);
    } finally {
      await runner.release();
    }
    expect(await read()).toEqual(now);
  });

  it('gives the same figures from the rollups as the reference computation over the events, on a seeded data set', async () => {
    const prefix = `${uniqueCode('T')}-`;
    const now = new Date();
    const seeded = await seedScale({
      databaseUrl: TEST_DATABASE_URL,
      complaints: 3_000,
      years: 2,
      now,
      seed: 11,
      prefix,
      allowExistingData: true,
      batch: 500,
      log: () => undefined,
    });
    expect(seeded.complaints).toBe(3_000);
    expect(seeded.events / seeded.complaints).toBeGreaterThan(6);
    const audit = app.get(AuditMetricsService);
    const code = `${prefix}${SCALE_LANDLORDS[0].code}`;
    const query = {
      landlordCode: code,
      from: new Date(now.getTime() - 400 * 86_400_000),
      to: new Date(now.getTime() + 86_400_000),
    };
    const fast = await audit.metrics(query, 'all', now);
    const reference = await audit.referenceMetrics(query, 'all', now);
    expect(fast.overall.volume).toBeGreaterThan(500);
    expect(fast).toEqual(reference);
    // The data set has what the figures are about: late stages, tenant holds, reopenings, open backlog.
    const ack = fast.overall.withinDeadline.acknowledge;
    expect(ack.missed).toBeGreaterThan(0);
    expect(ack.netOfTenantDelay.met).toBeGreaterThan(ack.met);
    expect(fast.overall.rates.reopen).toBeGreaterThan(0);
    expect(fast.overall.backlog.open).toBeGreaterThan(0);
    for (const groupBy of METRIC_GROUPS) {
      const byGroup = { ...query, groupBy };
      expect(await audit.metrics(byGroup, 'all', now)).toEqual(
        await audit.referenceMetrics(byGroup, 'all', now),
      );
    }
    const agency = { ...query, agencyCode: 'AG-02', groupBy: 'month' as const };
    expect(await audit.metrics(agency, 'all', now)).toEqual(await audit.referenceMetrics(agency, 'all', now));
  }, 120_000);
});
