import { Inject, Injectable } from '@nestjs/common';
import { hash, verify } from '@node-rs/argon2';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { AccessRepository } from './access.repository';
import { AttemptLimiter } from './attempt-limiter';
import type { Membership, StaffRole, UserPrincipal } from './principal';
import { hashToken, looksLikeToken, newToken } from '@suivi/domain';

export const SESSION_TTL_MS = 12 * 3_600_000;
/** The roles REQUIRE_2FA_FOR_ADMINS makes enrol two-factor sign-in. */
export const ADMIN_ROLES: readonly StaffRole[] = ['platform_admin', 'landlord_admin'];
/**
 * Sign-in limits, counted before the password is checked (so a parallel burst cannot get more evaluations):
 * - one (account, address) pair gets `perPair` attempts per window, then that pair is refused — an
 *   attacker's lock never keeps the account's owner out from another address;
 * - one address gets `perAddress` attempts per window across accounts;
 * - one account gets `accountFree` attempts per window from anywhere, then is slowed down (one attempt per
 *   `accountBaseDelayMs`, doubling each time, at most `accountMaxDelayMs`) rather than locked for everyone.
 * A successful sign-in gives its attempt back.
 */
export const SIGN_IN_LIMITS = {
  perPair: 5,
  perAddress: 20,
  windowMs: 15 * 60_000,
  accountFree: 10,
  accountBaseDelayMs: 10_000,
  accountMaxDelayMs: 15 * 60_000,
  /** While the account is slowed, this many addresses new to it still get one attempt each at once. */
  accountFirstsFromNewAddresses: 10,
};

export class SignInThrottled extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed sign-ins; try again later');
  }
}

export interface SignedIn {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  principal: UserPrincipal;
}

/** Passwords are argon2id; a hash of a fixed string is verified for unknown accounts so timing says nothing. */
@Injectable()
export class AuthService {
  private readonly decoy = hash('suivi-decoy-password');

  constructor(
    @Inject(AccessRepository) private readonly repository: AccessRepository,
    @Inject(AttemptLimiter) private readonly attempts: AttemptLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** REQUIRE_2FA_FOR_ADMINS: platform and landlord administrators enrol two-factor sign-in first. */
  private requires2fa(role: StaffRole): boolean {
    return this.config.accounts.require2faForAdmins && ADMIN_ROLES.includes(role);
  }

  hashPassword(password: string): Promise<string> {
    return hash(password);
  }

  async signIn(
    emailInput: string,
    password: string,
    ip: string,
    kind: 'bearer' | 'cookie',
  ): Promise<SignedIn | null> {
    const email = emailInput.trim().toLowerCase();
    const accountKey = `signin:account:${email}`;
    const addressKey = `signin:address:${ip}`;
    const pairKey = `signin:pair:${ip}:${email}`;
    const { windowMs } = SIGN_IN_LIMITS;
    const admission = await this.attempts.admit({
      hard: [
        { key: pairKey, limit: SIGN_IN_LIMITS.perPair, windowMs },
        { key: addressKey, limit: SIGN_IN_LIMITS.perAddress, windowMs },
      ],
      slow: {
        key: accountKey,
        free: SIGN_IN_LIMITS.accountFree,
        windowMs,
        baseDelayMs: SIGN_IN_LIMITS.accountBaseDelayMs,
        maxDelayMs: SIGN_IN_LIMITS.accountMaxDelayMs,
        firstFromAddress: { address: ip, perWindow: SIGN_IN_LIMITS.accountFirstsFromNewAddresses },
      },
    });
    if (!admission.admitted) {
      await this.record(null, email, ip, 'throttled');
      throw new SignInThrottled(Math.max(1, Math.ceil(admission.retryAfterMs / 1000)));
    }
    const user = await this.repository.activeUserForSignIn(email);
    const ok = await verify(user?.password_hash ?? (await this.decoy), password).catch(() => false);
    if (!user || !ok) {
      await this.record(user?.id ?? null, email, ip, 'failure');
      return null;
    }
    await Promise.all([
      this.attempts.reset(pairKey),
      this.attempts.release([addressKey, accountKey]),
      this.record(user.id, email, ip, 'success'),
    ]);
    const token = newToken();
    const csrfToken = newToken();
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    // A password alone opens nothing when a second factor is on (or required and not yet enrolled).
    const secondFactor = user.totp ? 'code' : this.requires2fa(user.role) ? 'enrol' : null;
    const sessionId = await this.repository.insertSession({
      tokenHash: hashToken(token),
      userId: user.id,
      kind,
      csrfToken,
      expiresAt,
      secondFactor,
    });
    const principal = await this.principal(user.id, sessionId, kind, csrfToken, secondFactor);
    if (!principal) return null;
    return { token, csrfToken, expiresAt, principal };
  }

  async signOut(sessionId: string): Promise<void> {
    await this.repository.revokeSession(sessionId);
  }

  /** The principal behind a presented token, or null when unknown, expired or revoked. */
  async authenticate(token: string, via: 'bearer' | 'cookie'): Promise<UserPrincipal | null> {
    if (!looksLikeToken(token)) return null;
    const session = await this.repository.liveSession(hashToken(token), via);
    if (!session) return null;
    return this.principal(session.user_id, session.id, via, session.csrf_token, session.second_factor);
  }

  private async principal(
    userId: string,
    sessionId: string,
    via: 'bearer' | 'cookie',
    csrfToken: string,
    secondFactor: 'code' | 'enrol' | null,
  ): Promise<UserPrincipal | null> {
    const rows = await this.repository.principalRows(userId);
    if (rows.length === 0) return null;
    const memberships: Membership[] = rows
      .filter((r) => r.landlord_id)
      .map((r) => ({ landlordId: r.landlord_id as string, agencyId: r.agency_id }));
    return {
      kind: 'user',
      userId,
      role: rows[0].role,
      memberships,
      partnerOrganisationId: rows[0].partner_organisation_id,
      contractorId: rows[0].contractor_id,
      sessionId,
      via,
      csrfToken,
      secondFactor,
    };
  }

  private async record(userId: string | null, email: string, ip: string, outcome: string): Promise<void> {
    await this.repository.recordSignInAttempt(userId, email, ip, outcome);
  }
}
