import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createWorkerContext } from '../apps/worker/src/worker.module';
import { ON_CALL_SCHEDULER_ID } from '../apps/worker/src/maintenance.jobs';
import { OnCallDuty } from '../libs/complaints/src';
import { JobQueue, QueueName } from '../libs/queue/src';
import { createTestApp, testConfig } from './support/app';
import { WorkingCalendar } from '../libs/calendar/src';
import { complaintBody, createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';
import { isolatedDatabase } from './support/database';
import { TEST_DATABASE_URL } from './support/test-env';
import { messagingSettings } from './support/messaging';
import { TestSmtpServer } from './support/smtp';
import { TestTwilioServer } from './support/twilio';
import { eventually, transitionAsAgent } from './support/helpers';

// Issue 16, item 6: an emergency filed at night reaches a person on call within a minute — by SMS and
// e-mail through the real outbox, worker, SMTP and Twilio-speaking servers —, escalates to the next person
// and the supervisor when nobody acknowledges, and stops once someone does.

jest.setTimeout(90_000);

const BASE = 'https://suivi.test';
const VERIFY = resolve(__dirname, '../dist/apps/cli/src/verify.js');
let database: string;
const queuePrefix = `suivi_test_oncall_${randomBytes(3).toString('hex')}`;
let smtp: TestSmtpServer;
let sms: TestTwilioServer;
let app: NestFastifyApplication;
let worker: INestApplicationContext;
const http = () => request(app.getHttpServer());

/** The settings this file's API and worker share (its own database and queue, the local providers). */
const providers = () => messagingSettings({ database, queuePrefix, smtp, sms, publicBaseUrl: BASE });

beforeAll(async () => {
  database = await isolatedDatabase(TEST_DATABASE_URL, 'on_call');
  smtp = await new TestSmtpServer().start();
  sms = await new TestTwilioServer().start();
  app = await createTestApp(providers());
  worker = await createWorkerContext(testConfig(providers()));
});
afterAll(async () => {
  await worker?.close();
  await app?.close();
  await Promise.all([smtp?.stop(), sms?.stop()]);
});

let counter = 0;
/** A French mobile of its own (06 1x… are valid mobiles whatever the digits), so assertions see only theirs. */
function mobile(): string {
  counter += 1;
  const digits = String(Date.now() % 1e6).padStart(6, '0') + String(counter).padStart(2, '0');
  return `+3361${digits.slice(1)}`;
}

/** The rota of a test: three people, each with a phone and an e-mail of their own. */
function rota() {
  const person = (name: string) => {
    const phone = mobile();
    return { name, phone, email: `${name.toLowerCase()}-${phone.slice(-8)}@bailleur.test` };
  };
  return { first: person('Camille'), second: person('Dominique'), boss: person('Claude') };
}

type Rota = ReturnType<typeof rota>;

async function setRota(
  landlord: TestLandlord,
  people: Rota,
  hours: { officeDays: number[]; officeStart: string; officeEnd: string },
  escalationMinutes = 5,
) {
  return http()
    .put(`/api/v1/landlords/${landlord.code}/on-call`)
    .set(landlord.as.landlord_admin)
    .send({
      ...hours,
      escalationMinutes,
      people: [
        { role: 'on_call', position: 1, ...people.first },
        { role: 'on_call', position: 2, ...people.second },
        { role: 'supervisor', position: 0, ...people.boss },
      ],
    })
    .expect(200);
}

/** Never office hours: no office day at all (every hour is on-call time). */
const ALWAYS_ON_CALL = { officeDays: [], officeStart: '08:30', officeEnd: '18:00' };
/** Office hours every day, all day (a landlord whose offices never close, except on its days off). */
const ALWAYS_OPEN = { officeDays: [1, 2, 3, 4, 5, 6, 7], officeStart: '00:00', officeEnd: '24:00' };

async function fileEmergency(landlord: TestLandlord) {
  const res = await http()
    .post('/api/v1/complaints')
    .set(landlord.as.agent)
    .send(
      complaintBody(landlord, {
        category: 'gas',
        description: 'Forte odeur de gaz dans la cuisine',
        flags: ['gas_smell'],
        tenant: { name: 'Jo Martin', phone: mobile(), preferredChannel: 'sms', language: 'fr' },
      }),
    )
    .expect(201);
  return res.body as { reference: string; version: number; urgency: { level: string } };
}

async function events(landlord: TestLandlord, reference: string) {
  const res = await http().get(`/api/v1/complaints/${reference}/events`).set(landlord.as.agent).expect(200);
  return res.body as { action: string; actorRole: string; payload: Record<string, unknown> }[];
}

const linkIn = (text: string) => /https:\/\/suivi\.test\/a\/([A-Za-z0-9_-]{22})/.exec(text)?.[1];

describe('the on-call chain', () => {
  let landlord: TestLandlord;
  let people: Rota;

  beforeAll(async () => {
    landlord = await createLandlord(app);
    people = rota();
    await setRota(landlord, people, ALWAYS_ON_CALL);
  });

  it('alerts the first person at once, escalates to the next and the supervisor, and stops on acknowledgement', async () => {
    const started = Date.now();
    const filed = await fileEmergency(landlord);
    expect(filed.urgency.level).toBe('emergency');
    // The alert is an event of its own, after the filing: the answer gives the version to act on.
    expect(filed.version).toBe(2);

    // 1. At once: an SMS (one GSM-7 segment, with the acknowledgement link) and an e-mail to the first.
    const first = await eventually(() => sms.to(people.first.phone)[0]);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(first.body).toContain(`ASTREINTE ${filed.reference} : urgence`);
    expect(first.body.length).toBeLessThanOrEqual(160);
    const firstToken = linkIn(first.body)!;
    expect(firstToken).toBeDefined();
    const mail = await eventually(() => smtp.to(people.first.email)[0]);
    expect(mail.subject).toContain(filed.reference);
    expect(mail.text).toContain(`/a/${firstToken}`);
    // Nobody else yet.
    expect(sms.to(people.second.phone)).toHaveLength(0);
    expect(sms.to(people.boss.phone)).toHaveLength(0);
    // Staff SMS are never held for the tenant's quiet hours: sendable from the alert's own instant.
    const held: { n: number }[] = await app.get(DataSource).query(
      `SELECT count(*)::int AS n FROM notifications n JOIN complaint_events e
           ON e.complaint_id = n.complaint_id AND e.seq = n.seq
        WHERE n.audience = 'on_call' AND n.not_before > e.at`,
    );
    expect(held[0].n).toBe(0);

    // The link opens the essentials and a button; opening it records nothing.
    const page = await http().get(`/a/${firstToken}`).expect(200);
    expect(page.text).toContain(filed.reference);
    expect(page.text).toContain('Forte odeur de gaz');
    expect(page.text).toContain('J’accuse réception');
    expect((await events(landlord, filed.reference)).map((e) => e.action)).toEqual([
      'file',
      'on_call_alerted',
    ]);

    // 2. Nobody acknowledged within the delay (a clock 6 minutes ahead): the second and the supervisor.
    const duty = app.get(OnCallDuty);
    expect(await duty.escalate(new Date(Date.now() + 60_000))).toEqual({ escalated: 0, ended: 0 });
    expect(await duty.escalate(new Date(Date.now() + 6 * 60_000))).toEqual({ escalated: 1, ended: 0 });
    const second = await eventually(() => sms.to(people.second.phone)[0]);
    expect(second.body).toContain('NON PRISE');
    const boss = await eventually(() => sms.to(people.boss.phone)[0]);
    expect(linkIn(boss.body)).toBeDefined();
    await eventually(() => smtp.to(people.boss.email)[0]);
    // Escalating twice at the same moment alerts nobody twice.
    expect(await duty.escalate(new Date(Date.now() + 6 * 60_000))).toEqual({ escalated: 0, ended: 0 });

    // 3. The second acknowledges: recorded once, and nothing is escalated any more.
    const secondToken = linkIn(second.body)!;
    // The link is the secret, but a post another site makes a browser send is refused all the same.
    const crossSite = await http().post(`/a/${secondToken}`).set('Origin', 'https://evil.example');
    expect(crossSite.status).toBe(403);
    await http().post(`/a/${secondToken}`).expect(303);
    await http().post(`/a/${secondToken}`).expect(303);
    const acknowledged = await http().get(`/a/${secondToken}`).expect(200);
    expect(acknowledged.text).toContain('Alerte prise en charge');
    expect((await http().get(`/a/${firstToken}`).expect(200)).text).toContain('a déjà pris l’alerte');
    expect(await duty.escalate(new Date(Date.now() + 60 * 60_000))).toEqual({ escalated: 0, ended: 0 });
    expect(sms.to(people.first.phone)).toHaveLength(1);
    expect(sms.to(people.second.phone)).toHaveLength(1);
    expect(sms.to(people.boss.phone)).toHaveLength(1);

    // Every step is an event by Suivi itself, in the history.
    const history = await events(landlord, filed.reference);
    expect(history.map((e) => [e.action, e.actorRole])).toEqual([
      ['file', 'agent'],
      ['on_call_alerted', 'system'],
      ['on_call_escalated', 'system'],
      ['on_call_acknowledged', 'system'],
    ]);
    expect(history[2].payload).toMatchObject({ level: 2 });
    expect(JSON.stringify(history)).not.toContain(people.first.phone);
  });

  it('keeps the alerts out of the tenant’s history, and the hash chain verifies with them', async () => {
    const res = await http()
      .post('/api/v1/complaints')
      .set(landlord.as.agent)
      .send(
        complaintBody(landlord, {
          category: 'gas',
          description: 'Odeur de gaz dans l’entrée',
          flags: ['gas_smell'],
          tenant: { name: 'Sam', phone: mobile(), preferredChannel: 'sms', language: 'fr' },
        }),
      )
      .expect(201);
    const tracked = await http().get(`/api/v1/track/${res.body.trackingToken}`).expect(200);
    expect(JSON.stringify(tracked.body)).not.toContain('on_call');

    const exported = await http()
      .get(`/api/v1/audit/landlords/${landlord.code}/events.ndjson`)
      .set(landlord.as.federation_auditor)
      .buffer(true)
      .parse((response, done) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => done(null, text));
      })
      .expect(200);
    const text = exported.body as string;
    expect(text).toContain('on_call_acknowledged');
    const file = join(mkdtempSync(join(tmpdir(), 'suivi-on-call-')), 'export.ndjson');
    writeFileSync(file, text);
    const run = spawnSync(process.execPath, [VERIFY, file], { encoding: 'utf8' });
    // The export is the transparency log (suivi-events/2): the on-call events are leaves like any other.
    expect(run.stdout + run.stderr).toMatch(/^OK: \d+ events and 0 ratings of 2 complaints of /);
    expect(run.status).toBe(0);
  });

  it('alerts the person on call when a re-decision makes a complaint an emergency', async () => {
    const res = await http()
      .post('/api/v1/complaints')
      .set(landlord.as.agent)
      .send(
        complaintBody(landlord, {
          category: 'plumbing_leak',
          description: 'Le robinet de la cuisine goutte',
          tenant: { name: 'Lou', phone: mobile(), preferredChannel: 'sms', language: 'fr' },
        }),
      )
      .expect(201);
    expect(res.body.urgency.level).not.toBe('emergency');
    expect(res.body.version).toBe(1);
    const before = sms.to(people.first.phone).length;
    const moved = await transitionAsAgent(app, landlord, res.body.reference, {
      action: 'reclassify',
      category: 'gas',
      flags: ['gas_smell'],
      reason: 'Le locataire sent le gaz en rappelant',
    });
    expect(moved.version).toBe(3);
    const actions = (await events(landlord, res.body.reference)).map((e) => e.action);
    expect(actions).toEqual(['file', 'reclassify', 'on_call_alerted']);
    await eventually(() => sms.to(people.first.phone).length > before || undefined);
  });

  it('stops escalating once staff took the complaint in hand in Suivi', async () => {
    // A landlord of its own: the other tests' chains are still running on the first one.
    const landlord = await createLandlord(app);
    const people = rota();
    await setRota(landlord, people, ALWAYS_ON_CALL);
    const filed = await fileEmergency(landlord);
    expect(filed.version).toBe(2);
    const before = sms.to(people.second.phone).length;
    await transitionAsAgent(app, landlord, filed.reference, { action: 'acknowledge' });
    // The escalation scans every landlord: other tests' chains may escalate, this one ends.
    const report = await app.get(OnCallDuty).escalate(new Date(Date.now() + 6 * 60_000));
    expect(report.ended).toBeGreaterThanOrEqual(1);
    expect((await events(landlord, filed.reference)).map((e) => e.action)).toEqual([
      'file',
      'on_call_alerted',
      'acknowledge',
    ]);
    expect(sms.to(people.second.phone)).toHaveLength(before);
    expect(sms.to(people.boss.phone)).toHaveLength(0);
  });

  it('is scheduled by the worker', async () => {
    const scheduler = await worker
      .get(JobQueue)
      .queue(QueueName.Maintenance)
      .getJobScheduler(ON_CALL_SCHEDULER_ID);
    expect(scheduler).toBeTruthy();
  });
});

describe('what does not wake anyone', () => {
  it('an emergency filed in office hours alerts no on-call person', async () => {
    const landlord = await createLandlord(app);
    const people = rota();
    await setRota(landlord, people, ALWAYS_OPEN);
    // Office hours every day, all day, but a public holiday is a day off (on-call time): on one, the
    // emergency does wake the person on call, and that is asserted instead (never a flaky day).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
    const dayOff =
      !new WorkingCalendar({ country: 'FR', region: 'metropole', timeZone: 'Europe/Paris' }).isWorkingDay(
        today,
      ) && ![0, 6].includes(new Date(`${today}T12:00:00Z`).getUTCDay());
    const filed = await fileEmergency(landlord);
    expect(filed.urgency.level).toBe('emergency');
    if (dayOff) {
      expect((await events(landlord, filed.reference)).map((e) => e.action)).toContain('on_call_alerted');
      return;
    }
    expect(filed.version).toBe(1);
    expect((await events(landlord, filed.reference)).map((e) => e.action)).toEqual(['file']);
    const rows: { n: number }[] = await app.get(DataSource).query(
      `SELECT count(*)::int AS n FROM notifications n JOIN complaints c ON c.id = n.complaint_id
        WHERE c.reference = $1 AND n.audience = 'on_call'`,
      [filed.reference.replace(/-/g, '')],
    );
    expect(rows[0].n).toBe(0);
  });
});

describe('the rota API', () => {
  it('refuses bad input with 400 naming each field, and shows what was saved', async () => {
    const landlord = await createLandlord(app);
    const bad = await http()
      .put(`/api/v1/landlords/${landlord.code}/on-call`)
      .set(landlord.as.landlord_admin)
      .send({
        officeDays: [1, 2],
        officeStart: '18:00',
        officeEnd: '08:00',
        escalationMinutes: 15,
        people: [
          { role: 'on_call', position: 1, name: 'Camille', phone: '03 20 00 00 00' },
          {
            role: 'on_call',
            position: 1,
            name: 'Dominique',
            phone: '06 12 34 56 78',
            email: 'pas-une-adresse',
          },
        ],
      })
      .expect(400);
    const fields = JSON.stringify(bad.body);
    for (const field of ['officeEnd', 'people.0.phone', 'people.1.email', 'people.1.position']) {
      expect(fields).toContain(field);
    }
    await http()
      .put(`/api/v1/landlords/${landlord.code}/on-call`)
      .set(landlord.as.agent)
      .send({ officeDays: [], officeStart: '08:30', officeEnd: '18:00', escalationMinutes: 15, people: [] })
      .expect(403);
    await http()
      .put(`/api/v1/landlords/${landlord.code}/on-call`)
      .set(landlord.as.landlord_admin)
      .send({
        agencyCode: 'NORD',
        officeDays: [1, 2, 3, 4, 5],
        officeStart: '08:00',
        officeEnd: '17:30',
        escalationMinutes: 10,
        people: [{ role: 'on_call', position: 1, name: 'Camille', phone: '06 12 34 56 78' }],
      })
      .expect(200);
    const view = await http()
      .get(`/api/v1/landlords/${landlord.code}/on-call`)
      .set(landlord.as.landlord_admin)
      .expect(200);
    expect(view.body).toMatchObject({
      officeHours: { days: [1, 2, 3, 4, 5], start: '08:00', end: '17:30' },
      escalationMinutes: 10,
      rotas: [
        {
          agencyCode: 'NORD',
          people: [{ role: 'on_call', position: 1, name: 'Camille', phone: '+33612345678' }],
        },
      ],
    });
  });
});
