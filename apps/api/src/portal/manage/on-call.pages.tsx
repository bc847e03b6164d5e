import { Body, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import { WEEK_DAYS } from '@suivi/domain';
import { OnCallRotaService, OrganisationService } from '@suivi/organisation';
import type { OnCallPersonInput, OnCallView } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { OnCallPersonDto } from '../../organisation/on-call.controller';
import {
  emptyForm,
  formValues,
  invalidInputOf,
  sayFieldMessage,
  validateForm,
  valueOf,
  valuesOf,
} from '../forms';
import type { FieldMessages, FormState } from '../forms';
import type { Lang } from '../i18n';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { ManagePages, doneMessage, sectionHref } from './manage-parts';
import { PERSON_FIELDS, SLOTS, renderOnCall } from './on-call.view';
import { words } from './on-call.words';

/** The landlord's on-call duty: office hours, escalation delay, and one rota per agency or landlord-wide. */
@ManagePages('on-call')
export class OnCallManagePages {
  constructor(
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @Inject(OnCallRotaService) private readonly rotas: OnCallRotaService,
  ) {}

  @Get()
  @Allow('landlord.manage')
  async show(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Query('agency') agency: unknown,
    @Query('done') done: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    const agencies = await this.organisation.listAgencies(code, scope);
    const agencyCode = agencies.find((a) => a.code === agency)?.code ?? '';
    const view = await this.rotas.view(code, scope);
    const t = words(page.lang);
    sendPage(
      reply,
      renderOnCall(
        page,
        landlord,
        agencies,
        agencyCode,
        filled(view, agencyCode),
        doneMessage(done, { saved: t.saved }),
      ),
    );
  }

  @Post()
  @Allow('landlord.manage')
  async save(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    const agencies = await this.organisation.listAgencies(code, scope);
    const form: FormState = { values: formValues(body), errors: {} };
    // Read as posted, never cut: a value too long, an unknown agency or day is refused, not saved changed.
    const text = (name: string) => valueOf(form, name).trim();
    const t = words(page.lang);
    const refused: Record<string, string> = {};
    const postedAgency = text('agencyCode');
    const agencyCode = agencies.find((a) => a.code === postedAgency)?.code ?? '';
    if (postedAgency && !agencyCode) refused.agencyCode = t.badAgency;
    const postedDays = valuesOf(form, 'officeDays');
    const officeDays = postedDays.map(Number);
    if (officeDays.some((d) => !(WEEK_DAYS as readonly number[]).includes(d))) refused.officeDays = t.badDays;
    // Only filled slots are sent; the index of each in `people` maps the service's errors back to its slot.
    const filledSlots = SLOTS.filter((s) => PERSON_FIELDS.some((f) => text(`${s.slot}.${f}`)));
    const limits: Record<string, number> = { name: 200, phone: 32, email: 254 };
    for (const s of filledSlots) {
      for (const f of PERSON_FIELDS) {
        if (text(`${s.slot}.${f}`).length > (limits[f] ?? 254)) refused[`${s.slot}.${f}`] = t.tooLong;
      }
    }
    const people: OnCallPersonInput[] = filledSlots.map((s) => ({
      role: s.role,
      position: s.position,
      name: text(`${s.slot}.name`),
      phone: text(`${s.slot}.phone`),
      email: text(`${s.slot}.email`) || null,
    }));
    // The JSON API's checks of a person (OnCallPersonDto: a name on one line…), so the page saves nothing
    // the API would refuse.
    for (const [i, person] of people.entries()) {
      const checked = await validateForm(OnCallPersonDto, { ...person, email: person.email ?? undefined });
      if (checked.ok) continue;
      for (const [field, message] of Object.entries(checked.errors)) {
        // An empty field is the service's to word (`missing`), as before.
        if (!text(`${filledSlots[i].slot}.${field}`)) continue;
        refused[`${filledSlots[i].slot}.${field}`] ??= sayFieldMessage(message, page.lang);
      }
    }
    const minutes = text('escalationMinutes');
    if (Object.keys(refused).length > 0) {
      form.errors = refused;
      return sendPage(reply, renderOnCall(page, landlord, agencies, agencyCode, form, null), 400);
    }
    try {
      await this.rotas.set(
        landlord.code,
        {
          agencyCode: agencyCode || null,
          officeDays,
          officeStart: text('officeStart'),
          officeEnd: text('officeEnd'),
          escalationMinutes: /^\d+$/.test(minutes) ? Number(minutes) : NaN,
          people,
        },
        scope,
      );
    } catch (e) {
      const errors = invalidInputOf(e);
      if (!errors) throw e;
      form.errors = pageErrors(errors, filledSlots, form, page.lang);
      return sendPage(reply, renderOnCall(page, landlord, agencies, agencyCode, form, null), 400);
    }
    const query = agencyCode ? `agency=${encodeURIComponent(agencyCode)}&` : '';
    seeOther(reply, `${sectionHref(landlord.code, 'on-call')}?${query}done=saved`);
  }
}

/** The service's field errors in the page's names (`people.1.phone` → `onCall2.phone`) and words. */
function pageErrors(
  coded: FieldMessages,
  slots: typeof SLOTS,
  form: FormState,
  lang: Lang,
): Record<string, string> {
  const t = words(lang);
  // The service's refusals are coded: each is said in the page's language, some in the page's own words.
  const errors = Object.fromEntries(
    Object.entries(coded).map(([field, message]) => [field, sayFieldMessage(message, lang)]),
  ) as Record<string, string>;
  const codeOf = (field: string) => {
    const message = coded[field];
    return typeof message === 'string' ? '' : message.code;
  };
  const out: Record<string, string> = {};
  for (const field of Object.keys(errors)) {
    const person = /^people\.(\d+)\.(\w+)$/.exec(field);
    if (person) {
      const slot = slots[Number(person[1])]?.slot ?? 'onCall1';
      const name = ['name', 'phone', 'email'].includes(person[2]) ? person[2] : 'name';
      const empty = !valueOf(form, `${slot}.${name}`).trim();
      out[`${slot}.${name}`] = empty
        ? t.missing
        : name === 'phone'
          ? t.badPhone
          : name === 'email'
            ? t.badEmail
            : errors[field];
    } else if (field === 'officeStart' || field === 'officeEnd') {
      out[field] = codeOf(field) === 'endBeforeStart' ? t.endBeforeStart : t.badTime;
    } else if (field === 'escalationMinutes') {
      out[field] = t.badDelay;
    } else out[field] = errors[field];
  }
  return out;
}

/** The form as the stored settings and the chosen rota fill it. */
function filled(view: OnCallView, agencyCode: string): FormState {
  const rota = view.rotas.find((r) => (r.agencyCode ?? '') === agencyCode);
  const values: FormState['values'] = {
    agencyCode,
    officeDays: view.officeHours.days.map(String),
    officeStart: view.officeHours.start,
    officeEnd: view.officeHours.end,
    escalationMinutes: String(view.escalationMinutes),
  };
  for (const s of SLOTS) {
    const person = rota?.people.find(
      (p) => p.role === s.role && (s.role === 'supervisor' || p.position === s.position),
    );
    values[`${s.slot}.name`] = person?.name ?? '';
    values[`${s.slot}.phone`] = person?.phone ?? '';
    values[`${s.slot}.email`] = person?.email ?? '';
  }
  return emptyForm(values);
}
