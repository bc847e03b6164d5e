import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import { transitionAsAgent } from './support/helpers';

// The federation dashboard: charts drawn on the server as SVG, with text alternatives and data tables,
// in a real Chromium with JavaScript off.

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let base: string;
let context: BrowserContext;

beforeAll(async () => {
  ({ app, base, landlord, browser } = await startPortal());
  const references = [];
  for (let i = 0; i < 3; i++) references.push(await fileComplaint(app, landlord));
  await transitionAsAgent(app, landlord, references[0], { action: 'acknowledge', expectedVersion: 1 });
  await transitionAsAgent(app, landlord, references[1], { action: 'acknowledge', expectedVersion: 1 });
});
beforeEach(async () => {
  context = await desktop(browser);
});
afterEach(() => context.close());
afterAll(() => stopPortal({ app, browser }));

const signIn = (page: Page, email: string) => signInThroughPage(page, base, email);

describe('federation dashboard', () => {
  it('shows an accredited landlord’s response times as SVG charts with descriptions and tables', async () => {
    const auditor = await signedIn(app, 'federation_auditor', { landlordCodes: [landlord.code] });
    const page = await context.newPage();
    await signIn(page, auditor.email);
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    const charts = page.locator('figure.chart svg[role="img"]');
    expect(await charts.count()).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < (await charts.count()); i++) {
      const svg = charts.nth(i);
      const labelledBy = (await svg.getAttribute('aria-labelledby'))!.split(' ');
      expect(labelledBy).toHaveLength(2);
      for (const id of labelledBy) expect((await page.textContent(`[id="${id}"]`))!.trim()).not.toBe('');
    }
    // Three complaints filed this year, two acknowledged well before their deadline.
    const summary = (await page.textContent('#summary-title + dl'))!;
    expect(summary).toMatch(/Dossiers déposés\s*3/);
    const month = new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'Europe/Paris' }).format(
      new Date(),
    );
    const row = page.locator('section[aria-labelledby="share-heading"] tbody tr', { hasText: month });
    expect((await row.locator('td').first().textContent())!.replace(/\s/g, '')).toBe('100%');
    const medianRows = page.locator('section[aria-labelledby="median-heading"] tbody tr');
    expect(await medianRows.first().locator('td').first().textContent()).toBe('2');
    await screenshot(page, 'dashboard-fr');
    await expectAccessible(context, `${base}/dashboard`);
  });

  it('filters by stage and year from a plain GET form, and links the exports', async () => {
    const auditor = await signedIn(app, 'federation_auditor', { landlordCodes: [landlord.code] });
    const page = await context.newPage();
    await signIn(page, auditor.email);
    await page.selectOption('#f-stage', 'resolve');
    await page.click('form.filters button[type="submit"]');
    const url = new URL(page.url());
    expect(url.searchParams.get('stage')).toBe('resolve');
    expect(await page.textContent('#share-heading')).toContain('résolution');
    const csv = await page.getAttribute('a[href*="metrics.csv"]', 'href');
    const res = await request(app.getHttpServer()).get(csv!).set(auditor).expect(200);
    expect(res.text.split('\n')[0]).toContain('volume');
    await page.click('a[hreflang="en"]');
    expect(await page.textContent('h1')).toBe('Response times');
    await screenshot(page, 'dashboard-en');
  });

  it('is for auditors, supervisors and landlord admins only, within their landlords', async () => {
    const agent = await signedIn(app, 'agent', { landlordCodes: [landlord.code] });
    const page = await context.newPage();
    await signIn(page, agent.email);
    const response = await page.goto(`${base}/dashboard`);
    expect(response!.status()).toBe(403);
    const other = await createLandlord(app);
    const auditor = await signedIn(app, 'federation_auditor', { landlordCodes: [landlord.code] });
    const res = await request(app.getHttpServer())
      .get(`/dashboard?landlord=${other.code}`)
      .set(auditor)
      .expect(404);
    expect(res.text).toContain('Page introuvable');
    expect(res.text).not.toContain(`Bailleur ${other.code}`);
  });
});
