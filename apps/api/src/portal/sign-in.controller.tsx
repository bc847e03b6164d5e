import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService, SignInThrottled, TwoFactorService } from '@suivi/access';
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
import { sameSitePath } from '../common/safe-headers';
import { emptyForm, formValues, valueOf } from './forms';
import type { FormState } from './forms';
import { homeOf } from './layout';
import { Page, seeOther, sendPage } from './page';
import type { PageContext } from './page';
import { PageErrorFilter } from './page-errors.filter';
import { ThrottleEveryCaller } from '../common/throttling';
import { words } from './sign-in.words';
import { codePage, signInPage } from './sign-in.view';

/** Only a plain path on this site is followed after sign-in (no open redirect, no unsafe header). */
const safeNext = sameSitePath;

@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class SignInPages {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(TwoFactorService) private readonly twoFactor: TwoFactorService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('sign-in')
  @Public()
  form(
    @Page() page: PageContext,
    @Query('next') next: string | undefined,
    @Query('reset') reset: unknown,
    @Res() reply: FastifyReply,
  ) {
    sendPage(reply, signInPage(page, emptyForm(), safeNext(next), reset === 'done'));
  }

  /** After the password, when two-step sign-in is on: the code (or a recovery code) opens the session. */
  @Get('sign-in/code')
  @Allow('session.self')
  @SecondFactorStep('code')
  code(
    @Page() page: PageContext,
    @CurrentUser() user: UserPrincipal,
    @Query('next') next: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    if (!user.secondFactor) return seeOther(reply, homeOf(user.role));
    sendPage(reply, codePage(page, emptyForm(), safeNext(next)));
  }

  @Post('sign-in/code')
  @Allow('session.self')
  @SecondFactorStep('code')
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  async checkCode(
    @Page() page: PageContext,
    @CurrentUser() user: UserPrincipal,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const form: FormState = { values: formValues(body), errors: {} };
    const next = safeNext(valueOf(form, 'next'));
    if (!user.secondFactor) return seeOther(reply, next ?? homeOf(user.role));
    const check = await this.twoFactor.verify(user.userId, user.sessionId, valueOf(form, 'code'), request.ip);
    if (check.ok) return seeOther(reply, next ?? homeOf(user.role));
    form.errors = { code: check.reason === 'throttled' ? t.codeThrottled : t.wrongCode };
    sendPage(reply, codePage(page, form, next), check.reason === 'throttled' ? 429 : 401);
  }

  @Post('sign-in')
  @Public()
  @ThrottleEveryCaller()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 30, ttl: 60_000 } })
  async signIn(
    @Page() page: PageContext,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    // Login CSRF: another site's form must not sign the visitor in (as the attacker).
    assertSameOrigin(request, this.config.publicBaseUrl);
    const t = words(page.lang);
    const form: FormState = { values: formValues(body), errors: {} };
    const next = safeNext(valueOf(form, 'next'));
    try {
      const signedIn = await this.auth.signIn(
        valueOf(form, 'email').trim(),
        valueOf(form, 'password'),
        request.ip,
        'cookie',
      );
      if (!signedIn) {
        form.errors = { email: t.wrong };
        return sendPage(reply, signInPage(page, form, next), 401);
      }
      setSessionCookie(reply, signedIn);
      const step = signedIn.principal.secondFactor;
      if (step === 'code') {
        return seeOther(reply, `/sign-in/code${next ? `?next=${encodeURIComponent(next)}` : ''}`);
      }
      if (step === 'enrol') return seeOther(reply, '/account/two-factor');
      seeOther(reply, next ?? homeOf(signedIn.principal.role));
    } catch (e) {
      if (!(e instanceof SignInThrottled)) throw e;
      form.errors = { email: t.throttled(e.retryAfterSeconds) };
      sendPage(reply, signInPage(page, form, next), 429);
    }
  }

  @Post('sign-out')
  @Allow('session.self')
  @SecondFactorStep('code', 'enrol')
  async signOut(@CurrentUser() user: UserPrincipal, @Res() reply: FastifyReply) {
    await this.auth.signOut(user.sessionId);
    clearSessionCookie(reply);
    seeOther(reply, '/');
  }
}
