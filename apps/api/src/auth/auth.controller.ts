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
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { UseGuards } from '@nestjs/common';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService, SignInThrottled } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { Allow, CurrentUser, Public, clearSessionCookie, setSessionCookie } from '../common/access';
import { ThrottleEveryCaller } from '../common/throttling';

export class SignInDto {
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @IsString()
  @Length(1, 200)
  password!: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('token')
  @HttpCode(200)
  @Public()
  @ThrottleEveryCaller()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  @ApiOperation({ summary: 'Sign in for the API: a bearer token' })
  async token(@Body() body: SignInDto, @Req() request: FastifyRequest) {
    const signedIn = await this.signIn(body, request.ip, 'bearer');
    return {
      token: signedIn.token,
      tokenType: 'Bearer',
      expiresAt: signedIn.expiresAt.toISOString(),
      user: { id: signedIn.principal.userId, role: signedIn.principal.role },
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
    const signedIn = await this.signIn(body, request.ip, 'cookie');
    setSessionCookie(reply, signedIn);
    return {
      csrfToken: signedIn.csrfToken,
      expiresAt: signedIn.expiresAt.toISOString(),
      user: { id: signedIn.principal.userId, role: signedIn.principal.role },
    };
  }

  @Post('sign-out')
  @HttpCode(204)
  @Allow('session.self')
  @ApiOperation({ summary: 'Revoke the current token or session' })
  async signOut(@CurrentUser() user: UserPrincipal, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.auth.signOut(user.sessionId);
    if (user.via === 'cookie') clearSessionCookie(reply);
  }

  @Get('me')
  @Allow('session.self')
  me(@CurrentUser() user: UserPrincipal) {
    return {
      id: user.userId,
      role: user.role,
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
