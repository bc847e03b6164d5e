import type { EntityManager } from 'typeorm';
import type { ComplaintState, EmailPreference, SmsWindow, TenantPreference } from '@suivi/domain';
import type { EventSnapshot } from './message-facts';

/** Who an event's messages may go to, on file when the event is written. */
export interface RecipientFacts {
  landlordId: string;
  partnerOrganisationId: string | null;
  country: string;
  timezone: string;
  /** The landlord's quiet hours: non-urgent SMS go between these local times (08:00–21:00 if absent). */
  smsWindow?: SmsWindow;
  /** The urgency level's rank (0 = the most urgent level of the rule set), or null. */
  urgencyRank: number | null;
  tenant: {
    phone: string | null;
    email: string | null;
    preferredChannel: TenantPreference | null;
    language: 'fr' | 'en' | null;
    smsOptedOut: boolean;
    /** Which e-mails they want ('all' when absent). */
    emailPreference?: EmailPreference;
  };
  contractor: { id: string; email: string | null; phone: string | null } | null;
}

/** The tenant's contact on file for a re-sent tracking link, and the complaint's last event. */
export interface ResendFacts {
  complaintId: string;
  /** The complaint's last event, null when it has none. */
  seq: number | null;
  country: string;
  phone: string | null;
  email: string | null;
  language: 'fr' | 'en' | null;
  smsOptedOut: boolean;
}

/** What a tenant's "status" text is answered with. */
export interface StatusReplyFacts {
  complaintId: string;
  reference: string;
  state: ComplaintState;
  holdReason: string | null;
  nextDueAt: Date | null;
  language: 'fr' | 'en';
  landlordName: string;
  timeZone: string;
  actions: string[];
}

/** A tenant contact's message preferences, as the preferences page shows them (issue 16, item 5). */
export interface TenantPreferences {
  reference: string;
  landlordName: string;
  language: 'fr' | 'en';
  hasEmail: boolean;
  hasPhone: boolean;
  emailPreference: EmailPreference;
  smsOptedOut: boolean;
}

/** A statement runner: the transaction that wrote the event, or the data source. */
export type Runner = Pick<EntityManager, 'query'>;

/**
 * What the notifications need to know of a complaint, asked of the complaints capability (which owns those
 * tables and implements this port; see ComplaintsModule). The notifications never read complaint-side
 * tables themselves: the outbox is handed the recipients and the facts of an event in the transaction that
 * wrote it, the delivery the live STOP check, the SMS webhooks the opt-out and status-reply facts, the link
 * re-sender the contact on file.
 */
export abstract class ComplaintFacts {
  /**
   * The recipients of an event's messages and the facts the messages tell, read in the transaction that
   * wrote event `seq` (it must be written already). Null when the complaint is gone.
   */
  abstract forEvent(
    em: Runner,
    complaintId: string,
    seq: number,
  ): Promise<{ recipients: RecipientFacts; snapshot: EventSnapshot } | null>;
  /** The complaint as event `seq` left it, read now. Null when the complaint is gone. */
  abstract snapshot(complaintId: string, seq: number): Promise<EventSnapshot | null>;
  /** The active staff of an audience: a partner organisation's partners, or a landlord's agents or supervisors. */
  abstract staff(
    em: Runner,
    audience: 'partner' | 'agent' | 'supervisor',
    recipients: Pick<RecipientFacts, 'landlordId' | 'partnerOrganisationId'>,
  ): Promise<{ id: string; email: string }[]>;
  /** Whether the tenant of a complaint has texted STOP (checked just before an SMS to them is sent). */
  abstract tenantSmsOptedOut(complaintId: string): Promise<boolean>;
  /**
   * The tenant's e-mail on file for complaint `complaintId`, for a failed SMS's fallback; null when they
   * gave none or chose no messages at all.
   */
  abstract tenantFallbackEmail(complaintId: string): Promise<string | null>;
  /**
   * What an agent's resend needs of complaint `complaintId` (issue 16): the tenant's addresses on file now
   * (a corrected number is used), the landlord's time zone and quiet hours, the urgency rank. Null when the
   * complaint is gone.
   */
  abstract resendContext(complaintId: string): Promise<{
    phone: string | null;
    email: string | null;
    timeZone: string;
    smsWindow: SmsWindow;
    urgencyRank: number | null;
  } | null>;
  /**
   * The message preferences of complaint `complaintId`'s tenant contact; null when the complaint is gone or
   * has no contact on file.
   */
  abstract tenantPreferences(complaintId: string): Promise<TenantPreferences | null>;
  /**
   * Changes the preferences of complaint `complaintId`'s tenant contact (that contact only): `email` sets
   * which e-mails they get; `sms` false stops SMS as a STOP does (`sms_opted_out_at`), true resumes them.
   * Answers false when there is no such contact.
   */
  abstract setTenantPreferences(
    complaintId: string,
    change: { email?: EmailPreference; sms?: boolean },
  ): Promise<boolean>;
  /** A STOP texted from `phone` (E.164): every tenant contact with that number stops getting SMS. */
  abstract optOut(phone: string): Promise<void>;
  /** A START texted from `phone` (E.164): SMS resume for every tenant contact with that number. */
  abstract optIn(phone: string): Promise<void>;
  /** The complaint `reference` (canonical) if `phone` (E.164) is its tenant's, with what a status reply tells. */
  abstract forStatusReply(reference: string, phone: string): Promise<StatusReplyFacts | null>;
  /** The tenant's contact on file for complaint `reference` (canonical), or null for an unknown reference. */
  abstract forResend(reference: string): Promise<ResendFacts | null>;
}
