import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, fieldError } from '@suivi/domain';
import type { StaffRole } from './principal';
import { updatedCount } from './updated-count';

/** A staff account as stored, with its last successful sign-in (null when it never signed in). */
export interface StaffAccountRow {
  id: string;
  email: string;
  display_name: string;
  role: StaffRole;
  contractor_id: string | null;
  active: boolean;
  created_at: Date;
  last_sign_in_at: Date | null;
  /** True for a pending invitation standing in for an account (its id is the invitation's). */
  invitation: boolean;
}

/** A staff invitation with what its page shows: the landlord, the invited account and its own role. */
export interface InvitationRow {
  id: string;
  landlord_id: string;
  landlord_name: string;
  user_id: string;
  email: string;
  display_name: string;
  role: StaffRole;
  contractor_id: string | null;
  active: boolean;
  accepted_at: Date | null;
}

/** The invited account as it is when an invitation is accepted (read under lock). */
export interface InviteeRow {
  role: StaffRole;
  contractor_id: string | null;
  member: boolean;
}

/** The columns of a new account; the password already hashed (argon2id). */
export interface NewUserRow {
  email: string;
  displayName: string;
  passwordHash: string;
  role: StaffRole;
  partnerOrganisationId: string | null;
  contractorId: string | null;
}

/** An active account looked up by e-mail for a sign-in; `totp` is whether two-factor sign-in is on. */
export interface SignInUserRow {
  id: string;
  password_hash: string;
  role: StaffRole;
  totp: boolean;
}

/** A live session (not revoked, not expired); `second_factor` is what it still lacks, if anything. */
export interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  second_factor: 'code' | 'enrol' | null;
}

/** One row per membership of an active account (one row with null landlord when it has none). */
export interface PrincipalRow {
  role: StaffRole;
  partner_organisation_id: string | null;
  contractor_id: string | null;
  landlord_id: string | null;
  agency_id: string | null;
}

/** An account's TOTP state: its sealed secret (null when none) and whether enrolment is confirmed. */
export interface TotpStateRow {
  email: string;
  totp_secret: string | null;
  on: boolean;
}

const REVOKE_ALL_SESSIONS =
  'UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL';
const INVITATION_SELECT = `SELECT i.id, i.landlord_id, l.name AS landlord_name, i.user_id, u.email, i.display_name,
       i.role, i.contractor_id, i.active, i.accepted_at
  FROM staff_invitations i JOIN users u ON u.id = i.user_id JOIN landlords l ON l.id = i.landlord_id`;
const SPEND_ALL_RESETS = 'UPDATE password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL';

/**
 * The one owner of the access tables: users, memberships, partner_organisations (their creation),
 * sessions, sign_in_attempts, password_resets, recovery_codes and staff_invitations. Every statement of the access services
 * is here, with typed rows; the multi-statement changes run in one transaction each. Rows are returned as
 * stored (snake_case, `Date` timestamps); the services shape them.
 */
@Injectable()
export class AccessRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ----- accounts and memberships -----

  /**
   * Inserts an account and one membership per landlord code, in one transaction; returns the account id.
   * Throws 400 (`landlordCodes`) naming an unknown landlord code (nothing is written); a taken e-mail
   * surfaces as PostgreSQL's unique violation (the caller maps it).
   */
  async insertUserWithMemberships(user: NewUserRow, landlordCodes: readonly string[]): Promise<string> {
    return this.db.transaction(async (em) => {
      const [row]: { id: string }[] = await em.query(
        `INSERT INTO users (email, display_name, password_hash, role, partner_organisation_id, contractor_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          user.email,
          user.displayName,
          user.passwordHash,
          user.role,
          user.partnerOrganisationId,
          user.contractorId,
        ],
      );
      for (const code of landlordCodes) {
        const inserted: unknown[] = await em.query(
          `INSERT INTO memberships (user_id, landlord_id) SELECT $1, id FROM landlords WHERE code = $2 RETURNING id`,
          [row.id, code],
        );
        if (inserted.length === 0) {
          throw DomainError.invalidInput([
            fieldError('landlordCodes', 'unknownLandlord', `no landlord ${code}`),
          ]);
        }
      }
      return row.id;
    });
  }

  /** Inserts a partner organisation; returns its id. */
  async insertPartnerOrganisation(name: string, kind: string | null): Promise<string> {
    const [row]: { id: string }[] = await this.db.query(
      'INSERT INTO partner_organisations (name, kind) VALUES ($1, $2) RETURNING id',
      [name, kind],
    );
    return row.id;
  }

  /**
   * Accounts with a membership of the landlord, and the landlord's pending invitations of accounts that are
   * not (yet) members, in one list: active ones first, then by name and e-mail. Only the entry with id
   * `id` when given (a well-formed uuid). An invitation's row carries the invitation's id, name, role,
   * contractor, active flag and creation time, the invited account's e-mail, and no sign-in.
   */
  async staffAccounts(landlordId: string, id: string | null): Promise<StaffAccountRow[]> {
    return this.db.query(
      `SELECT * FROM (
         SELECT u.id, u.email, u.display_name, u.role, u.contractor_id, u.active, u.created_at,
                (SELECT max(a.at) FROM sign_in_attempts a WHERE a.user_id = u.id AND a.outcome = 'success')
                  AS last_sign_in_at,
                false AS invitation
           FROM users u
          WHERE EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.landlord_id = $1)
            AND ($2::uuid IS NULL OR u.id = $2)
         UNION ALL
         SELECT i.id, u.email, i.display_name, i.role, i.contractor_id, i.active, i.created_at,
                NULL::timestamptz AS last_sign_in_at,
                true AS invitation
           FROM staff_invitations i JOIN users u ON u.id = i.user_id
          WHERE i.landlord_id = $1 AND i.accepted_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = i.user_id AND m.landlord_id = $1)
            AND ($2::uuid IS NULL OR i.id = $2)
       ) staff
       ORDER BY staff.active DESC, staff.display_name, staff.email`,
      [landlordId, id],
    );
  }

  /** The account with this (normalised) e-mail and whether it is a member of the landlord; undefined if none. */
  async accountByEmail(
    email: string,
    landlordId: string,
  ): Promise<{ id: string; member: boolean } | undefined> {
    const [row]: { id: string; member: boolean }[] = await this.db.query(
      `SELECT u.id, EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.landlord_id = $2) AS member
         FROM users u WHERE u.email = $1`,
      [email, landlordId],
    );
    return row;
  }

  /** How many memberships the account has at landlords other than `landlordIds`. */
  async membershipsOutside(userId: string, landlordIds: readonly string[]): Promise<number> {
    const [row]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM memberships WHERE user_id = $1 AND NOT (landlord_id = ANY($2::uuid[]))`,
      [userId, landlordIds],
    );
    return row.n;
  }

  /**
   * Sets an account's role, contractor and active flag; with `revokeSessions` (the account is being
   * disabled), its open sessions are revoked in the same transaction.
   */
  async updateStaffAccount(
    userId: string,
    change: { role: StaffRole; contractorId: string | null; active: boolean; revokeSessions: boolean },
  ): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query('UPDATE users SET role = $2, contractor_id = $3, active = $4 WHERE id = $1', [
        userId,
        change.role,
        change.contractorId,
        change.active,
      ]);
      if (change.revokeSessions) await em.query(REVOKE_ALL_SESSIONS, [userId]);
    });
  }

  // ----- invitations (an existing account asked to work for another landlord) -----

  /**
   * Inserts a pending invitation; returns its id. A second pending invitation of the same account to the
   * same landlord surfaces as PostgreSQL's unique violation (the caller maps it).
   */
  async insertInvitation(invitation: {
    landlordId: string;
    userId: string;
    displayName: string;
    role: StaffRole;
    contractorId: string | null;
    tokenHash: string;
  }): Promise<string> {
    const [row]: { id: string }[] = await this.db.query(
      `INSERT INTO staff_invitations (landlord_id, user_id, display_name, role, contractor_id, token_hash)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        invitation.landlordId,
        invitation.userId,
        invitation.displayName,
        invitation.role,
        invitation.contractorId,
        invitation.tokenHash,
      ],
    );
    return row.id;
  }

  /** Sets a pending invitation's role, contractor and active flag. */
  async updateInvitation(
    id: string,
    change: { role: StaffRole; contractorId: string | null; active: boolean },
  ): Promise<void> {
    await this.db.query(
      `UPDATE staff_invitations SET role = $2, contractor_id = $3, active = $4
        WHERE id = $1 AND accepted_at IS NULL`,
      [id, change.role, change.contractorId, change.active],
    );
  }

  /**
   * Replaces a pending, active invitation's token (the old link stops working) when fewer than `perHour`
   * e-mails of it left within the current hour's window (the first e-mail counts); answers what the new
   * e-mail needs, or undefined when nothing was changed (accepted, disabled, or too many this hour).
   */
  async renewInvitationToken(
    id: string,
    tokenHash: string,
    perHour: number,
  ): Promise<InvitationRow | undefined> {
    const [row]: InvitationRow[] = await this.db.query(
      `WITH renewed AS (
         UPDATE staff_invitations
            SET token_hash = $2,
                sends = CASE WHEN sent_at > now() - interval '1 hour' THEN sends + 1 ELSE 1 END,
                sent_at = CASE WHEN sent_at > now() - interval '1 hour' THEN sent_at ELSE now() END
          WHERE id = $1 AND accepted_at IS NULL AND active
            AND (sent_at <= now() - interval '1 hour' OR sends < $3)
          RETURNING *)
       ${INVITATION_SELECT.replace('staff_invitations i', 'renewed i')}`,
      [id, tokenHash, perHour],
    );
    return row;
  }

  /** The invitation with this token hash (pending or not); undefined when unknown. */
  async invitationByTokenHash(tokenHash: string): Promise<InvitationRow | undefined> {
    const [row]: InvitationRow[] = await this.db.query(`${INVITATION_SELECT} WHERE i.token_hash = $1`, [
      tokenHash,
    ]);
    return row;
  }

  /**
   * Accepts an invitation in one transaction, with the invitation and the invited account locked:
   * `decide` sees both as they are and answers null to go on or a refusal (returned, nothing written).
   * Going on adds the membership (unless there is one), links the account to the invitation's contractor
   * when it has none, and marks the invitation accepted. `missing` when the invitation is gone meanwhile.
   */
  async acceptInvitation<R extends string>(
    id: string,
    decide: (invitation: InvitationRow, invitee: InviteeRow) => R | null,
  ): Promise<R | 'missing' | null> {
    return this.db.transaction(async (em) => {
      const [invitation]: InvitationRow[] = await em.query(
        `${INVITATION_SELECT} WHERE i.id = $1 FOR UPDATE OF i`,
        [id],
      );
      if (!invitation) return 'missing';
      const [invitee]: InviteeRow[] = await em.query(
        `SELECT u.role, u.contractor_id,
                EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id AND m.landlord_id = $2) AS member
           FROM users u WHERE u.id = $1 FOR UPDATE OF u`,
        [invitation.user_id, invitation.landlord_id],
      );
      const refusal = decide(invitation, invitee);
      if (refusal !== null) return refusal;
      if (!invitee.member) {
        await em.query('INSERT INTO memberships (user_id, landlord_id) VALUES ($1, $2)', [
          invitation.user_id,
          invitation.landlord_id,
        ]);
      }
      if (invitation.contractor_id && invitee.contractor_id === null) {
        await em.query('UPDATE users SET contractor_id = $2 WHERE id = $1', [
          invitation.user_id,
          invitation.contractor_id,
        ]);
      }
      await em.query('UPDATE staff_invitations SET accepted_at = now() WHERE id = $1', [id]);
      return null;
    });
  }

  /** The contractor's id when it is one of the landlord's, else null. */
  async contractorOfLandlord(contractorId: string, landlordId: string): Promise<string | null> {
    const [row]: { id: string }[] = await this.db.query(
      'SELECT id FROM contractors WHERE id = $1 AND landlord_id = $2',
      [contractorId, landlordId],
    );
    return row?.id ?? null;
  }

  // ----- passwords -----

  /** The account's e-mail and name, once per membership with the landlord's name (null without any). */
  async passwordInputRows(
    userId: string,
  ): Promise<{ email: string; display_name: string; landlord: string | null }[]> {
    return this.db.query(
      `SELECT u.email, u.display_name, l.name AS landlord
         FROM users u
         LEFT JOIN memberships m ON m.user_id = u.id
         LEFT JOIN landlords l ON l.id = m.landlord_id
        WHERE u.id = $1`,
      [userId],
    );
  }

  /** The password hash of an active account; null when unknown or disabled. */
  async activePasswordHash(userId: string): Promise<string | null> {
    const [row]: { password_hash: string }[] = await this.db.query(
      'SELECT password_hash FROM users WHERE id = $1 AND active',
      [userId],
    );
    return row?.password_hash ?? null;
  }

  /** The id of the active account with this (normalised) e-mail; null when none. */
  async activeUserIdByEmail(email: string): Promise<string | null> {
    const [row]: { id: string }[] = await this.db.query('SELECT id FROM users WHERE email = $1 AND active', [
      email,
    ]);
    return row?.id ?? null;
  }

  /**
   * In one transaction: the new password hash, every other session revoked (`keepSessionId` stays open),
   * and every unused reset link spent (a link sent before the change must not undo it).
   */
  async changePassword(userId: string, passwordHash: string, keepSessionId: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
      await em.query(
        `UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND id <> $2 AND revoked_at IS NULL`,
        [userId, keepSessionId],
      );
      await em.query(SPEND_ALL_RESETS, [userId]);
    });
  }

  /** In one transaction: the password replaced by `passwordHash` and every session of the account revoked. */
  async replacePasswordAndRevokeSessions(userId: string, passwordHash: string): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
      await em.query(REVOKE_ALL_SESSIONS, [userId]);
    });
  }

  /** The unused, unexpired reset link with this token hash; undefined when none. */
  async liveReset(tokenHash: string): Promise<{ id: string; user_id: string } | undefined> {
    const [row]: { id: string; user_id: string }[] = await this.db.query(
      `SELECT id, user_id FROM password_resets WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()`,
      [tokenHash],
    );
    return row;
  }

  /**
   * Uses a reset link, in one transaction: spending the link is the guard (of two concurrent uses only the
   * one that marks it goes on; false for the other, or when it expired meanwhile, and nothing is written).
   * Then every other link of the account is spent, the password set and every session revoked.
   */
  async spendResetAndSetPassword(resetId: string, userId: string, passwordHash: string): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const spent: unknown = await em.query(
        `UPDATE password_resets SET used_at = now()
          WHERE id = $1 AND used_at IS NULL AND expires_at > now() RETURNING id`,
        [resetId],
      );
      if (updatedCount(spent) === 0) return false;
      await em.query(SPEND_ALL_RESETS, [userId]);
      await em.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
      await em.query(REVOKE_ALL_SESSIONS, [userId]);
      return true;
    });
  }

  /** Reset links created for the account in the last hour. */
  async resetsInLastHour(userId: string): Promise<number> {
    const [row]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM password_resets WHERE user_id = $1 AND created_at > now() - interval '1 hour'`,
      [userId],
    );
    return row.n;
  }

  /** Stores a reset link (its token's hash); answers the account's e-mail and name to send it to. */
  async insertPasswordReset(
    userId: string,
    tokenHash: string,
    requestedBy: string | null,
    expiresAt: Date,
  ): Promise<{ id: string; email: string; display_name: string }> {
    const [row]: { id: string; email: string; display_name: string }[] = await this.db.query(
      `WITH r AS (
         INSERT INTO password_resets (user_id, token_hash, requested_by, expires_at)
         VALUES ($1, $2, $3, $4) RETURNING id, user_id)
       SELECT r.id, u.email, u.display_name FROM r JOIN users u ON u.id = r.user_id`,
      [userId, tokenHash, requestedBy, expiresAt],
    );
    return row;
  }

  // ----- sessions and sign-in -----

  /** The active account with this (normalised) e-mail, for a sign-in; undefined when none. */
  async activeUserForSignIn(email: string): Promise<SignInUserRow | undefined> {
    const [row]: SignInUserRow[] = await this.db.query(
      'SELECT id, password_hash, role, totp_enabled_at IS NOT NULL AS totp FROM users WHERE email = $1 AND active',
      [email],
    );
    return row;
  }

  /** Opens a session (its token stored hashed); returns the session id. */
  async insertSession(session: {
    tokenHash: string;
    userId: string;
    kind: 'bearer' | 'cookie';
    csrfToken: string;
    expiresAt: Date;
    secondFactor: 'code' | 'enrol' | null;
  }): Promise<string> {
    const [row]: { id: string }[] = await this.db.query(
      `INSERT INTO sessions (token_hash, user_id, kind, csrf_token, expires_at, second_factor)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [
        session.tokenHash,
        session.userId,
        session.kind,
        session.csrfToken,
        session.expiresAt,
        session.secondFactor,
      ],
    );
    return row.id;
  }

  /** Revokes one session (no-op when already revoked). */
  async revokeSession(sessionId: string): Promise<void> {
    await this.db.query('UPDATE sessions SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL', [
      sessionId,
    ]);
  }

  /** The live session of this kind with this token hash; undefined when unknown, expired or revoked. */
  async liveSession(tokenHash: string, kind: 'bearer' | 'cookie'): Promise<SessionRow | undefined> {
    const [row]: SessionRow[] = await this.db.query(
      `SELECT id, user_id, csrf_token, second_factor FROM sessions
        WHERE token_hash = $1 AND kind = $2 AND revoked_at IS NULL AND expires_at > now()`,
      [tokenHash, kind],
    );
    return row;
  }

  /** An active account with its memberships (see `PrincipalRow`); empty when unknown or disabled. */
  async principalRows(userId: string): Promise<PrincipalRow[]> {
    return this.db.query(
      `SELECT u.role, u.partner_organisation_id, u.contractor_id, m.landlord_id, m.agency_id
         FROM users u LEFT JOIN memberships m ON m.user_id = u.id
        WHERE u.id = $1 AND u.active`,
      [userId],
    );
  }

  /** Records a sign-in attempt (e-mail cut to 254 characters, address to 64). */
  async recordSignInAttempt(
    userId: string | null,
    email: string,
    ip: string,
    outcome: string,
  ): Promise<void> {
    await this.db.query(
      'INSERT INTO sign_in_attempts (user_id, email, ip, outcome) VALUES ($1, $2, $3, $4)',
      [userId, email.slice(0, 254), ip.slice(0, 64), outcome],
    );
  }

  // ----- two-factor sign-in -----

  /** The account's TOTP state; undefined when the account is unknown. */
  async totpState(userId: string): Promise<TotpStateRow | undefined> {
    const [row]: TotpStateRow[] = await this.db.query(
      'SELECT email, totp_secret, totp_enabled_at IS NOT NULL AS on FROM users WHERE id = $1',
      [userId],
    );
    return row;
  }

  /** Stores a new, unconfirmed sealed TOTP secret and forgets the last accepted step. */
  async setPendingTotpSecret(userId: string, sealedSecret: string): Promise<void> {
    await this.db.query('UPDATE users SET totp_secret = $2, totp_last_step = NULL WHERE id = $1', [
      userId,
      sealedSecret,
    ]);
  }

  /**
   * Confirms enrolment in one transaction: two-factor sign-in on with `step` as the last accepted step,
   * the recovery codes replaced by these hashes, and the confirming session complete. False (nothing
   * written) when two-factor sign-in was already on.
   */
  async enableTotp(
    userId: string,
    step: number,
    recoveryCodeHashes: readonly string[],
    sessionId: string,
  ): Promise<boolean> {
    return this.db.transaction(async (em) => {
      const enabled: unknown = await em.query(
        `UPDATE users SET totp_enabled_at = now(), totp_last_step = $2
          WHERE id = $1 AND totp_enabled_at IS NULL RETURNING id`,
        [userId, step],
      );
      if (updatedCount(enabled) === 0) return false;
      await em.query('DELETE FROM recovery_codes WHERE user_id = $1', [userId]);
      await em.query('INSERT INTO recovery_codes (user_id, code_hash) SELECT $1, unnest($2::char(64)[])', [
        userId,
        recoveryCodeHashes,
      ]);
      await em.query('UPDATE sessions SET second_factor = NULL WHERE id = $1', [sessionId]);
      return true;
    });
  }

  /** Records a second-factor attempt of the account (address cut to 64 characters). */
  async recordSecondFactorAttempt(userId: string, ip: string): Promise<void> {
    await this.db.query(
      `INSERT INTO sign_in_attempts (user_id, email, ip, outcome)
       SELECT id, email, $2, 'second_factor' FROM users WHERE id = $1`,
      [userId, ip.slice(0, 64)],
    );
  }

  /** Second-factor attempts of the account not yet forgiven, within the last `windowMinutes`. */
  async recentSecondFactorAttempts(userId: string, windowMinutes: number): Promise<number> {
    const [row]: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM sign_in_attempts
        WHERE user_id = $1 AND outcome = 'second_factor' AND at > now() - make_interval(mins => $2)`,
      [userId, windowMinutes],
    );
    return row.n;
  }

  /**
   * In one transaction: the session complete, and the account's second-factor attempts of the last
   * `windowMinutes` forgiven (the right code was given).
   */
  async passSecondFactor(sessionId: string, userId: string, windowMinutes: number): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.query('UPDATE sessions SET second_factor = NULL WHERE id = $1', [sessionId]);
      await em.query(
        `UPDATE sign_in_attempts SET outcome = 'second_factor_ok'
          WHERE user_id = $1 AND outcome = 'second_factor' AND at > now() - make_interval(mins => $2)`,
        [userId, windowMinutes],
      );
    });
  }

  /** Recovery codes of the account not spent yet. */
  async recoveryCodesLeft(userId: string): Promise<number> {
    const [row]: { n: number }[] = await this.db.query(
      'SELECT count(*)::int AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL',
      [userId],
    );
    return row.n;
  }

  /** The e-mail and sealed secret of an account with two-factor sign-in on; undefined otherwise. */
  async enabledTotp(userId: string): Promise<{ email: string; totp_secret: string | null } | undefined> {
    const [row]: { email: string; totp_secret: string | null }[] = await this.db.query(
      'SELECT email, totp_secret FROM users WHERE id = $1 AND totp_enabled_at IS NOT NULL',
      [userId],
    );
    return row;
  }

  /**
   * Moves the last accepted TOTP step to `step` when it is later (replay guard): true when moved, false
   * when a code of this step or a later one was accepted already.
   */
  async advanceTotpStep(userId: string, step: number): Promise<boolean> {
    const moved: unknown = await this.db.query(
      `UPDATE users SET totp_last_step = $2
        WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id`,
      [userId, step],
    );
    return updatedCount(moved) > 0;
  }

  /** Spends an unused recovery code of the account by its hash: true when one was spent. */
  async spendRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const spent: unknown = await this.db.query(
      `UPDATE recovery_codes SET used_at = now()
        WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING id`,
      [userId, codeHash],
    );
    return updatedCount(spent) > 0;
  }
}
