import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { randomIp, signedIn } from './support/app';
import {
  desktop,
  expectAccessible,
  screenshot,
  signInThroughPage,
  startPortal,
  stopPortal,
} from './support/browser';
import { fileComplaint } from './support/factory';
import type { TestLandlord } from './support/factory';

// Issue 18 M4: a landlord admin edits, deactivates and merges agencies, residences and contractors from the
// /manage pages, in a real Chromium with JavaScript off.

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let base: string;
let context: BrowserContext;
let admin: { email: string; userId: string; Authorization: string };

const press = (page: Page, name: string | RegExp) => page.getByRole('button', { name }).click();
/** Submits by the button `name` and answers the page's HTTP status. */
async function submit(page: Page, name: string | RegExp): Promise<number> {
  const [response] = await Promise.all([page.waitForNavigation(), press(page, name)]);
  return response!.status();
}
const http = () => request(app.getHttpServer());
/** A residence of the test landlord, through the JSON API. */
async function residence(code: string, extra: Record<string, unknown> = {}) {
  await http()
    .post(`/api/v1/landlords/${landlord.code}/residences`)
    .set({ Authorization: admin.Authorization })
    .send({
      code,
      name: `Résidence ${code}`,
      agencyCode: 'NORD',
      address: '9 rue du Test',
      postcode: '59000',
      city: 'Lille',
      homesCount: 12,
      ...extra,
    })
    .expect(201);
}

beforeAll(async () => {
  ({ app, base, landlord, browser } = await startPortal());
  admin = await signedIn(app, 'landlord_admin', { landlordCodes: [landlord.code] });
});
beforeEach(async () => {
  context = await desktop(browser);
});
afterEach(() => context.close());
afterAll(() => stopPortal({ app, browser }));

describe('editing the directory', () => {
  it('edits a residence from its list: errors beside the fields and at the top, then saved', async () => {
    await residence('EDIT-R');
    const page = await context.newPage();
    await signInThroughPage(page, base, admin.email);
    await page.goto(`${base}/manage/${landlord.code}/residences`);
    await page.getByRole('link', { name: 'Modifier EDIT-R' }).click();
    expect(await page.textContent('h1')).toContain('Modifier une résidence');
    expect(await page.inputValue('#f-city')).toBe('Lille');
    expect(await page.inputValue('#f-agencyCode')).toBe('NORD');
    await page.fill('#f-name', '  ');
    await page.fill('#f-city', 'Roubaix');
    await page.fill('#f-homesCount', 'douze');
    expect(await submit(page, 'Enregistrer les modifications')).toBe(400);
    expect(await page.textContent('#f-name-error')).toContain('nom');
    expect(await page.textContent('#f-homesCount-error')).toContain('nombre entier');
    expect(await page.textContent('.error-summary')).toContain('Nombre de logements');
    expect(await page.inputValue('#f-city')).toBe('Roubaix');
    await page.fill('#f-name', 'Les Érables');
    await page.fill('#f-homesCount', '14');
    await page.fill('#f-code', 'TILLEULS');
    expect(await submit(page, 'Enregistrer les modifications')).toBe(409);
    expect(await page.textContent('#f-code-error')).toContain('existe déjà');
    expect(await page.inputValue('#f-name')).toBe('Les Érables');
    await page.fill('#f-code', 'ERABLES');
    await page.selectOption('#f-agencyCode', 'SUD');
    expect(await submit(page, 'Enregistrer les modifications')).toBe(200);
    expect(await page.textContent('.notice')).toContain('Modifications enregistrées');
    const row = await page.locator('tr', { hasText: 'ERABLES' }).textContent();
    expect(row).toContain('Roubaix');
    expect(row).toContain('Agence Sud');
    expect(row).toContain('14');
    await screenshot(page, 'manage-residence-edited-fr');
  });

  it('a form posted over someone else’s edit is refused (409) keeping the typed text; saving again replaces it', async () => {
    await residence('RACE');
    const mine = await context.newPage();
    await signInThroughPage(mine, base, admin.email);
    await mine.goto(`${base}/manage/${landlord.code}/residences`);
    await mine.getByRole('link', { name: 'Modifier RACE' }).click();
    const url = mine.url();
    const theirs = await context.newPage();
    await theirs.goto(url);
    await theirs.fill('#f-city', 'Tourcoing');
    expect(await submit(theirs, 'Enregistrer les modifications')).toBe(200);

    await mine.fill('#f-address', '11 rue du Conflit');
    expect(await submit(mine, 'Enregistrer les modifications')).toBe(409);
    expect(await mine.textContent('.error-summary')).toContain('Quelqu’un a modifié cette fiche');
    expect(await mine.textContent('.directory-saved')).toContain('Tourcoing');
    expect(await mine.inputValue('#f-address')).toBe('11 rue du Conflit');
    expect(await submit(mine, 'Enregistrer les modifications')).toBe(200);
    expect(await mine.locator('tr', { hasText: 'RACE' }).textContent()).toContain('11 rue du Conflit');
  });

  it('edits a contractor in English, emptying its e-mail; a bad phone is refused beside the field', async () => {
    const page = await context.newPage();
    await signInThroughPage(page, base, admin.email);
    await page.goto(`${base}/manage/${landlord.code}/contractors?lang=en`);
    await page.getByRole('link', { name: 'Edit Chauffage Nord' }).click();
    await page.fill('#f-email', 'devis@chauffage.example');
    await page.fill('#f-phoneE164', '03 20');
    expect(await submit(page, 'Save the changes')).toBe(400);
    expect(await page.textContent('#f-phoneE164-error')).toContain('international format');
    expect(await page.textContent('.error-summary')).toContain('Phone');
    await page.fill('#f-phoneE164', '+33320000009');
    expect(await submit(page, 'Save the changes')).toBe(200);
    expect(await page.textContent('.notice')).toContain('Changes saved');
    expect(await page.locator('tr', { hasText: 'Chauffage Nord' }).textContent()).toContain('+33320000009');
    await page.getByRole('link', { name: 'Edit Chauffage Nord' }).click();
    await page.fill('#f-email', '');
    expect(await submit(page, 'Save the changes')).toBe(200);
    expect(await page.locator('tr', { hasText: 'Chauffage Nord' }).textContent()).not.toContain('devis@');
    await screenshot(page, 'manage-contractors-en');
  });

  it('a deactivated residence is no longer offered by the tenants’ search; reactivated, it is again', async () => {
    const postcode = `8${Math.floor(Math.random() * 9000 + 1000)}`;
    await residence('SOMMEIL', { postcode, name: 'Les Dormeurs' });
    const tenant = await context.newPage();
    await tenant.goto(`${base}/file?q=${postcode}`);
    expect(await tenant.textContent('main')).toContain('Les Dormeurs');

    const page = await context.newPage();
    await signInThroughPage(page, base, admin.email);
    await page.goto(`${base}/manage/${landlord.code}/residences`);
    await page.getByRole('link', { name: 'Modifier SOMMEIL' }).click();
    await expectAccessible(context, page.url());
    await screenshot(page, 'manage-residence-page-fr');
    expect(await submit(page, 'Désactiver')).toBe(200);
    expect(await page.textContent('.notice')).toContain('Fiche désactivée');
    expect(await page.locator('tr', { hasText: 'SOMMEIL' }).textContent()).toContain('Désactivée');

    await tenant.goto(`${base}/file?q=${postcode}`);
    expect(await tenant.textContent('main')).not.toContain('Les Dormeurs');
    // Nor by the front desk's intake form.
    const agent = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    try {
      const desk = await agent.newPage();
      const { email } = await signedIn(app, 'agent', { landlordCodes: [landlord.code] });
      await signInThroughPage(desk, base, email);
      await desk.goto(`${base}/agent/intake`);
      const offered = await desk.locator('select[name="residenceCode"]').textContent();
      expect(offered).toContain('Les Tilleuls');
      expect(offered).not.toContain('Les Dormeurs');
    } finally {
      await agent.close();
    }
    const direct = await tenant.goto(`${base}/file/${landlord.code}/SOMMEIL`);
    expect(direct!.status()).toBe(404);

    await page.getByRole('link', { name: 'Modifier SOMMEIL' }).click();
    expect(await submit(page, 'Réactiver')).toBe(200);
    await tenant.goto(`${base}/file?q=${postcode}`);
    expect(await tenant.textContent('main')).toContain('Les Dormeurs');
  });

  it('merges a residence entered twice: its complaints move, it leaves the list, the survivor keeps its place', async () => {
    await residence('GEMEAUX');
    await residence('GEMEAUX-BIS', { agencyCode: 'SUD' });
    const reference = await fileComplaint(app, landlord, { residenceCode: 'GEMEAUX-BIS' });
    const page = await context.newPage();
    await signInThroughPage(page, base, admin.email);
    await page.goto(`${base}/manage/${landlord.code}/residences`);
    await page.getByRole('link', { name: 'Modifier GEMEAUX-BIS' }).click();
    const duplicatePage = page.url();
    // Submitting without a choice is refused beside the field.
    expect(await submit(page, 'Fusionner dans la fiche choisie')).toBe(400);
    expect(await page.textContent('#f-into-error')).toContain('Choisissez une fiche');
    expect(await page.textContent('.error-summary')).toContain('Fiche à garder');
    await page.selectOption('#f-into', { label: 'Résidence GEMEAUX (GEMEAUX)' });
    expect(await submit(page, 'Fusionner dans la fiche choisie')).toBe(200);
    expect(await page.textContent('.notice')).toContain('Doublon fusionné');
    expect(await page.locator('table').textContent()).not.toContain('GEMEAUX-BIS');
    expect(await page.locator('table').textContent()).toContain('GEMEAUX');

    const detail = await http()
      .get(`/api/v1/complaints/${reference}`)
      .set(landlord.as.agent)
      .set('X-Forwarded-For', randomIp())
      .expect(200);
    expect(detail.body.residence.code).toBe('GEMEAUX');
    expect(detail.body.agency.code).toBe('NORD');
    // The merged row's page is gone; the survivor's remains.
    expect((await page.goto(duplicatePage))!.status()).toBe(404);
  });

  it('a merge posted without a version it read (missing or garbled) is refused, not done blind', async () => {
    await residence('JUMEAUX');
    await residence('JUMEAUX-BIS');
    const db = app.get(DataSource);
    const [duplicate, survivor] = await Promise.all(
      ['JUMEAUX-BIS', 'JUMEAUX'].map(
        async (code) =>
          (
            (await db.query('SELECT id FROM residences WHERE landlord_id = $1 AND code = $2', [
              landlord.id,
              code,
            ])) as { id: string }[]
          )[0].id,
      ),
    );
    for (const expectedVersion of [undefined, '', 'abc', '0']) {
      const res = await http()
        .post(`/manage/${landlord.code}/residences/${duplicate}/merge`)
        .set({ Authorization: admin.Authorization })
        .type('form')
        .send(expectedVersion === undefined ? { into: survivor } : { into: survivor, expectedVersion });
      expect({ expectedVersion, status: res.status }).toEqual({ expectedVersion, status: 400 });
      expect(res.text).toContain('class="error-summary"');
      const [row] = await db.query('SELECT merged_into FROM residences WHERE id = $1', [duplicate]);
      expect(row.merged_into).toBeNull();
    }
  });

  it('the residence page fits a 320 px screen', async () => {
    const narrow = await browser.newContext({
      viewport: { width: 320, height: 640 },
      javaScriptEnabled: false,
      locale: 'fr-FR',
    });
    try {
      const page = await narrow.newPage();
      await signInThroughPage(page, base, admin.email);
      await page.goto(`${base}/manage/${landlord.code}/residences`);
      await page.getByRole('link', { name: 'Modifier TILLEULS' }).click();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
      await screenshot(page, 'manage-residence-page-320');
    } finally {
      await narrow.close();
    }
  });
});
