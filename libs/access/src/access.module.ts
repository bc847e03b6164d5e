import { Module } from '@nestjs/common';
import { AttemptLimiter } from './attempt-limiter';
import { AuthService } from './auth.service';
import { UsersService } from './users.service';

@Module({
  providers: [AttemptLimiter, AuthService, UsersService],
  exports: [AttemptLimiter, AuthService, UsersService],
})
export class AccessModule {}
