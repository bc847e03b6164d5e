import { Body, Get, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { landlordScopeOf } from '@suivi/access';
import type { UserPrincipal } from '@suivi/access';
import type { AgencyEntity, LandlordEntity } from '@suivi/persistence';
import { OrganisationService } from '@suivi/organisation';
import { Allow, CurrentUser } from '../../common/access';
import { Button, Csrf, ErrorSummary, Notice, TextField } from '../components';
import { emptyForm, formValues, invalidInputOf, valueOf } from '../forms';
import type { FormState } from '../forms';
import { dictionary } from '../i18n';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { ManageLayout, ManagePages, doneMessage, sectionHref } from './manage-parts';

const words = dictionary({
  fr: {
    title: 'Numéros pour les locataires',
    intro:
      'Ces numéros s’affichent là où les pages disent « appelez votre bailleur » ou « envoyez STATUT par SMS » : page de suivi, confirmation du dépôt, vérification avant envoi. Laissez vide pour ne rien afficher.',
    publicPhone: 'Téléphone du bailleur',
    publicPhoneHint: 'Le numéro de l’accueil ou du service client, par exemple 03 20 00 00 00.',
    smsNumber: 'Numéro pour les SMS « STATUT »',
    smsNumberHint: 'Le numéro auquel les locataires écrivent. Vide : le numéro d’envoi de Suivi.',
    agencies: 'Téléphone de chaque agence',
    agenciesHint: 'Affiché à la place de celui du bailleur pour les résidences de l’agence.',
    agency: (name: string, code: string) => `Agence ${name} (${code})`,
    save: 'Enregistrer les numéros',
    saved: 'Numéros enregistrés.',
    invalid: 'Ce numéro n’est pas valide',
    quietTitle: 'Heures d’envoi des SMS',
    quietIntro:
      'Hors de ces heures (heure locale du bailleur), les SMS qui ne concernent pas une urgence attendent l’ouverture ; s’il y en a plusieurs pour un même dossier, le locataire en reçoit un seul, qui dit où en est le dossier.',
    smsDayStart: 'Début (HH:MM)',
    smsDayEnd: 'Fin (HH:MM)',
    quietSave: 'Enregistrer les heures',
    quietSaved: 'Heures d’envoi enregistrées.',
    quietInvalid: 'Une heure HH:MM, le début avant la fin',
  },
  en: {
    title: 'Numbers for tenants',
    intro:
      'These numbers are shown where pages say “call your landlord” or “text STATUS”: the tracking page, the filing confirmation, the check before sending. Leave empty to show nothing.',
    publicPhone: 'Landlord’s phone',
    publicPhoneHint: 'The front desk or customer service number, for example 03 20 00 00 00.',
    smsNumber: 'Number for “STATUS” texts',
    smsNumberHint: 'The number tenants text. Empty: Suivi’s sending number.',
    agencies: 'Each agency’s phone',
    agenciesHint: 'Shown instead of the landlord’s for the agency’s residences.',
    agency: (name: string, code: string) => `Agency ${name} (${code})`,
    save: 'Save the numbers',
    saved: 'Numbers saved.',
    invalid: 'This number is not valid',
    quietTitle: 'Hours for text messages',
    quietIntro:
      'Outside these hours (the landlord’s local time), texts that are not about an emergency wait for the start; when several wait for one case, the tenant gets one, saying where the case stands.',
    smsDayStart: 'Start (HH:MM)',
    smsDayEnd: 'End (HH:MM)',
    quietSave: 'Save the hours',
    quietSaved: 'Hours for texts saved.',
    quietInvalid: 'A time HH:MM, the start before the end',
  },
});

/** The numbers a landlord admin sets for the public pages (issue 14, J4). */
@ManagePages('numbers')
export class NumbersPages {
  constructor(@Inject(OrganisationService) private readonly organisation: OrganisationService) {}

  @Get()
  @Allow('landlord.manage')
  async show(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Query('done') done: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    const agencies = await this.organisation.listAgencies(code, scope);
    const form = emptyForm({
      smsDayStart: landlord.smsDayStart,
      smsDayEnd: landlord.smsDayEnd,
      publicPhone: landlord.publicPhone ?? '',
      smsNumber: landlord.smsNumber ?? '',
      ...Object.fromEntries(agencies.map((a) => [`agency.${a.code}`, a.publicPhone ?? ''])),
    });
    const t = words(page.lang);
    sendPage(
      reply,
      render(page, landlord, agencies, form, doneMessage(done, { numbers: t.saved, quiet: t.quietSaved })),
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
    const t = words(page.lang);
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    const agencies = await this.organisation.listAgencies(code, scope);
    const form: FormState = {
      values: { ...formValues(body), smsDayStart: landlord.smsDayStart, smsDayEnd: landlord.smsDayEnd },
      errors: {},
    };
    // Only the fields this page declares are read: the landlord's two and one per existing agency.
    const text = (name: string) => valueOf(form, name).slice(0, 32);
    try {
      await this.organisation.setPublicNumbers(
        landlord.code,
        {
          publicPhone: text('publicPhone'),
          smsNumber: text('smsNumber'),
          agencies: Object.fromEntries(agencies.map((a) => [a.code, text(`agency.${a.code}`)])),
        },
        scope,
      );
    } catch (e) {
      const errors = invalidInputOf(e);
      if (!errors) throw e;
      form.errors = Object.fromEntries(Object.keys(errors).map((field) => [field, t.invalid]));
      return sendPage(reply, render(page, landlord, agencies, form, null), 400);
    }
    seeOther(reply, `${sectionHref(landlord.code, 'numbers')}?done=numbers`);
  }

  /** The landlord's quiet hours for SMS (issue 16): 400 with the fields when a time is wrong. */
  @Post('quiet-hours')
  @Allow('landlord.manage')
  async saveQuietHours(
    @Page() page: PageContext,
    @Param('code') code: string,
    @Body() body: unknown,
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const scope = landlordScopeOf(user);
    const landlord = await this.organisation.landlord(code, scope);
    const agencies = await this.organisation.listAgencies(code, scope);
    const posted: FormState = { values: formValues(body), errors: {} };
    const start = valueOf(posted, 'smsDayStart').trim().slice(0, 8);
    const end = valueOf(posted, 'smsDayEnd').trim().slice(0, 8);
    try {
      await this.organisation.setSmsWindow(landlord.code, { start, end }, scope);
    } catch (e) {
      const errors = invalidInputOf(e);
      if (!errors) throw e;
      const form = emptyForm({
        smsDayStart: start,
        smsDayEnd: end,
        publicPhone: landlord.publicPhone ?? '',
        smsNumber: landlord.smsNumber ?? '',
        ...Object.fromEntries(agencies.map((a) => [`agency.${a.code}`, a.publicPhone ?? ''])),
      });
      form.errors = Object.fromEntries(Object.keys(errors).map((field) => [field, t.quietInvalid]));
      return sendPage(reply, render(page, landlord, agencies, form, null), 400);
    }
    seeOther(reply, `${sectionHref(landlord.code, 'numbers')}?done=quiet`);
  }
}

function render(
  page: PageContext,
  landlord: LandlordEntity,
  agencies: AgencyEntity[],
  form: FormState,
  done: string | null,
) {
  const { lang } = page;
  const t = words(lang);
  const labels: Record<string, string> = {
    publicPhone: t.publicPhone,
    smsNumber: t.smsNumber,
    smsDayStart: t.smsDayStart,
    smsDayEnd: t.smsDayEnd,
    ...Object.fromEntries(agencies.map((a) => [`agency.${a.code}`, t.agency(a.name, a.code)])),
  };
  const phone = { type: 'tel' as const, autoComplete: 'off', inputMode: 'tel' as const, maxLength: 32 };
  return (
    <ManageLayout page={page} landlord={landlord} section="numbers" title={t.title}>
      <h1>{t.title}</h1>
      {done ? <Notice kind="success">{done}</Notice> : null}
      <ErrorSummary form={form} lang={lang} labels={labels} />
      <p>{t.intro}</p>
      <form method="post" action={sectionHref(landlord.code, 'numbers')} noValidate>
        <Csrf page={page} />
        <TextField
          name="publicPhone"
          label={t.publicPhone}
          hint={t.publicPhoneHint}
          form={form}
          lang={lang}
          {...phone}
        />
        <TextField
          name="smsNumber"
          label={t.smsNumber}
          hint={t.smsNumberHint}
          form={form}
          lang={lang}
          {...phone}
        />
        {agencies.length ? (
          <>
            <h2>{t.agencies}</h2>
            <p>{t.agenciesHint}</p>
            {agencies.map((a) => (
              <TextField
                key={a.code}
                name={`agency.${a.code}`}
                label={t.agency(a.name, a.code)}
                form={form}
                lang={lang}
                {...phone}
              />
            ))}
          </>
        ) : null}
        <Button>{t.save}</Button>
      </form>
      <QuietHoursForm page={page} landlord={landlord} form={form} />
    </ManageLayout>
  );
}

/** The quiet-hours form (issue 16): its own form and address, after the numbers. */
function QuietHoursForm(props: { page: PageContext; landlord: LandlordEntity; form: FormState }) {
  const { page, landlord, form } = props;
  const t = words(page.lang);
  const time = { autoComplete: 'off', inputMode: 'numeric' as const, maxLength: 5 };
  return (
    <>
      <h2>{t.quietTitle}</h2>
      <p>{t.quietIntro}</p>
      <form method="post" action={`${sectionHref(landlord.code, 'numbers')}/quiet-hours`} noValidate>
        <Csrf page={page} />
        <TextField name="smsDayStart" label={t.smsDayStart} form={form} lang={page.lang} {...time} />
        <TextField name="smsDayEnd" label={t.smsDayEnd} form={form} lang={page.lang} {...time} />
        <Button>{t.quietSave}</Button>
      </form>
    </>
  );
}
