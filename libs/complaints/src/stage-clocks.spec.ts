import fc from 'fast-check';
import { WorkingCalendar, dueDate } from '@suivi/calendar';
import {
  INTAKE_STAGES,
  NO_STAGE_PROGRESS,
  applyAction,
  auditRollupAfter,
  deadlineOutcome,
  newAuditRollup,
  nextDeadline,
  stageProgressOf,
  stageProgressOfRollup,
  tenantDelayMs,
  tenantHoldsOf,
} from '@suivi/domain';
import type {
  Action,
  AuditRollup,
  ComplaintSnapshot,
  Deadline,
  IntakeStage,
  Role,
  Stage,
  TransitionCommand,
} from '@suivi/domain';
import { clocksOf } from './stage-clocks';
import type { RecordedUrgency } from './urgency.service';

/**
 * Issue 15: "was this deadline met?" has one answer. Random valid histories are walked through the
 * transition table (`applyAction`, with holds, reopenings, reassignments, rejected works, staff visits and
 * stage-2 reviews); for each, the stage clocks the agent and tenant pages show, the next deadline the
 * transition stores, the audit rollup the federations count and a replay of the events must agree on every
 * stage's done time, met / missed / running, and working days to it.
 */
const calendar = new WorkingCalendar({ country: 'FR', region: 'metropole', timeZone: 'Europe/Paris' });
const workingDays = (from: Date, to: Date) => calendar.workingDaysBetween(from, to);
const HOUR = 3_600_000;

const DEADLINES: Record<IntakeStage, Deadline>[] = [
  {
    acknowledge: { amount: 4, unit: 'hours' },
    intervene: { amount: 24, unit: 'hours' },
    resolve: { amount: 5, unit: 'working_days' },
  },
  {
    acknowledge: { amount: 2, unit: 'working_days' },
    intervene: { amount: 10, unit: 'working_days' },
    resolve: { amount: 30, unit: 'working_days' },
  },
];

const CONTRACTORS = ['c-1', 'c-2'];

/** One step a role may try: the command carries what the action needs. */
function command(action: Action, role: Role, pick: number): TransitionCommand {
  const base = new Date('2027-01-01T00:00:00Z');
  const appointment = {
    start: new Date(base.getTime() + 8 * HOUR),
    end: new Date(base.getTime() + 10 * HOUR),
  };
  switch (action) {
    case 'assign':
      return { action, contractorId: CONTRACTORS[pick % 2] };
    case 'reassign':
      return { action, contractorId: CONTRACTORS[(pick + 1) % 2], reason: 'unavailable' };
    case 'schedule':
      return { action, appointment };
    case 'close':
      return { action, resolution: 'fixed' };
    case 'close_without_works':
      return { action, closeReason: 'duplicate', reason: 'same as another' };
    case 'hold':
      return {
        action,
        holdReason: (['tenant_no_access', 'tenant_request', 'parts', 'landlord_approval'] as const)[pick % 4],
      };
    case 'check_works':
    case 'reject_works':
      return role === 'tenant' ? { action, reason: 'seen' } : { action, visit: true, reason: 'on site' };
    case 'note':
      return { action, visibility: role === 'contractor' ? 'internal' : 'public', text: 'note' };
    case 'answer_review':
      return { action, text: 'answer' };
    case 'reopen':
    case 'escalate':
      return { action, reason: 'still broken' };
    default:
      return { action };
  }
}

const STEPS: [Action, Role][] = [
  ['acknowledge', 'agent'],
  ['assign', 'agent'],
  ['reassign', 'supervisor'],
  ['schedule', 'contractor'],
  ['report_done', 'contractor'],
  ['check_works', 'tenant'],
  ['check_works', 'agent'],
  ['reject_works', 'tenant'],
  ['reject_works', 'agent'],
  ['close', 'agent'],
  ['close_without_works', 'agent'],
  ['reopen', 'tenant'],
  ['escalate', 'tenant'],
  ['hold', 'agent'],
  ['release', 'agent'],
  ['note', 'contractor'],
  ['acknowledge_review', 'agent'],
  ['answer_review', 'supervisor'],
];

interface Walked {
  filedAt: Date;
  urgency: RecordedUrgency;
  events: { action: string; at: string; payload: { [key: string]: unknown } }[];
  /** The next deadline as the transition stored it after each step, and the rollup it kept. */
  stored: { stage: Stage; at: string } | null;
  rollup: AuditRollup;
  /** The complaint's state at the end. */
  state: string;
}

/** Walks a history: each try is applied when the table and its guards allow it, skipped otherwise. */
function walk(filedAtMs: number, plan: number, tries: [number, number, number][]): Walked {
  const filedAt = new Date(filedAtMs);
  const deadlines = DEADLINES[plan];
  const due = Object.fromEntries(
    INTAKE_STAGES.map((stage) => [stage, dueDate(calendar, filedAt, deadlines[stage]).toISOString()]),
  );
  const urgency: RecordedUrgency = {
    level: 'urgent',
    rank: 2,
    ruleIds: [],
    explanation: { fr: '', en: '' },
    tenantResponsibility: false,
    raisedForVulnerableOccupant: false,
    deadlines: {
      ...deadlines,
      review_acknowledge: { amount: 5, unit: 'working_days' },
      review: { amount: 20, unit: 'working_days' },
    },
    ruleSetVersion: 1,
    evaluatedAt: filedAt.toISOString(),
    due,
  };
  let snapshot: ComplaintSnapshot = {
    state: 'received',
    category: 'plumbing_leak',
    holdReason: null,
    contractorId: null,
    closedAt: null,
    worksReported: false,
  };
  const events: Walked['events'] = [{ action: 'file', at: filedAt.toISOString(), payload: {} }];
  let rollup = newAuditRollup(filedAt);
  let stored = nextDeadline(urgency, 'received', NO_STAGE_PROGRESS);
  let now = filedAtMs;
  for (const [step, gapMinutes, pick] of tries) {
    now += gapMinutes * 60_000;
    const [action, role] = STEPS[step];
    const result = applyAction(
      snapshot,
      command(action, role, pick),
      { role, id: `${role}-1` },
      {
        now: new Date(now),
        reopenWindowDays: 60,
      },
    );
    if (!result.ok) continue;
    const { state, changes, event } = result.value;
    snapshot = { ...snapshot, ...changes, state } as ComplaintSnapshot;
    events.push({ action: event.action, at: event.at.toISOString(), payload: { ...event.payload } });
    // What the transition does: the rollup after the event, then the next deadline from it.
    rollup = auditRollupAfter(rollup, event, workingDays);
    stored = nextDeadline(urgency, state, stageProgressOfRollup(rollup));
  }
  return { filedAt, urgency, events, stored, rollup, state: snapshot.state };
}

const histories = fc.tuple(
  // Filed any time in 2027–2028 (holidays, weekends and summer time included).
  fc.integer({ min: Date.UTC(2027, 0, 1), max: Date.UTC(2028, 11, 31) }),
  fc.integer({ min: 0, max: DEADLINES.length - 1 }),
  fc.array(
    fc.tuple(
      fc.integer({ min: 0, max: STEPS.length - 1 }),
      fc.integer({ min: 1, max: 4 * 24 * 60 }),
      fc.integer({ min: 0, max: 7 }),
    ),
    { minLength: 1, maxLength: 40 },
  ),
  fc.integer({ min: 0, max: 60 * 24 * 60 }),
);

const DONE_OF_ROLLUP: Record<IntakeStage, (r: AuditRollup) => Date | null> = {
  acknowledge: (r) => r.acknowledgedAt,
  intervene: (r) => r.worksDoneAt,
  resolve: (r) => r.closedAt,
};
const DAYS_OF_ROLLUP: Record<IntakeStage, (r: AuditRollup) => number | null> = {
  acknowledge: (r) => r.acknowledgeWorkingDays,
  intervene: (r) => r.worksDoneWorkingDays,
  resolve: (r) => r.closeWorkingDays,
};

describe('one answer to "was this deadline met?" (issue 15)', () => {
  it('page clocks, stored next deadline, audit rollup and a replay agree on every random history', () => {
    fc.assert(
      fc.property(histories, ([filedAtMs, plan, tries, afterMinutes]) => {
        const w = walk(filedAtMs, plan, tries);
        const last = Date.parse(w.events[w.events.length - 1].at);
        const now = new Date(last + afterMinutes * 60_000);
        const { clocks, next } = clocksOf(calendar, w.urgency, w.events, w.filedAt, now);
        const replay = stageProgressOf(w.events);
        const holds = tenantHoldsOf(w.events.map((e) => ({ ...e, at: new Date(e.at) })));
        for (const stage of INTAKE_STAGES) {
          const clock = clocks.find((c) => c.stage === stage)!;
          const rolled = DONE_OF_ROLLUP[stage](w.rollup);
          // Done when, by the page, the rollup and the replay.
          expect(clock.doneAt).toBe(rolled?.toISOString() ?? null);
          expect(replay[stage]?.toISOString() ?? null).toBe(clock.doneAt);
          // Met / missed / not yet, by the page and by the audit's definition.
          expect(clock.dueAt).toBe(w.urgency.due[stage]);
          const delay = tenantDelayMs(holds, w.filedAt, rolled ?? now);
          const audit = deadlineOutcome(Date.parse(w.urgency.due[stage]!), rolled, now, delay).raw;
          expect(clock.state).toBe(audit === null ? 'running' : audit ? 'met' : 'missed');
          // Working days to the stage.
          expect(rolled ? clock.elapsedWorkingDays : null).toBe(DAYS_OF_ROLLUP[stage](w.rollup));
        }
        // The next deadline: stored by the transition, replayed from the events, shown by the page.
        const state = w.state;
        const replayed = nextDeadline(w.urgency, state, replay);
        expect(w.stored).toEqual(replayed);
        const intakeNext = clocks
          .filter((c) => (INTAKE_STAGES as readonly string[]).includes(c.stage) && c.doneAt === null)
          .sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt))[0];
        expect(state === 'closed' ? null : (intakeNext?.stage ?? null)).toBe(w.stored?.stage ?? null);
        if (next && !w.stored) expect(['review_acknowledge', 'review']).toContain(next.stage);
      }),
      { numRuns: 400 },
    );
  });

  // A regression guard: this exact history agreed already (issue 14 had fixed the rollup); the property above
  // is the test that fails on the previous page clocks.
  it('the history of the issue stays agreed: file → acknowledge → assign → check_works on a staff visit', () => {
    const filedAt = Date.UTC(2027, 2, 1, 9);
    // acknowledge after 1 h, assign after 1 h, staff check on site after 2 h: intervention within 24 h.
    const w = walk(filedAt, 0, [
      [0, 60, 0],
      [1, 60, 0],
      [6, 120, 0],
    ]);
    expect(w.events.map((e) => e.action)).toEqual(['file', 'acknowledge', 'assign', 'check_works']);
    const now = new Date(filedAt + 72 * HOUR);
    const { clocks } = clocksOf(calendar, w.urgency, w.events, w.filedAt, now);
    const page = clocks.find((c) => c.stage === 'intervene')!.state;
    const audit = deadlineOutcome(Date.parse(w.urgency.due.intervene!), w.rollup.worksDoneAt, now, 0).raw;
    expect(page).toBe('met');
    expect(audit).toBe(true);
  });

  it('rejected works are not an intervention: the page and the audit both wait for the rework', () => {
    const filedAt = Date.UTC(2027, 2, 1, 9);
    // acknowledge, assign, report done, tenant rejects; nothing after.
    const w = walk(filedAt, 0, [
      [0, 30, 0],
      [1, 30, 0],
      [4, 60, 0],
      [7, 60, 0],
    ]);
    expect(w.events.map((e) => e.action)).toEqual([
      'file',
      'acknowledge',
      'assign',
      'report_done',
      'reject_works',
    ]);
    const now = new Date(filedAt + 72 * HOUR);
    const { clocks } = clocksOf(calendar, w.urgency, w.events, w.filedAt, now);
    expect(clocks.find((c) => c.stage === 'intervene')).toMatchObject({ doneAt: null, state: 'missed' });
    expect(w.rollup.worksDoneAt).toBeNull();
    expect(w.stored?.stage).toBe('intervene');
  });
});
