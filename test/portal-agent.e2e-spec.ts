import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../libs/config/src/config.module';
import type { AppConfig } from '../libs/config/src/environment';
import { deriveToken } from '../libs/domain/src';
import { signedIn } from './support/app';
import {
  desktop,
  expectAccessible,
  screenshot,
  signInThroughPage,
  startPortal,
  stopPortal,
} from './support/browser';
import { createLandlord, fileComplaint } from './support/factory';
import type { TestLandlord } from './support/factory';

/** A day three weeks from now, `YYYY-MM-DD`: appointments must fall within the sane window (APPOINTMENT_LIMITS). */
const SOON = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);

// Front-desk agents and supervisors in a real Chromium with JavaScript off: the queue, intake by phone,
// the complaint page walked to closed through its forms, the contractors.

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let base: string;
let context: BrowserContext;
let overdueReference: string;
const http = () => request(app.getHttpServer());
const db = () => app.get(DataSource);

/** A complaint filed a month ago whose next stage is two days late. */
async function fileOverdue(overrides: Record<string, unknown> = {}): Promise<string> {
  const reference = await fileComplaint(app, landlord, overrides);
  await db().query(
    `UPDATE complaints SET created_at = now() - interval '30 days', next_due_at = now() - interval '2 days'
      WHERE reference = $1`,
    [reference.replace(/-/g, '')],
  );
  return reference;
}

async function signIn(page: Page, role: 'agent' | 'supervisor' | 'partner', next?: string) {
  const user = await signedIn(app, role, { landlordCodes: [landlord.code] });
  await signInThroughPage(page, base, user.email, { next });
  return user;
}

const mainText = async (page: Page) => (await page.textContent('main')) ?? '';

beforeAll(async () => {
  ({ app, base, landlord, browser } = await startPortal());
  overdueReference = await fileOverdue({ category: 'plumbing_leak', description: 'Fuite sous l’évier.' });
  await fileComplaint(app, landlord, { residenceCode: 'CIGALES', category: 'lift', channel: 'letter' });
});
beforeEach(async () => {
  context = await desktop(browser);
});
afterEach(() => context.close());
afterAll(() => stopPortal({ app, browser }));

describe('the queue', () => {
  it('lands the agent on the queue, overdue marked in words, filters kept in the form and the links', async () => {
    const page = await context.newPage();
    await signIn(page, 'agent');
    expect(new URL(page.url()).pathname).toBe('/agent');
    const firstRow = page.locator('tbody tr').first();
    // Ordered by the next due date: the late one comes first, and says so in words.
    expect(await firstRow.locator('th').textContent()).toBe(overdueReference);
    expect(await firstRow.locator('.badge.overdue').textContent()).toBe('En retard');
    expect(await mainText(page)).toMatch(/2 dossiers/);
    expect(await mainText(page)).toMatch(/dont 1 en retard/);
    await screenshot(page, 'agent-queue-fr');

    // The filters are folded away so the cases fill the first screen: open them as a person does.
    await page.click('details.filters-form > summary');
    await page.selectOption('#f-category', 'lift');
    await page.click('.filters-form button[type="submit"]');
    const url = new URL(page.url());
    expect(url.searchParams.get('category')).toBe('lift');
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.inputValue('#f-category')).toBe('lift');
    expect(await mainText(page)).toMatch(/1 dossier(?!s)/);

    await page.goto(`${base}/agent?overdue=true`);
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await page.locator('tbody tr th').textContent()).toBe(overdueReference);

    await page.goto(`${base}/agent?lang=en`);
    expect(await page.locator('tbody tr .badge.overdue').first().textContent()).toBe('Overdue');
    await screenshot(page, 'agent-queue-en');
    await expectAccessible(context, `${base}/agent`);
  });

  it('pages through a long queue with its filters, and refuses unknown filter values with a page', async () => {
    const other = await createLandlord(app);
    for (let i = 0; i < 27; i++) {
      await request(app.getHttpServer())
        .post('/api/v1/complaints')
        .set(other.as.agent)
        .send({
          landlordCode: other.code,
          category: 'pests',
          description: `Cafards, cage d’escalier ${i}.`,
          channel: 'front_desk',
          tenant: { name: 'T', phone: '06 12 34 56 78' },
        })
        .expect(201);
    }
    const first = await http().get('/agent?channel=front_desk').set(other.as.agent).expect(200);
    expect(first.text).toContain('Dossiers 1 à 25 sur 27');
    expect(first.text).toContain('href="/agent?channel=front_desk&amp;page=2"');
    const second = await http().get('/agent?channel=front_desk&page=2').set(other.as.agent).expect(200);
    expect(second.text).toContain('Dossiers 26 à 27 sur 27');
    const bad = await http().get('/agent?status=nowhere').set(other.as.agent).expect(400);
    expect(bad.headers['content-type']).toMatch(/text\/html/);
    expect(bad.text).toContain('Ce filtre n’est pas reconnu');
    expect(bad.text).toContain('Dossiers 1 à 25 sur 27');
  });

  it('marks an overdue complaint for a supervisor too; partners and anonymous visitors are kept out', async () => {
    const page = await context.newPage();
    await signIn(page, 'supervisor');
    expect(new URL(page.url()).pathname).toBe('/agent');
    const row = page.locator('tbody tr', { has: page.locator(`th:has-text("${overdueReference}")`) });
    expect(await row.locator('.badge.overdue').textContent()).toBe('En retard');
    await screenshot(page, 'agent-queue-supervisor-fr');
    await http().get('/agent').set(landlord.as.partner).expect(403);
    const anonymous = await http().get('/agent/complaints/ABCD-EFGH').expect(303);
    expect(anonymous.headers.location).toBe('/sign-in?next=%2Fagent%2Fcomplaints%2FABCD-EFGH');
  });

  it('counts per status and overdue through the JSON API too', async () => {
    const res = await http()
      .get(`/api/v1/complaints/counts?landlord=${landlord.code}`)
      .set(landlord.as.agent)
      .expect(200);
    expect(res.body.overdue).toBeGreaterThanOrEqual(1);
    expect(res.body.byStatus.received.total).toBe(res.body.total);
    const lifts = await http()
      .get('/api/v1/complaints/counts?category=lift')
      .set(landlord.as.agent)
      .expect(200);
    expect(lifts.body).toMatchObject({ total: 1, overdue: 0 });
    await http().get('/api/v1/complaints/counts?status=nowhere').set(landlord.as.agent).expect(400);
  });
});

describe('a complaint taken by phone and walked to closed', () => {
  it('intake keeps what was typed after an error, then the page’s forms take it to closed', async () => {
    const page = await context.newPage();
    await signIn(page, 'agent', '/agent/intake');
    expect(new URL(page.url()).pathname).toBe('/agent/intake');
    await page.check('#f-channel-0'); // phone
    await page.selectOption('#f-residenceCode', 'TILLEULS');
    await page.selectOption('#f-category', 'heating');
    await page.check('input[name="flags"][value="no_heating"]');
    await page.fill('#f-description', 'Radiateurs froids depuis samedi.');
    await page.fill('#f-tenant-phone', '12');
    await page.click('main form button[type="submit"]');
    expect(await page.textContent('.error-summary')).toContain('nom du locataire');
    expect(await page.textContent('#f-tenant-name-error')).toContain('Indiquez le nom');
    expect(await page.inputValue('#f-description')).toBe('Radiateurs froids depuis samedi.');
    expect(await page.isChecked('input[name="flags"][value="no_heating"]')).toBe(true);
    expect(await page.inputValue('#f-residenceCode')).toBe('TILLEULS');
    await screenshot(page, 'agent-intake-error-fr');
    await page.fill('#f-tenant-name', 'Paul Martin');
    await page.click('main form button[type="submit"]');
    // The phone the tenant gave is checked by the service: its message sits next to the field.
    expect(await page.textContent('#f-tenant-phone-error')).toContain('téléphone valide');
    expect(await page.inputValue('#f-tenant-name')).toBe('Paul Martin');
    await page.fill('#f-tenant-phone', '06 11 22 33 44');
    await page.click('main form button[type="submit"]');

    const path = new URL(page.url()).pathname;
    expect(path).toMatch(/^\/agent\/complaints\/[0-9A-Z]{4}-[0-9A-Z]{4}/);
    const reference = (await page.textContent('h1 .reference'))!;
    expect(await mainText(page)).toContain('Demande enregistrée');
    expect(await mainText(page)).toContain('Paul Martin');
    expect(await mainText(page)).toContain('+33611223344');
    expect(await mainText(page)).toContain('téléphone');
    await screenshot(page, 'agent-complaint-fr');
    await expectAccessible(context, `${base}${path}`);
    await page.goto(`${base}${path}?lang=en`);
    await screenshot(page, 'agent-complaint-en');
    await page.goto(`${base}${path}?lang=fr`);

    // Only what the table allows in `received` for an agent.
    expect(await page.locator('#action-acknowledge').count()).toBe(1);
    expect(await page.locator('#action-close').count()).toBe(0);
    expect(await page.locator('#action-check_works').count()).toBe(0);

    // A second tab keeps the old version to show the 409 later.
    const stale = await context.newPage();
    await stale.goto(`${base}${path}`);

    await page.fill('#f-acknowledge-publicText', 'Nous appelons le chauffagiste.');
    await page.click('#action-acknowledge button[type="submit"]');
    expect(await page.textContent('.notice.success')).toContain('pris en charge');
    expect(await page.textContent('dl.facts')).toContain('pris en charge');

    // The stale tab tries an internal note at version 1: refused, the current state shown, the text kept.
    await stale.click('details:has(#action-note) summary');
    await stale.fill('#f-note-text', 'Locataire rappelé à 10 h.');
    await stale.click('#action-note button[type="submit"]');
    expect(await stale.textContent('[role="alert"]')).toContain(
      'Ce dossier a changé pendant que vous le lisiez',
    );
    expect(await stale.textContent('[role="alert"]')).toContain('pris en charge');
    expect(await stale.inputValue('#f-note-text')).toBe('Locataire rappelé à 10 h.');
    await screenshot(stale, 'agent-complaint-stale-fr');
    // Sent again, now at the current version, it goes through.
    await stale.click('#action-note button[type="submit"]');
    expect(await stale.textContent('.notice.success')).toContain('nouveau message');
    expect(await stale.textContent('.timeline')).toContain('Locataire rappelé à 10 h.');
    expect(await stale.locator('.timeline .badge.internal').count()).toBeGreaterThan(0);
    await stale.close();

    // Assign without choosing: the problem is summed up at the top and sits by the field, then a
    // contractor is chosen.
    await page.goto(`${base}${path}`);
    await page.click('#action-assign button[type="submit"]');
    expect(await page.getAttribute('.error-summary a', 'href')).toBe('#f-assign-contractorId');
    expect(await page.textContent('#f-assign-contractorId-error')).toBeTruthy();
    await page.selectOption('#f-assign-contractorId', landlord.contractors[1]);
    await page.fill('#f-assign-appointment-start', `${SOON}T08:00`);
    await page.fill('#f-assign-appointment-end', `${SOON}T10:00`);
    await page.click('#action-assign button[type="submit"]');
    expect(await page.textContent('dl.facts')).toContain('Chauffage Nord');
    expect(await page.textContent('dl.facts')).toMatch(/de 08:00 à 10:00/);

    // The contractor reports from the work-order link (the JSON API).
    const [order]: { id: string }[] = await db().query(
      `SELECT w.id FROM work_orders w JOIN complaints c ON c.id = w.complaint_id
        WHERE c.reference = $1 AND w.revoked_at IS NULL`,
      [reference.replace(/-/g, '')],
    );
    const token = deriveToken(app.get<AppConfig>(APP_CONFIG).linkSecret, 'work-order', order.id);
    const version = Number(
      await page.getAttribute('#action-check_works input[name="expectedVersion"]', 'value'),
    );
    await http()
      .post(`/api/v1/work-orders/${token}/actions`)
      .send({ action: 'report_done', expectedVersion: version, text: 'Vanne remplacée.' })
      .expect(200);

    await page.goto(`${base}${path}`);
    await page.click('#action-check_works button[type="submit"]');
    expect(await page.textContent('dl.facts')).toContain('travaux vérifiés');
    await page.click('#action-close button[type="submit"]');
    expect(await page.textContent('#action-close .field-error')).toBeTruthy();
    await page.fill('#f-close-resolution', 'Chauffage rétabli, vanne remplacée.');
    await page.click('#action-close button[type="submit"]');
    expect(await page.textContent('dl.facts')).toContain('dossier clos');

    const timeline = (await page.textContent('.timeline'))!;
    for (const step of [
      'signalement enregistré',
      'pris en charge',
      'entreprise désignée',
      'travaux faits, à confirmer',
      'travaux vérifiés',
      'dossier clos',
    ]) {
      expect(timeline).toContain(step);
    }
    expect(timeline).toContain('Chauffage rétabli, vanne remplacée.');
    // Closed: only what the table allows an agent on a closed case.
    expect(await page.locator('#action-acknowledge, #action-assign, #action-close').count()).toBe(0);
    expect(await page.locator('#action-reopen').count()).toBe(1);
    // Each step's clock: met or missed in words.
    expect(await page.textContent('section[aria-labelledby="clocks-title"]')).toMatch(/tenu|dépassé/);
    await screenshot(page, 'agent-complaint-closed-fr');
  });

  it('answers bad and stale posts with pages, never 500; resends only failed or unclear messages', async () => {
    const reference = await fileComplaint(app, landlord);
    const post = (body: Record<string, string>) =>
      http().post(`/agent/complaints/${reference}/actions`).set(landlord.as.agent).type('form').send(body);
    const stale = await post({
      action: 'acknowledge',
      expectedVersion: '9',
      'acknowledge.publicText': 'Bonjour',
    }).expect(409);
    expect(stale.text).toContain('Ce dossier a changé');
    expect(stale.text).toContain('>Bonjour</textarea>');
    const wrong = await post({ action: 'close', expectedVersion: '1', 'close.resolution': 'Fini' }).expect(
      409,
    );
    expect(wrong.text).toContain('Cette action n’est plus possible');
    expect(wrong.text).toContain('Fini');
    await post({ action: 'fly', expectedVersion: '1' }).expect(400);
    await post({
      action: 'note',
      expectedVersion: 'x',
      'note.text': 'a',
      'note.visibility': 'internal',
    }).expect(400);
    await http().get('/agent/complaints/ZZZZ-ZZZZ').set(landlord.as.agent).expect(404);
    await http()
      .post(`/agent/complaints/${reference}/actions`)
      .set(landlord.as.federation_auditor)
      .type('form')
      .send({})
      .expect(403);

    const [message]: { id: string }[] = await db().query(
      `SELECT n.id FROM notifications n JOIN complaints c ON c.id = n.complaint_id WHERE c.reference = $1 LIMIT 1`,
      [reference.replace(/-/g, '')],
    );
    const resend = () =>
      http()
        .post(`/agent/complaints/${reference}/notifications/${message.id}/resend`)
        .set(landlord.as.agent)
        .type('form')
        .send({});
    const refused = await resend().expect(409);
    expect(refused.text).toContain('n’a pas été renvoyé');
    await db().query(
      `UPDATE notifications SET status = 'failed', error_code = 'invalid_number' WHERE id = $1`,
      [message.id],
    );
    const page = await http().get(`/agent/complaints/${reference}`).set(landlord.as.agent).expect(200);
    expect(page.text).toContain('invalid_number');
    expect(page.text).toContain(`/notifications/${message.id}/resend`);
    const done = await resend().expect(303);
    expect(done.headers.location).toContain('done=resent');
  });
});

describe('the contractors', () => {
  it('lists the landlord’s contractors', async () => {
    const page = await context.newPage();
    await signIn(page, 'agent', '/agent/contractors');
    expect(await page.textContent('table')).toContain('Plomberie Martin');
    expect(await page.textContent('table')).toContain('Chauffage Nord');
    await screenshot(page, 'agent-contractors-fr');
    await expectAccessible(context, `${base}/agent/contractors`);
    await expectAccessible(context, `${base}/agent/intake`);
  });
});
