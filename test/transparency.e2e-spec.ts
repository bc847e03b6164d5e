import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TransparencyService, checkpointSigner } from '../libs/complaints/src';
import {
  NoteErrorCode,
  generateNoteKey,
  hashFromHex,
  signCheckpoint,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../libs/domain/src';
import type { AppConfig } from '../libs/config/src/environment';
import { APP_CONFIG } from '../libs/config/src';
import { StaffAccountsService } from '../libs/access/src';
import { createTestApp, signedIn, testConfig } from './support/app';
import { isolatedDatabase } from './support/database';
import { TEST_DATABASE_URL } from './support/test-env';
import { createWorkerContext } from '../apps/worker/src/worker.module';
import { CHECKPOINT_SCHEDULER_ID, TransparencyJobs } from '../apps/worker/src/transparency.jobs';
import { JobQueue, QueueName } from '../libs/queue/src';
import { complaintBody, createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';

/**
 * Issue 17 end to end: the landlord's log in PostgreSQL, signed checkpoints served and e-mailed, and the
 * shipped `suivi-verify` (compiled) checking a federation export against a checkpoint saved earlier.
 */

let app: NestFastifyApplication;
let landlord: TestLandlord;
let base: string;
const http = () => request(app.getHttpServer());
const VERIFY = resolve(__dirname, '../dist/apps/cli/src/verify.js');
const dir = mkdtempSync(join(tmpdir(), 'suivi-transparency-'));
const saved = join(dir, 'checkpoints');
const references: string[] = [];

/** Runs the compiled verifier without blocking this process (the API answers its fetches). */
function cli(args: string[]): Promise<{ status: number; out: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [VERIFY, ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      const status = error ? Number((error as { code?: number }).code ?? 2) : 0;
      done({ status, out: stdout + stderr });
    });
  });
}

async function file(kind = 'heating'): Promise<string> {
  const filed = await http()
    .post('/api/v1/complaints')
    .set(landlord.as.agent)
    .send(complaintBody(landlord, { category: kind }))
    .expect(201);
  references.push(filed.body.reference);
  await http()
    .post(`/api/v1/complaints/${filed.body.reference}/transitions`)
    .set(landlord.as.agent)
    .send({ action: 'acknowledge', expectedVersion: 1, publicText: 'Nous passons jeudi' })
    .expect(200);
  return filed.body.reference;
}

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
  return res.body as string;
}

function verify(text: string): Promise<{ status: number; out: string }> {
  const path = join(dir, `export-${Math.random().toString(16).slice(2)}.ndjson`);
  writeFileSync(path, text);
  return cli([path, '--checkpoints', saved]);
}

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  app = await createTestApp();
  await app.listen(0, '127.0.0.1');
  base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  landlord = await createLandlord(app);
  for (const category of ['heating', 'plumbing_leak', 'heating']) await file(category);
  // A tenant's rating (set directly: the rating form's path is tested elsewhere).
  await app
    .get(DataSource)
    .query(`UPDATE complaints SET rating = 4, rated_at = now() WHERE reference = $1`, [
      references[1].replace(/-/g, ''),
    ]);
});
afterAll(() => app.close());

describe('signed checkpoints', () => {
  it('are signed on demand, published as text with the public key, and a wrong key is refused', async () => {
    const signed = await http()
      .post(`/api/v1/audit/landlords/${landlord.code}/checkpoints`)
      .set(landlord.as.federation_auditor)
      .expect(200);
    // Three complaints of two events each, and one rating.
    expect(signed.body).toMatchObject({ created: true, mailedTo: 1, checkpoint: { size: 7 } });

    const key = await http().get('/transparency/key').expect(200);
    expect(key.headers['content-type']).toMatch(/^text\/plain/);
    const note = await http().get(`/transparency/${landlord.code}/checkpoint`).expect(200);
    expect(note.headers['content-type']).toMatch(/^text\/plain/);
    expect(note.text).toBe(signed.body.checkpoint.note);
    const origin = app.get(TransparencyService).origin(landlord.code);
    const checkpoint = verifyCheckpoint(note.text, { trustedKeys: [key.text.trim()], origin });
    expect(checkpoint).toMatchObject({ size: 7, origin });

    const wrong = generateNoteKey('suivi.example/checkpoints').verifierKey;
    expect(() => verifyCheckpoint(note.text, { trustedKeys: [wrong], origin })).toThrow(
      expect.objectContaining({ code: NoteErrorCode.UntrustedSigner }),
    );
    const other = await createLandlord(app);
    expect(() =>
      verifyCheckpoint(note.text, {
        trustedKeys: [key.text.trim()],
        origin: app.get(TransparencyService).origin(other.code),
      }),
    ).toThrow(expect.objectContaining({ code: NoteErrorCode.WrongOrigin }));

    // Not signed again while the log has not grown; listed; e-mailed to the federation auditor.
    const again = await http()
      .post(`/api/v1/audit/landlords/${landlord.code}/checkpoints`)
      .set(landlord.as.supervisor)
      .expect(200);
    expect(again.body).toMatchObject({ created: false, mailedTo: 0, checkpoint: { size: 7 } });
    // An auditor accredited since gets the latest checkpoint at the next call (the hourly job's).
    const newcomer = await signedIn(app, 'federation_auditor', { landlordCodes: [landlord.code] });
    const caughtUp = await app
      .get(TransparencyService)
      .checkpoint(landlord.code, 'all', (id) => app.get(StaffAccountsService).federationAuditorEmails(id));
    expect(caughtUp).toMatchObject({ created: false, mailedTo: 1 });
    const list = await http().get(`/transparency/${landlord.code}/checkpoints`).expect(200);
    expect(list.body).toHaveLength(1);
    const sink = (app.get(APP_CONFIG) as AppConfig).notifications.sinkFile;
    const mails = readFileSync(sink, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { to?: string; subject?: string; text?: string });
    expect(mails.some((m) => m.subject?.includes(landlord.code) && m.text?.includes(note.text))).toBe(true);
    expect(mails.filter((m) => m.to === newcomer.email && m.text?.includes(note.text))).toHaveLength(1);

    await http()
      .post(`/api/v1/audit/landlords/${landlord.code}/checkpoints`)
      .set(landlord.as.agent)
      .expect(403);
    await http().get('/transparency/NOPE-NOPE/checkpoint').expect(404);
    await http().get('/transparency/bad code/checkpoint').expect(400);
  });

  it('are saved by `suivi-verify fetch-checkpoint`, which checks the signature with --key', async () => {
    const vkey = join(dir, 'suivi.vkey');
    writeFileSync(vkey, (await http().get('/transparency/key').expect(200)).text);
    const fetched = await cli(['fetch-checkpoint', base, landlord.code, '--out', saved, '--key', vkey]);
    expect(fetched).toMatchObject({
      status: 0,
      out: expect.stringMatching(/Saved the checkpoint of .* \(size 7/),
    });
    expect(readdirSync(saved).filter((n) => n.endsWith('.checkpoint'))).toHaveLength(1);
    writeFileSync(join(saved, 'suivi.vkey'), readFileSync(vkey));

    // Without --key: the deployment's key is saved beside the checkpoint (trust on first use), and said.
    const firstUse = join(dir, 'first-use');
    const trusting = await cli(['fetch-checkpoint', base, landlord.code, '--out', firstUse]);
    expect(trusting).toMatchObject({ status: 0, out: expect.stringMatching(/Saved the deployment's key/) });
    expect(readdirSync(firstUse).sort()).toEqual([expect.stringMatching(/\.checkpoint$/), 'suivi.vkey']);

    const wrongKey = generateNoteKey('suivi.example/checkpoints').verifierKey;
    const refused = await cli([
      'fetch-checkpoint',
      base,
      landlord.code,
      '--out',
      join(dir, 'x'),
      '--key',
      wrongKey,
    ]);
    expect(refused).toMatchObject({ status: 1, out: expect.stringMatching(/NOT VERIFIED: .*not saved/) });
    expect(existsSync(join(dir, 'x')) ? readdirSync(join(dir, 'x')) : []).toEqual([]);
  });
});

describe('the federation export against a saved checkpoint', () => {
  let text: string;
  let lines: string[];
  let complaintIds: string[];

  beforeAll(async () => {
    // Events after the saved checkpoint: not yet anchored.
    await file('plumbing_leak');
    text = await exported();
    lines = text.trim().split('\n');
    complaintIds = (
      await app.get(DataSource).query(`SELECT id FROM complaints WHERE landlord_id = $1`, [landlord.id])
    ).map((r: { id: string }) => r.id);
  });

  it('carries public facts only: public ids, no internal ids, no texts', () => {
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed[0]).toMatchObject({
      type: 'export',
      format: 'suivi-events/2',
      landlord: landlord.code,
      size: 9,
    });
    expect(parsed.filter((l) => l.type === 'event')).toHaveLength(8);
    expect(parsed.filter((l) => l.type === 'rating')).toEqual([
      expect.objectContaining({ rating: 4, complaint: expect.stringMatching(/^[0-9a-f-]{36}$/) }),
    ]);
    for (const id of complaintIds) expect(text).not.toContain(id);
    expect(text).not.toContain('Nous passons jeudi');
    expect(text).not.toContain('Amina');
  });

  it('passes untampered, and reports the events after the checkpoint as not yet anchored', async () => {
    writeFileSync(join(dir, 'untampered.ndjson'), text);
    const ok = await verify(text);
    expect(ok.status).toBe(0);
    expect(ok.out).toMatch(/^OK: 8 events and 1 ratings of 4 complaints of /);
    expect(ok.out).toMatch(/consistent with 1 saved checkpoint\(s\), the newest of 7 leaves/);
    expect(ok.out).toMatch(/Not yet anchored: 2 leaves \(leaves 7 to 8\)/);
  });

  const body = () => lines.slice(1).map((l) => JSON.parse(l) as Record<string, unknown>);
  const join_ = (header: string, rows: Record<string, unknown>[]) =>
    [header, ...rows.map((r) => JSON.stringify(r))].join('\n') + '\n';

  const tamperings: [string, () => string][] = [
    ['a byte changed', () => text.replace(/"at":"(\d{4})/, (_m, y: string) => `"at":"${Number(y) - 1}`)],
    [
      'the last event of a chain deleted',
      () => {
        const rows = body();
        const first = rows[0].complaint;
        const last = rows
          .map((r, i) => ({ r, i }))
          .filter((x) => x.r.complaint === first && x.r.type === 'event')
          .pop()!;
        return join_(
          lines[0],
          rows.filter((_, i) => i !== last.i),
        );
      },
    ],
    [
      'the last two events of a chain deleted',
      () => {
        const rows = body();
        const first = rows[0].complaint;
        return join_(
          lines[0],
          rows.filter((r) => !(r.complaint === first && r.type === 'event')),
        );
      },
    ],
    [
      'every event of a complaint deleted',
      () => {
        const rows = body();
        const rated = rows.find((r) => r.type === 'rating')!.complaint;
        return join_(
          lines[0],
          rows.filter((r) => !(r.complaint === rated && r.type === 'event')),
        );
      },
    ],
    ['two events reordered', () => join_(lines[0], [body()[1], body()[0], ...body().slice(2)])],
    ['an event duplicated', () => join_(lines[0], [body()[0], ...body()])],
    [
      'a chain recomputed after a change',
      () => {
        const rows = body();
        const first = rows[0].complaint;
        let prev = '0'.repeat(64);
        for (const r of rows.filter((x) => x.complaint === first && x.type === 'event')) {
          if (r.seq === 1) r.action = 'close';
          r.prevHash = prev;
          r.hash = sha(JSON.stringify(r));
          prev = r.hash as string;
        }
        return join_(lines[0], rows);
      },
    ],
    [
      'the header’s landlord changed',
      () => {
        const header = JSON.parse(lines[0]);
        header.landlord = 'HLM-AUTRE';
        header.origin = String(header.origin).replace(`/landlord/${landlord.code}`, '/landlord/HLM-AUTRE');
        return join_(JSON.stringify(header), body());
      },
    ],
    [
      'a complaint removed',
      () => {
        const rows = body();
        const rated = rows.find((r) => r.type === 'rating')!.complaint;
        return join_(
          lines[0],
          rows.filter((r) => r.complaint !== rated),
        );
      },
    ],
    ['the log truncated', () => join_(lines[0], body().slice(0, 5))],
  ];

  it.each(tamperings)('fails, naming the checkpoint, when %s', async (_what, tamper) => {
    const tampered = tamper();
    expect(tampered).not.toBe(text);
    const result = await verify(tampered);
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/NOT VERIFIED: checkpoint \S+\.checkpoint \((size 7|signed )/);
  });

  it('refuses an export rewritten in the old format, which carries no log, against saved checkpoints', async () => {
    // Found by a review: with `"format":"suivi-events/1"` any deletion passed, since old chains can be
    // recomputed by anyone. The smallest such rewrite: every event deleted.
    const downgraded = `${JSON.stringify({
      type: 'export',
      format: 'suivi-events/1',
      landlord: landlord.code,
      exportedAt: new Date().toISOString(),
    })}\n`;
    const result = await verify(downgraded);
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/NOT VERIFIED: this export is not a transparency log/);
  });

  it('takes an empty checkpoints folder for the mistake it is (exit 2), not for "nothing anchored"', async () => {
    const empty = join(dir, 'no-checkpoints');
    mkdirSync(empty);
    const path = join(dir, 'for-empty.ndjson');
    writeFileSync(path, text);
    const result = await cli([path, '--checkpoints', empty]);
    expect(result.status).toBe(2);
    expect(result.out).toMatch(/no \*\.checkpoint file in/);
  });

  it('names the complaint and event when the checkpoints pin the first changed leaf', async () => {
    // A checkpoint of 1 leaf, signed with the deployment's key, beside the one of 7: leaf 0 is pinned.
    const config = app.get(APP_CONFIG) as AppConfig;
    const [{ leaf_hash }]: { leaf_hash: Buffer }[] = await app
      .get(DataSource)
      .query(`SELECT leaf_hash FROM transparency_leaves WHERE landlord_id = $1 AND leaf_index = 0`, [
        landlord.id,
      ]);
    const pinned = join(dir, 'pinned');
    mkdirSync(pinned);
    for (const name of readdirSync(saved)) writeFileSync(join(pinned, name), readFileSync(join(saved, name)));
    writeFileSync(
      join(pinned, 'first.checkpoint'),
      signCheckpoint(
        {
          origin: app.get(TransparencyService).origin(landlord.code),
          size: 1,
          rootHash: leaf_hash,
          time: '2026-01-01T00:00:00Z',
          extensions: [],
        },
        checkpointSigner(config),
      ),
    );
    const complaint = String(JSON.parse(lines[1]).complaint);
    const changed = [...lines];
    changed[1] = changed[1].replace(/"at":"(\d{4})/, (_m, y: string) => `"at":"${Number(y) - 1}`);
    const path = join(dir, 'pinned.ndjson');
    writeFileSync(path, changed.join('\n'));
    const result = await cli([path, '--checkpoints', pinned]);
    expect(result.status).toBe(1);
    expect(result.out).toMatch(
      /NOT VERIFIED: checkpoint first\.checkpoint \(signed 2026-01-01T00:00:00Z\) \(1 leaves\)/,
    );
    expect(result.out).toContain(`the first changed leaf is leaf 0, line 2: complaint ${complaint}, event 1`);
    expect(result.out).toMatch(/also: checkpoint \S+ \(signed [^)]+\) \(7 leaves\)/);
    // The untampered export passes both.
    expect((await cli([join(dir, 'untampered.ndjson'), '--checkpoints', pinned])).status).toBe(0);
  });
});

describe('proofs', () => {
  it('prove a complaint’s leaves in the checkpoint and the checkpoints consistent with each other', async () => {
    const first = await http().get(`/transparency/${landlord.code}/checkpoint`).expect(200);
    await http()
      .post(`/api/v1/audit/landlords/${landlord.code}/checkpoints`)
      .set(landlord.as.landlord_admin)
      .expect(200);
    const list = await http().get(`/transparency/${landlord.code}/checkpoints`).expect(200);
    expect(list.body.map((c: { size: number }) => c.size)).toEqual([9, 7]);
    expect(list.body[1].note).toBe(first.text);

    const rating = (await exported())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((l) => l.type === 'rating');
    const proof = await http()
      .get(`/transparency/${landlord.code}/proofs/complaints/${rating.complaint}`)
      .expect(200);
    expect(proof.body.treeSize).toBe(9);
    expect(proof.body.leaves.map((l: { kind: string }) => l.kind)).toEqual(['event', 'event', 'rating']);
    for (const leaf of proof.body.leaves) {
      expect(
        verifyInclusion(
          leaf.index,
          9,
          hashFromHex(leaf.leafHash),
          leaf.proof.map(hashFromHex),
          hashFromHex(list.body[0].rootHash),
        ),
      ).toBe(true);
    }
    const consistency = await http()
      .get(`/transparency/${landlord.code}/proofs/consistency?from=7&to=9`)
      .expect(200);
    expect(
      verifyConsistency(
        7,
        9,
        hashFromHex(list.body[1].rootHash),
        hashFromHex(list.body[0].rootHash),
        consistency.body.proof.map(hashFromHex),
      ),
    ).toBe(true);
    await http().get(`/transparency/${landlord.code}/proofs/consistency?from=9&to=7`).expect(400);
    await http()
      .get(`/transparency/${landlord.code}/proofs/complaints/00000000-0000-4000-8000-000000000000`)
      .expect(404);
  });

  it('rest on tables that refuse UPDATE, DELETE and TRUNCATE', async () => {
    const db = app.get(DataSource);
    for (const sql of [
      `UPDATE transparency_leaves SET leaf_hash = leaf_hash WHERE landlord_id = $1`,
      `DELETE FROM transparency_leaves WHERE landlord_id = $1`,
      `UPDATE transparency_checkpoints SET note = '' WHERE landlord_id = $1`,
      `DELETE FROM transparency_checkpoints WHERE landlord_id = $1`,
    ]) {
      await expect(db.query(sql, [landlord.id])).rejects.toThrow(/append-only/);
    }
    await expect(db.query(`TRUNCATE transparency_leaves CASCADE`)).rejects.toThrow(/append-only/);
  });

  it('sequences events in commit order without losing or repeating one, whoever runs it', async () => {
    const service = app.get(TransparencyService);
    await file();
    const results = await Promise.all([service.sequence(landlord.code), service.sequence(landlord.code)]);
    expect(results.map((r) => r.appended).sort()).toEqual([0, 2]);
    expect(results[0].size).toBe(11);
    const indices: { leaf_index: string }[] = await app
      .get(DataSource)
      .query(`SELECT leaf_index FROM transparency_leaves WHERE landlord_id = $1 ORDER BY leaf_index`, [
        landlord.id,
      ]);
    expect(indices.map((r) => Number(r.leaf_index))).toEqual([...Array(11).keys()]);
  });
});

describe('the worker’s hourly checkpoints', () => {
  it('schedules the job every hour and signs each log that grew, with the key the API publishes', async () => {
    const database = await isolatedDatabase(TEST_DATABASE_URL, 'transparency');
    const key = generateNoteKey('suivi.test/checkpoints');
    const overrides = { DATABASE_URL: database, CHECKPOINT_SIGNING_KEY: key.signerKey };
    const api = await createTestApp(overrides);
    const worker = await createWorkerContext(testConfig(overrides));
    try {
      const own = await createLandlord(api);
      await request(api.getHttpServer())
        .post('/api/v1/complaints')
        .set(own.as.agent)
        .send(complaintBody(own))
        .expect(201);
      const scheduler = await worker
        .get(JobQueue)
        .queue(QueueName.Maintenance)
        .getJobScheduler(CHECKPOINT_SCHEDULER_ID);
      expect(scheduler).toMatchObject({ every: 3_600_000 });
      // The run the schedule started at the worker's start may sign it first: either way it is signed once.
      await worker.get(TransparencyJobs).run();
      expect((await worker.get(TransparencyJobs).run()).signed).toBe(0);
      const published = await request(api.getHttpServer()).get('/transparency/key').expect(200);
      expect(published.text.trim()).toBe(key.verifierKey);
      const note = await request(api.getHttpServer()).get(`/transparency/${own.code}/checkpoint`).expect(200);
      const origin = api.get(TransparencyService).origin(own.code);
      expect(verifyCheckpoint(note.text, { trustedKeys: [key.verifierKey], origin })).toMatchObject({
        size: 1,
      });
    } finally {
      await worker.close();
      await api.close();
    }
  });
});
