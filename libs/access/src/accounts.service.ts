import { Inject, Injectable, Logger } from '@nestjs/common';
import { verify } from '@node-rs/argon2';
import { DomainError, DomainErrorCode, fieldError, hashToken, looksLikeToken, newToken } from '@suivi/domain';
import { AccessRepository } from './access.repository';
import { AuthService } from './auth.service';
import { StaffInvitationsService } from './invitations.service';
import { PasswordLinksService } from './password-links.service';
import { assertPasswordAllowed, passwordUserInputs } from './password-policy';
import type { StaffContext } from './staff-accounts.service';
import { StaffAccountsService } from './staff-accounts.service';

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
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(StaffAccountsService) private readonly staff: StaffAccountsService,
    @Inject(PasswordLinksService) private readonly links: PasswordLinksService,
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
        fieldError('currentPassword', 'wrongPassword', 'the current password is wrong'),
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
    void this.links
      .send(userId, { by: 'self' })
      .catch((e: Error) => this.logger.error(`password reset e-mail not sent: ${e.message}`));
  }

  /**
   * A landlord administrator sends a reset link to one of their staff accounts: the account's sessions are
   * revoked and its password stops working at once, and the link is e-mailed to it. Refused (403) for accounts that also work elsewhere,
   * 404 for accounts not of this landlord — the same rule as every other staff change. On a pending
   * invitation's id, the invitation is sent again with a new link (the administrator sees the same answer).
   */
  async resetByAdmin(context: StaffContext, userId: string): Promise<void> {
    const { invitation } = await this.staff.manageable(context, userId);
    // The old password stops working too: a reset is what an administrator does for a lost or leaked one.
    // (Hashed for an invitation as well, so that the answer takes as long.)
    const unusable = await this.auth.hashPassword(newToken());
    if (invitation) return this.invitations.resend(userId);
    await this.repository.replacePasswordAndRevokeSessions(userId, unusable);
    await this.links.send(userId, { by: 'admin', adminUserId: context.actorUserId });
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
}
