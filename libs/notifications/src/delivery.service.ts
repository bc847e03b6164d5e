import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import {
  classifySmtpError,
  classifyTwilioError,
  formatReference,
  renderMessage,
  tenantWantsEmail,
  unsubscribeToken,
} from '@suivi/domain';
import type { ProviderError, SendFailure } from '@suivi/domain';
import { ComplaintFacts } from './complaint-facts';
import { messageFactsFor } from './message-facts';
import type { MessageFacts } from './message-facts';
import { EmailFallback } from './email-fallback';
import { EmailSender } from './email.sender';
import { NotificationRepository } from './notification.repository';
import type { NotificationRow, NotificationStatus } from './notification.repository';
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

/** A row with the facts its message tells. */
type Claimed = NotificationRow & { facts: MessageFacts };

/** The states a delivery job may send from: nothing has been handed to the provider yet. */
const SENDABLE: readonly NotificationStatus[] = ['pending', 'queued', 'retrying'];

/**
 * Sends one outbox row. Reading the row claims nothing: the row becomes 'sending' (its outcome uncertain)
 * only by one conditional update immediately before the provider call for that message — after waiting
 * for a pooled SMTP connection, not before — so a job stopped before that point (a killed worker, a job
 * taken up again) leaves the row retryable, and of two jobs for one row only one sends. 'pending' is
 * sendable too: a job can start before the relay that added it commits (the update then waits for the
 * relay's row lock and re-checks). A row found 'sending' is left alone: its send is under way or its
 * process died, which the reconciliation settles (see DeliveryReconciler). The message is rendered from the
 * facts stored on the row when it was written; only the tenant's STOP is read live, just before an SMS.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('Delivery');

  constructor(
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(ComplaintFacts) private readonly complaints: ComplaintFacts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EmailSender) private readonly email: EmailSender,
    @Inject(SmsSender) private readonly sms: SmsSender,
    @Inject(EmailFallback) private readonly fallback: EmailFallback,
  ) {}

  /**
   * Sends notification `notificationId` once. `lastAttempt`: a transient failure settles the row instead
   * of retrying. @throws RetryLater for a transient failure with attempts left.
   */
  async deliver(notificationId: string, lastAttempt: boolean): Promise<DeliveryOutcome> {
    const row = await this.load(notificationId);
    if (!row) return { skipped: 'missing' };
    if (!SENDABLE.includes(row.status)) return { skipped: row.status };
    if (row.held && row.channel === 'sms') {
      // Held overnight by quiet hours (issue 16): overtaken → not sent; the latest says where the case is.
      const merged = await this.notifications.mergeHeld(row.id, SENDABLE);
      if (!merged) return { skipped: 'taken' };
      if ('superseded' in merged) return { skipped: 'superseded' };
      row.summarises = merged.summarises;
    }
    if (
      row.channel === 'sms' &&
      row.audience === 'tenant' &&
      (await this.complaints.tenantSmsOptedOut(row.complaintId))
    ) {
      await this.finish(
        row.id,
        'suppressed',
        { code: 'opted_out', message: 'the tenant texted STOP' },
        SENDABLE,
      );
      return { done: 'suppressed', code: 'opted_out' };
    }
    if (row.channel === 'email' && row.audience === 'tenant' && !(await this.tenantWantsIt(row))) {
      await this.finish(
        row.id,
        'suppressed',
        { code: 'unsubscribed', message: 'the tenant asked for fewer e-mails' },
        SENDABLE,
      );
      return { done: 'suppressed', code: 'unsubscribed' };
    }
    const message = this.render(row);
    let handed = false;
    const handOver = async () => (handed = await this.markSending(row.id));
    try {
      let providerId: string | null;
      if (row.channel === 'email') {
        providerId = await this.email.send(
          {
            to: row.address,
            ...message,
            notificationId: row.id,
            ...(row.audience === 'tenant' ? { unsubscribeUrl: this.preferencesLink(row.complaintId) } : {}),
          },
          handOver,
        );
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
      await this.notifications.markSent(row.id, providerId);
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
      // A tenant's SMS refused for good: the same news goes by e-mail (issue 16).
      if (state === 'failed' && row.channel === 'sms' && row.audience === 'tenant') {
        await this.fallback.afterSmsFailure(row.id, row.complaintId);
      }
      return { done: state, code: failure.code };
    }
  }

  /**
   * For the reconciliation: the row's channel, address and the text it was sent with (rendered again from
   * the facts stored on the row), or null when the row is gone.
   */
  async preview(
    notificationId: string,
  ): Promise<{ channel: 'email' | 'sms'; address: string; text: string } | null> {
    const row = await this.load(notificationId);
    return row ? { channel: row.channel, address: row.address, text: this.render(row).text } : null;
  }

  /**
   * Whether the tenant still wants this e-mail, read just before it goes (issue 16): a row written before
   * they unsubscribed is not sent when it is not essential. True when the contact is gone.
   */
  private async tenantWantsIt(row: Claimed): Promise<boolean> {
    const preferences = await this.complaints.tenantPreferences(row.complaintId);
    if (!preferences) return true;
    return tenantWantsEmail(preferences.emailPreference, row.template, !!row.facts.appointment);
  }

  /** The tenant's preferences page, which is also the one-click unsubscribe URL (RFC 8058). */
  private preferencesLink(complaintId: string): string {
    return `${this.config.publicBaseUrl}/u/${unsubscribeToken(this.config.linkSecret, complaintId)}`;
  }

  /** The one update that makes a send uncertain; false when another job got there first. */
  private markSending(id: string): Promise<boolean> {
    return this.notifications.markSending(id, SENDABLE);
  }

  /** The row and its message facts: stored with it, or read now for a row written before they were. */
  private async load(id: string): Promise<Claimed | null> {
    const row = await this.notifications.find(id);
    if (!row) return null;
    if (row.facts) return { ...row, facts: row.facts };
    const snapshot = await this.complaints.snapshot(row.complaintId, row.seq);
    return snapshot ? { ...row, facts: messageFactsFor(snapshot, row.template) } : null;
  }

  private finish(
    id: string,
    status: NotificationStatus,
    failure: Pick<SendFailure, 'code' | 'message'>,
    from: readonly NotificationStatus[] = ['sending'],
  ): Promise<void> {
    return this.notifications.finish(id, status, failure, from);
  }

  private render(row: Claimed) {
    const { facts } = row;
    const reference = formatReference(facts.reference);
    return renderMessage(row.audience, row.channel, row.locale, {
      template: row.template,
      reference,
      landlordName: facts.landlordName,
      nextStep: facts.nextStep,
      dueBy: facts.dueBy ? new Date(facts.dueBy) : null,
      appointment: facts.appointment
        ? { start: new Date(facts.appointment.start), end: new Date(facts.appointment.end) }
        : null,
      stage: facts.stage,
      link: messageLink(this.config.publicBaseUrl, this.config.linkSecret, row.audience, {
        complaintId: row.complaintId,
        reference,
        workOrderId: facts.workOrderId,
        recipientId: row.recipientId,
      }),
      timeZone: facts.timeZone,
      reopenableUntil: facts.reopenableUntil ? new Date(facts.reopenableUntil) : null,
      summarises: row.summarises,
      ...(row.audience === 'tenant' && row.channel === 'email'
        ? { preferencesLink: this.preferencesLink(row.complaintId) }
        : {}),
    });
  }
}
