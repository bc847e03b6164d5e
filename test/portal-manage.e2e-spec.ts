import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { randomIp, signedIn } from './support/app';
import {
  desktop,
  expectAccessible,
  screenshot,
  signInThroughPage,
  startPortal,
  stopPortal,
} from './support/browser';
import { createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';
import { eventually } from './support/helpers';
import { TestSmtpServer } from './support/smtp';

// A landlord administrator's pages, in a real Chromium with JavaScript off, and the staff accounts API.

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let base: string;
let context: BrowserContext;
let admin: { email: string; userId: string };
/** Where the e-mails go: a new staff account's link to choose its password. */
let smtp: TestSmtpServer;

const signIn = (page: Page, email: string, password?: string) =>
  signInThroughPage(page, base, email, { password });

/** Submits the form holding `selector` by its button named `name`. */
const press = (page: Page, name: string | RegExp) => page.getByRole('button', { name }).click();

beforeAll(async () => {
  smtp = await new TestSmtpServer().start();
  ({ app, base, landlord, browser } = await startPortal({ SMTP_URL: smtp.url }));
  admin = await signedIn(app, 'landlord_admin', { landlordCodes: [landlord.code] });
});
beforeEach(async () => {
  context = await desktop(browser);
});
afterEach(() => context.close());
afterAll(async () => {
  await stopPortal({ app, browser });
  await smtp.stop();
});

/** The token of the last "choose your password" link e-mailed to `email` after `since`. */
async function passwordLinkTo(email: string, since: number): Promise<string> {
  const mail = await eventually(() =>
    smtp
      .to(email)
      .filter((m) => m.receivedAt >= since && m.text.includes('/reset-password/'))
      .pop(),
  );
  return /\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
}

describe('the admin home', () => {
  // The rules page itself (the form editor) is tested in portal-rules.e2e-spec.ts.
  it('lists the landlord and links to its rules page', async () => {
    const page = await context.newPage();
    await signIn(page, admin.email);
    expect(new URL(page.url()).pathname).toBe('/manage');
    expect(await page.textContent('main')).toContain(landlord.code);
    await screenshot(page, 'manage-home-fr');
    await expectAccessible(context, `${base}/manage`);
    await page.click(`a[href="/manage/${landlord.code}/rules"]`);
    expect(await page.textContent('h1')).toContain('Règles d’urgence');
  });
});

describe('calendar and closures', () => {
  it('sets closure days (refusing what is not a day, keeping the text) and shows them with the holidays', async () => {
    const page = await context.newPage();
    await signIn(page, admin.email);
    await page.goto(`${base}/manage/${landlord.code}/calendar?year=2027`);
    expect(await page.textContent('main')).toContain('Fête Nationale');

    let typed = '2027-08-16\n16/08/2027';
    await page.fill('#f-days', typed);
    let [response] = await Promise.all([page.waitForNavigation(), press(page, 'Enregistrer les fermetures')]);
    expect(response!.status()).toBe(400);
    expect(await page.textContent('.field-error')).toContain('16/08/2027');
    expect(await page.inputValue('#f-days')).toBe(typed);

    typed = '2027-08-16\n2027-02-30';
    await page.fill('#f-days', typed);
    [response] = await Promise.all([page.waitForNavigation(), press(page, 'Enregistrer les fermetures')]);
    expect(response!.status()).toBe(400);
    expect(await page.textContent('.field-error')).toContain('2027-02-30');
    expect(await page.inputValue('#f-days')).toBe(typed);

    await page.fill('#f-days', '2027-12-24\n2027-08-16\n2028-01-02');
    await press(page, 'Enregistrer les fermetures');
    expect(new URL(page.url()).searchParams.get('done')).toBe('closures');
    expect(await page.textContent('.notice')).toContain('Fermetures enregistrées');
    const closures = (await page.textContent('ul.closures'))!;
    expect(closures).toContain('16 août 2027');
    expect(closures).toContain('24 décembre 2027');
    expect(closures).not.toContain('2028');
    expect(await page.inputValue('#f-days')).toBe('2027-08-16\n2027-12-24\n2028-01-02');
    await screenshot(page, 'manage-calendar-fr');
    await expectAccessible(context, page.url());

    // The same days through the public calendar API.
    const api = await request(app.getHttpServer())
      .get(`/api/v1/landlords/${landlord.code}/calendar?year=2027`)
      .expect(200);
    expect(api.body.closures).toEqual(['2027-08-16', '2027-12-24']);
  });
});

describe('staff accounts', () => {
  it('creates an agent who can sign in, changes the role, disables it: it cannot sign in any more', async () => {
    const page = await context.newPage();
    await signIn(page, admin.email);
    await page.goto(`${base}/manage/${landlord.code}/users`);
    const email = `nouvel.agent.${Date.now()}@test.suivi.local`;
    // No password field: the administrator never sets nor knows one (issue 12).
    expect(await page.locator('#f-password').count()).toBe(0);
    await page.fill('#f-email', 'pas-une-adresse');
    await page.fill('#f-displayName', 'Nadia Agent');
    await page.check('input[name="role"][value="agent"]');
    let [response] = await Promise.all([page.waitForNavigation(), press(page, 'Créer le compte')]);
    expect(response!.status()).toBe(400);
    expect(await page.textContent('.error-summary')).toContain('adresse e-mail valide');
    expect(await page.inputValue('#f-displayName')).toBe('Nadia Agent');
    await page.fill('#f-email', email);
    const since = Date.now();
    await press(page, 'Créer le compte');
    expect(await page.textContent('.notice')).toContain('Compte créé');
    expect(await page.textContent('.notice')).toContain('choisir son mot de passe');
    const row = page.locator('tr', { hasText: email });
    expect(await row.textContent()).toContain('chargé de clientèle');
    expect(await row.textContent()).toContain('jamais');
    await screenshot(page, 'manage-users-fr');
    await expectAccessible(context, page.url());

    // The same address again: 409, next to the field.
    await page.fill('#f-email', email.toUpperCase());
    await page.fill('#f-displayName', 'Doublon');
    [response] = await Promise.all([page.waitForNavigation(), press(page, 'Créer le compte')]);
    expect(response!.status()).toBe(409);
    expect(await page.textContent('#f-email-error')).toContain('existe déjà');

    // The new agent chooses a password through the e-mailed link, signs in, and is refused the admin pages.
    const password = 'un mot de passe assez long';
    const agentContext = await desktop(browser);
    const agentPage = await agentContext.newPage();
    await agentPage.goto(`${base}/reset-password/${await passwordLinkTo(email, since)}`);
    await agentPage.fill('#f-password', password);
    await Promise.all([agentPage.waitForNavigation(), agentPage.click('main button[type="submit"]')]);
    await signIn(agentPage, email, password);
    expect(new URL(agentPage.url()).pathname).toBe('/agent');
    const refused = await agentPage.goto(`${base}/manage/${landlord.code}/users`);
    expect(refused!.status()).toBe(403);
    expect(await agentPage.textContent('h1')).toContain('Accès refusé');

    // The admin makes them a supervisor, then disables the account.
    await page.reload();
    await page.click(`a[aria-label="Modifier le compte de Nadia Agent"]`);
    expect(await page.textContent('h1')).toContain('Nadia Agent');
    expect(await page.textContent('dl.facts')).not.toContain('jamais');
    await page.check('input[name="role"][value="supervisor"]');
    await press(page, 'Enregistrer le rôle');
    expect(await page.textContent('.notice')).toContain('Compte modifié');
    expect(await page.textContent('dl.facts')).toContain('responsable');
    await screenshot(page, 'manage-user-fr');
    await expectAccessible(context, page.url());
    await press(page, 'Désactiver ce compte');
    expect(await page.textContent('.notice')).toContain('Compte désactivé');
    expect(await page.textContent('dl.facts')).toContain('Désactivé');

    // Their open session stopped, and they cannot sign in again.
    await agentPage.goto(`${base}/manage`);
    expect(new URL(agentPage.url()).pathname).toBe('/sign-in');
    await signIn(agentPage, email, password);
    expect(new URL(agentPage.url()).pathname).toBe('/sign-in');
    expect(await agentPage.textContent('.error-summary')).toContain('incorrect');
    await agentContext.close();

    // Enabled again, they can.
    await press(page, 'Réactiver ce compte');
    expect(await page.textContent('.notice')).toContain('Compte réactivé');
    const again = await desktop(browser);
    const againPage = await again.newPage();
    await signIn(againPage, email, password);
    expect(new URL(againPage.url()).pathname).toBe('/agent');
    await again.close();
  });

  it('an admin cannot disable their own account from the page', async () => {
    const page = await context.newPage();
    await signIn(page, admin.email);
    await page.goto(`${base}/manage/${landlord.code}/users/${admin.userId}`);
    const [response] = await Promise.all([page.waitForNavigation(), press(page, 'Désactiver ce compte')]);
    expect(response!.status()).toBe(400);
    // In the page's language, never the service's English sentence.
    expect(await page.textContent('.error-summary')).toContain('votre propre compte');
    expect(await page.textContent('.error-summary')).not.toContain('own account');
  });
});

describe('agencies, residences, contractors', () => {
  it('adds each, refusing a duplicate code next to the field and keeping what was typed', async () => {
    const page = await context.newPage();
    await signIn(page, admin.email);

    await page.goto(`${base}/manage/${landlord.code}/agencies`);
    await page.fill('#f-code', 'NORD');
    await page.fill('#f-name', 'Agence Nord bis');
    let [response] = await Promise.all([page.waitForNavigation(), press(page, 'Ajouter l’agence')]);
    expect(response!.status()).toBe(409);
    expect(await page.textContent('#f-code-error')).toContain('existe déjà');
    expect(await page.inputValue('#f-name')).toBe('Agence Nord bis');
    await page.fill('#f-code', 'est');
    [response] = await Promise.all([page.waitForNavigation(), press(page, 'Ajouter l’agence')]);
    expect(response!.status()).toBe(400);
    expect(await page.textContent('#f-code-error')).toContain('majuscules');
    await page.fill('#f-code', 'EST');
    await press(page, 'Ajouter l’agence');
    expect(await page.textContent('.notice')).toContain('Agence ajoutée');
    expect(await page.textContent('table')).toContain('Agence Nord bis');
    await screenshot(page, 'manage-agencies-fr');
    await expectAccessible(context, page.url());

    await page.goto(`${base}/manage/${landlord.code}/residences`);
    await page.fill('#f-code', 'TILLEULS');
    await page.fill('#f-name', 'Les Tilleuls 2');
    await page.selectOption('#f-agencyCode', 'EST');
    await page.fill('#f-address', '3 rue de l’Est');
    await page.fill('#f-postcode', '67000');
    await page.fill('#f-city', 'Strasbourg');
    await page.fill('#f-homesCount', 'beaucoup');
    [response] = await Promise.all([page.waitForNavigation(), press(page, 'Ajouter la résidence')]);
    expect(response!.status()).toBe(400);
    expect(await page.textContent('#f-homesCount-error')).toContain('nombre entier');
    expect(await page.inputValue('#f-homesCount')).toBe('beaucoup');
    expect(await page.inputValue('#f-agencyCode')).toBe('EST');
    await page.fill('#f-homesCount', '42');
    [response] = await Promise.all([page.waitForNavigation(), press(page, 'Ajouter la résidence')]);
    expect(response!.status()).toBe(409);
    expect(await page.textContent('#f-code-error')).toContain('existe déjà');
    expect(await page.inputValue('#f-city')).toBe('Strasbourg');
    await page.fill('#f-code', 'ORANGERIE');
    await press(page, 'Ajouter la résidence');
    expect(await page.textContent('.notice')).toContain('Résidence ajoutée');
    expect(await page.locator('tr', { hasText: 'ORANGERIE' }).textContent()).toContain('Strasbourg');
    await screenshot(page, 'manage-residences-fr');
    await expectAccessible(context, page.url());

    await page.goto(`${base}/manage/${landlord.code}/contractors`);
    await page.fill('#f-name', 'Électricité Dupont');
    await page.fill('#f-trade', 'électricité');
    await page.fill('#f-phoneE164', '03 20 00 00 00');
    [response] = await Promise.all([page.waitForNavigation(), press(page, 'Ajouter l’entreprise')]);
    expect(response!.status()).toBe(400);
    expect(await page.textContent('#f-phoneE164-error')).toContain('format international');
    expect(await page.inputValue('#f-trade')).toBe('électricité');
    await page.fill('#f-phoneE164', '+33320000000');
    await press(page, 'Ajouter l’entreprise');
    expect(await page.textContent('.notice')).toContain('Entreprise ajoutée');
    expect(await page.locator('tr', { hasText: 'Électricité Dupont' }).textContent()).toContain(
      '+33320000000',
    );
    await screenshot(page, 'manage-contractors-fr');
    await expectAccessible(context, page.url());
  });
});

describe('on-call duty', () => {
  it('sets office hours and a rota without JavaScript, refusing a landline and a closing before opening beside the fields', async () => {
    const page = await context.newPage();
    await signIn(page, admin.email);
    await page.goto(`${base}/manage/${landlord.code}/on-call`);
    expect(await page.textContent('h1')).toContain('Astreinte');
    // Defaults: Monday to Friday, 08:30–18:00, 15 minutes.
    expect(await page.isChecked('#f-officeDays-0')).toBe(true);
    expect(await page.isChecked('#f-officeDays-5')).toBe(false);
    expect(await page.inputValue('#f-escalationMinutes')).toBe('15');

    await page.fill('#f-officeEnd', '07:00');
    await page.fill('#f-onCall1-name', 'Camille Martin');
    await page.fill('#f-onCall1-phone', '03 20 00 00 00');
    await page.fill('#f-supervisor-name', 'Claude Petit');
    await page.fill('#f-supervisor-phone', '06 12 34 56 78');
    const [response] = await Promise.all([page.waitForNavigation(), press(page, 'Enregistrer l’astreinte')]);
    expect(response!.status()).toBe(400);
    expect(await page.textContent('#f-onCall1-phone-error')).toContain('mobile');
    expect(await page.textContent('#f-officeEnd-error')).toContain('après l’ouverture');
    expect(await page.inputValue('#f-onCall1-name')).toBe('Camille Martin');
    expect(await page.inputValue('#f-supervisor-phone')).toBe('06 12 34 56 78');

    await page.fill('#f-officeEnd', '18:00');
    await page.fill('#f-onCall1-phone', '06 11 22 33 44');
    await page.check('#f-officeDays-5');
    await press(page, 'Enregistrer l’astreinte');
    expect(new URL(page.url()).searchParams.get('done')).toBe('saved');
    expect(await page.textContent('.notice')).toContain('Astreinte enregistrée');
    expect(await page.inputValue('#f-onCall1-phone')).toBe('+33611223344');
    expect(await page.inputValue('#f-supervisor-name')).toBe('Claude Petit');
    expect(await page.isChecked('#f-officeDays-5')).toBe(true);
    await screenshot(page, 'manage-on-call-fr');
    await expectAccessible(context, page.url());

    // An agency's rota is its own; the same rota through the API.
    await page.click(`a[href="/manage/${landlord.code}/on-call?agency=NORD"]`);
    expect(await page.inputValue('#f-onCall1-name')).toBe('');
    const api = await request(app.getHttpServer())
      .get(`/api/v1/landlords/${landlord.code}/on-call`)
      .set(landlord.as.landlord_admin)
      .expect(200);
    expect(api.body.officeHours.days).toEqual([1, 2, 3, 4, 5, 6]);
    expect(api.body.rotas).toEqual([
      {
        agencyCode: null,
        people: [
          expect.objectContaining({ role: 'on_call', position: 1, phone: '+33611223344' }),
          expect.objectContaining({ role: 'supervisor', name: 'Claude Petit' }),
        ],
      },
    ]);

    // The page is held to the API's rules (OnCallPersonDto): a name posted on two lines is refused beside
    // its field, as the JSON API refuses it (before, the page saved it; an input cannot hold a line break,
    // but a hand-made post can).
    await page.goto(`${base}/manage/${landlord.code}/on-call`);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const twoLines = await page.request.post(`${base}/manage/${landlord.code}/on-call`, {
      form: {
        _csrf: csrf,
        officeDays: '1',
        officeStart: '08:30',
        officeEnd: '18:00',
        escalationMinutes: '15',
        'onCall1.name': 'Camille\nMartin',
        'onCall1.phone': '06 11 22 33 44',
        'supervisor.name': 'Claude Petit',
        'supervisor.phone': '06 12 34 56 78',
      },
    });
    expect(twoLines.status()).toBe(400);
    expect(await twoLines.text()).toContain('Saisissez ce champ sur une seule ligne.');
    const kept = await request(app.getHttpServer())
      .get(`/api/v1/landlords/${landlord.code}/on-call`)
      .set(landlord.as.landlord_admin)
      .expect(200);
    expect(JSON.stringify(kept.body)).not.toContain('Camille\\nMartin');

    const agent = await signedIn(app, 'agent', { landlordCodes: [landlord.code] });
    const agentPage = await (await desktop(browser)).newPage();
    await signIn(agentPage, agent.email);
    expect((await agentPage.goto(`${base}/manage/${landlord.code}/on-call`))!.status()).toBe(403);
    await agentPage.context().close();
  });
});

describe('who may open the admin pages', () => {
  it('an agent gets 403 on every /manage page; anonymous visitors go to sign-in; other landlords are 404', async () => {
    const page = await context.newPage();
    const agent = await signedIn(app, 'agent', { landlordCodes: [landlord.code] });
    await signIn(page, agent.email);
    for (const path of [
      '',
      '/X/rules',
      `/${landlord.code}/rules`,
      `/${landlord.code}/calendar`,
      `/${landlord.code}/users`,
      `/${landlord.code}/agencies`,
      `/${landlord.code}/residences`,
      `/${landlord.code}/contractors`,
    ]) {
      const response = await page.goto(`${base}/manage${path}`);
      expect(`${path} ${response!.status()}`).toBe(`${path} 403`);
    }
    const other = await createLandlord(app);
    const adminPage = await context.newPage();
    await context.clearCookies();
    await signIn(adminPage, admin.email);
    const response = await adminPage.goto(`${base}/manage/${other.code}/rules`);
    expect(response!.status()).toBe(404);
    const anonymous = await request(app.getHttpServer()).get(`/manage/${landlord.code}/users`).expect(303);
    expect(anonymous.headers.location).toBe(
      `/sign-in?next=${encodeURIComponent(`/manage/${landlord.code}/users`)}`,
    );
  });

  it('a form post without the CSRF token is refused', async () => {
    const page = await context.newPage();
    await signIn(page, admin.email);
    const cookie = (await context.cookies()).find((c) => c.name === 'suivi_session')!;
    await request(app.getHttpServer())
      .post(`/manage/${landlord.code}/agencies`)
      .set('Cookie', `suivi_session=${cookie.value}`)
      .type('form')
      .send({ code: 'CSRF', name: 'x' })
      .expect(403);
  });
});

describe('staff accounts API', () => {
  const http = () => request(app.getHttpServer());
  const users = (code: string) => `/api/v1/landlords/${code}/users`;

  it('lists, creates, changes the role and disables; a disabled account’s token stops working', async () => {
    const since = Date.now();
    const created = await http()
      .post(users(landlord.code))
      .set(landlord.as.landlord_admin)
      .send({
        email: `api.${Date.now()}@test.suivi.local`,
        displayName: 'Api Agent',
        role: 'agent',
      })
      .expect(201);
    const id = created.body.id as string;
    const listed = await http().get(users(landlord.code)).set(landlord.as.landlord_admin).expect(200);
    const row = (
      listed.body as { id: string; role: string; active: boolean; lastSignInAt: string | null }[]
    ).find((u) => u.id === id)!;
    expect(row).toMatchObject({ role: 'agent', active: true, lastSignInAt: null });

    const email = (listed.body as { id: string; email: string }[]).find((u) => u.id === id)!.email;
    // The person chooses their password through the e-mailed link (the administrator sets none).
    await http()
      .post('/api/v1/auth/password-reset/confirm')
      .set('X-Forwarded-For', randomIp())
      .send({ token: await passwordLinkTo(email, since), password: 'long enough password' })
      .expect(204);
    const token = await http()
      .post('/api/v1/auth/token')
      .set('X-Forwarded-For', randomIp())
      .send({ email, password: 'long enough password' })
      .expect(200);
    const bearer = { Authorization: `Bearer ${token.body.token}` };
    await http().get('/api/v1/auth/me').set(bearer).expect(200);
    const afterSignIn = await http().get(users(landlord.code)).set(landlord.as.landlord_admin).expect(200);
    expect(
      (afterSignIn.body as { id: string; lastSignInAt: string | null }[]).find((u) => u.id === id)!
        .lastSignInAt,
    ).not.toBeNull();

    const changed = await http()
      .patch(`${users(landlord.code)}/${id}`)
      .set(landlord.as.landlord_admin)
      .send({ role: 'supervisor' })
      .expect(200);
    expect(changed.body).toMatchObject({ role: 'supervisor', active: true });
    const disabled = await http()
      .patch(`${users(landlord.code)}/${id}`)
      .set(landlord.as.landlord_admin)
      .send({ active: false })
      .expect(200);
    expect(disabled.body.active).toBe(false);
    await http().get('/api/v1/auth/me').set(bearer).expect(401);
    await http()
      .post('/api/v1/auth/token')
      .set('X-Forwarded-For', randomIp())
      .send({ email, password: 'long enough password' })
      .expect(401);
    const hash: { password_hash: string }[] = await app
      .get(DataSource)
      .query('SELECT password_hash FROM users WHERE id = $1', [id]);
    expect(hash[0].password_hash).toMatch(/^\$argon2id\$/);
  });

  it('refuses platform roles, foreign contractors, missing contractors, own-account changes, and accounts of other landlords', async () => {
    const other = await createLandlord(app);
    const body = {
      email: `x.${Date.now()}@test.suivi.local`,
      displayName: 'X',
    };
    const asAdmin = landlord.as.landlord_admin;
    const refused = await http()
      .post(users(landlord.code))
      .set(asAdmin)
      .send({ ...body, role: 'platform_admin' })
      .expect(400);
    expect(JSON.stringify(refused.body)).toContain('role');
    await http()
      .post(users(landlord.code))
      .set(asAdmin)
      .send({ ...body, role: 'partner' })
      .expect(400);
    const noContractor = await http()
      .post(users(landlord.code))
      .set(asAdmin)
      .send({ ...body, role: 'contractor' })
      .expect(400);
    expect(JSON.stringify(noContractor.body)).toContain('contractorId');
    await http()
      .post(users(landlord.code))
      .set(asAdmin)
      .send({ ...body, role: 'contractor', contractorId: other.contractors[0] })
      .expect(400);
    const contractor = await http()
      .post(users(landlord.code))
      .set(asAdmin)
      .send({ ...body, role: 'contractor', contractorId: landlord.contractors[1] })
      .expect(201);
    const contractorRow = (await http().get(users(landlord.code)).set(asAdmin).expect(200)).body.find(
      (u: { id: string }) => u.id === contractor.body.id,
    );
    expect(contractorRow.contractorId).toBe(landlord.contractors[1]);
    // Another landlord: 404 like an unknown one; nor can its admin reach this landlord's accounts.
    await http()
      .post(users(other.code))
      .set(asAdmin)
      .send({ ...body, email: `y.${Date.now()}@test.suivi.local`, role: 'agent' })
      .expect(404);
    await http()
      .patch(`${users(other.code)}/${contractor.body.id}`)
      .set(other.as.landlord_admin)
      .send({ active: false })
      .expect(404);
    // One's own account stays as it is.
    const me = await signedIn(app, 'landlord_admin', { landlordCodes: [landlord.code] });
    await http()
      .patch(`${users(landlord.code)}/${me.userId}`)
      .set(me)
      .send({ active: false })
      .expect(400);
    await http()
      .patch(`${users(landlord.code)}/${me.userId}`)
      .set(me)
      .send({ role: 'agent' })
      .expect(400);
    // An account that also works for another landlord is the platform's to change.
    const shared = await signedIn(app, 'agent', { landlordCodes: [landlord.code, other.code] });
    await http()
      .patch(`${users(landlord.code)}/${shared.userId}`)
      .set(asAdmin)
      .send({ active: false })
      .expect(403);
    await http()
      .patch(`${users(landlord.code)}/${shared.userId}`)
      .set(landlord.as.platform_admin)
      .send({ role: 'supervisor' })
      .expect(200);
    await http().get(users(landlord.code)).set(landlord.as.agent).expect(403);
  });

  it('a dry run through the API takes the filing date', async () => {
    const at = (date: string) =>
      http()
        .post(`/api/v1/landlords/${landlord.code}/rules/evaluate`)
        .set(landlord.as.landlord_admin)
        .send({ category: 'heating', flags: ['no_heating'], description: 'Plus de chauffage', at: date })
        .expect(200);
    expect((await at('2027-01-14T10:00:00Z')).body.ruleIds).toContain('no_heating_in_season');
    expect((await at('2027-07-14T10:00:00Z')).body.ruleIds).not.toContain('no_heating_in_season');
    await http()
      .post(`/api/v1/landlords/${landlord.code}/rules/evaluate`)
      .set(landlord.as.landlord_admin)
      .send({ category: 'heating', description: 'x', at: '2027-02-30' })
      .expect(400);
  });
});
