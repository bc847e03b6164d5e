import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TRACKING_LINK_TEMPLATE } from '@suivi/domain';
import type { Channel } from '@suivi/domain';
import { ComplaintFacts } from './complaint-facts';
import { NotificationRepository } from './notification.repository';
import { messageFactsFor } from './message-facts';

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
  constructor(
    @Inject(ComplaintFacts) private readonly complaints: ComplaintFacts,
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
  ) {}

  /**
   * `reference`: the canonical reference (parseReference's output, no dashes). `asked`: the channel the
   * person prefers, if any. `requestId`: the request's id (a fresh UUID when omitted).
   * Returns true when a message was queued, false for an unknown reference or no contact on file.
   */
  async resend(reference: string, asked?: Channel, requestId: string = randomUUID()): Promise<boolean> {
    const row = await this.complaints.forResend(reference);
    if (!row || row.seq === null) return false;
    const channel = resendChannel(asked, {
      phone: !!row.phone,
      email: !!row.email,
      smsOptOut: row.smsOptedOut,
    });
    if (!channel) return false;
    // What the message tells, as of the complaint's last event (the row's `seq`), stored with it.
    const snapshot = await this.complaints.snapshot(row.complaintId, row.seq);
    return this.notifications.insertRequested({
      complaintId: row.complaintId,
      seq: row.seq,
      template: TRACKING_LINK_TEMPLATE,
      channel,
      address: (channel === 'sms' ? row.phone : row.email) as string,
      locale: row.language ?? (row.country === 'FR' ? 'fr' : 'en'),
      requestKey: requestId,
      facts: snapshot && messageFactsFor(snapshot, TRACKING_LINK_TEMPLATE),
    });
  }
}
