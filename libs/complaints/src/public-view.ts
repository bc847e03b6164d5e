import { INTERNAL_EVENTS, formatReference, nextStep, nextStepAfter } from '@suivi/domain';
import type { ComplaintState } from '@suivi/domain';
import type { WorkingCalendar } from '@suivi/calendar';
import type { AppConfig } from '@suivi/config';
import type { LinkedComplaintRow } from './complaint.queries';
import type { StoredEvent } from './event-store';
import { clocksOf } from './stage-clocks';
import type { RecordedUrgency } from './urgency.service';

export interface PublicTimelineEntry {
  seq: number;
  at: string;
  action: string;
  status: string;
  /** A role, never a person. */
  by: string;
  text: string | null;
  /** Present (true) on a note recorded as a visit finding: what was seen at the tenant's home. */
  visit?: true;
}

export interface PublicView {
  reference: string;
  status: ComplaintState;
  version: number;
  landlord: string;
  landlordCode: string;
  /** The landlord's time zone: dates are shown in it. */
  timeZone: string;
  category: string;
  filedAt: string;
  closedAt: string | null;
  onHold: string | null;
  appointment: { start: string; end: string } | null;
  /** Who acts next, and by when the next stage is due (null without an urgency decision). */
  nextStep: (NonNullable<ReturnType<typeof nextStep>> & { dueBy: string | null }) | null;
  timeline: PublicTimelineEntry[];
  rating: number | null;
  urgency: Pick<
    RecordedUrgency,
    'level' | 'explanation' | 'tenantResponsibility' | 'ruleSetVersion' | 'due'
  > | null;
  /**
   * How to reach the landlord without the link: the number to call (the agency's, else the landlord's;
   * E.164) and the number to text STATUT to (the landlord's; null: the platform's sender, if numeric), and
   * whether the tenant left a phone or an e-mail (recovery by "last digits" needs one). No personal data.
   */
  contact: { phone: string | null; sms: string | null; tenantHasPhone: boolean; tenantHasEmail: boolean };
}

/** The platform's SMS sender when it is a number a person can text (not an alphanumeric sender id). */
function platformSmsNumber(config: AppConfig): string | null {
  const from = config.notifications.twilio?.from;
  return from && /^\+[1-9]\d{6,14}$/.test(from) ? from : null;
}

/**
 * The public view of a complaint, for its tenant, contractor or partner: no names, phones, emails, internal
 * notes or staff identities. `events`: its history, oldest first; `calendar`: its landlord's (the next
 * step's date is the page clocks' next deadline, in the landlord's time zone). Pure.
 */
export function publicViewOf(
  row: LinkedComplaintRow,
  events: StoredEvent[],
  calendar: WorkingCalendar,
  config: AppConfig,
): PublicView {
  return {
    reference: formatReference(row.reference),
    status: row.status,
    version: row.version,
    landlord: row.landlord_name,
    landlordCode: row.landlord_code,
    timeZone: row.timezone,
    category: row.category,
    filedAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    onHold: row.hold_reason,
    appointment:
      row.appointment_start && row.appointment_end
        ? { start: row.appointment_start.toISOString(), end: row.appointment_end.toISOString() }
        : null,
    nextStep: nextStepWithDate(row, events, calendar),
    // Why the complaint has its urgency, in the rules' own words, and the dates they set.
    urgency: row.urgency
      ? {
          level: row.urgency.level,
          explanation: row.urgency.explanation,
          tenantResponsibility: row.urgency.tenantResponsibility,
          ruleSetVersion: row.urgency.ruleSetVersion,
          due: row.urgency.due,
        }
      : null,
    contact: {
      phone: row.contact_phone ?? null,
      sms: row.sms_number ?? platformSmsNumber(config),
      tenantHasPhone: row.tenant_has_phone ?? false,
      tenantHasEmail: row.tenant_has_email ?? false,
    },
    timeline: events
      .filter((e) => e.action !== 'note' || e.texts.public !== undefined)
      .filter((e) => !(INTERNAL_EVENTS as readonly string[]).includes(e.action))
      .map((e) => ({
        seq: e.seq,
        at: e.at,
        action: e.action,
        status: e.toState,
        by: e.actorRole,
        text: e.texts.public ?? null,
        ...(e.action === 'note' && e.payload.visit === true ? { visit: true as const } : {}),
      })),
    rating: row.rating,
  };
}

/** Who acts next, and by when the rules say the next stage is due. */
function nextStepWithDate(
  row: LinkedComplaintRow,
  events: Parameters<typeof clocksOf>[2],
  calendar: WorkingCalendar,
) {
  const step = nextStepAfter(
    row.status,
    row.hold_reason,
    events.map((e) => e.action),
  );
  // A step that is the tenant's own carries no landlord deadline.
  if (!step || !row.urgency || step.by === 'tenant') return step && { ...step, dueBy: null };
  const { next } = clocksOf(calendar, row.urgency, events, row.created_at, new Date());
  return { ...step, dueBy: next?.dueAt ?? null };
}
