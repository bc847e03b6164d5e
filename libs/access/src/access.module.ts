import { Module } from '@nestjs/common';
import { NotificationsModule } from '@suivi/notifications';
import { AccountsService } from './accounts.service';
import { AttemptLimiter } from './attempt-limiter';
import { AuthService } from './auth.service';
import { TwoFactorService } from './two-factor.service';
import { UsersService } from './users.service';

const PROVIDERS = [AttemptLimiter, AuthService, UsersService, AccountsService, TwoFactorService];

@Module({ imports: [NotificationsModule], providers: PROVIDERS, exports: PROVIDERS })
export class AccessModule {}
