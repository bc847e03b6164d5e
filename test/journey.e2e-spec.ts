import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { SmsWebhooksService } from '../libs/notifications/src';
import { randomIp, signedIn, uniqueCode } from './support/app';
import { phone, startPortal, stopPortal } from './support/browser';
import { complaintBody, fileComplaintWithToken } from './support/factory';
import type { TestLandlord } from './support/factory';

// Issue 14 (J): a tenant journey that cannot mislead — what the pages offer follows from the transition
// table's guards. Real Chromium, JavaScript off, 360 px.

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let base: string;
let tenant: BrowserContext;
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  ({ app, base, landlord, browser } = await startPortal());
  tenant = await phone(browser);
});
afterAll(async () => {
  await tenant.close();
  await stopPortal({ app, browser });
});

async function transition(reference: string, body: Record<string, unknown>, status = 200) {
  const res = await http()
    .post(`/api/v1/complaints/${reference}/transitions`)
    .set(landlord.as.agent)
    .send(body);
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  return res.body as { version: number; workOrderUrl?: string; workOrderToken?: string };
}

async function assigned() {
  const filed = await fileComplaintWithToken(app, landlord, { category: 'locks_security' });
  await transition(filed.reference, { action: 'acknowledge', expectedVersion: 1 });
  const res = await transition(filed.reference, {
    action: 'assign',
    expectedVersion: 2,
    contractorId: landlord.contractors[0],
  });
  const workOrder = String(res.workOrderUrl ?? res.workOrderToken)
    .split('/')
    .pop()!;
  return { ...filed, workOrder };
}

describe('J1: works confirmed or contested only once reported (or on a staff visit)', () => {
  it('assign → the tenant cannot confirm (409, no button) → report_done → the tenant confirms', async () => {
    const { reference, trackingToken, workOrder } = await assigned();
    const page = await tenant.newPage();
    await page.goto(`${base}/t/${trackingToken}`);
    expect(await page.locator('form[action$="/check_works"]').count()).toBe(0);
    expect(await page.locator('form[action$="/reject_works"]').count()).toBe(0);
    // Neither the JSON API nor a hand-made form post can do what the page does not offer.
    const api = await http()
      .post(`/api/v1/track/${trackingToken}/actions`)
      .send({ action: 'check_works', expectedVersion: 3 });
    expect(api.status).toBe(409);
    const contest = await http()
      .post(`/api/v1/track/${trackingToken}/actions`)
      .send({ action: 'reject_works', expectedVersion: 3, reason: 'nobody came' });
    expect(contest.status).toBe(409);
    const form = await http()
      .post(`/t/${trackingToken}/check_works`)
      .type('form')
      .send({ expectedVersion: '3' });
    expect(form.status).toBe(409);
    expect(form.text).toContain('pas encore déclaré les travaux faits');
    // Staff are not offered a plain confirm either: only the record of a visit.
    const detail = await http().get(`/api/v1/complaints/${reference}`).set(landlord.as.agent).expect(200);
    expect(detail.body).toMatchObject({
      worksReported: false,
      visitOnlyActions: ['check_works', 'reject_works'],
    });
    await transition(reference, { action: 'check_works', expectedVersion: 3 }, 409);

    await http()
      .post(`/api/v1/work-orders/${workOrder}/actions`)
      .send({ action: 'report_done', expectedVersion: 3, text: 'Serrure changée' })
      .expect(200);
    const after = await http().get(`/api/v1/complaints/${reference}`).set(landlord.as.agent).expect(200);
    expect(after.body).toMatchObject({ worksReported: true, visitOnlyActions: [] });
    await page.goto(`${base}/t/${trackingToken}`);
    await page.click('form[action$="/check_works"] button');
    expect(new URL(page.url()).searchParams.get('done')).toBe('check_works');
    expect(await page.textContent('dl.facts')).toContain('travaux vérifiés');
    await page.close();
  });

  it('a staff visit before any report is recorded as such and completes the intervention', async () => {
    const { reference } = await assigned();
    await transition(reference, { action: 'check_works', expectedVersion: 3, visit: true });
    const detail = await http().get(`/api/v1/complaints/${reference}`).set(landlord.as.agent).expect(200);
    expect(detail.body.status).toBe('works_checked');
    expect(detail.body.timeline.at(-1).payload).toEqual({ checkedBy: 'agent', visit: true });
    const intervene = detail.body.clocks.find((c: { stage: string }) => c.stage === 'intervene');
    if (intervene) expect(intervene.doneAt).not.toBeNull();
  });

  it('a contested report must be reported again before the tenant can confirm', async () => {
    const { trackingToken, workOrder } = await assigned();
    await http()
      .post(`/api/v1/work-orders/${workOrder}/actions`)
      .send({ action: 'report_done', expectedVersion: 3 })
      .expect(200);
    await http()
      .post(`/api/v1/track/${trackingToken}/actions`)
      .send({ action: 'reject_works', expectedVersion: 4, reason: 'La porte ne ferme toujours pas' })
      .expect(200);
    const again = await http()
      .post(`/api/v1/track/${trackingToken}/actions`)
      .send({ action: 'check_works', expectedVersion: 5 });
    expect(again.status).toBe(409);
  });

  it('the agent page offers confirm/contest before a report only as the record of a visit', async () => {
    const { reference } = await assigned();
    const res = await http().get(`/agent/complaints/${reference}`).set(landlord.as.agent).expect(200);
    expect(res.text).toContain('Enregistrer une visite : travaux vérifiés sur place');
    expect(res.text).toMatch(/name="check_works\.visit" value="true"/);
  });
});

describe('J9: reopening offered only within its window; a closed case shows its outcome first', () => {
  async function closed() {
    const filed = await fileComplaintWithToken(app, landlord);
    await transition(filed.reference, { action: 'acknowledge', expectedVersion: 1 });
    await transition(filed.reference, {
      action: 'close_without_works',
      expectedVersion: 2,
      closeReason: 'duplicate',
      reason: 'Même problème que le dossier déjà ouvert pour votre immeuble.',
    });
    return filed;
  }

  it('says until when it can be reopened, in the landlord’s time zone, before the facts', async () => {
    const filed = await closed();
    const page = await tenant.newPage();
    await page.goto(`${base}/t/${filed.trackingToken}`);
    const outcome = (await page.textContent('section.outcome'))!;
    expect(outcome).toContain('Même problème que le dossier déjà ouvert');
    expect(outcome).toContain('vous pouvez rouvrir ce dossier jusqu’au');
    // The outcome comes before the facts list.
    const order = await page.evaluate(() => {
      const o = document.querySelector('section.outcome');
      const f = document.querySelector('dl.facts');
      return !!o && !!f && !!(o.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING);
    });
    expect(order).toBe(true);
    expect(await page.locator('form[action$="/reopen"]').count()).toBe(1);
    await page.close();
  });

  it('after the window: no reopen form, the page says when it ended', async () => {
    const filed = await closed();
    await app
      .get(DataSource)
      .query(`UPDATE complaints SET closed_at = '2026-01-05T23:30:00Z' WHERE reference = $1`, [
        filed.reference.replace(/-/g, ''),
      ]);
    const page = await tenant.newPage();
    await page.goto(`${base}/t/${filed.trackingToken}`);
    expect(await page.locator('form[action$="/reopen"]').count()).toBe(0);
    // 30 days after 5 January 23:30 UTC is 5 February 00:30 in Paris.
    expect(await page.textContent('section.outcome')).toMatch(/a pris fin le jeu\. 5 février à 00:30/);
    await page.close();
  });
});

describe('J5: references people can dictate', () => {
  it('/follow accepts typographic variants, and a wrong check character is "re-check", not an attempt', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const [a, b, c] = filed.reference.split('-');
    // Full-width letters, an en dash, a no-break space, lower case.
    const fullWidth = (t: string) =>
      [...t].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
    const typed = `${fullWidth(a)}\u2013${b.toLowerCase()}\u00a0${c}`;
    const ok = await http()
      .post('/api/v1/track/lookup')
      .set('X-Forwarded-For', randomIp())
      .send({ reference: typed, verifier: '5678' });
    expect(ok.status).toBe(200);

    // Ten wrong check characters in a row: each says "re-check" (400 naming the field), none locks.
    const data = filed.reference.replace(/-/g, '').slice(0, 12);
    const wrongChecks = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
      .split('')
      .map((ch) => data + ch)
      .filter((ref) => ref !== filed.reference.replace(/-/g, ''));
    let rechecks = 0;
    for (const wrong of wrongChecks.slice(0, 12)) {
      const res = await http()
        .post('/api/v1/track/lookup')
        .set('X-Forwarded-For', randomIp())
        .send({ reference: wrong, verifier: '5678' });
      // A wrong symbol can (1 time in 37) pass the old scheme: then it is an unknown reference (404).
      expect([400, 404]).toContain(res.status);
      if (res.status === 400) {
        rechecks += 1;
        expect(res.body.fields?.[0]?.field ?? JSON.stringify(res.body)).toContain('reference');
      }
    }
    expect(rechecks).toBeGreaterThanOrEqual(10);
    // Leaving the check character out is a re-check too.
    const missing = await http()
      .post('/api/v1/track/lookup')
      .set('X-Forwarded-For', randomIp())
      .send({ reference: `${a} ${b} ${c.slice(0, 4)}`, verifier: '5678' });
    expect(missing.status).toBe(400);
    // None of it counted: the right reference still opens.
    await http()
      .post('/api/v1/track/lookup')
      .set('X-Forwarded-For', randomIp())
      .send({ reference: filed.reference, verifier: '5678' })
      .expect(200);
  });

  it('the /follow page says so next to the field, and shows a real-length example', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const page = await tenant.newPage();
    await page.goto(`${base}/follow`);
    expect(await page.textContent('main')).toMatch(/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{5}/);
    await page.fill('#f-reference', filed.reference.slice(0, -1));
    await page.fill('#f-verifier', '5678');
    await page.click('main form button');
    expect(await page.textContent('main')).toContain('Relisez votre référence');
    await page.fill('#f-reference', filed.reference.toLowerCase().replace(/-/g, '\u2014'));
    await page.fill('#f-verifier', '5678');
    await page.click('main form button');
    expect(new URL(page.url()).pathname).toMatch(/^\/t\//);
    // The heading never breaks the reference on a 360 px phone: it stays on one line.
    const box = await page.locator('h1 .reference').boundingBox();
    expect(box!.height).toBeLessThan(50);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.close();
  });
});

describe('J6 + G8: phones read in the landlord’s region; SMS only to mobiles', () => {
  let reunion: string;
  let agent: { Authorization: string };
  beforeAll(async () => {
    const platform = await signedIn(app, 'platform_admin');
    reunion = uniqueCode('RUN');
    await http()
      .post('/api/v1/landlords')
      .set(platform)
      .send({
        code: reunion,
        name: `SHLMR ${reunion}`,
        timezone: 'Indian/Reunion',
        country: 'FR',
        region: 'reunion',
      })
      .expect(201);
    agent = { Authorization: (await signedIn(app, 'agent', { landlordCodes: [reunion] })).Authorization };
  });
  const file = (tenantContact: Record<string, unknown>) =>
    http()
      .post('/api/v1/complaints')
      .set(agent)
      .send({
        ...complaintBody(landlord),
        landlordCode: reunion,
        residenceCode: undefined,
        tenant: tenantContact,
      });

  it('stores a Réunion tenant’s 0692 12 34 56 as +262692123456 and answers their texted status', async () => {
    const filed = await file({ name: 'Mme Payet', phone: '0692 12 34 56', preferredChannel: 'sms' }).expect(
      201,
    );
    const detail = await http().get(`/api/v1/complaints/${filed.body.reference}`).set(agent).expect(200);
    expect(detail.body.tenant.phone).toBe('+262692123456');
    const sms = app.get(SmsWebhooksService);
    const sid = () => `SM${Math.random().toString(16).slice(2).padEnd(32, '0')}`.slice(0, 34);
    for (const body of [
      `Statut : ${filed.body.reference}`,
      `${filed.body.reference.toLowerCase()} 🙂`,
      `Bonjour, où en est mon dossier ${filed.body.reference.replace(/-/g, ' ')} ? Merci`,
    ]) {
      const answer = await sms.inbound({ messageSid: sid(), from: '+262692123456', body });
      expect({ body, effect: answer.effect }).toEqual({ body, effect: 'status' });
      expect(answer.reply).toContain(filed.body.reference);
    }
    // Another phone: the unknown-number reply, one segment.
    const stranger = await sms.inbound({
      messageSid: sid(),
      from: '+33699999999',
      body: `STATUT ${filed.body.reference}`,
    });
    expect(stranger.effect).toBe('unknown');
    expect(stranger.reply!.length).toBeLessThanOrEqual(160);
  });

  it('refuses SMS to a landline (400 naming tenant.phone) and keeps a landline for calls', async () => {
    const refused = await file({ name: 'M. Hoarau', phone: '0262 12 34 56', preferredChannel: 'sms' }).expect(
      400,
    );
    expect(JSON.stringify(refused.body)).toContain('tenant.phone');
    expect(JSON.stringify(refused.body)).toContain('landline');
    const kept = await file({
      name: 'M. Hoarau',
      phone: '0262 12 34 56',
      email: 'hoarau@example.org',
    }).expect(201);
    const detail = await http().get(`/api/v1/complaints/${kept.body.reference}`).set(agent).expect(200);
    expect(detail.body.tenant).toMatchObject({ phone: '+262262123456', preferredChannel: 'email' });
  });
});

describe('J8: residence search ignores accents, case and hyphens', () => {
  it('finds Résidence Les Écureuils at Saint-Denis by "residence ecureuils" and "saint denis"', async () => {
    const admin = landlord.as.landlord_admin;
    const postcode = `97${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
    await http()
      .post(`/api/v1/landlords/${landlord.code}/residences`)
      .set(admin)
      .send({
        code: 'ECUREUILS',
        name: 'Résidence Les Écureuils',
        agencyCode: 'NORD',
        address: '3 allée des Œillets',
        postcode,
        city: 'Saint-Denis',
        homesCount: 40,
      })
      .expect(201);
    for (const q of [
      'residence ecureuils',
      'RÉSIDENCE',
      `saint denis ${postcode}`,
      `st-denis ${postcode}`.replace('st', 'saint'),
      'oeillets ecureuils',
    ]) {
      const res = await http().get('/api/v1/residences').query({ q }).expect(200);
      expect({
        q,
        found: res.body.some((r: { residenceCode: string }) => r.residenceCode === 'ECUREUILS'),
      }).toEqual({
        q,
        found: true,
      });
    }
  });
});
