import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_PASSWORD, createTestApp } from './app';
import { createLandlord } from './factory';
import type { TestLandlord } from './factory';
import { freePort } from './helpers';

/**
 * Pages are tested in the real Chromium from Debian (`apt-get install chromium`; `.ci/run` installs it),
 * driven by playwright-core: no browser is downloaded. The flags keep it from calling Google's services,
 * which this network refuses.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Where page screenshots go (the README shows a selection of them from docs/screenshots). */
export const SCREENSHOT_DIR = resolve(__dirname, '../../screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

/** The API app listening on a free port; its pages are reached at `http://localhost:<port>`. */
export async function listen(app: NestFastifyApplication): Promise<string> {
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  return `http://localhost:${port}`;
}

/** What every page spec starts from: the app listening with one landlord, and the browser. */
export async function startPortal(overrides: Record<string, string> = {}): Promise<{
  app: NestFastifyApplication;
  base: string;
  landlord: TestLandlord;
  browser: Browser;
}> {
  const app = await createTestApp(overrides);
  const base = await listen(app);
  const landlord = await createLandlord(app);
  const browser = await launchBrowser();
  return { app, base, landlord, browser };
}

export async function stopPortal(portal: { app: NestFastifyApplication; browser: Browser }): Promise<void> {
  await portal.browser.close();
  await portal.app.close();
}

/** Signs in the way a person does, through the sign-in page (`next`: where to go afterwards). */
export async function signInThroughPage(
  page: Page,
  base: string,
  email: string,
  options: { password?: string; next?: string } = {},
): Promise<void> {
  const next = options.next ? `?next=${encodeURIComponent(options.next)}` : '';
  await page.goto(`${base}/sign-in${next}`);
  await page.fill('#f-email', email);
  await page.fill('#f-password', options.password ?? TEST_PASSWORD);
  await page.click('main button[type="submit"]');
}

/** A cheap phone: small screen, touch, and JavaScript off (every page must work without it). */
export function phone(browser: Browser, options: { javaScript?: boolean; locale?: string } = {}) {
  return browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: options.javaScript ?? false,
    locale: options.locale ?? 'fr-FR',
  });
}

/** A desktop screen, as agents and admins use at the office (JavaScript off as well). */
export function desktop(browser: Browser) {
  return browser.newContext({
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled: false,
    locale: 'fr-FR',
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * axe-core's WCAG 2.1 A/AA rules on the page at `url`, seen by the same person (cookies) in a context that
 * runs scripts (axe is a script; the page itself is the same server-rendered HTML). Returns the serious
 * and critical violations.
 */
async function seriousViolations(
  from: BrowserContext,
  url: string,
  lang: 'fr' | 'en',
): Promise<AxeViolation[]> {
  const browser = from.browser();
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    javaScriptEnabled: true,
    // The pages forbid every script (script-src 'none'); axe is the test's own, injected past that policy.
    bypassCSP: true,
    storageState: await from.storageState(),
  });
  try {
    const page = await context.newPage();
    await page.goto(url);
    // Every page says which language it is in and offers the other one in one click.
    expect(await page.getAttribute('html', 'lang')).toBe(lang);
    expect(await page.locator(`a[hreflang="${lang === 'fr' ? 'en' : 'fr'}"]`).count()).toBe(1);
    await page.addScriptTag({ content: AXE_SOURCE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } })
        .axe;
      const result = await axe.run({
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      });
      return result.violations as {
        id: string;
        impact: string | null;
        help: string;
        nodes: { target: string[] }[];
      }[];
    });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => n.target.join(' ')),
      }));
  } finally {
    await context.close();
  }
}

/** Both languages of a page pass axe (serious and critical), each with its switch to the other. */
export async function expectAccessible(from: BrowserContext, url: string): Promise<void> {
  for (const lang of ['fr', 'en'] as const) {
    const u = new URL(url);
    u.searchParams.set('lang', lang);
    const violations = await seriousViolations(from, u.toString(), lang);
    expect({ url: u.pathname + u.search, violations }).toEqual({
      url: u.pathname + u.search,
      violations: [],
    });
  }
}
