import type { Stage } from './rules';

const STAGE_ORDER: readonly Stage[] = ['acknowledge', 'intervene', 'resolve'];

/** The stage a complaint in this state is working towards, when nothing more precise is known. */
export const STAGE_OF_STATE: Record<string, Stage | null> = {
  received: 'acknowledge',
  acknowledged: 'intervene',
  assigned: 'intervene',
  works_checked: 'resolve',
  closed: null,
};

/**
 * The next stage still due after an action, and when: acknowledging (or reopening) moves on to intervening,
 * the works reported or checked to resolving, closing ends the clocks. Stages a level does not set are skipped.
 */
export function nextDue(
  urgency: { due: Partial<Record<Stage, string>> } | null,
  state: string,
  action: string,
  current: Stage | null,
): { stage: Stage; at: string } | null {
  if (!urgency || state === 'closed') return null;
  let from: Stage | null = current;
  if (action === 'file') from = 'acknowledge';
  else if (action === 'acknowledge' || action === 'reopen') from = 'intervene';
  else if (action === 'report_done' || action === 'check_works' || state === 'works_checked')
    from = 'resolve';
  if (!from) return null;
  for (const stage of STAGE_ORDER.slice(STAGE_ORDER.indexOf(from))) {
    const at = urgency.due[stage];
    if (at) return { stage, at };
  }
  return null;
}

/** An event as the stage rules read it. */
export interface StageEvent {
  action: string;
  payload: { readonly [key: string]: unknown };
}

const STAFF_CHECKERS: readonly string[] = ['agent', 'supervisor'];

/**
 * Whether an event completes a stage whose clock starts at filing. The one definition the tracking page's
 * clocks, the sweep and the federations' audit rollup all read.
 * - acknowledge: acknowledged, or closed without works;
 * - intervene: the contractor reported the works done, or staff checked them on a visit (a check_works by
 *   an agent or supervisor; the tenant's confirmation is not an intervention — it follows a report), or
 *   closed without works;
 * - resolve: closed, with or without works.
 */
export function completesStage(stage: Stage, event: StageEvent): boolean {
  switch (event.action) {
    case 'acknowledge':
      return stage === 'acknowledge';
    case 'report_done':
      return stage === 'intervene';
    case 'check_works':
      return stage === 'intervene' && STAFF_CHECKERS.includes(String(event.payload.checkedBy ?? ''));
    case 'close':
      return stage === 'resolve';
    case 'close_without_works':
      return stage === 'acknowledge' || stage === 'intervene' || stage === 'resolve';
    default:
      return false;
  }
}
