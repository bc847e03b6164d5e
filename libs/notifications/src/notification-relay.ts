import { Inject, Injectable } from '@nestjs/common';
import type { Job, JobsOptions } from 'bullmq';
import { JobName, JobQueue, QueueName } from '@suivi/queue';
import type { JobPayloads } from '@suivi/queue';
import { NotificationRepository } from './notification.repository';

/** A delivery job carries the notification id only; never an address or a message. */
export type DeliverJob = JobPayloads[JobName.DeliverNotification];

/** Retries for transient failures: exponential from 2 s, with jitter so retries do not arrive in waves. */
export const DELIVERY_ATTEMPTS = 8;
const JOB_OPTIONS: JobsOptions = {
  attempts: DELIVERY_ATTEMPTS,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Job lookups the re-feed has in flight at once (pipelined on the queue's connection). */
const LOOKUPS_AT_ONCE = 50;

const queueOf = (channel: 'email' | 'sms') => (channel === 'email' ? QueueName.Email : QueueName.Sms);

/**
 * Moves due outbox rows onto the email and SMS queues. Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * several relays share the work; the job id is the notification id, so a row enqueued twice (a relay that
 * died between adding and committing) is one job. If the queue is unreachable the transaction rolls back
 * and the rows wait, pending.
 */
@Injectable()
export class NotificationRelay {
  constructor(
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(JobQueue) private readonly queue: JobQueue,
  ) {}

  /** Moves up to `limit` due rows onto their queues; answers how many. */
  async relay(limit = 500): Promise<number> {
    return this.notifications.relayDue(limit, async (rows) => {
      // A row back in the outbox (resent by an agent, or by the reconciliation) gets a job id of its own:
      // BullMQ keeps finished jobs a while, and would take an add under the old id for a duplicate.
      const jobIds = rows.map((r) => {
        if (r.jobId === null) return r.id;
        const next = `${r.id}-${r.attempts}`;
        return next === r.jobId ? `${next}-${Date.now().toString(36)}` : next;
      });
      await this.add(rows.map((r, i) => ({ id: r.id, channel: r.channel, jobId: jobIds[i] })));
      return jobIds;
    });
  }

  /**
   * The outbox re-feeds the queue (Redis is a cache of it): rows `queued` or `retrying` for more than
   * `olderThanMs` whose job is gone (Redis restarted without persistence, the PostgreSQL queue emptied) or
   * finished without settling the row (a job failed after its worker died twice) are added again under the
   * same job id — idempotent, since BullMQ ignores an add whose id exists. Answers how many were added.
   *
   * The rows are read first and their jobs looked up after (concurrently, `LOOKUPS_AT_ONCE` at a time): a
   * job that finished in between has settled its row, so a finished job alone proves nothing. A row is
   * re-fed only when, after the lookup, it is unchanged since it was read (same status, job id and
   * `updated_at`, to the microsecond). Without that check the re-feed chased a busy batch — at 500 messages
   * it removed and re-added nearly every job that had just completed, doubling the queue's work (issue 13).
   */
  async refeed(olderThanMs: number, limit = 500): Promise<number> {
    const rows = await this.notifications.stale(olderThanMs, limit);
    const finished: { id: string; channel: 'email' | 'sms'; jobId: string; stamp: string; job?: Job }[] = [];
    for (let i = 0; i < rows.length; i += LOOKUPS_AT_ONCE) {
      await Promise.all(
        rows.slice(i, i + LOOKUPS_AT_ONCE).map(async (row) => {
          const jobId = row.jobId ?? row.id;
          const job = await this.queue.queue(queueOf(row.channel)).getJob(jobId);
          if (job) {
            const state = await job.getState();
            if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
          }
          finished.push({ id: row.id, channel: row.channel, jobId, stamp: row.stamp, job });
        }),
      );
    }
    if (finished.length === 0) return 0;
    const stuck = await this.notifications.unchangedSince(finished);
    const lost = finished.filter((r) => stuck.has(r.id));
    for (const r of lost) await r.job?.remove().catch(() => undefined);
    if (lost.length > 0) await this.add(lost);
    return lost.length;
  }

  private async add(rows: { id: string; channel: 'email' | 'sms'; jobId: string }[]): Promise<void> {
    for (const channel of ['email', 'sms'] as const) {
      const jobs = rows
        .filter((r) => r.channel === channel)
        .map((r) => ({
          name: JobName.DeliverNotification,
          data: { notificationId: r.id } satisfies DeliverJob,
          opts: { ...JOB_OPTIONS, jobId: r.jobId },
        }));
      if (jobs.length > 0) {
        await this.queue.queue(channel === 'email' ? QueueName.Email : QueueName.Sms).addBulk(jobs);
      }
    }
  }

  /** For /health: rows waiting for the relay now (night-time SMS excluded), and the oldest one's age. */
  /** Notifications counted by channel and delivery status (for /metrics). */
  counts(): Promise<{ channel: string; status: string; n: number }[]> {
    return this.notifications.countsByChannelAndStatus();
  }

  async backlog(): Promise<{ pending: number; oldestPendingSeconds: number | null }> {
    const { pending, oldestSeconds } = await this.notifications.backlog();
    return { pending, oldestPendingSeconds: oldestSeconds === null ? null : Math.round(oldestSeconds) };
  }
}
