import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../libs/config/src/config.module';
import type { AppConfig } from '../libs/config/src/environment';
import { deriveToken } from '../libs/domain/src';
import { signedIn } from './support/app';
import { screenshot, signInThroughPage, startPortal, stopPortal } from './support/browser';
import { createLandlord, fileComplaint, fileComplaintWithToken } from './support/factory';
import type { TestLandlord } from './support/factory';

// Issue 18 (M), item 2: the agent's complaint page in a real Chromium with JavaScript off, on a 1366×768
// office screen. The action to take next sits on the first screen after every reload; a refused action
// puts its problems at the top, in the page's language, with what was typed kept; and the page offers only
// actions that can succeed now.

/** A day three weeks from now, `YYYY-MM-DD`: inside the sane appointment window (APPOINTMENT_LIMITS). */
const SOON = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
const SCREEN = { width: 1366, height: 768 };

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let base: string;
let context: BrowserContext;
const http = () => request(app.getHttpServer());
const db = () => app.get(DataSource);

/** An office screen, JavaScript off, French first. */
const office = () => browser.newContext({ viewport: SCREEN, javaScriptEnabled: false, locale: 'fr-FR' });

async function signIn(page: Page, of: TestLandlord = landlord) {
  const user = await signedIn(app, 'agent', { landlordCodes: [of.code] });
  await signInThroughPage(page, base, user.email);
}

/** The complaint's current version, read through the JSON API. */
async function versionOf(reference: string, of: TestLandlord = landlord): Promise<number> {
  const res = await http().get(`/api/v1/complaints/${reference}`).set(of.as.agent).expect(200);
  return res.body.version as number;
}

/** Takes an action through the JSON API, as an agent of the landlord; `status` is the answer expected. */
async function act(
  reference: string,
  body: Record<string, unknown>,
  of: TestLandlord = landlord,
  status = 200,
) {
  return http()
    .post(`/api/v1/complaints/${reference}/transitions`)
    .set(of.as.agent)
    .send({ ...body, expectedVersion: await versionOf(reference, of) })
    .expect(status);
}

/** The contractor reports the works done through the work-order link. */
async function reportDone(reference: string) {
  const [order]: { id: string }[] = await db().query(
    `SELECT w.id FROM work_orders w JOIN complaints c ON c.id = w.complaint_id
      WHERE c.reference = $1 AND w.revoked_at IS NULL`,
    [reference.replace(/-/g, '')],
  );
  const token = deriveToken(app.get<AppConfig>(APP_CONFIG).linkSecret, 'work-order', order.id);
  await http()
    .post(`/api/v1/work-orders/${token}/actions`)
    .send({ action: 'report_done', expectedVersion: await versionOf(reference), text: 'Vanne remplacée.' })
    .expect(200);
}

/** The top and bottom of an element on the page (CSS px from the top of the document, not scrolled). */
async function box(page: Page, selector: string): Promise<{ top: number; bottom: number }> {
  const found = page.locator(selector);
  expect(await found.count()).toBe(1);
  return found.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top + window.scrollY, bottom: r.bottom + window.scrollY };
  });
}

/** The ids of the action forms the page offers (`action-<name>`), in page order. */
async function offered(page: Page): Promise<string[]> {
  return page.$$eval('form.action-form', (forms) => forms.map((f) => f.id.replace(/^action-/, '')));
}

/** The action form shown first (the one to take next), or null. */
async function first(page: Page): Promise<string | null> {
  return page
    .locator('section.next-step form.action-form')
    .evaluateAll((forms) => (forms.length ? forms[0].id.replace(/^action-/, '') : null));
}

/** The first form's heading and submit button both sit within the first 768 px. */
async function expectOnFirstScreen(page: Page, action: string) {
  expect(await first(page)).toBe(action);
  const form = await box(page, `#action-${action}`);
  const submit = await box(page, `#action-${action} button[type="submit"]`);
  expect(form.top).toBeLessThan(SCREEN.height);
  expect(submit.bottom).toBeLessThanOrEqual(SCREEN.height);
}

beforeAll(async () => {
  ({ app, base, landlord, browser } = await startPortal());
});
beforeEach(async () => {
  context = await office();
});
afterEach(() => context.close());
afterAll(() => stopPortal({ app, browser }));

describe('the action to take next', () => {
  it('is on the first screen at 1366×768 after every reload, from received to closed', async () => {
    const reference = await fileComplaint(app, landlord, {
      description: 'Radiateurs froids depuis samedi, trois enfants en bas âge.',
    });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${base}/agent/complaints/${reference}`);

    await screenshot(page, 'agent-complaint-next-fr');
    await expectOnFirstScreen(page, 'acknowledge');
    await page.click('#action-acknowledge button[type="submit"]');
    expect(await page.textContent('.notice.success')).toContain('pris en charge');

    await screenshot(page, 'agent-complaint-next-assign-fr');
    await expectOnFirstScreen(page, 'assign');
    await page.selectOption('#f-assign-contractorId', landlord.contractors[1]);
    await page.click('#action-assign button[type="submit"]');

    // Assigned with no appointment: booking one is next.
    await expectOnFirstScreen(page, 'schedule');
    await page.fill('#f-schedule-appointment-start', `${SOON}T08:00`);
    await page.fill('#f-schedule-appointment-end', `${SOON}T10:00`);
    await page.click('#action-schedule button[type="submit"]');

    // Booked: the contractor acts next; the page says so and still offers the visit record below.
    expect(await first(page)).toBeNull();
    expect(await page.textContent('section.next-step')).toContain('L’entreprise doit intervenir');
    expect(await offered(page)).toContain('check_works');

    await reportDone(reference);
    await page.goto(`${base}/agent/complaints/${reference}`);
    await expectOnFirstScreen(page, 'check_works');
    await page.click('#action-check_works button[type="submit"]');

    await expectOnFirstScreen(page, 'close');
    await page.fill('#f-close-resolution', 'Chauffage rétabli, vanne remplacée.');
    await page.click('#action-close button[type="submit"]');
    expect(await page.textContent('.notice.success')).toContain('clos');
    // Closed: nothing is expected; reopening stays possible below, on request.
    expect(await first(page)).toBeNull();
    expect(await offered(page)).toContain('reopen');
  });
});

describe('a refused action', () => {
  it('puts its problems at the top, in French, linked to the fields, with what was typed kept', async () => {
    const reference = await fileComplaint(app, landlord);
    await act(reference, { action: 'acknowledge' });
    await act(reference, { action: 'assign', contractorId: landlord.contractors[0] });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${base}/agent/complaints/${reference}`);
    await page.fill('#f-schedule-appointment-start', `${SOON}T10:00`);
    await page.fill('#f-schedule-appointment-end', `${SOON}T08:00`);
    await page.fill('#f-schedule-publicText', 'Le plombier passe jeudi matin.');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/actions')),
      page.click('#action-schedule button[type="submit"]'),
    ]);
    expect(response.status()).toBe(400);

    const summary = await box(page, '.error-summary');
    expect(summary.top).toBeLessThan(SCREEN.height);
    expect(summary.bottom).toBeLessThan(SCREEN.height);
    const said = (await page.textContent('.error-summary'))!;
    expect(said).toContain('Fin du rendez-vous');
    expect(said).toContain('La fin doit venir après le début');
    expect(await page.title()).toMatch(/^Erreur/);
    // The link leads to the field, whose own message says the same.
    const href = await page.getAttribute('.error-summary a', 'href');
    expect(href).toBe('#f-schedule-appointment-end');
    expect(await page.textContent('#f-schedule-appointment-end-error')).toContain('La fin doit venir');
    // No developer English anywhere in the page's main part.
    const main = (await page.textContent('main'))!;
    for (const english of [
      'must be',
      'appointment.start',
      'appointment.end',
      'Invalid input',
      'is required',
    ]) {
      expect(main).not.toContain(english);
    }
    // What was typed is still there, in the form shown first.
    expect(await first(page)).toBe('schedule');
    expect(await page.inputValue('#f-schedule-appointment-start')).toBe(`${SOON}T10:00`);
    expect(await page.inputValue('#f-schedule-appointment-end')).toBe(`${SOON}T08:00`);
    expect(await page.inputValue('#f-schedule-publicText')).toBe('Le plombier passe jeudi matin.');
    await screenshot(page, 'agent-complaint-refused-fr');

    // The same refusal on an English page is in English words, never the domain's sentence.
    await page.goto(`${base}/agent/complaints/${reference}?lang=en`);
    await page.fill('#f-schedule-appointment-start', `${SOON}T10:00`);
    await page.fill('#f-schedule-appointment-end', `${SOON}T08:00`);
    await page.click('#action-schedule button[type="submit"]');
    const english = (await page.textContent('.error-summary'))!;
    expect(english).toContain('The end must come after the start');
    expect(english).not.toContain('appointment.start');
    expect((await box(page, '.error-summary')).top).toBeLessThan(SCREEN.height);
  });

  it('is said in French for a refusal of a form the page shows further down', async () => {
    const reference = await fileComplaint(app, landlord);
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${base}/agent/complaints/${reference}?lang=fr`);
    // A note with no text: the note form is one of the other actions, below.
    await page.click('details:has(#action-note) summary');
    await page.click('#action-note button[type="submit"]');
    const summary = await box(page, '.error-summary');
    expect(summary.top).toBeLessThan(SCREEN.height);
    expect(await page.textContent('.error-summary')).toContain('Texte');
    expect(await page.textContent('.error-summary')).toContain('Ce champ est obligatoire');
    expect(await page.getAttribute('.error-summary a', 'href')).toBe('#f-note-text');
    // The refused form comes first, open, so its fields are next to the summary.
    expect(await first(page)).toBe('note');
  });
});

describe('only actions that can succeed now', () => {
  it('follows the lifecycle: nothing out of state, no works check before the works are ordered', async () => {
    const { reference, trackingToken } = await fileComplaintWithToken(app, landlord);
    const page = await context.newPage();
    await signIn(page);
    const actions = async () => {
      await page.goto(`${base}/agent/complaints/${reference}`);
      return offered(page);
    };
    // Received.
    let now = await actions();
    for (const never of [
      'assign',
      'schedule',
      'check_works',
      'reject_works',
      'close',
      'reassign',
      'reopen',
    ]) {
      expect(now).not.toContain(never);
    }
    expect(now).toContain('acknowledge');
    expect(now).not.toContain('report_done');
    // No review asked for: neither review step is offered.
    expect(now).not.toContain('acknowledge_review');
    expect(now).not.toContain('answer_review');

    // The tenant asks for a review: its acknowledgement comes first, then its answer, never both at once.
    await http()
      .post(`/api/v1/track/${trackingToken}/actions`)
      .send({
        action: 'escalate',
        reason: 'Personne ne répond.',
        expectedVersion: await versionOf(reference),
      })
      .expect(200);
    now = await actions();
    expect(await first(page)).toBe('acknowledge_review');
    expect(now).not.toContain('answer_review');
    await act(reference, { action: 'acknowledge_review' });
    now = await actions();
    expect(await first(page)).toBe('answer_review');
    expect(now).not.toContain('acknowledge_review');
    await act(reference, { action: 'answer_review', text: 'Nous intervenons cette semaine.' });
    now = await actions();
    expect(now).not.toContain('acknowledge_review');
    expect(now).not.toContain('answer_review');
    expect(await first(page)).toBe('acknowledge');

    // Works checked: close comes first; no second check, no reassignment.
    await act(reference, { action: 'acknowledge' });
    await act(reference, { action: 'assign', contractorId: landlord.contractors[0] });
    await act(reference, { action: 'check_works', visit: true });
    now = await actions();
    expect(await first(page)).toBe('close');
    for (const never of ['check_works', 'reject_works', 'reassign', 'schedule', 'assign', 'acknowledge']) {
      expect(now).not.toContain(never);
    }
  });

  it('offers no assignment without an active contractor, and no reassignment without another one', async () => {
    const other = await createLandlord(app);
    const reference = await fileComplaint(app, other);
    await act(reference, { action: 'acknowledge' }, other);
    await act(reference, { action: 'assign', contractorId: other.contractors[0] }, other);
    // The only other contractor leaves: a reassignment could only name the current one, which the domain
    // refuses.
    await db().query(`UPDATE contractors SET active = false WHERE id = $1`, [other.contractors[1]]);
    await act(
      reference,
      { action: 'reassign', contractorId: other.contractors[0], reason: 'Indisponible' },
      other,
      400,
    );
    const page = await context.newPage();
    await signIn(page, other);
    await page.goto(`${base}/agent/complaints/${reference}`);
    expect(await offered(page)).not.toContain('reassign');

    // A second complaint, acknowledged, once no contractor is active at all: no assignment is offered,
    // and the page says why.
    const waiting = await fileComplaint(app, other);
    await act(waiting, { action: 'acknowledge' }, other);
    await db().query(`UPDATE contractors SET active = false WHERE id = $1`, [other.contractors[0]]);
    await act(waiting, { action: 'assign', contractorId: other.contractors[0] }, other, 400);
    await page.goto(`${base}/agent/complaints/${waiting}`);
    expect(await offered(page)).not.toContain('assign');
    expect(await page.textContent('section.next-step')).toContain('Aucune entreprise active');

    // Back in service: the reassignment offers only the contractor not already in charge.
    await db().query(`UPDATE contractors SET active = true WHERE id = $1`, [other.contractors[1]]);
    await page.goto(`${base}/agent/complaints/${reference}`);
    expect(await offered(page)).toContain('reassign');
    const choices = await page.$$eval('#f-reassign-contractorId option', (os) =>
      os.map((o) => (o as HTMLOptionElement).value).filter(Boolean),
    );
    expect(choices).toEqual([other.contractors[1]]);
  });
});

describe('on a 320 px screen', () => {
  it('fits the width, with the action to take next before the facts and a refusal summed up at the top', async () => {
    const reference = await fileComplaint(app, landlord);
    const narrow = await browser.newContext({
      viewport: { width: 320, height: 640 },
      javaScriptEnabled: false,
      locale: 'fr-FR',
    });
    try {
      const page = await narrow.newPage();
      await signIn(page);
      await page.goto(`${base}/agent/complaints/${reference}`);
      const width = () => page.evaluate(() => document.documentElement.scrollWidth);
      expect(await width()).toBeLessThanOrEqual(320);
      expect(await first(page)).toBe('acknowledge');
      expect((await box(page, '#action-acknowledge')).top).toBeLessThan(
        (await box(page, 'section[aria-labelledby="facts-title"]')).top,
      );
      await screenshot(page, 'agent-complaint-320-fr');
      await page.click('details:has(#action-note) summary');
      await page.click('#action-note button[type="submit"]');
      expect((await box(page, '.error-summary')).top).toBeLessThan(640);
      expect(await page.textContent('.error-summary')).toContain('Ce champ est obligatoire');
      expect(await width()).toBeLessThanOrEqual(320);
    } finally {
      await narrow.close();
    }
  });
});

describe('a message that failed', () => {
  it('is said in the page’s words by its code, the provider’s English only as a technical detail', async () => {
    const reference = await fileComplaint(app, landlord);
    await db().query(
      `UPDATE notifications SET status = 'failed', error_code = 'twilio_21211', error = 'invalid number'
        WHERE id = (SELECT n.id FROM notifications n JOIN complaints c ON c.id = n.complaint_id
                     WHERE c.reference = $1 ORDER BY n.id LIMIT 1)`,
      [reference.replace(/-/g, '')],
    );
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${base}/agent/complaints/${reference}?lang=fr`);
    const messages = page.locator('section[aria-labelledby="messages-title"]');
    expect(await messages.textContent()).toContain('numéro invalide (twilio_21211)');
    // The provider's text is folded away, marked as such.
    expect(await messages.locator('details.provider-text summary').textContent()).toBe(
      'Texte du fournisseur',
    );
    expect(await messages.locator('details.provider-text span').isVisible()).toBe(false);
  });
});
