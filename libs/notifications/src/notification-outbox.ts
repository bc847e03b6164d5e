import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import { audiencesFor, tenantChannels } from '@suivi/domain';
import type { Audience, Channel, NotifiableEvent, TenantPreference } from '@suivi/domain';

/** The event just written, in the transaction that wrote it. */
export interface OutboxEvent extends NotifiableEvent {
  complaintId: string;
  seq: number;
  at: Date;
}

interface Context {
  landlord_id: string;
  partner_organisation_id: string | null;
  timezone: string;
  country: string;
  urgency_rank: number | null;
  phone_e164: string | null;
  email: string | null;
  preferred_channel: TenantPreference | null;
  language: 'fr' | 'en' | null;
  sms_opted_out_at: Date | null;
  contractor_id: string | null;
  contractor_email: string | null;
  contractor_phone: string | null;
}

interface Row {
  audience: Audience;
  recipientId: string;
  channel: Channel;
  address: string;
  locale: 'fr' | 'en';
  notBefore: Date;
}

/** SMS that are not about an emergency wait for daytime: 08:00–21:00 in the landlord's time zone. */
const DAY_STARTS = 8;
const DAY_ENDS = 21;

export function daytime(at: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (local.hour >= DAY_STARTS && local.hour < DAY_ENDS) return at;
  const morning = local.hour < DAY_STARTS ? local : local.plus({ days: 1 });
  return morning.set({ hour: DAY_STARTS, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}

/**
 * Writes the outbox rows of an event in the caller's transaction: one per recipient and channel, keyed
 * (complaint, seq, audience, recipient, channel) so that writing twice writes once. A rolled-back
 * transition leaves no row. Addresses are the ones on file now; messages are rendered at send time.
 */
@Injectable()
export class NotificationOutbox {
  async record(em: EntityManager, event: OutboxEvent): Promise<number> {
    const audiences = audiencesFor(event);
    if (audiences.length === 0) return 0;
    const [context]: Context[] = await em.query(
      `SELECT c.landlord_id, c.partner_organisation_id, l.timezone, l.country,
              (c.urgency ->> 'rank')::int AS urgency_rank,
              t.phone_e164, t.email, t.preferred_channel, t.language, t.sms_opted_out_at,
              c.contractor_id, k.email AS contractor_email, k.phone_e164 AS contractor_phone
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
         LEFT JOIN contractors k ON k.id = c.contractor_id
        WHERE c.id = $1`,
      [event.complaintId],
    );
    if (!context) return 0;
    const rows: Row[] = [];
    const staffLocale = context.country === 'FR' ? 'fr' : 'en';
    // Rank 0 is the most urgent level of a rule set (emergency in the presets): its SMS go day and night.
    const smsAt = context.urgency_rank === 0 ? event.at : daytime(event.at, context.timezone);
    for (const audience of audiences) {
      if (audience === 'tenant' && context.preferred_channel) {
        const channels = tenantChannels(context.preferred_channel, {
          phone: !!context.phone_e164,
          email: !!context.email,
          smsOptOut: !!context.sms_opted_out_at,
        });
        for (const channel of channels) {
          rows.push({
            audience,
            recipientId: '',
            channel,
            address: (channel === 'sms' ? context.phone_e164 : context.email) as string,
            locale: context.language ?? staffLocale,
            notBefore: channel === 'sms' ? smsAt : event.at,
          });
        }
      } else if (audience === 'contractor' && context.contractor_id) {
        const channel: Channel | null = context.contractor_email
          ? 'email'
          : context.contractor_phone
            ? 'sms'
            : null;
        if (channel) {
          rows.push({
            audience,
            recipientId: context.contractor_id,
            channel,
            address: (channel === 'email' ? context.contractor_email : context.contractor_phone) as string,
            locale: staffLocale,
            notBefore: channel === 'sms' ? smsAt : event.at,
          });
        }
      } else if (audience === 'partner' || audience === 'agent' || audience === 'supervisor') {
        for (const user of await this.staff(em, audience, context)) {
          rows.push({
            audience,
            recipientId: user.id,
            channel: 'email',
            address: user.email,
            locale: staffLocale,
            notBefore: event.at,
          });
        }
      }
    }
    if (rows.length === 0) return 0;
    const inserted: unknown[] = await em.query(
      `INSERT INTO notifications (complaint_id, seq, template, audience, recipient_id, channel, address, locale, not_before)
       SELECT $1, $2, $3, r.* FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
              AS r(audience, recipient_id, channel, address, locale, not_before)
       ON CONFLICT ON CONSTRAINT "UQ_notifications_idempotency" DO NOTHING
       RETURNING id`,
      [
        event.complaintId,
        event.seq,
        event.action,
        rows.map((r) => r.audience),
        rows.map((r) => r.recipientId),
        rows.map((r) => r.channel),
        rows.map((r) => r.address),
        rows.map((r) => r.locale),
        rows.map((r) => r.notBefore),
      ],
    );
    return inserted.length;
  }

  private staff(
    em: EntityManager,
    audience: 'partner' | 'agent' | 'supervisor',
    context: Context,
  ): Promise<{ id: string; email: string }[]> {
    if (audience === 'partner') {
      if (!context.partner_organisation_id) return Promise.resolve([]);
      return em.query(
        `SELECT id, email FROM users WHERE partner_organisation_id = $1 AND role = 'partner' AND active`,
        [context.partner_organisation_id],
      );
    }
    return em.query(
      `SELECT DISTINCT u.id, u.email FROM users u JOIN memberships m ON m.user_id = u.id
        WHERE m.landlord_id = $1 AND u.role = $2 AND u.active`,
      [context.landlord_id, audience],
    );
  }
}
