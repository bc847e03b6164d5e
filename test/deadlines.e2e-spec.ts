import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DeadlineSweepService } from '../libs/complaints/src';
import { createTestApp } from './support/app';
import { complaintBody, createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';
import { transitionAsAgent } from './support/helpers';

let app: NestFastifyApplication;
let landlord: TestLandlord;
let sweeps: DeadlineSweepService;
const http = () => request(app.getHttpServer());
const HOUR = 3_600_000;

beforeAll(async () => {
  app = await createTestApp();
  landlord = await createLandlord(app);
  sweeps = app.get(DeadlineSweepService);
});
afterAll(() => app.close());

async function file(overrides: Record<string, unknown> = {}) {
  const res = await http()
    .post('/api/v1/complaints')
    .set(landlord.as.agent)
    .send(complaintBody(landlord, overrides))
    .expect(201);
  return res.body as { reference: string; urgency: { level: string; due: Record<string, string> } };
}

const act = (reference: string, body: Record<string, unknown>) =>
  transitionAsAgent(app, landlord, reference, body);

async function alerts(reference: string) {
  const res = await http().get(`/api/v1/complaints/${reference}/events`).set(landlord.as.agent).expect(200);
  const events = (res.body.events ?? res.body) as { action: string; payload: Record<string, unknown> }[];
  return events
    .filter((e) => ['deadline_approaching', 'deadline_missed', 'contractor_chased'].includes(e.action))
    .map((e) => `${e.action}:${e.payload.stage as string}`);
}

const sweepAt = (now: Date) => sweeps.sweep({ now, warningHours: 24, landlordIds: [landlord.id] });

describe('deadline sweep', () => {
  it('warns before, records the breach once per stage even when four sweeps run at once, and chases the contractor', async () => {
    const gas = await file({ category: 'gas', description: 'Odeur de gaz', flags: ['gas_smell'] });
    const heating = await file({ category: 'heating', flags: ['no_heating'] });
    const filedAt = Date.now();

    // One hour in, the emergency's 4-hour acknowledgement is within the 24-hour warning window.
    const early = await sweepAt(new Date(filedAt + HOUR));
    expect(early.recorded.deadline_approaching).toBeGreaterThanOrEqual(1);
    expect(await alerts(gas.reference)).toEqual(['deadline_approaching:acknowledge']);

    // The gas complaint is acknowledged and assigned; the heating one is left untouched.
    await act(gas.reference, { action: 'acknowledge' });
    await act(gas.reference, { action: 'assign', contractorId: landlord.contractors[0] });

    const late = new Date(filedAt + 60 * 24 * HOUR);
    const reports = await Promise.all([1, 2, 3, 4].map(() => sweepAt(late)));
    const missed = reports.reduce((n, r) => n + r.recorded.deadline_missed, 0);
    const chased = reports.reduce((n, r) => n + r.recorded.contractor_chased, 0);
    expect(missed).toBe(2);
    expect(chased).toBe(1);

    const gasAlerts = await alerts(gas.reference);
    expect(gasAlerts.filter((a) => a === 'deadline_missed:intervene')).toHaveLength(1);
    expect(gasAlerts.filter((a) => a === 'contractor_chased:intervene')).toHaveLength(1);
    const heatingAlerts = await alerts(heating.reference);
    expect(heatingAlerts.filter((a) => a === 'deadline_missed:acknowledge')).toHaveLength(1);

    // Sweeping again records nothing new.
    const again = await sweepAt(late);
    expect(Object.values(again.recorded).reduce((a, b) => a + b, 0)).toBe(0);

    // Once acknowledged, the heating complaint's next stage can be missed in its turn, once.
    await act(heating.reference, { action: 'acknowledge' });
    await Promise.all([sweepAt(late), sweepAt(late)]);
    expect((await alerts(heating.reference)).filter((a) => a.startsWith('deadline_missed'))).toEqual([
      'deadline_missed:acknowledge',
      'deadline_missed:intervene',
    ]);

    // The alerts are ordinary chained events: the history still verifies.
    for (const reference of [gas.reference, heating.reference]) {
      await http()
        .get(`/api/v1/complaints/${reference}/events/verify`)
        .set(landlord.as.agent)
        .expect(200, /"valid":true/);
    }
  });

  it('records nothing for a closed complaint or a stage already met', async () => {
    const filed = await file({ category: 'heating', flags: ['no_heating'] });
    const db = app.get(DataSource);
    const [{ next_due_stage }] = await db.query(
      'SELECT next_due_stage FROM complaints WHERE reference = $1',
      [filed.reference.replace(/-/g, '')],
    );
    expect(next_due_stage).toBe('acknowledge');
    await act(filed.reference, { action: 'acknowledge' });
    await act(filed.reference, {
      action: 'close_without_works',
      closeReason: 'duplicate',
      reason: 'Doublon',
    });
    await sweepAt(new Date(Date.now() + 90 * 24 * HOUR));
    expect(await alerts(filed.reference)).toEqual([]);
  });
});

describe("the agents' queue", () => {
  it('sorts by the next due date, marks and filters overdue', async () => {
    const own = await createLandlord(app);
    const body = (overrides: Record<string, unknown>) => complaintBody(own, overrides);
    const routine = await http()
      .post('/api/v1/complaints')
      .set(own.as.agent)
      .send(body({ category: 'other', description: 'Porte de placard cassée' }))
      .expect(201);
    const emergency = await http()
      .post('/api/v1/complaints')
      .set(own.as.agent)
      .send(body({ category: 'gas', description: 'Odeur de gaz', flags: ['gas_smell'] }))
      .expect(201);
    const db = app.get(DataSource);
    const overdue = await http()
      .post('/api/v1/complaints')
      .set(own.as.agent)
      .send(body({ category: 'heating', flags: ['no_heating'] }))
      .expect(201);
    // An acknowledgement that fell due yesterday.
    await db.query(`UPDATE complaints SET next_due_at = now() - interval '1 day' WHERE reference = $1`, [
      overdue.body.reference.replace(/-/g, ''),
    ]);

    const queue = await http()
      .get(`/api/v1/complaints?landlord=${own.code}&sort=nextDue`)
      .set(own.as.agent)
      .expect(200);
    const refs = queue.body.items.map((i: { reference: string }) => i.reference);
    expect(refs).toEqual([overdue.body.reference, emergency.body.reference, routine.body.reference]);
    expect(queue.body.items[0].nextDue).toMatchObject({ stage: 'acknowledge', overdue: true });
    expect(queue.body.items[1]).toMatchObject({ urgency: 'emergency', nextDue: { overdue: false } });

    const late = await http()
      .get(`/api/v1/complaints?landlord=${own.code}&overdue=true`)
      .set(own.as.agent)
      .expect(200);
    expect(late.body.items.map((i: { reference: string }) => i.reference)).toEqual([overdue.body.reference]);
    const urgent = await http()
      .get(`/api/v1/complaints?landlord=${own.code}&urgency=emergency&overdue=false`)
      .set(own.as.agent)
      .expect(200);
    expect(urgent.body.total).toBe(1);

    const bad = await http()
      .get(`/api/v1/complaints?overdue=maybe&sort=soonest`)
      .set(own.as.agent)
      .expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/overdue/);
    expect(JSON.stringify(bad.body)).toMatch(/sort/);
  });
});
