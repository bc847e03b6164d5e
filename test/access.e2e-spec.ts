import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from '../apps/api/src/app.module';
import { ROUTE_POLICY } from '../apps/api/src/common/access';
import { PORTAL_CONTROLLERS } from '../apps/api/src/portal/portal';
import type { RoutePolicy } from '../apps/api/src/common/access';
import { PERMISSIONS, SIGN_IN_LIMITS, STAFF_ROLES } from '../libs/access/src';
import { FRANCE_PRESET } from '../libs/domain/src';
import type { StaffRole } from '../libs/access/src';
import { TEST_PASSWORD, createTestApp, randomIp, signedIn, testConfig } from './support/app';
import { complaintBody, createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';

interface Route {
  method: string;
  path: string;
  policy: RoutePolicy | undefined;
  /** A page of the portal: served outside /api/v1, anonymous visitors are sent to sign in (303). */
  page: boolean;
}

/** Every route of the API, read from the controllers' metadata: the matrix below grows with them. */
function routeTable(): Route[] {
  // Pages are routes too: at their own paths (no `/api/v1` prefix), with HTML answers.
  const controllers = (AppModule.forRoot(testConfig()).controllers ?? []) as Type[];
  return controllers.flatMap((controller) => {
    const page = (PORTAL_CONTROLLERS as Type[]).includes(controller);
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && typeof prototype[name] === 'function')
      .map((name) => prototype[name] as object)
      .filter((handler) => Reflect.getMetadata(PATH_METADATA, handler) !== undefined)
      .map((handler) => {
        const sub = String(Reflect.getMetadata(PATH_METADATA, handler));
        const path = ['', base === 'health' || page ? '' : 'api/v1', base, sub === '/' ? '' : sub]
          .filter(Boolean)
          .join('/')
          .replace(/\/+/g, '/');
        return {
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number],
          path: `/${path}`.replace(/^\/+/, '/'),
          policy: Reflect.getMetadata(ROUTE_POLICY, handler) as RoutePolicy | undefined,
          page,
        };
      });
  });
}

let app: NestFastifyApplication;
let own: TestLandlord;
let other: TestLandlord;
let ownReference: string;
let otherReference: string;
const notificationOf: Record<'own' | 'other', string> = { own: '', other: '' };
/** A staff account of each landlord, for the routes about one account. */
const staffOf: Record<'own' | 'other', string> = { own: '', other: '' };

/** Files through the partner (with consent) and assigns the landlord's first contractor, so every role
 * of the landlord — partner and contractor included — has this complaint in scope. */
async function scopedComplaint(landlord: TestLandlord): Promise<string> {
  const http = request(app.getHttpServer());
  const filed = await http
    .post('/api/v1/complaints')
    .set(landlord.as.partner)
    .send(complaintBody(landlord, { partner: { tenantConsent: true, caseReference: 'CASE-1' } }))
    .expect(201);
  const reference = filed.body.reference;
  await http
    .post(`/api/v1/complaints/${reference}/transitions`)
    .set(landlord.as.agent)
    .send({ action: 'acknowledge', expectedVersion: 1 })
    .expect(200);
  await http
    .post(`/api/v1/complaints/${reference}/transitions`)
    .set(landlord.as.agent)
    .send({ action: 'assign', expectedVersion: 2, contractorId: landlord.contractors[0] })
    .expect(200);
  return reference;
}

beforeAll(async () => {
  app = await createTestApp();
  own = await createLandlord(app);
  other = await createLandlord(app);
  ownReference = await scopedComplaint(own);
  otherReference = await scopedComplaint(other);
  // A published rule-set version of each landlord, for the routes about one version.
  for (const landlord of [own, other]) {
    await request(app.getHttpServer())
      .post(`/api/v1/landlords/${landlord.code}/rules`)
      .set(landlord.as.landlord_admin)
      .send({ ruleSet: FRANCE_PRESET })
      .expect(201);
  }
  // A message of each complaint, for the routes about one notification.
  for (const [reference, side] of [
    [ownReference, 'own'],
    [otherReference, 'other'],
  ] as const) {
    const [row]: { id: string }[] = await app
      .get(DataSource)
      .query(
        `SELECT n.id FROM notifications n JOIN complaints c ON c.id = n.complaint_id WHERE c.reference = $1 LIMIT 1`,
        [reference.replace(/-/g, '')],
      );
    notificationOf[side] = row?.id ?? '00000000-0000-4000-8000-000000000000';
  }
  staffOf.own = (await signedIn(app, 'agent', { landlordCodes: [own.code] })).userId;
  staffOf.other = (await signedIn(app, 'agent', { landlordCodes: [other.code] })).userId;
});
afterAll(() => app.close());

/** Bodies that pass validation without changing anything important; unknown routes send `{}`. */
const BODIES: Record<string, object> = {
  'POST /api/v1/complaints/:reference/transitions': {
    action: 'note',
    expectedVersion: 9999,
    visibility: 'public',
    text: 'x',
  },
  'POST /api/v1/complaints/:reference/notes': { visibility: 'public', text: 'x', expectedVersion: 9999 },
  'POST /api/v1/landlords': {
    code: 'MATRIX-X',
    name: 'x',
    timezone: 'Europe/Paris',
    country: 'FR',
    region: 'metropole',
  },
  'POST /api/v1/landlords/:code/agencies': { code: 'MATRIX', name: 'x' },
  'POST /api/v1/landlords/:code/residences': {
    code: 'MATRIX',
    name: 'x',
    address: 'x',
    postcode: '59000',
    city: 'x',
    homesCount: 1,
  },
  'POST /api/v1/landlords/:code/contractors': { name: 'Matrix' },
  'POST /api/v1/landlords/:code/rules': { ruleSet: FRANCE_PRESET },
  'POST /api/v1/landlords/:code/rules/evaluate': { category: 'heating', description: 'Plus de chauffage' },
  'PUT /api/v1/landlords/:code/closures': { days: ['2027-08-16'] },
  'POST /api/v1/landlords/:code/users': {
    email: 'matrix-user@test.suivi.local',
    displayName: 'Matrix',
    role: 'agent',
  },
  'PATCH /api/v1/landlords/:code/users/:id': { active: true },
  // Valid settings (the defaults), so that only who is asking decides the answer.
  'PUT /api/v1/landlords/:code/quiet-hours': { smsDayStart: '08:00', smsDayEnd: '21:00' },
  'PUT /api/v1/landlords/:code/on-call': {
    officeDays: [1, 2, 3, 4, 5],
    officeStart: '08:30',
    officeEnd: '18:00',
    escalationMinutes: 15,
    people: [],
  },
};

function pathFor(route: Route, landlord: TestLandlord, reference: string): string {
  return (
    route.path
      .replace(':reference', reference)
      .replace(':code', landlord.code)
      .replace(':version', '1')
      .replace(':action', 'note')
      // The directory's rows (issue 18 M4): the landlord's own; `reactivate` leaves an active row as it is.
      .replace(':agency', landlord.agencies[0])
      .replace(':residence', landlord.residences[0])
      .replace(':change', 'reactivate')
      .replace(':kind/:id', `contractors/${landlord.contractors[1]}`)
      .replace('/contractors/:id', `/contractors/${landlord.contractors[1]}`)
  );
}

const scoped = (route: Route) => route.path.includes(':reference') || route.path.includes(':code');

describe('authorization matrix', () => {
  const routes = routeTable();

  it('finds the routes, and every one declares a policy', () => {
    expect(routes.length).toBeGreaterThan(20);
    const missing = routes.filter((r) => !r.policy).map((r) => `${r.method} ${r.path}`);
    expect(missing).toEqual([]);
  });

  // Signing out would end the matrix users' sessions; sign-out has tests of its own.
  const signOuts = ['/api/v1/auth/sign-out', '/sign-out'];
  const guarded = routes.filter((r) => r.policy && !r.policy.public && !signOuts.includes(r.path));
  const cases = guarded.flatMap((route) => [
    ...STAFF_ROLES.flatMap((role) => [
      [route, role, 'own'],
      [route, role, 'other'],
    ]),
    [route, 'anonymous', 'own'],
  ]) as [Route, StaffRole | 'anonymous', 'own' | 'other'][];

  it.each(cases)('%# %s as %s on %s landlord', async (route, role, side) => {
    const landlord = side === 'own' ? own : other;
    const path = pathFor(route, landlord, side === 'own' ? ownReference : otherReference).replace(
      ':id',
      route.path.includes('/users/') ? staffOf[side] : notificationOf[side],
    );
    const req = request(app.getHttpServer())[route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch'](
      path,
    );
    // Every user of the matrix belongs to `own`; `other` is a landlord none of them is in.
    if (role !== 'anonymous') req.set(own.as[role]);
    // A merge into the row itself: well-formed (so scope, not validation, decides), and never carried out.
    const into = path.match(/\/(?:agencies|residences|contractors)\/([^/]+)\/merge$/)?.[1];
    const res = await req.send(into ? { into } : (BODIES[`${route.method} ${route.path}`] ?? {}));
    const permission = (route.policy as { permission: keyof typeof PERMISSIONS }).permission;
    if (role === 'anonymous') {
      expect(res.status).toBe(route.page ? 303 : 401);
    } else if (!(PERMISSIONS[permission] as readonly string[]).includes(role)) {
      expect(res.status).toBe(403);
    } else if (
      side === 'other' &&
      scoped(route) &&
      !(role === 'platform_admin' && route.path.includes(':code'))
    ) {
      expect(res.status).toBe(404);
    } else if (route.path.includes(':token')) {
      // A link's page with no real token in it: reached, and answers that the link does not work.
      expect(res.status).toBe(404);
    } else {
      expect([401, 403, 404, 500]).not.toContain(res.status);
    }
  });

  it('public routes answer anonymous callers', async () => {
    for (const route of routes.filter((r) => r.policy?.public && !r.page)) {
      const path = route.path.replace(':token', 'x'.repeat(43));
      const res = await request(app.getHttpServer())
        [route.method.toLowerCase() as 'get' | 'post' | 'put'](path)
        .set('X-Forwarded-For', randomIp())
        .send({});
      const refused = [401, 403, 500].includes(res.status);
      expect(refused ? `${route.method} ${route.path} → ${res.status}` : 'answered').toBe('answered');
    }
  });
});

describe('sign-in, sign-out, CSRF', () => {
  it('signs in with a bearer token, and sign-out revokes it', async () => {
    const http = request(app.getHttpServer());
    const user = await signedIn(app, 'agent', { landlordCodes: [own.code] });
    const res = await http
      .post('/api/v1/auth/token')
      .set('X-Forwarded-For', randomIp())
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(200);
    const auth = { Authorization: `Bearer ${res.body.token}` };
    await http
      .get('/api/v1/auth/me')
      .set(auth)
      .expect(200, /"role":"agent"/);
    await http.post('/api/v1/auth/sign-out').set(auth).expect(204);
    await http.get('/api/v1/auth/me').set(auth).expect(401);
    await http.get('/api/v1/complaints').set(auth).expect(401);
  });

  it('answers 401 for a wrong password and records every attempt', async () => {
    const user = await signedIn(app, 'agent');
    await request(app.getHttpServer())
      .post('/api/v1/auth/token')
      .set('X-Forwarded-For', randomIp())
      .send({ email: user.email, password: 'nope' })
      .expect(401);
    const rows = await app
      .get(DataSource)
      .query('SELECT outcome FROM sign_in_attempts WHERE email = $1 ORDER BY at', [user.email]);
    expect(rows.map((r: { outcome: string }) => r.outcome)).toEqual(['success', 'failure']);
  });

  it('slows failed sign-ins per account down, even from many addresses', async () => {
    const user = await signedIn(app, 'agent');
    const attempt = (password: string) =>
      request(app.getHttpServer())
        .post('/api/v1/auth/token')
        .set('X-Forwarded-For', randomIp())
        .send({ email: user.email, password });
    // The free attempts, the first attempts of addresses new to the account (one each, so one address
    // cannot take every slot), then one more once the slow-down's first delay starts.
    const admitted = SIGN_IN_LIMITS.accountFree + SIGN_IN_LIMITS.accountFirstsFromNewAddresses + 1;
    for (let i = 0; i < admitted; i++) expect((await attempt('wrong')).status).toBe(401);
    expect((await attempt('wrong')).status).toBe(429);
    // Slowed: even the right password waits for the delay.
    const slowed = await attempt(TEST_PASSWORD);
    expect(slowed.status).toBe(429);
    expect(slowed.body.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('throttles failed sign-ins per address across accounts', async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await request(app.getHttpServer())
        .post('/api/v1/auth/token')
        .set('X-Forwarded-For', ip)
        .send({ email: `nobody-${i}@test.suivi.local`, password: 'x' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20)).toEqual([429, 429]);
  });

  it('sets a secure http-only cookie and refuses a form post without the CSRF token', async () => {
    const http = request(app.getHttpServer());
    const user = await signedIn(app, 'agent', { landlordCodes: [own.code] });
    const res = await http
      .post('/api/v1/auth/session')
      .set('X-Forwarded-For', randomIp())
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/suivi_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0];
    const csrf = res.body.csrfToken;
    await http.get('/api/v1/auth/me').set('Cookie', cookie).expect(200);
    const form = (extra: string) =>
      http
        .post(`/api/v1/complaints/${ownReference}/notes`)
        .set('Cookie', cookie)
        .set('content-type', 'application/x-www-form-urlencoded')
        .send(`visibility=internal&text=Appel%20du%20locataire${extra}`);
    const refused = await form('');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CSRF');
    expect((await form('&_csrf=forged')).status).toBe(403);
    expect((await form(`&_csrf=${csrf}`)).status).toBe(201);
    // Trust review: with the right token, a post the browser says comes from another site is refused too.
    const crossSite = await form(`&_csrf=${csrf}`).set('Origin', 'https://evil.example');
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.code).toBe('CROSS_SITE');
    expect((await form(`&_csrf=${csrf}`).set('Referer', 'https://evil.example/x')).status).toBe(403);
    expect((await form(`&_csrf=${csrf}`).set('Origin', 'null')).status).toBe(403);
    expect((await form(`&_csrf=${csrf}`).set('Origin', testConfig().publicBaseUrl)).status).toBe(201);
    // Bearer clients are not cookie-borne, so they need no CSRF token.
    await http
      .post(`/api/v1/complaints/${ownReference}/notes`)
      .set(own.as.agent)
      .send({ visibility: 'internal', text: 'x' })
      .expect(201);
  });

  it('sends security headers and a correlation id, and no CORS allowance', async () => {
    const res = await request(app.getHttpServer()).get('/health').set('Origin', 'https://evil.example');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v1/complaints')
      .set(own.as.agent)
      .send(complaintBody(own, { description: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.text).not.toMatch(/at \w+ \(/);
  });
});
