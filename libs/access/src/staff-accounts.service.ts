import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, DomainErrorCode, fieldError, newToken } from '@suivi/domain';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '@suivi/persistence';
import { AccessRepository } from './access.repository';
import { AuthService } from './auth.service';
import { StaffInvitationsService } from './invitations.service';
import { PasswordLinksService } from './password-links.service';
import type { StaffRole } from './principal';
import { UsersService } from './users.service';

/** The roles a landlord's administrators give to their own staff (never platform-wide roles). */
export const LANDLORD_STAFF_ROLES = ['agent', 'supervisor', 'landlord_admin', 'contractor'] as const;
export type LandlordStaffRole = (typeof LANDLORD_STAFF_ROLES)[number];

/** A staff account of a landlord, as its administrators see it. */
export interface StaffAccount {
  id: string;
  email: string;
  displayName: string;
  role: StaffRole;
  contractorId: string | null;
  active: boolean;
  createdAt: string;
  lastSignInAt: string | null;
}

export interface NewStaffAccount {
  email: string;
  displayName: string;
  role: LandlordStaffRole;
  contractorId?: string;
}

export interface StaffChange {
  role?: LandlordStaffRole;
  contractorId?: string;
  active?: boolean;
}

/**
 * A staff account the administrator may change, and whether it is in fact a pending invitation standing
 * for one (for the access services only: answers show the account alone).
 */
export interface ManageableAccount {
  account: StaffAccount;
  invitation: boolean;
}

/** The landlord a staff change is made in, and who makes it (the caller's landlords, or all of them). */
export interface StaffContext {
  landlordId: string;
  actorUserId: string;
  actorScope: 'all' | string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A landlord's staff as its administrators manage them: the list (members and pending invitations alike),
 * new accounts (an address used elsewhere becomes an invitation), role and active changes, and the
 * federation auditors a checkpoint is sent to.
 */
@Injectable()
export class StaffAccountsService {
  private readonly logger = new Logger('StaffAccountsService');

  constructor(
    @Inject(AccessRepository) private readonly repository: AccessRepository,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(StaffInvitationsService) private readonly invitations: StaffInvitationsService,
    @Inject(PasswordLinksService) private readonly links: PasswordLinksService,
  ) {}

  /**
   * The e-mail addresses of the landlord's active federation auditors (accredited federations' members):
   * where each new transparency checkpoint is pushed, so the landlord cannot take it back.
   */
  async federationAuditorEmails(landlordId: string): Promise<string[]> {
    // Members only: a pending invitation is not yet an accredited auditor of this landlord.
    const entries = await this.entries(landlordId, null);
    return entries
      .filter((e) => !e.invitation && e.account.active && e.account.role === 'federation_auditor')
      .map((e) => e.account.email);
  }

  /**
   * Accounts with a membership of the landlord, with their last successful sign-in, active ones first then
   * by name and e-mail. The landlord's pending invitations are among them, each exactly as an account that
   * never signed in (its id is the invitation's): the list must not tell an address used elsewhere.
   */
  async listForLandlord(landlordId: string): Promise<StaffAccount[]> {
    return (await this.entries(landlordId, null)).map((e) => e.account);
  }

  /** One staff account (or pending invitation) of the landlord; 404 when there is none with this id. */
  async accountOf(landlordId: string, userId: string): Promise<StaffAccount> {
    return (await this.entryOf(landlordId, userId)).account;
  }

  private async entryOf(landlordId: string, id: string): Promise<ManageableAccount> {
    // A malformed id (a typed URL) is an unknown account, not a database error.
    const [entry] = UUID.test(id) ? await this.entries(landlordId, id) : [];
    if (!entry) throw new DomainError(DomainErrorCode.NotFound, 'No such account at this landlord');
    return entry;
  }

  private async entries(landlordId: string, id: string | null): Promise<ManageableAccount[]> {
    const rows = await this.repository.staffAccounts(landlordId, id);
    return rows.map((r) => ({
      account: {
        id: r.id,
        email: r.email,
        displayName: r.display_name,
        role: r.role,
        contractorId: r.contractor_id,
        active: r.active,
        createdAt: r.created_at.toISOString(),
        lastSignInAt: r.last_sign_in_at ? r.last_sign_in_at.toISOString() : null,
      },
      invitation: r.invitation,
    }));
  }

  /**
   * A staff account of the landlord, created without a usable password (the hash of a random secret no one
   * knows): its owner is e-mailed, in the background, a single-use link to choose one (valid 72 hours, see
   * `PasswordLinksService`), so the administrator never knows it. A contractor account names one of the
   * landlord's contractors (400 `contractorId` otherwise). 409 only when the e-mail is already a staff
   * account of this landlord, or has a pending invitation to it (its administrators see either in their list
   * anyway). An address already used by an account elsewhere is not revealed: an invitation is made instead
   * (`StaffInvitationsService`) and its id answered; in the administrator's list, and for every change they
   * make, it behaves as the new account would, while its owner is e-mailed a link to accept it with their
   * existing account. Either way no password works until the person acts, and the answer is the same.
   * `createdBy` is the administrator's account id (recorded with the link).
   */
  async createForLandlord(
    landlord: { id: string; code: string; name?: string },
    input: NewStaffAccount,
    createdBy: string,
  ): Promise<string> {
    const contractorId = await this.contractorFor(landlord.id, input.role, input.contractorId);
    // Hashed in both cases, so that an invitation takes as long to answer as a new account.
    const unusable = await this.auth.hashPassword(newToken());
    let userId: string;
    try {
      userId = await this.users.insert(
        {
          email: input.email,
          displayName: input.displayName,
          role: input.role,
          landlordCodes: [landlord.code],
          contractorId,
        },
        unusable,
      );
    } catch (e) {
      if (!(e instanceof DomainError && e.code === DomainErrorCode.Conflict)) throw e;
      const email = input.email.trim().toLowerCase();
      const existing = await this.repository.accountByEmail(email, landlord.id);
      if (!existing || existing.member) throw e;
      try {
        return await this.invitations.invite({
          landlord,
          userId: existing.id,
          email,
          displayName: input.displayName,
          role: input.role,
          contractorId,
        });
      } catch (invited) {
        // Already invited here: the same 409 as an account already on the list.
        if (pgErrorCode(invited) === PG_UNIQUE_VIOLATION) throw e;
        throw invited;
      }
    }
    // Not awaited, as the invitation's e-mail is not: the time to answer must not tell the two apart.
    void this.links
      .send(userId, { by: 'welcome', adminUserId: createdBy, landlordName: landlord.name ?? landlord.code })
      .catch((err: Error) => this.logger.error(`first-password e-mail not sent: ${err.message}`));
    return userId;
  }

  /**
   * Refuses a change to an account an administrator may not touch: 404 when not a staff account of the
   * landlord; 403 when it also belongs to an organisation outside the administrator's landlords, or holds a
   * role above landlord staff (only a platform administrator changes those).
   */
  async assertManageable(context: StaffContext, userId: string): Promise<StaffAccount> {
    return (await this.manageable(context, userId)).account;
  }

  /**
   * As `assertManageable`, also telling whether the id is a pending invitation's. An invitation is always
   * manageable by the landlord's administrators, as the new account it stands for would be.
   */
  async manageable(context: StaffContext, userId: string): Promise<ManageableAccount> {
    const entry = await this.entryOf(context.landlordId, userId);
    const { account } = entry;
    if (entry.invitation) return entry;
    if (context.actorScope !== 'all') {
      const outside = await this.repository.membershipsOutside(userId, context.actorScope);
      if (!(LANDLORD_STAFF_ROLES as readonly string[]).includes(account.role) || outside > 0) {
        throw new DomainError(
          DomainErrorCode.NotAllowed,
          'This account also works for another organisation; ask a platform administrator',
        );
      }
    }
    return entry;
  }

  /**
   * Changes a staff account's role, or disables / enables it. A disabled account cannot sign in and its
   * sessions are revoked at once. An administrator changes only accounts that belong to no landlord outside
   * their own, and never their own account (so a landlord is not left without an administrator by mistake).
   * On a pending invitation's id the invitation is changed (a disabled one can no longer be accepted), with
   * the same checks and the same answer.
   */
  async updateForLandlord(context: StaffContext, userId: string, change: StaffChange): Promise<StaffAccount> {
    const { account, invitation } = await this.manageable(context, userId);
    if (
      userId === context.actorUserId &&
      (change.active === false || (change.role && change.role !== account.role))
    ) {
      throw DomainError.invalidInput([
        fieldError(
          change.active === false ? 'active' : 'role',
          'ownAccount',
          'you cannot change your own account',
        ),
      ]);
    }
    const role = change.role ?? account.role;
    const contractorId =
      change.role !== undefined || change.contractorId !== undefined
        ? await this.contractorFor(
            context.landlordId,
            role,
            change.contractorId ?? account.contractorId ?? undefined,
          )
        : account.contractorId;
    const active = change.active ?? account.active;
    if (invitation) {
      await this.repository.updateInvitation(userId, { role, contractorId, active });
    } else {
      await this.repository.updateStaffAccount(userId, {
        role,
        contractorId,
        active,
        revokeSessions: change.active === false,
      });
    }
    return this.accountOf(context.landlordId, userId);
  }

  /** The contractor a contractor account acts for: required, and one of the landlord's; none otherwise. */
  private async contractorFor(
    landlordId: string,
    role: StaffRole,
    contractorId: string | undefined,
  ): Promise<string | null> {
    if (role !== 'contractor') return null;
    if (!contractorId) {
      throw DomainError.invalidInput([
        fieldError('contractorId', 'required', 'a contractor account needs its contractor'),
      ]);
    }
    const found = await this.repository.contractorOfLandlord(contractorId, landlordId);
    if (!found) {
      throw DomainError.invalidInput([
        fieldError('contractorId', 'unknownContractor', 'is not one of this landlord’s contractors'),
      ]);
    }
    return found;
  }
}
