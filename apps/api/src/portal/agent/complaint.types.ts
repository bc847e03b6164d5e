import type { ComplaintsService } from '@suivi/complaints';
import type { Option } from '../components';
import type { FormState } from '../forms';

/** A complaint as the agent's page shows it. */
export type Detail = Awaited<ReturnType<ComplaintsService['detail']>>;

/** The actions most cases go through, shown open; the others sit in a disclosure each. */
export const MAIN_ACTIONS: readonly string[] = [
  'acknowledge',
  'assign',
  'schedule',
  'check_works',
  'close',
  'reopen',
];

/** What the page knows besides the complaint, for the action forms. */
export interface ActionChoices {
  contractors: Option[];
  levels: Option[];
  timeZone: string;
}

/** When a post was refused: which action, what was typed, and what went wrong. */
export interface Refusal {
  action: string;
  form: FormState;
  message?: string;
}
