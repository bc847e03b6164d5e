import { Body, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import type { AgencyEntity, LandlordEntity } from '@suivi/persistence';
import { ON_CALL_POSITIONS, WEEK_DAYS } from '@suivi/domain';
import { OnCallRotaService, OrganisationService } from '@suivi/organisation';
import type { OnCallPersonInput, OnCallView } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { OnCallPersonDto } from '../../organisation/on-call.controller';
import { Button, Choices, Csrf, ErrorSummary, Notice, TextField } from '../components';
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
import { dictionary } from '../i18n';
import type { Lang } from '../i18n';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { ManageLayout, ManagePages, doneMessage, sectionHref } from './manage-parts';

/** The rota's slots on the form, in the order people are alerted: three on call, then the supervisor. */
const SLOTS = [
  ...Array.from({ length: ON_CALL_POSITIONS }, (_, i) => ({
    slot: `onCall${i + 1}`,
    role: 'on_call' as const,
    position: i + 1,
  })),
  { slot: 'supervisor', role: 'supervisor' as const, position: 0 },
];
const PERSON_FIELDS = ['name', 'phone', 'email'] as const;

const words = dictionary({
  fr: {
    title: 'Astreinte',
    intro:
      'En dehors des heures de bureau, une urgence alerte aussitôt la personne d’astreinte par SMS et par e-mail. Sans accusé de réception après le délai choisi, la personne suivante et le superviseur sont alertés. Les jours fériés et les fermetures du calendrier comptent comme hors heures de bureau.',
    hours: 'Heures de bureau (tout le bailleur)',
    days: 'Jours d’ouverture',
    dayNames: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
    start: 'Ouverture (hh:mm)',
    end: 'Fermeture (hh:mm)',
    delay: 'Délai avant d’alerter la personne suivante (minutes)',
    delayHint: 'De 1 à 240 minutes. 15 par défaut.',
    rotaOf: (name: string) => `Liste d’astreinte : ${name}`,
    landlordWide: 'tout le bailleur',
    agency: (name: string) => `agence ${name}`,
    rotas: 'Listes',
    rotaHint:
      'La liste d’une agence répond pour ses résidences ; sans liste propre, une agence utilise celle de tout le bailleur. Laissez une personne vide pour la retirer.',
    slot: {
      onCall1: '1re personne d’astreinte',
      onCall2: '2e personne (alertée si la 1re ne répond pas)',
      onCall3: '3e personne',
      supervisor: 'Superviseur (alerté dès la première relance)',
    } as Record<string, string>,
    name: 'Nom',
    phone: 'Téléphone mobile',
    phoneHint: 'Un mobile : l’alerte est un SMS.',
    email: 'E-mail',
    save: 'Enregistrer l’astreinte',
    saved: 'Astreinte enregistrée.',
    missing: 'Indiquez-le',
    badPhone: 'Ce numéro n’est pas un mobile valide',
    badEmail: 'Cette adresse e-mail n’est pas valide',
    badTime: 'Indiquez une heure hh:mm',
    badAgency: 'Cette agence n’existe pas (plus) : rechargez la page',
    badDays: 'Choisissez des jours de la semaine dans la liste',
    tooLong: 'Ce texte est trop long',
    endBeforeStart: 'La fermeture doit venir après l’ouverture',
    badDelay: 'Un nombre entier de minutes, de 1 à 240',
  },
  en: {
    title: 'On-call duty',
    intro:
      'Outside office hours, an emergency alerts the person on call at once by text message and e-mail. Without an acknowledgement after the chosen delay, the next person and the supervisor are alerted. Public holidays and the calendar’s closures count as outside office hours.',
    hours: 'Office hours (whole landlord)',
    days: 'Opening days',
    dayNames: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    start: 'Opening (hh:mm)',
    end: 'Closing (hh:mm)',
    delay: 'Delay before alerting the next person (minutes)',
    delayHint: 'From 1 to 240 minutes. 15 by default.',
    rotaOf: (name: string) => `On-call rota: ${name}`,
    landlordWide: 'whole landlord',
    agency: (name: string) => `agency ${name}`,
    rotas: 'Rotas',
    rotaHint:
      'An agency’s rota answers for its residences; an agency without its own uses the whole landlord’s. Leave a person empty to remove them.',
    slot: {
      onCall1: 'First person on call',
      onCall2: 'Second person (alerted if the first does not answer)',
      onCall3: 'Third person',
      supervisor: 'Supervisor (alerted from the first escalation)',
    } as Record<string, string>,
    name: 'Name',
    phone: 'Mobile phone',
    phoneHint: 'A mobile: the alert is a text message.',
    email: 'E-mail',
    save: 'Save the on-call duty',
    saved: 'On-call duty saved.',
    missing: 'Enter it',
    badPhone: 'This is not a valid mobile number',
    badEmail: 'This e-mail address is not valid',
    badTime: 'Enter a time hh:mm',
    badAgency: 'This agency does not exist (any more): reload the page',
    badDays: 'Choose days of the week from the list',
    tooLong: 'This text is too long',
    endBeforeStart: 'Closing must come after opening',
    badDelay: 'A whole number of minutes, from 1 to 240',
  },
});

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
      render(
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
      return sendPage(reply, render(page, landlord, agencies, agencyCode, form, null), 400);
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
      return sendPage(reply, render(page, landlord, agencies, agencyCode, form, null), 400);
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

function render(
  page: PageContext,
  landlord: LandlordEntity,
  agencies: AgencyEntity[],
  agencyCode: string,
  form: FormState,
  done: string | null,
) {
  const { lang } = page;
  const t = words(lang);
  const href = sectionHref(landlord.code, 'on-call');
  const chosen = agencies.find((a) => a.code === agencyCode);
  const rotaName = chosen ? t.agency(chosen.name) : t.landlordWide;
  const labels: Record<string, string> = {
    officeDays: t.days,
    officeStart: t.start,
    officeEnd: t.end,
    escalationMinutes: t.delay,
    ...Object.fromEntries(
      SLOTS.flatMap((s) => PERSON_FIELDS.map((f) => [`${s.slot}.${f}`, `${t.slot[s.slot]} — ${t[f]}`])),
    ),
  };
  return (
    <ManageLayout page={page} landlord={landlord} section="on-call" title={t.title}>
      <h1>{t.title}</h1>
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorSummary form={form} lang={lang} labels={labels} />
      <p>{t.intro}</p>
      <nav aria-label={t.rotas}>
        <ul class="inline-list">
          <li>
            <a href={href} aria-current={chosen ? undefined : 'page'}>
              {t.landlordWide}
            </a>
          </li>
          {agencies.map((a) => (
            <li key={a.code}>
              <a
                href={`${href}?agency=${encodeURIComponent(a.code)}`}
                aria-current={a.code === agencyCode ? 'page' : undefined}
              >
                {t.agency(a.name)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <form method="post" action={href} noValidate>
        <Csrf page={page} />
        <input type="hidden" name="agencyCode" value={agencyCode} />
        <h2>{t.hours}</h2>
        <Choices
          name="officeDays"
          label={t.days}
          form={form}
          lang={lang}
          multiple
          inline
          options={WEEK_DAYS.map((d) => ({ value: String(d), label: t.dayNames[d - 1] }))}
        />
        <TextField
          name="officeStart"
          label={t.start}
          form={form}
          lang={lang}
          required
          inputMode="numeric"
          maxLength={5}
        />
        <TextField
          name="officeEnd"
          label={t.end}
          form={form}
          lang={lang}
          required
          inputMode="numeric"
          maxLength={5}
        />
        <TextField
          name="escalationMinutes"
          label={t.delay}
          hint={t.delayHint}
          form={form}
          lang={lang}
          required
          inputMode="numeric"
          maxLength={3}
        />
        <h2>{t.rotaOf(rotaName)}</h2>
        <p>{t.rotaHint}</p>
        {SLOTS.map((s) => (
          <fieldset key={s.slot} class="box">
            <legend>{t.slot[s.slot]}</legend>
            <TextField
              name={`${s.slot}.name`}
              label={t.name}
              form={form}
              lang={lang}
              autoComplete="off"
              maxLength={200}
            />
            <TextField
              name={`${s.slot}.phone`}
              label={t.phone}
              hint={t.phoneHint}
              form={form}
              lang={lang}
              type="tel"
              inputMode="tel"
              autoComplete="off"
              maxLength={32}
            />
            <TextField
              name={`${s.slot}.email`}
              label={t.email}
              form={form}
              lang={lang}
              type="email"
              autoComplete="off"
              maxLength={254}
            />
          </fieldset>
        ))}
        <Button>{t.save}</Button>
      </form>
    </ManageLayout>
  );
}
