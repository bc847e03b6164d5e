import type { AuditRollup } from '@suivi/domain';

/** Each field of the audit rollup and the complaints column that holds it. */
export const ROLLUP_COLUMNS: Record<Exclude<keyof AuditRollup, 'filedAt'>, string> = {
  acknowledgedAt: 'acknowledged_at',
  assignedAt: 'assigned_at',
  worksDoneAt: 'works_done_at',
  closedAt: 'closed_at',
  escalatedAt: 'escalated_at',
  reopenCount: 'reopen_count',
  urgencyOverridden: 'urgency_overridden',
  closeReason: 'close_reason',
  acknowledgeWorkingDays: 'acknowledge_working_days',
  assignWorkingDays: 'assign_working_days',
  worksDoneWorkingDays: 'works_done_working_days',
  closeWorkingDays: 'close_working_days',
  acknowledgeTenantDelayMs: 'acknowledge_tenant_delay_ms',
  interveneTenantDelayMs: 'intervene_tenant_delay_ms',
  resolveTenantDelayMs: 'resolve_tenant_delay_ms',
  tenantDelayMs: 'tenant_delay_ms',
  tenantHoldSince: 'tenant_hold_since',
};
type RollupField = keyof typeof ROLLUP_COLUMNS;
const FIELDS = Object.keys(ROLLUP_COLUMNS) as RollupField[];

/** The SELECT list that reads a complaint's rollup (alias `c`). */
export const ROLLUP_SELECT = FIELDS.map((f) => `c.${ROLLUP_COLUMNS[f]}`).join(', ');

/** A rollup from the row PostgreSQL returns (bigints arrive as strings). */
export function rollupFromRow(row: Record<string, unknown>, filedAt: Date): AuditRollup {
  const ms = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const date = (v: unknown) => (v === null || v === undefined ? null : (v as Date));
  return {
    filedAt,
    acknowledgedAt: date(row.acknowledged_at),
    assignedAt: date(row.assigned_at),
    worksDoneAt: date(row.works_done_at),
    closedAt: date(row.closed_at),
    escalatedAt: date(row.escalated_at),
    reopenCount: Number(row.reopen_count ?? 0),
    urgencyOverridden: Boolean(row.urgency_overridden),
    closeReason: (row.close_reason as string | null) ?? null,
    acknowledgeWorkingDays: ms(row.acknowledge_working_days),
    assignWorkingDays: ms(row.assign_working_days),
    worksDoneWorkingDays: ms(row.works_done_working_days),
    closeWorkingDays: ms(row.close_working_days),
    acknowledgeTenantDelayMs: ms(row.acknowledge_tenant_delay_ms),
    interveneTenantDelayMs: ms(row.intervene_tenant_delay_ms),
    resolveTenantDelayMs: ms(row.resolve_tenant_delay_ms),
    tenantDelayMs: ms(row.tenant_delay_ms) ?? 0,
    tenantHoldSince: date(row.tenant_hold_since),
  };
}

const same = (a: unknown, b: unknown) =>
  a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;

/** The columns an event changed: what the transition's UPDATE sets (closed_at is the state machine's). */
export function changedRollupColumns(before: AuditRollup, after: AuditRollup): Record<string, unknown> {
  const columns: Record<string, unknown> = {};
  for (const field of FIELDS) {
    if (field !== 'closedAt' && !same(before[field], after[field])) {
      columns[ROLLUP_COLUMNS[field]] = after[field];
    }
  }
  return columns;
}
