import { createServer } from 'node:net';
import request from 'supertest';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { TestLandlord } from './factory';

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Waits until `probe` answers something other than undefined or false; throws after `ms`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A transition by the landlord's agent at the complaint's current version (whatever sweeps added meanwhile);
 * throws with the answer when it is not 200.
 */
export async function transitionAsAgent(
  app: NestFastifyApplication,
  landlord: TestLandlord,
  reference: string,
  body: Record<string, unknown>,
): Promise<{ version: number; workOrderToken?: string }> {
  const http = () => request(app.getHttpServer());
  const current = await http().get(`/api/v1/complaints/${reference}`).set(landlord.as.agent).expect(200);
  const res = await http()
    .post(`/api/v1/complaints/${reference}/transitions`)
    .set(landlord.as.agent)
    .send({ ...body, expectedVersion: current.body.version });
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
