import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '@suivi/persistence';
import { DeliveryService } from './delivery.service';
import { DELIVERY_ATTEMPTS } from './notification-relay';
import { NotificationRepository } from './notification.repository';
import type { UnknownRow } from './notification.repository';
import { SmsSender } from './sms.sender';

/** What one reconciliation pass did (for logs and tests). */
export interface ReconcileReport {
  /** 'sending' rows whose process stopped mid-send, now 'unknown'. */
  interrupted: number;
  /** SMS found at the provider: marked sent with the provider's id. */
  foundSent: number;
  /** Sent again: e-mails (same Message-ID), and SMS the provider does not have. */
  resent: number;
  /** Left 'unknown' for this pass: the provider could not be asked, or the sends ran out. */
  left: number;
}

/**
 * Settles uncertain sends instead of leaving them (policy in the README, "Delivery once"):
 * - a row still 'sending' after twice the provider timeout lost its process mid-send: it becomes 'unknown';
 * - an 'unknown' SMS is looked up at Twilio (message list filtered by To and DateSent since the row was
 *   written, matched on the text): found, it is 'sent' with Twilio's sid; not found, it goes back to the
 *   outbox and is sent again;
 * - an 'unknown' e-mail goes back to the outbox: it is sent again with the same Message-ID (derived from
 *   the notification id), which mail systems take for the same message;
 * - after DELIVERY_ATTEMPTS sends a row stays 'unknown' for an agent to decide (the complaint page shows it
 *   and offers "send again").
 * A row is reconciled one provider timeout after it became unknown, so a provider that took it has listed
 * it. Every change is a conditional update, so several workers may reconcile at once.
 */
@Injectable()
export class DeliveryReconciler {
  private readonly logger = new Logger('Reconcile');

  constructor(
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DeliveryService) private readonly delivery: DeliveryService,
    @Inject(SmsSender) private readonly sms: SmsSender,
  ) {}

  /** One reconciliation pass over at most `limit` unknown rows; never throws for one row's failure. */
  async reconcile(limit = 500): Promise<ReconcileReport> {
    const timeout = this.config.delivery.providerTimeoutMs;
    const report: ReconcileReport = { interrupted: 0, foundSent: 0, resent: 0, left: 0 };
    report.interrupted = await this.notifications.markInterrupted(2 * timeout);
    const rows = await this.notifications.unknownDue(timeout, DELIVERY_ATTEMPTS, limit);
    for (const row of rows) {
      try {
        const outcome = row.channel === 'sms' ? await this.settleSms(row) : await this.resend(row.id);
        if (outcome === 'found') report.foundSent++;
        else if (outcome === 'resent') report.resent++;
      } catch (e) {
        report.left++;
        this.logger.warn(`Notification ${row.id} still unclear: ${(e as Error).message}`);
      }
    }
    if (report.interrupted + report.foundSent + report.resent > 0) {
      this.logger.log(
        `Reconciled: ${report.interrupted} interrupted, ${report.foundSent} found sent, ${report.resent} sent again`,
      );
    }
    return report;
  }

  private async settleSms(row: UnknownRow): Promise<'found' | 'resent' | 'gone'> {
    const message = await this.delivery.preview(row.id);
    if (!message) return 'gone';
    const since = new Date(row.createdAt.getTime() - 60_000);
    const until = new Date(Date.now() + 60_000);
    const sids = await this.sms.findSent({ to: message.address, body: message.text }, since, until);
    for (const sid of sids) {
      try {
        return (await this.notifications.markFoundSent(row.id, sid)) ? 'found' : 'gone';
      } catch (e) {
        // That sid is another notification's (the same words to the same number): try the next one.
        if (pgErrorCode(e) !== PG_UNIQUE_VIOLATION) throw e;
      }
    }
    return this.resend(row.id);
  }

  private async resend(id: string): Promise<'resent' | 'gone'> {
    return (await this.notifications.resendUnknown(id)) ? 'resent' : 'gone';
  }
}
