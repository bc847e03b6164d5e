import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { ROLE_LABELS, hashToken, looksLikeToken, newToken } from '@suivi/domain';
import { EmailSender } from '@suivi/notifications';
import { AccessRepository } from './access.repository';
import type { InvitationRow } from './access.repository';
import type { StaffRole } from './principal';

/** E-mails an invitation may send an hour, its first one included (the same bound as reset links). */
export const INVITATION_EMAILS_PER_HOUR = 3;

/** A new invitation: the landlord, the existing account, and what the administrator asked for. */
export interface NewInvitation {
  landlord: { id: string; code: string; name?: string };
  userId: string;
  email: string;
  displayName: string;
  role: StaffRole;
  contractorId: string | null;
}

/**
 * Why an invitation cannot be accepted by the signed-in account: `gone` (unknown token, already accepted,
 * or disabled by the landlord), `not-yours` (it invites another account), `role` (the account's role, or
 * its contractor, is not the invited one — accounts have one role across landlords).
 */
export type InvitationRefusal = 'gone' | 'not-yours' | 'role';

/**
 * What the invitation page shows to the signed-in account: `open` (it may accept), `accepted` (it did), or
 * why it cannot; the landlord and role only to the invited account.
 */
export type InvitationView =
  | { state: 'open' | 'accepted' | 'gone' | 'role'; landlordName: string; role: StaffRole }
  | { state: 'gone' | 'not-yours' };

/**
 * Invitations to work for a landlord with an existing account. They are made when a landlord's
 * administrator creates a staff account with an address already used at another landlord, so that the
 * administrator cannot tell the address exists: the invitation stands for the account in their list, and
 * its owner accepts it (signed in) through an e-mailed link — 256 random bits, only the SHA-256 kept.
 */
@Injectable()
export class StaffInvitationsService {
  private readonly logger = new Logger('StaffInvitationsService');

  constructor(
    @Inject(AccessRepository) private readonly repository: AccessRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EmailSender) private readonly email: EmailSender,
  ) {}

  /**
   * Stores an invitation and e-mails it to the account's owner in the background (the answer must not
   * wait for it: a real creation sends nothing). Returns the invitation's id. A pending invitation of the
   * same account to the same landlord surfaces as PostgreSQL's unique violation (the caller maps it).
   */
  async invite(input: NewInvitation): Promise<string> {
    const token = newToken();
    const id = await this.repository.insertInvitation({
      landlordId: input.landlord.id,
      userId: input.userId,
      displayName: input.displayName,
      role: input.role,
      contractorId: input.contractorId,
      tokenHash: hashToken(token),
    });
    void this.send(input.email, input.landlord.name ?? input.landlord.code, input.role, token).catch(
      (err: Error) => this.logger.error(`invitation e-mail not sent: ${err.message}`),
    );
    return id;
  }

  /**
   * Sends a pending, active invitation again with a new token (the previous link stops working), at most
   * `INVITATION_EMAILS_PER_HOUR` e-mails an hour; otherwise nothing happens (no error: the administrator's
   * answer is the same as for a reset link).
   */
  async resend(invitationId: string): Promise<void> {
    const token = newToken();
    const row = await this.repository.renewInvitationToken(
      invitationId,
      hashToken(token),
      INVITATION_EMAILS_PER_HOUR,
    );
    if (!row) {
      this.logger.warn('invitation not sent again: accepted, disabled or too many this hour');
      return;
    }
    await this.send(row.email, row.landlord_name, row.role, token);
  }

  /** The invitation behind a link, as the signed-in account `userId` may see it. */
  async view(token: string, userId: string): Promise<InvitationView> {
    const invitation = await this.find(token);
    if (!invitation) return { state: 'gone' };
    // Another account learns nothing of the invitation, not even the landlord.
    if (invitation.user_id !== userId) return { state: 'not-yours' };
    const shown = { landlordName: invitation.landlord_name, role: invitation.role };
    if (invitation.accepted_at !== null) return { state: 'accepted', ...shown };
    const [account] = await this.repository.principalRows(userId);
    // (Not someone else's: checked above.)
    const refusal = refusalOf(invitation, userId, account ?? null) as 'gone' | 'role' | null;
    return { state: refusal ?? 'open', ...shown };
  }

  /**
   * Accepts the invitation behind `token` for the signed-in account `userId`: the account becomes a member
   * of the landlord (linked to the invited contractor when it is a contractor account with none yet) and the
   * invitation is spent. Answers null when done, or the refusal (nothing changed).
   */
  async accept(token: string, userId: string): Promise<InvitationRefusal | null> {
    const invitation = await this.find(token);
    if (!invitation) return 'gone';
    const outcome = await this.repository.acceptInvitation<InvitationRefusal>(
      invitation.id,
      (current, invitee) => refusalOf(current, userId, invitee),
    );
    return outcome === 'missing' ? 'gone' : outcome;
  }

  private async find(token: string): Promise<InvitationRow | undefined> {
    if (!looksLikeToken(token)) return undefined;
    return this.repository.invitationByTokenHash(hashToken(token));
  }

  private async send(to: string, landlordName: string, role: StaffRole, token: string): Promise<void> {
    const link = `${this.config.publicBaseUrl}/account/invitations/${token}`;
    await this.email.send(
      {
        to,
        subject: `Suivi — invitation : ${landlordName} / invitation: ${landlordName}`,
        text: invitationEmailText(landlordName, role, link),
        notificationId: `staff-invitation.${randomUUID()}`,
      },
      async () => true,
    );
  }
}

/** Why `userId` cannot accept `invitation` as it stands (the account as read under lock, when given). */
function refusalOf(
  invitation: InvitationRow,
  userId: string,
  invitee: { role: StaffRole; contractor_id: string | null } | null,
): InvitationRefusal | null {
  if (invitation.user_id !== userId) return 'not-yours';
  if (invitation.accepted_at !== null || !invitation.active) return 'gone';
  if (invitee) {
    if (invitee.role !== invitation.role) return 'role';
    if (
      invitation.contractor_id &&
      invitee.contractor_id !== null &&
      invitee.contractor_id !== invitation.contractor_id
    ) {
      return 'role';
    }
  }
  return null;
}

/** The invitation e-mail, French then English: we do not know the person's language. */
function invitationEmailText(landlordName: string, role: StaffRole, link: string): string {
  const label = ROLE_LABELS[role];
  return [
    'Bonjour,',
    '',
    `Un administrateur du bailleur ${landlordName} vous invite à travailler pour lui sur Suivi (rôle : ${label.fr}) avec votre compte existant : connectez-vous, puis acceptez l’invitation sur cette page :`,
    link,
    'Vous ne vous y attendiez pas ? Ignorez ce message : rien ne change sans votre accord.',
    '',
    '---',
    '',
    'Hello,',
    '',
    `An administrator of ${landlordName} invites you to work for them on Suivi (role: ${label.en}) with your existing account: sign in and accept the invitation on this page:`,
    link,
    'Not expecting this? Ignore it: nothing changes unless you accept.',
  ].join('\n');
}
