import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext } from 'playwright-core';
import { TEST_PASSWORD, signedIn } from './support/app';
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

// The page frame and the tenant's way in without an account, in a real Chromium with JavaScript off.

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let base: string;
let context: BrowserContext;

beforeAll(async () => {
  ({ app, base, landlord, browser } = await startPortal());
});
beforeEach(async () => {
  context = await phone(browser);
});
afterEach(() => context.close());
afterAll(() => stopPortal({ app, browser }));

describe('the page frame', () => {
  it('is French by default, switches to English in one click and remembers it', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.textContent('h1')).toContain('Un problème dans votre logement');
    await screenshot(page, 'home-fr');
    await page.click('a[hreflang="en"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    expect(await page.textContent('h1')).toContain('A problem in your home');
    await page.goto(`${base}/follow`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('a[hreflang="fr"]');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
  });

  it('serves one cached stylesheet and answers unknown pages with a page, not JSON', async () => {
    const home = await request(app.getHttpServer()).get('/').expect(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home.text)![1];
    const css = await request(app.getHttpServer()).get(href).expect(200);
    expect(css.headers['cache-control']).toContain('immutable');
    await request(app.getHttpServer()).get('/assets/suivi.0000.css').expect(404);
    const missing = await request(app.getHttpServer()).get('/t/not-a-real-token-at-all').expect(404);
    expect(missing.headers['content-type']).toMatch(/text\/html/);
    expect(missing.text).toContain('Page introuvable');
  });

  it('passes axe (WCAG 2.1 AA, no serious or critical violation) in both languages', async () => {
    for (const path of ['/', '/follow', '/sign-in']) await expectAccessible(context, `${base}${path}`);
  });
});

describe('a tenant follows a case', () => {
  it('by reference and the last digits of the phone, keeping what was typed after a mistake', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const page = await context.newPage();
    await page.goto(`${base}/follow`);
    await page.fill('#f-reference', filed.reference.toLowerCase());
    await page.fill('#f-verifier', '0000');
    await page.click('button[type="submit"]');
    expect(await page.textContent('.error-summary')).toContain('Aucun dossier ne correspond');
    expect(await page.inputValue('#f-reference')).toBe(filed.reference.toLowerCase());
    await screenshot(page, 'follow-error');
    await page.fill('#f-verifier', '5678');
    await page.click('button[type="submit"]');
    expect(new URL(page.url()).pathname).toMatch(/^\/t\//);
    expect(await page.textContent('.reference')).toBe(filed.reference);
    expect(await page.textContent('body')).not.toContain('Amina');
  });

  it('by the link: status, next step with its date, why the urgency, the steps; under 30 KB', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const page = await context.newPage();
    const response = await page.goto(`${base}/t/${filed.trackingToken}`);
    expect(response!.status()).toBe(200);
    const text = (await page.textContent('main'))!;
    expect(text).toContain('signalement reçu');
    expect(text).toContain('Prochaine étape');
    expect(text).toContain('Urgence');
    expect(await page.locator('.steps li[aria-current="step"]').count()).toBe(1);
    await screenshot(page, 'tracking-fr');
    // What a phone downloads for this page: the HTML and the one stylesheet (no script, no font, no image).
    const html = await request(app.getHttpServer()).get(`/t/${filed.trackingToken}`).expect(200);
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html.text)![1];
    const css = await request(app.getHttpServer()).get(href).expect(200);
    const weight = Buffer.byteLength(html.text) + Buffer.byteLength(css.text);
    expect(weight).toBeLessThan(30 * 1024);
    expect(html.text).not.toContain('<script');
    await expectAccessible(context, `${base}/t/${filed.trackingToken}`);
  });
});

describe('staff sign-in', () => {
  it('keeps the email after a wrong password, then opens the person’s own area', async () => {
    const agent = await signedIn(app, 'agent', { landlordCodes: [landlord.code] });
    const page = await context.newPage();
    await signInThroughPage(page, base, agent.email, { password: 'not the password' });
    expect(await page.textContent('.error-summary')).toContain('incorrect');
    expect(await page.inputValue('#f-email')).toBe(agent.email);
    expect(await page.inputValue('#f-password')).toBe('');
    await page.fill('#f-password', TEST_PASSWORD);
    await page.click('main button[type="submit"]');
    expect(new URL(page.url()).pathname).toBe('/agent');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'suivi_session')?.httpOnly).toBe(true);
  });

  it('sends anonymous visitors of staff pages to sign-in and back, and refuses a foreign next', async () => {
    const page = await context.newPage();
    await page.goto(`${base}/agent`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/agent');
    const res = await request(app.getHttpServer())
      .post('/sign-in')
      .type('form')
      .send({ email: 'nobody@example.org', password: 'x', next: '//evil.example' });
    expect(res.status).toBe(401);
    expect(res.text).not.toContain('evil.example');
  });
});
