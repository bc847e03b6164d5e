import { Body, Controller, Get, Inject, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthService, SignInThrottled } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { Allow, CurrentUser, Public, clearSessionCookie, setSessionCookie } from '../common/access';
import { Button, ErrorSummary, TextField } from './components';
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
  },
});

/** Only a path on this site is followed after sign-in (no open redirect). */
const safeNext = (next: unknown): string | null =>
  typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : null;

@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class SignInPages {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Get('sign-in')
  @Public()
  form(@Page() page: PageContext, @Query('next') next: string | undefined, @Res() reply: FastifyReply) {
    sendPage(reply, signInPage(page, emptyForm(), safeNext(next)));
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
      seeOther(reply, next ?? homeOf(signedIn.principal.role));
    } catch (e) {
      if (!(e instanceof SignInThrottled)) throw e;
      form.errors = { email: t.throttled(e.retryAfterSeconds) };
      sendPage(reply, signInPage(page, form, next), 429);
    }
  }

  @Post('sign-out')
  @Allow('session.self')
  async signOut(@CurrentUser() user: UserPrincipal, @Res() reply: FastifyReply) {
    await this.auth.signOut(user.sessionId);
    clearSessionCookie(reply);
    seeOther(reply, '/');
  }
}

function signInPage(page: PageContext, form: FormState, next: string | null) {
  const t = words(page.lang);
  return (
    <Layout page={page} title={t.title}>
      <h1>{t.title}</h1>
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
    </Layout>
  );
}
