import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createTestApp } from './support/app';
import { createLandlord, fileComplaint } from './support/factory';
import type { TestLandlord } from './support/factory';

let app: NestFastifyApplication;
let landlord: TestLandlord;

beforeAll(async () => {
  app = await createTestApp({ DB_POOL_SIZE: '20' });
  landlord = await createLandlord(app);
  // Listen on a real port so 50 requests really are in flight together.
  await app.listen(0, '127.0.0.1');
});
afterAll(() => app.close());

const CONCURRENCY = 50;

describe('50 concurrent transitions on one complaint', () => {
  it('give exactly one success per step, a gapless seq and a chain that verifies', async () => {
    const http = request(app.getHttpServer());
    const reference = await fileComplaint(app, landlord);
    const steps: Record<string, unknown>[] = [
      { action: 'acknowledge' },
      { action: 'assign', contractorId: landlord.contractors[0] },
      // No contractor report here: the agent checks the works on a visit (the table's guard).
      { action: 'check_works', visit: true },
      { action: 'close', resolution: 'done' },
    ];
    let version = 1;
    for (const step of steps) {
      const responses = await Promise.all(
        Array.from({ length: CONCURRENCY }, () =>
          http
            .post(`/api/v1/complaints/${reference}/transitions`)
            .set(landlord.as.agent)
            .send({ ...step, expectedVersion: version }),
        ),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(CONCURRENCY - 1);
      version += 1;
    }
    // Notes carry no expected version: all of them land, each with its own seq.
    const notes = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) =>
        http
          .post(`/api/v1/complaints/${reference}/notes`)
          .set(landlord.as.agent)
          .send({ visibility: 'internal', text: `note ${i}` }),
      ),
    );
    expect(notes.every((r) => r.status === 201)).toBe(true);

    const events = (
      await http.get(`/api/v1/complaints/${reference}/events`).set(landlord.as.agent).expect(200)
    ).body;
    const total = 1 + steps.length + CONCURRENCY;
    expect(events.map((e: { seq: number }) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const verify = (
      await http.get(`/api/v1/complaints/${reference}/events/verify`).set(landlord.as.agent).expect(200)
    ).body;
    expect(verify).toMatchObject({ valid: true, count: total });
    const detail = (await http.get(`/api/v1/complaints/${reference}`).set(landlord.as.agent).expect(200))
      .body;
    expect(detail).toMatchObject({ status: 'closed', version: total });
  });
});
