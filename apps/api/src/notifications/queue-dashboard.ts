import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthService } from '@suivi/access';
import type { AppConfig } from '@suivi/config';
import { JobQueue, QueueName } from '@suivi/queue';
import { SESSION_COOKIE } from '../common/access';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues, for platform admins only (signed-in session cookie or bearer token), read-only
 * (its buttons would post without our CSRF token). Mounted when the queues are on Redis; the PostgreSQL
 * backend of the embedded default has no dashboard (its tables are in the `bullmq` schema).
 */
export async function mountQueueDashboard(app: NestFastifyApplication, config: AppConfig): Promise<void> {
  if (config.queueBackend !== 'redis') return;
  const queues = app.get(JobQueue);
  const auth = app.get(AuthService);
  const adapter = new FastifyAdapter();
  adapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: Object.values(QueueName).map(
      (name) => new BullMQAdapter(queues.queue(name), { readOnlyMode: true }),
    ),
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'Suivi queues' } },
  });
  const guard = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization;
    const bearer = typeof header === 'string' && header.startsWith('Bearer ') ? header.slice(7) : null;
    const cookie = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[
      SESSION_COOKIE
    ];
    const principal = bearer
      ? await auth.authenticate(bearer, 'bearer')
      : cookie
        ? await auth.authenticate(cookie, 'cookie')
        : null;
    if (!principal) return reply.code(401).send({ statusCode: 401, message: 'Sign in as a platform admin' });
    if (principal.role !== 'platform_admin') {
      return reply.code(403).send({ statusCode: 403, message: 'Platform admins only' });
    }
  };
  await app.register(async (scope: FastifyInstance) => {
    scope.addHook('onRequest', guard);
    await scope.register(adapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
  });
}
