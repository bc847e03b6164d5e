import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { deadlineEvent } from '@suivi/domain';
import type { ComplaintState, DeadlineEvent } from '@suivi/domain';
import { NotificationOutbox } from '@suivi/notifications';
import { EventStore } from './event-store';

export interface SweepOptions {
  /** The sweep's clock; tests and the benchmark pass their own. */
  now?: Date;
  /** A stage due within this many hours warns its assignee. */
  warningHours: number;
  /** Complaints handled per query; the sweep loops until none is left. */
  batchSize?: number;
  /** Only these landlords (an operator's on-demand sweep); all when absent. */
  landlordIds?: string[];
}

export interface SweepReport {
  /** Complaints the scan returned (candidates), and alerts recorded by this run, by kind. */
  scanned: number;
  recorded: Record<DeadlineEvent, number>;
  /** Candidates another sweep or a transition got to first. */
  skipped: number;
  ms: number;
}

interface Candidate {
  id: string;
  kind: DeadlineEvent;
}

interface LockedRow {
  id: string;
  status: ComplaintState;
  version: number;
  head_hash: string;
  next_due_at: Date | null;
  next_due_stage: string | null;
  contractor_id: string | null;
}

/**
 * Finds stages coming due and overdue with two index scans over `next_due_at` (no job per complaint) and
 * records, once per complaint, stage and kind, an event: `deadline_approaching` for the assignee,
 * `deadline_missed` for the supervisor, and `contractor_chased` when the assigned contractor has not
 * reported works by the intervention deadline. The `deadline_alerts` primary key is what makes "once" hold
 * when sweeps run concurrently: each alert is inserted under the complaint's row lock, in the same
 * transaction as its event.
 */
@Injectable()
export class DeadlineSweepService {
  private readonly logger = new Logger(DeadlineSweepService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventStore,
    private readonly outbox: NotificationOutbox,
  ) {}

  async sweep(options: SweepOptions): Promise<SweepReport> {
    const started = Date.now();
    const now = options.now ?? new Date();
    const batchSize = options.batchSize ?? 500;
    const report: SweepReport = {
      scanned: 0,
      recorded: { deadline_approaching: 0, deadline_missed: 0, contractor_chased: 0 },
      skipped: 0,
      ms: 0,
    };
    const seen = new Set<string>();
    for (;;) {
      const candidates = (
        await this.candidates(now, options.warningHours, batchSize, options.landlordIds ?? null)
      ).filter((c) => !seen.has(`${c.id}:${c.kind}`));
      if (candidates.length === 0) break;
      report.scanned += candidates.length;
      for (const candidate of candidates) {
        seen.add(`${candidate.id}:${candidate.kind}`);
        const done = await this.record(candidate, now);
        if (done) report.recorded[candidate.kind] += 1;
        else report.skipped += 1;
      }
    }
    report.ms = Date.now() - started;
    await this.db.query('INSERT INTO sweep_runs (started_at, duration_ms, recorded) VALUES ($1, $2, $3)', [
      new Date(started),
      report.ms,
      JSON.stringify(report.recorded),
    ]);
    const total = Object.values(report.recorded).reduce((a, b) => a + b, 0);
    if (total > 0) this.logger.log(`Sweep recorded ${total} alert(s) in ${report.ms} ms`);
    return report;
  }

  /**
   * Complaints with an alert still to record. Each branch walks the partial index on next_due_at and checks
   * the alert's primary key; a complaint already alerted for its current stage costs one index probe.
   */
  private async candidates(
    now: Date,
    warningHours: number,
    limit: number,
    landlordIds: string[] | null,
  ): Promise<Candidate[]> {
    const landlords = landlordIds ? 'AND c.landlord_id = ANY($4::uuid[])' : '';
    return this.db.query(
      `(SELECT c.id, 'deadline_missed' AS kind FROM complaints c
         WHERE c.next_due_at <= $1 ${landlords}
           AND NOT EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.complaint_id = c.id
                             AND a.stage = c.next_due_stage AND a.kind = 'deadline_missed')
         ORDER BY c.next_due_at LIMIT $3)
       UNION ALL
       (SELECT c.id, 'contractor_chased' FROM complaints c
         WHERE c.next_due_at <= $1 AND c.next_due_stage = 'intervene' AND c.status = 'assigned'
           AND c.contractor_id IS NOT NULL ${landlords}
           AND NOT EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.complaint_id = c.id
                             AND a.stage = c.next_due_stage AND a.kind = 'contractor_chased')
         ORDER BY c.next_due_at LIMIT $3)
       UNION ALL
       (SELECT c.id, 'deadline_approaching' FROM complaints c
         WHERE c.next_due_at > $1 AND c.next_due_at <= $1::timestamptz + make_interval(hours => $2) ${landlords}
           AND NOT EXISTS (SELECT 1 FROM deadline_alerts a WHERE a.complaint_id = c.id
                             AND a.stage = c.next_due_stage AND a.kind = 'deadline_approaching')
         ORDER BY c.next_due_at LIMIT $3)`,
      landlordIds ? [now, warningHours, limit, landlordIds] : [now, warningHours, limit],
    );
  }

  /**
   * Records one alert under the complaint's lock, after checking again that it is still due: a transition
   * may have moved the complaint on since the scan. False when there was nothing (left) to record.
   */
  private async record(candidate: Candidate, now: Date): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const [row]: LockedRow[] = await em.query(
        `SELECT id, status, version, head_hash, next_due_at, next_due_stage, contractor_id
           FROM complaints WHERE id = $1 FOR UPDATE`,
        [candidate.id],
      );
      if (!row?.next_due_at || !row.next_due_stage || !stillDue(row, candidate.kind, now)) return false;
      const inserted: unknown[] = await em.query(
        `INSERT INTO deadline_alerts (complaint_id, stage, kind) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING RETURNING complaint_id`,
        [row.id, row.next_due_stage, candidate.kind],
      );
      if (inserted.length === 0) return false;
      const seq = row.version + 1;
      const draft = deadlineEvent(candidate.kind, row.status, row.next_due_stage, row.next_due_at, now);
      const prepared = this.events.prepare(row.id, seq, row.head_hash, draft);
      await this.events.write(em, prepared, {
        id: row.id,
        columns: { version: seq, head_hash: prepared.event.hash, updated_at: now },
      });
      await this.outbox.record(em, {
        complaintId: row.id,
        seq,
        action: candidate.kind,
        actorRole: 'system',
        payload: prepared.event.payload,
        at: now,
      });
      return true;
    });
  }
}

function stillDue(row: LockedRow, kind: DeadlineEvent, now: Date): boolean {
  const due = row.next_due_at as Date;
  if (kind === 'deadline_approaching') return due > now;
  if (kind === 'contractor_chased') {
    return (
      due <= now && row.next_due_stage === 'intervene' && row.status === 'assigned' && !!row.contractor_id
    );
  }
  return due <= now;
}
