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
import { AccountsService, passwordProblem } from '@suivi/access';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { Public } from '../../common/access';
import { assertSameOrigin } from '../../common/same-origin';
import { Button, ErrorSummary, Notice, TextField } from '../components';
import { emptyForm, formValues, invalidInputOf, valueOf } from '../forms';
import type { FormState } from '../forms';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { resetWords } from './account.words';

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
