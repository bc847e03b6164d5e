import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import IORedis from 'ioredis';
import request from 'supertest';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createWorkerContext } from '../apps/worker/src/worker.module';
import { SWEEP_SCHEDULER_ID } from '../apps/worker/src/maintenance.jobs';
import { DeliveryReconciler, DeliveryService, NotificationRelay } from '../libs/notifications/src';
import { JobQueue, QueueName } from '../libs/queue/src';
import { OPERATOR, createTestApp, testConfig } from './support/app';
import { complaintBody, createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';
import { isolatedDatabase } from './support/database';
import { TEST_DATABASE_URL } from './support/test-env';
import { messagingSettings } from './support/messaging';
import { TestSmtpServer } from './support/smtp';
import { TestTwilioServer } from './support/twilio';
import { eventually, freePort, transitionAsAgent } from './support/helpers';

/** A day three weeks from now, `YYYY-MM-DD`: appointments must fall within the sane window (APPOINTMENT_LIMITS). */
const SOON = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);

jest.setTimeout(60_000);

const BASE = 'https://suivi.test';
/**
 * A database and queue namespace of this file's own, shared by its API and worker: a worker relays every
 * pending notification in its database, so on the shared one another file's worker would send this file's
 * messages to that file's providers (the cause of the resend flake seen in full runs).
 */
let database: string;
const queuePrefix = `suivi_test_notifications_${randomBytes(3).toString('hex')}`;
let smtp: TestSmtpServer;
let sms: TestTwilioServer;
let app: NestFastifyApplication;
let landlord: TestLandlord;
let worker: INestApplicationContext | undefined;
const http = () => request(app.getHttpServer());

/** The settings this file's API and worker share (its own database and queue, the local providers). */
const providers = () => messagingSettings({ database, queuePrefix, smtp, sms, publicBaseUrl: BASE });

beforeAll(async () => {
  database = await isolatedDatabase(TEST_DATABASE_URL, 'notifications');
  smtp = await new TestSmtpServer().start();
  sms = await new TestTwilioServer().start();
  app = await createTestApp(providers());
  landlord = await createLandlord(app);
});
afterAll(async () => {
  await worker?.close();
  await app.close();
  await Promise.all([smtp.stop(), sms.stop()]);
});

let counter = 0;
/** A tenant of its own: a unique mobile number and address, so this file's assertions see only its messages. */
function tenant(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const digits = String(Date.now() % 1e6).padStart(6, '0') + String(counter).padStart(2, '0');
  return {
    name: 'Jo Martin',
    // 06 1x… is a valid French mobile range whatever the digits (06 39…, 06 9x… are not all assigned).
    phone: `+3361${digits.slice(1)}`,
    email: `tenant-${digits}@example.org`,
    preferredChannel: 'both',
    language: 'fr',
    ...overrides,
  };
}

async function file(tenantContact: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const res = await http()
    .post('/api/v1/complaints')
    .set(landlord.as.agent)
    .send(
      complaintBody(landlord, {
        category: 'gas',
        description: 'Odeur de gaz dans la cuisine',
        flags: ['gas_smell'],
        tenant: tenantContact,
        ...overrides,
      }),
    )
    .expect(201);
  return res.body as { reference: string; trackingToken: string; version: number };
}

const staff = (reference: string, body: Record<string, unknown>) =>
  transitionAsAgent(app, landlord, reference, body);

async function deliveries(reference: string) {
  const res = await http().get(`/api/v1/complaints/${reference}`).set(landlord.as.agent).expect(200);
  return res.body.notifications as {
    seq: number;
    audience: string;
    channel: string;
    status: string;
    attempts: number;
    error: { code: string } | null;
  }[];
}

async function rows(reference: string) {
  return app.get(DataSource).query(
    `SELECT n.id, n.seq, n.channel, n.status, n.provider_id, n.audience, n.template FROM notifications n
       JOIN complaints c ON c.id = n.complaint_id WHERE c.reference = $1 ORDER BY n.seq, n.channel`,
    [reference.replace(/-/g, '')],
  ) as Promise<
    {
      id: string;
      seq: number;
      channel: string;
      status: string;
      provider_id: string | null;
      template: string;
    }[]
  >;
}

describe('the outbox', () => {
  it('writes one row per recipient and channel in the event’s transaction, and none for a refused transition', async () => {
    const contact = tenant();
    const filed = await file(contact);
    expect((await rows(filed.reference)).map((r) => [r.seq, r.channel, r.status])).toEqual([
      [1, 'email', 'pending'],
      [1, 'sms', 'pending'],
    ]);
    const refused = await http()
      .post(`/api/v1/complaints/${filed.reference}/transitions`)
      .set(landlord.as.agent)
      .send({ action: 'close', resolution: 'x', expectedVersion: 1 });
    expect(refused.status).toBe(409);
    expect(await rows(filed.reference)).toHaveLength(2);
    const silent = await file(tenant({ preferredChannel: 'none' }));
    expect(await rows(silent.reference)).toEqual([]);
  });

  it('lets two relays run at once and gives each notification one job', async () => {
    await file(tenant());
    await file(tenant());
    const relay = app.get(NotificationRelay);
    const moved = await Promise.all([relay.relay(5), relay.relay(5), relay.relay(5), relay.relay(5)]);
    const queue = app.get(JobQueue);
    const jobs = [
      ...(await queue.queue(QueueName.Email).getJobs(['waiting', 'prioritized', 'delayed'])),
      ...(await queue.queue(QueueName.Sms).getJobs(['waiting', 'prioritized', 'delayed'])),
    ];
    const total = moved.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(4);
    expect(jobs).toHaveLength(total);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(total);
    expect(jobs.every((j) => JSON.stringify(Object.keys(j.data)) === '["notificationId"]')).toBe(true);
  });

  it('tells the moment of its event, from facts stored on the row; a row written before they were reads them at send time', async () => {
    const contact = tenant({ language: 'en' });
    const filed = await file(contact);
    await staff(filed.reference, { action: 'acknowledge' });
    await staff(filed.reference, { action: 'assign', contractorId: landlord.contractors[0] });
    await staff(filed.reference, {
      action: 'schedule',
      appointment: { start: `${SOON}T08:00:00+01:00`, end: `${SOON}T10:00:00+01:00` },
    });
    const db = app.get(DataSource);
    const written = await rows(filed.reference);
    const stored: { facts: unknown }[] = await db.query(
      'SELECT facts FROM notifications WHERE id = ANY($1::uuid[])',
      [written.map((r) => r.id)],
    );
    expect(stored.every((r) => r.facts !== null)).toBe(true);
    const delivery = app.get(DeliveryService);
    const preview = () => Promise.all(written.map((r) => delivery.preview(r.id)));
    const withFacts = await preview();
    const text = (messages: typeof withFacts, template: string) =>
      messages.filter((_, i) => written[i].template === template && written[i].channel === 'sms')[0]?.text;
    expect(text(withFacts, 'schedule')).toContain('appointment booked. Visit on');
    // The assignment tells its own moment: the appointment booked after it is not in it.
    expect(text(withFacts, 'assign')).toContain('a contractor is assigned. Next: works by');
    // Rows written before the facts were stored read them at send time, as they always did.
    await db.query('UPDATE notifications SET facts = NULL WHERE id = ANY($1::uuid[])', [
      written.map((r) => r.id),
    ]);
    const legacy = await preview();
    expect(legacy.map((m) => [m?.channel, m?.address])).toEqual(
      withFacts.map((m) => [m?.channel, m?.address]),
    );
    expect(text(legacy, 'schedule')).toBe(text(withFacts, 'schedule'));
    expect(text(legacy, 'assign')).toContain('a contractor is assigned. Visit on');
  });
});

describe('delivery through the worker', () => {
  beforeAll(async () => {
    worker = await createWorkerContext(testConfig(providers()));
  });

  it('tells the tenant each step by email and SMS in their language, once each', async () => {
    const contact = tenant({ language: 'en' });
    const filed = await file(contact);
    await staff(filed.reference, { action: 'acknowledge' });
    const assigned = await staff(filed.reference, {
      action: 'assign',
      contractorId: landlord.contractors[0],
    });
    await staff(filed.reference, {
      action: 'schedule',
      appointment: { start: `${SOON}T08:00:00+01:00`, end: `${SOON}T10:00:00+01:00` },
    });
    const view = await http().get(`/api/v1/work-orders/${assigned.workOrderToken}`).expect(200);
    await http()
      .post(`/api/v1/work-orders/${assigned.workOrderToken}/actions`)
      .send({ action: 'report_done', text: 'Robinet de gaz remplacé', expectedVersion: view.body.version })
      .expect(200);
    // The tenant confirms through the link the messages carry.
    const link = await eventually(() => sms.to(contact.phone).find((m) => m.body.includes('please confirm')));
    const token = /https:\/\/suivi\.test\/t\/([A-Za-z0-9_-]{22})/.exec(link.body)?.[1];
    const tracked = await http().get(`/api/v1/track/${token}`).expect(200);
    expect(tracked.body.reference).toBe(filed.reference);
    await http()
      .post(`/api/v1/track/${token}/actions`)
      .send({ action: 'check_works', expectedVersion: tracked.body.version })
      .expect(200);
    await staff(filed.reference, { action: 'close', resolution: 'Works done and checked' });

    // file, acknowledge, assign, schedule, report_done, close: six steps; the tenant's own check is not echoed.
    await eventually(() => smtp.to(contact.email).length >= 6 && sms.to(contact.phone).length >= 6);
    await new Promise((r) => setTimeout(r, 500));
    const emails = smtp.to(contact.email);
    const texts = sms.to(contact.phone);
    expect(emails).toHaveLength(6);
    expect(texts).toHaveLength(6);
    expect(emails.every((m) => m.subject.startsWith(`[${filed.reference}] `))).toBe(true);
    expect(emails.map((m) => m.subject)).toContainEqual(
      expect.stringMatching(
        /^\[.+\] taken on by your landlord\. Next: visit by \d\d\/\d\d( at \d\d:\d\d)?\.$/,
      ),
    );
    expect(emails.find((m) => m.subject.includes('case closed'))?.text).toContain(`${BASE}/t/`);
    expect(texts.every((m) => m.body.length <= 160)).toBe(true);
    // Sent concurrently, so in any order; each exactly once.
    expect(texts.map((m) => m.body.split('.')[0]).sort()).toEqual(
      [
        `${filed.reference}: report received`,
        `${filed.reference}: taken on by your landlord`,
        `${filed.reference}: a contractor is assigned`,
        `${filed.reference}: appointment booked`,
        `${filed.reference}: works done, please confirm`,
        `${filed.reference}: case closed`,
      ].sort(),
    );
    expect(texts.every((m) => m.statusCallback === `${BASE}/webhooks/twilio/status`)).toBe(true);

    const states = await deliveries(filed.reference);
    expect(states.filter((d) => d.audience === 'tenant').every((d) => d.status === 'sent')).toBe(true);
  });

  it('sends nothing to a tenant who chose no messages, and French to a French speaker', async () => {
    const quiet = tenant({ preferredChannel: 'none' });
    const silent = await file(quiet);
    await staff(silent.reference, { action: 'acknowledge' });
    const french = tenant({ preferredChannel: 'email' });
    const filed = await file(french);
    const email = await eventually(() => smtp.to(french.email)[0]);
    expect(email.subject).toMatch(
      new RegExp(
        `^\\[${filed.reference.replace(/[*$=~]/g, '\\$&')}\\] signalement enregistré\\. Suite : prise en charge avant le \\d\\d/\\d\\d( à \\d\\d:\\d\\d)?\\.$`,
      ),
    );
    expect(email.text).toContain('répondez STOP');
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.to(quiet.email)).toEqual([]);
    expect(sms.to(quiet.phone)).toEqual([]);
    expect(sms.to(french.phone)).toEqual([]);
  });

  it('stops at once on a permanent failure, shows it to agents, and retries a transient one', async () => {
    const invalid = await file(tenant({ phone: '+33600000001', email: 'reject-me@example.org' }));
    const failed = await eventually(async () => {
      const states = await deliveries(invalid.reference);
      return states.length === 2 && states.every((s) => s.status === 'failed') ? states : undefined;
    });
    expect(failed.map((s) => [s.channel, s.error?.code, s.attempts])).toEqual([
      ['email', 'smtp_550', 1],
      ['sms', 'twilio_21211', 1],
    ]);

    const limited = await file(tenant({ phone: '+33600000002', preferredChannel: 'sms' }));
    const sent = await eventually(async () => {
      const [state] = await deliveries(limited.reference);
      return state?.status === 'sent' ? state : undefined;
    }, 30_000);
    expect(sent.attempts).toBe(3);
    expect(sms.to('+33600000002')).toHaveLength(1);
  }, 40_000);

  it('never sends twice: a second job is skipped, and a row left mid-send is reconciled, not resent blindly', async () => {
    const contact = tenant({ preferredChannel: 'sms' });
    const filed = await file(contact);
    await eventually(() => sms.to(contact.phone).length === 1);
    // The provider has the SMS; the worker marks the row sent just after (until then it is 'sending').
    await eventually(async () => (await rows(filed.reference))[0].status === 'sent');
    const [row] = await rows(filed.reference);
    const delivery = (worker as INestApplicationContext).get(DeliveryService);
    expect(await delivery.deliver(row.id, false)).toEqual({ skipped: 'sent' });

    const second = await file(tenant({ preferredChannel: 'sms' }));
    const db = app.get(DataSource);
    // A worker that died after calling the provider leaves its row in 'sending'; the job comes back and
    // leaves it alone; once the send is older than twice the provider timeout, the reconciliation calls it
    // interrupted.
    const [pending] = await rows(second.reference);
    await db.query(
      `UPDATE notifications SET status = 'sending' WHERE id = $1 AND status IN ('pending', 'queued')`,
      [pending.id],
    );
    const before = sms.received.length;
    expect(await delivery.deliver(pending.id, false)).toEqual({ skipped: 'sending' });
    await db.query(`UPDATE notifications SET updated_at = now() - interval '1 hour' WHERE id = $1`, [
      pending.id,
    ]);
    await (worker as INestApplicationContext).get(DeliveryReconciler).reconcile();
    const [after] = await deliveries(second.reference);
    expect(after).toMatchObject({ status: 'unknown', error: { code: 'interrupted' } });
    expect(sms.received.length).toBe(before);

    // An agent who checked that it never arrived sends it again: once.
    const resend = (id: string) =>
      http().post(`/api/v1/complaints/${second.reference}/notifications/${id}/resend`).set(landlord.as.agent);
    // The answer also says what will be sent and when (issue 16).
    const resent = await resend(pending.id).expect(200);
    expect(resent.body).toMatchObject({ id: pending.id, status: 'pending', channel: 'sms' });
    await eventually(async () => (await deliveries(second.reference))[0].status === 'sent');
    expect(sms.received.length).toBe(before + 1);
    await resend(pending.id).expect(409);
    await resend('00000000-0000-4000-8000-000000000000').expect(404);
  });
});

describe('Twilio webhooks', () => {
  beforeAll(async () => {
    worker ??= await createWorkerContext(testConfig(providers()));
  });
  const sign = (path: string, params: Record<string, string>) =>
    twilio.getExpectedTwilioSignature(sms.authToken, `${BASE}${path}`, params);
  const post = (path: string, params: Record<string, string>, signature = sign(path, params)) =>
    http().post(path).type('form').set('X-Twilio-Signature', signature).send(params);

  it('moves delivery states forward only, once per callback, and refuses a bad signature', async () => {
    const contact = tenant({ preferredChannel: 'sms' });
    const filed = await file(contact);
    const { sid } = await eventually(() => sms.to(contact.phone)[0]);
    const callback = (status: string) => ({
      MessageSid: sid,
      MessageStatus: status,
      AccountSid: sms.accountSid,
    });

    await post('/webhooks/twilio/status', callback('delivered'), 'forged').expect(403);
    await post('/webhooks/twilio/status', callback('delivered')).expect(204);
    await post('/webhooks/twilio/status', callback('delivered')).expect(204);
    await post('/webhooks/twilio/status', callback('sent')).expect(204);
    const [state] = await deliveries(filed.reference);
    expect(state.status).toBe('delivered');
    await post('/webhooks/twilio/status', { AccountSid: sms.accountSid }).expect(400);
  });

  it('answers STATUT <reference> from the phone on file, says nothing to another phone, honours STOP and START', async () => {
    const contact = tenant({ preferredChannel: 'sms' });
    const filed = await file(contact);
    const inbound = (
      from: string,
      body: string,
      sid = `SM${Math.random().toString(16).slice(2).padEnd(32, '0')}`,
    ) =>
      post('/webhooks/twilio/sms', {
        MessageSid: sid.slice(0, 34),
        From: from,
        Body: body,
        To: '+33700000000',
      });

    const loose = filed.reference.toLowerCase().replace(/-/g, ' ');
    const answer = await inbound(contact.phone, `statut ${loose}`).expect(200);
    expect(answer.headers['content-type']).toMatch(/xml/);
    expect(answer.text).toContain(filed.reference);
    expect(answer.text).toContain('signalement recu'); // folded to GSM-7: one segment
    expect(answer.text).toContain(`${BASE}/t/`);

    const stranger = await inbound('+33699999999', `STATUS ${filed.reference}`).expect(200);
    expect(stranger.text).not.toContain(filed.reference);
    expect(stranger.text).toContain('STATUT');

    const stopSid = `SM${'5'.repeat(32)}${counter}`.slice(0, 34);
    await inbound(contact.phone, 'Stop', stopSid).expect(200);
    const replay = await inbound(contact.phone, 'Stop', stopSid).expect(200);
    expect(replay.text).not.toContain('<Message>');
    await staff(filed.reference, { action: 'acknowledge' });
    // No more SMS after STOP: the tenant who also gave an email hears by email instead.
    expect((await rows(filed.reference)).filter((r) => r.seq === 2).map((r) => r.channel)).toEqual(['email']);
    const start = await inbound(contact.phone, 'START').expect(200);
    expect(start.text).toContain('reprennent');
    await staff(filed.reference, { action: 'assign', contractorId: landlord.contractors[0] });
    expect(
      (await rows(filed.reference)).filter((r) => r.template === 'assign').map((r) => r.channel),
    ).toEqual(['sms']);
  });

  it('keeps an SMS whose text holds a control character a phone can send (GSM form feed, escape): the reply and STOP still work', async () => {
    // GSM 03.38 has a form feed (page break) and an escape; Twilio passes them on as U+000C and U+001B.
    // Refusing them at the edge lost the tenant's message (Twilio logs a 400 and retries nothing).
    const contact = tenant({ preferredChannel: 'sms' });
    const filed = await file(contact);
    const inbound = (body: string) =>
      post('/webhooks/twilio/sms', {
        MessageSid: `SM${Math.random().toString(16).slice(2).padEnd(32, '0')}`.slice(0, 34),
        From: contact.phone,
        Body: body,
        To: '+33700000000',
      });
    const answer = await inbound(`STATUT\u000c${filed.reference}\u001b`).expect(200);
    expect(answer.text).toContain(filed.reference);
    await inbound('STOP\u000c').expect(200);
    await staff(filed.reference, { action: 'acknowledge' });
    expect((await rows(filed.reference)).filter((r) => r.seq === 2).map((r) => r.channel)).toEqual(['email']);
    // A NUL is no character of any phone's alphabet: still refused.
    await inbound('STATUT \u0000').expect(400);
  });
});

describe('operations', () => {
  it('reports the queue backend, depth and the oldest pending notification, and Prometheus metrics', async () => {
    const health = await http().get('/health').set(OPERATOR).expect(200);
    expect(health.body.queue).toMatchObject({ backend: 'redis', status: 'up' });
    expect(health.body.notifications.pending).toEqual(expect.any(Number));
    const oldest = health.body.notifications.oldestPendingSeconds;
    expect(oldest === null || typeof oldest === 'number').toBe(true);
    const metrics = await http().get('/metrics').set(OPERATOR).expect(200);
    expect(metrics.headers['content-type']).toMatch(/text\/plain/);
    expect(metrics.text).toMatch(/suivi_notifications\{channel="sms",state="sent"\} \d+/);
    expect(metrics.text).toMatch(/suivi_transitions_total\{action="acknowledge"\} \d+/);
  });

  it('shows the queue dashboard to platform admins only', async () => {
    await http().get('/admin/queues').expect(401);
    await http().get('/admin/queues').set(landlord.as.supervisor).expect(403);
    const page = await http().get('/admin/queues').set(landlord.as.platform_admin).expect(200);
    expect(page.text).toContain('<html');
    const api = await http().get('/admin/queues/api/queues').set(landlord.as.platform_admin).expect(200);
    expect(api.body.queues.map((q: { name: string }) => q.name).sort()).toEqual([
      'email',
      'maintenance',
      'sms',
    ]);
  });

  it('registers the sweep as one job scheduler whose runs record an overdue stage', async () => {
    const filed = await file(tenant({ preferredChannel: 'none' }), {
      category: 'heating',
      flags: ['no_heating'],
    });
    const scheduler = await (worker as INestApplicationContext)
      .get(JobQueue)
      .queue(QueueName.Maintenance)
      .getJobScheduler(SWEEP_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ every: 600_000 });
    await app
      .get(DataSource)
      .query(`UPDATE complaints SET next_due_at = now() - interval '1 hour' WHERE reference = $1`, [
        filed.reference.replace(/-/g, ''),
      ]);
    // The worker's start-up runs (a sweep and the digests over every landlord in the shared test database,
    // which other test files may have filled with thousands of complaints) finish first: the queue runs one
    // job at a time, and this test is about the job it adds next.
    const maintenance = (worker as INestApplicationContext).get(JobQueue).queue(QueueName.Maintenance);
    await eventually(
      async () => (await maintenance.getJobCounts('active', 'waiting')).active === 0 || undefined,
      180_000,
    );
    // Run the sweep now for this landlord, the way an operator would.
    await maintenance.add(SWEEP_SCHEDULER_ID, { landlordIds: [landlord.id] });
    const missed = await eventually(async () => {
      const res = await http()
        .get(`/api/v1/complaints/${filed.reference}/events`)
        .set(landlord.as.agent)
        .expect(200);
      return (res.body.events ?? res.body).find((e: { action: string }) => e.action === 'deadline_missed');
    });
    expect(missed).toMatchObject({
      actorRole: 'system',
      payload: { stage: 'acknowledge', notify: 'supervisor' },
    });
    // The supervisors of the landlord hear of it by email.
    await eventually(() =>
      smtp.received.find((m) => m.subject.includes(filed.reference) && m.subject.includes('dépassée')),
    );
  }, 240_000);

  it('fails a job of an unknown name at once and loudly, without retries', async () => {
    const maintenance = (worker as INestApplicationContext).get(JobQueue).queue(QueueName.Maintenance);
    const job = await maintenance.add('no-such-job', {}, { attempts: 3 });
    const failed = await eventually(async () =>
      (await job.getState()) === 'failed' ? maintenance.getJob(job.id as string) : undefined,
    );
    expect(failed?.failedReason).toBe(
      "Unknown job 'no-such-job' on queue 'maintenance': no handler, job failed",
    );
    expect(failed?.attemptsMade).toBe(1);
  }, 240_000);
});

describe('when Redis stops', () => {
  let redis: ChildProcess | null = null;
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
  afterAll(async () => {
    await worker?.close();
    worker = undefined;
    redis?.kill('SIGKILL');
  });

  it('keeps transitions working, and delivers every message once when Redis is back', async () => {
    await worker?.close();
    worker = undefined;
    port = await freePort();
    await startRedis();
    worker = await createWorkerContext(
      testConfig({ ...providers(), REDIS_URL: `redis://127.0.0.1:${port}` }),
    );
    const contact = tenant({ preferredChannel: 'email' });
    const filed = await file(contact);
    await eventually(() => smtp.to(contact.email).length === 1);

    redis?.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    await staff(filed.reference, { action: 'acknowledge' });
    await staff(filed.reference, { action: 'assign', contractorId: landlord.contractors[0] });
    await staff(filed.reference, { action: 'note', visibility: 'public', text: 'Passage prévu demain' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(smtp.to(contact.email)).toHaveLength(1);

    await startRedis();
    await eventually(() => smtp.to(contact.email).length >= 4, 30_000);
    await new Promise((r) => setTimeout(r, 1500));
    const ids = smtp.to(contact.email).map((m) => m.notificationId);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
    expect((await rows(filed.reference)).every((r) => r.status === 'sent')).toBe(true);
  }, 60_000);
});
