import { Controller, Get, Inject, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { OnModuleInit } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Metrics } from '@suivi/observability';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { Operator, hasOperatorToken } from '../common/access';
import { DeadlineSweepService } from '@suivi/complaints';
import { NotificationRelay } from '@suivi/notifications';

/**
 * Prometheus metrics. Counts only, no personal data; still the operator's: answered only to
 * `Authorization: Bearer <METRICS_TOKEN>` (Prometheus: `authorization: { credentials: … }`), 401 otherwise
 * and always when no token is configured.
 */
@ApiTags('operations')
@Controller('metrics')
export class MetricsController implements OnModuleInit {
  constructor(
    @Inject(NotificationRelay) private readonly relay: NotificationRelay,
    @Inject(DeadlineSweepService) private readonly sweeps: DeadlineSweepService,
    @Inject(Metrics) private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.metrics.onCollect(async () => {
      const rows = await this.relay.counts();
      this.metrics.notifications.reset();
      for (const row of rows)
        this.metrics.notifications.set({ channel: row.channel, state: row.status }, row.n);
      const runs = await this.sweeps.summary();
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
