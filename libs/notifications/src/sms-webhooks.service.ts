import { Inject, Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import {
  OPT_IN_REPLY,
  UNKNOWN_SMS_REPLY,
  formatReference,
  nextStepAfter,
  findReference,
  renderStatusReply,
} from '@suivi/domain';
import { ComplaintFacts } from './complaint-facts';
import { messageLink } from './notification-links';
import { EmailFallback } from './email-fallback';
import { NotificationRepository } from './notification.repository';

/**
 * How far along a delivery state is: a callback moves a message only forward (never `sent` after
 * `delivered`, say). States Suivi sets before the provider answers rank 0.
 */
const RANK: Record<string, number> = {
  sending: 0,
  unknown: 0,
  sent: 1,
  delivered: 2,
  undelivered: 2,
  failed: 2,
};

const STOP_WORDS = ['STOP', 'ARRET', 'ARRÊT', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'];
const START_WORDS = ['START', 'UNSTOP', 'YES'];

export type InboundReply = {
  reply: string | null;
  effect: 'status' | 'unknown' | 'opt_out' | 'opt_in' | 'replay';
};

/** Twilio's webhooks: delivery status callbacks and inbound texts, each handled once per message. */
@Injectable()
export class SmsWebhooksService {
  constructor(
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(ComplaintFacts) private readonly complaints: ComplaintFacts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EmailFallback) private readonly fallback: EmailFallback,
  ) {}

  /** False when this (message, status) was already handled. */
  private firstTime(kind: 'sms_status' | 'sms_inbound', key: string): Promise<boolean> {
    return this.notifications.firstReceipt(kind, key);
  }

  async statusCallback(input: {
    messageSid: string;
    status: string;
    errorCode?: string;
  }): Promise<'updated' | 'ignored'> {
    const rank = RANK[input.status];
    // The states this callback may move a message from: those ranked below it.
    const from = Object.keys(RANK).filter((state) => RANK[state] < rank);
    if (!rank || !(await this.firstTime('sms_status', `${input.messageSid}:${input.status}`)))
      return 'ignored';
    const moved = await this.notifications.applyDeliveryReport({
      providerId: input.messageSid,
      status: input.status,
      errorCode: input.errorCode ?? null,
      from,
    });
    // The carrier could not deliver it (`undelivered`) or Twilio gave up (`failed`): tell the tenant by
    // e-mail instead (issue 16).
    if (moved && (input.status === 'failed' || input.status === 'undelivered')) {
      await this.fallback.afterReport(input.messageSid);
    }
    return moved ? 'updated' : 'ignored';
  }

  async inbound(input: { messageSid: string; from: string; body: string }): Promise<InboundReply> {
    if (!(await this.firstTime('sms_inbound', input.messageSid))) return { reply: null, effect: 'replay' };
    // The sender in the E.164 form contacts are stored in (+262692…, as filing reads a Réunion mobile).
    const parsedFrom = parsePhoneNumberFromString(input.from);
    input = { ...input, from: parsedFrom?.isValid() ? parsedFrom.number : input.from };
    const words = input.body.normalize('NFKC').trim().toUpperCase();
    if (STOP_WORDS.includes(words)) {
      await this.complaints.optOut(input.from);
      // Twilio confirms STOP itself and would not deliver a reply anyway.
      return { reply: null, effect: 'opt_out' };
    }
    if (START_WORDS.includes(words)) {
      await this.complaints.optIn(input.from);
      return { reply: OPT_IN_REPLY, effect: 'opt_in' };
    }
    // The reference anywhere in the text: `Statut : REF`, a trailing emoji, a sentence around it.
    const reference = findReference(input.body);
    if (!reference) return { reply: UNKNOWN_SMS_REPLY, effect: 'unknown' };
    const row = await this.complaints.forStatusReply(reference, input.from);
    // Another phone, or no such complaint: the same answer, with no data.
    if (!row) return { reply: UNKNOWN_SMS_REPLY, effect: 'unknown' };
    const formatted = formatReference(row.reference);
    const reply = renderStatusReply(row.language, row.state, {
      template: 'status',
      reference: formatted,
      landlordName: row.landlordName,
      nextStep: nextStepAfter(row.state, row.holdReason, row.actions)?.step ?? null,
      dueBy: row.nextDueAt,
      appointment: null,
      stage: null,
      link: messageLink(this.config.publicBaseUrl, this.config.linkSecret, 'tenant', {
        complaintId: row.complaintId,
        reference: formatted,
        workOrderId: null,
      }),
      timeZone: row.timeZone,
    });
    return { reply, effect: 'status' };
  }

  /** TwiML for Twilio: one message back, or none. */
  twiml(reply: string | null): string {
    const response = new twilio.twiml.MessagingResponse();
    if (reply) response.message(reply);
    return response.toString();
  }
}
