import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { OrganisationService } from '../libs/organisation/src';
import { OPERATOR, createTestApp, signedIn, uniqueCode } from './support/app';

let app: NestFastifyApplication;
let admin: { Authorization: string };
beforeAll(async () => {
  app = await createTestApp();
  admin = { Authorization: (await signedIn(app, 'platform_admin')).Authorization };
});
afterAll(() => app.close());

describe('landlord administration', () => {
  it('creates a landlord with agencies, residences and contractors, and lists them', async () => {
    const http = request(app.getHttpServer());
    const code = uniqueCode('ADM');
    const created = await http
      .post('/api/v1/landlords')
      .set(admin)
      .send({ code, name: 'Bailleur', timezone: 'Europe/London', country: 'GB', region: 'scotland' })
      .expect(201);
    expect(created.body).toMatchObject({ code, reopenWindowDays: 30, region: 'scotland' });
    await http
      .post(`/api/v1/landlords/${code}/agencies`)
      .set(admin)
      .send({ code: 'EAST', name: 'East' })
      .expect(201);
    await http
      .post(`/api/v1/landlords/${code}/residences`)
      .set(admin)
      .send({
        code: 'R1',
        name: 'R',
        agencyCode: 'EAST',
        address: '1 High St',
        postcode: 'EH1 1AA',
        city: 'Edinburgh',
        homesCount: 40,
      })
      .expect(201);
    await http
      .post(`/api/v1/landlords/${code}/contractors`)
      .set(admin)
      .send({ name: 'Fixit', phoneE164: '+441310000000' })
      .expect(201);
    expect((await http.get(`/api/v1/landlords/${code}/agencies`).set(admin).expect(200)).body).toHaveLength(
      1,
    );
    expect(
      (await http.get(`/api/v1/landlords/${code}/residences`).set(admin).expect(200)).body[0].homesCount,
    ).toBe(40);
    expect(
      (await http.get(`/api/v1/landlords/${code}/contractors`).set(admin).expect(200)).body[0].name,
    ).toBe('Fixit');
    expect((await http.get(`/api/v1/landlords/${code}`).set(admin).expect(200)).body.timezone).toBe(
      'Europe/London',
    );
  });

  it('answers 409 for a duplicate, 400 for bad fields, 404 for an unknown landlord', async () => {
    const http = request(app.getHttpServer());
    const code = uniqueCode('DUP');
    const body = { code, name: 'B', timezone: 'Europe/Paris', country: 'FR', region: 'alsace_moselle' };
    await http.post('/api/v1/landlords').set(admin).send(body).expect(201);
    const dup = await http.post('/api/v1/landlords').set(admin).send(body);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CONFLICT');
    const bad = await http
      .post('/api/v1/landlords')
      .set(admin)
      .send({ ...body, code: uniqueCode('X'), timezone: 'Mars/Olympus', region: 'scotland' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['timezone', 'region']);
    const badCode = await http
      .post('/api/v1/landlords')
      .set(admin)
      .send({ ...body, code: 'lower case' });
    expect(badCode.body.fields.map((f: { field: string }) => f.field)).toEqual(['code']);
    await http.get('/api/v1/landlords/NOPE-404').set(admin).expect(404);
    await http
      .post('/api/v1/landlords/NOPE-404/agencies')
      .set(admin)
      .send({ code: 'A', name: 'A' })
      .expect(404);
    const badAgency = await http.post(`/api/v1/landlords/${code}/residences`).set(admin).send({
      code: 'R',
      name: 'R',
      agencyCode: 'NONE',
      address: 'a',
      postcode: '67000',
      city: 'S',
      homesCount: 1,
    });
    expect(badAgency.status).toBe(400);
  });

  it("reads a Réunion landlord's public numbers in its telephone region (0262 … is +262, not +33)", async () => {
    const code = uniqueCode('RUN');
    await request(app.getHttpServer())
      .post('/api/v1/landlords')
      .set(admin)
      .send({ code, name: 'Bailleur', timezone: 'Indian/Reunion', country: 'FR', region: 'reunion' })
      .expect(201);
    const organisation = app.get(OrganisationService);
    await organisation.setPublicNumbers(
      code,
      { publicPhone: '0262 21 34 56', smsNumber: '0692 12 34 56', agencies: {} },
      'all',
    );
    const landlord = await organisation.landlord(code);
    expect(landlord.publicPhone).toBe('+262262213456');
    expect(landlord.smsNumber).toBe('+262692123456');
  });
});

describe('health', () => {
  it('reports the database and the Redis queue backend', async () => {
    const res = await request(app.getHttpServer()).get('/health').set(OPERATOR).expect(200);
    expect(res.body).toMatchObject({
      database: { status: 'up' },
      queue: { backend: 'redis', status: 'up', depth: 0 },
    });
    // Both answer; 'degraded' only says work is late (this shared test database holds due messages that no
    // relay moves, as no worker runs here).
    if (res.body.status !== 'ok') expect(res.body).toMatchObject({ status: 'degraded', late: ['relay'] });
  });

  it('serves the OpenAPI document', async () => {
    const res = await request(app.getHttpServer()).get('/api/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/complaints', '/api/v1/complaints/{reference}/transitions', '/health']),
    );
  });
});
