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
      publicPhone: landlord.publicPhone ?? '',
      smsNumber: landlord.smsNumber ?? '',
      ...Object.fromEntries(agencies.map((a) => [`agency.${a.code}`, a.publicPhone ?? ''])),
    });
    const t = words(page.lang);
    sendPage(reply, render(page, landlord, agencies, form, doneMessage(done, { numbers: t.saved })));
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
    const form: FormState = { values: formValues(body), errors: {} };
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
    </ManageLayout>
  );
}
