import { Module } from '@nestjs/common';
import { NotificationsModule } from '@suivi/notifications';
import { AccessRepository } from './access.repository';
import { AccountsService } from './accounts.service';
import { AttemptLimiter } from './attempt-limiter';
import { AuthService } from './auth.service';
import { StaffInvitationsService } from './invitations.service';
import { PasswordLinksService } from './password-links.service';
import { TwoFactorService } from './two-factor.service';
import { UsersService } from './users.service';
import { StaffAccountsService } from './staff-accounts.service';

const PROVIDERS = [
  AttemptLimiter,
  AuthService,
  StaffInvitationsService,
  PasswordLinksService,
  UsersService,
  StaffAccountsService,
  AccountsService,
  TwoFactorService,
];

/** The repository stays inside: other modules reach the access tables through these services. */
@Module({ imports: [NotificationsModule], providers: [AccessRepository, ...PROVIDERS], exports: PROVIDERS })
export class AccessModule {}
