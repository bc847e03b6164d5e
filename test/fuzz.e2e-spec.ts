import fc from 'fast-check';
import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp, randomIp } from './support/app';
import { createLandlord, fileComplaintWithToken } from './support/factory';
import type { TestLandlord } from './support/factory';
import { transitionAsAgent } from './support/helpers';

/**
 * Issue 12's fuzz test: every operation of the OpenAPI document the app serves, and every form of the
 * portal's pages, sent malformed bodies, queries and path parameters (wrong types, NUL bytes, lone
 * surrogates, deep nesting, arrays for objects, prototype keys, huge strings, impossible dates) as each
 * role. It asserts no 5xx, nothing stored from a refused request, Object.prototype untouched, and the
 * process still answering /health. Seeded and bounded; it prints its counts.
 */
const SEED = 20261130;
const CASES_PER_OPERATION = 30;
const CASES_PER_FORM = 20;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Case {
  kind: 'api' | 'form';
  method: Method;
  path: string;
  role: string;
  /** JSON text or urlencoded text; undefined for none. */
  body?: string;
  contentType?: string;
  what: string;
}
type Schema = {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  $ref?: string;
  format?: string;
  example?: unknown;
};

let app: NestFastifyApplication;
let own: TestLandlord;
let other: TestLandlord;
let reference = '';
let trackingToken = '';
let workOrderToken = '';
let partnerReference = '';
const auth: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  app = await createTestApp();
  own = await createLandlord(app);
  other = await createLandlord(app);
  const filed = await fileComplaintWithToken(app, own);
  reference = filed.reference;
  trackingToken = filed.trackingToken;
  await transitionAsAgent(app, own, reference, { action: 'acknowledge' });
  const assigned = await transitionAsAgent(app, own, reference, {
    action: 'assign',
    contractorId: own.contractors[0],
  });
  workOrderToken = assigned.workOrderToken ?? '';
  const byPartner = await request(app.getHttpServer())
    .post('/api/v1/complaints')
    .set(own.as.partner)
    .send({
      landlordCode: own.code,
      category: 'heating',
      description: 'Plus de chauffage.',
      tenant: { name: 'X', phone: '06 12 34 56 78' },
      partner: { tenantConsent: true },
    })
    .expect(201);
  partnerReference = byPartner.body.reference;
  auth.anonymous = {};
  for (const [role, header] of Object.entries(own.as)) auth[role] = header;
  auth.other_agent = other.as.agent;
});
afterAll(() => app.close());

/** Hostile values of every kind, for a field, a whole body, a query or a path. */
const HUGE = 'a'.repeat(70_000);
const deep = (n: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};
/** Stands for 10,000 nested arrays (JSON.stringify would overflow building them), spliced into the text. */
const DEEP = '\u0001deep';
const DEEP_JSON = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    2 ** 53 + 1,
    1.5,
    '',
    ' ',
    '   \u200b\u200b ',
    'x\u0000y',
    '\u0000',
    'x\u0007y',
    '\u001b[31mred',
    'x\ud800',
    '\udc00',
    '😀',
    HUGE,
    '2026-02-30',
    '2026-02-30T10:00:00Z',
    '+275760-09-13T00:00:00.000Z',
    '0000-01-01T00:00:00Z',
    'true',
    '1970-01-01',
    'not a date',
    '<script>alert(1)</script>',
    "'; DROP TABLE complaints; --",
    [],
    [[]],
    ['x'],
    [{}],
    {},
    { a: 'x\u0000' },
    deep(40),
    DEEP,
  ),
  fc.string({ maxLength: 40 }),
  fc.integer(),
  fc.double(),
);

const refOf = (schema: Schema | undefined, doc: Doc): Schema | undefined =>
  schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop() as string] : schema;
interface Doc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { in: string; name: string }[];
        requestBody?: {
          content?: Record<string, { schema?: Schema }>;
        };
      }
    >
  >;
  components: { schemas: Record<string, Schema> };
}

/** A plausible value for a schema, the base that mutations then break. */
function plausible(schema: Schema | undefined, doc: Doc, name = ''): unknown {
  const s = refOf(schema, doc);
  if (!s) return 'x';
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  if (name === 'landlordCode' || name === 'code') return own.code;
  if (name === 'expectedVersion') return 3;
  if (s.type === 'object' || s.properties) {
    return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, plausible(v, doc, k)]));
  }
  if (s.type === 'array') return [plausible(s.items, doc)];
  if (s.type === 'number' || s.type === 'integer') return 1;
  if (s.type === 'boolean') return true;
  if (s.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
  return 'x';
}

/** JSON text of a value, keeping own `__proto__` keys (made with JSON.parse, not literals). */
const jsonOf = (v: unknown): string =>
  (JSON.stringify(v) ?? 'null').split(JSON.stringify(DEEP)).join(DEEP_JSON);

/** A body mutation: one field replaced, a prototype key added, or the whole body replaced. */
function mutateBody(base: unknown): fc.Arbitrary<{ body: string; what: string }> {
  const fields = base && typeof base === 'object' && !Array.isArray(base) ? Object.keys(base) : [];
  const replaceField = fields.length
    ? fc.tuple(fc.constantFrom(...fields), hostileValue).map(([f, v]) => ({
        body: jsonOf({ ...(base as object), [f]: v }),
        what: `field ${f} = ${describe(v)}`,
      }))
    : null;
  const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype').map((key) => {
    const text = jsonOf(base);
    const injected =
      key === 'constructor'
        ? '"constructor":{"prototype":{"polluted":"yes"}}'
        : `"${key}":{"polluted":"yes"}`;
    return {
      body: text.startsWith('{}') ? `{${injected}}` : text.replace('{', `{${injected},`),
      what: `key ${key}`,
    };
  });
  const whole = hostileValue.map((v) => ({ body: jsonOf(v) ?? 'null', what: `body = ${describe(v)}` }));
  const raw = fc.constantFrom(
    { body: '{"a":', what: 'truncated JSON' },
    { body: `${'['.repeat(10_000)}${']'.repeat(10_000)}`, what: 'arrays 10,000 deep' },
    { body: '{"description":"x\\u0000"}', what: 'escaped NUL' },
    { body: '{"description":"\\ud800"}', what: 'escaped lone surrogate' },
  );
  return replaceField
    ? fc.oneof(replaceField, replaceField, protoKey, whole, raw)
    : fc.oneof(protoKey, whole, raw);
}

const describe = (v: unknown): string => {
  const text = typeof v === 'string' ? JSON.stringify(v) : (jsonOf(v) ?? String(v));
  return text.length > 60 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
};

/** Hostile text for a query value or path segment, already percent-encoded as a client could send it. */
const hostileSegment = fc.constantFrom(
  '%00',
  'x%00',
  '%ED%A0%80',
  '%C0%AF',
  '%FF',
  '%',
  '..%2F..%2Fetc',
  '%E3%80%82',
  'a'.repeat(5000),
  '-1',
  '1e999',
  'true',
  '2026-02-30',
  '%0D%0ALocation:%20x',
);

function valuesForPath(path: string): string {
  return path
    .replace('{reference}', reference)
    .replace('{code}', own.code)
    .replace('{token}', path.includes('work-orders') ? workOrderToken : trackingToken)
    .replace('{id}', '00000000-0000-4000-8000-000000000000')
    .replace('{file}', 'x.json');
}

function apiCases(doc: Doc): Case[] {
  const cases: Case[] = [];
  const roles = Object.keys(auth);
  let n = 0;
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops) as [Method, Doc['paths'][string][string]][]) {
      n++;
      const schema = op.requestBody?.content?.['application/json']?.schema;
      const base = schema ? plausible(schema, doc) : undefined;
      const queries = (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      const params = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      const variants: fc.Arbitrary<Omit<Case, 'kind' | 'method' | 'role'>>[] = [];
      if (schema) {
        variants.push(
          mutateBody(base).map(({ body, what }) => ({
            path: valuesForPath(path),
            body,
            contentType: 'application/json',
            what,
          })),
        );
      }
      variants.push(
        fc
          .tuple(fc.constantFrom(...(queries.length ? queries : ['q', 'x'])), hostileSegment, fc.boolean())
          .map(([q, v, twice]) => ({
            path: `${valuesForPath(path)}?${q}=${v}${twice ? `&${q}=1&${q}[a]=1&__proto__[polluted]=yes` : ''}`,
            body: schema ? jsonOf(base) : undefined,
            contentType: schema ? 'application/json' : undefined,
            what: `query ${q}=${v.slice(0, 40)}${twice ? ' repeated + __proto__' : ''}`,
          })),
      );
      if (params.length) {
        variants.push(
          fc.tuple(fc.constantFrom(...params), hostileSegment).map(([p, v]) => ({
            path: valuesForPath(path.replace(`{${p}}`, v)),
            body: schema ? jsonOf(base) : undefined,
            contentType: schema ? 'application/json' : undefined,
            what: `path ${p}=${v.slice(0, 40)}`,
          })),
        );
      }
      const arb = fc.tuple(fc.oneof(...variants), fc.constantFrom(...roles));
      for (const [variant, role] of fc.sample(arb, { seed: SEED + n, numRuns: CASES_PER_OPERATION })) {
        // Signing out would revoke the role's token for every later case: sign-out is sent anonymously.
        const as = path.endsWith('/sign-out') ? 'anonymous' : role;
        cases.push({ kind: 'api', method, role: as, ...variant });
      }
    }
  }
  return cases;
}

/** The forms of the portal's pages, read from the pages themselves (action and field names). */
async function pageForms(): Promise<{ role: string; action: string; fields: string[] }[]> {
  // The tenant's message preferences (issue 16), linked from the tracking page.
  const tracking = await request(app.getHttpServer()).get(`/t/${trackingToken}`).expect(200);
  const preferences = /href="(\/u\/[A-Za-z0-9_-]+)"/.exec(tracking.text)?.[1];
  if (!preferences) throw new Error('the tracking page links to no preferences page');
  const pages: [string, string][] = [
    ['anonymous', `/file/${own.code}/TILLEULS`],
    ['anonymous', '/follow'],
    ['anonymous', '/sign-in'],
    ['anonymous', `/t/${trackingToken}`],
    ['anonymous', `/w/${workOrderToken}`],
    ['anonymous', preferences],
    ['agent', '/agent/intake'],
    ['agent', `/agent/complaints/${reference}`],
    ['partner', '/partners/file'],
    // A partner's report: its actions for the tenant (note, visit finding, review).
    ['partner', `/partners/complaints/${partnerReference}`],
    ['landlord_admin', `/manage/${own.code}/rules`],
    ['landlord_admin', `/manage/${own.code}/calendar`],
    ['landlord_admin', `/manage/${own.code}/users`],
    ['landlord_admin', `/manage/${own.code}/agencies`],
    ['landlord_admin', `/manage/${own.code}/residences`],
    ['landlord_admin', `/manage/${own.code}/contractors`],
  ];
  const found: { role: string; action: string; fields: string[] }[] = [];
  for (const [role, url] of pages) {
    const res = await request(app.getHttpServer()).get(url).set(auth[role]);
    for (const match of res.text.matchAll(
      /<form[^>]*method="post"[^>]*action="([^"]+)"[^>]*>([\s\S]*?)<\/form>/g,
    )) {
      const fields = [...new Set([...match[2].matchAll(/name="([^"]+)"/g)].map((m) => m[1]))];
      const action = match[1].replace(/&amp;/g, '&');
      // Signing out would revoke the role's token for every later case.
      if (action !== '/sign-out') found.push({ role, action, fields });
    }
  }
  found.push(
    // The one-click unsubscribe a mail system posts (RFC 8058), beside the page's own form.
    { role: 'anonymous', action: preferences, fields: ['List-Unsubscribe'] },
    { role: 'anonymous', action: '/webhooks/twilio/sms', fields: ['MessageSid', 'From', 'Body'] },
    { role: 'anonymous', action: '/webhooks/twilio/status', fields: ['MessageSid', 'MessageStatus'] },
  );
  return found;
}

const formText = (fields: [string, string][]) =>
  fields.map(([k, v]) => `${encodeURIComponent(k)}=${v}`).join('&');

function formCases(forms: { role: string; action: string; fields: string[] }[]): Case[] {
  const cases: Case[] = [];
  forms.forEach((f, i) => {
    const fields = f.fields.length ? f.fields : ['x'];
    const arb = fc.tuple(
      fc.constantFrom(...fields),
      fc.oneof(
        hostileSegment,
        hostileValue.map((v) =>
          typeof v === 'string'
            ? encodeURIComponent(v.replace(/[\ud800-\udfff]/g, ''))
            : encodeURIComponent(describe(v)),
        ),
      ),
      fc.constantFrom(
        '',
        '__proto__.polluted',
        'constructor.prototype.polluted',
        'note.__proto__.polluted',
        'a[__proto__][polluted]',
      ),
      fc.constantFrom(f.role, 'anonymous', 'contractor', 'partner'),
    );
    for (const [field, value, extra, role] of fc.sample(arb, {
      seed: SEED + 1000 + i,
      numRuns: CASES_PER_FORM,
    })) {
      const sent: [string, string][] = fields
        .filter((name) => name !== field)
        .map((name) => [name, name === 'expectedVersion' ? '4' : 'x']);
      sent.push([field, value]);
      if (extra) sent.push([extra, 'yes']);
      cases.push({
        kind: 'form',
        method: 'post',
        path: f.action,
        role,
        body: formText(sent),
        contentType: 'application/x-www-form-urlencoded',
        what: `form ${field}=${value.slice(0, 40)}${extra ? ` + ${extra}` : ''}`,
      });
    }
  });
  return cases;
}

async function storedCounts(): Promise<string> {
  const [row] = await app.get(DataSource).query(
    `SELECT (SELECT count(*) FROM complaints) AS complaints, (SELECT count(*) FROM complaint_events) AS events,
            (SELECT count(*) FROM complaint_event_texts) AS texts, (SELECT count(*) FROM notifications) AS notifications,
            (SELECT count(*) FROM urgency_rule_sets) AS rule_sets, (SELECT count(*) FROM landlords) AS landlords,
            (SELECT count(*) FROM residences) AS residences, (SELECT count(*) FROM users) AS users`,
  );
  return JSON.stringify(row);
}

it('answers every malformed request of every operation and form without a 5xx or a stored trace', async () => {
  const started = Date.now();
  const doc = (await request(app.getHttpServer()).get('/api/docs/openapi.json').expect(200)).body as Doc;
  const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
  const forms = await pageForms();
  const cases = [...apiCases(doc), ...formCases(forms)];
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort().join();
  const histogram: Record<string, number> = {};
  const failures: string[] = [];
  for (const c of cases) {
    const before = c.method === 'get' ? '' : await storedCounts();
    let req = request(app.getHttpServer())
      [c.method](c.path)
      .set(auth[c.role])
      .set('X-Forwarded-For', randomIp());
    if (c.contentType) req = req.set('content-type', c.contentType);
    const res = c.body === undefined ? await req : await req.send(c.body);
    histogram[res.status] = (histogram[res.status] ?? 0) + 1;
    const label = `${c.method.toUpperCase()} ${c.path.slice(0, 120)} as ${c.role}: ${c.what} → ${res.status}`;
    if (res.status >= 500) failures.push(`${label} ${String(res.text).slice(0, 200)}`);
    if (res.status >= 400 && c.method !== 'get' && (await storedCounts()) !== before) {
      failures.push(`${label}: stored something although refused`);
    }
    if (Object.getOwnPropertyNames(Object.prototype).sort().join() !== prototypeBefore) {
      failures.push(`${label}: Object.prototype changed`);
      break;
    }
  }
  await request(app.getHttpServer()).get('/health').expect(200);
  process.stdout.write(
    `fuzz: ${operations} operations, ${forms.length} forms, ${cases.length} cases in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `statuses ${JSON.stringify(histogram)}; failures ${failures.length}\n${failures.slice(0, 60).join('\n')}\n`,
  );
  expect(failures).toEqual([]);
}, 300_000);
