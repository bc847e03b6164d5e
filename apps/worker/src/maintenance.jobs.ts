import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { DeadlineSweepService, HistoryExportService, OnCallDuty } from '@suivi/complaints';
import type { EscalationReport, SweepReport } from '@suivi/complaints';
import { JobName, JobQueue, QueueName } from '@suivi/queue';
import type { JobHandlers } from '@suivi/queue';

/** The sweep's and the digests' schedulers are named after their jobs. */
export const SWEEP_SCHEDULER_ID = JobName.DeadlineSweep;
export const DIGEST_SCHEDULER_ID = JobName.DailyDigests;
export const ON_CALL_SCHEDULER_ID = JobName.OnCallEscalation;

/**
 * How often the on-call escalation looks for unacknowledged alerts past their delay: an escalation is late
 * by this much at most, well within the minute the on-call duty promises.
 */
export const ON_CALL_SCAN_MS = 20_000;

/**
 * The maintenance queue's jobs: the handlers of the deadline sweep, the daily digests and the on-call escalation (registered by
 * JobWorkers, which runs them one at a time per worker), and their job schedulers (upserted, so every worker
 * replica can do it at start-up without a second schedule). Two replicas sweeping at once is safe: each
 * alert is recorded once (see DeadlineSweepService), each digest once (primary key).
 */
@Injectable()
export class MaintenanceJobs implements OnApplicationBootstrap {
  private readonly logger = new Logger('Maintenance');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueue) private readonly queue: JobQueue,
    @Inject(DeadlineSweepService) private readonly sweeps: DeadlineSweepService,
    @Inject(HistoryExportService) private readonly histories: HistoryExportService,
    @Inject(OnCallDuty) private readonly onCall: OnCallDuty,
  ) {}

  /** The handlers of the maintenance jobs; the sweep answers its report, the digests null. */
  handlers(): Pick<JobHandlers, JobName.DeadlineSweep | JobName.DailyDigests | JobName.OnCallEscalation> {
    return {
      [JobName.DeadlineSweep]: (job): Promise<SweepReport> => {
        const landlordIds = Array.isArray(job.data?.landlordIds) ? job.data.landlordIds : undefined;
        return this.sweeps.sweep({ warningHours: this.config.sweep.warningHours, landlordIds });
      },
      [JobName.DailyDigests]: async (): Promise<null> => {
        await this.histories.recordDigests();
        return null;
      },
      [JobName.OnCallEscalation]: (): Promise<EscalationReport> => this.onCall.escalate(),
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    const { intervalSeconds, warningHours } = this.config.sweep;
    await this.ensureSchedules(true);
    this.logger.log(`Deadline sweep every ${intervalSeconds} s, warning ${warningHours} h ahead`);
  }

  /**
   * The sweep and digest schedules, re-created at every worker start (`always`) and, between starts,
   * whenever they are missing: Redis restarted without persistence, or the PostgreSQL queue emptied, erases
   * them with the jobs. Upserting is idempotent, so every replica may do it.
   */
  async ensureSchedules(always = false): Promise<boolean> {
    const queue = this.queue.queue(QueueName.Maintenance);
    const schedules = [
      { id: SWEEP_SCHEDULER_ID, every: this.config.sweep.intervalSeconds * 1000 },
      { id: DIGEST_SCHEDULER_ID, every: 3600 * 1000 },
      { id: ON_CALL_SCHEDULER_ID, every: ON_CALL_SCAN_MS },
    ];
    let created = false;
    for (const { id, every } of schedules) {
      if (!always && (await queue.getJobScheduler(id))) continue;
      await queue.upsertJobScheduler(
        id,
        { every },
        { name: id, opts: { removeOnComplete: 100, removeOnFail: 100 } },
      );
      created = true;
    }
    if (created && !always) this.logger.warn('Sweep and digest schedules were missing: re-created');
    return created;
  }
}
