import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TEST_PASSWORD, createTestApp, signedIn } from './support/app';
import { desktop, launchBrowser, listen, signInThroughPage } from './support/browser';
import { createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';
import { eventually } from './support/helpers';
import { TestSmtpServer } from './support/smtp';

// Issue 12 (accounts): a landlord's administrator must not learn that an address has an account at another
// landlord. Creating a staff account with such an address makes an invitation, which the administrator sees
// and manages exactly as the new account they think they made; its owner accepts it once signed in.

let app: NestFastifyApplication;
let smtp: TestSmtpServer;
let base: string;
let browser: Browser;
let context: BrowserContext;
/** Where the existing account works. */
let elsewhere: TestLandlord;

const STRONG = 'Rivière grise sous nuage 74';
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  smtp = await new TestSmtpServer().start();
  app = await createTestApp({ SMTP_URL: smtp.url });
  base = await listen(app);
  elsewhere = await createLandlord(app);
  browser = await launchBrowser();
}, 60_000);
beforeEach(async () => {
  context = await desktop(browser);
});
afterEach(() => context.close());
afterAll(async () => {
  await browser.close();
  await app.close();
  await smtp.stop();
});

/** An answer with what must differ between two landlords and two accounts taken out. */
function normalised(value: unknown, landlord: TestLandlord): unknown {
  return JSON.parse(
    JSON.stringify(value)
      .replaceAll(landlord.code, '<landlord>')
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
      .replace(/[\w.+-]+@[\w.-]+\.local/gi, '<email>')
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>'),
  );
}

/** The administrator's whole journey with one address; every answer, normalised. */
async function adminJourney(landlord: TestLandlord, email: string) {
  const users = `/api/v1/landlords/${landlord.code}/users`;
  const admin = landlord.as.landlord_admin;
  const seen: { step: string; status: number; body: unknown }[] = [];
  const record = (step: string, res: request.Response) =>
    seen.push({ step, status: res.status, body: normalised(res.body, landlord) });

  const created = await http()
    .post(users)
    .set(admin)
    .send({ email, displayName: 'Camille Martin', role: 'agent' });
  record('create', created);
  const id = created.body.id as string;
  record('list', await http().get(users).set(admin));
  // The account's own page in the portal (the administrator's "get").
  const page = await http().get(`/manage/${landlord.code}/users/${id}`).set(admin);
  seen.push({
    step: 'page',
    status: page.status,
    body: normalised(page.text.replace(/name="_csrf" value="[^"]*"/g, ''), landlord),
  });
  record('role', await http().patch(`${users}/${id}`).set(admin).send({ role: 'supervisor' }));
  record(
    'contractor',
    await http()
      .patch(`${users}/${id}`)
      .set(admin)
      .send({ role: 'contractor', contractorId: landlord.contractors[1] }),
  );
  record('disable', await http().patch(`${users}/${id}`).set(admin).send({ active: false }));
  record('list disabled', await http().get(users).set(admin));
  record('enable', await http().patch(`${users}/${id}`).set(admin).send({ active: true, role: 'agent' }));
  record('reset', await http().post(`${users}/${id}/password-reset`).set(admin));
  record('list again', await http().get(users).set(admin));
  record(
    'create again',
    await http().post(users).set(admin).send({ email, displayName: 'Camille Martin', role: 'agent' }),
  );
  // Another landlord's administrator does not reach it.
  record(
    'other landlord',
    await http().patch(`${users}/${id}`).set(elsewhere.as.landlord_admin).send({ active: false }),
  );
  return { id, seen };
}

/** The accept link of the last invitation e-mailed to `email` after `since`. */
async function invitationTo(email: string, since: number): Promise<{ token: string; text: string }> {
  const mail = await eventually(() =>
    smtp
      .to(email)
      .filter((m) => m.receivedAt >= since && m.text.includes('/account/invitations/'))
      .pop(),
  );
  const link = /https?:\/\/\S+\/account\/invitations\/([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!link) throw new Error(`no link in ${mail.text}`);
  return { token: link[1], text: mail.text };
}

async function signIn(page: Page, email: string, next?: string) {
  await Promise.all([page.waitForNavigation(), signInThroughPage(page, base, email, { next })]);
}

const membershipsOf = async (userId: string): Promise<number> => {
  const [row]: { n: number }[] = await app
    .get(DataSource)
    .query('SELECT count(*)::int AS n FROM memberships WHERE user_id = $1', [userId]);
  return row.n;
};

describe('signing in after an administrator creates an account', () => {
  // The reviewer's case: with an administrator-set password, signing in told a new account (200) from an
  // invitation (401). Now no password works for either until the person acts.
  it('fails alike for a new address and one used elsewhere, until the new person chooses a password', async () => {
    const existing = await signedIn(app, 'agent', { landlordCodes: [elsewhere.code] });
    const landlord = await createLandlord(app);
    const users = `/api/v1/landlords/${landlord.code}/users`;
    const fresh = `dominique-${Date.now()}@test.suivi.local`;
    const since = Date.now();

    // The password field is gone: sending one is refused, naming it.
    const withPassword = await http()
      .post(users)
      .set(landlord.as.landlord_admin)
      .send({ email: fresh, displayName: 'Dominique', password: STRONG, role: 'agent' });
    expect(withPassword.status).toBe(400);
    expect(JSON.stringify(withPassword.body)).toContain('password');

    const answers: { status: number; body: unknown }[] = [];
    const signIns: { status: number; body: unknown }[] = [];
    for (const email of [fresh, existing.email]) {
      const created = await http()
        .post(users)
        .set(landlord.as.landlord_admin)
        .send({ email, displayName: 'Dominique', role: 'agent' });
      answers.push({ status: created.status, body: normalised(created.body, landlord) });
      // The password the administrator would have set, and any other guess.
      for (const password of [STRONG, 'Une autre idée 2026 encore']) {
        const res = await http()
          .post('/api/v1/auth/token')
          .set('X-Forwarded-For', `10.12.${answers.length}.${signIns.length + 1}`)
          .send({ email, password });
        const { correlationId: _id, ...body } = res.body as Record<string, unknown>;
        signIns.push({ status: res.status, body });
      }
    }
    expect(answers[0]).toEqual({ status: 201, body: { id: '<id>' } });
    expect(answers[1]).toEqual(answers[0]);
    expect(signIns[0].status).toBe(401);
    expect(signIns[1].status).toBe(401);
    expect(signIns.slice(2)).toEqual(signIns.slice(0, 2));

    // The new person is e-mailed a link to choose their password; with it, they sign in.
    const mail = await eventually(() =>
      smtp
        .to(fresh)
        .filter((m) => m.receivedAt >= since)
        .pop(),
    );
    expect(mail.text).toContain(
      `Votre compte Suivi a été créé pour Bailleur ${landlord.code} : choisissez votre mot de passe`,
    );
    expect(mail.text).toContain(`Your Suivi account was created for Bailleur ${landlord.code}`);
    const token = /\/reset-password\/([A-Za-z0-9_-]+)/.exec(mail.text)![1];
    const [link]: { expires_at: Date }[] = await app
      .get(DataSource)
      .query(
        `SELECT r.expires_at FROM password_resets r JOIN users u ON u.id = r.user_id WHERE u.email = $1`,
        [fresh],
      );
    expect(link.expires_at.getTime() - Date.now()).toBeGreaterThan(71 * 3_600_000);
    await http()
      .post('/api/v1/auth/password-reset/confirm')
      .set('X-Forwarded-For', '10.12.9.3')
      .send({ token, password: STRONG })
      .expect(204);
    await http()
      .post('/api/v1/auth/token')
      .set('X-Forwarded-For', '10.12.9.1')
      .send({ email: fresh, password: STRONG })
      .expect(200);
    // The link is single-use.
    await http()
      .post('/api/v1/auth/password-reset/confirm')
      .set('X-Forwarded-For', '10.12.9.4')
      .send({ token, password: `${STRONG} bis` })
      .expect(404);
    // The existing account's own password still works, and it got the invitation, not a password link.
    await http()
      .post('/api/v1/auth/token')
      .set('X-Forwarded-For', '10.12.9.2')
      .send({ email: existing.email, password: TEST_PASSWORD })
      .expect(200);
    await invitationTo(existing.email, since);
    expect(smtp.to(existing.email).some((m) => m.text.includes('/reset-password/'))).toBe(false);
  });
});

describe('an address used at another landlord', () => {
  it('looks to the administrator exactly like a new address: create, list, page, changes, reset, 409', async () => {
    const existing = await signedIn(app, 'agent', { landlordCodes: [elsewhere.code] });
    const [fresh, taken] = [await createLandlord(app), await createLandlord(app)];
    const since = Date.now();

    const newAddress = await adminJourney(fresh, `camille-${Date.now()}@test.suivi.local`);
    const usedElsewhere = await adminJourney(taken, existing.email.toUpperCase());

    expect(newAddress.seen.map((s) => [s.step, s.status])).toEqual([
      ['create', 201],
      ['list', 200],
      ['page', 200],
      ['role', 200],
      ['contractor', 200],
      ['disable', 200],
      ['list disabled', 200],
      ['enable', 200],
      ['reset', 202],
      ['list again', 200],
      ['create again', 409],
      ['other landlord', 404],
    ]);
    expect(usedElsewhere.seen).toEqual(newAddress.seen);
    // The list shows it where a new account is shown, with the same fields.
    const listed = usedElsewhere.seen.find((s) => s.step === 'list')!.body as { displayName: string }[];
    expect(listed.map((a) => a.displayName)).toContain('Camille Martin');

    // Nothing changed on the existing account: same password, same single landlord.
    expect(await membershipsOf(existing.userId)).toBe(1);
    await http().get('/api/v1/auth/me').set(existing).expect(200);

    // Its owner got the invitation, then a new one with a new link (the reset); the first link is dead.
    const first = await eventually(async () => {
      const mails = smtp.to(existing.email).filter((m) => m.receivedAt >= since);
      return mails.length >= 2 ? mails : undefined;
    });
    expect(first[0].text).toContain(`Un administrateur du bailleur Bailleur ${taken.code} vous invite`);
    expect(first[0].text).toContain(`An administrator of Bailleur ${taken.code} invites you`);
    expect(first[0].text).toContain('Not expecting this? Ignore it');
    const tokens = first.map((m) => /\/account\/invitations\/([A-Za-z0-9_-]+)/.exec(m.text)![1]);
    expect(new Set(tokens).size).toBe(2);

    const page = await context.newPage();
    // Not signed in: sent to the sign-in, and brought back to the invitation.
    await page.goto(`${base}/account/invitations/${tokens[1]}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.fill('#f-email', existing.email);
    await page.fill('#f-password', TEST_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    expect(new URL(page.url()).pathname).toBe(`/account/invitations/${tokens[1]}`);
    const main = (await page.textContent('main'))!;
    expect(main).toContain(`Bailleur ${taken.code}`);
    expect(main).toContain('chargé de clientèle');
    const stale = await page.goto(`${base}/account/invitations/${tokens[0]}`);
    expect(stale!.status()).toBe(404);
    await page.goto(`${base}/account/invitations/${tokens[1]}`);
    const accepted = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Accepter l’invitation' }).click(),
    ]);
    expect(accepted[0]!.status()).toBe(200);
    expect(await page.textContent('.notice')).toContain(
      `vous travaillez désormais aussi pour Bailleur ${taken.code}`,
    );

    // Now a member like any other: the invitation gave way to the account itself.
    expect(await membershipsOf(existing.userId)).toBe(2);
    const list = await http()
      .get(`/api/v1/landlords/${taken.code}/users`)
      .set(taken.as.landlord_admin)
      .expect(200);
    const rows = (list.body as { id: string; email: string }[]).filter((a) => a.email === existing.email);
    expect(rows.map((r) => r.id)).toEqual([existing.userId]);
    await http()
      .get(`/api/v1/landlords/${taken.code}/users`)
      .set(taken.as.landlord_admin)
      .expect(200)
      .then((res) => expect(JSON.stringify(res.body)).not.toContain(usedElsewhere.id));
    // The link is spent.
    expect((await page.goto(`${base}/account/invitations/${tokens[1]}`))!.status()).toBe(404);
  });

  it('cannot be accepted by another account, nor with another role, nor once disabled', async () => {
    const existing = await signedIn(app, 'agent', { landlordCodes: [elsewhere.code] });
    const stranger = await signedIn(app, 'agent', { landlordCodes: [elsewhere.code] });
    const landlord = await createLandlord(app);
    const users = `/api/v1/landlords/${landlord.code}/users`;
    const since = Date.now();
    const { body } = await http()
      .post(users)
      .set(landlord.as.landlord_admin)
      .send({ email: existing.email, displayName: 'Invité', role: 'supervisor' })
      .expect(201);
    const { token } = await invitationTo(existing.email, since);

    // Another signed-in account: refused, and told nothing of the invitation.
    const page = await context.newPage();
    await signIn(page, stranger.email);
    const other = await page.goto(`${base}/account/invitations/${token}`);
    expect(other!.status()).toBe(403);
    expect(await page.textContent('main')).not.toContain(landlord.code);
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'suivi_session')!.value;
    const forged = await http()
      .post(`/account/invitations/${token}`)
      .set('Cookie', `suivi_session=${session}`);
    expect(forged.status).toBe(403); // no CSRF token
    expect(await membershipsOf(stranger.userId)).toBe(1);
    await context.clearCookies();

    // The invited account, but its role (agent) is not the invited one (supervisor).
    await signIn(page, existing.email);
    const wrongRole = await page.goto(`${base}/account/invitations/${token}`);
    expect(wrongRole!.status()).toBe(409);
    expect(await page.textContent('main')).toContain('administrateur de la plateforme');
    expect(await page.getByRole('button', { name: 'Accepter l’invitation' }).count()).toBe(0);

    // The administrator puts the role right, then disables it: it can no longer be accepted.
    await http()
      .patch(`${users}/${body.id}`)
      .set(landlord.as.landlord_admin)
      .send({ role: 'agent' })
      .expect(200);
    await page.goto(`${base}/account/invitations/${token}`);
    await http()
      .patch(`${users}/${body.id}`)
      .set(landlord.as.landlord_admin)
      .send({ active: false })
      .expect(200);
    const gone = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Accepter l’invitation' }).click(),
    ]);
    expect(gone[0]!.status()).toBe(404);
    expect(await membershipsOf(existing.userId)).toBe(1);

    // Enabled again, it is accepted.
    await http()
      .patch(`${users}/${body.id}`)
      .set(landlord.as.landlord_admin)
      .send({ active: true })
      .expect(200);
    await page.goto(`${base}/account/invitations/${token}`);
    const ok = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Accepter l’invitation' }).click(),
    ]);
    expect(ok[0]!.status()).toBe(200);
    expect(await membershipsOf(existing.userId)).toBe(2);
  });

  it('brings a two-step account back to the invitation after its code; a contractor of another firm is refused', async () => {
    const existing = await signedIn(app, 'agent', { landlordCodes: [elsewhere.code] });
    const begun = await http().post('/api/v1/auth/two-factor').set(existing).expect(200);
    const totp = new TOTP({
      algorithm: 'SHA1',
      digits: 6,
      period: 30,
      secret: Secret.fromBase32(begun.body.secret),
    });
    await http()
      .post('/api/v1/auth/two-factor/confirm')
      .set(existing)
      .send({ code: totp.generate() })
      .expect(200);
    const landlord = await createLandlord(app);
    const since = Date.now();
    await http()
      .post(`/api/v1/landlords/${landlord.code}/users`)
      .set(landlord.as.landlord_admin)
      .send({ email: existing.email, displayName: 'Deux étapes', role: 'agent' })
      .expect(201);
    const { token } = await invitationTo(existing.email, since);

    const page = await context.newPage();
    await page.goto(`${base}/account/invitations/${token}`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.fill('#f-email', existing.email);
    await page.fill('#f-password', TEST_PASSWORD);
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    expect(new URL(page.url()).pathname).toBe('/sign-in/code');
    // A code of the next time step: the one used to confirm enrolment is spent.
    await new Promise((r) => setTimeout(r, totp.remaining() + 200));
    await page.fill('#f-code', totp.generate());
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    expect(new URL(page.url()).pathname).toBe(`/account/invitations/${token}`);
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Accepter l’invitation' }).click(),
    ]);
    expect(await membershipsOf(existing.userId)).toBe(2);

    // A contractor account of one firm is not made a contractor of another landlord's firm.
    const contractor = await signedIn(app, 'contractor', {
      landlordCodes: [elsewhere.code],
      contractorId: elsewhere.contractors[0],
    });
    const later = Date.now();
    await http()
      .post(`/api/v1/landlords/${landlord.code}/users`)
      .set(landlord.as.landlord_admin)
      .send({
        email: contractor.email,
        displayName: 'Entreprise',
        role: 'contractor',
        contractorId: landlord.contractors[0],
      })
      .expect(201);
    const invited = await invitationTo(contractor.email, later);
    await context.clearCookies();
    await signIn(page, contractor.email);
    const refused = await page.goto(`${base}/account/invitations/${invited.token}`);
    expect(refused!.status()).toBe(409);
    expect(await membershipsOf(contractor.userId)).toBe(1);
  }, 60_000);
});
