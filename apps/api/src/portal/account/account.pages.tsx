import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccountsService, TwoFactorService, passwordProblem } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { Allow, CurrentUser, Public, SecondFactorStep } from '../../common/access';
import { assertSameOrigin } from '../../common/same-origin';
import { Button, Csrf, ErrorSummary, Notice, TextField } from '../components';
import { emptyForm, formValues, invalidInputOf, valueOf } from '../forms';
import type { FormState } from '../forms';
import { dictionary } from '../i18n';
import { Layout, homeOf } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';

const words = dictionary({
  fr: {
    title: 'Mon compte',
    passwordTitle: 'Changer de mot de passe',
    passwordIntro:
      'Après le changement, vos autres sessions (autres navigateurs, jetons d’API) sont fermées ; celle-ci reste ouverte.',
    current: 'Mot de passe actuel',
    newPassword: 'Nouveau mot de passe',
    newHint:
      '12 caractères au moins. Les mots de passe courants ou faciles à deviner sont refusés : plusieurs mots peu courants conviennent bien.',
    save: 'Changer le mot de passe',
    wrongCurrent: 'Le mot de passe actuel est incorrect.',
    changed: 'Mot de passe changé. Vos autres sessions sont fermées.',
    twoFactorTitle: 'Connexion en deux étapes',
    twoFactorOn: (n: number) =>
      `La connexion en deux étapes est active. Il vous reste ${n} code(s) de secours.`,
    twoFactorOff: 'La connexion en deux étapes n’est pas active.',
    twoFactorSetUp: 'Activer la connexion en deux étapes',
    enrolTitle: 'Activer la connexion en deux étapes',
    enrolRequired: 'Votre rôle demande la connexion en deux étapes : activez-la pour continuer.',
    enrolIntro:
      'Scannez ce code QR avec une application d’authentification (FreeOTP, Aegis, Google Authenticator…), puis saisissez le code à 6 chiffres qu’elle affiche.',
    qr: 'Code QR à scanner avec l’application',
    manual: 'Ou saisissez cette clé dans l’application :',
    code: 'Code à 6 chiffres',
    confirm: 'Activer',
    wrongCode: 'Ce code ne correspond pas. Vérifiez l’heure de votre téléphone et saisissez le code affiché.',
    codesTitle: 'Vos codes de secours',
    codesIntro:
      'La connexion en deux étapes est active. Notez ces codes et gardez-les en lieu sûr : chacun permet une connexion si vous n’avez plus votre téléphone. Ils ne seront plus affichés.',
    continue: 'Continuer',
    already: 'La connexion en deux étapes est déjà active.',
  },
  en: {
    title: 'My account',
    passwordTitle: 'Change password',
    passwordIntro:
      'After the change, your other sessions (other browsers, API tokens) are closed; this one stays open.',
    current: 'Current password',
    newPassword: 'New password',
    newHint:
      'At least 12 characters. Common or easily guessed passwords are refused: several uncommon words work well.',
    save: 'Change the password',
    wrongCurrent: 'The current password is wrong.',
    changed: 'Password changed. Your other sessions are closed.',
    twoFactorTitle: 'Two-step sign-in',
    twoFactorOn: (n: number) => `Two-step sign-in is on. You have ${n} recovery code(s) left.`,
    twoFactorOff: 'Two-step sign-in is off.',
    twoFactorSetUp: 'Turn on two-step sign-in',
    enrolTitle: 'Turn on two-step sign-in',
    enrolRequired: 'Your role requires two-step sign-in: turn it on to continue.',
    enrolIntro:
      'Scan this QR code with an authenticator app (FreeOTP, Aegis, Google Authenticator…), then type the 6-digit code it shows.',
    qr: 'QR code to scan with the app',
    manual: 'Or type this key into the app:',
    code: '6-digit code',
    confirm: 'Turn on',
    wrongCode: 'This code does not match. Check your phone’s clock and type the code shown.',
    codesTitle: 'Your recovery codes',
    codesIntro:
      'Two-step sign-in is on. Write these codes down and keep them safe: each one signs you in once if you lose your phone. They will not be shown again.',
    continue: 'Continue',
    already: 'Two-step sign-in is already on.',
  },
});

const resetWords = dictionary({
  fr: {
    forgotTitle: 'Mot de passe oublié',
    forgotIntro:
      'Saisissez l’adresse e-mail de votre compte : si un compte l’utilise, un lien pour choisir un nouveau mot de passe y est envoyé (valable une heure).',
    email: 'Adresse e-mail',
    send: 'Envoyer le lien',
    sent: 'Si un compte utilise cette adresse, un lien vient d’y être envoyé. Il est valable une heure et ne sert qu’une fois.',
    resetTitle: 'Choisir un nouveau mot de passe',
    resetIntro: 'Toutes les sessions ouvertes de votre compte seront fermées.',
    password: 'Nouveau mot de passe',
    hint: '12 caractères au moins. Les mots de passe courants ou faciles à deviner sont refusés.',
    save: 'Enregistrer le mot de passe',
    gone: 'Ce lien ne fonctionne plus : il a déjà servi ou a expiré. Demandez-en un nouveau.',
    askAgain: 'Demander un nouveau lien',
    done: 'Mot de passe enregistré. Connectez-vous avec le nouveau mot de passe.',
    signIn: 'Se connecter',
  },
  en: {
    forgotTitle: 'Forgotten password',
    forgotIntro:
      'Type your account’s email address: if an account uses it, a link to choose a new password is sent to it (it works for one hour).',
    email: 'Email address',
    send: 'Send the link',
    sent: 'If an account uses this address, a link has just been sent to it. It works once, for one hour.',
    resetTitle: 'Choose a new password',
    resetIntro: 'Every open session of your account will be closed.',
    password: 'New password',
    hint: 'At least 12 characters. Common or easily guessed passwords are refused.',
    save: 'Save the password',
    gone: 'This link no longer works: it was used or has expired. Ask for a new one.',
    askAgain: 'Ask for a new link',
    done: 'Password saved. Sign in with the new password.',
    signIn: 'Sign in',
  },
});

/**
 * A signed-in person's own account: changing the password, and two-step sign-in (TOTP enrolment with a QR
 * code drawn on the server, recovery codes shown once). Administrators the deployment requires to use it
 * are sent here before anything else.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('account')
export class AccountPages {
  constructor(
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(TwoFactorService) private readonly twoFactor: TwoFactorService,
  ) {}

  @Get()
  @Allow('session.self')
  async show(
    @Page() page: PageContext,
    @CurrentUser() user: UserPrincipal,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    sendPage(reply, await this.accountPage(page, user, emptyForm(), done === 'password' ? t.changed : null));
  }

  @Post('password')
  @Allow('session.self')
  async changePassword(
    @Page() page: PageContext,
    @CurrentUser() user: UserPrincipal,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const form: FormState = { values: formValues(body), errors: {} };
    const current = valueOf(form, 'currentPassword');
    const next = valueOf(form, 'newPassword');
    const problem = passwordProblem(next, await this.accounts.userInputsOf(user.userId), page.lang);
    if (problem) form.errors.newPassword = problem;
    if (!current) form.errors.currentPassword = t.wrongCurrent;
    if (Object.keys(form.errors).length === 0) {
      try {
        await this.accounts.changePassword(user.userId, user.sessionId, current, next);
        return seeOther(reply, '/account?done=password');
      } catch (e) {
        const invalid = invalidInputOf(e);
        if (!invalid) throw e;
        if (invalid.currentPassword) form.errors.currentPassword = t.wrongCurrent;
        if (invalid.newPassword) form.errors.newPassword = invalid.newPassword;
      }
    }
    sendPage(reply, await this.accountPage(page, user, form, null), 400);
  }

  @Get('two-factor')
  @Allow('session.self')
  @SecondFactorStep('enrol')
  async enrol(@Page() page: PageContext, @CurrentUser() user: UserPrincipal, @Res() reply: FastifyReply) {
    if (await this.twoFactor.enabled(user.userId)) return seeOther(reply, '/account');
    sendPage(reply, await this.enrolPage(page, user, emptyForm()));
  }

  @Post('two-factor')
  @Allow('session.self')
  @SecondFactorStep('enrol')
  async confirm(
    @Page() page: PageContext,
    @CurrentUser() user: UserPrincipal,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const form: FormState = { values: formValues(body), errors: {} };
    let codes: string[];
    try {
      codes = await this.twoFactor.confirmEnrolment(user.userId, user.sessionId, valueOf(form, 'code'));
    } catch (e) {
      if (e instanceof DomainError && e.code === DomainErrorCode.Conflict) return seeOther(reply, '/account');
      if (!invalidInputOf(e)) throw e;
      form.errors = { code: t.wrongCode };
      // A new secret each time the page is drawn: the one that failed is replaced, never shown again.
      return sendPage(reply, await this.enrolPage(page, user, form), 400);
    }
    sendPage(
      reply,
      <Layout page={page} title={t.codesTitle}>
        <h1>{t.codesTitle}</h1>
        <p>{t.codesIntro}</p>
        <ul class="recovery-codes">
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <p>
          <a class="button primary" href={homeOf(user.role)}>
            {t.continue}
          </a>
        </p>
      </Layout>,
    );
  }

  private async accountPage(page: PageContext, user: UserPrincipal, form: FormState, done: string | null) {
    const t = words(page.lang);
    const on = await this.twoFactor.enabled(user.userId);
    const left = on ? await this.twoFactor.recoveryCodesLeft(user.userId) : 0;
    return (
      <Layout page={page} title={t.title}>
        <h1>{t.title}</h1>
        {done ? <Notice kind="success">{done}</Notice> : null}
        <ErrorSummary
          form={form}
          lang={page.lang}
          labels={{ currentPassword: t.current, newPassword: t.newPassword }}
        />
        <h2>{t.passwordTitle}</h2>
        <p>{t.passwordIntro}</p>
        <form method="post" action="/account/password" noValidate>
          <Csrf page={page} />
          <TextField
            name="currentPassword"
            type="password"
            label={t.current}
            form={form}
            lang={page.lang}
            required
            autoComplete="current-password"
          />
          <TextField
            name="newPassword"
            type="password"
            label={t.newPassword}
            hint={t.newHint}
            form={form}
            lang={page.lang}
            required
            autoComplete="new-password"
          />
          <Button>{t.save}</Button>
        </form>
        <h2>{t.twoFactorTitle}</h2>
        {on ? (
          <p>{t.twoFactorOn(left)}</p>
        ) : (
          <>
            <p>{t.twoFactorOff}</p>
            <p>
              <a href="/account/two-factor">{t.twoFactorSetUp}</a>
            </p>
          </>
        )}
      </Layout>
    );
  }

  private async enrolPage(page: PageContext, user: UserPrincipal, form: FormState) {
    const t = words(page.lang);
    const enrolment = await this.twoFactor.beginEnrolment(user.userId);
    // The QR code is an SVG drawn by `qrcode` from our own otpauth URI: no script, nothing from the person.
    const qr = `data:image/svg+xml;base64,${Buffer.from(enrolment.qrSvg).toString('base64')}`;
    return (
      <Layout page={page} title={t.enrolTitle}>
        <h1>{t.enrolTitle}</h1>
        {user.secondFactor === 'enrol' ? <Notice kind="warning">{t.enrolRequired}</Notice> : null}
        <ErrorSummary form={form} lang={page.lang} labels={{ code: t.code }} />
        <p>{t.enrolIntro}</p>
        <p>
          <img class="qr" src={qr} alt={t.qr} width={220} height={220} />
        </p>
        <p>
          {t.manual} <code class="totp-secret">{enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
        </p>
        <form method="post" action="/account/two-factor" noValidate>
          <Csrf page={page} />
          <TextField
            name="code"
            label={t.code}
            form={form}
            lang={page.lang}
            required
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            size="short"
          />
          <Button>{t.confirm}</Button>
        </form>
      </Layout>
    );
  }
}

/** Forgotten passwords: asking for a link (the same answer for every address) and using it. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class PasswordResetPages {
  constructor(
    @Inject(AccountsService) private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('forgot-password')
  @Public()
  forgot(@Page() page: PageContext, @Query('done') done: unknown, @Res() reply: FastifyReply) {
    sendPage(reply, this.forgotPage(page, emptyForm(), done === 'sent'));
  }

  @Post('forgot-password')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 5, ttl: 60_000 } })
  async ask(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    assertSameOrigin(request, this.config.publicBaseUrl);
    const form: FormState = { values: formValues(body), errors: {} };
    const email = valueOf(form, 'email').trim();
    if (/^[^\s@]{1,64}@[^\s@]{1,189}$/.test(email)) await this.accounts.requestReset(email);
    // Every address, known or not, well-formed or not, gets the same page.
    seeOther(reply, '/forgot-password?done=sent');
  }

  @Get('reset-password/:token')
  @Public()
  async resetForm(@Page() page: PageContext, @Param('token') token: string, @Res() reply: FastifyReply) {
    const valid = await this.accounts.resetLinkValid(token);
    sendPage(reply, this.resetPage(page, token, emptyForm(), valid), valid ? 200 : 404);
  }

  @Post('reset-password/:token')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  async reset(
    @Page() page: PageContext,
    @Param('token') token: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    assertSameOrigin(request, this.config.publicBaseUrl);
    const form: FormState = { values: formValues(body), errors: {} };
    try {
      const inputs = await this.accounts.resetUserInputs(token);
      if (!inputs) return sendPage(reply, this.resetPage(page, token, form, false), 404);
      const problem = passwordProblem(valueOf(form, 'password'), inputs, page.lang);
      if (problem) form.errors.password = problem;
      else await this.accounts.resetPassword(token, valueOf(form, 'password'));
    } catch (e) {
      if (e instanceof DomainError && e.code === DomainErrorCode.NotFound) {
        return sendPage(reply, this.resetPage(page, token, form, false), 404);
      }
      const invalid = invalidInputOf(e);
      if (!invalid) throw e;
      form.errors.password = invalid.password ?? Object.values(invalid)[0];
    }
    if (Object.keys(form.errors).length > 0) {
      return sendPage(reply, this.resetPage(page, token, form, true), 400);
    }
    seeOther(reply, '/sign-in?reset=done');
  }

  private forgotPage(page: PageContext, form: FormState, sent: boolean) {
    const t = resetWords(page.lang);
    return (
      <Layout page={page} title={t.forgotTitle}>
        <h1>{t.forgotTitle}</h1>
        {sent ? <Notice kind="success">{t.sent}</Notice> : null}
        <p>{t.forgotIntro}</p>
        <form method="post" action="/forgot-password" noValidate>
          <TextField
            name="email"
            type="email"
            label={t.email}
            form={form}
            lang={page.lang}
            required
            autoComplete="username"
          />
          <Button>{t.send}</Button>
        </form>
      </Layout>
    );
  }

  private resetPage(page: PageContext, token: string, form: FormState, valid: boolean) {
    const t = resetWords(page.lang);
    return (
      <Layout page={page} title={t.resetTitle}>
        <h1>{t.resetTitle}</h1>
        {valid ? (
          <>
            <ErrorSummary form={form} lang={page.lang} labels={{ password: t.password }} />
            <p>{t.resetIntro}</p>
            <form method="post" action={`/reset-password/${encodeURIComponent(token)}`} noValidate>
              <TextField
                name="password"
                type="password"
                label={t.password}
                hint={t.hint}
                form={form}
                lang={page.lang}
                required
                autoComplete="new-password"
              />
              <Button>{t.save}</Button>
            </form>
          </>
        ) : (
          <>
            <p>{t.gone}</p>
            <p>
              <a href="/forgot-password">{t.askAgain}</a>
            </p>
          </>
        )}
      </Layout>
    );
  }
}
