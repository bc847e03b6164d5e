import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import type { ComplaintState, SmsWindow, TenantPreference } from '@suivi/domain';
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

type Runner = Pick<EntityManager, 'query'>;

/** One SELECT list for an EventSnapshot, over `c` (complaints), `l` (landlords) and `e` (the event). */
const EVENT_SNAPSHOT = `json_build_object(
    'reference', c.reference, 'state', e.to_state, 'landlordName', l.name, 'timeZone', l.timezone,
    'nextDueAt', c.next_due_at, 'closedAt', c.closed_at, 'reopenWindowDays', l.reopen_window_days,
    'holdReason', c.hold_reason,
    'appointment', CASE WHEN c.appointment_start IS NOT NULL AND c.appointment_end IS NOT NULL
                   THEN json_build_object('start', c.appointment_start, 'end', c.appointment_end) END,
    'payload', e.payload,
    'actions', ARRAY(SELECT p.action FROM complaint_events p
                      WHERE p.complaint_id = c.id AND p.seq <= e.seq ORDER BY p.seq),
    'workOrderId', (SELECT w.id FROM work_orders w WHERE w.complaint_id = c.id AND w.revoked_at IS NULL
                     ORDER BY w.created_at DESC LIMIT 1)
  )`;

/**
 * The notifications' only reads (and the opt-out's writes) of complaint-side tables: complaints,
 * complaint_events, landlords, tenant_contacts, contractors, work_orders, and the staff directory (users,
 * memberships). Everything else the notifications need is on their own rows.
 */
@Injectable()
export class ComplaintFactsQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The recipients of an event's messages and the facts the messages tell, read in the transaction that
   * wrote event `seq` (it must be written already). Null when the complaint is gone.
   */
  async forEvent(
    em: Runner,
    complaintId: string,
    seq: number,
  ): Promise<{ recipients: RecipientFacts; snapshot: EventSnapshot } | null> {
    const [row]: {
      landlord_id: string;
      partner_organisation_id: string | null;
      timezone: string;
      country: string;
      sms_day_start: string;
      sms_day_end: string;
      urgency_rank: number | null;
      phone_e164: string | null;
      email: string | null;
      preferred_channel: TenantPreference | null;
      language: 'fr' | 'en' | null;
      sms_opted_out_at: Date | null;
      contractor_id: string | null;
      contractor_email: string | null;
      contractor_phone: string | null;
      snapshot: EventSnapshot;
    }[] = await em.query(
      `SELECT c.landlord_id, c.partner_organisation_id, l.timezone, l.country, l.sms_day_start, l.sms_day_end,
              (c.urgency ->> 'rank')::int AS urgency_rank,
              t.phone_e164, t.email, t.preferred_channel, t.language, t.sms_opted_out_at,
              c.contractor_id, k.email AS contractor_email, k.phone_e164 AS contractor_phone,
              ${EVENT_SNAPSHOT} AS snapshot
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN complaint_events e ON e.complaint_id = c.id AND e.seq = $2
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
         LEFT JOIN contractors k ON k.id = c.contractor_id
        WHERE c.id = $1`,
      [complaintId, seq],
    );
    if (!row) return null;
    return {
      recipients: {
        landlordId: row.landlord_id,
        partnerOrganisationId: row.partner_organisation_id,
        country: row.country,
        timezone: row.timezone,
        smsWindow: { start: row.sms_day_start, end: row.sms_day_end },
        urgencyRank: row.urgency_rank,
        tenant: {
          phone: row.phone_e164,
          email: row.email,
          preferredChannel: row.preferred_channel,
          language: row.language,
          smsOptedOut: !!row.sms_opted_out_at,
        },
        contractor: row.contractor_id
          ? { id: row.contractor_id, email: row.contractor_email, phone: row.contractor_phone }
          : null,
      },
      snapshot: row.snapshot,
    };
  }

  /**
   * The complaint as event `seq` left it, read now (a tracking link re-sent; outbox rows written before
   * their facts were stored with them). Null when the complaint is gone.
   */
  async snapshot(complaintId: string, seq: number): Promise<EventSnapshot | null> {
    const [row]: { snapshot: EventSnapshot }[] = await this.db.query(
      `SELECT ${EVENT_SNAPSHOT} AS snapshot
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN complaint_events e ON e.complaint_id = c.id AND e.seq = $2
        WHERE c.id = $1`,
      [complaintId, seq],
    );
    return row?.snapshot ?? null;
  }

  /** The active staff of an audience: a partner organisation's partners, or a landlord's agents or supervisors. */
  staff(
    em: Runner,
    audience: 'partner' | 'agent' | 'supervisor',
    recipients: Pick<RecipientFacts, 'landlordId' | 'partnerOrganisationId'>,
  ): Promise<{ id: string; email: string }[]> {
    if (audience === 'partner') {
      if (!recipients.partnerOrganisationId) return Promise.resolve([]);
      return em.query(
        `SELECT id, email FROM users WHERE partner_organisation_id = $1 AND role = 'partner' AND active`,
        [recipients.partnerOrganisationId],
      );
    }
    return em.query(
      `SELECT DISTINCT u.id, u.email FROM users u JOIN memberships m ON m.user_id = u.id
        WHERE m.landlord_id = $1 AND u.role = $2 AND u.active`,
      [recipients.landlordId, audience],
    );
  }

  /** Whether the tenant of a complaint has texted STOP (checked just before an SMS to them is sent). */
  async tenantSmsOptedOut(complaintId: string): Promise<boolean> {
    const [row]: { opted_out: boolean }[] = await this.db.query(
      `SELECT t.sms_opted_out_at IS NOT NULL AS opted_out
         FROM complaints c JOIN tenant_contacts t ON t.id = c.tenant_contact_id WHERE c.id = $1`,
      [complaintId],
    );
    return row?.opted_out ?? false;
  }

  /**
   * The tenant's e-mail on file for complaint `complaintId`, for a failed SMS's fallback; null when they
   * gave none or chose no messages at all.
   */
  async tenantFallbackEmail(complaintId: string): Promise<string | null> {
    const [row]: { email: string | null }[] = await this.db.query(
      `SELECT t.email FROM complaints c JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE c.id = $1 AND coalesce(t.preferred_channel, '') <> 'none'`,
      [complaintId],
    );
    return row?.email ?? null;
  }

  /**
   * What an agent's resend needs of complaint `complaintId` (issue 16): the tenant's addresses on file now
   * (a corrected number is used), the landlord's time zone and quiet hours, the urgency rank. Null when the
   * complaint is gone.
   */
  async resendContext(complaintId: string): Promise<{
    phone: string | null;
    email: string | null;
    timeZone: string;
    smsWindow: SmsWindow;
    urgencyRank: number | null;
  } | null> {
    const [row]: {
      phone: string | null;
      email: string | null;
      timeZone: string;
      start: string;
      end: string;
      urgencyRank: number | null;
    }[] = await this.db.query(
      `SELECT t.phone_e164 AS phone, t.email, l.timezone AS "timeZone", l.sms_day_start AS start,
              l.sms_day_end AS end, (c.urgency ->> 'rank')::int AS "urgencyRank"
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE c.id = $1`,
      [complaintId],
    );
    if (!row) return null;
    const { start, end, ...rest } = row;
    return { ...rest, smsWindow: { start, end } };
  }

  /** A STOP texted from `phone` (E.164): every tenant contact with that number stops getting SMS. */
  async optOut(phone: string): Promise<void> {
    await this.db.query(
      `UPDATE tenant_contacts SET sms_opted_out_at = now() WHERE phone_e164 = $1 AND sms_opted_out_at IS NULL`,
      [phone],
    );
  }

  /** A START texted from `phone` (E.164): SMS resume for every tenant contact with that number. */
  async optIn(phone: string): Promise<void> {
    await this.db.query(`UPDATE tenant_contacts SET sms_opted_out_at = NULL WHERE phone_e164 = $1`, [phone]);
  }

  /** The complaint `reference` (canonical) if `phone` (E.164) is its tenant's, with what a status reply tells. */
  async forStatusReply(reference: string, phone: string): Promise<StatusReplyFacts | null> {
    const [row]: StatusReplyFacts[] = await this.db.query(
      `SELECT c.id AS "complaintId", c.reference, c.status AS state, c.hold_reason AS "holdReason",
              c.next_due_at AS "nextDueAt", t.language, l.name AS "landlordName", l.timezone AS "timeZone",
              ARRAY(SELECT e.action FROM complaint_events e WHERE e.complaint_id = c.id ORDER BY e.seq) AS actions
         FROM complaints c
         JOIN tenant_contacts t ON t.id = c.tenant_contact_id
         JOIN landlords l ON l.id = c.landlord_id
        WHERE c.reference = $1 AND t.phone_e164 = $2`,
      [reference, phone],
    );
    return row ?? null;
  }

  /** The tenant's contact on file for complaint `reference` (canonical), or null for an unknown reference. */
  async forResend(reference: string): Promise<ResendFacts | null> {
    const [row]: ResendFacts[] = await this.db.query(
      `SELECT c.id AS "complaintId", l.country, t.phone_e164 AS phone, t.email, t.language,
              t.sms_opted_out_at IS NOT NULL AS "smsOptedOut",
              (SELECT max(e.seq) FROM complaint_events e WHERE e.complaint_id = c.id)::int AS seq
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE c.reference = $1`,
      [reference],
    );
    return row ?? null;
  }
}
