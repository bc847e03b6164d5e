import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import { audiencesFor, tenantChannels } from '@suivi/domain';
import type { Channel, NotifiableEvent } from '@suivi/domain';
import { ComplaintFacts } from './complaint-facts';
import { NotificationRepository } from './notification.repository';
import type { NewNotification } from './notification.repository';
import { messageFactsFor } from './message-facts';

/** The event just written, in the transaction that wrote it. */
export interface OutboxEvent extends NotifiableEvent {
  complaintId: string;
  seq: number;
  at: Date;
}

/** A person of an on-call rota to alert: the outbox rows' recipient is the alert (its link acknowledges it). */
export interface OnCallRecipient {
  alertId: string;
  phone: string;
  email: string | null;
}

/** SMS that are not about an emergency wait for daytime: 08:00–21:00 in the landlord's time zone. */
const DAY_STARTS = 8;
const DAY_ENDS = 21;

/** `at` if it is daytime in `timeZone`, else the next 08:00 there. */
export function daytime(at: Date, timeZone: string): Date {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  if (local.hour >= DAY_STARTS && local.hour < DAY_ENDS) return at;
  const morning = local.hour < DAY_STARTS ? local : local.plus({ days: 1 });
  return morning.set({ hour: DAY_STARTS, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}

/**
 * Writes the outbox rows of an event in the caller's transaction: one per recipient and channel, keyed
 * (complaint, seq, audience, recipient, channel) so that writing twice writes once. A rolled-back
 * transition leaves no row. Addresses are the ones on file now; messages are rendered at send time from the
 * facts stored with the row (MessageFacts: the complaint as of the event).
 */
@Injectable()
export class NotificationOutbox {
  constructor(
    @Inject(ComplaintFacts) private readonly complaints: ComplaintFacts,
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
  ) {}

  /**
   * Writes the rows of `event` (already written, in `em`'s transaction) with the facts their messages
   * tell as of it. Answers how many rows were written (0 for an event nobody hears of).
   */
  async record(em: EntityManager, event: OutboxEvent): Promise<number> {
    const audiences = audiencesFor(event);
    if (audiences.length === 0) return 0;
    const facts = await this.complaints.forEvent(em, event.complaintId, event.seq);
    if (!facts) return 0;
    const { recipients: context, snapshot } = facts;
    const rows: NewNotification[] = [];
    const staffLocale = context.country === 'FR' ? 'fr' : 'en';
    // Rank 0 is the most urgent level of a rule set (emergency in the presets): its SMS go day and night.
    const smsAt = context.urgencyRank === 0 ? event.at : daytime(event.at, context.timezone);
    for (const audience of audiences) {
      if (audience === 'tenant' && context.tenant.preferredChannel) {
        const { tenant } = context;
        const channels = tenantChannels(context.tenant.preferredChannel, {
          phone: !!tenant.phone,
          email: !!tenant.email,
          smsOptOut: tenant.smsOptedOut,
        });
        for (const channel of channels) {
          rows.push({
            audience,
            recipientId: '',
            channel,
            address: (channel === 'sms' ? tenant.phone : tenant.email) as string,
            locale: tenant.language ?? staffLocale,
            notBefore: channel === 'sms' ? smsAt : event.at,
          });
        }
      } else if (audience === 'contractor' && context.contractor) {
        const contractor = context.contractor;
        const channel: Channel | null = contractor.email ? 'email' : contractor.phone ? 'sms' : null;
        if (channel) {
          rows.push({
            audience,
            recipientId: contractor.id,
            channel,
            address: (channel === 'email' ? contractor.email : contractor.phone) as string,
            locale: staffLocale,
            notBefore: channel === 'sms' ? smsAt : event.at,
          });
        }
      } else if (audience === 'partner' || audience === 'agent' || audience === 'supervisor') {
        for (const user of await this.complaints.staff(em, audience, context)) {
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
    return this.notifications.insertForEvent(
      em,
      { complaintId: event.complaintId, seq: event.seq, template: event.action },
      rows,
      messageFactsFor(snapshot, event.action),
    );
  }

  /**
   * Writes the on-call duty's messages of event `seq` (on_call_alerted or on_call_escalated, already
   * written in `em`'s transaction): an SMS and, when the person has one, an e-mail to each alerted person,
   * sent at once — staff on call are woken on purpose, so tenant quiet hours never hold these. Answers how
   * many rows were written.
   */
  async recordOnCall(
    em: EntityManager,
    event: { complaintId: string; seq: number; template: string; at: Date },
    recipients: readonly OnCallRecipient[],
  ): Promise<number> {
    const facts = await this.complaints.forEvent(em, event.complaintId, event.seq);
    if (!facts || recipients.length === 0) return 0;
    const locale: 'fr' | 'en' = facts.recipients.country === 'FR' ? 'fr' : 'en';
    // At once: the event's instant, never later than now (an escalation run on a clock ahead sends now too).
    const notBefore = new Date(Math.min(event.at.getTime(), Date.now()));
    const rows: NewNotification[] = recipients.flatMap((r) => [
      {
        audience: 'on_call' as const,
        recipientId: r.alertId,
        channel: 'sms' as const,
        address: r.phone,
        locale,
        notBefore,
      },
      ...(r.email
        ? [
            {
              audience: 'on_call' as const,
              recipientId: r.alertId,
              channel: 'email' as const,
              address: r.email,
              locale,
              notBefore,
            },
          ]
        : []),
    ]);
    return this.notifications.insertForEvent(
      em,
      { complaintId: event.complaintId, seq: event.seq, template: event.template },
      rows,
      messageFactsFor(facts.snapshot, event.template),
    );
  }
}
