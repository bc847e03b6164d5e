import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { JobQueue } from '@suivi/queue';
import { Public } from '../common/access';

/** Liveness and readiness: the database and the queue backend each answer, or the status is 503. */
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JobQueue) private readonly queue: JobQueue,
  ) {}

  @Get()
  @Public()
  async health(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, queue] = await Promise.all([
      this.db
        .query('SELECT 1')
        .then(() => ({ status: 'up' as const }))
        .catch((e: Error) => ({ status: 'down' as const, error: e.message })),
      this.queue.health(),
    ]);
    const ok = database.status === 'up' && queue.status === 'up';
    void reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'degraded', database, queue };
  }
}
