import { Inject, Injectable, Logger, Module } from '@nestjs/common';
import type { DynamicModule, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext, LogLevel } from '@nestjs/common';
import { APP_CONFIG, ConfigModule } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { DatabaseModule } from '@suivi/persistence';
import { JobQueue, QueueModule } from '@suivi/queue';
import { AccessModule } from '@suivi/access';
import { ComplaintsModule } from '@suivi/complaints';
import { NotificationsModule } from '@suivi/notifications';
import { MetricsModule } from '@suivi/observability';
import { JobWorkers } from './job.workers';
import { MaintenanceJobs } from './maintenance.jobs';
import { NotificationWorkers } from './notification.workers';
import { TransparencyJobs } from './transparency.jobs';

/** Announces the worker; the outbox relay, processors and SLA sweep register beside it. */
@Injectable()
class WorkerLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueue) private readonly queue: JobQueue,
  ) {}

  onApplicationBootstrap(): void {
    this.logger.log(`Worker ready (queue backend: ${this.config.queueBackend}, ${this.queue.backend})`);
  }

  onApplicationShutdown(signal?: string): void {
    this.logger.log(`Worker stopped${signal ? ` on ${signal}` : ''}`);
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(),
        QueueModule,
        ComplaintsModule,
        AccessModule,
        NotificationsModule,
        MetricsModule,
      ],
      providers: [WorkerLifecycle, JobWorkers, MaintenanceJobs, NotificationWorkers, TransparencyJobs],
    };
  }
}

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export async function createWorkerContext(config: AppConfig): Promise<INestApplicationContext> {
  const context = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  return context;
}
