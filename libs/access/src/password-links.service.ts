import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { hashToken, newToken } from '@suivi/domain';
import { EmailSender } from '@suivi/notifications';
import { AccessRepository } from './access.repository';

/** How long an e-mailed reset link works (OWASP's forgot-password cheat sheet: short-lived). */
export const PASSWORD_RESET_TTL_MS = 3_600_000;
/**
 * How long the link e-mailed with a new staff account works (72 h): the person may not read their mail
 * within the hour, and the account has no usable password until they choose one.
 */
export const FIRST_PASSWORD_TTL_MS = 72 * 3_600_000;
/** Live links a person may be sent per hour, whoever asks: the address cannot be flooded through us. */
export const PASSWORD_RESETS_PER_HOUR = 3;

/**
 * Why a password link is sent: the person asked (`self`), an administrator of their landlord reset it
 * (`admin`), or an administrator created the account (`welcome`: the person chooses their first password).
 */
export type PasswordLinkOrigin =
  | { by: 'self' }
  | { by: 'admin'; adminUserId: string }
  | { by: 'welcome'; adminUserId: string; landlordName: string };

/**
 * E-mails single-use "choose your password" links (`/reset-password/<token>`): 256 random bits, only the
 * SHA-256 kept in `password_resets`, at most `PASSWORD_RESETS_PER_HOUR` an hour per account. The links are
 * used through `AccountsService.resetPassword`.
 */
@Injectable()
export class PasswordLinksService {
  private readonly logger = new Logger('PasswordLinksService');

  constructor(
    @Inject(AccessRepository) private readonly repository: AccessRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EmailSender) private readonly email: EmailSender,
  ) {}

  /**
   * Stores a link for the account `userId` and e-mails it (resolves once sent; rejects when the e-mail
   * cannot be sent). Nothing is sent, without error, when the account already had its links for the hour.
   */
  async send(userId: string, origin: PasswordLinkOrigin): Promise<void> {
    if ((await this.repository.resetsInLastHour(userId)) >= PASSWORD_RESETS_PER_HOUR) {
      this.logger.warn('password link not sent: too many links this hour');
      return;
    }
    const token = newToken();
    const welcome = origin.by === 'welcome';
    const row = await this.repository.insertPasswordReset(
      userId,
      hashToken(token),
      origin.by === 'self' ? null : origin.adminUserId,
      new Date(Date.now() + (welcome ? FIRST_PASSWORD_TTL_MS : PASSWORD_RESET_TTL_MS)),
    );
    const link = `${this.config.publicBaseUrl}/reset-password/${token}`;
    await this.email.send(
      {
        to: row.email,
        subject: welcome
          ? `Suivi — votre compte ${origin.landlordName} / your ${origin.landlordName} account`
          : 'Suivi — réinitialisation de votre mot de passe / password reset',
        text: welcome
          ? welcomeEmailText(row.display_name, origin.landlordName, link)
          : resetEmailText(row.display_name, link, origin.by === 'admin'),
        // One Message-ID per e-mail (a second link is a new message, not a copy of the first).
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

/** The e-mail of a new staff account, French then English: no one knows its password until then. */
function welcomeEmailText(name: string, landlordName: string, link: string): string {
  return [
    `Bonjour ${name},`,
    '',
    `Votre compte Suivi a été créé pour ${landlordName} : choisissez votre mot de passe en ouvrant ce lien (valable 72 heures, une seule fois) :`,
    link,
    'Vous pourrez ensuite vous connecter avec cette adresse e-mail et ce mot de passe.',
    'Vous ne vous y attendiez pas ? Ignorez ce message : sans mot de passe choisi, personne ne peut se connecter à ce compte.',
    '',
    '---',
    '',
    `Hello ${name},`,
    '',
    `Your Suivi account was created for ${landlordName}: choose your password by opening this link (it works once, for 72 hours):`,
    link,
    'You can then sign in with this e-mail address and that password.',
    'Not expecting this? Ignore it: until a password is chosen, no one can sign in to this account.',
  ].join('\n');
}
