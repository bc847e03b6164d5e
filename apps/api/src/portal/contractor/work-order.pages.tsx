import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { DateTime as Luxon } from 'luxon';
import { CONTRACTOR_ACTIONS, WorkOrdersService } from '@suivi/complaints';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { Public } from '../../common/access';
import { ContractorActionDto, contractorCommand } from '../../tracking/tracking.controller';
import { Notice } from '../components';
import { validateForm, valueOf } from '../forms';
import type { FieldMessages, FormState } from '../forms';
import type { Lang } from '../i18n';
import { Page, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { linkHolderAction } from '../link-actions';
import { words } from './work-order.words';
import { endedWorkOrderPage, prefilled, workOrderPage } from './work-order.view';

/** `2026-12-01` and `08:30` in the landlord's zone → the instant, or null when either does not parse. */
function localInstant(date: string, time: string, zone: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const at = Luxon.fromISO(`${date}T${time}`, { zone });
  return at.isValid ? at.toJSDate() : null;
}

/** The contractor's page from the link in their message (no account): the order, the appointment, works done. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('w')
export class WorkOrderPages {
  constructor(@Inject(WorkOrdersService) private readonly workOrders: WorkOrdersService) {}

  @Get(':token')
  @Public()
  async view(
    @Page() page: PageContext,
    @Param('token') token: string,
    @Query('done') done: unknown,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.viewOrEnded(page, token, reply);
    if (!view) return;
    const t = words(page.lang);
    // Only the record's own keys: `?done=constructor` must not find Object's.
    const message = typeof done === 'string' && Object.hasOwn(t.done, done) ? t.done[done] : undefined;
    sendPage(
      reply,
      workOrderPage(
        page,
        view,
        token,
        prefilled(view),
        message ? <Notice kind="success">{message}</Notice> : null,
      ),
    );
  }

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
    const t = words(page.lang);
    if (!(await this.viewOrEnded(page, token, reply))) return;
    await linkHolderAction({
      action,
      offered: CONTRACTOR_ACTIONS,
      body,
      home: `/w/${token}`,
      reply,
      render: async (form, notice) =>
        workOrderPage(
          page,
          await this.workOrders.workOrderView(token),
          token,
          form,
          notice ? <Notice kind="warning">{notice}</Notice> : null,
        ),
      act: async (form) => {
        const plain: Record<string, unknown> = {
          action,
          expectedVersion: Number(valueOf(form, 'expectedVersion')) || undefined,
        };
        if (action === 'schedule') {
          const slot = await this.slotOf(form, token, t);
          if (!slot) return { status: 400 };
          plain.appointment = slot;
        } else {
          const text = valueOf(form, `${action}.text`);
          if (text.trim()) plain.text = text;
        }
        const checked = await validateForm(ContractorActionDto, plain);
        if (!checked.ok) {
          if (checked.errors.expectedVersion) return { status: 409, notice: t.conflict };
          Object.assign(form.errors, fieldMessages(action, checked.errors, page.lang));
          return { status: 400 };
        }
        await this.workOrders.contractorAct(
          token,
          contractorCommand(checked.value),
          checked.value.expectedVersion,
        );
        return { done: true };
      },
      refused: (refused, _e, form) => {
        if (refused.status === 409) return { status: 409, notice: t.conflict };
        Object.assign(form.errors, fieldMessages(action, refused.errors, page.lang));
        return { status: 400 };
      },
    });
  }

  /**
   * The live order of the link, or null once a link whose order has ended (closed, reassigned, replaced)
   * was answered with its explanation, 410 Gone, for a read and a post alike. A token that never opened
   * an order stays the NotFound (404) it was.
   */
  private async viewOrEnded(page: PageContext, token: string, reply: FastifyReply) {
    try {
      return await this.workOrders.workOrderView(token);
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== DomainErrorCode.NotFound) throw e;
      const ended = await this.workOrders.endedWorkOrder(token);
      if (!ended) throw e;
      sendPage(reply, endedWorkOrderPage(page, ended), 410);
      return null;
    }
  }

  /**
   * The schedule form's day and times, read in the landlord's zone, as the appointment's instants; null
   * with the form's field errors written when any of them does not parse.
   */
  private async slotOf(
    form: FormState,
    token: string,
    t: ReturnType<typeof words>,
  ): Promise<{ start: string; end: string } | null> {
    const view = await this.workOrders.workOrderView(token);
    const date = valueOf(form, 'schedule.date').trim();
    const startTime = valueOf(form, 'schedule.start').trim();
    const endTime = valueOf(form, 'schedule.end').trim();
    // The errors follow from what parses: a well-shaped but impossible time (12:60) is refused too.
    const dateOk = /^\d{4}-\d{2}-\d{2}$/.test(date) && localInstant(date, '12:00', view.timeZone) !== null;
    if (!dateOk) form.errors['schedule.date'] = date ? t.badDate : t.missing;
    const start = dateOk ? localInstant(date, startTime, view.timeZone) : null;
    const end = dateOk ? localInstant(date, endTime, view.timeZone) : null;
    const timeOk = (time: string) => /^\d{2}:\d{2}$/.test(time) && localInstant('2000-01-01', time, 'UTC');
    if (!timeOk(startTime)) form.errors['schedule.start'] = startTime ? t.badTime : t.missing;
    if (!timeOk(endTime)) form.errors['schedule.end'] = endTime ? t.badTime : t.missing;
    if (!start || !end) {
      form.errors['schedule.date'] ??= t.badDate;
      return null;
    }
    if (Object.keys(form.errors).length) return null;
    return { start: start.toISOString(), end: end.toISOString() };
  }
}

/**
 * The API's field names → this page's fields, in the page's words, read from each problem's code (the
 * DTO's checks and the domain's `appointmentProblems` / `requiredText` are all coded).
 */
function fieldMessages(action: string, errors: FieldMessages, lang: Lang): FieldMessages {
  const t = words(lang);
  const out: FieldMessages = {};
  for (const [field, message] of Object.entries(errors)) {
    const code = typeof message === 'string' ? '' : message.code;
    if (field.startsWith('appointment')) {
      // The slot's window (APPOINTMENT_LIMITS): too far back or ahead is about the day; too long, the end.
      if (code === 'appointmentTooFarPast' || code === 'appointmentTooFarAhead')
        out['schedule.date'] = message;
      else if (code === 'appointmentEndBeforeStart') out['schedule.end'] = t.endBeforeStart;
      else if (code === 'appointmentTooLong') out['schedule.end'] = message;
      else out[field === 'appointment.end' ? 'schedule.end' : 'schedule.start'] = t.badTime;
    } else if (field === 'text') {
      out[`${action}.text`] = code === 'required' || code === 'hasText' ? t.missingText : t.tooLong;
    } else {
      out._form = message;
    }
  }
  return out;
}
