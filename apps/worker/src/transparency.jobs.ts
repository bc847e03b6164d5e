import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { UsersService } from '@suivi/access';
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
 * upserted at every worker start. Two replicas at once are safe: the sequencer holds a per-landlord lock,
 * and a log that has not grown is not signed again.
 */
@Injectable()
export class TransparencyJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger('Transparency');

  constructor(
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(TransparencyService) private readonly transparency: TransparencyService,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  /** The handler: answers how many checkpoints were signed. */
  handlers(): Pick<JobHandlers, JobName.TransparencyCheckpoints> {
    return {
      [JobName.TransparencyCheckpoints]: (): Promise<{ signed: number }> => this.run(),
    };
  }

  /** Checkpoints every landlord whose log grew; answers how many were signed. */
  async run(): Promise<{ signed: number }> {
    const signed = await this.transparency.checkpointAll((id) => this.users.federationAuditorEmails(id));
    return { signed };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue
      .queue(QueueName.Maintenance)
      .upsertJobScheduler(
        CHECKPOINT_SCHEDULER_ID,
        { every: CHECKPOINT_EVERY_MS },
        { name: CHECKPOINT_SCHEDULER_ID, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
    this.logger.log('Transparency checkpoints every hour');
  }
}
