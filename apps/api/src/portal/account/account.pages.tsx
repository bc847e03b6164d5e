import { Body, Controller, Get, Inject, Post, Query, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountsService, TwoFactorService, passwordProblem } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { Allow, CurrentUser, SecondFactorStep } from '../../common/access';
import { Button, Csrf, ErrorSummary, Notice, TextField } from '../components';
import { emptyForm, formValues, invalidInputOf, valueOf } from '../forms';
import type { FormState } from '../forms';
import { Layout, homeOf } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { words } from './account.words';

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
