import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Metrics } from '@suivi/observability';
import { Public } from '../common/access';

/**
 * Prometheus metrics. Counts only, no personal data; like /health it is meant for the operator's network
 * (keep it off the public proxy).
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  onModuleInit(): void {
    this.metrics.onCollect(async () => {
      const rows: { channel: string; status: string; n: number }[] = await this.db.query(
        'SELECT channel, status, count(*)::int AS n FROM notifications GROUP BY channel, status',
      );
      this.metrics.notifications.reset();
      for (const row of rows)
        this.metrics.notifications.set({ channel: row.channel, state: row.status }, row.n);
      const [runs]: { n: number; last: Date | null; alerts: Record<string, number> | null }[] =
        await this.db.query(
          `SELECT count(*)::int AS n, max(started_at) AS last,
                (SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*)::int AS n FROM deadline_alerts GROUP BY kind) k) AS alerts
           FROM sweep_runs`,
        );
      this.metrics.sweepRuns.set(runs.n);
      if (runs.last) this.metrics.lastSweep.set(runs.last.getTime() / 1000);
      for (const [kind, n] of Object.entries(runs.alerts ?? {})) this.metrics.sweepAlerts.set({ kind }, n);
    });
  }

  @Get()
  @Public()
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const { contentType, body } = await this.metrics.render();
    void reply.header('Content-Type', contentType);
    return body;
  }
}
