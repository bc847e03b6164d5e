import { Inject, Injectable, Logger } from '@nestjs/common';
import { ComplaintFacts } from './complaint-facts';
import { NotificationRepository } from './notification.repository';

/**
 * A tenant whose SMS ended `failed` (refused at sending) or `undelivered` (the carrier's report) is not left
 * without news (issue 16): the same message — same event, template and stored facts — goes by e-mail to
 * the address on file, once per SMS, unless the tenant gave none, chose no messages, or that event already
 * had an e-mail to them.
 */
@Injectable()
export class EmailFallback {
  private readonly logger = new Logger('EmailFallback');

  constructor(
    @Inject(NotificationRepository) private readonly notifications: NotificationRepository,
    @Inject(ComplaintFacts) private readonly complaints: ComplaintFacts,
  ) {}

  /**
   * Writes the e-mail for SMS row `smsId` of complaint `complaintId` (the relay sends it). Answers whether
   * one was written; false for a row that is not a tenant's failed SMS, or when nothing is due.
   */
  async afterSmsFailure(smsId: string, complaintId: string): Promise<boolean> {
    const email = await this.complaints.tenantFallbackEmail(complaintId);
    if (!email) return false;
    const written = await this.notifications.insertEmailFallback(smsId, email);
    if (written) this.logger.log(`SMS ${smsId} failed: the tenant is told by e-mail instead`);
    return written;
  }

  /** The same, for the SMS a provider's delivery report names (`providerId`). */
  async afterReport(providerId: string): Promise<boolean> {
    const row = await this.notifications.byProviderId(providerId);
    if (!row || row.audience !== 'tenant' || row.channel !== 'sms') return false;
    return this.afterSmsFailure(row.id, row.complaintId);
  }
}
