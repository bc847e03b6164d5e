import { auditRollupOf, newAuditRollup, tenantDelayUntil, tenantHoldsOf } from './rollup';
import { computeMetrics, deadlineOutcome, tenantDelayMs } from './metrics';
import type { ComplaintFacts } from './metrics';
import type { RollupEvent } from './rollup';

const d = (iso: string) => new Date(iso);
/** Weekdays, 14 July 2026 (a Tuesday) a holiday; whole days strictly between, as the calendar counts. */
function workingDays(from: Date, to: Date): number {
  let n = 0;
  const day = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate() + 1));
  const end = Date.UTC(to.getUTCFullYear(), to.getUTCMonth(), to.getUTCDate());
  while (day.getTime() < end) {
    const dow = day.getUTCDay();
    if (dow !== 0 && dow !== 6 && day.toISOString().slice(0, 10) !== '2026-07-14') n += 1;
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return n;
}
const ev = (action: string, iso: string, payload: RollupEvent['payload'] = {}): RollupEvent => ({
  action,
  at: d(iso),
  payload,
});
const HOUR = 3_600_000;
const filedAt = d('2026-07-13T09:00:00Z'); // Monday

describe('audit rollup, event by event', () => {
  const history = [
    ev('hold', '2026-07-15T10:00:00Z', { holdReason: 'tenant_no_access' }),
    ev('release', '2026-07-20T07:00:00Z', { holdReason: 'tenant_no_access' }),
    ev('acknowledge', '2026-07-20T08:00:00Z'),
    ev('assign', '2026-07-20T09:00:00Z'),
    ev('hold', '2026-07-21T09:00:00Z', { holdReason: 'parts' }),
    ev('release', '2026-07-23T09:00:00Z', { holdReason: 'parts' }),
    ev('report_done', '2026-07-24T15:00:00Z'),
    ev('reject_works', '2026-07-24T16:00:00Z'),
    ev('hold', '2026-07-27T09:00:00Z', { holdReason: 'tenant_request' }),
    ev('release', '2026-07-28T09:00:00Z', { holdReason: 'tenant_request' }),
    ev('report_done', '2026-07-29T15:00:00Z'),
    ev('check_works', '2026-07-30T09:00:00Z'),
    ev('escalate', '2026-07-30T10:00:00Z'),
    ev('close', '2026-07-31T09:00:00Z'),
    ev('reopen', '2026-08-03T09:00:00Z'),
    ev('hold', '2026-08-04T09:00:00Z', { holdReason: 'tenant_no_access' }),
    ev('escalate', '2026-08-04T10:00:00Z'),
    ev('close_without_works', '2026-08-05T09:00:00Z', { closeReason: 'tenant_responsibility' }),
  ];

  it('records each stage once it is reached, with working days and the tenant delay until then', () => {
    const r = auditRollupOf(filedAt, history.slice(0, 4), workingDays);
    expect(r).toMatchObject({
      acknowledgedAt: d('2026-07-20T08:00:00Z'),
      // Between Monday 13 and Monday 20: 14 (holiday), 15, 16, 17 → 3.
      acknowledgeWorkingDays: 3,
      // 15 July 10:00 → 20 July 07:00 = 117 h.
      acknowledgeTenantDelayMs: 117 * HOUR,
      assignWorkingDays: 3,
      worksDoneAt: null,
      interveneTenantDelayMs: null,
      tenantDelayMs: 117 * HOUR,
      tenantHoldSince: null,
    });
  });

  it('keeps the last report of works, adds tenant holds only, and starts again after a reopening', () => {
    const closed = auditRollupOf(filedAt, history.slice(0, 14), workingDays);
    expect(closed).toMatchObject({
      worksDoneAt: d('2026-07-29T15:00:00Z'),
      // 15, 16, 17, 20 … 28 July: 3 + 7 = 10 working days strictly between the 13th and the 29th.
      worksDoneWorkingDays: 10,
      // The parts hold is not deducted: 117 h + 24 h of tenant request.
      interveneTenantDelayMs: 141 * HOUR,
      closeWorkingDays: 12,
      closeReason: 'works',
      resolveTenantDelayMs: 141 * HOUR,
      escalatedAt: d('2026-07-30T10:00:00Z'),
    });
    const reopened = auditRollupOf(filedAt, history.slice(0, 16), workingDays);
    expect(reopened).toMatchObject({
      reopenCount: 1,
      closedAt: null,
      closeReason: null,
      closeWorkingDays: null,
      resolveTenantDelayMs: null,
      tenantHoldSince: d('2026-08-04T09:00:00Z'),
    });
    // 08:00 on 5 August: 141 h of ended holds and 23 h of the one in progress.
    expect(tenantDelayUntil(reopened, d('2026-08-05T08:00:00Z'))).toBe(164 * HOUR);
    const final = auditRollupOf(filedAt, history, workingDays);
    expect(final).toMatchObject({
      closedAt: d('2026-08-05T09:00:00Z'),
      closeReason: 'tenant_responsibility',
      resolveTenantDelayMs: 165 * HOUR,
      // Closing ends the hold.
      tenantDelayMs: 165 * HOUR,
      tenantHoldSince: null,
      // The first escalation is the one counted.
      escalatedAt: d('2026-07-30T10:00:00Z'),
      acknowledgeWorkingDays: 3,
    });
  });

  it('gives, at each completion, the tenant delay the reference computes from the hold intervals', () => {
    const holds = tenantHoldsOf(history);
    const final = auditRollupOf(filedAt, history, workingDays);
    expect(tenantDelayMs(holds, filedAt, final.acknowledgedAt as Date)).toBe(final.acknowledgeTenantDelayMs);
    expect(tenantDelayMs(holds, filedAt, final.worksDoneAt as Date)).toBe(final.interveneTenantDelayMs);
    expect(tenantDelayMs(holds, filedAt, final.closedAt as Date)).toBe(final.resolveTenantDelayMs);
  });

  it('meets a deadline net of the tenant delay where it missed it raw', () => {
    const r = auditRollupOf(filedAt, history.slice(0, 3), workingDays);
    const due = Date.parse('2026-07-16T22:00:00Z');
    expect(
      deadlineOutcome(due, r.acknowledgedAt, d('2026-09-01T00:00:00Z'), r.acknowledgeTenantDelayMs ?? 0),
    ).toEqual({ raw: false, net: true });
    // The facts the reference reads give the same answer.
    const facts: ComplaintFacts = {
      filedAt,
      acknowledgedAt: r.acknowledgedAt,
      assignedAt: null,
      worksDoneAt: null,
      closedAt: null,
      due: { acknowledge: '2026-07-16T22:00:00Z' },
      closeReason: null,
      reopenCount: 0,
      escalated: false,
      urgencyOverridden: false,
      rating: null,
      partnerFiled: false,
      tenantHolds: tenantHoldsOf(history.slice(0, 3)),
    };
    const report = computeMetrics([facts], { now: d('2026-09-01T00:00:00Z'), workingDays, homes: null });
    expect(report.withinDeadline.acknowledge.netOfTenantDelay).toEqual({ met: 1, missed: 0, share: 1 });
    expect(report.withinDeadline.acknowledge.share).toBe(0);
  });

  it('counts a staff visit as the intervention, never the tenant’s confirmation', () => {
    const start = [ev('acknowledge', '2026-07-13T10:00:00Z'), ev('assign', '2026-07-13T11:00:00Z')];
    const tenant = auditRollupOf(
      filedAt,
      [...start, ev('check_works', '2026-07-14T11:00:00Z', { checkedBy: 'tenant' })],
      workingDays,
    );
    expect(tenant.worksDoneAt).toBeNull();
    const visit = auditRollupOf(
      filedAt,
      [...start, ev('check_works', '2026-07-16T11:00:00Z', { checkedBy: 'agent', visit: true })],
      workingDays,
    );
    expect(visit.worksDoneAt).toEqual(d('2026-07-16T11:00:00Z'));
    expect(visit.worksDoneWorkingDays).toBe(1);
    const reported = auditRollupOf(
      filedAt,
      [
        ...start,
        ev('report_done', '2026-07-15T11:00:00Z'),
        ev('check_works', '2026-07-16T11:00:00Z', { checkedBy: 'agent' }),
      ],
      workingDays,
    );
    expect(reported.worksDoneAt).toEqual(d('2026-07-15T11:00:00Z'));
  });

  it('starts empty', () => {
    expect(newAuditRollup(filedAt)).toMatchObject({ reopenCount: 0, tenantDelayMs: 0, closedAt: null });
  });
});
