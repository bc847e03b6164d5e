import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UsersService } from '../libs/access/src';
import { ComplaintsService } from '../libs/complaints/src';
import { OrganisationService } from '../libs/organisation/src';
import { DEMO_LANDLORD, seedDemoData } from '../libs/seed/src';
import { createTestApp } from './support/app';

/**
 * The demo seed is what `npm start` runs on a fresh data folder: every input it files must pass today's
 * validation (a tenant phone `07 11 22 33 44`, not a valid French number, stopped every first start).
 */
describe('demo seed', () => {
  let app: NestFastifyApplication;
  beforeAll(async () => {
    app = await createTestApp();
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
});
