import { stageClock } from '@suivi/calendar';
import type { HoldInterval, StageClock, WorkingCalendar } from '@suivi/calendar';
import { completesStage } from '@suivi/domain';
import type { Stage } from '@suivi/domain';
import type { RecordedUrgency } from './urgency.service';

/** The stages whose clock starts at filing (what completes each is the domain's `completesStage`). */
const INTAKE_STAGES: readonly Stage[] = ['acknowledge', 'intervene', 'resolve'];
const TENANT_HOLDS = ['tenant_no_access', 'tenant_request'];

interface EventLike {
  at: string;
  action: string;
  payload: { [key: string]: unknown };
}

/** Documented holds as intervals, from the hold / release events. */
export function holdIntervals(events: readonly EventLike[]): HoldInterval[] {
  const holds: HoldInterval[] = [];
  let open: HoldInterval | null = null;
  for (const event of events) {
    if (event.action === 'hold') {
      const reason = String(event.payload.holdReason ?? '');
      open = {
        from: new Date(event.at),
        to: null,
        cause: TENANT_HOLDS.includes(reason) ? 'tenant' : 'landlord',
      };
      holds.push(open);
    } else if (event.action === 'release' && open) {
      open.to = new Date(event.at);
      open = null;
    }
  }
  return holds;
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
  for (const stage of INTAKE_STAGES) {
    const deadline = urgency.deadlines[stage];
    if (!deadline) continue;
    const done = events.find((event) => completesStage(stage, event));
    clocks.push(stageClock(calendar, stage, deadline, filedAt, done ? new Date(done.at) : null, now, holds));
  }
  // Stage 2: from the latest request for a review, the landlord acknowledges it, then answers it.
  const escalation = events.findLastIndex((event) => event.action === 'escalate');
  if (escalation >= 0) {
    const startedAt = new Date(events[escalation].at);
    const after = events.slice(escalation + 1);
    const review: [Stage, readonly string[]][] = [
      ['review_acknowledge', ['acknowledge_review', 'answer_review']],
      ['review', ['answer_review']],
    ];
    for (const [stage, actions] of review) {
      const deadline = urgency.deadlines[stage];
      if (!deadline) continue;
      const done = after.find((event) => actions.includes(event.action));
      clocks.push(
        stageClock(calendar, stage, deadline, startedAt, done ? new Date(done.at) : null, now, holds),
      );
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
