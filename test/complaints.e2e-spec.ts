import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ACTIONS, availableActions } from '../libs/domain/src';
import type { Action, ComplaintState } from '../libs/domain/src';
import { DataSource } from 'typeorm';
import { createTestApp, signedIn } from './support/app';
import { complaintBody, createLandlord, fileComplaint, fileComplaintWithToken } from './support/factory';
import type { TestLandlord } from './support/factory';

/** A day three weeks from now, `YYYY-MM-DD`: appointments must fall within the sane window (APPOINTMENT_LIMITS). */
const SOON = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);

let app: NestFastifyApplication;
let landlord: TestLandlord;
const http = () => request(app.getHttpServer());
/** A GET as the landlord's agent. */
const get = (path: string) => http().get(path).set(landlord.as.agent);

beforeAll(async () => {
  app = await createTestApp();
  landlord = await createLandlord(app, 30);
});
afterAll(() => app.close());

/** Links handed out along the way: the tenant's tracking token and the current work-order token. */
const links = new Map<string, { tracking?: string; workOrder?: string }>();

/**
 * Acts as a role the way that role really reaches Suivi: staff with their bearer token, the tenant
 * through the tracking link, the contractor through the work-order link.
 */
function act(reference: string, body: Record<string, unknown>, role = 'agent') {
  const own = links.get(reference) ?? {};
  if (role === 'tenant') {
    return http()
      .post(`/api/v1/track/${own.tracking ?? 'none'}/actions`)
      .send(body);
  }
  if (role === 'contractor') {
    return http()
      .post(`/api/v1/work-orders/${own.workOrder ?? 'none'}/actions`)
      .send(body);
  }
  return http()
    .post(`/api/v1/complaints/${reference}/transitions`)
    .set(landlord.as[role as keyof typeof landlord.as])
    .send(body);
}

async function fileTracked(overrides: Record<string, unknown> = {}): Promise<string> {
  const filed = await fileComplaintWithToken(app, landlord, overrides);
  links.set(filed.reference, { tracking: filed.trackingToken });
  return filed.reference;
}

function remember(reference: string, res: { body: { workOrderUrl?: string } }) {
  if (res.body.workOrderUrl) {
    links.set(reference, { ...links.get(reference), workOrder: res.body.workOrderUrl.split('/').pop() });
  }
}

/** Bodies that satisfy every action's inputs, so only state decides between 200 and 409. */
function bodyFor(action: Action, version: number, contractors: string[]): Record<string, unknown> {
  const appointment = { start: `${SOON}T08:00:00+01:00`, end: `${SOON}T10:00:00+01:00` };
  const extra: Partial<Record<Action, Record<string, unknown>>> = {
    assign: { contractorId: contractors[0] },
    reassign: { contractorId: contractors[1], reason: 'busy' },
    schedule: { appointment },
    close: { resolution: 'fixed' },
    close_without_works: { closeReason: 'withdrawn', reason: 'tenant withdrew' },
    reopen: { reason: 'back again' },
    reject_works: { reason: 'still broken' },
    escalate: { reason: 'too slow' },
    hold: { holdReason: 'parts' },
    note: { visibility: 'public', text: 'hello' },
    override_urgency: { urgencyLevel: 'urgent', reason: 'personne âgée seule' },
  };
  return { action, expectedVersion: version, ...extra[action] };
}

/** A role that may take the action (so a refusal can only come from the state). */
function roleFor(action: Action): string {
  if (action === 'report_done') return 'contractor';
  if (action === 'escalate') return 'tenant';
  return 'agent';
}

/** Contractors reach a complaint only through a live work order; without one they get 404. */
function expectedRefusal(reference: string, role: string): number {
  return role === 'contractor' && !links.get(reference)?.workOrder ? 404 : 409;
}

async function expectOnlyAllowedActions(reference: string, state: ComplaintState, version: number) {
  for (const action of ACTIONS) {
    const role = roleFor(action);
    const allowed = availableActions(state, role as never).includes(action);
    if (allowed) continue;
    const res = await act(reference, bodyFor(action, version, landlord.contractors), role);
    const expected = expectedRefusal(reference, role);
    expect({ action, status: res.status }).toEqual({ action, status: expected });
    if (expected === 409) {
      expect(res.body).toMatchObject({ code: 'INVALID_TRANSITION', current: { status: state, version } });
    }
  }
}

describe('complaint lifecycle over HTTP', () => {
  it('walks received → acknowledged → assigned → works_checked → closed, refusing every invalid action', async () => {
    const reference = await fileTracked();
    expect(reference).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z*~$=]{5}$/);
    let detail = await get(`/api/v1/complaints/${reference}`).expect(200);
    expect(detail.body).toMatchObject({
      status: 'received',
      version: 1,
      channel: 'phone',
      agency: { code: 'NORD' },
    });
    expect(detail.body.tenant.phone).toBe('+33612345678');

    const steps: [Record<string, unknown>, string, ComplaintState][] = [
      [{ action: 'acknowledge', publicText: 'Bien reçu' }, 'agent', 'acknowledged'],
      [{ action: 'assign', contractorId: landlord.contractors[0] }, 'agent', 'assigned'],
      [
        { action: 'schedule', appointment: { start: `${SOON}T08:00:00Z`, end: `${SOON}T10:00:00Z` } },
        'contractor',
        'assigned',
      ],
      [{ action: 'report_done', text: 'Vanne remplacée' }, 'contractor', 'assigned'],
      [{ action: 'reject_works', text: 'Toujours froid' }, 'tenant', 'assigned'],
      [
        { action: 'reassign', contractorId: landlord.contractors[1], reason: 'Second avis' },
        'agent',
        'assigned',
      ],
      [{ action: 'report_done' }, 'contractor', 'assigned'],
      [{ action: 'check_works' }, 'tenant', 'works_checked'],
      [{ action: 'close', resolution: 'Chaudière réparée' }, 'agent', 'closed'],
      [{ action: 'reopen', text: 'Panne revenue' }, 'tenant', 'acknowledged'],
      [
        { action: 'close_without_works', closeReason: 'redirected', reason: 'Relève du syndic' },
        'agent',
        'closed',
      ],
    ];
    let version = 1;
    await expectOnlyAllowedActions(reference, 'received', version);
    for (const [body, role, expected] of steps) {
      const res = await act(reference, { ...body, expectedVersion: version }, role);
      expect(res.status).toBe(200);
      remember(reference, res);
      if (expected === 'closed') links.set(reference, { ...links.get(reference), workOrder: undefined });
      expect(res.body).toMatchObject({
        reference,
        status: expected,
        version: version + 1,
        event: { seq: version + 1 },
      });
      version += 1;
      if (['works_checked', 'closed'].includes(expected))
        await expectOnlyAllowedActions(reference, expected, version);
    }
    await expectOnlyAllowedActions(reference, 'closed', version);

    detail = await get(`/api/v1/complaints/${reference}`).expect(200);
    expect(detail.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'file',
      ...steps.map(([b]) => b.action),
    ]);
    expect(detail.body.contractor.id).toBe(landlord.contractors[1]);
    expect(detail.body.closedAt).not.toBeNull();
    const events = await get(`/api/v1/complaints/${reference}/events`).expect(200);
    expect(events.body.map((e: { seq: number }) => e.seq)).toEqual(
      steps.map((_, i) => i + 1).concat(steps.length + 1),
    );
    expect(events.body[1].prevHash).toBe(events.body[0].hash);
    const verify = await http()
      .get(`/api/v1/complaints/${reference}/events/verify`)
      .set(landlord.as.agent)
      .expect(200);
    expect(verify.body).toMatchObject({
      valid: true,
      count: steps.length + 1,
      headHash: events.body.at(-1).hash,
    });
    expect(verify.body.texts.mismatchedSeqs).toEqual([]);
  });

  it('holds and releases, and keeps internal notes apart from public ones', async () => {
    const reference = await fileTracked();
    let res = await act(reference, { action: 'hold', holdReason: 'tenant_no_access', expectedVersion: 1 });
    expect(res.status).toBe(200);
    res = await act(reference, { action: 'hold', holdReason: 'parts', expectedVersion: 2 });
    expect(res.status).toBe(409);
    res = await act(reference, { action: 'release', expectedVersion: 2 });
    expect(res.status).toBe(200);
    await http()
      .post(`/api/v1/complaints/${reference}/notes`)
      .set(landlord.as.agent)
      .send({ visibility: 'internal', text: 'Locataire injoignable le matin' })
      .expect(201);
    await act(
      reference,
      { action: 'note', text: 'Je suis là après 17 h', expectedVersion: 4 },
      'tenant',
    ).expect(200);
    const tenantHold = await act(
      reference,
      { action: 'hold', holdReason: 'parts', expectedVersion: 5 },
      'tenant',
    );
    expect(tenantHold.status).toBe(400);
    expect(tenantHold.body.fields.map((f: { field: string }) => f.field)).toContain('action');
    const detail = await get(`/api/v1/complaints/${reference}`).expect(200);
    const notes = detail.body.timeline.filter((e: { action: string }) => e.action === 'note');
    expect(notes).toEqual([
      expect.objectContaining({
        internalText: 'Locataire injoignable le matin',
        publicText: null,
        payload: { visibility: 'internal' },
      }),
      expect.objectContaining({
        publicText: 'Je suis là après 17 h',
        internalText: null,
        actor: { role: 'tenant', id: null },
      }),
    ]);
    expect(detail.body.onHold).toBeNull();
  });

  it('answers 409 with the current state for a stale version', async () => {
    const reference = await fileComplaint(app, landlord);
    await act(reference, { action: 'acknowledge', expectedVersion: 1 }).expect(200);
    const stale = await act(reference, {
      action: 'assign',
      contractorId: landlord.contractors[0],
      expectedVersion: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'STALE_VERSION',
      current: { status: 'acknowledged', version: 2 },
    });
    expect(stale.body.correlationId).toEqual(expect.any(String));
    const staleNote = await http()
      .post(`/api/v1/complaints/${reference}/notes`)
      .set(landlord.as.agent)
      .send({ visibility: 'public', text: 'x', expectedVersion: 1 });
    expect(staleNote.status).toBe(409);
  });

  it('answers 403 when the role may never take the action', async () => {
    const reference = await fileComplaint(app, landlord);
    const res = await act(reference, { action: 'report_done', expectedVersion: 1 }, 'agent');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('NOT_ALLOWED');
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['no action', { expectedVersion: 1 }, ['action']],
    ['unknown action', { action: 'teleport', expectedVersion: 1 }, ['action']],
    ['no version', { action: 'acknowledge' }, ['expectedVersion']],
    ['bad version', { action: 'acknowledge', expectedVersion: 'one' }, ['expectedVersion']],
    ['unknown field', { action: 'acknowledge', expectedVersion: 1, colour: 'red' }, ['colour']],
    [
      'bad contractor id',
      { action: 'acknowledge', expectedVersion: 1, contractorId: 'bob' },
      ['contractorId'],
    ],
    [
      'bad appointment',
      { action: 'acknowledge', expectedVersion: 1, appointment: { start: 'soon' } },
      ['appointment.start', 'appointment.end'],
    ],
    ['bad hold reason', { action: 'hold', expectedVersion: 1, holdReason: 'lunch' }, ['holdReason']],
  ])('answers 400 naming the fields for %s', async (_name, body, fields) => {
    const reference = await fileComplaint(app, landlord);
    const res = await act(reference, body);
    expect(res.status).toBe(400);
    expect([...new Set(res.body.fields.map((f: { field: string }) => f.field))]).toEqual(fields);
    const detail = await get(`/api/v1/complaints/${reference}`).expect(200);
    expect(detail.body.version).toBe(1);
  });

  it('answers 400 for a missing action input, and for a contractor of another landlord', async () => {
    const reference = await fileComplaint(app, landlord);
    await act(reference, { action: 'acknowledge', expectedVersion: 1 }).expect(200);
    const missing = await act(reference, { action: 'assign', expectedVersion: 2 });
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toEqual([
      { field: 'contractorId', code: 'required', message: 'is required', params: {} },
    ]);
    const other = await createLandlord(app);
    const foreign = await act(reference, {
      action: 'assign',
      expectedVersion: 2,
      contractorId: other.contractors[0],
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields[0].field).toBe('contractorId');
  });

  it('answers 404 alike for unknown and malformed references', async () => {
    for (const ref of ['0000-0000-00000', 'ZZZZ-ZZZZ-ZZZZZ', 'not-a-reference', '%27%3B--']) {
      const detail = await get(`/api/v1/complaints/${ref}`);
      expect(detail.status).toBe(404);
      expect(detail.body.code).toBe('NOT_FOUND');
      const res = await act(ref, { action: 'acknowledge', expectedVersion: 1 });
      expect(res.status).toBe(404);
      await get(`/api/v1/complaints/${ref}/events/verify`).expect(404);
    }
  });

  it('accepts a reference typed loosely', async () => {
    const reference = await fileComplaint(app, landlord);
    const typed = reference.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    const res = await get(`/api/v1/complaints/${encodeURIComponent(typed)}`).expect(200);
    expect(res.body.reference).toBe(reference);
  });
});

describe('intake', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['empty body', {}, ['landlordCode', 'category', 'description', 'tenant']],
    ['bad category and channel', { category: 'ufo', channel: 'pigeon' }, ['category', 'channel']],
    ['bad phone', { tenant: { name: 'A', phone: '12', preferredChannel: 'sms' } }, ['tenant.phone']],
    ['sms without phone', { tenant: { name: 'A', preferredChannel: 'sms' } }, ['tenant.phone']],
    ['bad email', { tenant: { name: 'A', email: 'nope' } }, ['tenant.email']],
    ['unknown landlord', { landlordCode: 'NOPE-NOPE' }, ['landlordCode']],
    ['unknown residence', { residenceCode: 'NOWHERE' }, ['residenceCode']],
    ['extra field', { secret: 1 }, ['secret']],
  ])('answers 400 naming the fields for %s', async (_name, overrides, fields) => {
    const body = _name === 'empty body' ? {} : complaintBody(landlord, overrides);
    const res = await http().post('/api/v1/complaints').set(landlord.as.agent).send(body);
    expect(res.status).toBe(400);
    expect([...new Set(res.body.fields.map((f: { field: string }) => f.field))]).toEqual(fields);
  });

  it('refuses intake by a contractor', async () => {
    const res = await http()
      .post('/api/v1/complaints')
      .set(landlord.as.contractor)
      .send(complaintBody(landlord));
    expect(res.status).toBe(403);
  });

  it('answers 400 for a body that is not JSON, with a correlation id', async () => {
    const res = await http().post('/api/v1/complaints').set('content-type', 'application/json').send('{oops');
    expect(res.status).toBe(400);
    expect(res.body.correlationId).toBe(res.headers['x-request-id']);
  });
});

describe('listing', () => {
  it('filters by status, agency, category and channel, paginates and sorts', async () => {
    const own = await createLandlord(app);
    const refs: string[] = [];
    for (let i = 0; i < 5; i++) {
      refs.push(
        await fileComplaint(app, own, {
          channel: i % 2 ? 'phone' : 'web',
          category: i < 3 ? 'heating' : 'lift',
          residenceCode: i < 4 ? 'TILLEULS' : 'CIGALES',
        }),
      );
    }
    await http()
      .post(`/api/v1/complaints/${refs[0]}/transitions`)
      .set(own.as.agent)
      .send({ action: 'acknowledge', expectedVersion: 1 })
      .expect(200);
    const list = (q: string) =>
      http().get(`/api/v1/complaints?landlord=${own.code}&${q}`).set(own.as.agent).expect(200);
    expect((await list('')).body.total).toBe(5);
    expect(
      (await list('status=acknowledged')).body.items.map((c: { reference: string }) => c.reference),
    ).toEqual([refs[0]]);
    expect((await list('channel=phone')).body.total).toBe(2);
    expect((await list('category=lift')).body.total).toBe(2);
    expect((await list('agency=SUD')).body.items.map((c: { reference: string }) => c.reference)).toEqual([
      refs[4],
    ]);
    const page1 = (await list('pageSize=2&page=1&sort=createdAt')).body;
    const page3 = (await list('pageSize=2&page=3&sort=createdAt')).body;
    expect(page1.items.map((c: { reference: string }) => c.reference)).toEqual(refs.slice(0, 2));
    expect(page3.items.map((c: { reference: string }) => c.reference)).toEqual(refs.slice(4));
    expect((await list('sort=-createdAt&pageSize=1')).body.items[0].reference).toBe(refs[4]);
    const bad = await get('/api/v1/complaints?pageSize=1000&sort=colour&status=lost');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'pageSize',
      'sort',
      'status',
    ]);
  });

  it('lists exactly what an agent of several landlords, or of some agencies, reaches, in one order across pages', async () => {
    const [one, two] = [await createLandlord(app), await createLandlord(app)];
    const db = app.get(DataSource);
    for (const l of [one, two]) {
      for (const residenceCode of ['TILLEULS', 'TILLEULS', 'CIGALES', 'CIGALES']) {
        await fileComplaint(app, l, { residenceCode });
      }
    }
    // Next due dates interleaved across the two landlords, with ties (broken by id) and one closed-like
    // complaint without a next due date, which comes last.
    await db.query(
      `UPDATE complaints c SET next_due_at = CASE WHEN n.i = 8 THEN NULL
                                                  ELSE now() + ((n.i % 3) * interval '1 hour') END
         FROM (SELECT id, row_number() OVER (ORDER BY created_at) AS i FROM complaints
                WHERE landlord_id IN ($1, $2)) n
        WHERE n.id = c.id`,
      [one.id, two.id],
    );
    const expected = async (where: string) =>
      (
        await db.query(
          `SELECT c.reference FROM complaints c JOIN agencies a ON a.id = c.agency_id
            WHERE ${where} ORDER BY c.next_due_at NULLS LAST, c.id`,
          [one.id, two.id],
        )
      ).map(
        (r: { reference: string }) =>
          `${r.reference.slice(0, 4)}-${r.reference.slice(4, 8)}-${r.reference.slice(8)}`,
      );
    const pages = async (auth: { Authorization: string }, pageSize: number, query = '') => {
      const seen: string[] = [];
      for (let page = 1; ; page++) {
        const res = await http()
          .get(`/api/v1/complaints?sort=nextDue&pageSize=${pageSize}&page=${page}${query}`)
          .set(auth)
          .expect(200);
        if (res.body.items.length === 0) return { seen, total: res.body.total as number };
        seen.push(...res.body.items.map((c: { reference: string }) => c.reference));
      }
    };

    const both = await signedIn(app, 'agent', { landlordCodes: [one.code, two.code] });
    const all = await expected('c.landlord_id IN ($1, $2)');
    expect(all).toHaveLength(8);
    for (const size of [1, 3, 8]) expect(await pages(both, size)).toEqual({ seen: all, total: 8 });
    expect((await pages(both, 3, `&landlord=${two.code}`)).seen).toEqual(
      await expected('c.landlord_id = $2 AND $1::uuid IS NOT NULL'),
    );
    const counts = (await http().get('/api/v1/complaints/counts').set(both).expect(200)).body;
    expect(counts.total).toBe(8);
    expect(counts.byStatus.received.total).toBe(8);

    // Agency NORD of the first landlord, and all of the second.
    const mixed = await signedIn(app, 'agent', { landlordCodes: [one.code, two.code] });
    await db.query(
      `UPDATE memberships m SET agency_id = a.id FROM agencies a
        WHERE m.user_id = $1 AND m.landlord_id = $2 AND a.landlord_id = $2 AND a.code = 'NORD'`,
      [mixed.userId, one.id],
    );
    const reached = await expected(`(c.landlord_id = $1 AND a.code = 'NORD') OR c.landlord_id = $2`);
    expect(reached).toHaveLength(6);
    for (const size of [2, 4]) expect(await pages(mixed, size)).toEqual({ seen: reached, total: 6 });
    expect((await pages(mixed, 2, `&landlord=${one.code}`)).total).toBe(2);
    expect((await pages(mixed, 2, `&landlord=${one.code}&agency=SUD`)).total).toBe(0);
    expect((await pages(mixed, 2, '&agency=SUD')).total).toBe(2);
    expect((await http().get('/api/v1/complaints/counts').set(mixed).expect(200)).body.total).toBe(6);
    const [hidden] = await expected(`c.landlord_id = $1 AND a.code = 'SUD' AND $2::uuid IS NOT NULL`);
    await http().get(`/api/v1/complaints/${hidden}`).set(mixed).expect(404);
    await http().get(`/api/v1/complaints/${hidden}`).set(both).expect(200);
  });
});
