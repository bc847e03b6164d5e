import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { DomainError, DomainErrorCode, readUnsubscribeToken, unsubscribeToken } from '@suivi/domain';
import type { EmailPreference } from '@suivi/domain';
import { ComplaintFacts } from './complaint-facts';
import type { TenantPreferences } from './complaint-facts';

const NO_MATCH = () => new DomainError(DomainErrorCode.NotFound, 'No such link');

/**
 * A tenant's message preferences behind the link of every e-mail to them (issue 16, item 5): the
 * List-Unsubscribe URL `/u/<token>` (RFC 2369) whose POST is the one-click unsubscribe (RFC 8058), and whose
 * page lets them choose which e-mails they get and whether SMS go. The token (unsubscribeToken) opens that
 * complaint's tenant contact's preferences, nothing of the case; any other token is NotFound.
 */
@Injectable()
export class MessagePreferences {
  constructor(
    @Inject(ComplaintFacts) private readonly complaints: ComplaintFacts,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The preferences page's link of complaint `complaintId`. */
  linkOf(complaintId: string): string {
    return `${this.config.publicBaseUrl}/u/${unsubscribeToken(this.config.linkSecret, complaintId)}`;
  }

  /** The preferences `token` opens. @throws DomainError NotFound for a token Suivi did not issue. */
  async view(token: string): Promise<TenantPreferences> {
    const id = this.complaintOf(token);
    const preferences = await this.complaints.tenantPreferences(id);
    if (!preferences) throw NO_MATCH();
    return preferences;
  }

  /**
   * The one-click unsubscribe (RFC 8058): only the essential e-mails go on (a tenant who chose none keeps
   * none). Idempotent. @throws DomainError NotFound for a token Suivi did not issue.
   */
  async unsubscribe(token: string): Promise<void> {
    const current = await this.view(token);
    if (current.emailPreference === 'all') await this.change(token, { email: 'essential' });
  }

  /**
   * Sets the preferences `token` opens: which e-mails, and whether SMS go (false = as a STOP; true resumes
   * them). @throws DomainError NotFound for a token Suivi did not issue.
   */
  async change(token: string, change: { email?: EmailPreference; sms?: boolean }): Promise<void> {
    if (!(await this.complaints.setTenantPreferences(this.complaintOf(token), change))) throw NO_MATCH();
  }

  private complaintOf(token: string): string {
    const id = readUnsubscribeToken(this.config.linkSecret, token);
    if (!id) throw NO_MATCH();
    return id;
  }
}
