import type { Deadline, Stage } from '@suivi/domain';
import type { WorkingCalendar } from './working-calendar';

/** When a deadline falls, counted from `from` on the landlord's calendar. */
export function dueDate(calendar: WorkingCalendar, from: Date, deadline: Deadline): Date {
  switch (deadline.unit) {
    case 'hours':
      return calendar.addHours(from, deadline.amount, deadline.workingDaysOnly ?? false);
    case 'working_days':
      return calendar.addWorkingDays(from, deadline.amount);
    case 'days':
      return new Date(from.getTime() + deadline.amount * 86_400_000);
  }
}

/** A documented hold: `tenant` ones (no access, the tenant asked) give the "net of tenant delay" figure. */
export interface HoldInterval {
  from: Date;
  to: Date | null;
  cause: 'tenant' | 'landlord';
}

export interface StageClock {
  stage: Stage;
  dueAt: string;
  state: 'running' | 'met' | 'missed';
  /** When the stage was reached, if it was. */
  doneAt: string | null;
  elapsedWorkingDays: number;
  /** Elapsed working days less the working days inside tenant-caused holds. Holds never stop the clock. */
  elapsedWorkingDaysNetOfTenantDelay: number;
}

/**
 * One stage's clock: due date, met / missed / running, and elapsed working days raw and net of documented
 * tenant delay. The statutory clock itself never stops: a missed deadline stays missed whatever the holds.
 */
export function stageClock(
  calendar: WorkingCalendar,
  stage: Stage,
  deadline: Deadline,
  startedAt: Date,
  doneAt: Date | null,
  now: Date,
  holds: readonly HoldInterval[] = [],
): StageClock {
  const due = dueDate(calendar, startedAt, deadline);
  const end = doneAt ?? now;
  const state = doneAt ? (doneAt <= due ? 'met' : 'missed') : now < due ? 'running' : 'missed';
  const elapsed = calendar.workingDaysBetween(startedAt, end);
  let tenantDays = 0;
  for (const hold of holds) {
    if (hold.cause !== 'tenant') continue;
    const from = hold.from < startedAt ? startedAt : hold.from;
    const to = !hold.to || hold.to > end ? end : hold.to;
    if (to > from) tenantDays += calendar.workingDaysBetween(from, to);
  }
  return {
    stage,
    dueAt: due.toISOString(),
    state,
    doneAt: doneAt?.toISOString() ?? null,
    elapsedWorkingDays: elapsed,
    elapsedWorkingDaysNetOfTenantDelay: Math.max(0, elapsed - tenantDays),
  };
}
