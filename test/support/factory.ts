import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { UsersService } from '../../libs/access/src';
import { randomIp, signedIn, uniqueCode } from './app';

type Auth = { Authorization: string };

export interface TestLandlord {
  code: string;
  id: string;
  agencies: string[];
  residences: string[];
  contractors: string[];
  partnerOrganisationId: string;
  as: {
    agent: Auth;
    supervisor: Auth;
    landlord_admin: Auth;
    contractor: Auth;
    partner: Auth;
    federation_auditor: Auth;
    platform_admin: Auth;
  };
}

/** A landlord of its own for a test, built through the admin API, with one signed-in user per role. */
export async function createLandlord(
  app: NestFastifyApplication,
  reopenWindowDays = 30,
): Promise<TestLandlord> {
  const http = request(app.getHttpServer());
  const platform = await signedIn(app, 'platform_admin');
  const code = uniqueCode('L');
  const created = await http
    .post('/api/v1/landlords')
    .set(platform)
    .send({
      code,
      name: `Bailleur ${code}`,
      timezone: 'Europe/Paris',
      country: 'FR',
      region: 'metropole',
      reopenWindowDays,
    })
    .expect(201);
  const admin = await signedIn(app, 'landlord_admin', { landlordCodes: [code] });
  await http
    .post(`/api/v1/landlords/${code}/agencies`)
    .set(admin)
    .send({ code: 'NORD', name: 'Agence Nord' })
    .expect(201);
  await http
    .post(`/api/v1/landlords/${code}/agencies`)
    .set(admin)
    .send({ code: 'SUD', name: 'Agence Sud' })
    .expect(201);
  await http
    .post(`/api/v1/landlords/${code}/residences`)
    .set(admin)
    .send({
      code: 'TILLEULS',
      name: 'Les Tilleuls',
      agencyCode: 'NORD',
      address: '1 rue des Tilleuls',
      postcode: '59000',
      city: 'Lille',
      homesCount: 100,
    })
    .expect(201);
  await http
    .post(`/api/v1/landlords/${code}/residences`)
    .set(admin)
    .send({
      code: 'CIGALES',
      name: 'Les Cigales',
      agencyCode: 'SUD',
      address: '2 av. des Cigales',
      postcode: '13014',
      city: 'Marseille',
      homesCount: 50,
    })
    .expect(201);
  const contractors: string[] = [];
  for (const name of ['Plomberie Martin', 'Chauffage Nord']) {
    const res = await http
      .post(`/api/v1/landlords/${code}/contractors`)
      .set(admin)
      .send({ name })
      .expect(201);
    contractors.push(res.body.id);
  }
  const partnerOrganisationId = await app.get(UsersService).createPartnerOrganisation(`CCAS ${code}`);
  const landlordCodes = [code];
  const only = ({ Authorization }: { Authorization: string }) => ({ Authorization });
  return {
    code,
    id: created.body.id,
    agencies: ['NORD', 'SUD'],
    residences: ['TILLEULS', 'CIGALES'],
    contractors,
    partnerOrganisationId,
    as: {
      agent: only(await signedIn(app, 'agent', { landlordCodes })),
      supervisor: only(await signedIn(app, 'supervisor', { landlordCodes })),
      landlord_admin: only(admin),
      contractor: only(await signedIn(app, 'contractor', { landlordCodes, contractorId: contractors[0] })),
      partner: only(await signedIn(app, 'partner', { partnerOrganisationId })),
      federation_auditor: only(await signedIn(app, 'federation_auditor', { landlordCodes })),
      platform_admin: only(platform),
    },
  };
}

export function complaintBody(landlord: TestLandlord, overrides: Record<string, unknown> = {}) {
  return {
    landlordCode: landlord.code,
    residenceCode: 'TILLEULS',
    unit: 'Bât. A, apt 12',
    category: 'heating',
    description: 'Plus de chauffage depuis hier soir.',
    channel: 'phone',
    tenant: { name: 'Amina Diallo', phone: '06 12 34 56 78', email: 'amina@example.org', language: 'fr' },
    ...overrides,
  };
}

export interface Filed {
  reference: string;
  trackingToken: string;
}

/** Files as the landlord's front-desk agent (or anonymously, as a tenant on the web, with `anonymous`). */
export async function fileComplaint(
  app: NestFastifyApplication,
  landlord: TestLandlord,
  overrides: Record<string, unknown> = {},
  anonymous = false,
): Promise<string> {
  return (await fileComplaintWithToken(app, landlord, overrides, anonymous)).reference;
}

export async function fileComplaintWithToken(
  app: NestFastifyApplication,
  landlord: TestLandlord,
  overrides: Record<string, unknown> = {},
  anonymous = false,
): Promise<Filed> {
  const req = request(app.getHttpServer()).post('/api/v1/complaints').set('X-Forwarded-For', randomIp());
  if (!anonymous) req.set(landlord.as.agent);
  const res = await req.send(complaintBody(landlord, overrides)).expect(201);
  return { reference: res.body.reference, trackingToken: res.body.trackingToken };
}
