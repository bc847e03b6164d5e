import type { ComponentChildren } from 'preact';
import { CATEGORIES, CATEGORY_LABELS, FLAG_QUESTIONS, URGENCY_FLAGS } from '@suivi/domain';
import type { Phrase, UrgencyFlag } from '@suivi/domain';
import { Choices, Csrf, ErrorSummary, Select, TextField } from '../components';
import { FileComplaintDto } from '../../complaints/complaints.dto';
import { AccessNotesField, DescriptionField } from '../filing-fields';
import type { Option } from '../components';
import { unflatten, valueOf, valuesOf } from '../forms';
import type { FieldMessages, FormState } from '../forms';
import { dictionary } from '../i18n';
import type { Lang } from '../i18n';
import type { PageContext } from '../page';

/** The words of the form staff and partners fill in for a tenant. */
export const filingWords = dictionary({
  fr: {
    landlord: 'Bailleur',
    residence: 'Résidence',
    residenceHint: 'Laissez vide si le logement n’est dans aucune résidence de la liste.',
    unit: 'Logement (bâtiment, étage, porte)',
    category: 'Problème',
    choose: 'Choisir…',
    flags: 'Questions d’urgence (cochez ce que le locataire confirme)',
    flagsHint: 'Posez chaque question au locataire : les réponses fixent l’urgence et les délais.',
    description: 'Description du problème',
    descriptionHint: 'Ce que le locataire constate, depuis quand, où exactement.',
    tenant: 'Le locataire',
    tenantName: 'Nom du locataire',
    tenantPhone: 'Téléphone',
    tenantPhoneHint: 'Pour les SMS de suivi. Par exemple 06 12 34 56 78.',
    tenantEmail: 'Adresse e-mail',
    preferredChannel: 'Comment le locataire veut être prévenu',
    channels: {
      sms: 'Par SMS',
      email: 'Par e-mail',
      both: 'Par SMS et e-mail',
      none: 'Ne pas prévenir',
    } as Record<string, string>,
    language: 'Langue des messages',
    languages: { fr: 'Français', en: 'Anglais' } as Record<string, string>,
    accessNotes: 'Accès au logement',
    accessNotesHint: 'Digicode, horaires de présence… Montré à l’entreprise.',
    share: 'Partage avec l’entreprise',
    shareOption: 'Le locataire accepte que l’entreprise voie son prénom et son téléphone',
    fieldHelp: {
      landlordCode: 'Choisissez le bailleur',
      residenceCode: 'Choisissez une résidence de ce bailleur',
      place: 'Choisissez le logement du locataire',
      category: 'Choisissez le problème',
      description: 'Décrivez le problème (3 caractères au moins)',
      'tenant.name': 'Indiquez le nom du locataire',
      'tenant.phone': 'Indiquez un numéro de téléphone valide',
      'tenant.email': 'Indiquez une adresse e-mail valide',
      channel: 'Choisissez comment la demande est arrivée',
      'partner.tenantConsent': 'Le locataire doit avoir donné son accord',
      unit: '50 caractères au plus',
    } as Record<string, string>,
  },
  en: {
    landlord: 'Landlord',
    residence: 'Residence',
    residenceHint: 'Leave empty if the home is in none of the listed residences.',
    unit: 'Home (building, floor, door)',
    category: 'Problem',
    choose: 'Choose…',
    flags: 'Urgency questions (tick what the tenant confirms)',
    flagsHint: 'Ask the tenant each question: the answers set the urgency and the deadlines.',
    description: 'What the problem is',
    descriptionHint: 'What the tenant sees, since when, where exactly.',
    tenant: 'The tenant',
    tenantName: 'Tenant’s name',
    tenantPhone: 'Phone',
    tenantPhoneHint: 'For the tracking texts. For example 06 12 34 56 78.',
    tenantEmail: 'Email address',
    preferredChannel: 'How the tenant wants to be told',
    channels: { sms: 'By text', email: 'By email', both: 'By text and email', none: 'Do not tell' } as Record<
      string,
      string
    >,
    language: 'Language of the messages',
    languages: { fr: 'French', en: 'English' } as Record<string, string>,
    accessNotes: 'Access to the home',
    accessNotesHint: 'Door code, when someone is in… Shown to the contractor.',
    share: 'Sharing with the contractor',
    shareOption: 'The tenant agrees the contractor sees their first name and phone',
    fieldHelp: {
      landlordCode: 'Choose the landlord',
      residenceCode: 'Choose a residence of this landlord',
      place: 'Choose the tenant’s home',
      category: 'Choose the problem',
      description: 'Describe the problem (at least 3 characters)',
      'tenant.name': 'Enter the tenant’s name',
      'tenant.phone': 'Enter a valid phone number',
      'tenant.email': 'Enter a valid email address',
      channel: 'Choose how the request came in',
      'partner.tenantConsent': 'The tenant must have agreed',
      unit: 'At most 50 characters',
    } as Record<string, string>,
  },
});

/** Field errors in the page's words where it has some; the DTO's or the domain's message otherwise. */
export function friendlyErrors(errors: FieldMessages, lang: Lang): FieldMessages {
  const help = filingWords(lang).fieldHelp;
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [field, help[field] ?? message]),
  );
}

/** The labels of the error summary's links. */
export function filingLabels(lang: Lang): Record<string, string> {
  const t = filingWords(lang);
  return {
    landlordCode: t.landlord,
    residenceCode: t.residence,
    place: t.residence,
    unit: t.unit,
    category: t.category,
    description: t.description,
    'tenant.name': t.tenantName,
    'tenant.phone': t.tenantPhone,
    'tenant.email': t.tenantEmail,
  };
}

/**
 * The posted form as FileComplaintDto's plain input: nested tenant fields, the flags as a list, the
 * checkbox as a boolean. Empty optional fields are left out.
 */
export function filingPlain(form: FormState): Record<string, unknown> {
  const { flags: _flags, shareContactWithContractor: _share, ...rest } = form.values;
  const textual = Object.fromEntries(
    Object.entries(rest)
      .filter(([key]) => !key.startsWith('partner.'))
      .map(([key, value]) => [key, Array.isArray(value) ? value[0] : value]),
  );
  const plain = unflatten(textual, FileComplaintDto);
  const flags = valuesOf(form, 'flags');
  if (flags.length) plain.flags = flags;
  if (valueOf(form, 'shareContactWithContractor') === 'yes') plain.shareContactWithContractor = true;
  if (!plain.tenant) plain.tenant = {};
  return plain;
}

export const categoryOptions = (lang: Lang): Option[] =>
  CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c][lang] }));

/**
 * The urgency questions as ticks: filing for a tenant, and reclassifying a complaint; `questions` is the
 * landlord's wording (`UrgencyService.questions`), the default wording when left out.
 */
export const flagOptions = (lang: Lang, questions: Record<UrgencyFlag, Phrase> = FLAG_QUESTIONS): Option[] =>
  URGENCY_FLAGS.map((f) => ({ value: f, label: questions[f][lang] }));

/**
 * What is asked about the problem and the tenant, the same for staff and partners; `place` is the part
 * that differs (landlord and residence selects, or a residence found by search) and `extra` what comes
 * after (intake channel, consent).
 */
export function FilingForm(props: {
  page: PageContext;
  form: FormState;
  action: string;
  place: ComponentChildren;
  extra?: ComponentChildren;
  submit: string;
  /** The safety questions as the landlord's rules word them, when the landlord is known. */
  questions?: Record<UrgencyFlag, Phrase>;
}) {
  const { page, form } = props;
  const lang = page.lang;
  const t = filingWords(lang);
  return (
    <>
      <ErrorSummary form={form} lang={lang} labels={filingLabels(lang)} />
      <form method="post" action={props.action} noValidate>
        <Csrf page={page} />
        {props.place}
        <TextField name="unit" label={t.unit} form={form} lang={lang} maxLength={50} />
        <Select
          name="category"
          label={t.category}
          form={form}
          lang={lang}
          required
          placeholder={t.choose}
          options={categoryOptions(lang)}
        />
        <Choices
          name="flags"
          label={t.flags}
          hint={t.flagsHint}
          form={form}
          lang={lang}
          multiple
          options={flagOptions(lang, props.questions)}
        />
        <DescriptionField label={t.description} hint={t.descriptionHint} form={form} lang={lang} />
        <h2>{t.tenant}</h2>
        <TextField
          name="tenant.name"
          label={t.tenantName}
          form={form}
          lang={lang}
          required
          autoComplete="off"
        />
        <TextField
          name="tenant.phone"
          type="tel"
          label={t.tenantPhone}
          hint={t.tenantPhoneHint}
          form={form}
          lang={lang}
          autoComplete="off"
          size="medium"
        />
        <TextField
          name="tenant.email"
          type="email"
          label={t.tenantEmail}
          form={form}
          lang={lang}
          autoComplete="off"
        />
        <Choices
          name="tenant.preferredChannel"
          label={t.preferredChannel}
          form={form}
          lang={lang}
          inline
          options={Object.entries(t.channels).map(([value, label]) => ({ value, label }))}
        />
        <Choices
          name="tenant.language"
          label={t.language}
          form={form}
          lang={lang}
          inline
          options={Object.entries(t.languages).map(([value, label]) => ({ value, label }))}
        />
        <AccessNotesField label={t.accessNotes} hint={t.accessNotesHint} form={form} lang={lang} />
        <Choices
          name="shareContactWithContractor"
          label={t.share}
          form={form}
          lang={lang}
          multiple
          options={[{ value: 'yes', label: t.shareOption }]}
        />
        {props.extra}
        <button type="submit" class="button primary">
          {props.submit}
        </button>
      </form>
    </>
  );
}
