import type { ComplaintsService } from '@suivi/complaints';
import type { Option } from '../components';
import type { FormState } from '../forms';

/** A complaint as the agent's page shows it. */
export type Detail = Awaited<ReturnType<ComplaintsService['detail']>>;

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
