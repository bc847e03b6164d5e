import { Global, Injectable, Module } from '@nestjs/common';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

type Collector = () => Promise<void>;

/**
 * prom-client behind one class: the counters Suivi's code increments, and gauges read from PostgreSQL when
 * /metrics is scraped (notifications by channel and state, sweep runs), so every replica reports the same.
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();
  readonly transitions: Counter<'action'>;
  readonly notifications: Gauge<'channel' | 'state'>;
  readonly sweepRuns: Gauge;
  readonly sweepAlerts: Gauge<'kind'>;
  readonly lastSweep: Gauge;
  private readonly collectors: Collector[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'suivi_process_' });
    this.transitions = new Counter({
      name: 'suivi_transitions_total',
      help: 'Complaint events recorded by this process, by action',
      labelNames: ['action'],
      registers: [this.registry],
    });
    this.notifications = new Gauge({
      name: 'suivi_notifications',
      help: 'Outbox rows by channel and state',
      labelNames: ['channel', 'state'],
      registers: [this.registry],
    });
    this.sweepRuns = new Gauge({
      name: 'suivi_sweep_runs',
      help: 'Deadline sweep runs recorded',
      registers: [this.registry],
    });
    this.sweepAlerts = new Gauge({
      name: 'suivi_sweep_alerts',
      help: 'Deadline alerts recorded by sweeps, by kind',
      labelNames: ['kind'],
      registers: [this.registry],
    });
    this.lastSweep = new Gauge({
      name: 'suivi_sweep_last_run_timestamp_seconds',
      help: 'When the last deadline sweep started',
      registers: [this.registry],
    });
  }

  /** Registers work to do before each scrape (reading gauges from the database). */
  onCollect(collector: Collector): void {
    this.collectors.push(collector);
  }

  async render(): Promise<{ contentType: string; body: string }> {
    await Promise.all(this.collectors.map((collect) => collect()));
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

@Global()
@Module({ providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
