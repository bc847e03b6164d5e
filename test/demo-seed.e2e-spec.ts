import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UsersService } from '../libs/access/src';
import { ComplaintsService } from '../libs/complaints/src';
import { OrganisationService } from '../libs/organisation/src';
import { DEMO_LANDLORD, seedDemoData } from '../libs/seed/src';
import { createTestApp, signedIn } from './support/app';
import { isolatedDatabase } from './support/database';
import { TEST_DATABASE_URL } from './support/test-env';

/**
 * The demo seed is what `npm start` runs on a fresh data folder: every input it files must pass today's
 * validation (a tenant phone `07 11 22 33 44`, not a valid French number, stopped every first start).
 */
describe('demo seed', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    // A database of its own, as `npm start` seeds a fresh one: in the shared one, any suite that creates a
    // landlord coded HLM-DEMO first (the fuzz test fills bodies from the OpenAPI examples) stops the seed.
    app = await createTestApp({ DATABASE_URL: await isolatedDatabase(TEST_DATABASE_URL, 'demo') });
  }, 60_000);
  afterAll(async () => app?.close());

  it('seeds the demo landlord on a database without it', async () => {
    const organisation = app.get(OrganisationService);
    const before = await organisation.listLandlords();
    const seeded = await seedDemoData(organisation, app.get(ComplaintsService), app.get(UsersService));
    const after = await organisation.listLandlords();
    expect(after.some((l) => l.code === DEMO_LANDLORD)).toBe(true);
    expect(seeded).toBe(!before.some((l) => l.code === DEMO_LANDLORD));
  }, 120_000);

  // Issue 18, item 3: a demo shows every clock state the queue tells, each in words, and the past histories
  // behind them verify like any other.
  it('shows a case in every clock state in the agents’ queue, in French and English', async () => {
    const agent = await signedIn(app, 'agent', { landlordCodes: [DEMO_LANDLORD] });
    const badges = async (lang: 'fr' | 'en') => {
      const page = await request(app.getHttpServer()).get(`/agent?lang=${lang}`).set(agent).expect(200);
      return [...page.text.matchAll(/<span class="badge ([a-z]+)">([^<]*)</g)].map((m) => `${m[1]}: ${m[2]}`);
    };
    const fr = await badges('fr');
    for (const expected of [
      'soon: Échéance proche',
      'overdue: En retard',
      'soon: En attente : ', // followed by the reason, in its own text node
      'breached: Délai déjà manqué',
      'escalated: Escaladé au responsable',
      'emergency: Urgence (danger)',
      'check: Travaux signalés faits — à vérifier',
    ]) {
      expect(fr.some((b) => b.startsWith(expected))).toBe(true);
    }
    const en = await badges('en');
    for (const expected of [
      'soon: Due soon',
      'overdue: Overdue',
      'soon: On hold',
      'breached: A deadline was missed',
      'escalated: Escalated to a supervisor',
      'emergency: Emergency',
      'check: Works reported done — to check',
    ]) {
      expect(en.some((b) => b.startsWith(expected))).toBe(true);
    }
  });

  it('builds every demo history through the domain, in the past, with chains that verify', async () => {
    const agent = await signedIn(app, 'supervisor', { landlordCodes: [DEMO_LANDLORD] });
    const http = request(app.getHttpServer());
    const list = await http
      .get(`/api/v1/complaints?landlord=${DEMO_LANDLORD}&pageSize=100`)
      .set(agent)
      .expect(200);
    const items: { reference: string; createdAt: string }[] = list.body.items;
    expect(items.length).toBeGreaterThanOrEqual(12);
    // Some were filed weeks ago, with the times of that day in their events.
    expect(items.some((c) => Date.now() - Date.parse(c.createdAt) > 14 * 86_400_000)).toBe(true);
    for (const { reference } of items) {
      const verified = await http.get(`/api/v1/complaints/${reference}/events/verify`).set(agent).expect(200);
      expect({ reference, ok: verified.body.valid, mismatched: verified.body.texts.mismatchedSeqs }).toEqual({
        reference,
        ok: true,
        mismatched: [],
      });
    }
  });
});
