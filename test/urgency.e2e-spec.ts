import request from 'supertest';
import { DataSource } from 'typeorm';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FRANCE_PRESET } from '../libs/domain/src';
import type { RuleSet } from '../libs/domain/src';
import { createTestApp } from './support/app';
import { complaintBody, createLandlord } from './support/factory';
import type { TestLandlord } from './support/factory';

let app: NestFastifyApplication;
let landlord: TestLandlord;
const http = () => request(app.getHttpServer());

beforeAll(async () => {
  app = await createTestApp();
  landlord = await createLandlord(app);
});
afterAll(() => app.close());

async function file(overrides: Record<string, unknown>) {
  const res = await http()
    .post('/api/v1/complaints')
    .set(landlord.as.agent)
    .send(complaintBody(landlord, overrides));
  expect(res.status).toBe(201);
  return res.body as {
    reference: string;
    trackingToken: string;
    urgency: { level: string; due: Record<string, string> };
  };
}

describe('urgency at intake', () => {
  it('records the level, matched rules, rule-set version and due dates on the complaint and in the event', async () => {
    const before = Date.now();
    const filed = await file({ category: 'gas', description: 'Ça sent le gaz', flags: ['gas_smell'] });
    expect(filed.urgency.level).toBe('emergency');
    const intervene = Date.parse(filed.urgency.due.intervene);
    expect(intervene - before).toBeGreaterThanOrEqual(24 * 3_600_000 - 1000);
    expect(intervene - before).toBeLessThan(24 * 3_600_000 + 60_000);

    const detail = await http()
      .get(`/api/v1/complaints/${filed.reference}`)
      .set(landlord.as.agent)
      .expect(200);
    expect(detail.body.flags).toEqual(['gas_smell']);
    expect(detail.body.urgency).toMatchObject({
      level: 'emergency',
      ruleSetVersion: 0,
      ruleIds: ['gas_or_co'],
    });
    const events = await http()
      .get(`/api/v1/complaints/${filed.reference}/events`)
      .set(landlord.as.agent)
      .expect(200);
    const first = (events.body.events ?? events.body)[0];
    expect(JSON.stringify(first)).toContain('"ruleSetVersion":0');
    await http()
      .get(`/api/v1/complaints/${filed.reference}/events/verify`)
      .set(landlord.as.agent)
      .expect(200, /"valid":true/);
  });

  it('shows the tenant why, without sign-in', async () => {
    const filed = await file({ category: 'heating', flags: ['no_heating', 'vulnerable_occupant'] });
    const view = await http().get(`/api/v1/track/${filed.trackingToken}`).expect(200);
    expect(view.body.urgency.explanation.fr).toMatch(/vulnérable/);
    expect(view.body.urgency.due.acknowledge).toBeDefined();
  });

  it('answers 400 naming an unknown flag', async () => {
    const res = await http()
      .post('/api/v1/complaints')
      .set(landlord.as.agent)
      .send(complaintBody(landlord, { flags: ['on_fire'] }))
      .expect(400);
    expect(JSON.stringify(res.body.fields)).toContain('flags');
  });
});

describe('rule sets', () => {
  it('publishes the criteria to anyone, and 404 for an unknown landlord', async () => {
    const res = await http().get(`/api/v1/landlords/${landlord.code}/urgency-criteria`).expect(200);
    expect(res.body.version).toBe(0);
    expect(res.body.rules.map((r: { id: string }) => r.id)).toContain('gas_or_co');
    expect(res.body.levels[0]).toMatchObject({ id: 'emergency' });
    await http().get('/api/v1/landlords/NOPE-XYZ/urgency-criteria').expect(404);
  });

  it('refuses an invalid rule set naming the fields, and keeps nothing', async () => {
    const broken = { ...FRANCE_PRESET, defaultLevel: 'nope' };
    const res = await http()
      .post(`/api/v1/landlords/${landlord.code}/rules`)
      .set(landlord.as.landlord_admin)
      .send({ ruleSet: broken })
      .expect(400);
    expect(res.body.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'ruleSet.defaultLevel' })]),
    );
    const rules = await http()
      .get(`/api/v1/landlords/${landlord.code}/rules`)
      .set(landlord.as.landlord_admin)
      .expect(200);
    expect(rules.body.versions).toEqual([]);
  });

  it('applies a new version to new complaints and leaves old ones as they were', async () => {
    const old = await file({ category: 'roof', description: 'Le toit fuit' });
    expect(old.urgency.level).toBe('standard');
    const changed: RuleSet = {
      ...FRANCE_PRESET,
      rules: FRANCE_PRESET.rules.map((rule) =>
        rule.id === 'roof_or_entryphone' ? { ...rule, level: 'priority' } : rule,
      ),
    };
    const published = await http()
      .post(`/api/v1/landlords/${landlord.code}/rules`)
      .set(landlord.as.landlord_admin)
      .send({ ruleSet: changed })
      .expect(201);
    expect(published.body.version).toBe(1);

    const fresh = await file({ category: 'roof', description: 'Le toit fuit' });
    expect(fresh.urgency.level).toBe('priority');
    const oldDetail = await http()
      .get(`/api/v1/complaints/${old.reference}`)
      .set(landlord.as.agent)
      .expect(200);
    expect(oldDetail.body.urgency).toMatchObject({ level: 'standard', ruleSetVersion: 0 });
    const freshDetail = await http()
      .get(`/api/v1/complaints/${fresh.reference}`)
      .set(landlord.as.agent)
      .expect(200);
    expect(freshDetail.body.urgency).toMatchObject({ level: 'priority', ruleSetVersion: 1 });

    // Every version is kept, and the database refuses to rewrite one.
    const db = app.get(DataSource);
    await expect(db.query(`UPDATE urgency_rule_sets SET version = 99`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM urgency_rule_sets`)).rejects.toThrow(/append-only/);
  });

  it('dry-runs for admins only', async () => {
    const body = {
      category: 'plumbing_leak',
      flags: ['vulnerable_occupant'],
      description: 'Fuite sous l’évier',
    };
    const res = await http()
      .post(`/api/v1/landlords/${landlord.code}/rules/evaluate`)
      .set(landlord.as.landlord_admin)
      .send(body)
      .expect(200);
    expect(res.body).toMatchObject({ level: 'urgent', raisedForVulnerableOccupant: true });
    await http()
      .post(`/api/v1/landlords/${landlord.code}/rules/evaluate`)
      .set(landlord.as.agent)
      .send(body)
      .expect(403);
  });
});

describe('changing the urgency', () => {
  const act = (reference: string, body: Record<string, unknown>) =>
    http().post(`/api/v1/complaints/${reference}/transitions`).set(landlord.as.agent).send(body);

  it('lets an agent override only with a reason, recording it as an event', async () => {
    const filed = await file({ category: 'roof', description: 'Infiltration par le toit' });
    const level = filed.urgency.level;
    const noReason = await act(filed.reference, {
      action: 'override_urgency',
      expectedVersion: 1,
      urgencyLevel: 'urgent',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.fields.map((f: { field: string }) => f.field)).toContain('reason');
    const unknown = await act(filed.reference, {
      action: 'override_urgency',
      expectedVersion: 1,
      urgencyLevel: 'whenever',
      reason: 'x',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields.map((f: { field: string }) => f.field)).toContain('urgencyLevel');

    await act(filed.reference, {
      action: 'override_urgency',
      expectedVersion: 1,
      urgencyLevel: 'urgent',
      reason: 'Locataire âgée, eau sur le tableau électrique',
    }).expect(200);
    const detail = await http()
      .get(`/api/v1/complaints/${filed.reference}`)
      .set(landlord.as.agent)
      .expect(200);
    expect(detail.body.urgency).toMatchObject({
      level: 'urgent',
      override: { previousLevel: level, byRole: 'agent' },
    });
    expect(Date.parse(detail.body.urgency.due.intervene)).toBeLessThan(
      Date.parse(filed.urgency.due.intervene),
    );
    const events = await http()
      .get(`/api/v1/complaints/${filed.reference}/events`)
      .set(landlord.as.agent)
      .expect(200);
    const last = (events.body.events ?? events.body).at(-1);
    expect(last).toMatchObject({ action: 'override_urgency' });
    expect(JSON.stringify(last)).toContain('"previousLevel"');
  });

  it('evaluates again when the agent changes the category at acknowledgement', async () => {
    const filed = await file({ category: 'other', description: 'Problème' });
    expect(filed.urgency.level).toBe('routine');
    await act(filed.reference, { action: 'acknowledge', expectedVersion: 1, category: 'gas' }).expect(200);
    const detail = await http()
      .get(`/api/v1/complaints/${filed.reference}`)
      .set(landlord.as.agent)
      .expect(200);
    expect(detail.body.urgency).toMatchObject({ level: 'emergency', ruleIds: ['gas_or_co'] });
    await http()
      .get(`/api/v1/complaints/${filed.reference}/events/verify`)
      .set(landlord.as.agent)
      .expect(200, /"valid":true/);
  });
});

describe('reclassifying', () => {
  const act = (reference: string, body: Record<string, unknown>) =>
    http().post(`/api/v1/complaints/${reference}/transitions`).set(landlord.as.agent).send(body);

  it('evaluates again when the agent changes the flags, moving the next deadline', async () => {
    const filed = await file({ category: 'plumbing_leak', description: 'Fuite sous l’évier', flags: [] });
    const before = filed.urgency.level;
    const same = await act(filed.reference, { action: 'reclassify', expectedVersion: 1, flags: [] });
    expect(same.status).toBe(400);
    const unknown = await act(filed.reference, {
      action: 'reclassify',
      expectedVersion: 1,
      flags: ['on_fire'],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields.map((f: { field: string }) => f.field)).toContain('flags');

    await act(filed.reference, {
      action: 'reclassify',
      expectedVersion: 1,
      flags: ['live_wiring'],
      internalText: 'Au téléphone : l’eau coule sur le tableau électrique',
    }).expect(200);
    const detail = await http()
      .get(`/api/v1/complaints/${filed.reference}`)
      .set(landlord.as.agent)
      .expect(200);
    expect(before).not.toBe('emergency');
    expect(detail.body.flags).toEqual(['live_wiring']);
    expect(detail.body.urgency.level).toBe('emergency');
    expect(Date.parse(detail.body.nextDeadline.dueAt)).toBeLessThan(
      Date.parse(filed.urgency.due.acknowledge),
    );
    const events = await http()
      .get(`/api/v1/complaints/${filed.reference}/events`)
      .set(landlord.as.agent)
      .expect(200);
    expect((events.body.events ?? events.body).at(-1)).toMatchObject({
      action: 'reclassify',
      payload: { flags: ['live_wiring'], previousFlags: [], urgency: { level: 'emergency' } },
    });
  });
});

describe('clocks', () => {
  it('shows each stage’s clock to staff and the next date to the tenant', async () => {
    const filed = await file({ category: 'plumbing_leak', description: 'Fuite sous l’évier' });
    const before = await http()
      .get(`/api/v1/complaints/${filed.reference}`)
      .set(landlord.as.agent)
      .expect(200);
    expect(before.body.clocks.map((c: { stage: string; state: string }) => [c.stage, c.state])).toEqual([
      ['acknowledge', 'running'],
      ['intervene', 'running'],
      ['resolve', 'running'],
    ]);
    expect(before.body.nextDeadline).toMatchObject({
      stage: 'acknowledge',
      dueAt: filed.urgency.due.acknowledge,
    });

    await http()
      .post(`/api/v1/complaints/${filed.reference}/transitions`)
      .set(landlord.as.agent)
      .send({ action: 'acknowledge', expectedVersion: 1 })
      .expect(200);
    const after = await http()
      .get(`/api/v1/complaints/${filed.reference}`)
      .set(landlord.as.agent)
      .expect(200);
    expect(after.body.clocks[0]).toMatchObject({ stage: 'acknowledge', state: 'met', elapsedWorkingDays: 0 });
    expect(after.body.nextDeadline).toMatchObject({ stage: 'intervene', dueAt: filed.urgency.due.intervene });

    const view = await http().get(`/api/v1/track/${filed.trackingToken}`).expect(200);
    expect(view.body.nextStep).toMatchObject({ by: 'landlord', dueBy: filed.urgency.due.intervene });
  });

  it('starts the stage-2 clocks when the tenant asks for a review, stopped by the landlord’s answers', async () => {
    const filed = await file({ category: 'other', description: 'Réponse jamais reçue' });
    const staff = (body: Record<string, unknown>, version: number) =>
      http()
        .post(`/api/v1/complaints/${filed.reference}/transitions`)
        .set(landlord.as.agent)
        .send({ ...body, expectedVersion: version });
    await http()
      .post(`/api/v1/track/${filed.trackingToken}/actions`)
      .send({ action: 'escalate', reason: 'Personne ne me répond', expectedVersion: 1 })
      .expect(200);
    const clocks = async () =>
      (
        await http().get(`/api/v1/complaints/${filed.reference}`).set(landlord.as.agent).expect(200)
      ).body.clocks.map((c: { stage: string; state: string }) => [c.stage, c.state]);
    expect(await clocks()).toContainEqual(['review_acknowledge', 'running']);
    expect(await clocks()).toContainEqual(['review', 'running']);
    expect((await staff({ action: 'answer_review' }, 2)).status).toBe(400);
    await staff({ action: 'acknowledge_review' }, 2).expect(200);
    await staff({ action: 'answer_review', text: 'Nous remplaçons la chaudière le 3.' }, 3).expect(200);
    expect(await clocks()).toEqual(
      expect.arrayContaining([
        ['review_acknowledge', 'met'],
        ['review', 'met'],
      ]),
    );
  });
});

describe('calendars', () => {
  it('publishes holidays and closures, and new deadlines skip the closure days', async () => {
    const own = await createLandlord(app);
    const fileFor = async () => {
      const res = await http()
        .post('/api/v1/complaints')
        .set(own.as.agent)
        .send(complaintBody(own, { category: 'other', description: 'Placard cassé' }))
        .expect(201);
      return Date.parse(res.body.urgency.due.acknowledge as string);
    };
    const before = await fileFor();

    const days: string[] = [];
    for (let d = 1; days.length < 5; d++) {
      days.push(new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10));
    }
    await http().put(`/api/v1/landlords/${own.code}/closures`).set(own.as.agent).send({ days }).expect(403);
    const bad = await http()
      .put(`/api/v1/landlords/${own.code}/closures`)
      .set(own.as.landlord_admin)
      .send({ days: ['2026-02-30', 'demain'] })
      .expect(400);
    expect(JSON.stringify(bad.body.fields)).toContain('days');
    await http()
      .put(`/api/v1/landlords/${own.code}/closures`)
      .set(own.as.landlord_admin)
      .send({ days: [...days].reverse() })
      .expect(200, { days });

    const year = Number(days[0].slice(0, 4));
    const calendar = await http().get(`/api/v1/landlords/${own.code}/calendar?year=${year}`).expect(200);
    expect(calendar.body.closures).toEqual(days.filter((d) => d.startsWith(`${year}-`)));
    expect(calendar.body.publicHolidays).toContainEqual({ date: `${year}-07-14`, name: expect.any(String) });
    await http().get(`/api/v1/landlords/${own.code}/calendar?year=soon`).expect(400);

    expect(await fileFor()).toBeGreaterThan(before);
  });
});
