import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import {
  classifySmtpError,
  classifyTwilioError,
  formatReference,
  nextDeadline,
  nextStepAfter,
  stageProgressOf,
  renderMessage,
} from '@suivi/domain';
import type { Audience, ComplaintState, ProviderError, SendFailure, Stage, StageEvent } from '@suivi/domain';
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
  /** The row's delivery state when read. */
  status: string;
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
  state: ComplaintState;
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
  /** The same events as the stage rules read them (action, time, who checked works): the next deadline. */
  history: StageEvent[];
}

/** The states a delivery job may send from: nothing has been handed to the provider yet. */
const SENDABLE = ['pending', 'queued', 'retrying'];

/**
 * Sends one outbox row. Reading the row claims nothing: the row becomes 'sending' (its outcome uncertain)
 * only by one conditional update immediately before the provider call for that message — after waiting
 * for a pooled SMTP connection, not before — so a job stopped before that point (a killed worker, a job
 * taken up again) leaves the row retryable, and of two jobs for one row only one sends. 'pending' is
 * sendable too: a job can start before the relay that added it commits (the update then waits for the
 * relay's row lock and re-checks). A row found 'sending' is left alone: its send is under way or its
 * process died, which the reconciliation settles (see DeliveryReconciler).
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
    const row = await this.load(notificationId);
    if (!row) return { skipped: 'missing' };
    if (!SENDABLE.includes(row.status)) return { skipped: row.status };
    if (row.channel === 'sms' && row.audience === 'tenant' && row.sms_opted_out_at) {
      await this.finish(
        row.id,
        'suppressed',
        { code: 'opted_out', message: 'the tenant texted STOP' },
        SENDABLE,
      );
      return { done: 'suppressed', code: 'opted_out' };
    }
    const message = this.render(row);
    let handed = false;
    const handOver = async () => (handed = await this.markSending(row.id));
    try {
      let providerId: string | null;
      if (row.channel === 'email') {
        providerId = await this.email.send({ to: row.address, ...message, notificationId: row.id }, handOver);
      } else {
        providerId = (await handOver())
          ? await this.sms.send({
              to: row.address,
              body: message.text,
              ...(this.sms.configured
                ? { statusCallback: `${this.config.publicBaseUrl}/webhooks/twilio/status` }
                : {}),
            })
          : null;
      }
      if (providerId === null) return { skipped: 'taken' };
      await this.db.query(
        `UPDATE notifications SET status = 'sent', provider_id = $2, sent_at = now(), updated_at = now(),
                error_code = NULL, error = NULL
          WHERE id = $1 AND status = 'sending'`,
        [row.id, providerId],
      );
      return { done: 'sent', providerId };
    } catch (e) {
      // Nothing reached the provider (the database failed before the send): the job's own retry redoes it.
      if (!handed) throw e;
      const error = e as ProviderError;
      const failure = row.channel === 'email' ? classifySmtpError(error) : classifyTwilioError(error);
      if (failure.kind === 'transient' && !lastAttempt) {
        await this.finish(row.id, 'retrying', failure);
        throw new RetryLater(failure);
      }
      const state = failure.kind === 'unclear' ? 'unknown' : 'failed';
      await this.finish(row.id, state, failure);
      this.logger.warn(`Notification ${row.id} ${state}: ${failure.code} ${failure.message}`);
      return { done: state, code: failure.code };
    }
  }

  /**
   * For the reconciliation: the row's channel, address and the text it was sent with (rendered again from
   * the same facts), or null when the row is gone.
   */
  async preview(
    notificationId: string,
  ): Promise<{ channel: 'email' | 'sms'; address: string; text: string } | null> {
    const row = await this.load(notificationId);
    return row ? { channel: row.channel, address: row.address, text: this.render(row).text } : null;
  }

  /** The one update that makes a send uncertain; false when another job got there first. */
  private async markSending(id: string): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.db.query(
      `UPDATE notifications SET status = 'sending', attempts = attempts + 1, updated_at = now()
        WHERE id = $1 AND status = ANY($2::text[]) RETURNING id`,
      [id, SENDABLE],
    );
    return rows.length === 1;
  }

  private async load(id: string): Promise<Claimed | null> {
    const [row]: Claimed[] = await this.db.query(
      `SELECT n.id, n.status, n.complaint_id, n.seq, n.audience, n.recipient_id, n.channel, n.address, n.locale,
              n.template, c.reference, e.to_state AS state, c.urgency, c.appointment_start, c.appointment_end,
              l.name AS landlord_name, l.timezone, e.payload, t.sms_opted_out_at,
              (SELECT w.id FROM work_orders w WHERE w.complaint_id = c.id AND w.revoked_at IS NULL
                ORDER BY w.created_at DESC LIMIT 1) AS work_order_id,
              ARRAY(SELECT p.action FROM complaint_events p
                     WHERE p.complaint_id = n.complaint_id AND p.seq <= n.seq ORDER BY p.seq) AS actions,
              (SELECT coalesce(jsonb_agg(jsonb_build_object('action', p.action, 'at', p.at,
                        'payload', jsonb_build_object('checkedBy', p.payload -> 'checkedBy')) ORDER BY p.seq), '[]')
                 FROM complaint_events p WHERE p.complaint_id = n.complaint_id AND p.seq <= n.seq) AS history
         FROM notifications n
         JOIN complaints c ON c.id = n.complaint_id
         JOIN landlords l ON l.id = c.landlord_id
         LEFT JOIN complaint_events e ON e.complaint_id = n.complaint_id AND e.seq = n.seq
         LEFT JOIN tenant_contacts t ON t.id = c.tenant_contact_id
        WHERE n.id = $1`,
      [id],
    );
    return row ?? null;
  }

  private async finish(
    id: string,
    status: string,
    failure: Pick<SendFailure, 'code' | 'message'>,
    from: string[] = ['sending'],
  ): Promise<void> {
    await this.db.query(
      `UPDATE notifications SET status = $2, error_code = $3, error = $4, updated_at = now()
        WHERE id = $1 AND status = ANY($5::text[])`,
      [id, status, failure.code, failure.message.slice(0, 1000), from],
    );
  }

  private render(row: Claimed) {
    const sweep = row.template.startsWith('deadline_') || row.template === 'contractor_chased';
    const step = nextStepAfter(row.state, null, row.actions ?? []);
    const dueAt = sweep
      ? row.payload?.dueAt
      : nextDeadline(row.urgency, row.state, stageProgressOf(row.history ?? []))?.at;
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
