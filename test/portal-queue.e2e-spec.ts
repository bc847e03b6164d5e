import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { signedIn, uniqueCode } from './support/app';
import { screenshot, signInThroughPage, startPortal, stopPortal } from './support/browser';
import { createLandlord, fileComplaint } from './support/factory';
import type { TestLandlord } from './support/factory';

// Issue 18 (M), item 1: the agents' queue search (by reference, phone, name or address, within the
// agent's landlords), the first screen of a desk monitor showing cases, and emergencies, overdue cases and
// works to check said in words. A real Chromium with JavaScript off.

let app: NestFastifyApplication;
let landlord: TestLandlord;
let outsider: TestLandlord;
let browser: Browser;
let base: string;
let context: BrowserContext;
let ukCode: string;
const refs: Record<'helene' | 'gas' | 'works' | 'uk' | 'outside', string> = {
  helene: '',
  gas: '',
  works: '',
  uk: '',
  outside: '',
};
const http = () => request(app.getHttpServer());
const db = () => app.get(DataSource);
const bare = (reference: string) => reference.replace(/-/g, '');

/** A residence at an accented address, as landlords type them. */
async function addChurchResidence(on: TestLandlord) {
  await http()
    .post(`/api/v1/landlords/${on.code}/residences`)
    .set(on.as.landlord_admin)
    .send({
      code: 'EGLISE',
      name: 'Résidence Saint-Éloi',
      agencyCode: 'NORD',
      address: "5 Rue de l'Église",
      postcode: '59000',
      city: 'Lille',
      homesCount: 40,
    })
    .expect(201);
}

async function signIn(page: Page, landlordCodes: string[]) {
  const user = await signedIn(app, 'agent', { landlordCodes });
  await signInThroughPage(page, base, user.email);
}

/** The references the queue lists after searching `q` through the form, as a person does. */
async function searchFor(page: Page, q: string): Promise<string[]> {
  await page.goto(`${base}/agent`);
  await page.fill('#f-q', q);
  await page.click('form.queue-search button[type="submit"]');
  return page.locator('tbody tr th').allTextContents();
}

beforeAll(async () => {
  ({ app, base, landlord, browser } = await startPortal());
  outsider = await createLandlord(app);
  await addChurchResidence(landlord);
  await addChurchResidence(outsider);
  const tenant = { name: 'Hélène Dubois', phone: '06 12 34 56 78', language: 'fr' };
  refs.helene = await fileComplaint(app, landlord, { residenceCode: 'EGLISE', tenant });
  // The same tenant at the same address, at a landlord the agent does not work for: never found.
  refs.outside = await fileComplaint(app, outsider, { residenceCode: 'EGLISE', tenant });
  refs.gas = await fileComplaint(app, landlord, {
    category: 'gas',
    description: 'Ça sent le gaz dans la cuisine',
    flags: ['gas_smell'],
    tenant: { name: 'Marc Leroy', phone: '07 81 22 33 44', language: 'fr' },
  });
  refs.works = await fileComplaint(app, landlord, {
    category: 'plumbing_leak',
    tenant: { name: 'Jeanne Petit', email: 'jeanne@example.org', language: 'fr' },
  });
  let version = 1;
  const act = async (body: object) => {
    const res = await http()
      .post(`/api/v1/complaints/${refs.works}/transitions`)
      .set(landlord.as.agent)
      .send({ ...body, expectedVersion: version })
      .expect(200);
    version = res.body.version;
    return res.body as { workOrderUrl?: string };
  };
  await act({ action: 'acknowledge' });
  const assigned = await act({ action: 'assign', contractorId: landlord.contractors[0] });
  await http()
    .post(`/api/v1/work-orders/${assigned.workOrderUrl?.split('/').pop()}/actions`)
    .send({ action: 'report_done', expectedVersion: version })
    .expect(200);
  await db().query(`UPDATE complaints SET next_due_at = now() - interval '2 days' WHERE reference = $1`, [
    bare(refs.helene),
  ]);

  // A Scottish landlord the same agent works for, with a UK mobile on file.
  ukCode = uniqueCode('UK');
  const platform = await signedIn(app, 'platform_admin');
  await http()
    .post('/api/v1/landlords')
    .set(platform)
    .send({
      code: ukCode,
      name: 'Glasgow Homes',
      timezone: 'Europe/London',
      country: 'GB',
      region: 'scotland',
    })
    .expect(201);
  const ukAgent = await signedIn(app, 'agent', { landlordCodes: [ukCode] });
  const uk = await http()
    .post('/api/v1/complaints')
    .set(ukAgent)
    .send({
      landlordCode: ukCode,
      category: 'heating',
      description: 'No heating since yesterday.',
      channel: 'phone',
      tenant: { name: 'Oliver Smith', phone: '07911 123456', language: 'en' },
    })
    .expect(201);
  refs.uk = uk.body.reference;
}, 120_000);
beforeEach(async () => {
  context = await browser.newContext({
    viewport: { width: 1366, height: 768 },
    javaScriptEnabled: false,
    locale: 'fr-FR',
  });
});
afterEach(() => context.close());
afterAll(() => stopPortal({ app, browser }));

describe('the queue search', () => {
  it('finds a case by its reference typed any way, a piece of it, or with a spoken prefix', async () => {
    const page = await context.newPage();
    await signIn(page, [landlord.code, ukCode]);
    const ref = refs.helene;
    for (const typed of [
      ref,
      ref.toLowerCase(),
      ref.replace(/-/g, ' '),
      bare(ref),
      `  réf. ${bare(ref).toLowerCase()} `,
      `Dossier n° ${ref}`,
      ref.slice(5), // the first group missing
      ref.slice(-5).toLowerCase(), // the last group only
      bare(ref).slice(0, 12), // no check symbol
    ]) {
      expect({ typed, found: await searchFor(page, typed) }).toEqual({ typed, found: [ref] });
    }
  }, 60_000);

  it('finds a tenant by phone in any national or international form, French and British', async () => {
    const page = await context.newPage();
    await signIn(page, [landlord.code, ukCode]);
    for (const typed of [
      '06 12 34 56 78',
      '0612345678',
      '+33612345678',
      '+33 6 12 34 56 78',
      '0033 612 345 678',
    ]) {
      expect({ typed, found: await searchFor(page, typed) }).toEqual({ typed, found: [refs.helene] });
    }
    for (const typed of ['07911 123456', '+44 7911 123456', '0044 7911 123456', '+447911123456']) {
      expect({ typed, found: await searchFor(page, typed) }).toEqual({ typed, found: [refs.uk] });
    }
  }, 60_000);

  it('finds by name and address, whatever the case and accents, and only within the agent’s landlords', async () => {
    const page = await context.newPage();
    await signIn(page, [landlord.code, ukCode]);
    for (const typed of [
      'Helene',
      'hélène',
      'DUBOIS helene',
      "rue de l'eglise",
      'RUE DE L’ÉGLISE',
      'saint eloi',
    ]) {
      expect({ typed, found: await searchFor(page, typed) }).toEqual({ typed, found: [refs.helene] });
    }
    expect(await searchFor(page, 'leroy')).toEqual([refs.gas]);
    expect(await page.textContent('main')).toMatch(/1 dossier pour « leroy »/);
    // The search is kept in the field and in the filters' form, so filtering narrows the search.
    expect(await page.inputValue('#f-q')).toBe('leroy');
    expect(await page.locator('details.filters-form input[name="q"]').getAttribute('value')).toBe('leroy');
    // The outsider's agent finds their own case by the same words, not ours.
    const elsewhere = await browser.newContext({ javaScriptEnabled: false, locale: 'fr-FR' });
    const other = await elsewhere.newPage();
    await signIn(other, [outsider.code]);
    expect(await searchFor(other, 'helene')).toEqual([refs.outside]);
    await elsewhere.close();
  }, 60_000);

  it('says so in words when nothing matches, in French and English, and refuses bad input without failing', async () => {
    const page = await context.newPage();
    await signIn(page, [landlord.code]);
    expect(await searchFor(page, 'zzqx introuvable')).toEqual([]);
    expect(await page.textContent('main')).toMatch(/Aucun dossier ne correspond à « zzqx introuvable »/);
    await page.goto(`${base}/agent?q=zzqx&lang=en`);
    expect(await page.textContent('main')).toMatch(/No case matches “zzqx”/);
    for (const odd of ['%', '_', '\\', "'; DROP TABLE complaints; --", '()[]*+?', 'é'.repeat(3)]) {
      const res = await page.goto(`${base}/agent?q=${encodeURIComponent(odd)}`);
      expect({ odd, status: res?.status() }).toEqual({ odd, status: 200 });
    }
    const tooLong = await page.goto(`${base}/agent?q=${'a'.repeat(201)}&lang=fr`);
    expect(tooLong?.status()).toBe(400);
    expect(await page.textContent('#f-q-error')).toMatch(/200 caractères au plus/);
    // The queue is still shown, without the refused search.
    expect(await page.locator('tbody tr').count()).toBe(3);
    // An empty search is the queue as it is.
    expect(await searchFor(page, '   ')).toHaveLength(3);
  }, 60_000);

  it('answers the same search on the JSON API, in scope, and 400 for a search too long', async () => {
    const found = await http()
      .get('/api/v1/complaints')
      .query({ q: 'HELENE' })
      .set(landlord.as.agent)
      .expect(200);
    expect(found.body.items.map((c: { reference: string }) => c.reference)).toEqual([refs.helene]);
    const byPhone = await http()
      .get('/api/v1/complaints')
      .query({ q: '+33 6 12 34 56 78' })
      .set(outsider.as.agent)
      .expect(200);
    expect(byPhone.body.items.map((c: { reference: string }) => c.reference)).toEqual([refs.outside]);
    await http()
      .get('/api/v1/complaints')
      .query({ q: 'x'.repeat(201) })
      .set(landlord.as.agent)
      .expect(400);
  });
});

describe('the first screen of the queue', () => {
  it('shows cases within the first 768 px of a 1366×768 screen', async () => {
    const page = await context.newPage();
    await signIn(page, [landlord.code]);
    const box = await page.locator('tbody tr').first().boundingBox();
    expect(box).not.toBeNull();
    expect((box?.y ?? Infinity) + (box?.height ?? 0)).toBeLessThanOrEqual(768);
    await page.screenshot({ path: '/tmp/queue-1366.png' });
    await screenshot(page, 'agent-queue-1366');
  });

  it('fits 320 CSS px: the search reachable and no page-wide sideways scroll', async () => {
    const narrow = await browser.newContext({
      viewport: { width: 320, height: 640 },
      javaScriptEnabled: false,
    });
    const page = await narrow.newPage();
    await signIn(page, [landlord.code]);
    expect(await page.locator('#f-q').isVisible()).toBe(true);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(320);
    await narrow.close();
  });

  it('says emergency, overdue and works to check in words, in French and English', async () => {
    const page = await context.newPage();
    await signIn(page, [landlord.code]);
    const row = (ref: string) => page.locator(`tbody tr[data-reference="${ref}"]`);
    expect(await row(refs.gas).locator('.badge.emergency').textContent()).toBe('Urgence (danger)');
    expect(await row(refs.helene).locator('.badge.overdue').textContent()).toBe('En retard');
    expect(await row(refs.works).locator('.badge.check').textContent()).toBe(
      'Travaux signalés faits — à vérifier',
    );
    await page.goto(`${base}/agent?lang=en`);
    expect(await row(refs.gas).locator('.badge.emergency').textContent()).toBe('Emergency');
    expect(await row(refs.helene).locator('.badge.overdue').textContent()).toBe('Overdue');
    expect(await row(refs.works).locator('.badge.check').textContent()).toBe(
      'Works reported done — to check',
    );
  });
});
