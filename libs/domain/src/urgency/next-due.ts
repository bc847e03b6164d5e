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
