import type { EventAction, Role } from '../complaint/vocabulary';

/**
 * Who hears about an event. Staff are the landlord's agents (the assignees) and supervisors; `on_call` is
 * a person of the landlord's on-call rota (no account needed), written by the on-call duty for the people
 * it alerts (never derived from an event by `audiencesFor`).
 */
export const AUDIENCES = ['tenant', 'partner', 'contractor', 'agent', 'supervisor', 'on_call'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export type TenantPreference = 'sms' | 'email' | 'both' | 'none';

/**
 * Which of their complaint's e-mails a tenant wants (issue 16, item 5; `tenant_contacts.email_preference`):
 * `all` — one at every step (the default); `essential` — only the essential ones (isEssentialForTenant),
 * what a one-click unsubscribe (RFC 8058) leaves; `none` — no e-mail at all.
 */
export const EMAIL_PREFERENCES = ['all', 'essential', 'none'] as const;
export type EmailPreference = (typeof EMAIL_PREFERENCES)[number];

/**
 * The tenant's essential messages: those a tenant who unsubscribed from the others still needs to follow
 * their case — the acknowledgement of receipt (`file`) and the landlord taking it on (`acknowledge`), an
 * appointment (`schedule`, or an assignment that books one), the works reported done that they are asked
 * to confirm (`report_done`), the closing (`close`, `close_without_works`, with how to reopen), and the
 * answer to a review they asked for (`answer_review`); plus the tracking link they asked for again
 * (`tracking_link`, written on request only).
 */
export const ESSENTIAL_TENANT_MESSAGES: readonly string[] = [
  'file',
  'acknowledge',
  'schedule',
  'report_done',
  'close',
  'close_without_works',
  'answer_review',
  'tracking_link',
];

/** Whether a tenant's message about `template` is essential (see ESSENTIAL_TENANT_MESSAGES). */
export function isEssentialForTenant(template: string, withAppointment = false): boolean {
  if (ESSENTIAL_TENANT_MESSAGES.includes(template)) return true;
  return withAppointment && (template === 'assign' || template === 'reassign');
}

/** Whether a tenant with e-mail preference `preference` gets an e-mail about `template`. */
export function tenantWantsEmail(
  preference: EmailPreference,
  template: string,
  withAppointment = false,
): boolean {
  if (preference === 'none') return false;
  return preference === 'all' || isEssentialForTenant(template, withAppointment);
}

/** Events the tenant is told about (and the partner who filed for them). */
const TENANT_EVENTS: readonly EventAction[] = [
  'file',
  'acknowledge',
  'assign',
  'reassign',
  'schedule',
  'report_done',
  'check_works',
  'reject_works',
  'close',
  'close_without_works',
  'reopen',
  'escalate',
  'acknowledge_review',
  'answer_review',
  'note',
];

/**
 * Staff's and contractors' alerts from the sweep: never in the tenant's history or messages (a warning to
 * an agent that a deadline is near is not a step of the tenant's case).
 */
export const INTERNAL_EVENTS: readonly EventAction[] = [
  'deadline_approaching',
  'contractor_chased',
  'on_call_alerted',
  'on_call_escalated',
  'on_call_acknowledged',
];

export interface NotifiableEvent {
  action: EventAction;
  actorRole: Role;
  payload: { [key: string]: unknown };
}

/**
 * The audiences of an event. The tenant is not told what they did themselves except the confirmation of a
 * filing, a reopening or a review request; internal notes reach nobody outside; the contractor hears of
 * its assignment, appointment and chasers; the sweep's warnings go to agents, breaches to supervisors.
 */
export function audiencesFor(event: NotifiableEvent): Audience[] {
  const audiences: Audience[] = [];
  const byTenantSide = event.actorRole === 'tenant' || event.actorRole === 'partner';
  const confirmations: readonly EventAction[] = ['file', 'reopen', 'escalate'];
  const internal = event.action === 'note' && event.payload.visibility !== 'public';
  if (
    TENANT_EVENTS.includes(event.action) &&
    !internal &&
    (!byTenantSide || confirmations.includes(event.action))
  ) {
    audiences.push('tenant', 'partner');
  }
  if (
    ['assign', 'reassign', 'schedule', 'contractor_chased'].includes(event.action) &&
    event.actorRole !== 'contractor'
  ) {
    audiences.push('contractor');
  }
  if (event.action === 'deadline_approaching') audiences.push('agent');
  if (event.action === 'deadline_missed' || event.action === 'escalate') audiences.push('supervisor');
  if (byTenantSide && ['reject_works', 'note'].includes(event.action)) audiences.push('agent');
  return audiences;
}

/**
 * The tenant's channels: what they chose, among the addresses on file; with one address missing, the other
 * one; none when they chose none. SMS is dropped once they texted STOP. `emailOptOut`: this message is one
 * they asked not to get by e-mail (tenantWantsEmail) — e-mail is dropped, and SMS does not stand in for it.
 */
export function tenantChannels(
  preference: TenantPreference,
  has: { phone: boolean; email: boolean; smsOptOut: boolean; emailOptOut?: boolean },
): Channel[] {
  const channels = channelsOnFile(preference, has);
  return has.emailOptOut ? channels.filter((c) => c !== 'email') : channels;
}

function channelsOnFile(
  preference: TenantPreference,
  has: { phone: boolean; email: boolean; smsOptOut: boolean },
): Channel[] {
  if (preference === 'none') return [];
  const sms = has.phone && !has.smsOptOut;
  const wanted: Channel[] =
    preference === 'both' ? ['email', 'sms'] : preference === 'sms' ? ['sms'] : ['email'];
  const possible = wanted.filter((c) => (c === 'sms' ? sms : has.email));
  if (possible.length > 0) return possible;
  if (preference === 'sms' && has.email) return ['email'];
  if (preference === 'email' && sms) return ['sms'];
  return [];
}
