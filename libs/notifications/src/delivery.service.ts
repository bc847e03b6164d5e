import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import {
  classifySmtpError,
  classifyTwilioError,
  formatReference,
  STAGE_OF_STATE,
  nextDue,
  nextStepAfter,
  renderMessage,
} from '@suivi/domain';
import type { Audience, ComplaintState, ProviderError, SendFailure, Stage } from '@suivi/domain';
import { EmailSender } from './email.sender';
import { SmsSender } from './sms.sender';
import { messageLink } from './notification-links';

/** What a processor did with a job: the result BullMQ records. */
export type DeliveryOutcome =
  | { done: 'sent'; providerId: string }
  | { done: 'failed' | 'unknown' | 'suppressed'; code: string }
  | { skipped: string };

/** Thrown for a transient failure with attempts left: BullMQ retries the job with backoff. */
export class RetryLater extends Error {
  constructor(readonly failure: SendFailure) {
    super(`${failure.code}: ${failure.message}`);
  }
}

interface Claimed {
  id: string;
  complaint_id: string;
  seq: number;
  audience: Audience;
  recipient_id: string;
  channel: 'email' | 'sms';
  address: string;
  locale: 'fr' | 'en';
  template: string;
  reference: string;
  /** The state the event left the complaint in: the message tells that moment, not a later one. */
  status: ComplaintState;
  urgency: { due: Partial<Record<Stage, string>> } | null;
  appointment_start: Date | null;
  appointment_end: Date | null;
  landlord_name: string;
  timezone: string;
  payload: { stage?: string; dueAt?: string };
  sms_opted_out_at: Date | null;
  work_order_id: string | null;
  /** The complaint's event actions up to this one, oldest first: the next step as of this moment. */
  actions: string[];
}

/**
 * Sends one outbox row. The row is claimed with a conditional update, so a job delivered twice sends once.
 * 'pending' is claimable too: a job can start before the relay that added it commits, and only a row whose
 * snapshot matches is waited for (PostgreSQL then re-checks it once the relay commits 'queued');
 * a row found mid-send (its process died after or during the provider call) is marked `unknown` for
 * reconciliation and never sent again blindly.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('Delivery');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EmailSender) private readonly email: EmailSender,
    @Inject(SmsSender) private readonly sms: SmsSender,
  ) {}

  async deliver(notificationId: string, lastAttempt: boolean): Promise<DeliveryOutcome> {
    const [claimed]: Claimed[] = await this.db.query(
      `WITH n AS (
         UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
          WHERE id = $1 AND status IN ('pending', 'queued', 'retrying')
          RETURNING *
       )
       SELECT n.id, n.complaint_id, n.seq, n.audience, n.recipient_id, n.channel, n.address, n.locale, n.template,
              c.reference, e.to_state AS status, c.urgency, c.appointment_start, c.appointment_end,
              l.name AS landlord_name, l.timezone, e.payload, t.sms_opted_out_at,
              (SELECT w.id FROM work_orders w WHERE w.complaint_id = c.id AND w.revoked_at IS NULL
                ORDER BY w.created_at DESC LIMIT 1) AS work_order_id,
              ARRAY(SELECT p.action FROM complaint_events p
                     WHERE p.complaint_id = n.complaint_id AND p.seq <= n.seq ORDER BY p.seq) AS actions
         FROM n
         JOIN complaints c ON c.id = n.complaint_id
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN complaint_events e ON e.complaint_id = n.complaint_id AND e.seq = n.seq
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id`,
      [notificationId],
    );
    if (!claimed) return this.notClaimed(notificationId);
    if (claimed.channel === 'sms' && claimed.audience === 'tenant' && claimed.sms_opted_out_at) {
      await this.finish(claimed.id, 'suppressed', { code: 'opted_out', message: 'the tenant texted STOP' });
      return { done: 'suppressed', code: 'opted_out' };
    }
    const message = this.render(claimed);
    try {
      const providerId =
        claimed.channel === 'email'
          ? await this.email.send({ to: claimed.address, ...message, notificationId: claimed.id })
          : await this.sms.send({
              to: claimed.address,
              body: message.text,
              ...(this.sms.configured
                ? { statusCallback: `${this.config.publicBaseUrl}/webhooks/twilio/status` }
                : {}),
            });
      await this.db.query(
        `UPDATE notifications SET status = 'sent', provider_id = $2, sent_at = now(), updated_at = now(),
                error_code = NULL, error = NULL
          WHERE id = $1 AND status = 'sending'`,
        [claimed.id, providerId],
      );
      return { done: 'sent', providerId };
    } catch (e) {
      const error = e as ProviderError;
      const failure = claimed.channel === 'email' ? classifySmtpError(error) : classifyTwilioError(error);
      if (failure.kind === 'transient' && !lastAttempt) {
        await this.finish(claimed.id, 'retrying', failure);
        throw new RetryLater(failure);
      }
      const state = failure.kind === 'unclear' ? 'unknown' : 'failed';
      await this.finish(claimed.id, state, failure);
      this.logger.warn(`Notification ${claimed.id} ${state}: ${failure.code} ${failure.message}`);
      return { done: state, code: failure.code };
    }
  }

  private async notClaimed(id: string): Promise<DeliveryOutcome> {
    // Still 'sending': an earlier attempt stopped after it began talking to the provider.
    // TypeORM answers an UPDATE with [rows, count].
    const [[row]]: [{ status: string }[], number] = await this.db.query(
      `UPDATE notifications SET status = CASE WHEN status = 'sending' THEN 'unknown' ELSE status END,
              error_code = CASE WHEN status = 'sending' THEN 'interrupted' ELSE error_code END,
              error = CASE WHEN status = 'sending' THEN 'the sending process stopped mid-send; check the provider before resending' ELSE error END,
              updated_at = now()
        WHERE id = $1 RETURNING status`,
      [id],
    );
    return { skipped: row?.status ?? 'missing' };
  }

  private async finish(
    id: string,
    status: string,
    failure: Pick<SendFailure, 'code' | 'message'>,
  ): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET status = $2, error_code = $3, error = $4, updated_at = now()
        WHERE id = $1 AND status = 'sending'`,
      [id, status, failure.code, failure.message.slice(0, 1000)],
    );
  }

  private render(row: Claimed) {
    const sweep = row.template.startsWith('deadline_') || row.template === 'contractor_chased';
    const step = nextStepAfter(row.status, null, row.actions ?? []);
    const dueAt = sweep
      ? row.payload?.dueAt
      : nextDue(row.urgency, row.status, row.template, STAGE_OF_STATE[row.status] ?? null)?.at;
    const reference = formatReference(row.reference);
    return renderMessage(row.audience, row.channel, row.locale, {
      template: row.template,
      reference,
      landlordName: row.landlord_name,
      nextStep: step?.step ?? null,
      dueBy: dueAt ? new Date(dueAt) : null,
      appointment:
        row.appointment_start && row.appointment_end
          ? { start: row.appointment_start, end: row.appointment_end }
          : null,
      stage: row.payload?.stage ?? null,
      link: messageLink(this.config.publicBaseUrl, this.config.linkSecret, row.audience, {
        complaintId: row.complaint_id,
        reference,
        workOrderId: row.work_order_id,
      }),
      timeZone: row.timezone,
    });
  }
}
