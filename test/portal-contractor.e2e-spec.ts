import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signedIn } from './support/app';
import {
  expectAccessible,
  phone,
  screenshot,
  signInThroughPage,
  startPortal,
  stopPortal,
} from './support/browser';
import { fileComplaintWithToken } from './support/factory';
import type { TestLandlord } from './support/factory';

// Issue 18, item M6: the contractor's work order says what is left to do and offers only what can succeed
// now; an ended order is explained (410), not a 404; a contractor who signs in lands on their own orders.
// In a real Chromium on a phone (JavaScript off), at 360 and 320 CSS px.

/** A day three weeks from now, `YYYY-MM-DD`: appointments must fall within the sane window. */
const SOON = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let base: string;
let contractor: BrowserContext;
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  ({ app, base, landlord, browser } = await startPortal());
  contractor = await phone(browser);
});
afterAll(async () => {
  await contractor.close();
  await stopPortal({ app, browser });
});

async function transition(reference: string, body: Record<string, unknown>) {
  const current = await http().get(`/api/v1/complaints/${reference}`).set(landlord.as.agent).expect(200);
  const res = await http()
    .post(`/api/v1/complaints/${reference}/transitions`)
    .set(landlord.as.agent)
    .send({ expectedVersion: current.body.version, ...body });
  expect(res.status).toBe(200);
  return res.body as { version: number; workOrderUrl?: string };
}

async function tenantAct(trackingToken: string, body: Record<string, unknown>) {
  const view = await http().get(`/api/v1/track/${trackingToken}`).expect(200);
  await http()
    .post(`/api/v1/track/${trackingToken}/actions`)
    .send({ expectedVersion: view.body.version, ...body })
    .expect(200);
}

/** Files a heating complaint and assigns it to `contractorIndex`: the complaint and its work-order path. */
async function assignedOrder(contractorIndex = 0, overrides: Record<string, unknown> = {}) {
  const filed = await fileComplaintWithToken(app, landlord, overrides);
  await transition(filed.reference, { action: 'acknowledge' });
  const assigned = await transition(filed.reference, {
    action: 'assign',
    contractorId: landlord.contractors[contractorIndex],
  });
  return { ...filed, path: new URL(assigned.workOrderUrl!).pathname };
}

/** No sideways scroll at `width` CSS px (measured where scripts run: the page itself has none). */
async function expectNoSidewaysScroll(url: string, width: number, from: BrowserContext = contractor) {
  const measure = await browser.newContext({
    viewport: { width, height: 640 },
    storageState: await from.storageState(),
  });
  try {
    const page = await measure.newPage();
    await page.goto(url);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  } finally {
    await measure.close();
  }
}

const formOf = (page: Page, action: string) => page.locator(`form[action$="/${action}"]`);
const stageText = async (page: Page) => (await page.textContent('.work-stage'))!;

describe('the work order offers only what can succeed now, at every stage', () => {
  it('books, reports, waits for the check, is contested, is redone and checked', async () => {
    const order = await assignedOrder();
    const w = await contractor.newPage();

    // Before booking: book a slot or report the works.
    await w.goto(`${base}${order.path}?lang=fr`);
    expect(await w.getAttribute('.work-stage p', 'data-stage')).toBe('to_book');
    expect(await stageText(w)).toContain('fixer un rendez-vous');
    expect(await formOf(w, 'schedule').count()).toBe(1);
    expect(await formOf(w, 'report_done').count()).toBe(1);

    // Booked: the slot can still be moved, the works reported.
    await w.fill('#f-schedule-date', SOON);
    await w.fill('#f-schedule-start', '08:00');
    await w.fill('#f-schedule-end', '10:00');
    await w.click('form[action$="/schedule"] button[type="submit"]');
    expect(new URL(w.url()).searchParams.get('done')).toBe('schedule');
    expect(await w.getAttribute('.work-stage p', 'data-stage')).toBe('booked');
    expect(await formOf(w, 'report_done').count()).toBe(1);

    // Reported: what is left is the others' check; no booking, no second report, a note still possible.
    await w.fill('#f-report_done-text', 'Circulateur remplacé.');
    await w.click('form[action$="/report_done"] button[type="submit"]');
    expect(new URL(w.url()).searchParams.get('done')).toBe('report_done');
    expect(await w.getAttribute('.work-stage p', 'data-stage')).toBe('reported');
    const reported = await stageText(w);
    expect(reported).toContain('Travaux déclarés faits le');
    expect(reported).toContain('En attente de la vérification par le locataire ou le bailleur');
    expect(await formOf(w, 'schedule').count()).toBe(0);
    expect(await formOf(w, 'report_done').count()).toBe(0);
    expect(await formOf(w, 'note').count()).toBe(1);
    expect(await w.textContent('main')).toContain('Vous pouvez encore écrire au bailleur.');
    expect(await w.textContent('main')).toContain(`Contactez Bailleur ${landlord.code}`);
    await screenshot(w, 'contractor-work-order-reported-fr');
    await expectAccessible(contractor, w.url());
    for (const width of [360, 320]) await expectNoSidewaysScroll(w.url(), width);
    await w.goto(`${base}${order.path}?lang=en`);
    expect(await stageText(w)).toContain('Waiting for the tenant’s or the landlord’s check');

    // What the page no longer offers, the server refuses too (one rule): a stale form gets a 409.
    const view = await http()
      .get(`/api/v1/work-orders/${order.path.slice(3)}`)
      .expect(200);
    expect(view.body.actions).toEqual(['note']);
    const again = await http()
      .post(`${order.path}/report_done`)
      .type('form')
      .send({ expectedVersion: String(view.body.version), 'report_done.text': 'Encore' })
      .expect(409);
    expect(again.text).not.toContain('action="' + order.path + '/report_done"');
    await http()
      .post(`/api/v1/work-orders/${order.path.slice(3)}/actions`)
      .send({
        action: 'schedule',
        expectedVersion: view.body.version,
        appointment: { start: `${SOON}T08:00:00Z`, end: `${SOON}T09:00:00Z` },
      })
      .expect(409);

    // Contested: back to do, booking and reporting again.
    await tenantAct(order.trackingToken, { action: 'reject_works', reason: 'Toujours froid' });
    await w.goto(`${base}${order.path}?lang=fr`);
    expect(await w.getAttribute('.work-stage p', 'data-stage')).toBe('rework');
    expect(await stageText(w)).toContain('Travaux contestés le');
    expect(await formOf(w, 'schedule').count()).toBe(1);
    expect(await formOf(w, 'report_done').count()).toBe(1);
    await w.click('form[action$="/report_done"] button[type="submit"]');
    expect(await w.getAttribute('.work-stage p', 'data-stage')).toBe('reported');

    // Checked: the landlord closes; nothing left but a note.
    await tenantAct(order.trackingToken, { action: 'check_works' });
    await w.goto(`${base}${order.path}?lang=fr`);
    expect(await w.getAttribute('.work-stage p', 'data-stage')).toBe('checked');
    expect(await stageText(w)).toContain('Travaux vérifiés le');
    expect(await formOf(w, 'schedule').count()).toBe(0);
    expect(await formOf(w, 'report_done').count()).toBe(0);
    await w.close();
  }, 180_000);
});

describe('an ended work order is explained, not a 404', () => {
  it('says when and by whom a closed order was closed, with no tenant data, in French and English', async () => {
    const order = await assignedOrder(0, { shareContactWithContractor: true });
    const w = await contractor.newPage();
    await w.goto(`${base}${order.path}?lang=fr`);
    // What the contractor saw while the order was theirs.
    expect(await w.textContent('main')).toContain('Amina');
    await w.click('form[action$="/report_done"] button[type="submit"]');
    await tenantAct(order.trackingToken, { action: 'check_works' });
    await transition(order.reference, { action: 'close', resolution: 'Chaudière réparée' });

    const response = await w.goto(`${base}${order.path}?lang=fr`);
    expect(response!.status()).toBe(410);
    const main = (await w.textContent('main'))!;
    expect(await w.getAttribute('.work-stage p', 'data-ended')).toBe('closed');
    expect(main).toContain(order.reference);
    expect(main).toMatch(
      /Ce dossier a été clos le \S+ \d+ \S+ \d{4} par le bailleur \(chargé de clientèle\)\./,
    );
    expect(main).toContain('Plus rien à faire pour vous');
    expect(main).toContain(`Contactez Bailleur ${landlord.code}`);
    expect(main).toContain('Les Tilleuls');
    // Nothing about the tenant, the home or what was written.
    for (const secret of [
      'Amina',
      'Diallo',
      '06 12',
      '+33',
      'Bât. A',
      'Plus de chauffage',
      'Chaudière réparée',
    ])
      expect(main).not.toContain(secret);
    expect(await w.locator('main form').count()).toBe(0);
    await screenshot(w, 'contractor-work-order-closed-fr');
    await expectAccessible(contractor, w.url());
    for (const width of [360, 320]) await expectNoSidewaysScroll(w.url(), width);
    await w.goto(`${base}${order.path}?lang=en`);
    expect(await w.textContent('main')).toContain('This case was closed on');
    expect(await w.textContent('main')).toContain('Nothing left to do for you');

    // A post from a page left open is answered the same way; an unknown token stays a 404.
    await http().post(`${order.path}/note`).type('form').send({ 'note.text': 'x' }).expect(410);
    await http()
      .get(`/w/${'x'.repeat(43)}`)
      .expect(404);
    await w.close();
  }, 180_000);

  it('says an order given to another contractor was withdrawn, without naming them', async () => {
    const order = await assignedOrder();
    await transition(order.reference, {
      action: 'reassign',
      contractorId: landlord.contractors[1],
      reason: 'Second avis',
    });
    const w = await contractor.newPage();
    const response = await w.goto(`${base}${order.path}?lang=fr`);
    expect(response!.status()).toBe(410);
    expect(await w.getAttribute('.work-stage p', 'data-ended')).toBe('reassigned');
    const main = (await w.textContent('main'))!;
    expect(main).toContain('confié à une autre entreprise');
    expect(main).toContain(order.reference);
    expect(main).not.toContain('Chauffage Nord');
    expect(main).not.toContain('Second avis');
    await w.close();
  }, 180_000);
});

describe('a contractor with an account', () => {
  it('lands on their own open orders after signing in, closed ones apart, never another contractor’s', async () => {
    const mine = await assignedOrder(0, { residenceCode: 'CIGALES', category: 'plumbing_leak' });
    const theirs = await assignedOrder(1);
    const done = await assignedOrder(0);
    await http()
      .post(`/api/v1/work-orders/${done.path.slice(3)}/actions`)
      .send({ action: 'report_done', expectedVersion: 3 })
      .expect(200);
    await tenantAct(done.trackingToken, { action: 'check_works' });
    await transition(done.reference, { action: 'close', resolution: 'Fait' });

    const account = await signedIn(app, 'contractor', {
      landlordCodes: [landlord.code],
      contractorId: landlord.contractors[0],
    });
    const context = await phone(browser);
    try {
      const page = await context.newPage();
      await signInThroughPage(page, base, account.email);
      expect(new URL(page.url()).pathname).toBe('/contractor');
      expect(await page.textContent('h1')).toBe('Mes bons d’intervention');
      const open = (await page.textContent('#open-orders'))!;
      expect(open).toContain(mine.reference);
      expect(open).toContain('2 av. des Cigales');
      expect(open).toContain('Fuite');
      expect(open).toContain('Urgence');
      expect(open).toContain('Prochaine échéance');
      expect(open).not.toContain(theirs.reference);
      expect(open).not.toContain(done.reference);
      expect(await page.textContent('#closed-orders')).toContain(done.reference);
      expect(await page.textContent('main')).not.toContain(theirs.reference);
      // No tenant data in the list.
      expect(await page.textContent('main')).not.toContain('Amina');
      await screenshot(page, 'contractor-orders-fr');
      await expectAccessible(context, page.url());
      for (const width of [360, 320]) await expectNoSidewaysScroll(page.url(), width, context);

      // Each order opens its work-order page.
      await page.click(`#open-orders a[aria-label$="${mine.reference}"]`);
      expect(new URL(page.url()).pathname).toBe(mine.path);
      expect(await page.getAttribute('.work-stage p', 'data-stage')).toBe('to_book');
      // Signed in, the contractor's session cookie goes with the order's forms: they must still work (the
      // session's CSRF token travels in the form). Before, this answered 403 CSRF.
      const [reported] = await Promise.all([
        page.waitForNavigation(),
        page.click('form[action$="/report_done"] button[type="submit"]'),
      ]);
      expect(reported!.status()).toBe(200);
      expect(await page.getAttribute('.work-stage p', 'data-stage')).toBe('reported');
      await page.goto(`${base}/contractor?lang=en`);
      expect(await page.textContent('h1')).toBe('My work orders');
    } finally {
      await context.close();
    }

    // The list is the contractor's own: staff and the anonymous are turned away.
    await http().get('/contractor').set(landlord.as.agent).expect(403);
    const anonymous = await http().get('/contractor');
    expect([302, 303, 401]).toContain(anonymous.status);
  }, 180_000);
});
