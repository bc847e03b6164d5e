import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Browser, Page } from 'playwright-core';
import { createTestApp, randomIp } from './support/app';
import { launchBrowser } from './support/browser';
import { createLandlord, fileComplaint } from './support/factory';
import type { TestLandlord } from './support/factory';
import { transitionAsAgent } from './support/helpers';

/**
 * Open311 GeoReport v2 conformance (issue 18, item 9), generated from a table of the spec's calls
 * (http://wiki.open311.org/GeoReport_v2 and http://wiki.open311.org/Service_Discovery): every call in both
 * formats — JSON parsed, XML parsed by Chromium's strict XML parser (DOMParser, application/xml) —, every
 * parameter present, empty (which the spec reads as absent) and absent, and each invalid value answered
 * 400 in the spec's error format. Then what the table cannot say: service_request_id overriding every other
 * filter, updated_datetime after a note on a closed request, the discovery document's fields, 404 and 429.
 */

type Format = 'json' | 'xml';
const FORMATS: readonly Format[] = ['json', 'xml'];

/** The spec's field lists. */
const DISCOVERY_FIELDS = ['changeset', 'contact', 'key_service', 'endpoints'];
const ENDPOINT_FIELDS = ['specification', 'url', 'changeset', 'type', 'formats'];
const SERVICE_FIELDS = [
  'service_code',
  'service_name',
  'description',
  'metadata',
  'type',
  'keywords',
  'group',
];
const DEFINITION_FIELDS = ['service_code', 'attributes'];
const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
];
/** The spec's list elements and the element of each of their items. */
const LIST_ITEMS: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  errors: 'error',
  endpoints: 'endpoint',
  formats: 'format',
};
const CONTENT_TYPES: Record<Format, RegExp> = {
  json: /^application\/json; charset=utf-8$/i,
  xml: /^text\/xml; charset=utf-8$/i,
};
const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** What the fixtures filed: one open request and two closed ones, ids as published. */
const ids = { open: '', closed: '', noted: '' };

interface Param {
  name: string;
  /** A valid value (read when the test runs, after the fixtures). */
  valid: () => string;
  /** A value the spec or Suivi's documented bounds refuse: 400. */
  invalid?: string;
}
interface SpecCall {
  name: string;
  path: (format: Format) => string;
  root: string;
  /** The fields of each item (list roots) or of the root object. */
  fields: string[];
  params: Param[];
  /** Parameters sent with every case, unless the case is about them (keeps the answer whole). */
  base?: Record<string, string>;
}

const JURISDICTION: Param = { name: 'jurisdiction_id', valid: () => 'suivi', invalid: 'x'.repeat(101) };
/** GeoReport v2 asks for a key on POST only: a read accepts one and ignores it. */
const API_KEY: Param = { name: 'api_key', valid: () => 'any-key', invalid: 'x'.repeat(201) };
const LOCALE: Param = { name: 'locale', valid: () => 'en', invalid: 'de' };
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString();

/** The table: GeoReport v2's read calls and the discovery document, with their parameters. */
const SPEC_CALLS: SpecCall[] = [
  {
    name: 'discovery',
    path: (f) => `/open311/discovery.${f}`,
    root: 'discovery',
    fields: DISCOVERY_FIELDS,
    params: [JURISDICTION, API_KEY],
  },
  {
    name: 'services',
    path: (f) => `/open311/v2/services.${f}`,
    root: 'services',
    fields: SERVICE_FIELDS,
    params: [JURISDICTION, API_KEY, LOCALE],
  },
  {
    name: 'service definition',
    path: (f) => `/open311/v2/services/heating.${f}`,
    root: 'service_definition',
    fields: DEFINITION_FIELDS,
    params: [JURISDICTION, API_KEY],
  },
  {
    name: 'requests',
    path: (f) => `/open311/v2/requests.${f}`,
    root: 'service_requests',
    fields: REQUEST_FIELDS,
    base: { page_size: '1000' },
    params: [
      JURISDICTION,
      API_KEY,
      LOCALE,
      { name: 'service_request_id', valid: () => ids.open, invalid: 'AAAA-AAAA-AAAAA' },
      { name: 'service_code', valid: () => 'heating', invalid: 'teleportation' },
      { name: 'start_date', valid: () => day(-1), invalid: 'yesterday' },
      { name: 'end_date', valid: () => day(1), invalid: '2026-02-30T00:00:00Z' },
      { name: 'status', valid: () => 'open,closed', invalid: 'pending' },
      { name: 'page', valid: () => '1', invalid: '0' },
      { name: 'page_size', valid: () => '1000', invalid: '1001' },
    ],
  },
  {
    name: 'request',
    path: (f) => `/open311/v2/requests/${ids.open}.${f}`,
    root: 'service_requests',
    fields: REQUEST_FIELDS,
    params: [JURISDICTION, API_KEY],
  },
];

let app: NestFastifyApplication;
let landlord: TestLandlord;
let browser: Browser;
let page: Page;

/** An element as Chromium's XML parser read it. */
interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** Parses with Chromium's DOMParser (strict XML: any well-formedness error is a `parsererror`). */
async function parseXml(text: string): Promise<XmlNode> {
  return page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, 'application/xml');
    const error = doc.getElementsByTagName('parsererror')[0];
    if (error) throw new Error(`not well-formed XML: ${error.textContent ?? ''}`);
    const read = (el: Element): { name: string; children: unknown[]; text: string } => ({
      name: el.tagName,
      children: [...el.children].map(read),
      text: el.children.length ? '' : (el.textContent ?? ''),
    });
    return read(doc.documentElement) as never;
  }, text);
}

/** An XML tree as the JSON format says the same thing (leaves as strings, empty elements as null). */
function plainOfXml(node: XmlNode): unknown {
  const item = LIST_ITEMS[node.name];
  if (item) {
    for (const child of node.children) expect(child.name).toBe(item);
    return node.children.map(plainOfXml);
  }
  if (node.children.length) {
    const names = node.children.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    return Object.fromEntries(node.children.map((c) => [c.name, plainOfXml(c)]));
  }
  return node.text === '' ? null : node.text;
}

/** JSON values as XML carries them: every leaf a string, null kept. */
function plainOfJson(value: unknown): unknown {
  if (value === null) return null;
  if (Array.isArray(value)) return value.map(plainOfJson);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, plainOfJson(v)]));
  }
  return String(value);
}

const queryOf = (params: Record<string, string>) =>
  Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');

/** GET from a fresh client address (the limit is per address), the answer parsed in its format. */
async function get(
  path: string,
  format: Format,
  params: Record<string, string> = {},
): Promise<{ status: number; type: string; body: unknown; root: string; text: string }> {
  const query = queryOf(params);
  const res = await request(app.getHttpServer())
    .get(query ? `${path}?${query}` : path)
    .set('X-Forwarded-For', randomIp())
    .buffer(true)
    .parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (text += chunk));
      r.on('end', () => done(null, text));
    });
  const text = res.body as string;
  const type = String(res.headers['content-type']);
  if (format === 'json') return { status: res.status, type, body: JSON.parse(text), root: '', text };
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
  const tree = await parseXml(text);
  return { status: res.status, type, body: plainOfXml(tree), root: tree.name, text };
}

/** Only this file's landlord's requests (other files may file in parallel). */
const ours = <T = Record<string, unknown>>(body: unknown): T[] =>
  (body as (T & { agency_responsible: string })[]).filter(
    (r) => r.agency_responsible === `Bailleur ${landlord.code}`,
  );

/** Asserts the spec's shape: root element, items and their exact fields, W3C date-times. */
function expectShape(call: SpecCall, answer: { root: string; body: unknown }, format: Format) {
  if (format === 'xml') expect(answer.root).toBe(call.root);
  const items = LIST_ITEMS[call.root] ? (answer.body as Record<string, unknown>[]) : [answer.body];
  expect(Array.isArray(items)).toBe(true);
  for (const item of items as Record<string, unknown>[]) {
    expect(Object.keys(item).sort()).toEqual([...call.fields].sort());
    for (const key of ['requested_datetime', 'updated_datetime', 'changeset']) {
      if (item[key] !== undefined) expect(item[key]).toMatch(W3C_DATETIME);
    }
  }
}

/** Asserts the spec's error format: a list of `{ code, description }` with the HTTP status as code. */
function expectErrors(
  answer: { status: number; root: string; body: unknown },
  status: number,
  format: Format,
) {
  expect(answer.status).toBe(status);
  if (format === 'xml') expect(answer.root).toBe('errors');
  const errors = answer.body as { code: unknown; description: unknown }[];
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(Object.keys(e).sort()).toEqual(['code', 'description']);
    expect(e.code).toBe(format === 'json' ? status : String(status));
    expect(typeof e.description).toBe('string');
  }
  return errors.map((e) => String(e.description)).join(' ');
}

const publicIdOf = async (category: string) => {
  const res = await get('/open311/v2/requests.json', 'json', { service_code: category, page_size: '1000' });
  const found = ours(res.body);
  expect(found).toHaveLength(1);
  return (found[0] as { service_request_id?: unknown }).service_request_id as string;
};

beforeAll(async () => {
  app = await createTestApp();
  landlord = await createLandlord(app);
  browser = await launchBrowser();
  page = await browser.newPage();
  await fileComplaint(app, landlord, { category: 'heating' });
  const closed = await fileComplaint(app, landlord, { category: 'plumbing_leak' });
  await transitionAsAgent(app, landlord, closed, {
    action: 'close_without_works',
    closeReason: 'duplicate',
    reason: 'Déjà signalé',
  });
  const noted = await fileComplaint(app, landlord, { category: 'lift' });
  await transitionAsAgent(app, landlord, noted, { action: 'acknowledge' });
  await transitionAsAgent(app, landlord, noted, {
    action: 'close_without_works',
    closeReason: 'redirected',
    reason: 'Relève du syndic',
  });
  ids.open = await publicIdOf('heating');
  ids.closed = await publicIdOf('plumbing_leak');
  ids.noted = await publicIdOf('lift');
  notedReference = noted;
}, 60_000);
let notedReference = '';

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe.each(SPEC_CALLS)('GeoReport v2 $name', (call) => {
  describe.each(FORMATS)('.%s', (format) => {
    it('answers 200 with the spec’s root element, fields and content type, the same data as the other format', async () => {
      const answer = await get(call.path(format), format, call.base);
      expect(answer.status).toBe(200);
      expect(answer.type).toMatch(CONTENT_TYPES[format]);
      expectShape(call, answer, format);
      if (format === 'xml') {
        const json = await get(call.path('json'), 'json', call.base);
        const body = LIST_ITEMS[call.root] && call.name === 'requests' ? ours(json.body) : json.body;
        const xml = LIST_ITEMS[call.root] && call.name === 'requests' ? ours(answer.body) : answer.body;
        expect(xml).toEqual(plainOfJson(body));
      }
    });

    describe.each(call.params)('parameter $name', (param) => {
      const withParam = (value?: string) => {
        const params: Record<string, string> = { ...call.base };
        delete params[param.name];
        if (value !== undefined) params[param.name] = value;
        return params;
      };
      /** The answer, reduced to what another answer must equal (our requests only, for requests). */
      const comparable = (body: unknown) => (call.name === 'requests' ? ours(body) : body);

      it('present: answers 200 in the spec’s shape', async () => {
        const answer = await get(call.path(format), format, withParam(param.valid()));
        expect(answer.status).toBe(200);
        expectShape(call, answer, format);
      });

      it('empty: answers as if absent', async () => {
        const absent = await get(call.path(format), format, withParam());
        const empty = await get(call.path(format), format, withParam(''));
        expect(absent.status).toBe(200);
        expect(empty.status).toBe(200);
        if (param.name === 'page' || param.name === 'page_size') {
          expect((empty.body as unknown[]).length).toBe((absent.body as unknown[]).length);
        } else {
          expect(comparable(empty.body)).toEqual(comparable(absent.body));
        }
      });

      if (param.invalid !== undefined) {
        const invalid = param.invalid;
        it(`invalid (${invalid.slice(0, 20)}): answers 400 in the spec’s error format, naming it`, async () => {
          const answer = await get(call.path(format), format, withParam(invalid));
          expect(answer.type).toMatch(CONTENT_TYPES[format]);
          expect(expectErrors(answer, 400, format)).toContain(param.name);
        });
      }
    });
  });
});

describe.each(FORMATS)('GeoReport v2 semantics, .%s', (format) => {
  const requests = `/open311/v2/requests.${format}`;
  type Row = { service_request_id: string; status: string; updated_datetime: string };

  it('service_request_id overrides every other parameter (status, service_code, dates, paging)', async () => {
    const answer = await get(requests, format, {
      service_request_id: ids.open,
      status: 'closed',
      service_code: 'plumbing_leak',
      start_date: '2020-01-01T00:00:00Z',
      end_date: '2020-01-02T00:00:00Z',
      page: '7',
      page_size: '1',
    });
    expect(answer.status).toBe(200);
    expect((answer.body as Row[]).map((r) => r.service_request_id)).toEqual([ids.open]);
    const both = await get(requests, format, {
      service_request_id: `${ids.open},${ids.closed}`,
      status: 'open',
      page_size: '1',
    });
    expect((both.body as Row[]).map((r) => r.service_request_id).sort()).toEqual(
      [ids.open, ids.closed].sort(),
    );
  });

  it('filters by status and by service code when no id is given, naming services in the locale asked', async () => {
    const closed = ours<Row>((await get(requests, format, { status: 'closed', page_size: '1000' })).body);
    expect(closed.map((r) => r.service_request_id).sort()).toEqual([ids.closed, ids.noted].sort());
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    const heating = ours((await get(requests, format, { service_code: 'heating', page_size: '1000' })).body);
    expect(heating.map((r) => r.service_name)).toEqual(['Chauffage']);
    const english = ours(
      (await get(requests, format, { service_code: 'heating', page_size: '1000', locale: 'en' })).body,
    );
    expect(english.map((r) => r.service_name)).toEqual(['Heating']);
    expect((heating as Row[]).map((r) => r.service_request_id)).toEqual([ids.open]);
  });

  it('answers 404 in the spec’s error format for an unknown request or service', async () => {
    expectErrors(
      await get(`/open311/v2/requests/00000000-0000-4000-8000-000000000000.${format}`, format),
      404,
      format,
    );
    expectErrors(await get(`/open311/v2/services/teleportation.${format}`, format), 404, format);
  });

  // Trust review: inputs refused before any route ran were answered in the JSON API's error shape.
  it.each([
    ['a NUL in the query', (f: string) => `/open311/v2/requests.${f}?status=%00`, 400],
    ['a control character in the query', (f: string) => `/open311/v2/requests.${f}?service_code=%07`, 400],
    ['a prototype key in the query', (f: string) => `/open311/v2/requests.${f}?__proto__=x`, 400],
    ['a lone surrogate in the query', (f: string) => `/open311/v2/requests.${f}?status=%ED%A0%80`, 400],
    ['a NUL in the path', (f: string) => `/open311/v2/requests/%00.${f}`, 404],
    ['a malformed percent escape in the path', (f: string) => `/open311/v2/requests/%E0%A4%A.${f}`, 400],
  ])('answers %s in the spec’s error format', async (_, url, status) => {
    expectErrors(await get(url(format), format), status, format);
  });

  it('publishes the discovery document’s fields: one production GeoReport v2 endpoint, both formats', async () => {
    const { body } = await get(`/open311/discovery.${format}`, format);
    const doc = body as {
      changeset: string;
      contact: string;
      key_service: string;
      endpoints: Record<string, unknown>[];
    };
    expect(doc.changeset).toMatch(W3C_DATETIME);
    expect(doc.contact.length).toBeGreaterThan(0);
    expect(doc.key_service.length).toBeGreaterThan(0);
    expect(doc.endpoints).toHaveLength(1);
    const [endpoint] = doc.endpoints;
    expect(Object.keys(endpoint).sort()).toEqual([...ENDPOINT_FIELDS].sort());
    expect(endpoint).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      type: 'production',
    });
    expect(endpoint.changeset).toMatch(W3C_DATETIME);
    expect([...(endpoint.formats as string[])].sort()).toEqual(['application/json', 'text/xml']);
    const url = new URL(String(endpoint.url));
    expect(url.pathname).toBe('/open311/v2');
    // The endpoint answers where the document says.
    expect((await get(`${url.pathname}/services.${format}`, format)).status).toBe(200);
  });
});

describe('updated_datetime', () => {
  type Row = {
    service_request_id: string;
    status: string;
    updated_datetime: string;
    requested_datetime: string;
  };
  const one = async (id: string, format: Format) =>
    ((await get(`/open311/v2/requests/${id}.${format}`, format)).body as Row[])[0];

  it('is the closing time of a closed request, unmoved by a note added after closing, moved by a reopening', async () => {
    const before = await one(ids.noted, 'json');
    expect(before.status).toBe('closed');
    expect(before.updated_datetime > before.requested_datetime).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await transitionAsAgent(app, landlord, notedReference, {
      action: 'note',
      visibility: 'public',
      text: 'Le syndic a été prévenu.',
    });
    for (const format of FORMATS)
      expect((await one(ids.noted, format)).updated_datetime).toBe(before.updated_datetime);
    const listed = ours(
      (await get('/open311/v2/requests.json', 'json', { status: 'closed', page_size: '1000' })).body,
    );
    expect((listed as Row[]).find((r) => r.service_request_id === ids.noted)?.updated_datetime).toBe(
      before.updated_datetime,
    );

    await transitionAsAgent(app, landlord, notedReference, {
      action: 'reopen',
      reason: 'Le syndic renvoie vers vous',
    });
    const reopened = await one(ids.noted, 'json');
    expect(reopened.status).toBe('open');
    expect(reopened.updated_datetime > before.updated_datetime).toBe(true);
  });
});

describe('rate limit', () => {
  it('answers 429 in the spec’s error format once an address has made 60 calls in a minute', async () => {
    const address = randomIp();
    let last = await request(app.getHttpServer())
      .get('/open311/discovery.xml')
      .set('X-Forwarded-For', address);
    for (let i = 0; i < 60 && last.status !== 429; i++) {
      last = await request(app.getHttpServer()).get('/open311/discovery.xml').set('X-Forwarded-For', address);
    }
    expect(last.status).toBe(429);
    expect(String(last.headers['content-type'])).toMatch(CONTENT_TYPES.xml);
    const tree = await parseXml(String(last.text));
    expect(tree.name).toBe('errors');
    expect(tree.children[0].children.map((c) => [c.name, c.name === 'code' ? c.text : 'text'])).toEqual([
      ['code', '429'],
      ['description', 'text'],
    ]);
  });
});
