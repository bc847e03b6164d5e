import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../apps/api/src/bootstrap';
import { TEST_PASSWORD, createTestApp, randomIp, signedIn, testConfig } from './support/app';
import { complaintBody, createLandlord, fileComplaint } from './support/factory';
import type { TestLandlord } from './support/factory';
import { FRANCE_PRESET } from '../libs/domain/src';
import { transitionAsAgent } from './support/helpers';

/**
 * Issue 12, items 1, 2 and the edge-wide part of 7: nothing a request carries may reach an object's
 * prototype, set a header it cannot hold, or stop the process; NUL bytes, lone surrogates, forbidden keys
 * and deep nesting are refused once, at the edge, for every body, query and path.
 */
let app: NestFastifyApplication;
let own: TestLandlord;
let other: TestLandlord;
const http = () => request(app.getHttpServer());
const form = (fields: [string, string][]) =>
  fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
let cleanPrototype: string[];

beforeAll(async () => {
  app = await createTestApp();
  own = await createLandlord(app);
  other = await createLandlord(app);
  cleanPrototype = prototypeNames();
});
afterAll(async () => {
  // Leave the realm as found even when a test failed because pollution got through.
  for (const name of prototypeNames()) {
    if (!cleanPrototype.includes(name)) delete (Object.prototype as Record<string, unknown>)[name];
  }
  await app.close();
});

/** A transition of the other landlord through the JSON API, after an attack on this one. */
async function otherLandlordStillWorks(): Promise<void> {
  expect(prototypeNames()).toEqual(cleanPrototype);
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  const reference = await fileComplaint(app, other);
  await transitionAsAgent(app, other, reference, { action: 'acknowledge' });
  await http().get('/health').expect(200);
}

const POLLUTING: [string, string][] = [
  ['__proto__.x', 'polluted'],
  ['constructor.prototype.x', 'polluted'],
  ['__proto__', 'polluted'],
  ['prototype.x', 'polluted'],
];

describe('prototype pollution through form field names (item 1)', () => {
  it('a partner filing with __proto__ / constructor.prototype fields pollutes nothing', async () => {
    const base: [string, string][] = [
      ['place', `${own.code}/TILLEULS`],
      ['category', 'heating'],
      ['description', 'Plus de chauffage depuis hier.'],
      ['tenant.name', 'Amina Diallo'],
      ['tenant.phone', '06 12 34 56 78'],
      ['partner.tenantConsent', 'yes'],
    ];
    for (const attack of [
      ...POLLUTING,
      ['tenant.__proto__.x', 'polluted'],
      ['tenant.constructor.prototype.x', 'polluted'],
    ] as [string, string][]) {
      const res = await http()
        .post('/partners/file')
        .set(own.as.partner)
        .set('content-type', 'application/x-www-form-urlencoded')
        .send(form([...base, attack]));
      expect([303, 400]).toContain(res.status);
      expect(prototypeNames()).toEqual(cleanPrototype);
    }
    await otherLandlordStillWorks();
  });

  it('an agent action with note.__proto__ fields pollutes nothing, and later transitions work', async () => {
    const reference = await fileComplaint(app, own);
    for (const attack of [
      ...POLLUTING,
      ['note.__proto__.x', 'polluted'],
      ['note.constructor.prototype.x', 'polluted'],
      ['note.__proto__', 'polluted'],
    ] as [string, string][]) {
      const current = await http().get(`/api/v1/complaints/${reference}`).set(own.as.agent).expect(200);
      const res = await http()
        .post(`/agent/complaints/${reference}/actions`)
        .set(own.as.agent)
        .set('content-type', 'application/x-www-form-urlencoded')
        .send(
          form([
            ['action', 'note'],
            ['expectedVersion', String(current.body.version)],
            ['note.visibility', 'internal'],
            ['note.text', 'Appel du locataire'],
            attack,
          ]),
        );
      expect([303, 400]).toContain(res.status);
      expect(prototypeNames()).toEqual(cleanPrototype);
    }
    await otherLandlordStillWorks();
  });

  it('refuses __proto__ and constructor.prototype in JSON bodies, query strings and pasted rule sets', async () => {
    const json = (body: string) =>
      http().post('/api/v1/complaints').set(own.as.agent).set('content-type', 'application/json').send(body);
    const good = JSON.stringify(complaintBody(own));
    expect((await json(good.replace('{', '{"__proto__":{"x":"polluted"},'))).status).toBe(400);
    expect((await json(good.replace('{', '{"constructor":{"prototype":{"x":"polluted"}},'))).status).toBe(
      400,
    );
    expect((await json(good.replace('"tenant":{', '"tenant":{"__proto__":{"x":1},'))).status).toBe(400);
    const query = await http().get('/api/v1/complaints?__proto__.x=polluted&constructor[prototype][x]=1');
    expect(query.status).toBe(400);
    // The rules page parses pasted JSON itself (import into the editor): a version can never be changed, so
    // nothing odd may reach the form, let alone be published.
    const versions = async () =>
      (await http().get(`/api/v1/landlords/${own.code}/rules`).set(own.as.landlord_admin)).body.versions;
    const before = JSON.stringify(await versions());
    const pasted = JSON.stringify(FRANCE_PRESET).replace('{', '{"__proto__":{"x":"polluted"},');
    const rules = await http()
      .post(`/manage/${own.code}/rules`)
      .set(own.as.landlord_admin)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(
        form([
          ['op', 'import'],
          ['json', pasted],
        ]),
      );
    expect(rules.status).toBe(400);
    expect(rules.text).toContain('__proto__');
    expect(rules.text).toContain('f-json-error');
    expect(JSON.stringify(await versions())).toBe(before);
    await otherLandlordStillWorks();
  });
});

describe('headers built from input (item 2)', () => {
  const signIn = async (next: string) => {
    const user = await signedIn(app, 'agent', { landlordCodes: [own.code] });
    return http()
      .post('/sign-in')
      .set('X-Forwarded-For', randomIp())
      .set('Origin', testConfig().publicBaseUrl)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(
        form([
          ['email', user.email],
          ['password', TEST_PASSWORD],
          ['next', next],
        ]),
      );
  };

  it('follows a plain same-site path after sign-in', async () => {
    const res = await signIn('/agent/complaints?status=received');
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/agent/complaints?status=received');
  });

  it.each([
    ['/\nx'],
    ['/\rx'],
    ['/\r\nSet-Cookie: a=b'],
    ['/。'],
    ['/\t/evil.example'],
    ['/%2F/evil.example'],
    ['/%2f/evil.example'],
    ['/%5Cevil.example'],
    ['/\\evil.example'],
    ['//evil.example'],
    ['/ /evil.example'],
    ['https://evil.example/'],
    ['/%E0%A4%A'],
  ])('never puts next=%j into Location: the agent goes home instead', async (next) => {
    const res = await signIn(next);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/agent');
    await http().get('/health').expect(200);
  });

  it('refuses a NUL in next at the edge, before any header is built', async () => {
    const res = await signIn('/\u0000');
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
  });

  it('refuses an unsafe next on the sign-in page too (not carried by the form)', async () => {
    const res = await http()
      .get(`/sign-in?next=${encodeURIComponent('//evil.example')}`)
      .expect(200);
    expect(res.text).not.toMatch(/name="next"/);
    const safe = await http().get('/sign-in?next=%2Fagent%3Fstatus%3Dreceived').expect(200);
    expect(safe.text).toContain('name="next" value="/agent?status=received"');
  });

  it('answers a reply carrying a header Node refuses with a 500 for that request only, and keeps serving', async () => {
    // A route of its own that sets exactly what killed the process: a Location with a line break, and a
    // character beyond Latin-1. Every route of the app passes through the same hooks.
    const probe = await createApiApp(testConfig());
    const fastify = probe.getHttpAdapter().getInstance();
    fastify.get('/edge-probe/:kind', (req, reply) => {
      const kind = (req.params as { kind: string }).kind;
      void reply
        .status(303)
        .header('location', kind === 'lf' ? '/\nx' : kind === 'wide' ? '/。' : '/ok')
        .send();
    });
    await probe.init();
    await fastify.ready();
    try {
      for (const kind of ['lf', 'wide']) {
        const res = await request(probe.getHttpServer()).get(`/edge-probe/${kind}`);
        expect(res.status).toBe(500);
        expect(res.headers.location).toBeUndefined();
        expect(res.body.correlationId).toEqual(expect.any(String));
      }
      const fine = await request(probe.getHttpServer()).get('/edge-probe/ok');
      expect([fine.status, fine.headers.location]).toEqual([303, '/ok']);
      await request(probe.getHttpServer()).get('/health').expect(200);
    } finally {
      await probe.close();
    }
  });

  it('names an export file only with safe characters', async () => {
    // A landlord code can only be letters, digits and dashes, but the header must not rely on it.
    const res = await http()
      .get(`/api/v1/audit/landlords/${own.code}/events.ndjson`)
      .set(own.as.federation_auditor);
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="suivi-events-${own.code}.ndjson"`);
  });
});

describe('NUL bytes, lone surrogates and deep nesting, refused at the edge (item 7)', () => {
  const countRows = async () => {
    const [row] = await app
      .get(DataSource)
      .query(
        'SELECT (SELECT count(*) FROM complaints)::int AS complaints, (SELECT count(*) FROM complaint_events)::int AS events',
      );
    return row as { complaints: number; events: number };
  };

  it.each([
    ['a NUL byte', 'x\u0000'],
    ['a lone high surrogate', 'x\ud800'],
    ['a lone low surrogate', 'x\udc00y'],
  ])('refuses %s in an anonymous JSON filing, storing nothing', async (_, description) => {
    const before = await countRows();
    const res = await http()
      .post('/api/v1/complaints')
      .set('X-Forwarded-For', randomIp())
      .send(complaintBody(own, { description: `Plus de chauffage ${description}` }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_INPUT');
    expect(await countRows()).toEqual(before);
  });

  // Trust review: control characters other than NUL, and line breaks in names, were stored.
  it.each([
    ['a bell', 'Amina\u0007'],
    ['an escape sequence', '\u001b[31mAmina'],
    ['a C1 control', 'Amina\u0085'],
  ])('refuses %s in a tenant name with 400 naming the field, storing nothing', async (_, name) => {
    const before = await countRows();
    const body = complaintBody(own) as Record<string, unknown>;
    const res = await http()
      .post('/api/v1/complaints')
      .set('X-Forwarded-For', randomIp())
      .send({ ...body, tenant: { ...(body.tenant as object), name } });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([
      expect.objectContaining({ field: 'body.tenant.name', code: 'noControlCharacters', reason: 'control' }),
    ]);
    expect(await countRows()).toEqual(before);
  });

  it('refuses a line break in a name, a unit and an address, and keeps them in a description', async () => {
    const body = complaintBody(own) as Record<string, unknown>;
    const named = await http()
      .post('/api/v1/complaints')
      .set('X-Forwarded-For', randomIp())
      .send({
        ...body,
        unit: 'Bât. A\nporte 3',
        tenant: { ...(body.tenant as object), name: 'Amina\r\nBcc: x' },
      });
    expect(named.status).toBe(400);
    expect(
      named.body.fields.map((f: { field: string; code: string }) => `${f.field}:${f.code}`).sort(),
    ).toEqual(['tenant.name:oneLine', 'unit:oneLine']);
    const residence = await http()
      .post(`/api/v1/landlords/${own.code}/residences`)
      .set(own.as.landlord_admin)
      .send({
        code: 'NL',
        name: 'Les Lilas',
        address: '3 rue des Lilas\nBâtiment B',
        postcode: '75011',
        city: 'Paris',
        homesCount: 12,
      });
    expect(residence.status).toBe(400);
    expect(residence.body.fields).toEqual([expect.objectContaining({ field: 'address', code: 'oneLine' })]);
    const described = await http()
      .post('/api/v1/complaints')
      .set('X-Forwarded-For', randomIp())
      .send({ ...body, description: 'Plus de chauffage.\r\nDepuis lundi,\tchambre et salon.' });
    expect(described.status).toBe(201);
  });

  it('refuses a NUL in a nested key, a query string, a form body and a webhook', async () => {
    const body = complaintBody(own) as Record<string, unknown>;
    const nestedKey = await http()
      .post('/api/v1/complaints')
      .set(own.as.agent)
      .send({ ...body, tenant: { ...(body.tenant as object), 'n\u0000': 'x' } });
    expect(nestedKey.status).toBe(400);
    expect((await http().get('/api/v1/complaints?status=%00').set(own.as.agent)).status).toBe(400);
    expect((await http().get('/follow?reference=%ED%A0%80').set(own.as.agent)).status).toBeLessThan(500);
    const page = await http()
      .post(`/file/${own.code}/TILLEULS`)
      .set('X-Forwarded-For', randomIp())
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(
        form([
          ['category', 'heating'],
          ['description', 'Plus de chauffage\u0000'],
          ['tenant.name', 'Amina'],
          ['tenant.phone', '0612345678'],
        ]),
      );
    expect(page.status).toBe(400);
    const webhook = await http()
      .post('/webhooks/twilio/sms')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(form([['Body', 'STATUT \u0000']]));
    expect(webhook.status).toBe(400);
  });

  it('answers 404 for a NUL in a path, and 400 for a lone surrogate in a path', async () => {
    expect((await http().get('/criteria/%00')).status).toBe(404);
    expect((await http().get('/api/v1/complaints/%00').set(own.as.agent)).status).toBe(404);
    expect((await http().get('/t/%00')).status).toBe(404);
  });

  it('refuses JSON nested 10,000 levels deep with 400, and deep form keys are harmless', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const res = await http()
      .post('/api/v1/complaints')
      .set('X-Forwarded-For', randomIp())
      .set('content-type', 'application/json')
      .send(`{"landlordCode":"${own.code}","tenant":${deep}}`);
    expect(res.status).toBe(400);
    const objects = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const res2 = await http()
      .post(`/api/v1/landlords/${own.code}/rules`)
      .set(own.as.landlord_admin)
      .set('content-type', 'application/json')
      .send(`{"ruleSet":${objects}}`);
    expect(res2.status).toBe(400);
    const keys = await http()
      .post('/partners/file')
      .set(own.as.partner)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(form([[`${'a.'.repeat(5_000)}b`, 'x']]));
    expect(keys.status).toBe(400);
    await http().get('/health').expect(200);
  });
});
