import { Inject, Injectable } from '@nestjs/common';
import { ComplaintFacts } from './complaint-facts';
import { DeliveryService } from './delivery.service';
import { messageFactsFor } from './message-facts';
import { daytime } from './notification-outbox';
import { NotificationRepository } from './notification.repository';
import type { NotificationStatus } from './notification.repository';

/**
 * The states an agent may send a message again from: `unknown` (after checking it did not arrive),
 * `failed` and `undelivered` (after correcting the address on file).
 */
export const RESENDABLE: readonly NotificationStatus[] = ['unknown', 'failed', 'undelivered'];

/** What an agent's resend will send, and when. */
export interface ResendPlan {
  id: string;
  status: 'pending';
  channel: 'email' | 'sms';
  /** When it goes (ISO): now, or the start of the landlord's SMS day for a non-urgent SMS at night. */
  sendAt: string;
  /** Whether it waits for the end of the landlord's quiet hours. */
  heldForQuietHours: boolean;
  /** The message as it will be sent: the case as it stands now. */
  text: string;
}

/**
 * An agent sends a message again (issue 16). The message goes to the address on file now (a corrected
 * number or e-mail is used), tells the case as it stands now (the recipient's latest message, written as
 * "where the case stands" when the case moved on since), and a non-urgent SMS respects the landlord's quiet
 * hours like any other.
 */
@Injectable()
export class NotificationResender {
  constructor(
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(ComplaintFacts) private readonly complaints: ComplaintFacts,
    @Inject(DeliveryService) private readonly delivery: DeliveryService,
  ) {}

  /**
   * Puts notification `id` back in the outbox. Answers what will be sent and when, or `{ refused }` with
   * the row's status when it is not in a resendable state (or null when the row is gone).
   */
  async resend(id: string, now = new Date()): Promise<ResendPlan | { refused: string } | null> {
    const row = await this.notifications.find(id);
    if (!row) return null;
    if (!RESENDABLE.includes(row.status)) return { refused: row.status };
    // An on-call alert goes to whoever was on call then; the escalation, not a resend, wakes the next one.
    if (row.audience === 'on_call') return { refused: 'on_call' };
    const context = await this.complaints.resendContext(row.complaintId);
    if (!context) return null;
    let address = row.address;
    if (row.audience === 'tenant') {
      address = (row.channel === 'sms' ? context.phone : context.email) ?? row.address;
    }
    const latest = await this.notifications.latestFor(row.complaintId, row.audience, row.recipientId);
    const movedOn = latest !== null && latest.seq > row.seq;
    let facts = movedOn ? latest.facts : row.facts;
    if (movedOn && facts === null) {
      const snapshot = await this.complaints.snapshot(row.complaintId, latest.seq);
      facts = snapshot ? messageFactsFor(snapshot, latest.template) : null;
    }
    const sendAt =
      row.channel === 'sms' && context.urgencyRank !== 0
        ? daytime(now, context.timeZone, context.smsWindow)
        : now;
    const held = sendAt.getTime() > now.getTime();
    const requeued = await this.notifications.requeue(id, RESENDABLE, {
      address,
      notBefore: sendAt,
      held,
      template: movedOn ? latest.template : row.template,
      facts,
      summarises: movedOn ? Math.max(1, row.summarises) : row.summarises,
    });
    if (!requeued) return { refused: (await this.notifications.find(id))?.status ?? 'gone' };
    const preview = await this.delivery.preview(id);
    return {
      id,
      status: 'pending',
      channel: row.channel,
      sendAt: sendAt.toISOString(),
      heldForQuietHours: held,
      text: preview?.text ?? '',
    };
  }

  /** The text notification `id` is (or will be) sent with, as rendered now from its row; null when gone. */
  async preview(id: string): Promise<string | null> {
    return (await this.delivery.preview(id))?.text ?? null;
  }
}
