import { TENANT_CAUSED_HOLDS } from '../complaint/vocabulary';
import type { Stage } from './rules';

/**
 * When each stage of a complaint was done, and so which deadline comes next — the one definition that the
 * transition (the stored next deadline and the audit rollup), the tracking and agent pages (stage clocks),
 * the messages, the deadline sweep, the federations' audit and the scale seed all read (issue 15).
 *
 * What completes a stage, and why:
 * - **acknowledge**: the first acknowledgement; or a closing without works (the complaint was answered).
 * - **intervene**: the works that stand. The contractor's first report of works done since the last time
 *   works were withdrawn, or — with no report standing — a check on site by staff (a `check_works` by an
 *   agent or supervisor: the visit is the intervention). A tenant's confirmation never completes it (it
 *   confirms a report). Works are withdrawn — the stage is due again — when they are rejected
 *   (`reject_works`, by the tenant or on a staff visit), when another contractor is (re)assigned, and when
 *   the complaint is reopened (the problem came back). A closing without works completes it.
 *   This follows the Housing Ombudsman's Complaint Handling Code (2024), §5–6: a remedy counts when it is
 *   carried out, and a repair that failed is not a completed repair; and FixMyStreet's states, where a
 *   report marked fixed and then reopened is no longer fixed.
 * - **resolve**: the last closing that was not followed by a reopening.
 *
 * Holds never complete a stage; a documented tenant-caused hold (`TENANT_CAUSED_HOLDS`) is reported as
 * tenant delay beside the stage (see `holdSpans`).
 */
export interface StageProgress {
  acknowledge: Date | null;
  intervene: Date | null;
  resolve: Date | null;
}

/** The stages whose clock starts at filing, in the order a complaint reaches them. */
export const INTAKE_STAGES = ['acknowledge', 'intervene', 'resolve'] as const satisfies readonly Stage[];
export type IntakeStage = (typeof INTAKE_STAGES)[number];

export const NO_STAGE_PROGRESS: StageProgress = Object.freeze({
  acknowledge: null,
  intervene: null,
  resolve: null,
});

/** An event as the stage rules read it (`at`: an instant, ISO 8601 string or Date). */
export interface StageEvent {
  action: string;
  at: Date | string;
  payload: { readonly [key: string]: unknown };
}

/** Roles whose check of the works on site is itself the intervention. */
const STAFF_CHECKERS: readonly string[] = ['agent', 'supervisor'];
/** Actions that withdraw works not yet confirmed (and, for reopen, confirmed ones too). */
const WITHDRAW_WORKS: readonly string[] = ['reject_works', 'assign', 'reassign', 'reopen'];

const instant = (at: Date | string): Date => (at instanceof Date ? at : new Date(at));

/** The progress after one more event of the history (events in order). Pure. */
export function stageProgressAfter(progress: StageProgress, event: StageEvent): StageProgress {
  const at = instant(event.at);
  const next = { ...progress };
  switch (event.action) {
    case 'acknowledge':
      next.acknowledge ??= at;
      break;
    case 'report_done':
      next.intervene ??= at;
      break;
    case 'check_works':
      if (STAFF_CHECKERS.includes(String(event.payload.checkedBy ?? ''))) next.intervene ??= at;
      break;
    case 'close':
      next.resolve = at;
      break;
    case 'close_without_works':
      next.acknowledge ??= at;
      next.intervene ??= at;
      next.resolve = at;
      break;
    default:
      break;
  }
  if (WITHDRAW_WORKS.includes(event.action)) next.intervene = null;
  if (event.action === 'reopen') next.resolve = null;
  return next;
}

/** The progress of a whole history (events in order, the filing first or not). */
export function stageProgressOf(events: readonly StageEvent[]): StageProgress {
  let progress: StageProgress = NO_STAGE_PROGRESS;
  for (const event of events) progress = stageProgressAfter(progress, event);
  return progress;
}

/**
 * The next deadline still to meet: the first intake stage, in order, that the complaint's urgency decision
 * dates (`due`: ISO 8601 instants, UTC, fixed at intake or by an override) and that is not done. Null once
 * closed, with no urgency decision, or with every dated stage done.
 */
export function nextDeadline(
  urgency: { due: Partial<Record<Stage, string>> } | null,
  state: string,
  progress: StageProgress,
): { stage: IntakeStage; at: string } | null {
  if (!urgency || state === 'closed') return null;
  for (const stage of INTAKE_STAGES) {
    const at = urgency.due[stage];
    if (at && !progress[stage]) return { stage, at };
  }
  return null;
}

/**
 * Whether the landlord has acknowledged a complaint yet, read from the one definition of stage progress and
 * the next deadline (`stageProgressOf`, `nextDeadline`), for the people who wait on it (partners):
 * - `answered`: the acknowledge stage is done (`at`: when);
 * - `due`: not yet, and the acknowledgement deadline (`by`, ISO 8601 UTC) has not passed at `now`;
 * - `overdue`: not yet, and that deadline passed (`since`: the deadline) — the only case to flag as late;
 * - `undated`: not yet, and no acknowledgement deadline applies (no urgency decision, or none for the stage).
 * Pure.
 */
export type AcknowledgementState =
  | { kind: 'answered'; at: string }
  | { kind: 'due'; by: string }
  | { kind: 'overdue'; since: string }
  | { kind: 'undated' };

export function acknowledgementState(
  urgency: { due: Partial<Record<Stage, string>> } | null,
  state: string,
  progress: StageProgress,
  now: Date,
): AcknowledgementState {
  if (progress.acknowledge) return { kind: 'answered', at: progress.acknowledge.toISOString() };
  const next = nextDeadline(urgency, state, progress);
  if (!next || next.stage !== 'acknowledge') return { kind: 'undated' };
  return now.getTime() > Date.parse(next.at)
    ? { kind: 'overdue', since: next.at }
    : { kind: 'due', by: next.at };
}

/**
 * The stage-2 review of the latest request (`escalate`): when it started, when the landlord acknowledged
 * the request (`acknowledge_review`, or a written answer straight away) and when it answered
 * (`answer_review`). All null with no request.
 */
export function reviewProgressOf(events: readonly StageEvent[]): {
  startedAt: Date | null;
  review_acknowledge: Date | null;
  review: Date | null;
} {
  const start = events.findLastIndex((event) => event.action === 'escalate');
  if (start < 0) return { startedAt: null, review_acknowledge: null, review: null };
  const after = events.slice(start + 1);
  const first = (actions: readonly string[]) => {
    const done = after.find((event) => actions.includes(event.action));
    return done ? instant(done.at) : null;
  };
  return {
    startedAt: instant(events[start].at),
    review_acknowledge: first(['acknowledge_review', 'answer_review']),
    review: first(['answer_review']),
  };
}

/** Whether a hold reason is the tenant's doing (no access, the tenant asked): the only delay deducted. */
export const isTenantCausedHold = (reason: string | null | undefined): boolean =>
  (TENANT_CAUSED_HOLDS as readonly string[]).includes(String(reason ?? ''));

/** A documented hold: from the `hold` event to its `release`, or to the closing (`to` null: still on). */
export interface HoldSpan {
  from: Date;
  to: Date | null;
  reason: string;
  tenantCaused: boolean;
}

/**
 * The documented holds of a history, in order. A hold ends at its release or at the closing (closing
 * clears the hold in the state machine). The stage clocks and the audit both read this list.
 */
export function holdSpans(events: readonly StageEvent[]): HoldSpan[] {
  const spans: HoldSpan[] = [];
  let open: HoldSpan | null = null;
  for (const event of events) {
    if (event.action === 'hold') {
      if (open) open.to = instant(event.at);
      const reason = String(event.payload.holdReason ?? '');
      open = { from: instant(event.at), to: null, reason, tenantCaused: isTenantCausedHold(reason) };
      spans.push(open);
    } else if (
      (event.action === 'release' || event.action === 'close' || event.action === 'close_without_works') &&
      open
    ) {
      open.to = instant(event.at);
      open = null;
    }
  }
  return spans;
}
