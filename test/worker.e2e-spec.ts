import request from 'supertest';
import { DataSource } from 'typeorm';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createWorkerContext } from '../apps/worker/src/worker.module';
import { SWEEP_SCHEDULER_ID } from '../apps/worker/src/deadline-sweep.scheduler';
import { JobQueue, QueueName } from '../libs/queue/src';
import { createTestApp, testConfig } from './support/app';
import { complaintBody, createLandlord } from './support/factory';

let app: NestFastifyApplication;
let worker: INestApplicationContext | undefined;

beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => {
  await worker?.close();
  await app.close();
});

async function eventually<T>(probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the worker', () => {
  it('registers the sweep as one job scheduler and its first run records an overdue stage', async () => {
    const landlord = await createLandlord(app);
    const filed = await request(app.getHttpServer())
      .post('/api/v1/complaints')
      .set(landlord.as.agent)
      .send(complaintBody(landlord, { category: 'heating', flags: ['no_heating'] }))
      .expect(201);
    // An acknowledgement that fell due an hour ago.
    await app
      .get(DataSource)
      .query(`UPDATE complaints SET next_due_at = now() - interval '1 hour' WHERE reference = $1`, [
        filed.body.reference.replace(/-/g, ''),
      ]);

    // A one-hour warning window, so this run cannot touch other test files' fresh complaints.
    worker = await createWorkerContext(
      testConfig({ SWEEP_INTERVAL_SECONDS: '600', DEADLINE_WARNING_HOURS: '1' }),
    );
    const scheduler = await worker
      .get(JobQueue)
      .queue(QueueName.Maintenance)
      .getJobScheduler(SWEEP_SCHEDULER_ID);
    expect(scheduler).toMatchObject({ every: 600_000 });

    const missed = await eventually(async () => {
      const res = await request(app.getHttpServer())
        .get(`/api/v1/complaints/${filed.body.reference}/events`)
        .set(landlord.as.agent)
        .expect(200);
      const events = (res.body.events ?? res.body) as {
        action: string;
        actorRole: string;
        payload: object;
      }[];
      return events.find((e) => e.action === 'deadline_missed');
    });
    expect(missed).toMatchObject({
      actorRole: 'system',
      payload: { stage: 'acknowledge', notify: 'supervisor' },
    });
  });
});
