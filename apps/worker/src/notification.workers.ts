import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { DeliveryReconciler, DeliveryService, NotificationRelay } from '@suivi/notifications';
import type { DeliveryOutcome } from '@suivi/notifications';
import { JobName } from '@suivi/queue';
import type { JobHandlers } from '@suivi/queue';
import { MaintenanceJobs } from './maintenance.jobs';

const IDLE_PAUSE_MS = 200;
const ERROR_PAUSE_MS = 2_000;
/**
 * On shutdown, how long to wait for an upkeep pass under way (a re-feed or a reconciliation of many rows)
 * before going on: its steps are idempotent conditional updates, so a pass cut short is redone by the next
 * worker, and waiting for it would eat the drain's grace period.
 */
const UPKEEP_STOP_WAIT_MS = 1_000;

/**
 * The outbox relay (a loop: relay a batch, pause when there was nothing), the delivery job's handler (run
 * by JobWorkers on the email and SMS queues), and the upkeep loop (at start, then every RECONCILE_INTERVAL_SECONDS): reconcile uncertain sends, re-feed the
 * queue with outbox rows whose job was lost, re-create missing schedules. The upkeep is a timer in the
 * process, not a queue job, because it must run when the queue has lost its jobs.
 */
@Injectable()
export class NotificationWorkers implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Notifications');
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private upkeepLoop: Promise<void> | null = null;
  private wakeUpkeep: (() => void) | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NotificationRelay) private readonly relay: NotificationRelay,
    @Inject(DeliveryService) private readonly delivery: DeliveryService,
    @Inject(DeliveryReconciler) private readonly reconciler: DeliveryReconciler,
    @Inject(MaintenanceJobs) private readonly maintenance: MaintenanceJobs,
  ) {}

  /** The delivery job's handler: sends one outbox row; the last attempt settles it instead of retrying. */
  handlers(): Pick<JobHandlers, JobName.DeliverNotification> {
    return {
      [JobName.DeliverNotification]: (job): Promise<DeliveryOutcome> => {
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        return this.delivery.deliver(job.data.notificationId, lastAttempt);
      },
    };
  }

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.relayLoop();
    this.upkeepLoop = this.upkeep();
    this.logger.log(
      `Email ${this.config.notifications.smtpUrl ? 'by SMTP' : `to the sink ${this.config.notifications.sinkFile}`}, ` +
        `SMS ${this.config.notifications.twilio ? 'by Twilio' : `to the sink ${this.config.notifications.sinkFile}`}`,
    );
  }

  private async relayLoop(): Promise<void> {
    while (this.running) {
      let pause = 0;
      try {
        const moved = await this.relay.relay();
        if (moved === 0) pause = IDLE_PAUSE_MS;
      } catch (e) {
        // Queue or database unreachable: the rows stay pending; try again shortly.
        this.logger.warn(`Relay: ${(e as Error).message}`);
        pause = ERROR_PAUSE_MS;
      }
      if (pause > 0 && this.running) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pause);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = null;
      }
    }
  }

  private async upkeep(): Promise<void> {
    const interval = this.config.delivery.reconcileIntervalMs;
    let first = true;
    while (this.running) {
      for (const [what, step] of [
        // Schedules first: cheap, and a lost sweep schedule must not wait for a long re-feed.
        ['schedules', () => this.maintenance.ensureSchedules()],
        ['reconcile', () => this.reconciler.reconcile()],
        ['re-feed', () => this.relay.refeed(interval)],
      ] as const) {
        if (!this.running) break;
        // At start the maintenance jobs upsert the schedules themselves (they may not have yet).
        if (first && what === 'schedules') continue;
        try {
          const done = await step();
          if (what === 're-feed' && (done as number) > 0) {
            this.logger.warn(`Re-fed the queue with ${String(done)} outbox rows whose job was lost`);
          }
        } catch (e) {
          this.logger.warn(`Upkeep (${what}): ${(e as Error).message}`);
        }
      }
      first = false;
      if (!this.running) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval);
        this.wakeUpkeep = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeUpkeep = null;
    }
  }

  /** Shutdown: the relay and the upkeep stop first (an upkeep pass is waited for UPKEEP_STOP_WAIT_MS at most); the queue then drains its workers (see JobQueue). */
  async onModuleDestroy(): Promise<void> {
    this.running = false;
    this.wake?.();
    this.wakeUpkeep?.();
    let timer: NodeJS.Timeout | undefined;
    await Promise.all([
      this.loop,
      Promise.race([
        this.upkeepLoop,
        new Promise<void>((resolve) => (timer = setTimeout(resolve, UPKEEP_STOP_WAIT_MS))),
      ]),
    ]);
    clearTimeout(timer);
  }
}
