/**
 * The agent's complaint page (`/agent/complaints/:reference`): the controller. What the page shows is in
 * `complaint.view.tsx` and its parts, its words in `complaint.words.ts`.
 */
import {
  Body,
  Controller,
  Get,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DateTime as Luxon } from 'luxon';
import { actorOf, complaintScopeOf, landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { ComplaintsService, UrgencyService, landlordCalendarRow } from '@suivi/complaints';
import { DomainError } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import { TransitionDto } from '../../complaints/complaints.dto';
import { statusOf } from '../../common/http-errors';
import { Allow, CurrentUser } from '../../common/access';
import { levelLabel } from '../complaint-parts';
import { formValues, transitionRefusal, unflatten, validateForm, valueOf, valuesOf } from '../forms';
import type { FieldMessages, FormState } from '../forms';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { ComplaintPage } from './complaint.view';
import type { ActionChoices, Refusal } from './complaint.types';

@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('agent/complaints')
export class AgentComplaintPages {
  constructor(
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(UrgencyService) private readonly urgency: UrgencyService,
  ) {}

  @Get(':reference')
  @Allow('complaint.read')
  async show(
    @Page() page: PageContext,
    @Param('reference') reference: string,
    @Query('done') done: string | undefined,
    @Query('at') at: string | undefined,
    @Query('n') resentId: string | undefined,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const resentText =
      done === 'resent' ? await this.resentText(reference, resentId, complaintScopeOf(user)) : null;
    sendPage(reply, await this.render(page, user, reference, { done, resentAt: resentAtOf(at), resentText }));
  }

  /** What a resent message says (issue 16), for the notice after a resend; null for a bad or foreign id. */
  private async resentText(
    reference: string,
    id: string | undefined,
    scope: ReturnType<typeof complaintScopeOf>,
  ): Promise<string | null> {
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    return this.complaints.notificationText(reference, id, scope).catch(() => null);
  }

  @Post(':reference/actions')
  @Allow('complaint.handle')
  async act(
    @Page() page: PageContext,
    @Param('reference') reference: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const values = formValues(body);
    const action = typeof values.action === 'string' ? values.action : '';
    const form: FormState = { values, errors: {} };
    const scope = complaintScopeOf(user);
    // The landlord's time zone reads the appointment fields (datetime-local carries none).
    const current = await this.complaints.detail(reference, actorOf(user), scope);
    const plain = actionPlain(form, action, current.timeZone);
    const checked = await validateForm(TransitionDto, plain);
    if (!checked.ok) {
      form.errors = prefixed(checked.errors, action);
      return sendPage(reply, await this.render(page, user, reference, { refusal: { action, form } }), 400);
    }
    const { expectedVersion, ...command } = checked.value;
    try {
      await this.complaints.transition(reference, command, expectedVersion, actorOf(user), scope);
      seeOther(reply, `/agent/complaints/${current.reference}?done=${encodeURIComponent(action)}`);
    } catch (e) {
      const refused = transitionRefusal(e);
      if (refused.status === 400) form.errors = prefixed(refused.errors, action);
      const refusal: Refusal = refused.status === 400 ? { action, form } : { action, form, message: 'stale' };
      return sendPage(reply, await this.render(page, user, reference, { refusal }), refused.status);
    }
  }

  @Post(':reference/notifications/:id/resend')
  @Allow('complaint.handle')
  async resend(
    @Page() page: PageContext,
    @Param('reference') reference: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    try {
      const plan = await this.complaints.resendNotification(reference, id, complaintScopeOf(user));
      // Held for the landlord's quiet hours: the page says when it will go (issue 16).
      const at = plan.heldForQuietHours ? `&at=${encodeURIComponent(plan.sendAt)}` : '';
      seeOther(reply, `/agent/complaints/${encodeURIComponent(reference)}?done=resent${at}&n=${plan.id}`);
    } catch (e) {
      if (!(e instanceof DomainError) || statusOf(e.code) !== 409) throw e;
      sendPage(reply, await this.render(page, user, reference, { notResent: true }), 409);
    }
  }

  private async render(
    page: PageContext,
    user: UserPrincipal,
    reference: string,
    state: {
      done?: string;
      refusal?: Refusal;
      notResent?: boolean;
      resentAt?: string | null;
      resentText?: string | null;
    },
  ) {
    const detail = await this.complaints.detail(reference, actorOf(user), complaintScopeOf(user));
    const scope = landlordScopeOf(user);
    const contractors = detail.availableActions.some((a) => a === 'assign' || a === 'reassign')
      ? (await this.organisation.listContractors(detail.landlord.code, scope)).filter((c) => c.active)
      : [];
    // The landlord row is needed only to read the rule-set version the complaint was decided under.
    const levels =
      detail.urgency && detail.availableActions.includes('override_urgency')
        ? (
            await this.urgency.version(
              landlordCalendarRow(await this.organisation.landlord(detail.landlord.code, scope)),
              detail.urgency.ruleSetVersion,
            )
          ).ruleSet.levels
            .slice()
            .sort((a, b) => a.rank - b.rank)
            .map((l) => ({ value: l.id, label: l.label?.[page.lang] ?? levelLabel(l.id, page.lang) }))
        : [];
    const choices: ActionChoices = {
      contractors: contractors.map((c) => ({
        value: c.id,
        label: c.trade ? `${c.name} (${c.trade})` : c.name,
      })),
      levels,
      timeZone: detail.timeZone,
    };
    return <ComplaintPage page={page} detail={detail} choices={choices} {...state} />;
  }
}

/** A resend's time from the page's query: an ISO instant still to come, else null (sent now). */
function resentAtOf(at: string | undefined): string | null {
  if (typeof at !== 'string' || at.length > 40) return null;
  const time = Date.parse(at);
  return Number.isNaN(time) || time <= Date.now() ? null : new Date(time).toISOString();
}

/**
 * Field errors of an action's form carry the action's prefix (each form's fields are its own); errors on
 * the action or the version (not fields a person typed) go to the form as a whole. Every message is coded
 * (`fieldErrors`), so the page words it in its language.
 */
function prefixed(errors: FieldMessages, action: string): FieldMessages {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [
      field === '_form' || field === 'action' || field === 'expectedVersion' ? '_form' : `${action}.${field}`,
      message,
    ]),
  );
}

/**
 * The posted action form as TransitionDto's plain input: the action's own fields (named `<action>.<field>`),
 * the urgency flags as a list, appointment times read in the landlord's time zone.
 */
function actionPlain(form: FormState, action: string, timeZone: string): Record<string, unknown> {
  const own = Object.fromEntries(
    Object.entries(form.values)
      .filter(([key]) => key.startsWith(`${action}.`) && !key.endsWith('.flags'))
      .map(([key, value]) => [key.slice(action.length + 1), Array.isArray(value) ? value[0] : value]),
  );
  const plain = unflatten(own, TransitionDto);
  if (action === 'reclassify') plain.flags = valuesOf(form, `${action}.flags`);
  const appointment = plain.appointment as Record<string, string> | undefined;
  if (appointment) {
    for (const key of ['start', 'end'] as const) {
      const local = appointment[key];
      if (!local) continue;
      const at = Luxon.fromISO(local, { zone: timeZone });
      appointment[key] = at.isValid ? (at.toISO() as string) : local;
    }
  }
  const version = valueOf(form, 'expectedVersion');
  return { ...plain, action, expectedVersion: /^\d+$/.test(version) ? Number(version) : version };
}
