import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import type { WorkerOptions } from 'bullmq';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { JobQueue, QueueName, checkJobHandlers, jobProcessor } from '@suivi/queue';
import type { JobHandlers } from '@suivi/queue';
import { MaintenanceJobs } from './maintenance.jobs';
import { NotificationWorkers } from './notification.workers';
import { TransparencyJobs } from './transparency.jobs';

/**
 * Registers one handler per job name and one worker per queue. Start-up fails (MissingJobHandlerError)
 * when a job name has no handler; a job arriving under an unknown name fails at once (UnknownJobError).
 */
@Injectable()
export class JobWorkers implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(MaintenanceJobs) private readonly maintenance: MaintenanceJobs,
    @Inject(NotificationWorkers) private readonly notifications: NotificationWorkers,
    @Inject(TransparencyJobs) private readonly transparency: TransparencyJobs,
  ) {}

  /** Every job's handler, checked complete. @throws MissingJobHandlerError naming the jobs without one. */
  handlers(): JobHandlers {
    const handlers: Partial<JobHandlers> = {
      ...this.maintenance.handlers(),
      ...this.notifications.handlers(),
      ...this.transparency.handlers(),
    };
    checkJobHandlers(handlers);
    return handlers;
  }

  onApplicationBootstrap(): void {
    const handlers = this.handlers();
    // The SMS queue is rate limited (SMS_PER_SECOND) to stay under the provider's sending rate; the
    // maintenance jobs run one at a time per worker.
    const options: Record<QueueName, Omit<WorkerOptions, 'connection' | 'prefix'>> = {
      [QueueName.Email]: { concurrency: 20 },
      [QueueName.Sms]: {
        concurrency: 10,
        limiter: { max: this.config.notifications.smsPerSecond, duration: 1000 },
      },
      [QueueName.Maintenance]: { concurrency: 1 },
    };
    for (const name of Object.values(QueueName)) {
      const worker = this.queue.worker(name, jobProcessor(name, handlers), options[name]);
      worker.on('failed', (_job, e) => {
        if (e.name === 'UnknownJobError') this.logger.error(e.message);
      });
    }
  }
}
