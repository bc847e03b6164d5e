import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { randomIp } from './support/app';
import { expectAccessible, phone, screenshot, startPortal, stopPortal } from './support/browser';
import { fileComplaintWithToken } from './support/factory';
import type { TestLandlord } from './support/factory';

/** A day three weeks from now, `YYYY-MM-DD`: appointments must fall within the sane window (APPOINTMENT_LIMITS). */
const SOON = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);

// The tenant's and the contractor's pages without an account, in a real Chromium with JavaScript off.

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let base: string;
let postcode: string;
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  ({ app, base, landlord, browser } = await startPortal());
  // A postcode no other test landlord uses, so the search finds this landlord's residence alone.
  postcode = `9${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;
  await http()
    .post(`/api/v1/landlords/${landlord.code}/residences`)
    .set(landlord.as.landlord_admin)
    .send({
      code: 'ACACIAS',
      name: 'Résidence Les Acacias',
      agencyCode: 'NORD',
      address: '12 rue des Acacias',
      postcode,
      city: 'Roubaix',
      homesCount: 80,
    })
    .expect(201);
});
afterAll(() => stopPortal({ app, browser }));

async function transition(reference: string, body: Record<string, unknown>) {
  const res = await http()
    .post(`/api/v1/complaints/${reference}/transitions`)
    .set(landlord.as.agent)
    .send(body);
  expect(res.status).toBe(200);
  return res.body as { version: number; workOrderUrl?: string };
}

const submit = (page: Page, form = 'main form') => page.click(`${form} button[type="submit"]`);

describe('a tenant files, follows, confirms and rates; a contractor schedules and reports', () => {
  let tenant: BrowserContext;
  let contractor: BrowserContext;
  beforeAll(async () => {
    tenant = await phone(browser);
    contractor = await phone(browser);
  });
  afterAll(async () => {
    await tenant.close();
    await contractor.close();
  });

  it('walks the whole case from the browser', async () => {
    const page = await tenant.newPage();

    // 1. Find the residence by postcode, without knowing any code.
    await page.goto(`${base}/file`);
    await page.fill('#f-q', postcode);
    await submit(page, 'main form[role="search"]');
    expect(new URL(page.url()).searchParams.get('q')).toBe(postcode);
    const results = page.locator('.cards li');
    expect(await results.count()).toBe(1);
    expect(await results.first().textContent()).toContain(`Bailleur ${landlord.code}`);
    await screenshot(page, 'public-file-search-fr');
    await expectAccessible(tenant, page.url());
    await results.first().locator('a').click();
    const step = (name: string) => `/file/${landlord.code}/ACACIAS/${name}`;
    expect(new URL(page.url()).pathname).toBe(step('unit'));
    expect(await page.textContent('main')).toContain('Résidence Les Acacias');
    await screenshot(page, 'public-file-form-fr');
    await expectAccessible(tenant, page.url());

    // 2. One question a page; the safety questions of the chosen problem only; answers kept.
    await page.fill('#f-unit', 'Bât. B, porte 12');
    await submit(page);
    expect(new URL(page.url()).pathname).toBe(step('category'));
    await page.check('#f-category-0'); // heating
    await submit(page);
    expect(new URL(page.url()).pathname).toBe(step('safety'));
    await page.check('#f-flag-no_heating-0'); // yes
    await page.check('#f-flag-vulnerable_occupant-1'); // no
    await submit(page);
    await page.fill('#f-description', 'Plus de chauffage depuis hier soir, radiateurs froids.');
    await submit(page);
    await page.fill('#f-accessNotes', 'Digicode 4512B');
    await submit(page);
    expect(new URL(page.url()).pathname).toBe(step('name'));
    // A first try without a name: the error sits next to the field.
    await submit(page);
    expect(new URL(page.url()).pathname).toBe(step('name'));
    const nameField = page.locator('.field.has-error', { has: page.locator('#f-tenant-name') });
    expect(await nameField.locator('.field-error').textContent()).toContain('Indiquez votre nom');
    expect(await page.getAttribute('#f-tenant-name', 'aria-invalid')).toBe('true');
    expect(await page.textContent('.error-summary')).toContain('Votre nom');
    await screenshot(page, 'public-file-error-fr');
    await page.fill('#f-tenant-name', 'Amina Diallo');
    await submit(page);
    await page.fill('#f-tenant-phone', '06 12 34 56 78');
    await page.fill('#f-tenant-email', 'amina@example.org');
    await submit(page);
    await page.check('#f-tenant-preferredChannel-2'); // both
    await submit(page);
    await page.check('#f-shareContactWithContractor-0');
    await submit(page);
    expect(new URL(page.url()).pathname).toBe(step('check'));
    const check = (await page.textContent('main'))!;
    for (const answer of [
      'Bât. B, porte 12',
      'Plus de chauffage depuis hier soir, radiateurs froids.',
      'Digicode 4512B',
      'Amina Diallo',
      '06 12 34 56 78',
      'amina@example.org',
    ]) {
      expect(check).toContain(answer);
    }
    await expectAccessible(tenant, page.url());

    // 3. Filed: the confirmation with the reference, the link, why the urgency and each deadline.
    await submit(page);
    const confirmation = new URL(page.url());
    expect(confirmation.pathname).toMatch(/^\/t\/[\w-]{20,}$/);
    expect(confirmation.searchParams.get('filed')).toBe('1');
    const token = confirmation.pathname.split('/').pop()!;
    const reference = (await page.textContent('.reference-large'))!.trim();
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}/);
    expect(await page.textContent('.link-copy a')).toBe(await page.getAttribute('.link-copy a', 'href'));
    expect(await page.getAttribute('.link-copy a', 'href')).toMatch(new RegExp(`/t/${token}$`));
    const main = (await page.textContent('main'))!;
    expect(main).toContain('Votre signalement est enregistré');
    expect(main).toContain('Pourquoi :');
    expect(main).toContain('Délais fixés par les règles du bailleur');
    expect(await page.locator('#urgency-title ~ ul li').count()).toBeGreaterThanOrEqual(2);
    expect(main).toContain('Et maintenant');
    expect(main).not.toContain('Amina');
    await screenshot(page, 'public-file-confirmation-fr');
    await expectAccessible(tenant, page.url());

    // 4. Following it by reference and the last digits of the phone opens the same case.
    await page.goto(`${base}/follow`);
    await page.fill('#f-reference', reference);
    await page.fill('#f-verifier', '5678');
    await submit(page);
    expect(new URL(page.url()).pathname).toBe(`/t/${token}`);
    expect(await page.locator('.reference-large').count()).toBe(0);

    // 5. Staff acknowledge and assign through the JSON API; its links point at the pages.
    await transition(reference, { action: 'acknowledge', expectedVersion: 1 });
    const assigned = await transition(reference, {
      action: 'assign',
      expectedVersion: 2,
      contractorId: landlord.contractors[0],
    });
    const workOrderPath = new URL(assigned.workOrderUrl!).pathname;
    expect(workOrderPath).toMatch(/^\/w\/[\w-]{20,}$/);

    // 6. The contractor books the appointment and reports the works from the link.
    const w = await contractor.newPage();
    await w.goto(`${base}${workOrderPath}`);
    const order = (await w.textContent('main'))!;
    expect(order).toContain('12 rue des Acacias');
    expect(order).toContain('Digicode 4512B');
    expect(order).toContain('Amina');
    expect(order).not.toContain('Diallo');
    expect(order).toContain('Urgence');
    await screenshot(w, 'contractor-work-order-fr');
    await expectAccessible(contractor, w.url());
    // A slot ending before it starts is refused next to the field, keeping what was typed.
    await w.fill('#f-schedule-date', SOON);
    await w.fill('#f-schedule-start', '10:00');
    await w.fill('#f-schedule-end', '08:00');
    await submit(w, 'form[action$="/schedule"]');
    expect(await w.textContent('.error-summary')).toContain('après le début');
    expect(await w.inputValue('#f-schedule-date')).toBe(SOON);
    expect(await w.inputValue('#f-schedule-start')).toBe('10:00');
    await w.fill('#f-schedule-start', '08:00');
    await w.fill('#f-schedule-end', '10:00');
    await submit(w, 'form[action$="/schedule"]');
    expect(new URL(w.url()).searchParams.get('done')).toBe('schedule');
    expect(await w.textContent('.notice.success')).toContain('Rendez-vous enregistré');
    expect(await w.textContent('dl.facts')).toContain('08:00 – 10:00');
    await w.fill('#f-report_done-text', 'Circulateur remplacé, chauffage relancé.');
    await submit(w, 'form[action$="/report_done"]');
    expect(await w.textContent('.notice.success')).toContain('Travaux déclarés faits');
    await screenshot(w, 'contractor-work-order-done-fr');

    // 7. The tenant sees the appointment and confirms the works; each step is in the timeline.
    await page.goto(`${base}/t/${token}`);
    expect(await page.textContent('dl.facts')).toContain('entre 08:00 et 10:00');
    // Issue 14 J3: once works are reported, the next step is the tenant's confirmation, not "works".
    const reported = (await page.textContent('main'))!;
    expect(reported).toContain('à vous, confirmer les travaux');
    expect(reported).not.toMatch(/Prochaine étape\s*:\s*travaux/);
    await page.click('form[action$="/check_works"] button');
    expect(new URL(page.url()).searchParams.get('done')).toBe('check_works');
    expect(await page.textContent('.notice.success')).toContain('les travaux sont confirmés');
    const timeline = (await page.textContent('.timeline'))!;
    for (const step of [
      'signalement enregistré',
      'pris en charge',
      'entreprise désignée',
      'rendez-vous fixé',
      'travaux faits, à confirmer',
      'travaux vérifiés',
    ]) {
      expect(timeline).toContain(step);
    }
    expect(timeline).toContain('Circulateur remplacé');
    await screenshot(page, 'public-tracking-actions-fr');

    // 8. Once closed, the tenant rates it, once.
    const detail = await http().get(`/api/v1/complaints/${reference}`).set(landlord.as.agent).expect(200);
    await transition(reference, {
      action: 'close',
      expectedVersion: detail.body.version,
      resolution: 'Chauffage réparé',
    });
    await page.goto(`${base}/t/${token}`);
    await page.click('summary:has-text("Donner votre avis")');
    await page.check('#f-rate-score-3'); // 4
    await page.fill('#f-rate-comment', 'Rapide et poli.');
    await page.click('form[action$="/rate"] button');
    expect(await page.textContent('.notice.success')).toContain('Merci pour votre avis');
    expect(await page.locator('form[action$="/rate"]').count()).toBe(0);
    expect(await page.textContent('.timeline')).toContain('dossier clos');
    await screenshot(page, 'public-tracking-closed-fr');
    await expectAccessible(tenant, page.url());

    // The English views of the filing form and the tracking page.
    const en = await phone(browser, { locale: 'en-GB' });
    const p = await en.newPage();
    await p.goto(`${base}/file/${landlord.code}/ACACIAS/unit?lang=en`);
    expect(await p.textContent('h1')).toBe('Where is your home in the residence?');
    await screenshot(p, 'public-file-form-en');
    await p.goto(`${base}/t/${token}?lang=en`);
    expect(await p.textContent('main')).toContain('case closed');
    await screenshot(p, 'public-tracking-en');
    await en.close();
  }, 240_000);
});

describe('tenant actions on the tracking page', () => {
  let context: BrowserContext;
  beforeAll(async () => {
    context = await phone(browser);
  });
  afterAll(() => context.close());

  it('adds a note, and after someone else acted keeps the typed text with a clear message (409)', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const page = await context.newPage();
    await page.goto(`${base}/t/${filed.trackingToken}`);
    await page.click('summary:has-text("Ajouter un message")');
    await page.fill('#f-note-text', 'Je suis absente mardi.');
    await page.click('form[action$="/note"] button');
    expect(await page.textContent('.notice.success')).toContain('Votre message est enregistré');
    expect(await page.textContent('.timeline')).toContain('Je suis absente mardi.');

    // Staff act while the tenant is typing: the stale form is refused, the text is kept.
    await page.click('summary:has-text("Ajouter un message")');
    await page.fill('#f-note-text', 'Et jeudi aussi.');
    await transition(filed.reference, { action: 'acknowledge', expectedVersion: 2 });
    await page.click('form[action$="/note"] button');
    expect(await page.textContent('.notice.warning')).toContain('a changé pendant que vous le lisiez');
    expect(await page.inputValue('#f-note-text')).toBe('Et jeudi aussi.');
    expect(await page.textContent('dl.facts')).toContain('pris en charge');
    await screenshot(page, 'public-tracking-conflict-fr');
    await page.click('form[action$="/note"] button');
    expect(await page.textContent('.notice.success')).toContain('Votre message est enregistré');
    await expectAccessible(context, page.url());
  });

  it('asks for a review with a reason, refusing an empty one next to the field', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const res = await http()
      .post(`/t/${filed.trackingToken}/escalate`)
      .type('form')
      .set('X-Forwarded-For', randomIp())
      .send({ expectedVersion: '1', 'escalate.text': '  ' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.text).toContain('id="f-escalate-text-error"');
    expect(res.text).toMatch(/<details open[^>]*>\s*<summary>Demander un réexamen/);
    await http()
      .post(`/t/${filed.trackingToken}/escalate`)
      .type('form')
      .set('X-Forwarded-For', randomIp())
      .send({ expectedVersion: '1', 'escalate.text': 'Personne ne me répond.' })
      .expect(303)
      .expect('location', `/t/${filed.trackingToken}?done=escalate`);
    const view = await http().get(`/api/v1/track/${filed.trackingToken}`).expect(200);
    expect(view.body.timeline.map((e: { action: string }) => e.action)).toContain('escalate');
  });

  it('answers unknown actions and tokens with 404 pages, and a stale version with 409', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const bogus = await http().post(`/t/${filed.trackingToken}/close`).type('form').send({}).expect(404);
    expect(bogus.headers['content-type']).toMatch(/text\/html/);
    await http()
      .post(`/t/${'x'.repeat(43)}/note`)
      .type('form')
      .send({ expectedVersion: '1' })
      .expect(404);
    await http()
      .get(`/t/${'x'.repeat(43)}?filed=1`)
      .expect(404);
    const stale = await http()
      .post(`/t/${filed.trackingToken}/note`)
      .type('form')
      .send({ expectedVersion: '7', 'note.text': 'Texte gardé' })
      .expect(409);
    expect(stale.text).toContain('Texte gardé');
    const rate = await http()
      .post(`/t/${filed.trackingToken}/rate`)
      .type('form')
      .send({ 'rate.score': '5' })
      .expect(409);
    expect(rate.text).toContain('a changé');
  });
});

describe('filing edge cases', () => {
  it('refuses a short search, an unknown residence and an empty form without a 500', async () => {
    const short = await http().get('/file?q=a').expect(400);
    expect(short.text).toContain('au moins 2 caractères');
    await http().get(`/file/${landlord.code}/NOPE`).expect(404);
    await http()
      .get(`/file/${'X'.repeat(60)}/NOPE`)
      .expect(404);
    await http().get(`/file/${landlord.code}/ACACIAS/nope`).expect(404);
    // An empty check page (no draft): every missing answer is named, nothing is filed, no 500.
    const empty = await http()
      .post(`/file/${landlord.code}/ACACIAS/check`)
      .type('form')
      .set('X-Forwarded-For', randomIp())
      .send({})
      .expect(400);
    for (const field of ['f-category', 'f-description', 'f-tenant-name']) {
      expect(empty.text).toContain(`href="#${field}"`);
    }
    // The API's own rule, on the step that chooses the channel: a channel needs its contact.
    const agent = request.agent(app.getHttpServer());
    const ip = randomIp();
    const post = (name: string, body: Record<string, string>) =>
      agent.post(`/file/${landlord.code}/ACACIAS/${name}`).type('form').set('X-Forwarded-For', ip).send(body);
    await post('contact', { 'tenant.email': 'jo@example.org' }).expect(303);
    const noPhone = await post('channel', {
      'tenant.preferredChannel': 'sms',
      'tenant.language': 'fr',
    }).expect(400);
    expect(noPhone.text).toContain('Donnez d’abord un téléphone ou un e-mail pour ce choix');
    // A field no step declares is never kept.
    await post('unit', { unit: 'Porte 3', 'tenant.name': 'Injected' }).expect(303);
    const checkPage = await agent.get(`/file/${landlord.code}/ACACIAS/check`).expect(200);
    expect(checkPage.text).toContain('Porte 3');
    expect(checkPage.text).not.toContain('Injected');
  });

  it('the JSON API: residence search, and links that open the pages', async () => {
    const found = await http()
      .get(`/api/v1/residences?q=${postcode}`)
      .set('X-Forwarded-For', randomIp())
      .expect(200);
    expect(found.body).toEqual([
      expect.objectContaining({
        landlordCode: landlord.code,
        landlordName: `Bailleur ${landlord.code}`,
        residenceCode: 'ACACIAS',
        postcode,
      }),
    ]);
    const words = await http().get('/api/v1/residences?q=acacias roubaix').expect(200);
    expect(words.body.some((r: { residenceCode: string }) => r.residenceCode === 'ACACIAS')).toBe(true);
    await http().get('/api/v1/residences?q=a').expect(400);
    const filed = await http()
      .post('/api/v1/complaints')
      .set('X-Forwarded-For', randomIp())
      .send({
        landlordCode: landlord.code,
        residenceCode: 'ACACIAS',
        category: 'lift',
        description: 'Ascenseur en panne',
        tenant: { name: 'Jo', email: 'jo@example.org' },
      })
      .expect(201);
    expect(new URL(filed.body.trackingUrl).pathname).toBe(`/t/${filed.body.trackingToken}`);
    await http().get(new URL(filed.body.trackingUrl).pathname).expect(200);
  });
});

describe('urgency criteria', () => {
  it('shows the rules in plain words, with deadlines and the calendar of the year', async () => {
    const context = await phone(browser);
    const page = await context.newPage();
    await page.goto(`${base}/criteria/${landlord.code}`);
    const main = (await page.textContent('main'))!;
    expect(main).toContain(`Critères d’urgence — Bailleur ${landlord.code}`);
    expect(main).toContain('24 heures');
    expect(main).toContain('jours ouvrés');
    expect(main).toContain('Sentez-vous une odeur de gaz ?');
    expect(main).toContain('personne fragile');
    expect(main).toContain('version 0');
    await screenshot(page, 'public-criteria-fr');
    await expectAccessible(context, page.url());
    await page.click(`a[href^="/criteria/${landlord.code}/calendar"]`);
    const year = new Date().getFullYear();
    expect(await page.textContent('h1')).toContain(`Jours non ouvrés ${year}`);
    expect(await page.locator('tbody tr').count()).toBeGreaterThanOrEqual(11);
    await screenshot(page, 'public-criteria-calendar-fr');
    await expectAccessible(context, page.url());
    await page.goto(`${base}/criteria/${landlord.code}?lang=en`);
    expect(await page.textContent('main')).toContain('3 working days');
    await http().get('/criteria/NO-SUCH-LANDLORD').expect(404);
    await context.close();
  });
});

describe('verifiable histories for federations', () => {
  it('shows the checkpoint key on the criteria page and explains checkpoints, in French and English', async () => {
    const vkey = (await http().get('/transparency/key').expect(200)).text.trim();
    const context = await phone(browser);
    const page = await context.newPage();
    await page.goto(`${base}/criteria/${landlord.code}`);
    expect(await page.textContent('code.vkey')).toBe(vkey);
    await page.click(`a[href="/criteria/${landlord.code}/transparency"]`);
    const main = (await page.textContent('main'))!;
    expect(main).toContain(`Historiques vérifiables — Bailleur ${landlord.code}`);
    expect(main).toContain(vkey);
    expect(main).toContain(`fetch-checkpoint`);
    expect(main).toContain('--checkpoints checkpoints');
    await screenshot(page, 'public-transparency-fr');
    await expectAccessible(context, page.url());
    await page.goto(`${base}/criteria/${landlord.code}/transparency?lang=en`);
    expect(await page.textContent('main')).toContain('What is proven');
    await expectAccessible(context, page.url());
    await http().get('/criteria/NO-SUCH-LANDLORD/transparency').expect(404);
    await context.close();
  });
});

describe('contractor work order edge cases', () => {
  it('refuses a stale form with 409 and unknown links with 404', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    await transition(filed.reference, { action: 'acknowledge', expectedVersion: 1 });
    const assigned = await transition(filed.reference, {
      action: 'assign',
      expectedVersion: 2,
      contractorId: landlord.contractors[0],
    });
    const path = new URL(assigned.workOrderUrl!).pathname;
    const stale = await http()
      .post(`${path}/note`)
      .type('form')
      .send({ expectedVersion: '1', 'note.text': 'Pièce commandée' })
      .expect(409);
    expect(stale.text).toContain('Pièce commandée');
    const missing = await http()
      .post(`${path}/schedule`)
      .type('form')
      .send({ expectedVersion: String(assigned.version), 'schedule.date': 'demain' })
      .expect(400);
    expect(missing.text).toContain('id="f-schedule-date-error"');
    expect(missing.text).toContain('value="demain"');
    // A time that has the right shape but names no time of day is the contractor's typo: 400, not 500.
    const impossible = await http()
      .post(`${path}/schedule`)
      .type('form')
      .send({
        expectedVersion: String(assigned.version),
        'schedule.date': '2027-03-02',
        'schedule.start': '08:00',
        'schedule.end': '12:60',
      })
      .expect(400);
    expect(impossible.text).toContain('id="f-schedule-end-error"');
    expect(impossible.text).toContain('value="12:60"');
    await http().post(`${path}/check_works`).type('form').send({}).expect(404);
    await http()
      .get(`/w/${'x'.repeat(43)}`)
      .expect(404);
  });
});
