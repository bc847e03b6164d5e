import { Body, Controller, Inject, Param, Post, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { LinksService } from '@suivi/complaints';
import { DomainError, DomainErrorCode, visibleText } from '@suivi/domain';
import { Public } from '../../common/access';
import { RatingDto, TenantActionDto, tenantCommand } from '../../tracking/tracking.controller';
import { Notice } from '../components';
import { validateForm, valueOf } from '../forms';
import { linkHolderAction } from '../link-actions';
import { Page } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { ALL_TENANT_ACTIONS, TenantActions } from './tenant-actions';
import { actionWords } from './tenant-actions.words';
import { TrackingPage } from './tracking.view';

/** The tenant's posts from the tracking page; the same service calls as the JSON TrackingController. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('t')
export class TenantActionPages {
  constructor(@Inject(LinksService) private readonly links: LinksService) {}

  @Post(':token/:action')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  async act(
    @Page() page: PageContext,
    @Param('token') token: string,
    @Param('action') action: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    const t = actionWords(page.lang);
    await linkHolderAction({
      action,
      offered: ALL_TENANT_ACTIONS,
      body,
      home: `/t/${token}`,
      reply,
      render: async (form, notice) => {
        const view = await this.links.trackingView(token);
        return (
          <TrackingPage
            page={page}
            view={view}
            token={token}
            notice={notice ? <Notice kind="warning">{notice}</Notice> : undefined}
            actions={<TenantActions view={view} token={token} lang={page.lang} form={form} open={action} />}
          />
        );
      },
      act: async (form) => {
        if (action === 'rate') {
          const checked = await validateForm(RatingDto, {
            score: Number(valueOf(form, 'rate.score')) || undefined,
            // A comment box left blank (or holding only spaces) is no comment, not a mistake.
            comment: visibleText(valueOf(form, 'rate.comment')),
          });
          if (!checked.ok) {
            if (checked.errors.score) form.errors['rate.score'] = t.chooseScore;
            if (checked.errors.comment) form.errors['rate.comment'] = t.tooLong;
            return { status: 400 };
          }
          await this.links.rate(token, checked.value.score, checked.value.comment);
          return { done: true };
        }
        const text = valueOf(form, `${action}.text`);
        const checked = await validateForm(TenantActionDto, {
          action,
          expectedVersion: Number(valueOf(form, 'expectedVersion')) || undefined,
          // tenantCommand reads the one text box as the note, or as the reason for the other actions.
          ...(text.trim() ? { text } : {}),
        });
        if (!checked.ok) {
          if (checked.errors.expectedVersion) return { status: 409, notice: t.conflict };
          form.errors[`${action}.text`] = t.tooLong;
          return { status: 400 };
        }
        await this.links.tenantAct(token, tenantCommand(checked.value), checked.value.expectedVersion);
        return { done: true };
      },
      refused: (refused, e, form) => {
        if (refused.status === 400) {
          form.errors[action === 'rate' ? 'rate.score' : `${action}.text`] = t.missingText;
          return { status: 400 };
        }
        const notice =
          refused.code === DomainErrorCode.ReopenWindowExpired
            ? t.reopenExpired
            : e instanceof DomainError && e.details.worksReported === false
              ? t.worksNotReported
              : action === 'rate' && refused.code === DomainErrorCode.Conflict
                ? t.alreadyRated
                : t.conflict;
        return { status: 409, notice };
      },
    });
  }
}
