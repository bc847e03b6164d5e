import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { phone, startPortal, stopPortal } from './support/browser';
import { fileComplaintWithToken } from './support/factory';
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
