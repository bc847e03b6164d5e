import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { TRACKING_LINK_TEMPLATE } from '@suivi/domain';
import type { Channel } from '@suivi/domain';

interface OnFile {
  id: string;
  seq: number | null;
  country: string;
  phone_e164: string | null;
  email: string | null;
  language: 'fr' | 'en' | null;
  sms_opted_out_at: Date | null;
}

/**
 * The channel the link goes by: the one asked for when it is on file (an SMS only to a phone that has not
 * texted STOP), else the other one on file; with no preference, SMS first (it is where tenants look), else
 * e-mail. Null when nothing is on file.
 */
export function resendChannel(
  asked: Channel | undefined,
  onFile: { phone: boolean; email: boolean; smsOptOut: boolean },
): Channel | null {
  const sms = onFile.phone && !onFile.smsOptOut;
  if (asked === 'email' && onFile.email) return 'email';
  if (asked === 'sms' && sms) return 'sms';
  if (sms) return 'sms';
  return onFile.email ? 'email' : null;
}

/**
 * Re-sends a tenant's tracking link to the contact on file (issue 14, J5), never to an address given with
 * the request. The link is the one every message carries: it is derived from the complaint (deriveToken),
 * so re-sending it mints nothing and revokes nothing. The message is one outbox row (template
 * `tracking_link`, the tenant's language, sent at once — the tenant asked for it), keyed by the request's
 * own id in `request_key`, so it is queued by the relay, survives a lost queue, and is sent once.
 * The caller limits requests; this answers whether a row was written, which the caller must not reveal.
 */
@Injectable()
export class TrackingLinkResender {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * `reference`: the canonical reference (parseReference's output, no dashes). `asked`: the channel the
   * person prefers, if any. `requestId`: the request's id (a fresh UUID when omitted).
   * Returns true when a message was queued, false for an unknown reference or no contact on file.
   */
  async resend(reference: string, asked?: Channel, requestId: string = randomUUID()): Promise<boolean> {
    const [row]: OnFile[] = await this.db.query(
      `SELECT c.id, l.country, t.phone_e164, t.email, t.language, t.sms_opted_out_at,
              (SELECT max(e.seq) FROM complaint_events e WHERE e.complaint_id = c.id)::int AS seq
         FROM complaints c
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE c.reference = $1`,
      [reference],
    );
    if (!row || row.seq === null) return false;
    const channel = resendChannel(asked, {
      phone: !!row.phone_e164,
      email: !!row.email,
      smsOptOut: !!row.sms_opted_out_at,
    });
    if (!channel) return false;
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO notifications
              (complaint_id, seq, template, audience, recipient_id, channel, address, locale, not_before, request_key)
       VALUES ($1, $2, $3, 'tenant', '', $4, $5, $6, now(), $7)
       ON CONFLICT ON CONSTRAINT "UQ_notifications_idempotency" DO NOTHING
       RETURNING id`,
      [
        row.id,
        row.seq,
        TRACKING_LINK_TEMPLATE,
        channel,
        channel === 'sms' ? row.phone_e164 : row.email,
        row.language ?? (row.country === 'FR' ? 'fr' : 'en'),
        requestId,
      ],
    );
    return inserted.length === 1;
  }
}
