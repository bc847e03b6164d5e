import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { NotificationRelay } from '@suivi/notifications';
import { JobQueue } from '@suivi/queue';
import { Public } from '../common/access';

/** Liveness and readiness: the database and the queue backend each answer, or the status is 503. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(NotificationRelay) private readonly relay: NotificationRelay,
  ) {}

  @Get()
  @Public()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, queue, notifications, sweep] = await Promise.all([
      this.db
        .query('SELECT 1')
        .then(() => ({ status: 'up' as const }))
        .catch((e: Error) => ({ status: 'down' as const, error: e.message })),
      this.queue.health(),
      this.relay.backlog().catch(() => null),
      this.db
        .query('SELECT max(started_at) AS last FROM sweep_runs')
        .then(([row]: { last: Date | null }[]) => ({ lastRunAt: row.last?.toISOString() ?? null }))
        .catch(() => null),
    ]);
    const ok = database.status === 'up' && queue.status === 'up';
    void reply.status(ok ? 200 : 503);
    // Notifications waiting for the relay, and how long the oldest has waited: a stuck relay shows here.
    return { status: ok ? 'ok' : 'degraded', database, queue, notifications, sweep };
  }
}
