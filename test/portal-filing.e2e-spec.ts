import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signedIn } from './support/app';
import {
  desktop,
  expectAccessible,
  phone,
  screenshot,
  signInThroughPage,
  startPortal,
  stopPortal,
} from './support/browser';
import type { TestLandlord } from './support/factory';

// Issue 14 (J2, J4, J10): the public filing in steps, in a real Chromium with JavaScript off, on a 360 px
// and a 320 px phone.

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let base: string;
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  ({ app, base, landlord, browser } = await startPortal());
  await http()
    .post(`/api/v1/landlords/${landlord.code}/residences`)
    .set(landlord.as.landlord_admin)
    .send({
      code: 'PINS',
      name: 'Résidence Les Pins',
      agencyCode: 'NORD',
      address: '3 allée des Pins',
      postcode: '59100',
      city: 'Roubaix',
      homesCount: 40,
    })
    .expect(201);
});
afterAll(() => stopPortal({ app, browser }));

const step = (name: string) => `/file/${landlord.code}/PINS/${name}`;
const next = (page: Page) => page.click('main form button[type="submit"]');
const path = (page: Page) => new URL(page.url()).pathname;

/** No horizontal scroll: the document is no wider than the screen. */
async function expectReflow(page: Page, width: number) {
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(width);
}

/** Walks the steps up to the check page with these answers (category heating unless said). */
async function fileUpToCheck(
  page: Page,
  answers: { category?: number; safety?: Record<string, 0 | 1 | 2>; description: string; phone?: string },
) {
  await page.goto(`${base}/file/${landlord.code}/PINS`);
  expect(path(page)).toBe(step('unit'));
  await page.fill('#f-unit', 'Porte 7');
  await next(page);
  await page.check(`#f-category-${answers.category ?? 0}`);
  await next(page);
  if (path(page) === step('safety')) {
    for (const [flag, choice] of Object.entries(answers.safety ?? {})) {
      await page.check(`#f-flag-${flag}-${choice}`);
    }
    await next(page);
  }
  await page.fill('#f-description', answers.description);
  await next(page);
  await next(page); // access notes: optional
  await page.fill('#f-tenant-name', 'Léa Martin');
  await next(page);
  if (answers.phone) await page.fill('#f-tenant-phone', answers.phone);
  await next(page);
  if (answers.phone) {
    await next(page); // channel: as given
    await next(page); // share: no
  }
  expect(path(page)).toBe(step('check'));
}

describe.each([
  ['360 px', 360],
  ['320 px', 320],
])('on a %s phone', (_, width) => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await phone(browser);
  });
  afterAll(() => context.close());
  const newPage = async () => {
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 700 });
    return page;
  };

  it('J10: one question a page, only the chosen problem’s safety questions, every step reflowing', async () => {
    const page = await newPage();
    await page.goto(`${base}/file/${landlord.code}/PINS`);
    await expectReflow(page, width);
    await page.fill('#f-unit', 'Bât. C');
    await next(page);
    expect(path(page)).toBe(step('category'));
    await expectReflow(page, width);
    await page.check('#f-category-10'); // locks_security
    await next(page);
    expect(path(page)).toBe(step('safety'));
    const questions = await page.locator('main fieldset legend').allTextContents();
    expect(questions).toHaveLength(2);
    expect(questions.join(' ')).toContain('fermer à clé');
    expect(questions.join(' ')).not.toContain('gaz');
    // No answer is chosen for the tenant: nothing is pre-checked.
    expect(await page.locator('main input[type="radio"]:checked').count()).toBe(0);
    await expectReflow(page, width);
    await expectAccessible(context, page.url());
    await screenshot(page, `filing-steps-safety-${width}`);

    // Back to the problem: a lift asks only about a vulnerable occupant.
    await page.goto(`${base}${step('category')}`);
    await page.check('#f-category-12'); // lift
    await next(page);
    expect(await page.locator('main fieldset legend').count()).toBe(1);
    await page.close();
  });

  it('J10: the phone is checked on its own step, at once, and what was typed survives a language switch', async () => {
    const page = await newPage();
    await page.goto(`${base}/file/${landlord.code}/PINS`);
    await next(page);
    await page.check('#f-category-0'); // heating
    await next(page);
    await next(page); // safety: unanswered
    await page.fill('#f-description', 'ab');
    await next(page);
    // Refused (too short): switching language keeps what was typed.
    expect(path(page)).toBe(step('description'));
    expect(await page.locator('.field-error').count()).toBe(1);
    await page.click('a[hreflang="en"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.inputValue('#f-description')).toBe('ab');
    await page.fill('#f-description', 'Radiators cold since Monday.');
    await next(page);
    await next(page);
    await page.fill('#f-tenant-name', 'Léa Martin');
    await next(page);
    await page.fill('#f-tenant-phone', '12');
    await next(page);
    expect(path(page)).toBe(step('contact'));
    expect(await page.textContent('.field-error')).toContain('This phone number is not valid');
    await expectReflow(page, width);
    await page.fill('#f-tenant-phone', '06 12 34 56 78');
    await next(page);
    expect(path(page)).toBe(step('channel'));
    await page.click('a[hreflang="fr"]');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await next(page);
    await next(page);
    expect(path(page)).toBe(step('check'));
    const main = (await page.textContent('main'))!;
    expect(main).toContain('Radiators cold since Monday.');
    expect(main).toContain('06 12 34 56 78');
    expect(main).toContain('Je ne sais pas (un agent vérifiera)');
    await expectReflow(page, width);
    await expectAccessible(context, page.url());
    await screenshot(page, `filing-steps-check-${width}`);
    // No personal data in any address the pages used.
    expect(page.url()).not.toContain('06');
    await page.close();
  });
});

describe('J2: an unanswered safety question never lowers the urgency and asks staff to check', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await phone(browser);
  });
  afterAll(() => context.close());

  it('files "no heating, baby at home" with the questions unanswered: emergency, flagged for review', async () => {
    const page = await context.newPage();
    await fileUpToCheck(page, {
      description: 'Plus de chauffage, bébé de 3 mois à la maison.',
      safety: { gas_smell: 1, co_alarm: 1 },
      phone: '06 11 22 33 44',
    });
    await next(page);
    expect(path(page)).toMatch(/^\/t\//);
    const reference = (await page.textContent('.reference-large'))!.trim();
    const detail = await http().get(`/api/v1/complaints/${reference}`).set(landlord.as.agent).expect(200);
    expect(detail.body.urgency.level).toBe('emergency');
    expect(detail.body.urgency.safety).toEqual({
      unknown: ['no_heating', 'vulnerable_occupant'],
      dangerWords: ['plus de chauffage', 'bebe'],
      review: true,
    });
    const queue = await http()
      .get(`/api/v1/complaints?landlord=${landlord.code}`)
      .set(landlord.as.agent)
      .expect(200);
    const row = (queue.body.items ?? queue.body).find(
      (c: { reference: string }) => c.reference === reference,
    );
    expect(row.safetyReview).toBe(true);
    await page.close();

    // The agent sees it in the queue and on the complaint's page.
    const office = await desktop(browser);
    const agent = await signedIn(app, 'agent', { landlordCodes: [landlord.code] });
    const a = await office.newPage();
    await signInThroughPage(a, base, agent.email, { next: '/agent' });
    const queueRow = a.locator('tr', { hasText: reference });
    expect(await queueRow.textContent()).toContain('Sécurité à vérifier');
    await a.goto(`${base}/agent/complaints/${reference}`);
    const detailText = (await a.textContent('main'))!;
    expect(detailText).toContain('Sécurité à vérifier avant de confirmer l’urgence');
    expect(detailText).toContain('Le chauffage est-il complètement coupé ?');
    expect(detailText).toContain('“bebe”');
    await expectAccessible(office, a.url());
    await office.close();
  });

  it('the JSON API follows the same rule: a "no" cannot cancel the description’s danger words', async () => {
    const res = await http()
      .post('/api/v1/complaints')
      .send({
        landlordCode: landlord.code,
        residenceCode: 'PINS',
        category: 'gas',
        description: 'Forte odeur de gaz dans la cuisine',
        tenant: { name: 'Jo', phone: '06 12 34 56 78' },
        flags: [],
        flagsAnsweredNo: ['gas_smell', 'co_alarm', 'vulnerable_occupant'],
      })
      .expect(201);
    expect(res.body.urgency.level).toBe('emergency');
  });
});

describe('J4: the numbers pages promise are shown, and a tenant without phone or e-mail is told how to follow', () => {
  let admin: BrowserContext;
  let tenant: BrowserContext;
  beforeAll(async () => {
    admin = await desktop(browser);
    tenant = await phone(browser);
  });
  afterAll(async () => {
    await admin.close();
    await tenant.close();
  });

  it('an admin sets the numbers; the check page, the confirmation and the tracking page show them', async () => {
    // Before any number is set, the check page of a filing without contact still says how to follow.
    const page = await tenant.newPage();
    await page.setViewportSize({ width: 320, height: 700 });
    await fileUpToCheck(page, { category: 12, description: 'Ascenseur en panne au 3e.' });
    expect(await page.textContent('main')).toContain('Vous n’avez donné ni téléphone ni e-mail');
    expect(await page.textContent('main')).toContain('accueil de votre bailleur');

    const user = await signedIn(app, 'landlord_admin', { landlordCodes: [landlord.code] });
    const a = await admin.newPage();
    await signInThroughPage(a, base, user.email, { next: `/manage/${landlord.code}/numbers` });
    expect(new URL(a.url()).pathname).toBe(`/manage/${landlord.code}/numbers`);
    await a.fill('#f-publicPhone', '12');
    await a.click('main form button[type="submit"]');
    expect(await a.textContent('.error-summary')).toContain('Ce numéro n’est pas valide');
    await a.fill('#f-publicPhone', '03 20 11 22 33');
    await a.fill('#f-smsNumber', '06 99 88 77 66');
    await a.fill('#f-agency-NORD', '');
    await a.click('main form button[type="submit"]');
    expect(await a.textContent('.notice.success')).toContain('Numéros enregistrés');
    expect(await a.inputValue('#f-publicPhone')).toBe('+33320112233');
    await expectAccessible(admin, a.url());

    await page.reload();
    const check = (await page.textContent('main'))!;
    expect(check).toContain('03 20 11 22 33');
    await expectReflow(page, 320);
    await next(page);
    expect(path(page)).toMatch(/^\/t\//);
    const tracking = (await page.textContent('main'))!;
    expect(tracking).toContain('Appelez votre bailleur au 03 20 11 22 33');
    expect(tracking).toContain('Vous n’avez donné ni téléphone ni e-mail');
    // No promise of recovery by the phone's last digits when no phone was given.
    expect(tracking).not.toContain('4 derniers chiffres');
    expect(await page.getAttribute('a[href^="tel:"]', 'href')).toBe('tel:+33320112233');
    await expectReflow(page, 320);
    await expectAccessible(tenant, page.url());
    await screenshot(page, 'tracking-no-contact-320');

    // With a phone: the number to text STATUT to.
    const withPhone = await tenant.newPage();
    await fileUpToCheck(withPhone, {
      category: 12,
      description: 'Ascenseur en panne.',
      phone: '06 12 34 56 78',
    });
    await next(withPhone);
    const text = (await withPhone.textContent('main'))!;
    expect(text).toMatch(/envoyez par SMS « STATUT [0-9A-Z-]+ » au 06 99 88 77 66/);
    expect(text).not.toContain('Vous n’avez donné ni téléphone ni e-mail');
  });
});
