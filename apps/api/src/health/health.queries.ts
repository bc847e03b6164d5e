import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Notifications counted by channel and delivery status. */
export interface NotificationCountRow {
  channel: string;
  status: string;
  n: number;
}

/** Sweep rounds so far, when the last one started, and deadline alerts counted by kind (null when none). */
export interface SweepSummaryRow {
  n: number;
  last: Date | null;
  alerts: Record<string, number> | null;
}

/**
 * The read-only queries of the health and metrics endpoints: whether PostgreSQL answers, the last sweep,
 * and the counts Prometheus scrapes. Counts only, no personal data. Errors are the driver's, unmapped
 * (the controllers turn them into `down` or leave the scrape to fail).
 */
@Injectable()
export class HealthQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Resolves when the database answers a trivial query; rejects with the driver's error otherwise. */
  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** When the last deadline sweep started; null when none ever ran. */
  async lastSweepStartedAt(): Promise<Date | null> {
    const [row]: { last: Date | null }[] = await this.db.query(
      'SELECT max(started_at) AS last FROM sweep_runs',
    );
    return row.last;
  }

  /** Notifications per (channel, status). */
  async notificationCounts(): Promise<NotificationCountRow[]> {
    return this.db.query(
      'SELECT channel, status, count(*)::int AS n FROM notifications GROUP BY channel, status',
    );
  }

  /** Sweep rounds and deadline alerts, in one row. */
  async sweepSummary(): Promise<SweepSummaryRow> {
    const [row]: SweepSummaryRow[] = await this.db.query(
      `SELECT count(*)::int AS n, max(started_at) AS last,
            (SELECT jsonb_object_agg(kind, n) FROM (SELECT kind, count(*)::int AS n FROM deadline_alerts GROUP BY kind) k) AS alerts
       FROM sweep_runs`,
    );
    return row;
  }
}
