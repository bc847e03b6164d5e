import { Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { Metrics } from '@suivi/observability';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { Operator, hasOperatorToken } from '../common/access';

/**
 * Prometheus metrics. Counts only, no personal data; still the operator's: answered only to
 * `Authorization: Bearer <METRICS_TOKEN>` (Prometheus: `authorization: { credentials: … }`), 401 otherwise
 * and always when no token is configured.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
  @Operator()
  async scrape(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (!hasOperatorToken(request, this.config.metricsToken)) {
      throw new UnauthorizedException({
        message: 'Send the operator token: Authorization: Bearer <METRICS_TOKEN>',
      });
    }
    const { contentType, body } = await this.metrics.render();
    void reply.header('Content-Type', contentType);
    return body;
  }
}
