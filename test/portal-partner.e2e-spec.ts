import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { signedIn } from './support/app';
import {
  expectAccessible,
  phone,
  screenshot,
  signInThroughPage,
  startPortal,
  stopPortal,
} from './support/browser';
import { createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';
import { durationWords } from '../apps/api/src/portal/agent/partner.pages';

// A partner (social worker) files for a tenant and sees whether and when the landlord answered, in a real
// Chromium with JavaScript off.

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let base: string;
let context: BrowserContext;
const http = () => request(app.getHttpServer());

let partnerAuth: { Authorization: string } | undefined;
async function signInAsPartner(page: Page) {
  const user = await signedIn(app, 'partner', { partnerOrganisationId: landlord.partnerOrganisationId });
  partnerAuth = { Authorization: user.Authorization };
  await signInThroughPage(page, base, user.email);
}

/** Moves the acknowledgement deadline of a complaint to an hour ago (it was filed a day ago). */
async function pastAcknowledgementDeadline(reference: string) {
  await app.get(DataSource).query(
    `UPDATE complaints SET created_at = now() - interval '1 day',
              urgency = jsonb_set(urgency, '{due,acknowledge}', to_jsonb($2::text))
        WHERE reference = $1`,
    [reference.replace(/-/g, ''), new Date(Date.now() - 3_600_000).toISOString()],
  );
}

beforeAll(async () => {
  ({ app, base, landlord, browser } = await startPortal());
});
beforeEach(async () => {
  context = await phone(browser);
});
afterEach(() => context.close());
afterAll(() => stopPortal({ app, browser }));

describe('a partner', () => {
  it('files for a tenant with consent, sees "not answered yet", then the landlord’s response time', async () => {
    const page = await context.newPage();
    await signInAsPartner(page);
    expect(new URL(page.url()).pathname).toBe('/partners');
    expect(await page.textContent('main')).toContain('Aucun signalement');

    await page.click('a[href="/partners/file"]');
    // Everything typed before the residence search is still there after it (the search is a button of the
    // filing form itself, issue 18).
    await page.selectOption('#f-category', 'damp_mould');
    await page.check('input[name="flags"][value="damp_mould"]');
    await page.check('input[name="flags"][value="vulnerable_occupant"]');
    await page.fill('#f-description', 'Moisissures dans la chambre du bébé, constatées lors de la visite.');
    await page.fill('#f-tenant-name', 'Fatou Ndiaye');
    await page.fill('#f-tenant-phone', '06 98 76 54 32');
    await page.fill('#f-partner-caseReference', 'CCAS-2026-0412');
    await page.fill('#f-q', '59000');
    await page.click('button[name="op"][value="search"]');
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await page.inputValue('#f-q')).toBe('59000');
    expect(await page.inputValue('#f-category')).toBe('damp_mould');
    expect(await page.isChecked('input[name="flags"][value="vulnerable_occupant"]')).toBe(true);
    expect(await page.inputValue('#f-description')).toBe(
      'Moisissures dans la chambre du bébé, constatées lors de la visite.',
    );
    expect(await page.inputValue('#f-tenant-name')).toBe('Fatou Ndiaye');
    expect(await page.inputValue('#f-tenant-phone')).toBe('06 98 76 54 32');
    expect(await page.inputValue('#f-partner-caseReference')).toBe('CCAS-2026-0412');
    await page.selectOption('#f-place', `${landlord.code}/TILLEULS`);
    // Searching again keeps the residence chosen when it is still among those found.
    await page.click('button[name="op"][value="search"]');
    expect(await page.inputValue('#f-place')).toBe(`${landlord.code}/TILLEULS`);
    expect(await page.inputValue('#f-tenant-name')).toBe('Fatou Ndiaye');
    // Without the tenant's consent: refused, everything kept.
    await page.click('main form[method="post"] button.primary');
    expect(await page.textContent('.error-summary')).toContain('accord');
    expect(await page.inputValue('#f-description')).toBe(
      'Moisissures dans la chambre du bébé, constatées lors de la visite.',
    );
    expect(await page.inputValue('#f-place')).toBe(`${landlord.code}/TILLEULS`);
    expect(await page.inputValue('#f-partner-caseReference')).toBe('CCAS-2026-0412');
    expect(await page.isChecked('input[name="flags"][value="vulnerable_occupant"]')).toBe(true);
    await screenshot(page, 'partner-file-error-fr');
    await page.check('input[name="partner.tenantConsent"]');
    await page.click('main form[method="post"] button.primary');

    expect(new URL(page.url()).pathname).toMatch(/^\/partners\/complaints\//);
    const reference = (await page.textContent('h1 .reference'))!;
    expect(await page.textContent('main')).toContain('Signalement envoyé');
    // Just filed: the acknowledgement is due, not late — said in words, no red badge.
    expect(await page.textContent('main')).toContain('Prise en charge attendue avant le');
    expect(await page.locator('.badge.overdue').count()).toBe(0);
    await screenshot(page, 'partner-complaint-fr');

    await page.goto(`${base}/partners`);
    const row = page.locator('tbody tr', { has: page.locator(`th:has-text("${reference}")`) });
    expect(await row.textContent()).toContain('CCAS-2026-0412');
    expect(await row.textContent()).toContain('Prise en charge attendue avant le');
    expect(await row.locator('.badge.overdue').count()).toBe(0);
    // Once the acknowledgement deadline has passed with no acknowledgement, the report is flagged.
    await pastAcknowledgementDeadline(reference);
    await page.reload();
    expect(await row.locator('.badge.overdue').textContent()).toBe('Pas encore de réponse');
    expect(await row.textContent()).toContain('délai de prise en charge dépassé depuis le');
    await screenshot(page, 'partner-reports-fr');
    const api = await http().get('/api/v1/partner/complaints').set(partnerAuth!).expect(200);
    const listed = api.body.find((r: { reference: string }) => r.reference === reference);
    expect(listed.acknowledgement.kind).toBe('overdue');
    expect(listed.answered).toBe(false);

    await http()
      .post(`/api/v1/complaints/${reference}/transitions`)
      .set(landlord.as.agent)
      .send({ action: 'acknowledge', expectedVersion: 1 })
      .expect(200);
    await page.reload();
    expect(await row.locator('.badge.ok').textContent()).toBe('Répondu 1 jour après le dépôt');
    await page.click(`a[href="/partners/complaints/${reference}"]`);
    const timings = (await page.textContent('section[aria-labelledby="timings-title"]'))!;
    expect(timings).toContain('Prise en charge');
    expect(timings).toContain('1 jour');
    expect(timings).toContain('pas encore');
    expect(await page.textContent('.timeline')).toContain('pris en charge');
    // The partner sees the public view only: no tenant phone, no internal entries.
    expect(await page.textContent('main')).not.toContain('98 76');

    await expectAccessible(context, `${base}/partners`);
    await expectAccessible(context, `${base}/partners/complaints/${reference}`);
    await expectAccessible(context, `${base}/partners/file?q=59000`);
  });

  it('adds a note, records a visit finding and asks for a review for the tenant; a stale page gets a 409', async () => {
    const page = await context.newPage();
    await signInAsPartner(page);
    const filed = await http()
      .post('/api/v1/complaints')
      .set(partnerAuth!)
      .send({
        landlordCode: landlord.code,
        residenceCode: 'TILLEULS',
        category: 'heating',
        description: 'Radiateurs froids.',
        tenant: { name: 'Awa Sy', phone: '06 11 22 33 44' },
        partner: { tenantConsent: true },
      })
      .expect(201);
    const reference: string = filed.body.reference;
    const casePath = `/partners/complaints/${reference}`;
    await page.goto(`${base}${casePath}`);
    const actions = page.locator('section[aria-labelledby="actions-title"]');
    // Only what the case allows now: no reopening while it is open.
    expect(await actions.locator('summary').allTextContents()).toEqual([
      'Ajouter une note',
      'Enregistrer un constat de visite',
      'Demander un réexamen',
    ]);

    // Nothing written: refused beside the field and in the summary at the top, in French.
    await actions.locator('summary', { hasText: 'Enregistrer un constat de visite' }).click();
    const visitForm = page.locator(`form[action="${casePath}/visit"]`);
    await visitForm.locator('button').click();
    expect(new URL(page.url()).pathname).toBe(`${casePath}/visit`);
    expect(await page.textContent('.error-summary')).toContain('Écrivez quelques mots');
    expect(await page.textContent(`form[action="${casePath}/visit"] .field-error`)).toContain(
      'Écrivez quelques mots',
    );
    await page.fill(
      'textarea[name="visit.text"]',
      'Moisissures au plafond de la chambre, fenêtre qui ne ferme plus.',
    );
    await page.locator(`form[action="${casePath}/visit"] button`).click();
    expect(page.url()).toBe(`${base}${casePath}?done=visit`);
    expect(await page.textContent('main')).toContain('Votre constat de visite est enregistré');
    const history = page.locator('.timeline');
    expect(await history.textContent()).toContain('constat de visite au domicile');
    expect(await history.textContent()).toContain('Moisissures au plafond de la chambre');

    await actions.locator('summary', { hasText: 'Ajouter une note' }).click();
    await page.fill('textarea[name="note.text"]', 'La locataire est joignable le matin.');
    await page.locator(`form[action="${casePath}/note"] button`).click();
    expect(await page.textContent('main')).toContain('Votre note est enregistrée');

    // Someone else acts while the page is open: the partner's review request is refused with a 409, its
    // text kept, and the page shows the case as it stands now.
    await actions.locator('summary', { hasText: 'Demander un réexamen' }).click();
    await page.fill('textarea[name="escalate.text"]', 'Aucune intervention malgré le bébé.');
    await http()
      .post(`/api/v1/complaints/${reference}/transitions`)
      .set(landlord.as.agent)
      .send({ action: 'acknowledge', expectedVersion: 3 })
      .expect(200);
    const stale = page.waitForResponse((r) => r.url().endsWith('/escalate'));
    await page.locator(`form[action="${casePath}/escalate"] button`).click();
    expect((await stale).status()).toBe(409);
    expect(await page.textContent('.notice.warning')).toContain('Le dossier a changé');
    expect(await page.inputValue('textarea[name="escalate.text"]')).toBe(
      'Aucune intervention malgré le bébé.',
    );
    expect(await page.textContent('main')).toContain('Répondu');
    await page.locator(`form[action="${casePath}/escalate"] button`).click();
    expect(page.url()).toBe(`${base}${casePath}?done=escalate`);
    expect(await history.textContent()).toContain('réexamen demandé');

    // The landlord's agent and the tenant see the visit finding as such in their histories.
    const agentPage = await http().get(`/agent/complaints/${reference}`).set(landlord.as.agent).expect(200);
    expect(agentPage.text).toContain('constat de visite au domicile');
    const tenantView = await http().get(`/api/v1/track/${filed.body.trackingToken}`).expect(200);
    const finding = tenantView.body.timeline.find((e: { visit?: boolean }) => e.visit === true);
    expect(finding.text).toContain('Moisissures au plafond');
    const tracking = await http().get(`/t/${filed.body.trackingToken}`).expect(200);
    expect(tracking.text).toContain('constat de visite au domicile');

    // In English, the error and the summary are in English.
    await page.goto(`${base}${casePath}?lang=en`);
    await page.locator('summary', { hasText: 'Add a note' }).click();
    await page.locator(`form[action="${casePath}/note"] button`).click();
    expect(await page.textContent('.error-summary')).toContain('Write a few words.');
    await screenshot(page, 'partner-actions-error-en');
    await expectAccessible(context, `${base}${casePath}`);

    // An action no partner form offers is a 404; another organisation's report too.
    const other = await createLandlord(app);
    await http()
      .post(`${casePath}/close`)
      .set(partnerAuth!)
      .type('form')
      .send({ expectedVersion: '1' })
      .expect(404);
    await http()
      .post(`${casePath}/note`)
      .set(other.as.partner)
      .type('form')
      .send({ expectedVersion: '1', 'note.text': 'x' })
      .expect(404);
  });

  it('sees only its own organisation’s reports; staff and anonymous visitors are kept out', async () => {
    const other = await createLandlord(app);
    const filed = await http()
      .post('/api/v1/complaints')
      .set(other.as.partner)
      .send({
        landlordCode: other.code,
        category: 'heating',
        description: 'Plus de chauffage.',
        tenant: { name: 'X', phone: '06 12 34 56 78' },
        partner: { tenantConsent: true },
      })
      .expect(201);
    await http().get(`/partners/complaints/${filed.body.reference}`).set(landlord.as.partner).expect(404);
    await http().get(`/partners/complaints/${filed.body.reference}`).set(other.as.partner).expect(200);
    await http().get('/partners').set(landlord.as.agent).expect(403);
    const anonymous = await http().get('/partners/file').expect(303);
    expect(anonymous.headers.location).toBe('/sign-in?next=%2Fpartners%2Ffile');
    const refused = await http()
      .post('/partners/file')
      .set(landlord.as.partner)
      .type('form')
      .send({
        place: 'NOPE/NOPE',
        category: 'heating',
        description: 'abc',
        'tenant.name': 'Y',
        'partner.tenantConsent': 'yes',
      })
      .expect(400);
    expect(refused.text).toContain('Choisissez le logement du locataire');
  });

  it('Enter in the search box searches; Enter in any other field of the filled form files it', async () => {
    const page = await context.newPage();
    await signInAsPartner(page);
    await page.goto(`${base}/partners/file`);
    await page.fill('#f-tenant-name', 'Awa Traoré');
    // Enter in the search box, as people search: the residences are found, what was typed is kept.
    await page.fill('#f-q', '59000');
    await Promise.all([page.waitForNavigation(), page.press('#f-q', 'Enter')]);
    expect(new URL(page.url()).pathname).toBe('/partners/file');
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await page.locator(`#f-place option[value="${landlord.code}/TILLEULS"]`).count()).toBe(1);
    expect(await page.inputValue('#f-tenant-name')).toBe('Awa Traoré');
    await page.selectOption('#f-place', `${landlord.code}/TILLEULS`);
    await page.selectOption('#f-category', 'heating');
    await page.fill('#f-description', 'Plus de chauffage depuis trois jours.');
    await page.check('input[name="partner.tenantConsent"]');
    // Enter in the last text box: the form is filed, not searched again in silence.
    await page.fill('#f-partner-caseReference', 'CCAS-ENTER-1');
    await Promise.all([page.waitForNavigation(), page.press('#f-partner-caseReference', 'Enter')]);
    expect(new URL(page.url()).pathname).toMatch(/^\/partners\/complaints\//);
    expect(await page.textContent('main')).toContain('Signalement envoyé');
    // A new search typed then Enter still searches, even with a residence chosen below.
    await page.goto(`${base}/partners/file`);
    await page.fill('#f-q', '59000');
    await Promise.all([page.waitForNavigation(), page.press('#f-q', 'Enter')]);
    await page.selectOption('#f-place', `${landlord.code}/TILLEULS`);
    await page.fill('#f-tenant-name', 'Awa Traoré');
    await page.fill('#f-q', 'Tilleuls');
    await Promise.all([page.waitForNavigation(), page.press('#f-q', 'Enter')]);
    expect(new URL(page.url()).pathname).toBe('/partners/file');
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await page.inputValue('#f-q')).toBe('Tilleuls');
    expect(await page.inputValue('#f-tenant-name')).toBe('Awa Traoré');
  });

  it('says durations in words', () => {
    expect(durationWords(0.4, 'fr')).toBe('moins d’une heure');
    expect(durationWords(5, 'en')).toBe('5 hours');
    expect(durationWords(24, 'fr')).toBe('1 jour');
    expect(durationWords(75.2, 'fr')).toBe('3 jours et 3 heures');
  });
});
