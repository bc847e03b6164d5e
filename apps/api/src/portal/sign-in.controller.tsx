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
import { Button, Csrf, ErrorSummary, Notice, TextField } from './components';
import { sameSitePath } from '../common/safe-headers';
import { emptyForm, formValues, valueOf } from './forms';
import type { FormState } from './forms';
import { dictionary } from './i18n';
import { Layout, homeOf } from './layout';
import { Page, seeOther, sendPage } from './page';
import type { PageContext } from './page';
import { PageErrorFilter } from './page-errors.filter';
import { ThrottleEveryCaller } from '../common/throttling';

const words = dictionary({
  fr: {
    title: 'Connexion',
    intro:
      'Pour les chargés de clientèle, les entreprises partenaires, les travailleurs sociaux et les fédérations.',
    tenants: 'Vous êtes locataire ? Vous n’avez pas besoin de compte :',
    tenantsLink: 'suivez votre dossier avec votre référence.',
    email: 'Adresse e-mail',
    password: 'Mot de passe',
    submit: 'Se connecter',
    wrong: 'Adresse e-mail ou mot de passe incorrect.',
    throttled: (s: number) => `Trop de tentatives. Réessayez dans ${Math.ceil(s / 60)} minute(s).`,
    forgot: 'Mot de passe oublié ?',
    resetDone: 'Mot de passe enregistré. Connectez-vous avec le nouveau mot de passe.',
    codeTitle: 'Code de connexion',
    codeIntro:
      'Saisissez le code à 6 chiffres de votre application d’authentification, ou un de vos codes de secours.',
    code: 'Code',
    codeSubmit: 'Valider',
    wrongCode: 'Ce code ne convient pas.',
    codeThrottled: 'Trop de codes erronés. Réessayez dans 15 minutes.',
    cancel: 'Annuler et se déconnecter',
  },
  en: {
    title: 'Sign in',
    intro: 'For landlord staff, contractors, social workers and tenant federations.',
    tenants: 'Are you a tenant? You need no account:',
    tenantsLink: 'follow your case with its reference.',
    email: 'Email address',
    password: 'Password',
    submit: 'Sign in',
    wrong: 'Wrong email address or password.',
    throttled: (s: number) => `Too many attempts. Try again in ${Math.ceil(s / 60)} minute(s).`,
    forgot: 'Forgotten password?',
    resetDone: 'Password saved. Sign in with the new password.',
    codeTitle: 'Sign-in code',
    codeIntro: 'Type the 6-digit code of your authenticator app, or one of your recovery codes.',
    code: 'Code',
    codeSubmit: 'Continue',
    wrongCode: 'This code is not right.',
    codeThrottled: 'Too many wrong codes. Try again in 15 minutes.',
    cancel: 'Cancel and sign out',
  },
});

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

function codePage(page: PageContext, form: FormState, next: string | null) {
  const t = words(page.lang);
  return (
    <Layout page={page} title={t.codeTitle}>
      <h1>{t.codeTitle}</h1>
      <ErrorSummary form={form} lang={page.lang} labels={{ code: t.code }} />
      <p>{t.codeIntro}</p>
      <form method="post" action="/sign-in/code" noValidate>
        <Csrf page={page} />
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <TextField
          name="code"
          label={t.code}
          form={form}
          lang={page.lang}
          required
          autoComplete="one-time-code"
          maxLength={32}
          size="short"
        />
        <Button>{t.codeSubmit}</Button>
      </form>
      <form method="post" action="/sign-out">
        <Csrf page={page} />
        <Button kind="secondary">{t.cancel}</Button>
      </form>
    </Layout>
  );
}

function signInPage(page: PageContext, form: FormState, next: string | null, resetDone = false) {
  const t = words(page.lang);
  return (
    <Layout page={page} title={t.title}>
      <h1>{t.title}</h1>
      {resetDone ? <Notice kind="success">{t.resetDone}</Notice> : null}
      <p>{t.intro}</p>
      <p>
        {t.tenants} <a href="/follow">{t.tenantsLink}</a>
      </p>
      <ErrorSummary form={form} lang={page.lang} labels={{ email: t.email }} />
      <form method="post" action="/sign-in" noValidate>
        {next ? <input type="hidden" name="next" value={next} /> : null}
        <TextField
          name="email"
          type="email"
          label={t.email}
          form={form}
          lang={page.lang}
          required
          autoComplete="username"
        />
        <TextField
          name="password"
          type="password"
          label={t.password}
          form={form}
          lang={page.lang}
          required
          autoComplete="current-password"
        />
        <Button>{t.submit}</Button>
      </form>
      <p>
        <a href="/forgot-password">{t.forgot}</a>
      </p>
    </Layout>
  );
}
