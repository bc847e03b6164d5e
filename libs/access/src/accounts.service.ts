import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { verify } from '@node-rs/argon2';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { DomainError, DomainErrorCode, hashToken, looksLikeToken, newToken } from '@suivi/domain';
import { EmailSender } from '@suivi/notifications';
import { AccessRepository } from './access.repository';
import { AuthService } from './auth.service';
import { StaffInvitationsService } from './invitations.service';
import { assertPasswordAllowed, passwordUserInputs } from './password-policy';
import type { StaffContext } from './users.service';
import { UsersService } from './users.service';

/** How long an e-mailed reset link works (OWASP's forgot-password cheat sheet: short-lived). */
export const PASSWORD_RESET_TTL_MS = 3_600_000;
/** Live links a person may be sent per hour, whoever asks: the address cannot be flooded through us. */
export const PASSWORD_RESETS_PER_HOUR = 3;

/** Where a reset link was sent from: the person themself, or an administrator of their landlord. */
type ResetOrigin = { by: 'self' } | { by: 'admin'; adminUserId: string };

/**
 * A person's own password: changing it (the current one required), and resetting it through a single-use,
 * expiring link sent by e-mail — asked for by the person, or sent by an administrator of their landlord.
 * Every change revokes the account's other sessions (a reset: all of them); every new password passes the
 * policy (`password-policy.ts`).
 */
@Injectable()
export class AccountsService {
  private readonly logger = new Logger('AccountsService');

  constructor(
    @Inject(AccessRepository) private readonly repository: AccessRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(EmailSender) private readonly email: EmailSender,
    @Inject(StaffInvitationsService) private readonly invitations: StaffInvitationsService,
  ) {}

  /** The words of an account the policy keeps out of its password: e-mail, name, its landlords' names. */
  async userInputsOf(userId: string): Promise<string[]> {
    const rows = await this.repository.passwordInputRows(userId);
    if (rows.length === 0) return [];
    return passwordUserInputs(rows[0].email, rows[0].display_name, ...rows.map((r) => r.landlord));
  }

  /**
   * Changes the caller's password. 400 (`currentPassword`) when the current one is wrong, 400 (`newPassword`)
   * when the policy refuses the new one. Every other session of the account is revoked; `keepSessionId`
   * (the one making the change) stays open.
   */
  async changePassword(
    userId: string,
    keepSessionId: string,
    currentPassword: string,
    newPassword: string,
  ): Promise<void> {
    const storedHash = await this.repository.activePasswordHash(userId);
    const ok = storedHash !== null ? await verify(storedHash, currentPassword).catch(() => false) : false;
    if (!ok) {
      throw DomainError.invalidInput([
        { field: 'currentPassword', message: 'the current password is wrong' },
      ]);
    }
    assertPasswordAllowed(newPassword, await this.userInputsOf(userId), 'newPassword');
    const passwordHash = await this.auth.hashPassword(newPassword);
    // A reset link sent before the change must not undo it: the repository spends them too.
    await this.repository.changePassword(userId, passwordHash, keepSessionId);
  }

  /**
   * Someone asks for a reset link for `emailInput`. The answer is the same whether or not an account has
   * that address (nothing is returned and nothing waits for the e-mail): the link is sent in the background
   * to an active account only, at most `PASSWORD_RESETS_PER_HOUR` an hour.
   */
  async requestReset(emailInput: string): Promise<void> {
    const email = emailInput.trim().toLowerCase();
    const userId = await this.repository.activeUserIdByEmail(email);
    if (!userId) return;
    // Not awaited: the time to answer must not tell whether the address has an account.
    void this.sendReset(userId, { by: 'self' }).catch((e: Error) =>
      this.logger.error(`password reset e-mail not sent: ${e.message}`),
    );
  }

  /**
   * A landlord administrator sends a reset link to one of their staff accounts: the account's sessions are
   * revoked and its password stops working at once, and the link is e-mailed to it. Refused (403) for accounts that also work elsewhere,
   * 404 for accounts not of this landlord — the same rule as every other staff change. On a pending
   * invitation's id, the invitation is sent again with a new link (the administrator sees the same answer).
   */
  async resetByAdmin(context: StaffContext, userId: string): Promise<void> {
    const { invitation } = await this.users.manageable(context, userId);
    // The old password stops working too: a reset is what an administrator does for a lost or leaked one.
    // (Hashed for an invitation as well, so that the answer takes as long.)
    const unusable = await this.auth.hashPassword(newToken());
    if (invitation) return this.invitations.resend(userId);
    await this.repository.replacePasswordAndRevokeSessions(userId, unusable);
    await this.sendReset(userId, { by: 'admin', adminUserId: context.actorUserId });
  }

  /** Whether a reset link still works (unknown, used and expired ones alike do not), for the reset page. */
  async resetLinkValid(token: string): Promise<boolean> {
    return (await this.resetUserInputs(token)) !== null;
  }

  /** The policy's user inputs of a working reset link's account (for the page's own words), else null. */
  async resetUserInputs(token: string): Promise<string[] | null> {
    if (!looksLikeToken(token)) return null;
    const reset = await this.repository.liveReset(hashToken(token));
    return reset ? this.userInputsOf(reset.user_id) : null;
  }

  /**
   * Sets a new password through a reset link: 404 when the link is unknown, used or expired (the same for
   * all three), 400 (`password`) when the policy refuses it. The link is used up, every other link of the
   * account too, and every session of the account is revoked.
   */
  async resetPassword(token: string, newPassword: string): Promise<void> {
    const gone = () =>
      new DomainError(DomainErrorCode.NotFound, 'This reset link is unknown, used or expired');
    if (!looksLikeToken(token)) throw gone();
    const reset = await this.repository.liveReset(hashToken(token));
    if (!reset) throw gone();
    assertPasswordAllowed(newPassword, await this.userInputsOf(reset.user_id));
    const passwordHash = await this.auth.hashPassword(newPassword);
    // Spending the link is the guard: of two concurrent uses, only the one that marks it goes on.
    const spent = await this.repository.spendResetAndSetPassword(reset.id, reset.user_id, passwordHash);
    if (!spent) throw gone();
  }

  private async sendReset(userId: string, origin: ResetOrigin): Promise<void> {
    if ((await this.repository.resetsInLastHour(userId)) >= PASSWORD_RESETS_PER_HOUR) {
      this.logger.warn('password reset not sent: too many links this hour');
      return;
    }
    const token = newToken();
    const row = await this.repository.insertPasswordReset(
      userId,
      hashToken(token),
      origin.by === 'admin' ? origin.adminUserId : null,
      new Date(Date.now() + PASSWORD_RESET_TTL_MS),
    );
    const link = `${this.config.publicBaseUrl}/reset-password/${token}`;
    await this.email.send(
      {
        to: row.email,
        subject: 'Suivi — réinitialisation de votre mot de passe / password reset',
        text: resetEmailText(row.display_name, link, origin.by === 'admin'),
        // One Message-ID per e-mail (a second reset is a new message, not a copy of the first).
        notificationId: `password-reset.${randomUUID()}`,
      },
      async () => true,
    );
  }
}

/** The reset e-mail, French then English: we do not know a staff member's language. */
function resetEmailText(name: string, link: string, byAdmin: boolean): string {
  return [
    `Bonjour ${name},`,
    '',
    byAdmin
      ? 'Un administrateur de votre bailleur a demandé la réinitialisation de votre mot de passe Suivi ; vos sessions ouvertes ont été fermées.'
      : 'Une réinitialisation de votre mot de passe Suivi a été demandée.',
    'Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, une seule fois) :',
    link,
    'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe ne change pas.',
    '',
    '---',
    '',
    `Hello ${name},`,
    '',
    byAdmin
      ? 'An administrator of your landlord asked to reset your Suivi password; your open sessions have been closed.'
      : 'Someone asked to reset your Suivi password.',
    'To choose a new password, open this link (it works once, for one hour):',
    link,
    'If you did not ask for this, ignore this message: your password does not change.',
  ].join('\n');
}
