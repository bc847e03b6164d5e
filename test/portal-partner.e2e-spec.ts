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

async function signInAsPartner(page: Page) {
  const user = await signedIn(app, 'partner', { partnerOrganisationId: landlord.partnerOrganisationId });
  await signInThroughPage(page, base, user.email);
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
    await page.fill('#f-q', '59000');
    await page.click('form[role="search"] button[type="submit"]');
    expect(new URL(page.url()).searchParams.get('q')).toBe('59000');
    await page.selectOption('#f-place', `${landlord.code}/TILLEULS`);
    await page.selectOption('#f-category', 'damp_mould');
    await page.check('input[name="flags"][value="damp_mould"]');
    await page.check('input[name="flags"][value="vulnerable_occupant"]');
    await page.fill('#f-description', 'Moisissures dans la chambre du bébé, constatées lors de la visite.');
    await page.fill('#f-tenant-name', 'Fatou Ndiaye');
    await page.fill('#f-tenant-phone', '06 98 76 54 32');
    await page.fill('#f-partner-caseReference', 'CCAS-2026-0412');
    // Without the tenant's consent: refused, everything kept.
    await page.click('main form[method="post"] button[type="submit"]');
    expect(await page.textContent('.error-summary')).toContain('accord');
    expect(await page.inputValue('#f-description')).toBe(
      'Moisissures dans la chambre du bébé, constatées lors de la visite.',
    );
    expect(await page.inputValue('#f-place')).toBe(`${landlord.code}/TILLEULS`);
    expect(await page.inputValue('#f-partner-caseReference')).toBe('CCAS-2026-0412');
    expect(await page.isChecked('input[name="flags"][value="vulnerable_occupant"]')).toBe(true);
    await screenshot(page, 'partner-file-error-fr');
    await page.check('input[name="partner.tenantConsent"]');
    await page.click('main form[method="post"] button[type="submit"]');

    expect(new URL(page.url()).pathname).toMatch(/^\/partners\/complaints\//);
    const reference = (await page.textContent('h1 .reference'))!;
    expect(await page.textContent('main')).toContain('Signalement envoyé');
    expect(await page.textContent('main')).toContain('Pas encore de réponse');
    await screenshot(page, 'partner-complaint-fr');

    await page.goto(`${base}/partners`);
    const row = page.locator('tbody tr', { has: page.locator(`th:has-text("${reference}")`) });
    expect(await row.textContent()).toContain('CCAS-2026-0412');
    expect(await row.locator('.badge.overdue').textContent()).toBe('Pas encore de réponse');
    await screenshot(page, 'partner-reports-fr');

    await http()
      .post(`/api/v1/complaints/${reference}/transitions`)
      .set(landlord.as.agent)
      .send({ action: 'acknowledge', expectedVersion: 1 })
      .expect(200);
    await page.reload();
    expect(await row.locator('.badge.ok').textContent()).toBe('Répondu moins d’une heure après le dépôt');
    await page.click(`a[href="/partners/complaints/${reference}"]`);
    const timings = (await page.textContent('section[aria-labelledby="timings-title"]'))!;
    expect(timings).toContain('Prise en charge');
    expect(timings).toContain('moins d’une heure');
    expect(timings).toContain('pas encore');
    expect(await page.textContent('.timeline')).toContain('pris en charge');
    // The partner sees the public view only: no tenant phone, no internal entries.
    expect(await page.textContent('main')).not.toContain('98 76');

    await expectAccessible(context, `${base}/partners`);
    await expectAccessible(context, `${base}/partners/complaints/${reference}`);
    await expectAccessible(context, `${base}/partners/file?q=59000`);
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

  it('says durations in words', () => {
    expect(durationWords(0.4, 'fr')).toBe('moins d’une heure');
    expect(durationWords(5, 'en')).toBe('5 hours');
    expect(durationWords(24, 'fr')).toBe('1 jour');
    expect(durationWords(75.2, 'fr')).toBe('3 jours et 3 heures');
  });
});
