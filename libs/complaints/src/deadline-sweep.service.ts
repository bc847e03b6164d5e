import { Injectable, Logger } from '@nestjs/common';
import { deadlineEvent } from '@suivi/domain';
import type { DeadlineEvent } from '@suivi/domain';
import { NotificationOutbox } from '@suivi/notifications';
import { ComplaintRecordRepository } from './complaint-record.repository';
import type { SweepCandidate, SweepLockedRow } from './complaint-record.repository';
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
    private readonly records: ComplaintRecordRepository,
    private readonly events: EventStore,
    private readonly outbox: NotificationOutbox,
  ) {}

  /** When the last sweep round started, or null (for /health: one index read, not the metrics' counts). */
  lastRunStartedAt(): Promise<Date | null> {
    return this.records.lastSweepStartedAt();
  }

  /** Sweep rounds so far, when the last one started, and deadline alerts by kind (for /metrics). */
  summary(): Promise<{ n: number; last: Date | null; alerts: Record<string, number> | null }> {
    return this.records.sweepSummary();
  }

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
        await this.records.sweepCandidates(now, options.warningHours, batchSize, options.landlordIds ?? null)
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
    await this.records.recordSweepRun(new Date(started), report.ms, report.recorded);
    const total = Object.values(report.recorded).reduce((a, b) => a + b, 0);
    if (total > 0) this.logger.log(`Sweep recorded ${total} alert(s) in ${report.ms} ms`);
    return report;
  }

  /**
   * Records one alert under the complaint's lock, after checking again that it is still due: a transition
   * may have moved the complaint on since the scan. False when there was nothing (left) to record.
   */
  private async record(candidate: SweepCandidate, now: Date): Promise<boolean> {
    return this.records.withinTransaction(async (session) => {
      const row = await session.lockForSweep(candidate.id);
      if (!row?.next_due_at || !row.next_due_stage || !stillDue(row, candidate.kind, now)) return false;
      if (!(await session.insertAlert(row.id, row.next_due_stage, candidate.kind))) return false;
      const seq = row.version + 1;
      const draft = deadlineEvent(candidate.kind, row.status, row.next_due_stage, row.next_due_at, now);
      const prepared = this.events.prepare(row.id, seq, row.head_hash, draft);
      await session.append(prepared, { version: seq, headHash: prepared.event.hash, updatedAt: now });
      await this.outbox.record(session.manager, {
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

function stillDue(row: SweepLockedRow, kind: DeadlineEvent, now: Date): boolean {
  const due = row.next_due_at as Date;
  if (kind === 'deadline_approaching') return due > now;
  if (kind === 'contractor_chased') {
    return (
      due <= now && row.next_due_stage === 'intervene' && row.status === 'assigned' && !!row.contractor_id
    );
  }
  return due <= now;
}
