import { randomBytes } from 'node:crypto';
import request from 'supertest';
import twilio from 'twilio';
import { DataSource } from 'typeorm';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createWorkerContext } from '../apps/worker/src/worker.module';
import { createTestApp, signedIn, testConfig } from './support/app';
import { complaintBody, createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';
import { isolatedDatabase } from './support/database';
import { TEST_DATABASE_URL } from './support/test-env';
import { messagingSettings } from './support/messaging';
import { TestSmtpServer } from './support/smtp';
import { TestTwilioServer } from './support/twilio';
import { eventually, transitionAsAgent } from './support/helpers';

/**
 * Issue 16, items 2–4: what the messages say (closing, next step), when they go (a landlord's quiet hours,
 * the night's messages merged into one), and what happens when an SMS fails (e-mail fallback, resend after
 * the number is corrected). Its own database and queue namespace: its worker relays every pending row.
 */
jest.setTimeout(60_000);

const BASE = 'https://suivi.test';
let database: string;
const queuePrefix = `suivi_test_messages_${randomBytes(3).toString('hex')}`;
let smtp: TestSmtpServer;
let sms: TestTwilioServer;
let app: NestFastifyApplication;
let worker: INestApplicationContext;
/** A landlord whose quiet hours make now night-time (see `nightWindow`). */
let night: TestLandlord;
/** A landlord with the default hours, for emergencies (whose SMS go day and night). */
let day: TestLandlord;
const http = () => request(app.getHttpServer());
const db = () => app.get(DataSource);

/** The settings this file's API and worker share (its own database and queue, the local providers). */
const providers = () => messagingSettings({ database, queuePrefix, smtp, sms, publicBaseUrl: BASE });

/** Hours that leave the present Paris time outside: it is "night" for that landlord now. */
function nightWindow(): { smsDayStart: string; smsDayEnd: string } {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: 'Europe/Paris' }).format(
      new Date(),
    ),
  );
  return hour < 12
    ? { smsDayStart: '20:00', smsDayEnd: '21:00' }
    : { smsDayStart: '01:00', smsDayEnd: '02:00' };
}

beforeAll(async () => {
  database = await isolatedDatabase(TEST_DATABASE_URL, 'messages');
  smtp = await new TestSmtpServer().start();
  sms = await new TestTwilioServer().start();
  app = await createTestApp(providers());
  night = await createLandlord(app);
  day = await createLandlord(app);
  const admin = await signedIn(app, 'landlord_admin', { landlordCodes: [night.code] });
  await http().put(`/api/v1/landlords/${night.code}/quiet-hours`).set(admin).send(nightWindow()).expect(200);
  worker = await createWorkerContext(testConfig(providers()));
});
afterAll(async () => {
  await worker?.close();
  await app?.close();
  await Promise.all([smtp?.stop(), sms?.stop()]);
});

let counter = 0;
function tenant(overrides: Record<string, unknown> = {}) {
  counter += 1;
  const digits = String(Date.now() % 1e6).padStart(6, '0') + String(counter).padStart(2, '0');
  return {
    name: 'Jo Martin',
    phone: `+3361${digits.slice(1)}`,
    email: `tenant-${digits}@example.org`,
    preferredChannel: 'both',
    language: 'fr',
    ...overrides,
  };
}

/** Files a complaint at `landlord`: an ordinary heating failure, or a gas smell (an emergency) with `gas`. */
async function file(landlord: TestLandlord, contact: Record<string, unknown>, gas = false) {
  const res = await http()
    .post('/api/v1/complaints')
    .set(landlord.as.agent)
    .send(
      complaintBody(landlord, {
        tenant: contact,
        ...(gas
          ? { category: 'gas', description: 'Odeur de gaz dans la cuisine', flags: ['gas_smell'] }
          : { description: 'Le radiateur de la chambre chauffe mal.' }),
      }),
    )
    .expect(201);
  return res.body as { reference: string; trackingToken: string };
}

async function rows(reference: string) {
  return db().query(
    `SELECT n.id, n.seq, n.channel, n.status, n.template, n.held, n.summarises, n.request_key, n.address
       FROM notifications n JOIN complaints c ON c.id = n.complaint_id
      WHERE c.reference = $1 AND n.audience = 'tenant' ORDER BY n.seq, n.channel, n.request_key`,
    [reference.replace(/-/g, '')],
  ) as Promise<
    {
      id: string;
      seq: number;
      channel: string;
      status: string;
      template: string;
      held: boolean;
      summarises: number;
      request_key: string;
      address: string;
    }[]
  >;
}

/** From works reported done to closed: the contractor reports, the agent checks and closes. */
async function toClosed(landlord: TestLandlord, reference: string) {
  const staff = (body: Record<string, unknown>) => transitionAsAgent(app, landlord, reference, body);
  await staff({ action: 'acknowledge' });
  const assigned = await staff({ action: 'assign', contractorId: landlord.contractors[0] });
  const view = await http().get(`/api/v1/work-orders/${assigned.workOrderToken}`).expect(200);
  await http()
    .post(`/api/v1/work-orders/${assigned.workOrderToken}/actions`)
    .send({ action: 'report_done', text: 'Purgé et réglé', expectedVersion: view.body.version })
    .expect(200);
  await staff({ action: 'check_works' });
  await staff({ action: 'close', resolution: 'Radiateur réparé' });
}

const sign = (path: string, params: Record<string, string>) =>
  twilio.getExpectedTwilioSignature(sms.authToken, `${BASE}${path}`, params);
const webhook = (path: string, params: Record<string, string>) =>
  http().post(path).type('form').set('X-Twilio-Signature', sign(path, params)).send(params);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('quiet hours (issue 16, item 3)', () => {
  it('are a landlord setting, validated: HH:MM times, the start before the end (400 with the fields)', async () => {
    const admin = await signedIn(app, 'landlord_admin', { landlordCodes: [day.code] });
    const put = (body: Record<string, unknown>) =>
      http().put(`/api/v1/landlords/${day.code}/quiet-hours`).set(admin).send(body);
    const malformed = await put({ smsDayStart: '8h', smsDayEnd: '25:00' }).expect(400);
    expect(malformed.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'smsDayEnd',
      'smsDayStart',
    ]);
    const reversed = await put({ smsDayStart: '21:00', smsDayEnd: '08:00' }).expect(400);
    expect(reversed.body.fields.map((f: { field: string }) => f.field)).toEqual(['smsDayEnd']);
    await put({ smsDayStart: '07:30', smsDayEnd: '20:30' }).expect(200, {
      smsDayStart: '07:30',
      smsDayEnd: '20:30',
    });
    const landlord = await http().get(`/api/v1/landlords/${day.code}`).set(admin).expect(200);
    expect(landlord.body).toMatchObject({ smsDayStart: '07:30', smsDayEnd: '20:30' });
    await put({ smsDayStart: '08:00', smsDayEnd: '21:00' }).expect(200);
    // An agent cannot change them.
    await http()
      .put(`/api/v1/landlords/${day.code}/quiet-hours`)
      .set(day.as.agent)
      .send({ smsDayStart: '08:00', smsDayEnd: '21:00' })
      .expect(403);

    // The same setting on the landlord's admin pages.
    const page = await http().get(`/manage/${day.code}/numbers`).set(admin).expect(200);
    expect(page.text).toContain('Heures d’envoi des SMS');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
    const refused = await http()
      .post(`/manage/${day.code}/numbers/quiet-hours`)
      .set(admin)
      .type('form')
      .send({ _csrf: csrf, smsDayStart: '22:00', smsDayEnd: '07:00' })
      .expect(400);
    expect(refused.text).toContain('le début avant la fin');
    const saved = await http()
      .post(`/manage/${day.code}/numbers/quiet-hours`)
      .set(admin)
      .type('form')
      .send({ _csrf: csrf, smsDayStart: '08:30', smsDayEnd: '20:00' })
      .expect(303);
    expect(saved.headers.location).toContain('done=quiet');
    const after = await http().get(`/api/v1/landlords/${day.code}`).set(admin).expect(200);
    expect(after.body).toMatchObject({ smsDayStart: '08:30', smsDayEnd: '20:00' });
    await put({ smsDayStart: '08:00', smsDayEnd: '21:00' }).expect(200);
  });

  it('holds a night’s SMS, then sends ONE in the final state when the day starts, none stale', async () => {
    const contact = tenant();
    const filed = await file(night, contact);
    await toClosed(night, filed.reference);
    // E-mails go at once, one per step: file, acknowledge, assign, report_done, check_works, close.
    await eventually(() => smtp.to(contact.email).length >= 6);
    const held = (await rows(filed.reference)).filter((r) => r.channel === 'sms');
    expect(held.map((r) => [r.template, r.status, r.held])).toEqual([
      ['file', 'pending', true],
      ['acknowledge', 'pending', true],
      ['assign', 'pending', true],
      ['report_done', 'pending', true],
      ['check_works', 'pending', true],
      ['close', 'pending', true],
    ]);
    await pause(700);
    expect(sms.to(contact.phone)).toEqual([]);

    // The landlord's day starts: the held rows are due.
    await db().query(`UPDATE notifications SET not_before = now() WHERE id = ANY($1::uuid[])`, [
      held.map((r) => r.id),
    ]);
    const [only] = await eventually(() => {
      const texts = sms.to(contact.phone);
      return texts.length > 0 ? texts : undefined;
    });
    await pause(1500);
    expect(sms.to(contact.phone)).toHaveLength(1);
    expect(only.body).toMatch(
      new RegExp(
        `^${filed.reference} à ce jour : dossier clos\\. Notez ou rouvrez jusqu'au \\d\\d/\\d\\d( à \\d\\d:\\d\\d)? : ${BASE}/t/`,
      ),
    );
    const after = (await rows(filed.reference)).filter((r) => r.channel === 'sms');
    expect(after.map((r) => [r.template, r.status])).toEqual([
      ['file', 'superseded'],
      ['acknowledge', 'superseded'],
      ['assign', 'superseded'],
      ['report_done', 'superseded'],
      ['check_works', 'superseded'],
      ['close', 'sent'],
    ]);
    expect(after[5].summarises).toBe(5);
    // The agent sees why the others were not sent.
    const detail = await http().get(`/api/v1/complaints/${filed.reference}`).set(night.as.agent).expect(200);
    expect(
      detail.body.notifications
        .filter((n: { channel: string }) => n.channel === 'sms')
        .map((n: { status: string }) => n.status),
    ).toContain('superseded');
  });

  it('an agent’s resend at night waits for the day, says the current state, and the page says when', async () => {
    const contact = tenant({ preferredChannel: 'sms', email: undefined });
    const filed = await file(night, contact);
    const [first] = await rows(filed.reference);
    // The first SMS failed (say an earlier day); the case moved on since.
    await db().query(
      `UPDATE notifications SET status = 'failed', error_code = 'twilio_30003', not_before = now() WHERE id = $1`,
      [first.id],
    );
    await transitionAsAgent(app, night, filed.reference, { action: 'acknowledge' });
    const resent = await http()
      .post(`/api/v1/complaints/${filed.reference}/notifications/${first.id}/resend`)
      .set(night.as.agent)
      .expect(200);
    expect(resent.body).toMatchObject({
      id: first.id,
      status: 'pending',
      channel: 'sms',
      heldForQuietHours: true,
    });
    expect(Date.parse(resent.body.sendAt)).toBeGreaterThan(Date.now());
    expect(resent.body.text).toMatch(new RegExp(`^${filed.reference} à ce jour : pris en charge\\.`));
    await pause(700);
    expect(sms.to(contact.phone)).toEqual([]);

    // The portal's resend says when it will go.
    await db().query(`UPDATE notifications SET status = 'failed' WHERE id = $1`, [first.id]);
    const posted = await http()
      .post(`/agent/complaints/${filed.reference}/notifications/${first.id}/resend`)
      .set(night.as.agent)
      .type('form')
      .send({})
      .expect(303);
    expect(posted.headers.location).toMatch(/done=resent&at=/);
    const page = await http().get(posted.headers.location).set(night.as.agent).expect(200);
    expect(page.text).toContain('Le message partira le');
    expect(page.text).toContain('heures de silence du bailleur');
    // … and what it will say: the case as it stands now.
    expect(page.text).toContain(`${filed.reference} à ce jour : pris en charge.`);

    // Morning: the resent message and the acknowledgement are one message, in the current state.
    await db().query(
      `UPDATE notifications n SET not_before = now() FROM complaints c
        WHERE c.id = n.complaint_id AND c.reference = $1 AND n.status = 'pending'`,
      [filed.reference.replace(/-/g, '')],
    );
    await eventually(() => sms.to(contact.phone).length > 0 || undefined);
    await pause(1500);
    const texts = sms.to(contact.phone);
    expect(texts).toHaveLength(1);
    expect(texts[0].body).toMatch(new RegExp(`^${filed.reference} à ce jour : pris en charge\\.`));
  });
});

describe('closing messages and the next step (issue 16, item 2)', () => {
  it('after works reported done: SMS, e-mail, tracking JSON and status reply all ask the tenant to confirm; the close asks for the rating and says until when it can be reopened', async () => {
    const contact = tenant();
    const filed = await file(day, contact, true);
    const staff = (body: Record<string, unknown>) => transitionAsAgent(app, day, filed.reference, body);
    await staff({ action: 'acknowledge' });
    const assigned = await staff({ action: 'assign', contractorId: day.contractors[0] });
    const view = await http().get(`/api/v1/work-orders/${assigned.workOrderToken}`).expect(200);
    await http()
      .post(`/api/v1/work-orders/${assigned.workOrderToken}/actions`)
      .send({ action: 'report_done', text: 'Robinet remplacé', expectedVersion: view.body.version })
      .expect(200);
    const confirm = 'travaux faits, à confirmer. Suite : à vous, confirmer les travaux.';
    const text = await eventually(() => sms.to(contact.phone).find((m) => m.body.includes('à confirmer')));
    expect(text.body).toContain(confirm);
    const email = await eventually(() =>
      smtp.to(contact.email).find((m) => m.subject.includes('à confirmer')),
    );
    expect(email.subject).toContain('Suite : à vous, confirmer les travaux.');
    const tracked = await http().get(`/api/v1/track/${filed.trackingToken}`).expect(200);
    expect(tracked.body.nextStep).toMatchObject({ by: 'tenant', step: 'confirm_works', dueBy: null });
    const reply = await webhook('/webhooks/twilio/sms', {
      MessageSid: `SM${randomBytes(16).toString('hex')}`,
      From: contact.phone,
      Body: `STATUT ${filed.reference}`,
      To: '+33700000000',
    }).expect(200);
    expect(reply.text).toContain('confirmer les travaux');
    expect(reply.text).not.toContain('intervention avant');

    await staff({ action: 'check_works' });
    await staff({ action: 'close', resolution: 'Robinet remplacé, vérifié' });
    const closed = await eventually(() => sms.to(contact.phone).find((m) => m.body.includes('dossier clos')));
    const track = await http().get(`/api/v1/track/${filed.trackingToken}`).expect(200);
    expect(track.body.tenantActions).toEqual(expect.arrayContaining(['rate', 'reopen']));
    const until = new Date(track.body.reopenableUntil);
    const fmt = (o: Intl.DateTimeFormatOptions) =>
      new Intl.DateTimeFormat('fr-FR', { ...o, timeZone: 'Europe/Paris' }).format(until);
    const date = `${fmt({ day: '2-digit', month: '2-digit' })} à ${fmt({ hour: '2-digit', minute: '2-digit' })}`;
    expect(closed.body).toBe(
      `${filed.reference} : dossier clos. Notez ou rouvrez jusqu'au ${date} : ${closed.body.split(' ').pop()}`,
    );
    expect(closed.body.length).toBeLessThanOrEqual(160);
    const closedEmail = await eventually(() =>
      smtp.to(contact.email).find((m) => m.subject.includes('dossier clos')),
    );
    expect(closedEmail.text).toContain(`Notez ou rouvrez jusqu'au ${date}`);
  });
});

describe('failed SMS (issue 16, item 4)', () => {
  const callback = (sid: string, status: string, code = '30003') =>
    webhook('/webhooks/twilio/status', {
      MessageSid: sid,
      MessageStatus: status,
      ErrorCode: code,
      AccountSid: sms.accountSid,
    });

  it.each(['undelivered', 'failed'])(
    'a tenant’s SMS reported %s falls back to e-mail, with the same words, once',
    async (status) => {
      const contact = tenant({ preferredChannel: 'sms' });
      const filed = await file(day, contact, true);
      const text = await eventually(() => sms.to(contact.phone)[0]);
      expect(smtp.to(contact.email)).toEqual([]);
      await callback(text.sid, status).expect(204);
      await callback(text.sid, status).expect(204);
      const email = await eventually(() => smtp.to(contact.email)[0]);
      expect(email.subject).toContain(`[${filed.reference}] signalement enregistré`);
      await pause(1000);
      expect(smtp.to(contact.email)).toHaveLength(1);
      const all = await eventually(async () => {
        const found = await rows(filed.reference);
        return found[0]?.status === 'sent' ? found : undefined;
      });
      expect(all.map((r) => [r.channel, r.status])).toEqual([
        ['email', 'sent'],
        ['sms', status],
      ]);
      expect(all[0].request_key).toBe(`fallback:${all[1].id}`);
    },
  );

  it('a tenant’s SMS refused at sending falls back to e-mail; the queue shows the failure; a resend after the number is corrected goes to the new number', async () => {
    const contact = tenant({ preferredChannel: 'sms', phone: '+33600000001' });
    const filed = await file(day, contact, true);
    const email = await eventually(() => smtp.to(contact.email)[0]);
    expect(email.subject).toContain(`[${filed.reference}]`);
    const [failed] = (await rows(filed.reference)).filter((r) => r.channel === 'sms');
    expect(failed.status).toBe('failed');

    const queue = await http().get('/agent').set(day.as.agent).expect(200);
    const row = queue.text.slice(queue.text.indexOf(filed.reference));
    expect(row.slice(0, row.indexOf('</tr>'))).toContain('SMS au locataire non remis');
    const listed = await http()
      .get('/api/v1/complaints')
      .query({ pageSize: 100 })
      .set(day.as.agent)
      .expect(200);
    expect(
      listed.body.items.find((c: { reference: string }) => c.reference === filed.reference),
    ).toMatchObject({
      messageFailed: 'sms',
    });

    // The agent corrects the number (here straight in the contact record), then sends it again.
    const corrected = tenant().phone;
    await db().query(
      `UPDATE tenant_contacts t SET phone_e164 = $2 FROM complaints c
        WHERE c.tenant_contact_id = t.id AND c.reference = $1`,
      [filed.reference.replace(/-/g, ''), corrected],
    );
    const resent = await http()
      .post(`/api/v1/complaints/${filed.reference}/notifications/${failed.id}/resend`)
      .set(day.as.agent)
      .expect(200);
    expect(resent.body).toMatchObject({ status: 'pending', channel: 'sms', heldForQuietHours: false });
    const text = await eventually(() => sms.to(corrected)[0]);
    expect(text.body).toContain(`${filed.reference} : signalement enregistré`);

    // Then the carrier reports it undelivered: it can be sent again too.
    await callback(text.sid, 'undelivered').expect(204);
    await eventually(
      async () => (await rows(filed.reference)).some((r) => r.status === 'undelivered') || undefined,
    );
    const again = await http()
      .post(`/api/v1/complaints/${filed.reference}/notifications/${failed.id}/resend`)
      .set(day.as.agent)
      .expect(200);
    expect(again.body.status).toBe('pending');
    await eventually(() => sms.to(corrected).length === 2 || undefined);
    // Not the grammar of the old refusal: a sent message is refused in words that name its status.
    const refused = await http()
      .post(`/api/v1/complaints/${filed.reference}/notifications/${failed.id}/resend`)
      .set(day.as.agent)
      .expect(409);
    expect(refused.body.message).toMatch(/^A message in status \w+ is not sent again/);
  });
});
