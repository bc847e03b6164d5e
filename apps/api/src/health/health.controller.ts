import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { NotificationRelay } from '@suivi/notifications';
import { JobQueue } from '@suivi/queue';
import { Public } from '../common/access';

/** A due message the relay has not queued after this long means no relay is running. */
const RELAY_LATE_SECONDS = 120;

/** Liveness and readiness: the database and the queue backend each answer, or the status is 503. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(NotificationRelay) private readonly relay: NotificationRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    // Late work is 'degraded' (still 200: the API itself serves): a sweep missing two rounds (its schedule
    // lost, no worker), or a message due for more than RELAY_LATE_SECONDS that no relay has queued.
    const late: ('sweep' | 'relay')[] = [];
    const sweepLateMs = 2 * this.config.sweep.intervalSeconds * 1000 + 60_000;
    if (sweep?.lastRunAt && Date.now() - Date.parse(sweep.lastRunAt) > sweepLateMs) late.push('sweep');
    if ((notifications?.oldestPendingSeconds ?? 0) > RELAY_LATE_SECONDS) late.push('relay');
    const status = ok && late.length === 0 ? 'ok' : 'degraded';
    return { status, database, queue, notifications, sweep, ...(late.length ? { late } : {}) };
  }
}
