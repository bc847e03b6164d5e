import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
import type { ComplaintState } from '@suivi/domain';
import { messageLink } from './notification-links';

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
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** False when this (message, status) was already handled. */
  private async firstTime(kind: 'sms_status' | 'sms_inbound', key: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO webhook_receipts (kind, key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING key`,
      [kind, key.slice(0, 80)],
    );
    return rows.length > 0;
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
    // TypeORM answers an UPDATE with [rows, count].
    const [rows]: [unknown[], number] = await this.db.query(
      `UPDATE notifications
          SET status = $2::varchar, updated_at = now(),
              delivered_at = CASE WHEN $2::varchar = 'delivered' THEN now() ELSE delivered_at END,
              error_code = CASE WHEN $3::text IS NULL THEN error_code ELSE 'twilio_' || $3 END
        WHERE provider_id = $1 AND status = ANY($4::text[])
        RETURNING id`,
      [input.messageSid, input.status, input.errorCode ?? null, from],
    );
    return rows.length > 0 ? 'updated' : 'ignored';
  }

  async inbound(input: { messageSid: string; from: string; body: string }): Promise<InboundReply> {
    if (!(await this.firstTime('sms_inbound', input.messageSid))) return { reply: null, effect: 'replay' };
    // The sender in the E.164 form contacts are stored in (+262692…, as filing reads a Réunion mobile).
    const parsedFrom = parsePhoneNumberFromString(input.from);
    input = { ...input, from: parsedFrom?.isValid() ? parsedFrom.number : input.from };
    const words = input.body.normalize('NFKC').trim().toUpperCase();
    if (STOP_WORDS.includes(words)) {
      await this.db.query(
        `UPDATE tenant_contacts SET sms_opted_out_at = now() WHERE phone_e164 = $1 AND sms_opted_out_at IS NULL`,
        [input.from],
      );
      // Twilio confirms STOP itself and would not deliver a reply anyway.
      return { reply: null, effect: 'opt_out' };
    }
    if (START_WORDS.includes(words)) {
      await this.db.query(`UPDATE tenant_contacts SET sms_opted_out_at = NULL WHERE phone_e164 = $1`, [
        input.from,
      ]);
      return { reply: OPT_IN_REPLY, effect: 'opt_in' };
    }
    // The reference anywhere in the text: `Statut : REF`, a trailing emoji, a sentence around it.
    const reference = findReference(input.body);
    if (!reference) return { reply: UNKNOWN_SMS_REPLY, effect: 'unknown' };
    const [row]: {
      id: string;
      reference: string;
      status: ComplaintState;
      hold_reason: string | null;
      next_due_at: Date | null;
      appointment_start: Date | null;
      appointment_end: Date | null;
      language: 'fr' | 'en';
      landlord_name: string;
      timezone: string;
      actions: string[];
    }[] = await this.db.query(
      `SELECT c.id, c.reference, c.status, c.hold_reason, c.next_due_at, c.appointment_start, c.appointment_end,
              t.language, l.name AS landlord_name, l.timezone,
              ARRAY(SELECT e.action FROM complaint_events e WHERE e.complaint_id = c.id ORDER BY e.seq) AS actions
         FROM complaints c
         JOIN tenant_contacts t ON t.id = c.tenant_contact_id
         JOIN landlords l ON l.id = c.landlord_id
        WHERE c.reference = $1 AND t.phone_e164 = $2`,
      [reference, input.from],
    );
    // Another phone, or no such complaint: the same answer, with no data.
    if (!row) return { reply: UNKNOWN_SMS_REPLY, effect: 'unknown' };
    const formatted = formatReference(row.reference);
    const reply = renderStatusReply(row.language, row.status, {
      template: 'status',
      reference: formatted,
      landlordName: row.landlord_name,
      nextStep: nextStepAfter(row.status, row.hold_reason, row.actions)?.step ?? null,
      dueBy: row.next_due_at,
      appointment: null,
      stage: null,
      link: messageLink(this.config.publicBaseUrl, this.config.linkSecret, 'tenant', {
        complaintId: row.id,
        reference: formatted,
        workOrderId: null,
      }),
      timeZone: row.timezone,
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
