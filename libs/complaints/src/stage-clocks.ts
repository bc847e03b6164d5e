import { stageClock } from '@suivi/calendar';
import type { HoldInterval, StageClock, WorkingCalendar } from '@suivi/calendar';
import { INTAKE_STAGES, holdSpans, reviewProgressOf, stageProgressOf } from '@suivi/domain';
import type { Stage } from '@suivi/domain';
import type { RecordedUrgency } from './urgency.service';

interface EventLike {
  at: string;
  action: string;
  payload: { [key: string]: unknown };
}

/** Documented holds as the calendar's intervals (the domain's `holdSpans`: until release or closing). */
export function holdIntervals(events: readonly EventLike[]): HoldInterval[] {
  return holdSpans(events).map((span) => ({
    from: span.from,
    to: span.to,
    cause: span.tenantCaused ? 'tenant' : 'landlord',
  }));
}

/**
 * The clocks of the stages that start at filing, from the recorded urgency (override included) and the
 * history; and the next deadline still to meet.
 */
export function clocksOf(
  calendar: WorkingCalendar,
  urgency: RecordedUrgency,
  events: readonly EventLike[],
  filedAt: Date,
  now: Date,
): { clocks: StageClock[]; next: { stage: Stage; dueAt: string; state: StageClock['state'] } | null } {
  const holds = holdIntervals(events);
  const clocks: StageClock[] = [];
  // What completes each stage is the domain's one definition (stageProgressOf), as for the audit rollup.
  const progress = stageProgressOf(events);
  for (const stage of INTAKE_STAGES) {
    const deadline = urgency.deadlines[stage];
    if (!deadline) continue;
    clocks.push(stageClock(calendar, stage, deadline, filedAt, progress[stage], now, holds));
  }
  // Stage 2: from the latest request for a review, the landlord acknowledges it, then answers it.
  const review = reviewProgressOf(events);
  if (review.startedAt) {
    for (const stage of ['review_acknowledge', 'review'] as const) {
      const deadline = urgency.deadlines[stage];
      if (!deadline) continue;
      clocks.push(stageClock(calendar, stage, deadline, review.startedAt, review[stage], now, holds));
    }
  }
  const pending = clocks
    .filter((clock) => clock.doneAt === null)
    .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
  return {
    clocks,
    next: pending ? { stage: pending.stage, dueAt: pending.dueAt, state: pending.state } : null,
  };
}
