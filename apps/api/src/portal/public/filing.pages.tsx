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
import { ANONYMOUS } from '@suivi/access';
import { ComplaintsService } from '@suivi/complaints';
import {
  CATEGORIES,
  CATEGORY_HINTS,
  CATEGORY_LABELS,
  DomainError,
  DomainErrorCode,
  FLAG_QUESTIONS,
  URGENCY_FLAGS,
} from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import type { ResidenceMatch } from '@suivi/organisation';
import { Public } from '../../common/access';
import { FileComplaintDto } from '../../complaints/complaints.dto';
import { fileAs } from '../../complaints/file-as';
import { ResidenceSearchDto } from '../../organisation/organisation.dto';
import { Button, Choices, ErrorSummary, TextField } from '../components';
import { AccessNotesField, DescriptionField, isPlaceField } from '../filing-fields';
import { emptyForm, formValues, invalidInputOf, validateForm, valueOf, valuesOf } from '../forms';
import type { FormState } from '../forms';
import { common, dictionary } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';

const words = dictionary({
  fr: {
    title: 'Signaler un problème',
    findTitle: 'Où se trouve votre logement ?',
    findIntro:
      'Cherchez votre résidence par son adresse, son code postal, sa ville ou son nom. Vous n’avez besoin d’aucun code ni compte.',
    q: 'Adresse, code postal, ville ou nom de la résidence',
    qHint: 'Par exemple : 59000, ou « rue des Tilleuls Lille ».',
    search: 'Chercher',
    qTooShort: 'Écrivez au moins 2 caractères',
    results: (n: number, q: string) =>
      n === 0
        ? `Aucune résidence trouvée pour « ${q} »`
        : `${n} résidence${n > 1 ? 's' : ''} trouvée${n > 1 ? 's' : ''} pour « ${q} »`,
    tooMany: 'Seules les 20 premières sont affichées : ajoutez un mot (la rue, la ville) pour affiner.',
    noneHelp:
      'Essayez avec moins de mots, seulement le code postal, ou le nom de la rue. Si votre résidence n’apparaît toujours pas, appelez votre bailleur : il enregistrera votre demande avec les mêmes délais.',
    landlordOf: (name: string) => `Bailleur : ${name}`,
    choose: (name: string) => `Signaler un problème à ${name}`,
    formTitle: 'Décrivez le problème',
    yourHome: 'Votre logement',
    change: 'Changer de résidence',
    unit: 'Bâtiment, étage, numéro du logement',
    unitHint: 'Par exemple : Bât. B, 3e étage, porte 12.',
    category: 'Quel est le problème ?',
    categoryHint: 'Choisissez ce qui ressemble le plus. Votre bailleur pourra corriger.',
    safety: 'Questions de sécurité',
    safetyIntro:
      'Vos réponses fixent l’urgence et les délais de votre bailleur. Sans réponse, nous comptons « Non ».',
    emergency:
      'En cas de danger immédiat (odeur de gaz forte, incendie), sortez du logement et appelez le 112 ou le numéro d’urgence gaz 0 800 47 33 33.',
    description: 'Décrivez le problème',
    descriptionHint: 'Depuis quand, où dans le logement, ce que vous avez déjà essayé.',
    accessNotes: 'Comment entrer chez vous',
    accessNotesHint: 'Digicode, heures où vous êtes là. L’entreprise le verra.',
    contact: 'Vos coordonnées',
    contactIntro:
      'Elles servent seulement à vous tenir informé de ce signalement. Donnez un téléphone ou un e-mail pour recevoir chaque étape et retrouver votre dossier.',
    name: 'Votre nom',
    phone: 'Téléphone portable',
    phoneHint: 'Pour recevoir les étapes par SMS.',
    email: 'E-mail',
    preferredChannel: 'Comment voulez-vous être prévenu ?',
    preferredChannelHint: 'Sans choix, nous utilisons ce que vous avez donné.',
    channels: {
      sms: 'Par SMS',
      email: 'Par e-mail',
      both: 'Par SMS et par e-mail',
      none: 'Pas de message : je suivrai avec le lien ou la référence',
    } as Record<string, string>,
    language: 'Langue des messages',
    share: 'Rendez-vous avec l’entreprise',
    shareLabel:
      'J’accepte que l’entreprise qui intervient voie mon prénom et mon téléphone pour fixer le rendez-vous.',
    shareHint: 'Sans votre accord, votre bailleur organise le rendez-vous.',
    submit: 'Envoyer le signalement',
    messages: {
      category: 'Choisissez le problème',
      description: 'Décrivez le problème (au moins 3 caractères)',
      'tenant.name': 'Indiquez votre nom',
      'tenant.phone': 'Ce numéro de téléphone n’est pas valide',
      'tenant.phone.needed': 'Donnez un téléphone pour être prévenu par SMS',
      'tenant.email': 'Cette adresse e-mail n’est pas valide',
      'tenant.email.needed': 'Donnez un e-mail pour être prévenu par e-mail',
      unit: '50 caractères au plus',
      accessNotes: '500 caractères au plus',
      place: 'Cette résidence n’est plus disponible. Cherchez-la à nouveau.',
    } as Record<string, string>,
  },
  en: {
    title: 'Report a problem',
    findTitle: 'Where is your home?',
    findIntro: 'Find your residence by its address, postcode, town or name. You need no code and no account.',
    q: 'Address, postcode, town or residence name',
    qHint: 'For example: 59000, or “rue des Tilleuls Lille”.',
    search: 'Search',
    qTooShort: 'Type at least 2 characters',
    results: (n: number, q: string) =>
      n === 0 ? `No residence found for “${q}”` : `${n} residence${n > 1 ? 's' : ''} found for “${q}”`,
    tooMany: 'Only the first 20 are shown: add a word (the street, the town) to narrow it down.',
    noneHelp:
      'Try fewer words, just the postcode, or the street name. If your residence still does not appear, call your landlord: they will record your report with the same deadlines.',
    landlordOf: (name: string) => `Landlord: ${name}`,
    choose: (name: string) => `Report a problem at ${name}`,
    formTitle: 'Tell us about the problem',
    yourHome: 'Your home',
    change: 'Choose another residence',
    unit: 'Building, floor, flat number',
    unitHint: 'For example: Block B, 3rd floor, door 12.',
    category: 'What is the problem?',
    categoryHint: 'Pick the closest one. Your landlord can correct it.',
    safety: 'Safety questions',
    safetyIntro:
      'Your answers set the urgency and your landlord’s deadlines. If you do not answer, we count “No”.',
    emergency:
      'If you are in immediate danger (strong smell of gas, fire), leave your home and call 112 or the gas emergency line.',
    description: 'Describe the problem',
    descriptionHint: 'Since when, where in your home, what you have already tried.',
    accessNotes: 'How to get in',
    accessNotesHint: 'Door code, times you are in. The contractor will see it.',
    contact: 'Your contact details',
    contactIntro:
      'They are used only to keep you informed about this report. Give a phone or an email to hear about each step and find your case again.',
    name: 'Your name',
    phone: 'Mobile phone',
    phoneHint: 'To get each step by text message.',
    email: 'Email',
    preferredChannel: 'How would you like to hear from us?',
    preferredChannelHint: 'If you do not choose, we use what you gave.',
    channels: {
      sms: 'By text message',
      email: 'By email',
      both: 'By text message and email',
      none: 'No messages: I will follow with the link or the reference',
    } as Record<string, string>,
    language: 'Language of the messages',
    share: 'Appointment with the contractor',
    shareLabel: 'I agree that the contractor sees my first name and phone number to book the appointment.',
    shareHint: 'Without your agreement, your landlord arranges the appointment.',
    submit: 'Send the report',
    messages: {
      category: 'Choose the problem',
      description: 'Describe the problem (at least 3 characters)',
      'tenant.name': 'Enter your name',
      'tenant.phone': 'This phone number is not valid',
      'tenant.phone.needed': 'Give a phone number to hear by text message',
      'tenant.email': 'This email address is not valid',
      'tenant.email.needed': 'Give an email address to hear by email',
      unit: '50 characters at most',
      accessNotes: '500 characters at most',
      place: 'This residence is no longer available. Search for it again.',
    } as Record<string, string>,
  },
});

const PREFERRED_CHANNELS = ['sms', 'email', 'both', 'none'] as const;

/**
 * Filing without an account: find the residence by everyday words, then the form. The form is checked
 * with the API's own FileComplaintDto and filed through ComplaintsService exactly as the API files for
 * an anonymous tenant (web channel); the confirmation is the tracking page's first view.
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('file')
export class FilingPages {
  constructor(
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
  ) {}

  @Get()
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  async find(@Page() page: PageContext, @Query('q') q: unknown, @Res() reply: FastifyReply) {
    const t = words(page.lang);
    const form = emptyForm();
    if (typeof q !== 'string' || q.trim() === '') return sendPage(reply, findPage(page, form, null));
    form.values.q = q.slice(0, 100);
    const checked = await validateForm(ResidenceSearchDto, { q: q.trim() });
    if (!checked.ok) {
      form.errors.q = t.qTooShort;
      return sendPage(reply, findPage(page, form, null), 400);
    }
    const found = await this.organisation.searchResidences(checked.value.q);
    sendPage(reply, findPage(page, form, found));
  }

  @Get(':landlordCode/:residenceCode')
  @Public()
  async form(
    @Page() page: PageContext,
    @Param('landlordCode') landlordCode: string,
    @Param('residenceCode') residenceCode: string,
    @Res() reply: FastifyReply,
  ) {
    const residence = await this.residence(landlordCode, residenceCode);
    sendPage(reply, filingPage(page, residence, emptyForm({ 'tenant.language': page.lang })));
  }

  @Post(':landlordCode/:residenceCode')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 20, ttl: 60_000 } })
  async file(
    @Page() page: PageContext,
    @Param('landlordCode') landlordCode: string,
    @Param('residenceCode') residenceCode: string,
    @Body() body: unknown,
    @Res() reply: FastifyReply,
  ) {
    const residence = await this.residence(landlordCode, residenceCode);
    const form: FormState = { values: formValues(body), errors: {} };
    const checked = await validateForm(FileComplaintDto, plainFiling(form, residence));
    if (!checked.ok) {
      form.errors = messagesFor(checked.errors, page.lang);
      return sendPage(reply, filingPage(page, residence, form), 400);
    }
    try {
      // Always as a tenant on the web, even when a signed-in member of staff uses this public form.
      const filed = await fileAs(this.complaints, checked.value, ANONYMOUS);
      seeOther(reply, `/t/${filed.trackingToken}?filed=1`);
    } catch (e) {
      const invalid = invalidInputOf(e);
      if (!invalid) throw e;
      form.errors = messagesFor(invalid, page.lang);
      sendPage(reply, filingPage(page, residence, form), 400);
    }
  }

  private async residence(landlordCode: string, residenceCode: string): Promise<ResidenceMatch> {
    const found =
      landlordCode.length <= 32 && residenceCode.length <= 32
        ? await this.organisation.findResidence(landlordCode, residenceCode)
        : null;
    if (!found) throw new DomainError(DomainErrorCode.NotFound, 'No such residence');
    return found;
  }
}

/** The form's fields as the API's FileComplaintDto expects them (empty optional fields left out). */
function plainFiling(form: FormState, residence: ResidenceMatch): Record<string, unknown> {
  const text = (name: string) => valueOf(form, name).trim() || undefined;
  const tenant = {
    name: valueOf(form, 'tenant.name'),
    phone: text('tenant.phone'),
    email: text('tenant.email'),
    preferredChannel: text('tenant.preferredChannel'),
    language: text('tenant.language'),
  };
  return {
    landlordCode: residence.landlordCode,
    residenceCode: residence.residenceCode,
    unit: text('unit'),
    category: valueOf(form, 'category'),
    description: valueOf(form, 'description'),
    accessNotes: text('accessNotes'),
    tenant: Object.fromEntries(Object.entries(tenant).filter(([, v]) => v !== undefined)),
    flags: URGENCY_FLAGS.filter((flag) => valueOf(form, `flag.${flag}`) === 'yes'),
    shareContactWithContractor: valuesOf(form, 'shareContactWithContractor').includes('yes'),
  };
}

/** The refusals (the DTO's or the service's) in the page's words, next to the field they concern. */
function messagesFor(errors: Record<string, string>, lang: Lang): Record<string, string> {
  const t = words(lang);
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (isPlaceField(field)) {
      out._form = t.messages.place;
    } else if (field === 'tenant') {
      out['tenant.name'] = t.messages['tenant.name'];
    } else if ((field === 'tenant.phone' || field === 'tenant.email') && message.includes('required')) {
      out[field] = t.messages[`${field}.needed`];
    } else if (field.startsWith('flags')) {
      out._form = common(lang).fieldInvalid;
    } else {
      out[field] = t.messages[field] ?? common(lang).fieldInvalid;
    }
  }
  return out;
}

function findPage(page: PageContext, form: FormState, found: ResidenceMatch[] | null) {
  const t = words(page.lang);
  const q = valueOf(form, 'q');
  return (
    <Layout page={page} title={t.title}>
      <h1>{t.findTitle}</h1>
      <p>{t.findIntro}</p>
      <ErrorSummary form={form} lang={page.lang} labels={{ q: t.q }} />
      <form method="get" action="/file" role="search">
        <TextField
          name="q"
          label={t.q}
          hint={t.qHint}
          form={form}
          lang={page.lang}
          required
          type="search"
          autoComplete="street-address"
          maxLength={100}
        />
        <Button>{t.search}</Button>
      </form>
      {found ? (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t.results(found.length, q)}</h2>
          {found.length === 0 ? <p>{t.noneHelp}</p> : null}
          {found.length >= 20 ? <p>{t.tooMany}</p> : null}
          <ul class="cards">
            {found.map((r) => (
              <li key={`${r.landlordCode}/${r.residenceCode}`}>
                <a
                  href={`/file/${encodeURIComponent(r.landlordCode)}/${encodeURIComponent(r.residenceCode)}`}
                  aria-label={t.choose(`${r.name}, ${r.address}, ${r.postcode} ${r.city}`)}
                >
                  <strong>{r.name}</strong>
                </a>
                <br />
                {r.address}, {r.postcode} {r.city}
                <br />
                <span class="muted">{t.landlordOf(r.landlordName)}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Layout>
  );
}

function filingPage(page: PageContext, residence: ResidenceMatch, form: FormState) {
  const { lang } = page;
  const t = words(lang);
  const c = common(lang);
  const labels: Record<string, string> = {
    unit: t.unit,
    category: t.category,
    description: t.description,
    accessNotes: t.accessNotes,
    'tenant.name': t.name,
    'tenant.phone': t.phone,
    'tenant.email': t.email,
    'tenant.preferredChannel': t.preferredChannel,
    'tenant.language': t.language,
  };
  const action = `/file/${encodeURIComponent(residence.landlordCode)}/${encodeURIComponent(residence.residenceCode)}`;
  return (
    <Layout page={page} title={t.title}>
      <h1>{t.formTitle}</h1>
      <ErrorSummary form={form} lang={lang} labels={labels} />
      <section class="box" aria-labelledby="home-title">
        <h2 id="home-title">{t.yourHome}</h2>
        <p>
          <strong>{residence.name}</strong>
          <br />
          {residence.address}, {residence.postcode} {residence.city}
          <br />
          {t.landlordOf(residence.landlordName)}
        </p>
        <p>
          <a href="/file">{t.change}</a>
        </p>
      </section>
      <form method="post" action={action} noValidate>
        <TextField
          name="unit"
          label={t.unit}
          hint={t.unitHint}
          form={form}
          lang={lang}
          maxLength={50}
          autoComplete="address-line2"
        />
        <Choices
          name="category"
          label={t.category}
          hint={t.categoryHint}
          form={form}
          lang={lang}
          required
          options={CATEGORIES.map((category) => ({
            value: category,
            label: CATEGORY_LABELS[category][lang],
            hint: CATEGORY_HINTS[category][lang],
          }))}
        />
        <h2>{t.safety}</h2>
        <p>{t.safetyIntro}</p>
        <p class="notice warning">{t.emergency}</p>
        {URGENCY_FLAGS.map((flag) => (
          <Choices
            key={flag}
            name={`flag.${flag}`}
            label={FLAG_QUESTIONS[flag][lang]}
            form={form}
            lang={lang}
            required
            inline
            options={[
              { value: 'yes', label: c.yes },
              { value: 'no', label: c.no },
            ]}
          />
        ))}
        <DescriptionField label={t.description} hint={t.descriptionHint} form={form} lang={lang} />
        <AccessNotesField label={t.accessNotes} hint={t.accessNotesHint} form={form} lang={lang} />
        <h2>{t.contact}</h2>
        <p>{t.contactIntro}</p>
        <TextField name="tenant.name" label={t.name} form={form} lang={lang} required autoComplete="name" />
        <TextField
          name="tenant.phone"
          label={t.phone}
          hint={t.phoneHint}
          form={form}
          lang={lang}
          type="tel"
          autoComplete="tel"
          inputMode="tel"
          maxLength={32}
        />
        <TextField
          name="tenant.email"
          label={t.email}
          form={form}
          lang={lang}
          type="email"
          autoComplete="email"
          maxLength={254}
        />
        <Choices
          name="tenant.preferredChannel"
          label={t.preferredChannel}
          hint={t.preferredChannelHint}
          form={form}
          lang={lang}
          options={PREFERRED_CHANNELS.map((channel) => ({ value: channel, label: t.channels[channel] }))}
        />
        <Choices
          name="tenant.language"
          label={t.language}
          form={form}
          lang={lang}
          required
          inline
          options={[
            { value: 'fr', label: 'Français' },
            { value: 'en', label: 'English' },
          ]}
        />
        <Choices
          name="shareContactWithContractor"
          label={t.share}
          hint={t.shareHint}
          form={form}
          lang={lang}
          multiple
          options={[{ value: 'yes', label: t.shareLabel }]}
        />
        <Button>{t.submit}</Button>
      </form>
    </Layout>
  );
}
