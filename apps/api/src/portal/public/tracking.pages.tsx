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
import { AttemptLimiter } from '@suivi/access';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { LinksService } from '@suivi/complaints';
import { Public } from '../../common/access';
import { TrackingLinkResender } from '@suivi/notifications';
import { lockedLookup, lockedResend } from '../../tracking/tracking.controller';
import { emptyForm, formValues, valueOf } from '../forms';
import type { FormState } from '../forms';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import { TenantActions, doneNotice } from './tenant-actions';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { ThrottleEveryCaller } from '../../common/throttling';
import { words } from './tracking.words';
import { followPage, TrackingPage, Confirmation } from './tracking.view';

/** The tenant's pages without an account: home, finding a case, the tracking page. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class TrackingPages {
  constructor(
    @Inject(LinksService) private readonly links: LinksService,
    @Inject(AttemptLimiter) private readonly attempts: AttemptLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TrackingLinkResender) private readonly resender: TrackingLinkResender,
  ) {}

  @Get()
  @Public()
  home(@Page() page: PageContext, @Res() reply: FastifyReply) {
    const t = words(page.lang);
    sendPage(
      reply,
      <Layout page={page} title={t.fileCta}>
        <h1>{t.homeTitle}</h1>
        <p>{t.homeIntro}</p>
        <div class="actions">
          <a class="button primary" href="/file">
            {t.fileCta}
          </a>
          <a class="button secondary" href="/follow">
            {t.followCta}
          </a>
        </div>
        <h2>{t.noInternet}</h2>
        <p>{t.noInternetText}</p>
        <p>
          {t.staff} <a href="/sign-in">{t.staffLink}</a>
        </p>
      </Layout>,
    );
  }

  @Get('follow')
  @Public()
  followForm(@Page() page: PageContext, @Res() reply: FastifyReply) {
    sendPage(reply, followPage(page, emptyForm()));
  }

  @Post('follow')
  @Public()
  @ThrottleEveryCaller()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  async follow(
    @Page() page: PageContext,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const form: FormState = { values: formValues(body), errors: {} };
    const reference = valueOf(form, 'reference').trim();
    const verifier = valueOf(form, 'verifier').trim();
    if (!reference) form.errors.reference = t.missing;
    if (!verifier) form.errors.verifier = t.missing;
    if (reference.length > 60) form.errors.reference = t.notFound;
    if (Object.keys(form.errors).length) return sendPage(reply, followPage(page, form), 400);
    const found = await lockedLookup(
      this.links,
      this.attempts,
      reference,
      verifier.slice(0, 254),
      request.ip,
    );
    if (found && typeof found === 'object' && 'refused' in found) {
      form.errors._form = t.locked(found.retryAfterSeconds);
      return sendPage(reply, followPage(page, form), 429);
    }
    if (found === 'recheck') {
      form.errors.reference = t.recheck;
      return sendPage(reply, followPage(page, form), 400);
    }
    if (!found) {
      form.errors._form = t.notFound;
      return sendPage(reply, followPage(page, form), 404);
    }
    seeOther(reply, `/t/${found.trackingToken}`);
  }

  /**
   * "Send me the link again" (issue 14, J5): the reference only, the link goes to the contact on file. The
   * answer is the same whether the reference exists, has a contact, or is over its limit (lockedResend).
   */
  @Post('follow/resend')
  @Public()
  @ThrottleEveryCaller()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  async resend(
    @Page() page: PageContext,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const form: FormState = { values: formValues(body), errors: {} };
    const reference = valueOf(form, 'resendReference').trim();
    const asked = valueOf(form, 'resendChannel');
    const channel = asked === 'sms' || asked === 'email' ? asked : undefined;
    if (!reference) form.errors.resendReference = t.missing;
    if (reference.length > 60) form.errors.resendReference = t.notFound;
    if (Object.keys(form.errors).length) return sendPage(reply, followPage(page, emptyForm(), form), 400);
    const outcome = await lockedResend(this.resender, this.attempts, reference, channel, request.ip);
    if (outcome === 'recheck') {
      form.errors.resendReference = t.recheck;
      return sendPage(reply, followPage(page, emptyForm(), form), 400);
    }
    sendPage(reply, followPage(page, emptyForm(), emptyForm(), t.resendDone));
  }

  @Get('t/:token')
  @Public()
  async tracking(
    @Page() page: PageContext,
    @Param('token') token: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.links.trackingView(token);
    const preferences = await this.links.preferencesPath(token);
    // Only the holder of the link sees the confirmation: it adds nothing the link does not already open.
    const filed = query.filed === '1';
    sendPage(
      reply,
      <TrackingPage
        page={page}
        view={view}
        token={token}
        notice={doneNotice(query.done, page.lang)}
        confirmation={
          filed ? (
            <Confirmation page={page} view={view} link={`${this.config.publicBaseUrl}/t/${token}`} />
          ) : undefined
        }
        actions={<TenantActions view={view} token={token} lang={page.lang} form={emptyForm()} />}
        preferences={preferences}
      />,
    );
  }
}
