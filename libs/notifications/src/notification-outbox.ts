import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import {
  DEFAULT_SMS_WINDOW,
  audiencesFor,
  minutesOfDay,
  tenantChannels,
  tenantWantsEmail,
} from '@suivi/domain';
import type { Channel, NotifiableEvent, SmsWindow } from '@suivi/domain';
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

/**
 * SMS that are not about an emergency wait for daytime in the landlord's time zone: `at` if it falls in
 * `window` (local `HH:MM`, start included, end excluded; 08:00–21:00 unless the landlord set other hours),
 * else the window's next start there (today's before it, tomorrow's after it). A start that does not exist
 * that day (a DST gap) moves forward, as luxon does.
 */
export function daytime(at: Date, timeZone: string, window: SmsWindow = DEFAULT_SMS_WINDOW): Date {
  const local = DateTime.fromJSDate(at, { zone: timeZone });
  // A stored window is valid (validateSmsWindow); an unreadable one falls back to the default.
  const start = minutesOfDay(window.start) ?? (minutesOfDay(DEFAULT_SMS_WINDOW.start) as number);
  const end = minutesOfDay(window.end) ?? (minutesOfDay(DEFAULT_SMS_WINDOW.end) as number);
  const now = local.hour * 60 + local.minute;
  if (now >= start && now < end) return at;
  const morning = now < start ? local : local.plus({ days: 1 });
  return morning
    .set({ hour: Math.floor(start / 60), minute: start % 60, second: 0, millisecond: 0 })
    .toJSDate();
}

/**
 * Writes the outbox rows of an event in the caller's transaction: one per recipient and channel, keyed
 * (complaint, seq, audience, recipient, channel) so that writing twice writes once. A rolled-back
 * transition leaves no row. A tenant's e-mail preference (all, essential only, none) is applied here: a
 * message they do not want by e-mail gets no e-mail row. Addresses are the ones on file now; messages are rendered at send time from the
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
    const smsAt =
      context.urgencyRank === 0 ? event.at : daytime(event.at, context.timezone, context.smsWindow);
    // Held for the morning: such SMS are merged when a later one overtakes them (see NotificationRelay).
    const held = smsAt.getTime() > event.at.getTime();
    for (const audience of audiences) {
      if (audience === 'tenant' && context.tenant.preferredChannel) {
        const { tenant } = context;
        const channels = tenantChannels(context.tenant.preferredChannel, {
          phone: !!tenant.phone,
          email: !!tenant.email,
          smsOptOut: tenant.smsOptedOut,
          // Unsubscribed from e-mails that are not essential (issue 16), or from all of them.
          emailOptOut: !tenantWantsEmail(
            tenant.emailPreference ?? 'all',
            event.action,
            !!snapshot.appointment,
          ),
        });
        for (const channel of channels) {
          rows.push({
            audience,
            recipientId: '',
            channel,
            address: (channel === 'sms' ? tenant.phone : tenant.email) as string,
            locale: tenant.language ?? staffLocale,
            notBefore: channel === 'sms' ? smsAt : event.at,
            held: channel === 'sms' && held,
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
            held: channel === 'sms' && held,
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
            held: false,
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
        // Sent at once: never held for the tenants' quiet hours.
        held: false,
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
              held: false,
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
