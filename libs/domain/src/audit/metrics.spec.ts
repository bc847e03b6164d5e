import { computeMetrics, median, metricsCsvRow, percentile } from './metrics';
import { tenantHoldsOf } from './rollup';
import type { ComplaintFacts } from './metrics';

const d = (iso: string) => new Date(iso);
/**
 * Working days as the landlord's calendar counts them (WorkingCalendar.workingDaysBetween): whole working days
 * strictly between the day of `from` and the day of `to`; weekdays only, 14 July 2026 (a Tuesday) a holiday.
 */
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

const base: ComplaintFacts = {
  filedAt: d('2026-07-13T09:00:00Z'), // Monday
  acknowledgedAt: null,
  assignedAt: null,
  worksDoneAt: null,
  closedAt: null,
  due: {},
  closeReason: null,
  reopenCount: 0,
  escalated: false,
  urgencyOverridden: false,
  rating: null,
  partnerFiled: false,
};

/** Four complaints, figures worked out by hand below. */
const facts: ComplaintFacts[] = [
  {
    ...base,
    // A: acknowledged Wed 15 (0 whole working days between: the 14th is a holiday), closed Fri 17 (2), rated 4.
    acknowledgedAt: d('2026-07-15T10:00:00Z'),
    assignedAt: d('2026-07-15T11:00:00Z'),
    worksDoneAt: d('2026-07-16T15:00:00Z'),
    closedAt: d('2026-07-17T09:00:00Z'),
    due: {
      acknowledge: '2026-07-16T22:00:00Z',
      intervene: '2026-07-16T22:00:00Z',
      resolve: '2026-07-31T22:00:00Z',
    },
    closeReason: 'works',
    rating: 4,
  },
  {
    ...base,
    // B: acknowledged Mon 20 (3 whole working days between: 15, 16, 17), late; closed as tenant responsibility; reopened once.
    acknowledgedAt: d('2026-07-20T08:00:00Z'),
    closedAt: d('2026-07-21T08:00:00Z'),
    due: { acknowledge: '2026-07-16T22:00:00Z' },
    closeReason: 'tenant_responsibility',
    reopenCount: 1,
    partnerFiled: true,
  },
  {
    ...base,
    // C: filed Fri 17, acknowledged Mon 20 (0: a weekend between), still open, intervention overdue.
    filedAt: d('2026-07-17T16:00:00Z'),
    acknowledgedAt: d('2026-07-20T09:00:00Z'),
    due: { acknowledge: '2026-07-21T22:00:00Z', intervene: '2026-07-23T22:00:00Z' },
    escalated: true,
    urgencyOverridden: true,
  },
  {
    ...base,
    // D: filed 1 July, never acknowledged, due 3 July: missed; 50 days old on 20 August.
    filedAt: d('2026-07-01T09:00:00Z'),
    due: { acknowledge: '2026-07-03T22:00:00Z' },
  },
];

describe('metric definitions', () => {
  const report = computeMetrics(facts, { now: d('2026-08-20T12:00:00Z'), workingDays, homes: 200 });

  it('counts volume and the rate per 1,000 homes', () => {
    expect(report.volume).toBe(4);
    expect(report.ratePer1000Homes).toBe(20);
  });

  it('takes the median and 90th percentile of working and calendar days', () => {
    // To acknowledge: working A 0, B 3, C 0 → median 0, p90 (nearest rank, 3rd of 3) 3;
    // calendar A 2.04, B 6.96, C 2.71 → median 2.71, p90 6.96.
    expect(report.timeTo.acknowledge).toEqual({
      count: 3,
      medianWorkingDays: 0,
      p90WorkingDays: 3,
      medianCalendarDays: 2.71,
      p90CalendarDays: 6.96,
    });
    // To close: A 2 working days (4.00 calendar), B 4 (7.96) → medians 3 and 5.98.
    expect(report.timeTo.close).toEqual({
      count: 2,
      medianWorkingDays: 3,
      p90WorkingDays: 4,
      medianCalendarDays: 5.98,
      p90CalendarDays: 7.96,
    });
    expect(report.timeTo.worksDone).toMatchObject({
      count: 1,
      medianWorkingDays: 1,
      medianCalendarDays: 3.25,
    });
    expect(report.timeTo.assign).toMatchObject({ count: 1, medianWorkingDays: 0, medianCalendarDays: 2.08 });
  });

  it('shares within each deadline: done late or overdue is missed, not yet due is left out', () => {
    // No documented tenant hold in this set: the net figures equal the raw ones.
    expect(report.withinDeadline).toEqual({
      // A, C met; B late; D never, overdue
      acknowledge: { met: 2, missed: 2, share: 0.5, netOfTenantDelay: { met: 2, missed: 2, share: 0.5 } },
      // A met; C overdue
      intervene: { met: 1, missed: 1, share: 0.5, netOfTenantDelay: { met: 1, missed: 1, share: 0.5 } },
      resolve: { met: 1, missed: 0, share: 1, netOfTenantDelay: { met: 1, missed: 0, share: 1 } },
    });
  });

  it('ages the open backlog and counts what is overdue', () => {
    expect(report.backlog).toEqual({
      open: 2,
      overdue: 2,
      ageDays: { '0-7': 0, '8-30': 0, '31-90': 2, '91+': 0 },
    });
  });

  it('rates reopenings, escalations, overrides, tenant responsibility and satisfaction', () => {
    expect(report.rates).toEqual({
      reopen: 0.25,
      escalation: 0.25,
      urgencyOverride: 0.25,
      tenantResponsibility: 0.5,
    });
    expect(report.satisfaction).toEqual({ average: 4, responseRate: 0.5 });
    expect(report.partner).toEqual({ filed: 1, acknowledged: 1, medianWorkingDaysToAcknowledge: 3 });
  });

  it('answers null, not zero, where there is nothing to measure', () => {
    const empty = computeMetrics([], { now: d('2026-08-20T12:00:00Z'), workingDays, homes: null });
    expect(empty.timeTo.close.medianWorkingDays).toBeNull();
    expect(empty.withinDeadline.acknowledge.share).toBeNull();
    expect(empty.ratePer1000Homes).toBeNull();
  });

  it.each([
    [[], null, null],
    [[5], 5, 5],
    [[1, 2, 3, 4], 2.5, 4],
    [[10, 1, 7, 3, 9, 2, 8, 4, 6, 5], 5.5, 9],
  ])('median and p90 of %j → %s and %s', (values, m, p90) => {
    expect(median(values)).toBe(m);
    expect(percentile(values, 90)).toBe(p90);
  });

  it('puts the net share beside the raw one in the CSV row', () => {
    const row = metricsCsvRow('all', report);
    const columns = Object.keys(row);
    expect(row).toMatchObject({
      acknowledge_within_deadline_share: 0.5,
      acknowledge_within_deadline_share_net_of_tenant_delay: 0.5,
      acknowledge_met_net_of_tenant_delay: 2,
      acknowledge_missed_net_of_tenant_delay: 2,
    });
    expect(columns.indexOf('acknowledge_within_deadline_share_net_of_tenant_delay')).toBe(
      columns.indexOf('acknowledge_missed') + 1,
    );
  });
});

describe('share within deadline, net of documented tenant delay', () => {
  const filedAt = d('2026-07-13T09:00:00Z'); // Monday
  const due = { acknowledge: '2026-07-16T22:00:00Z' }; // Thursday night
  const history = (reason: string) => [
    { action: 'hold', at: d('2026-07-15T10:00:00Z'), payload: { holdReason: reason } },
    { action: 'release', at: d('2026-07-20T07:00:00Z'), payload: { holdReason: reason } },
  ];
  const ackd = { ...base, filedAt, due, acknowledgedAt: d('2026-07-20T08:00:00Z') };
  const facts: ComplaintFacts[] = [
    // Acknowledged Monday 20 at 08:00, 3 days 10 h late. The tenant gave no access from Wednesday 15 10:00
    // to Monday 20 07:00: 4 days 21 h = 117 h. 08:00 on the 20th less 117 h is 11:00 on the 15th, before the
    // due time: missed raw, met net.
    { ...ackd, tenantHolds: tenantHoldsOf(history('tenant_no_access')) },
    // The same wait for parts is the landlord's own: missed raw and net.
    { ...ackd, tenantHolds: tenantHoldsOf(history('parts')) },
    // Not acknowledged; the tenant asked to wait from Tuesday 14 09:00 and still does on Monday 20 12:00 (now):
    // missed raw (past due); net, 6 days 3 h of delay put "now" back to the 14th 09:00, before the due time:
    // not yet counted.
    {
      ...base,
      filedAt,
      due,
      tenantHolds: tenantHoldsOf([
        { action: 'hold', at: d('2026-07-14T09:00:00Z'), payload: { holdReason: 'tenant_request' } },
      ]),
    },
  ];
  const report = computeMetrics(facts, { now: d('2026-07-20T12:00:00Z'), workingDays, homes: null });

  it('turns a miss into a net meet for a tenant no-access hold, not for a parts hold', () => {
    expect(report.withinDeadline.acknowledge).toEqual({
      met: 0,
      missed: 3,
      share: 0,
      netOfTenantDelay: { met: 1, missed: 1, share: 0.5 },
    });
  });

  it('counts only tenant reasons as tenant holds, ended by a release or a closing', () => {
    expect(tenantHoldsOf(history('parts'))).toEqual([]);
    expect(tenantHoldsOf(history('landlord_approval'))).toEqual([]);
    expect(
      tenantHoldsOf([
        { action: 'hold', at: d('2026-07-14T09:00:00Z'), payload: { holdReason: 'tenant_no_access' } },
        {
          action: 'close_without_works',
          at: d('2026-07-15T09:00:00Z'),
          payload: { closeReason: 'withdrawn' },
        },
      ]),
    ).toEqual([{ from: d('2026-07-14T09:00:00Z'), to: d('2026-07-15T09:00:00Z') }]);
  });
});
