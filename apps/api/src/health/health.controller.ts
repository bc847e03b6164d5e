import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { DeadlineSweepService } from '@suivi/complaints';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { NotificationRelay } from '@suivi/notifications';
import { databaseAnswers } from '@suivi/persistence';
import { JobQueue } from '@suivi/queue';
import { Public, Operator, hasOperatorToken } from '../common/access';

/** A due message the relay has not queued after this long means no relay is running. */
const RELAY_LATE_SECONDS = 120;

/**
 * What the API can do now, from what answers:
 * - `ok`: everything;
 * - `queue_delayed`: PostgreSQL answers, so complaints are filed and transitions recorded (their messages
 *   wait in the outbox), but the queue backend (Redis) does not: messages are late, and sign-in and
 *   reference lookups answer 503 (their attempt limits live in Redis);
 * - `no_transitions`: PostgreSQL does not answer; nothing can be recorded.
 */
export type Readiness = 'ok' | 'queue_delayed' | 'no_transitions';

export function readinessOf(database: { status: 'up' | 'down' }, queue: { status: string }): Readiness {
  if (database.status !== 'up') return 'no_transitions';
  return queue.status === 'up' ? 'ok' : 'queue_delayed';
}

/**
 * Liveness (the process answers), readiness (what it can do) and, for the operator's token only, the
 * detailed health: errors, queue depth, notification backlog, last sweep.
 */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(DeadlineSweepService) private readonly sweeps: DeadlineSweepService,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(NotificationRelay) private readonly relay: NotificationRelay,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: 200 while the process answers' })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({
    summary:
      'Readiness: 200 "ok", 200 "queue_delayed" (Redis away: transitions recorded, messages late), 503 "no_transitions" (PostgreSQL away)',
  })
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, queue] = await Promise.all([this.database(), this.queue.health()]);
    const status = readinessOf(database, queue);
    void reply.status(status === 'no_transitions' ? 503 : 200);
    return { status, database: { status: database.status }, queue: { status: queue.status } };
  }

  @Get()
  @Operator()
  @ApiOperation({
    summary:
      'Health: up/down of the database and queue for anyone (503 when either is down); the details (errors, depth, backlog, last sweep) with the METRICS_TOKEN bearer',
  })
  async health(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const [database, queue, notifications, sweep] = await Promise.all([
      this.database(),
      this.queue.health(),
      this.relay.backlog().catch(() => null),
      this.sweeps
        .lastRunStartedAt()
        .then((last) => ({ lastRunAt: last?.toISOString() ?? null }))
        .catch(() => null),
    ]);
    const ok = database.status === 'up' && queue.status === 'up';
    void reply.status(ok ? 200 : 503);
    // Late work is 'degraded' (still 200: the API itself serves): a sweep missing two rounds (its schedule
    // lost, no worker), or a message due for more than RELAY_LATE_SECONDS that no relay has queued.
    const late: ('sweep' | 'relay')[] = [];
    const sweepLateMs = 2 * this.config.sweep.intervalSeconds * 1000 + 60_000;
    if (sweep?.lastRunAt && Date.now() - Date.parse(sweep.lastRunAt) > sweepLateMs) late.push('sweep');
    if ((notifications?.oldestPendingSeconds ?? 0) > RELAY_LATE_SECONDS) late.push('relay');
    const status = ok && late.length === 0 ? 'ok' : 'degraded';
    if (!hasOperatorToken(request, this.config.metricsToken)) {
      // Public: only what a load balancer needs, and whether work is late.
      return {
        status,
        ...(late.length ? { late } : {}),
        readiness: readinessOf(database, queue),
        database: { status: database.status },
        queue: { backend: queue.backend, status: queue.status },
      };
    }
    // Notifications waiting for the relay, and how long the oldest has waited: a stuck relay shows here.
    return {
      status,
      readiness: readinessOf(database, queue),
      database,
      queue,
      notifications,
      sweep,
      ...(late.length ? { late } : {}),
    };
  }

  private database(): Promise<{ status: 'up' } | { status: 'down'; error: string }> {
    return databaseAnswers(this.db)
      .then(() => ({ status: 'up' as const }))
      .catch((e: Error) => ({ status: 'down' as const, error: e.message }));
  }
}
