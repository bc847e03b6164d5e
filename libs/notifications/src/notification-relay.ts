import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { JobsOptions } from 'bullmq';
import { JobQueue, QueueName } from '@suivi/queue';

export const DELIVER_JOB = 'deliver';

/** A delivery job carries the notification id only; never an address or a message. */
export interface DeliverJob {
  notificationId: string;
}

/** Retries for transient failures: exponential from 2 s, with jitter so retries do not arrive in waves. */
export const DELIVERY_ATTEMPTS = 8;
const JOB_OPTIONS: JobsOptions = {
  attempts: DELIVERY_ATTEMPTS,
  backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/**
 * Moves due outbox rows onto the email and SMS queues. Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * several relays share the work; the job id is the notification id, so a row enqueued twice (a relay that
 * died between adding and committing) is one job. If the queue is unreachable the transaction rolls back
 * and the rows wait, pending.
 */
@Injectable()
export class NotificationRelay {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JobQueue) private readonly queue: JobQueue,
  ) {}

  async relay(limit = 500): Promise<number> {
    return this.db.transaction(async (em) => {
      const rows: { id: string; channel: 'email' | 'sms'; attempts: number }[] = await em.query(
        `SELECT id, channel, attempts FROM notifications
          WHERE status = 'pending' AND not_before <= now()
          ORDER BY not_before LIMIT $1
          FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      for (const channel of ['email', 'sms'] as const) {
        const jobs = rows
          .filter((r) => r.channel === channel)
          .map((r) => ({
            name: DELIVER_JOB,
            data: { notificationId: r.id } satisfies DeliverJob,
            // A row sent again by an agent gets a job id of its own (BullMQ keeps finished jobs a while).
            opts: { ...JOB_OPTIONS, jobId: r.attempts === 0 ? r.id : `${r.id}-${r.attempts}` },
          }));
        if (jobs.length > 0) {
          await this.queue.queue(channel === 'email' ? QueueName.Email : QueueName.Sms).addBulk(jobs);
        }
      }
      await em.query(
        `UPDATE notifications SET status = 'queued', queued_at = now(), updated_at = now() WHERE id = ANY($1::uuid[])`,
        [rows.map((r) => r.id)],
      );
      return rows.length;
    });
  }

  /** For /health: rows waiting for the relay now (night-time SMS excluded), and the oldest one's age. */
  async backlog(): Promise<{ pending: number; oldestPendingSeconds: number | null }> {
    const [row]: { pending: number; oldest: number | null }[] = await this.db.query(
      `SELECT count(*)::int AS pending, extract(epoch FROM now() - min(not_before))::float AS oldest
         FROM notifications WHERE status = 'pending' AND not_before <= now()`,
    );
    return {
      pending: row.pending,
      oldestPendingSeconds: row.oldest === null ? null : Math.round(row.oldest),
    };
  }
}
