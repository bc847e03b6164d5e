import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { UseGuards } from '@nestjs/common';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountsService, AuthService, SignInThrottled, TwoFactorService } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import {
  Allow,
  CurrentUser,
  Public,
  SecondFactorStep,
  clearSessionCookie,
  setSessionCookie,
} from '../common/access';
import { assertSameOrigin } from '../common/same-origin';
import { ThrottleEveryCaller } from '../common/throttling';

export class SignInDto {
  @ApiProperty({ example: 'marie.dupont@bailleur.example' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ format: 'password', maxLength: 200 })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  @ApiProperty({ description: 'at least 12 characters, not common nor guessable (zxcvbn score 3 of 4)' })
  @IsString()
  @Length(1, 1000)
  newPassword!: string;
}

export class PasswordResetRequestDto {
  @ApiProperty()
  @IsEmail()
  @MaxLength(254)
  email!: string;
}

export class PasswordResetDto {
  @ApiProperty({ description: 'the token of the e-mailed link /reset-password/{token}' })
  @IsString()
  @Length(1, 100)
  token!: string;

  @ApiProperty({ description: 'the new password, under the same policy as a change' })
  @IsString()
  @Length(1, 1000)
  password!: string;
}

export class SecondFactorDto {
  @ApiProperty({ description: 'the 6-digit code of the authenticator app, or an unused recovery code' })
  @IsString()
  @Length(1, 32)
  code!: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(TwoFactorService) private readonly twoFactor: TwoFactorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('token')
  @HttpCode(200)
  @Public()
  @ThrottleEveryCaller()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @ApiOperation({ summary: 'Sign in for the API: a bearer token' })
  async token(@Body() body: SignInDto, @Req() request: FastifyRequest) {
    assertSameOrigin(request, this.config.publicBaseUrl);
    const signedIn = await this.signIn(body, request.ip, 'bearer');
    return {
      token: signedIn.token,
      tokenType: 'Bearer',
      expiresAt: signedIn.expiresAt.toISOString(),
      user: { id: signedIn.principal.userId, role: signedIn.principal.role },
      secondFactor: signedIn.principal.secondFactor ?? null,
    };
  }

  @Post('session')
  @HttpCode(200)
  @Public()
  @ThrottleEveryCaller()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @ApiOperation({ summary: 'Sign in for the pages: a secure, http-only session cookie and a CSRF token' })
  async session(
    @Body() body: SignInDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    assertSameOrigin(request, this.config.publicBaseUrl);
    const signedIn = await this.signIn(body, request.ip, 'cookie');
    setSessionCookie(reply, signedIn);
    return {
      csrfToken: signedIn.csrfToken,
      expiresAt: signedIn.expiresAt.toISOString(),
      user: { id: signedIn.principal.userId, role: signedIn.principal.role },
      secondFactor: signedIn.principal.secondFactor ?? null,
    };
  }

  @Post('second-factor')
  @HttpCode(200)
  @Allow('session.self')
  @SecondFactorStep('code')
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @ApiOperation({
    summary: 'After the password, the two-factor code (or a recovery code): the session opens (401 if wrong)',
  })
  async secondFactor(
    @Body() body: SecondFactorDto,
    @CurrentUser() user: UserPrincipal,
    @Req() request: FastifyRequest,
  ) {
    if (!user.secondFactor) return { user: { id: user.userId, role: user.role }, secondFactor: null };
    const check = await this.twoFactor.verify(user.userId, user.sessionId, body.code, request.ip);
    if (!check.ok && check.reason === 'throttled') {
      throw new HttpException(
        { message: 'Too many wrong codes; try again later' },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (!check.ok) throw new UnauthorizedException({ message: 'Wrong code' });
    return {
      user: { id: user.userId, role: user.role },
      secondFactor: null,
      usedRecoveryCode: check.by === 'recovery',
    };
  }

  @Post('two-factor')
  @HttpCode(200)
  @Allow('session.self')
  @SecondFactorStep('enrol')
  @ApiOperation({
    summary: 'Start two-factor enrolment: a new TOTP secret and its otpauth URI (409 if already on)',
  })
  async beginTwoFactor(@CurrentUser() user: UserPrincipal) {
    const enrolment = await this.twoFactor.beginEnrolment(user.userId);
    return { secret: enrolment.secret, otpauthUri: enrolment.uri };
  }

  @Post('two-factor/confirm')
  @HttpCode(200)
  @Allow('session.self')
  @SecondFactorStep('enrol')
  @ApiOperation({
    summary: 'Confirm enrolment with a first code: two-factor sign-in is on; the recovery codes, once',
  })
  async confirmTwoFactor(@Body() body: SecondFactorDto, @CurrentUser() user: UserPrincipal) {
    return { recoveryCodes: await this.twoFactor.confirmEnrolment(user.userId, user.sessionId, body.code) };
  }

  @Post('password')
  @HttpCode(204)
  @Allow('session.self')
  @ApiOperation({
    summary: 'Change one’s own password (the current one required); every other session is revoked',
  })
  async changePassword(@Body() body: ChangePasswordDto, @CurrentUser() user: UserPrincipal) {
    await this.accounts.changePassword(user.userId, user.sessionId, body.currentPassword, body.newPassword);
  }

  @Post('password-reset')
  @HttpCode(202)
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 5, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Ask for a reset link by e-mail; the same 202 whether or not the address has an account',
  })
  async requestReset(@Body() body: PasswordResetRequestDto, @Req() request: FastifyRequest) {
    assertSameOrigin(request, this.config.publicBaseUrl);
    await this.accounts.requestReset(body.email);
    return { message: 'If an account has this address, a reset link is on its way' };
  }

  @Post('password-reset/confirm')
  @HttpCode(204)
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  @ApiOperation({
    summary: 'Set a new password with an e-mailed link (404 unknown, used or expired); all sessions end',
  })
  async reset(@Body() body: PasswordResetDto, @Req() request: FastifyRequest) {
    assertSameOrigin(request, this.config.publicBaseUrl);
    await this.accounts.resetPassword(body.token, body.password);
  }

  @Post('sign-out')
  @HttpCode(204)
  @Allow('session.self')
  @SecondFactorStep('code', 'enrol')
  @ApiOperation({ summary: 'Revoke the current token or session' })
  async signOut(@CurrentUser() user: UserPrincipal, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.auth.signOut(user.sessionId);
    if (user.via === 'cookie') clearSessionCookie(reply);
  }

  @Get('me')
  @Allow('session.self')
  @SecondFactorStep('code', 'enrol')
  me(@CurrentUser() user: UserPrincipal) {
    return {
      id: user.userId,
      role: user.role,
      secondFactor: user.secondFactor ?? null,
      memberships: user.memberships,
      partnerOrganisationId: user.partnerOrganisationId,
      contractorId: user.contractorId,
    };
  }

  private async signIn(body: SignInDto, ip: string, kind: 'bearer' | 'cookie') {
    try {
      const signedIn = await this.auth.signIn(body.email, body.password, ip, kind);
      if (!signedIn) throw new UnauthorizedException({ message: 'Wrong email or password' });
      return signedIn;
    } catch (e) {
      if (e instanceof SignInThrottled) {
        throw new HttpException(
          { message: e.message, retryAfterSeconds: e.retryAfterSeconds },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
      throw e;
    }
  }
}
