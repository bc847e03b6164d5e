import { createHash } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Secret, TOTP } from 'otpauth';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AuthService, UsersService } from '../libs/access/src';
import { TEST_PASSWORD, createTestApp, randomIp, signedIn } from './support/app';
import type { Page } from 'playwright-core';
import { desktop, launchBrowser, listen, signInThroughPage as fillSignIn } from './support/browser';
import { createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';
import { eventually } from './support/helpers';
import { TestSmtpServer } from './support/smtp';

let app: NestFastifyApplication;
let strict: NestFastifyApplication;
let smtp: TestSmtpServer;
let landlord: TestLandlord;
let otherLandlord: TestLandlord;
let base: string;
let strictBase: string;
let browser: Browser;

const STRONG = 'Rivière grise sous nuage 74';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  smtp = await new TestSmtpServer().start();
  app = await createTestApp({ SMTP_URL: smtp.url });
  // The same database, with administrators required to use two-step sign-in.
  strict = await createTestApp({ SMTP_URL: smtp.url, REQUIRE_2FA_FOR_ADMINS: 'true' });
  base = await listen(app);
  strictBase = await listen(strict);
  landlord = await createLandlord(app);
  otherLandlord = await createLandlord(app);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser.close();
  await Promise.all([app.close(), strict.close()]);
  await smtp.stop();
});

/** Signs in through the page and waits for where it leads. */
async function signInThroughPage(
  page: Page,
  at: string,
  email: string,
  options: { password?: string; next?: string } = {},
): Promise<void> {
  await Promise.all([page.waitForNavigation(), fillSignIn(page, at, email, options)]);
}

/** A staff account of `landlord` (created directly) with a bearer session. */
async function staff(role: 'agent' | 'landlord_admin' = 'agent', of: TestLandlord = landlord) {
  return signedIn(app, role, { landlordCodes: [of.code] });
}

function bearer(email: string, password: string, target = app) {
  return request(target.getHttpServer())
    .post('/api/v1/auth/token')
    .set('X-Forwarded-For', randomIp())
    .send({ email, password });
}

/** The link of the last reset e-mail sent to `email`. */
async function resetLinkTo(email: string, after = 0): Promise<string> {
  const mail = await eventually(() =>
    smtp
      .to(email)
      .filter((m) => m.receivedAt >= after)
      .pop(),
  );
  const link = /https?:\/\/\S+\/reset-password\/(\S+)/.exec(mail.text);
  if (!link) throw new Error(`no link in ${mail.text}`);
  return link[1];
}

/**
 * Has the landlord's administrator create a staff account (it has no password) and answers the token of
 * the link e-mailed to choose one.
 */
async function createdWithLink(email: string, displayName: string): Promise<string> {
  const since = Date.now();
  await http()
    .post(`/api/v1/landlords/${landlord.code}/users`)
    .set(landlord.as.landlord_admin)
    .send({ email, displayName, role: 'agent' })
    .expect(201);
  return resetLinkTo(email, since);
}

/** Chooses a password through a link (from its own address: the endpoint is throttled per address). */
function firstPassword(token: string, password: string) {
  return http()
    .post('/api/v1/auth/password-reset/confirm')
    .set('X-Forwarded-For', randomIp())
    .send({ token, password });
}

describe('password policy', () => {
  // An administrator sets no password (issue 12): the policy applies when the person chooses theirs.
  it.each([
    ['twelve spaces', '            '],
    ['digits', '123456789012'],
    ['a keyboard row', 'azertyuiopqs'],
    ['too short', 'Xk9#'],
  ])('refuses %s as the first password of a new account (400 naming the field)', async (_, password) => {
    const token = await createdWithLink(`weak-${Date.now()}@test.suivi.local`, 'Weak');
    const res = await firstPassword(token, password);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('password');
  });

  it('refuses a password made of the person’s own e-mail and name', async () => {
    const token = await createdWithLink(
      `marguerite.fontaine.${Date.now()}@test.suivi.local`,
      'Marguerite Fontaine',
    );
    const res = await firstPassword(token, 'marguerite fontaine');
    expect(res.status).toBe(400);
  });

  it('accepts a strong one, which then signs in', async () => {
    const email = `strong-${Date.now()}@test.suivi.local`;
    const token = await createdWithLink(email, 'Strong');
    await firstPassword(token, STRONG).expect(204);
    expect((await bearer(email, STRONG)).status).toBe(200);
  });

  it('refuses an administrator’s password for a new account (400 naming the field)', async () => {
    const res = await http()
      .post(`/api/v1/landlords/${landlord.code}/users`)
      .set(landlord.as.landlord_admin)
      .send({
        email: `set-${Date.now()}@test.suivi.local`,
        displayName: 'Set',
        password: STRONG,
        role: 'agent',
      });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('password');
  });
});

describe('changing one’s own password', () => {
  it('needs the current password, applies the policy, and revokes every other session', async () => {
    const user = await staff();
    const other = await bearer(user.email, TEST_PASSWORD).expect(200);
    const otherAuth = { Authorization: `Bearer ${other.body.token}` };

    const wrong = await http()
      .post('/api/v1/auth/password')
      .set(user)
      .send({ currentPassword: 'not it', newPassword: STRONG });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body)).toContain('currentPassword');
    const weak = await http()
      .post('/api/v1/auth/password')
      .set(user)
      .send({ currentPassword: TEST_PASSWORD, newPassword: '123456789012' });
    expect(weak.status).toBe(400);
    expect(JSON.stringify(weak.body)).toContain('newPassword');

    await http()
      .post('/api/v1/auth/password')
      .set(user)
      .send({ currentPassword: TEST_PASSWORD, newPassword: STRONG })
      .expect(204);
    await http().get('/api/v1/auth/me').set(user).expect(200);
    await http().get('/api/v1/auth/me').set(otherAuth).expect(401);
    expect((await bearer(user.email, TEST_PASSWORD)).status).toBe(401);
    expect((await bearer(user.email, STRONG)).status).toBe(200);
  });

  it('through the account page, in French, with the policy’s message beside the field', async () => {
    const user = await staff();
    const context = await desktop(browser);
    const page = await context.newPage();
    await signInThroughPage(page, base, user.email);
    await page.goto(`${base}/account`);
    expect(await page.textContent('h1')).toContain('Mon compte');
    await page.fill('#f-currentPassword', TEST_PASSWORD);
    await page.fill('#f-newPassword', '            ');
    const [refused] = await Promise.all([
      page.waitForNavigation(),
      page.click('text=Changer le mot de passe'),
    ]);
    expect(refused!.status()).toBe(400);
    expect(await page.textContent('#f-newPassword-error')).toContain('au moins 12 caractères');
    await page.fill('#f-currentPassword', TEST_PASSWORD);
    await page.fill('#f-newPassword', '123456789012');
    await Promise.all([page.waitForNavigation(), page.click('text=Changer le mot de passe')]);
    expect(await page.textContent('#f-newPassword-error')).toContain('trop facile à deviner');
    await page.fill('#f-currentPassword', TEST_PASSWORD);
    await page.fill('#f-newPassword', STRONG);
    await Promise.all([page.waitForNavigation(), page.click('text=Changer le mot de passe')]);
    expect(await page.textContent('.notice')).toContain('Mot de passe changé');
    await http().get('/api/v1/auth/me').set(user).expect(401);
    await context.close();
  });
});

describe('reset by e-mailed link', () => {
  it('answers the same for known and unknown addresses, and e-mails a link only to the known one', async () => {
    const user = await staff();
    const unknown = `nobody-${Date.now()}@test.suivi.local`;
    const known = await http()
      .post('/api/v1/auth/password-reset')
      .set('X-Forwarded-For', randomIp())
      .send({ email: user.email });
    const none = await http()
      .post('/api/v1/auth/password-reset')
      .set('X-Forwarded-For', randomIp())
      .send({ email: unknown });
    expect(known.status).toBe(202);
    expect(none.status).toBe(202);
    expect(none.body).toEqual(known.body);
    await resetLinkTo(user.email);
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp.to(unknown)).toEqual([]);
  });

  it('works once, within the hour, is kept hashed, and revokes every session', async () => {
    const user = await staff();
    const second = await bearer(user.email, TEST_PASSWORD).expect(200);
    const since = Date.now();
    await http()
      .post('/api/v1/auth/password-reset')
      .set('X-Forwarded-For', randomIp())
      .send({ email: user.email })
      .expect(202);
    const token = await resetLinkTo(user.email, since);
    const db = app.get(DataSource);
    const [row]: { token_hash: string; expires_at: Date }[] = await db.query(
      'SELECT token_hash, expires_at FROM password_resets WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1',
      [user.userId],
    );
    expect(row.token_hash).toBe(sha256(token));
    expect(row.token_hash).not.toContain(token);
    expect(row.expires_at.getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);

    const weak = await http()
      .post('/api/v1/auth/password-reset/confirm')
      .send({ token, password: '123456789012' });
    expect(weak.status).toBe(400);
    await http().post('/api/v1/auth/password-reset/confirm').send({ token, password: STRONG }).expect(204);
    await http().get('/api/v1/auth/me').set(user).expect(401);
    await http()
      .get('/api/v1/auth/me')
      .set({ Authorization: `Bearer ${second.body.token}` })
      .expect(401);
    expect((await bearer(user.email, STRONG)).status).toBe(200);
    // Single use.
    await http()
      .post('/api/v1/auth/password-reset/confirm')
      .send({ token, password: `${STRONG} bis` })
      .expect(404);
    expect((await bearer(user.email, STRONG)).status).toBe(200);
  });

  it('is spent by one of several simultaneous uses only', async () => {
    const user = await staff();
    const since = Date.now();
    await http()
      .post('/api/v1/auth/password-reset')
      .set('X-Forwarded-For', randomIp())
      .send({ email: user.email })
      .expect(202);
    const token = await resetLinkTo(user.email, since);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        http()
          .post('/api/v1/auth/password-reset/confirm')
          .set('X-Forwarded-For', randomIp())
          .send({ token, password: `${STRONG} ${i}` }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([204, 404, 404, 404, 404, 404]);
  });

  it('refuses an expired link', async () => {
    const user = await staff();
    const since = Date.now();
    await http()
      .post('/api/v1/auth/password-reset')
      .set('X-Forwarded-For', randomIp())
      .send({ email: user.email })
      .expect(202);
    const token = await resetLinkTo(user.email, since);
    await app
      .get(DataSource)
      .query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [
        sha256(token),
      ]);
    await http().post('/api/v1/auth/password-reset/confirm').send({ token, password: STRONG }).expect(404);
    expect((await bearer(user.email, STRONG)).status).toBe(401);
  });

  it('through the pages, without JavaScript', async () => {
    const user = await staff();
    const context = await desktop(browser);
    const page = await context.newPage();
    await page.goto(`${base}/sign-in`);
    await Promise.all([page.waitForNavigation(), page.click('text=Mot de passe oublié ?')]);
    const since = Date.now();
    await page.fill('#f-email', user.email);
    const [asked] = await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    expect([asked!.status(), page.url(), await page.textContent('main')]).toEqual([
      200,
      expect.stringContaining('done=sent'),
      expect.stringContaining('Si un compte utilise cette adresse'),
    ]);
    const token = await resetLinkTo(user.email, since);
    await page.goto(`${base}/reset-password/${token}`);
    await page.fill('#f-password', 'motdepasse2024');
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    expect(refused!.status()).toBe(400);
    expect(await page.textContent('#f-password-error')).toContain('trop facile à deviner');
    await page.fill('#f-password', STRONG);
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.textContent('.notice')).toContain('Mot de passe enregistré');
    const again = await page.goto(`${base}/reset-password/${token}`);
    expect(again!.status()).toBe(404);
    await signInThroughPage(page, base, user.email, { password: STRONG });
    expect(new URL(page.url()).pathname).toBe('/agent');
    await context.close();
  });

  it('a landlord admin sends a staff member a reset link: sessions end and the old password stops working', async () => {
    const user = await staff();
    const since = Date.now();
    await http()
      .post(`/api/v1/landlords/${landlord.code}/users/${user.userId}/password-reset`)
      .set(landlord.as.landlord_admin)
      .expect(202);
    await http().get('/api/v1/auth/me').set(user).expect(401);
    expect((await bearer(user.email, TEST_PASSWORD)).status).toBe(401);
    const token = await resetLinkTo(user.email, since);
    await http().post('/api/v1/auth/password-reset/confirm').send({ token, password: STRONG }).expect(204);
    expect((await bearer(user.email, STRONG)).status).toBe(200);

    // Not for another landlord's staff.
    const stranger = await staff('agent', otherLandlord);
    await http()
      .post(`/api/v1/landlords/${landlord.code}/users/${stranger.userId}/password-reset`)
      .set(landlord.as.landlord_admin)
      .expect(404);
    await http().get('/api/v1/auth/me').set(stranger).expect(200);
  });
});

describe('staff e-mails of other landlords', () => {
  it('creating an account with an address used at another landlord answers like a creation', async () => {
    const elsewhere = await staff('agent', otherLandlord);
    const body = (email: string) => ({ email, displayName: 'Doublon', role: 'agent' });
    const taken = await http()
      .post(`/api/v1/landlords/${landlord.code}/users`)
      .set(landlord.as.landlord_admin)
      .send(body(elsewhere.email.toUpperCase()));
    const fresh = await http()
      .post(`/api/v1/landlords/${landlord.code}/users`)
      .set(landlord.as.landlord_admin)
      .send(body(`fresh-${Date.now()}@test.suivi.local`));
    expect(taken.status).toBe(fresh.status);
    expect(Object.keys(taken.body)).toEqual(Object.keys(fresh.body));
    // Nothing was changed on the existing account, which still signs in with its own password.
    expect((await bearer(elsewhere.email, TEST_PASSWORD)).status).toBe(200);
    const [member]: { n: number }[] = await app
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM memberships WHERE user_id = $1', [elsewhere.userId]);
    expect(member.n).toBe(1);
    // An address already of this landlord is a plain conflict: it is in the admin's own list.
    const own = await staff('agent', landlord);
    await http()
      .post(`/api/v1/landlords/${landlord.code}/users`)
      .set(landlord.as.landlord_admin)
      .send(body(own.email))
      .expect(409);
  });
});

describe('sign-in from another site (login CSRF)', () => {
  it('refuses a sign-in form posted from another origin, and sets no session', async () => {
    const user = await staff();
    const res = await http()
      .post('/sign-in')
      .set('Origin', 'https://evil.example')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(res.status).toBe(403);
    expect(res.headers['set-cookie'] ?? []).toEqual([]);
    const referer = await http()
      .post('/api/v1/auth/session')
      .set('Referer', 'https://evil.example/page')
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(referer.status).toBe(403);
    // A sandboxed frame or a no-referrer page sends `Origin: null`: refused too.
    const opaque = await http()
      .post('/sign-in')
      .set('Origin', 'null')
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(opaque.status).toBe(403);
    const ok = await http()
      .post('/sign-in')
      .set('Origin', base)
      .set('Host', new URL(base).host)
      .type('form')
      .send({ email: user.email, password: TEST_PASSWORD });
    expect(ok.status).toBe(303);
  });

  it('a third-party page in a real browser cannot sign the visitor in', async () => {
    const user = await staff();
    const context = await desktop(browser);
    const page = await context.newPage();
    await page.route('http://attacker.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<form method="post" action="${base}/sign-in"><input name="email" value="${user.email}"><input name="password" value="${TEST_PASSWORD}"><button>go</button></form>`,
      }),
    );
    await page.goto('http://attacker.test/');
    const [response] = await Promise.all([page.waitForNavigation(), page.click('button')]);
    expect(response!.status()).toBe(403);
    expect((await context.cookies(base)).find((c) => c.name === 'suivi_session')).toBeUndefined();
    await context.close();
  });
});

describe('two-step sign-in (TOTP)', () => {
  const totpOf = (secret: string) =>
    new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });

  it('enrols, asks the code after the password, refuses a replayed code, and takes each recovery code once', async () => {
    const user = await staff('agent');
    const begun = await http().post('/api/v1/auth/two-factor').set(user).expect(200);
    const secret: string = begun.body.secret;
    expect(begun.body.otpauthUri).toContain('otpauth://totp/');
    const [stored]: { totp_secret: string }[] = await app
      .get(DataSource)
      .query('SELECT totp_secret FROM users WHERE id = $1', [user.userId]);
    expect(stored.totp_secret).not.toContain(secret);
    await http().post('/api/v1/auth/two-factor/confirm').set(user).send({ code: '000000' }).expect(400);
    const totp = totpOf(secret);
    const confirmed = await http()
      .post('/api/v1/auth/two-factor/confirm')
      .set(user)
      .send({ code: totp.generate() })
      .expect(200);
    const codes: string[] = confirmed.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    const hashes: { code_hash: string }[] = await app
      .get(DataSource)
      .query('SELECT code_hash FROM recovery_codes WHERE user_id = $1', [user.userId]);
    expect(hashes).toHaveLength(10);
    expect(hashes.map((h) => h.code_hash)).not.toContain(codes[0]);
    // Enrolled: the secret is not given again.
    await http().post('/api/v1/auth/two-factor').set(user).expect(409);

    // A password alone opens nothing.
    const half = await bearer(user.email, TEST_PASSWORD).expect(200);
    expect(half.body.secondFactor).toBe('code');
    const halfAuth = { Authorization: `Bearer ${half.body.token}` };
    const refused = await http().get('/api/v1/complaints').set(halfAuth);
    expect(refused.status).toBe(401);
    expect(refused.body.code ?? JSON.stringify(refused.body)).toContain('SECOND_FACTOR_REQUIRED');
    await http().post('/api/v1/auth/second-factor').set(halfAuth).send({ code: '123456' }).expect(401);

    // The code of the window the enrolment used is spent: a new step's code is needed. Wait for the next step.
    await new Promise((r) => setTimeout(r, totp.remaining() + 200));
    const code = totp.generate();
    await http().post('/api/v1/auth/second-factor').set(halfAuth).send({ code }).expect(200);
    await http().get('/api/v1/complaints').set(halfAuth).expect(200);

    // The same code again, in another sign-in: refused (replay).
    const again = await bearer(user.email, TEST_PASSWORD).expect(200);
    const againAuth = { Authorization: `Bearer ${again.body.token}` };
    expect(again.body.secondFactor).toBe('code');
    const replay = await http().post('/api/v1/auth/second-factor').set(againAuth).send({ code });
    expect([replay.status, replay.body]).toEqual([401, expect.anything()]);
    // A recovery code works once.
    await http()
      .post('/api/v1/auth/second-factor')
      .set(againAuth)
      .send({ code: codes[0].toUpperCase() })
      .expect(200);
    const third = await bearer(user.email, TEST_PASSWORD).expect(200);
    await http()
      .post('/api/v1/auth/second-factor')
      .set({ Authorization: `Bearer ${third.body.token}` })
      .send({ code: codes[0] })
      .expect(401);
  }, 60_000);

  it('limits wrong codes: after five, even the right one is refused', async () => {
    const user = await staff('agent');
    const begun = await http().post('/api/v1/auth/two-factor').set(user).expect(200);
    const confirmed = await http()
      .post('/api/v1/auth/two-factor/confirm')
      .set(user)
      .send({ code: totpOf(begun.body.secret).generate() })
      .expect(200);
    const half = await bearer(user.email, TEST_PASSWORD).expect(200);
    const auth = { Authorization: `Bearer ${half.body.token}` };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        http()
          .post('/api/v1/auth/second-factor')
          .set(auth)
          .send({ code: String(100000 + i) }),
      ),
    );
    expect(answers.filter((a) => a.status === 429).length).toBeGreaterThanOrEqual(15);
    await http()
      .post('/api/v1/auth/second-factor')
      .set(auth)
      .send({ code: confirmed.body.recoveryCodes[1] })
      .expect(429);
  });

  it('REQUIRE_2FA_FOR_ADMINS sends an admin to enrolment before anything else (pages, no JavaScript)', async () => {
    const email = `strict-admin-${Date.now()}@test.suivi.local`;
    await strict.get(UsersService).create({
      email,
      displayName: 'Strict Admin',
      password: TEST_PASSWORD,
      role: 'landlord_admin',
      landlordCodes: [landlord.code],
    });
    // The API: a token that opens only enrolment.
    const session = await strict.get(AuthService).signIn(email, TEST_PASSWORD, '127.0.0.1', 'bearer');
    expect(session!.principal.secondFactor).toBe('enrol');
    const refused = await request(strict.getHttpServer())
      .get(`/api/v1/landlords/${landlord.code}/users`)
      .set({ Authorization: `Bearer ${session!.token}` });
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).toContain('TWO_FACTOR_ENROLMENT_REQUIRED');
    // An agent is not concerned.
    const agent = await strict.get(UsersService).create({
      email: `strict-agent-${Date.now()}@test.suivi.local`,
      displayName: 'Agent',
      password: TEST_PASSWORD,
      role: 'agent',
      landlordCodes: [landlord.code],
    });
    expect(agent).toBeTruthy();

    const context = await desktop(browser);
    const page = await context.newPage();
    await signInThroughPage(page, strictBase, email);
    expect(new URL(page.url()).pathname).toBe('/account/two-factor');
    await page.goto(`${strictBase}/manage/${landlord.code}/users`);
    expect(new URL(page.url()).pathname).toBe('/account/two-factor');
    expect(await page.textContent('main')).toContain('Votre rôle demande la connexion en deux étapes');
    const src = await page.getAttribute('img.qr', 'src');
    expect(src).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(src!.split(',')[1], 'base64').toString()).toContain('<svg');
    const secret = (await page.textContent('.totp-secret'))!.replace(/\s/g, '');
    await page.fill('#f-code', totpOf(secret).generate());
    await Promise.all([page.waitForNavigation(), page.click('main button[type="submit"]')]);
    expect(await page.textContent('h1')).toContain('codes de secours');
    expect(await page.locator('.recovery-codes li').count()).toBe(10);
    const users = await page.goto(`${strictBase}/manage/${landlord.code}/users`);
    expect(users!.status()).toBe(200);
    await context.close();

    // Next time: the code after the password.
    const next = await desktop(browser);
    const second = await next.newPage();
    await signInThroughPage(second, strictBase, email, { next: `/manage/${landlord.code}/users` });
    expect(new URL(second.url()).pathname).toBe('/sign-in/code');
    await second.fill('#f-code', '000000');
    const [wrong] = await Promise.all([second.waitForNavigation(), second.click('text=Valider')]);
    expect(wrong!.status()).toBe(401);
    await new Promise((r) => setTimeout(r, totpOf(secret).remaining() + 200));
    await second.fill('#f-code', totpOf(secret).generate());
    await Promise.all([second.waitForNavigation(), second.click('text=Valider')]);
    expect(new URL(second.url()).pathname).toBe(`/manage/${landlord.code}/users`);
    await next.close();
  }, 90_000);
});
