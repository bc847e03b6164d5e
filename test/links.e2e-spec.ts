import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LOOKUP_LOCK } from '../apps/api/src/tracking/tracking.controller';
import { formatReference, newReference } from '../libs/domain/src';
import { createTestApp, randomIp } from './support/app';
import { complaintBody, createLandlord, fileComplaintWithToken } from './support/factory';
import type { TestLandlord } from './support/factory';

/** A day three weeks from now, `YYYY-MM-DD`: appointments must fall within the sane window (APPOINTMENT_LIMITS). */
const SOON = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);

// The links people reach Suivi through without an account: the tenant's tracking link (or reference +
// verifier), the contractor's work-order link, and a partner's view of what it filed.

let app: NestFastifyApplication;
let landlord: TestLandlord;
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  app = await createTestApp();
  landlord = await createLandlord(app);
});
afterAll(() => app.close());

async function transition(reference: string, body: Record<string, unknown>, role = 'agent') {
  const res = await http()
    .post(`/api/v1/complaints/${reference}/transitions`)
    .set(landlord.as[role as keyof TestLandlord['as']])
    .send(body);
  expect(res.status).toBe(200);
  return res.body as { version: number; workOrderToken?: string; workOrderUrl?: string };
}

/** Files, acknowledges and assigns to the first contractor; returns the links handed out. */
async function assigned(overrides: Record<string, unknown> = {}) {
  const filed = await fileComplaintWithToken(app, landlord, overrides);
  await transition(filed.reference, { action: 'acknowledge', expectedVersion: 1 });
  const res = await transition(filed.reference, {
    action: 'assign',
    expectedVersion: 2,
    contractorId: landlord.contractors[0],
  });
  const workOrder = String(res.workOrderUrl ?? res.workOrderToken)
    .split('/')
    .pop()!;
  return { ...filed, workOrder, version: res.version };
}

describe('tenant tracking link', () => {
  it('shows the public view without the tenant’s name, phone, email or internal notes', async () => {
    const filed = await fileComplaintWithToken(app, landlord, {
      accessNotes: 'Digicode 4512B',
      tenant: { name: 'Amina Diallo', phone: '06 12 34 56 78', email: 'amina@example.org' },
    });
    await transition(filed.reference, { action: 'acknowledge', expectedVersion: 1 });
    await transition(filed.reference, {
      action: 'note',
      expectedVersion: 2,
      visibility: 'internal',
      text: 'INTERNAL-SECRET locataire difficile',
    });
    await transition(filed.reference, {
      action: 'note',
      expectedVersion: 3,
      visibility: 'public',
      text: 'Nous passons jeudi.',
    });

    const res = await http().get(`/api/v1/track/${filed.trackingToken}`).expect(200);
    const raw = res.text;
    for (const secret of [
      'Amina',
      'Diallo',
      '0612345678',
      '612345678',
      'amina@example.org',
      'INTERNAL-SECRET',
      '4512B',
    ]) {
      expect(raw).not.toContain(secret);
    }
    expect(raw).not.toMatch(/@test\.suivi\.local/); // no staff identities, only roles
    expect(res.body).toMatchObject({ reference: filed.reference, status: 'acknowledged', version: 4 });
    expect(res.body.timeline.map((e: { action: string }) => e.action)).toEqual([
      'file',
      'acknowledge',
      'note',
    ]);
    expect(res.body.timeline[2]).toMatchObject({ text: 'Nous passons jeudi.', by: 'agent' });
    expect(res.body.nextStep).toBeTruthy();
  });

  it('shows no notice for a ?done= that names no action (an inherited name such as constructor)', async () => {
    // Before, `?done=constructor` found Object's constructor in the words and drew an empty success notice.
    const order = await assigned();
    for (const done of ['constructor', 'toString', '__proto__']) {
      const tenant = await http().get(`/t/${order.trackingToken}?done=${done}`).expect(200);
      expect(tenant.text).not.toContain('class="notice success"');
      const contractor = await http().get(`/w/${order.workOrder}?done=${done}`).expect(200);
      expect(contractor.text).not.toContain('class="notice success"');
    }
  });

  it('answers 404 for an unknown or malformed token', async () => {
    await http().get('/api/v1/track/not-a-token').expect(404);
    await http()
      .get(`/api/v1/track/${'A'.repeat(43)}`)
      .expect(404);
  });

  it('finds the token by reference and the last four phone digits or the email on file', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const byPhone = await http()
      .post('/api/v1/track/lookup')
      .set('X-Forwarded-For', randomIp())
      .send({ reference: filed.reference.toLowerCase().replace(/-/g, ' '), verifier: '5678' })
      .expect(200);
    expect(byPhone.body.reference).toBe(filed.reference);
    await http().get(`/api/v1/track/${byPhone.body.trackingToken}`).expect(200);
    const byEmail = await http()
      .post('/api/v1/track/lookup')
      .set('X-Forwarded-For', randomIp())
      .send({ reference: filed.reference, verifier: 'AMINA@example.org' })
      .expect(200);
    expect(byEmail.body.reference).toBe(filed.reference);
  });

  it('gives unknown, malformed and mismatching lookups the same answer', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const answers = [];
    // A well-formed unknown reference (a wrong check symbol is a "re-check" 400 instead, journey spec).
    for (const reference of [formatReference(newReference()), 'not a reference!', filed.reference]) {
      const res = await http()
        .post('/api/v1/track/lookup')
        .set('X-Forwarded-For', randomIp())
        .send({ reference, verifier: '0000' });
      answers.push({ status: res.status, code: res.body.code, message: res.body.message });
    }
    expect(answers[0].status).toBe(404);
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('answers 429 to brute force from one address', async () => {
    const ip = randomIp();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await http()
        .post('/api/v1/track/lookup')
        .set('X-Forwarded-For', ip)
        .send({ reference: formatReference(newReference()), verifier: '0000' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it('slows a reference down after repeated misses from many addresses, even for the right verifier', async () => {
    const filed = await fileComplaintWithToken(app, landlord);
    const lookup = (verifier: string) =>
      http()
        .post('/api/v1/track/lookup')
        .set('X-Forwarded-For', randomIp())
        .send({ reference: filed.reference, verifier });
    // The free attempts, the first attempts of addresses new to the reference (one each, so one address
    // cannot take every slot), then one more once the slow-down's first delay starts.
    const admitted = LOOKUP_LOCK.referenceFree + LOOKUP_LOCK.referenceFirstsFromNewAddresses + 1;
    for (let i = 0; i < admitted; i++) expect((await lookup(`00${10 + i}`)).status).toBe(404);
    expect((await lookup('5678')).status).toBe(429);
  });

  it('lets the tenant note, contest, confirm and rate once closed, and rate only once', async () => {
    const { reference, trackingToken, workOrder } = await assigned();
    const track = (path: string, body: Record<string, unknown>) =>
      http().post(`/api/v1/track/${trackingToken}/${path}`).send(body);
    await track('actions', { action: 'note', expectedVersion: 3, text: 'Je suis là le matin.' }).expect(200);
    await http()
      .post(`/api/v1/work-orders/${workOrder}/actions`)
      .send({ action: 'report_done', expectedVersion: 4, text: 'Vanne remplacée' })
      .expect(200);
    await track('actions', { action: 'reject_works', expectedVersion: 5, reason: 'Toujours froid' }).expect(
      200,
    );
    await http()
      .post(`/api/v1/work-orders/${workOrder}/actions`)
      .send({ action: 'report_done', expectedVersion: 6, text: 'Purge faite' })
      .expect(200);
    await track('actions', { action: 'check_works', expectedVersion: 7 }).expect(200);
    // Not closed yet: no rating.
    expect((await track('rating', { score: 4 })).status).toBe(409);
    await transition(reference, { action: 'close', expectedVersion: 8, resolution: 'fixed' });
    await track('rating', { score: 4, comment: 'Rapide' }).expect(204);
    expect((await track('rating', { score: 1 })).status).toBe(409);
    const view = await http().get(`/api/v1/track/${trackingToken}`).expect(200);
    expect(view.body).toMatchObject({ status: 'closed', rating: 4 });
    // A stale or staff-only action through the tenant link is refused.
    expect((await track('actions', { action: 'close', expectedVersion: 9 })).status).toBe(400);
    expect((await track('rating', { score: 9 })).status).toBe(400);
  });
});

describe('contractor work-order link', () => {
  it('shows the order with the tenant’s first name and phone only when the tenant agreed', async () => {
    const shared = await assigned({ shareContactWithContractor: true, accessNotes: 'Digicode 4512B' });
    const withContact = await http().get(`/api/v1/work-orders/${shared.workOrder}`).expect(200);
    expect(withContact.body).toMatchObject({
      reference: shared.reference,
      accessNotes: 'Digicode 4512B',
      tenant: { firstName: 'Amina', phone: '+33612345678' },
      address: { unit: 'Bât. A, apt 12', city: 'Lille' },
    });
    expect(withContact.text).not.toContain('Diallo');
    expect(withContact.text).not.toContain('amina@example.org');

    const privateOne = await assigned();
    const without = await http().get(`/api/v1/work-orders/${privateOne.workOrder}`).expect(200);
    expect(without.body.tenant).toBeNull();
    expect(without.text).not.toContain('Amina');
    expect(without.text).not.toContain('612345678');
  });

  it('schedules and reports the works through the link', async () => {
    const order = await assigned();
    const link = `/api/v1/work-orders/${order.workOrder}`;
    await http()
      .post(`${link}/actions`)
      .send({
        action: 'schedule',
        expectedVersion: 3,
        appointment: { start: `${SOON}T08:00:00+01:00`, end: `${SOON}T10:00:00+01:00` },
      })
      .expect(200);
    const view = await http().get(link).expect(200);
    expect(view.body.appointment).toEqual({
      start: `${SOON}T07:00:00.000Z`,
      end: `${SOON}T09:00:00.000Z`,
    });
    const tenantView = await http().get(`/api/v1/track/${order.trackingToken}`).expect(200);
    expect(tenantView.body.appointment).toEqual(view.body.appointment);
    // The contractor may not close, nor pass fields that are not theirs.
    expect((await http().post(`${link}/actions`).send({ action: 'close', expectedVersion: 4 })).status).toBe(
      400,
    );
    await http()
      .post(`${link}/actions`)
      .send({ action: 'report_done', expectedVersion: 4, text: 'Fait' })
      .expect(200);
  });

  it('kills the token when the complaint is reassigned, and when it is closed', async () => {
    const order = await assigned();
    const reassigned = await transition(order.reference, {
      action: 'reassign',
      expectedVersion: order.version,
      contractorId: landlord.contractors[1],
      reason: 'indisponible',
    });
    await http().get(`/api/v1/work-orders/${order.workOrder}`).expect(404);
    await http()
      .post(`/api/v1/work-orders/${order.workOrder}/actions`)
      .send({ action: 'report_done', expectedVersion: reassigned.version, text: 'x' })
      .expect(404);
    const second = String(reassigned.workOrderUrl ?? reassigned.workOrderToken)
      .split('/')
      .pop()!;
    await http().get(`/api/v1/work-orders/${second}`).expect(200);

    await http()
      .post(`/api/v1/work-orders/${second}/actions`)
      .send({ action: 'report_done', expectedVersion: reassigned.version, text: 'Fait' })
      .expect(200);
    await http()
      .post(`/api/v1/track/${order.trackingToken}/actions`)
      .send({ action: 'check_works', expectedVersion: reassigned.version + 1 })
      .expect(200);
    await transition(order.reference, {
      action: 'close',
      expectedVersion: reassigned.version + 2,
      resolution: 'fixed',
    });
    await http().get(`/api/v1/work-orders/${second}`).expect(404);
  });

  it('does not let one contractor act on another contractor’s order', async () => {
    // The signed-in contractor of the factory works for contractors[0]; this order is contractors[1]'s.
    const filed = await fileComplaintWithToken(app, landlord);
    await transition(filed.reference, { action: 'acknowledge', expectedVersion: 1 });
    await transition(filed.reference, {
      action: 'assign',
      expectedVersion: 2,
      contractorId: landlord.contractors[1],
    });
    await http()
      .post(`/api/v1/complaints/${filed.reference}/transitions`)
      .set(landlord.as.contractor)
      .send({ action: 'report_done', expectedVersion: 3, text: 'x' })
      .expect(404);
    // The same account does act on its own firm's order.
    const own = await assigned();
    await http()
      .post(`/api/v1/complaints/${own.reference}/transitions`)
      .set(landlord.as.contractor)
      .send({ action: 'report_done', expectedVersion: own.version, text: 'Fait' })
      .expect(200);
  });
});

describe('partner filing', () => {
  it('files with the tenant’s consent and sees whether and how fast the landlord answered', async () => {
    const body = complaintBody(landlord, {
      channel: 'partner',
      partner: { tenantConsent: true, caseReference: 'CCAS-2026-0412' },
    });
    const filed = await http().post('/api/v1/complaints').set(landlord.as.partner).send(body).expect(201);
    const before = await http().get('/api/v1/partner/complaints').set(landlord.as.partner).expect(200);
    const mine = before.body.find((c: { reference: string }) => c.reference === filed.body.reference);
    expect(mine).toMatchObject({ caseReference: 'CCAS-2026-0412', answered: false, status: 'received' });
    expect(mine.hoursToStep).toMatchObject({ acknowledged: null });

    await transition(filed.body.reference, { action: 'acknowledge', expectedVersion: 1 });
    const after = await http().get('/api/v1/partner/complaints').set(landlord.as.partner).expect(200);
    const answered = after.body.find((c: { reference: string }) => c.reference === filed.body.reference);
    expect(answered.answered).toBe(true);
    expect(typeof answered.hoursToStep.acknowledged).toBe('number');
    expect(JSON.stringify(after.body)).not.toContain('amina@example.org');
  });

  it('refuses a partner filing without consent, naming the field', async () => {
    const res = await http()
      .post('/api/v1/complaints')
      .set(landlord.as.partner)
      .send(complaintBody(landlord, { channel: 'partner', partner: { tenantConsent: false } }))
      .expect(400);
    expect(JSON.stringify(res.body)).toContain('partner');
  });

  it('does not show a partner the complaints filed by others', async () => {
    const other = await fileComplaintWithToken(app, landlord);
    const res = await http().get('/api/v1/partner/complaints').set(landlord.as.partner).expect(200);
    expect(res.body.map((c: { reference: string }) => c.reference)).not.toContain(other.reference);
  });
});
