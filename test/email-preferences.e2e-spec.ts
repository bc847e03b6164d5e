import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser } from 'playwright-core';
import { createWorkerContext } from '../apps/worker/src/worker.module';
import { TEST_LINK_SECRET, createTestApp, testConfig } from './support/app';
import { expectAccessible, launchBrowser, listen, phone } from './support/browser';
import { isolatedDatabase } from './support/database';
import { complaintBody, createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';
import { eventually, transitionAsAgent } from './support/helpers';
import { messagingSettings } from './support/messaging';
import { TestSmtpServer } from './support/smtp';
import type { ReceivedEmail } from './support/smtp';
import { TestTwilioServer } from './support/twilio';
import { TEST_DATABASE_URL } from './support/test-env';
import { DeliveryService } from '../libs/notifications/src';
import { unsubscribeToken } from '../libs/domain/src';

/**
 * Issue 16, item 5: tenant e-mails in HTML with a plain-text alternative, List-Unsubscribe with one-click
 * (RFC 8058 + RFC 2369), and the preferences page. Real SMTP and Twilio-speaking servers, a worker, and a
 * database of this file's own (a worker relays every pending notification of its database).
 */
jest.setTimeout(90_000);

const BASE = 'https://suivi.test';
const SOON = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
let database: string;
const queuePrefix = `suivi_test_email_prefs_${randomBytes(3).toString('hex')}`;
let smtp: TestSmtpServer;
let sms: TestTwilioServer;
let app: NestFastifyApplication;
let worker: INestApplicationContext | undefined;
let landlord: TestLandlord;
let browser: Browser;
let origin: string;
const http = () => request(app.getHttpServer());

/** The settings this file's API and worker share (its own database and queue, the local providers). */
const providers = () => messagingSettings({ database, queuePrefix, smtp, sms, publicBaseUrl: BASE });

beforeAll(async () => {
  database = await isolatedDatabase(TEST_DATABASE_URL, 'email_prefs');
  smtp = await new TestSmtpServer().start();
  sms = await new TestTwilioServer().start();
  app = await createTestApp(providers());
  origin = await listen(app);
  landlord = await createLandlord(app);
  worker = await createWorkerContext(testConfig(providers()));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
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
    email: `prefs-${digits}@example.org`,
    preferredChannel: 'both',
    language: 'fr',
    ...overrides,
  };
}

async function file(contact: Record<string, unknown>) {
  const res = await http()
    .post('/api/v1/complaints')
    .set(landlord.as.agent)
    .send(
      complaintBody(landlord, {
        category: 'gas',
        description: 'Odeur de gaz dans la cuisine',
        flags: ['gas_smell'],
        tenant: contact,
      }),
    )
    .expect(201);
  return res.body as { reference: string; trackingToken: string };
}

const staff = (reference: string, body: Record<string, unknown>) =>
  transitionAsAgent(app, landlord, reference, body);

async function complaintId(reference: string): Promise<string> {
  const [row]: { id: string }[] = await app
    .get(DataSource)
    .query('SELECT id FROM complaints WHERE reference = $1', [reference.replace(/-/g, '')]);
  return row.id;
}

async function contactOf(reference: string) {
  const [row]: { email_preference: string; sms_opted_out_at: Date | null }[] = await app
    .get(DataSource)
    .query(
      `SELECT t.email_preference, t.sms_opted_out_at FROM complaints c
         JOIN tenant_contacts t ON t.id = c.tenant_contact_id WHERE c.reference = $1`,
      [reference.replace(/-/g, '')],
    );
  return row;
}

/** The outbox rows of a complaint's tenant: [template, channel], in event order. */
async function tenantRows(reference: string): Promise<[string, string][]> {
  const rows: { template: string; channel: string }[] = await app.get(DataSource).query(
    `SELECT n.template, n.channel FROM notifications n JOIN complaints c ON c.id = n.complaint_id
      WHERE c.reference = $1 AND n.audience = 'tenant' ORDER BY n.seq, n.channel`,
    [reference.replace(/-/g, '')],
  );
  return rows.map((r) => [r.template, r.channel]);
}

/** The path of the List-Unsubscribe URL of an e-mail. */
function unsubscribePath(email: ReceivedEmail): string {
  const header = email.headers['list-unsubscribe'];
  const url = /^<(https:\/\/suivi\.test(\/u\/[A-Za-z0-9_-]{44}))>$/.exec(header ?? '');
  if (!url) throw new Error(`no List-Unsubscribe URL in ${header}`);
  return url[2];
}

describe('tenant e-mails', () => {
  it('carry an HTML part beside the plain text, and List-Unsubscribe with one-click', async () => {
    const contact = tenant();
    const filed = await file(contact);
    const email = await eventually(() => smtp.to(contact.email)[0]);
    const path = `/u/${unsubscribeToken(TEST_LINK_SECRET, await complaintId(filed.reference))}`;
    expect(email.headers['list-unsubscribe']).toBe(`<${BASE}${path}>`);
    expect(email.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    // Never the tracking link itself.
    expect(email.headers['list-unsubscribe']).not.toContain(filed.trackingToken);
    expect(email.text).toContain(filed.reference);
    expect(email.text).toContain('répondez STOP');
    expect(email.text).toContain(`${BASE}${path}`);
    expect(email.html).toContain('<html lang="fr">');
    expect(email.html).toContain(`href="${BASE}/t/${filed.trackingToken}"`);
    expect(email.html).toContain(`href="${BASE}${path}"`);
    expect(email.html).toContain('>Suivre le dossier</a>');
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  it('a GET changes nothing; the exact one-click POST, without cookies, leaves only the essential e-mails', async () => {
    const contact = tenant();
    const filed = await file(contact);
    const path = unsubscribePath(await eventually(() => smtp.to(contact.email)[0]));

    const page = await http().get(path).expect(200);
    expect(page.text).toContain(`<form method="post" action="${path}"`);
    expect(page.text).not.toContain('<script');
    expect((await contactOf(filed.reference)).email_preference).toBe('all');

    const res = await http()
      .post(path)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click');
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect((await contactOf(filed.reference)).email_preference).toBe('essential');
    // Twice is once.
    await http()
      .post(path)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200);

    await staff(filed.reference, { action: 'acknowledge' });
    await staff(filed.reference, { action: 'assign', contractorId: landlord.contractors[0] });
    await staff(filed.reference, {
      action: 'schedule',
      appointment: { start: `${SOON}T08:00:00+01:00`, end: `${SOON}T10:00:00+01:00` },
    });
    // The assignment (not essential) goes by SMS only; the acknowledgement and the appointment by both.
    expect(await tenantRows(filed.reference)).toEqual([
      ['file', 'email'],
      ['file', 'sms'],
      ['acknowledge', 'email'],
      ['acknowledge', 'sms'],
      ['assign', 'sms'],
      ['schedule', 'email'],
      ['schedule', 'sms'],
    ]);
    await eventually(() => smtp.to(contact.email).length >= 3 && sms.to(contact.phone).length >= 4);
    const subjects = smtp.to(contact.email).map((m) => m.subject);
    expect(subjects).toHaveLength(3);
    expect(subjects.some((s) => s.includes('entreprise'))).toBe(false);
  });

  it('answers 404 to a token it did not issue, and to a tracking token', async () => {
    const contact = tenant();
    const filed = await file(contact);
    const path = unsubscribePath(await eventually(() => smtp.to(contact.email)[0]));
    const forged = `${path.slice(0, -1)}${path.endsWith('A') ? 'B' : 'A'}`;
    for (const wrong of [forged, `/u/${filed.trackingToken}`, '/u/nothing']) {
      await http().get(wrong).expect(404);
      await http()
        .post(wrong)
        .set('content-type', 'application/x-www-form-urlencoded')
        .send('List-Unsubscribe=One-Click')
        .expect(404);
    }
    expect((await contactOf(filed.reference)).email_preference).toBe('all');
  });
});

describe('the preferences page', () => {
  it('is reached from the tracking page and changes e-mails and SMS, without JavaScript, at 320 px', async () => {
    const contact = tenant();
    const filed = await file(contact);
    const context = await phone(browser);
    try {
      const page = await context.newPage();
      await page.setViewportSize({ width: 320, height: 640 });
      await page.goto(`${origin}/t/${filed.trackingToken}`);
      await page.click('a[href^="/u/"]');
      expect(page.url()).toMatch(/\/u\/[A-Za-z0-9_-]{44}$/);
      await page.check('input[name="email"][value="none"]');
      await page.check('input[name="sms"][value="off"]');
      await page.click('main button[type="submit"]');
      expect(page.url()).toMatch(/\?saved=1$/);
      expect(await page.isChecked('input[name="email"][value="none"]')).toBe(true);
      const saved = await contactOf(filed.reference);
      expect(saved.email_preference).toBe('none');
      expect(saved.sms_opted_out_at).not.toBeNull();
      await expectAccessible(context, page.url());
      // Nothing wider than a 320 px screen (measured where scripts run: the page itself has none).
      const measure = await browser.newContext({ viewport: { width: 320, height: 640 } });
      try {
        const measured = await measure.newPage();
        await measured.goto(page.url());
        const width = await measured.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(320);
      } finally {
        await measure.close();
      }
    } finally {
      await context.close();
    }
    await staff(filed.reference, { action: 'acknowledge' });
    expect(await tenantRows(filed.reference)).toEqual([
      ['file', 'email'],
      ['file', 'sms'],
    ]);
  });

  it('refuses a post from another site, and a choice it does not offer', async () => {
    const contact = tenant();
    const filed = await file(contact);
    const path = unsubscribePath(await eventually(() => smtp.to(contact.email)[0]));
    await http()
      .post(path)
      .set('origin', 'https://evil.example')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('email=none&sms=off')
      .expect(403);
    await http()
      .post(path)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('email=sometimes&sms=off')
      .expect(400);
    expect(await contactOf(filed.reference)).toEqual({ email_preference: 'all', sms_opted_out_at: null });
    await http()
      .post(path)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('email=essential&sms=on')
      .expect(303);
    expect((await contactOf(filed.reference)).email_preference).toBe('essential');
  });
});

describe('an e-mail written before the tenant unsubscribed', () => {
  it('is not sent when it is not essential; an essential one still goes', async () => {
    // No worker from here on: this test sends the rows itself, after the unsubscribe.
    await worker?.close();
    worker = undefined;
    const contact = tenant({ preferredChannel: 'email' });
    const filed = await file(contact);
    await staff(filed.reference, { action: 'acknowledge' });
    await staff(filed.reference, { action: 'assign', contractorId: landlord.contractors[0] });
    expect(await tenantRows(filed.reference)).toEqual([
      ['file', 'email'],
      ['acknowledge', 'email'],
      ['assign', 'email'],
    ]);
    const path = `/u/${unsubscribeToken(TEST_LINK_SECRET, await complaintId(filed.reference))}`;
    await http()
      .post(path)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    const ids: { id: string; template: string }[] = await app.get(DataSource).query(
      `SELECT n.id, n.template FROM notifications n JOIN complaints c ON c.id = n.complaint_id
        WHERE c.reference = $1 AND n.audience = 'tenant' ORDER BY n.seq`,
      [filed.reference.replace(/-/g, '')],
    );
    const delivery = app.get(DeliveryService);
    const outcome = async (template: string) =>
      delivery.deliver(ids.find((r) => r.template === template)!.id, false);
    expect(await outcome('assign')).toEqual({ done: 'suppressed', code: 'unsubscribed' });
    expect(await outcome('acknowledge')).toMatchObject({ done: 'sent' });
    const received = await eventually(() =>
      smtp.to(contact.email).find((m) => m.subject.includes('pris en charge')),
    );
    expect(received.headers['list-unsubscribe']).toBe(`<${BASE}${path}>`);
    expect(smtp.to(contact.email).filter((m) => m.subject.includes('entreprise'))).toEqual([]);
  });
});
