import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { StaffAccountsService } from '@suivi/access';
import { TransparencyService } from '@suivi/complaints';
import { JobName, JobQueue, QueueName } from '@suivi/queue';
import type { JobHandlers } from '@suivi/queue';

/** The checkpoint scheduler is named after its job. */
export const CHECKPOINT_SCHEDULER_ID = JobName.TransparencyCheckpoints;
/** Every landlord's log is checkpointed at least this often (when it grew). */
export const CHECKPOINT_EVERY_MS = 3600 * 1000;

/**
 * The hourly transparency checkpoints (issue 17): the handler sequences each landlord's log and signs a
 * checkpoint of each that grew, e-mailing it to the landlord's federation auditors; the scheduler is
 * upserted at every worker start and re-created between starts when it is missing (Redis restarted
 * without persistence, the PostgreSQL queue emptied), checked as often as the outbox is reconciled. Two
 * replicas at once are safe: the sequencer holds a per-landlord lock, and a log that has not grown is not
 * signed again.
 */
@Injectable()
export class TransparencyJobs implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Transparency');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(TransparencyService) private readonly transparency: TransparencyService,
    @Inject(StaffAccountsService) private readonly staff: StaffAccountsService,
  ) {}

  /** The handler: answers how many checkpoints were signed. */
  handlers(): Pick<JobHandlers, JobName.TransparencyCheckpoints> {
    return {
      [JobName.TransparencyCheckpoints]: (): Promise<{ signed: number }> => this.run(),
    };
  }

  /** Checkpoints every landlord whose log grew; answers how many were signed. */
  async run(): Promise<{ signed: number }> {
    const signed = await this.transparency.checkpointAll((id) => this.staff.federationAuditorEmails(id));
    return { signed };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureSchedule(true);
    this.logger.log('Transparency checkpoints every hour');
    this.timer = setInterval(() => {
      this.ensureSchedule().catch((e: Error) => this.logger.warn(`Checkpoint schedule: ${e.message}`));
    }, this.config.delivery.reconcileIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Upserts the hourly schedule (always, or only when missing); answers whether it did. */
  async ensureSchedule(always = false): Promise<boolean> {
    const queue = this.queue.queue(QueueName.Maintenance);
    if (!always && (await queue.getJobScheduler(CHECKPOINT_SCHEDULER_ID))) return false;
    await queue.upsertJobScheduler(
      CHECKPOINT_SCHEDULER_ID,
      { every: CHECKPOINT_EVERY_MS },
      { name: CHECKPOINT_SCHEDULER_ID, opts: { removeOnComplete: 100, removeOnFail: 100 } },
    );
    if (!always) this.logger.warn('The checkpoint schedule was missing: re-created');
    return true;
  }
}
