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
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DataSource } from 'typeorm';
import { ANONYMOUS } from '@suivi/access';
import { ComplaintsService } from '@suivi/complaints';
import type { TenantContactInput } from '@suivi/complaints';
import {
  CATEGORIES,
  CATEGORY_HINTS,
  CATEGORY_LABELS,
  DomainError,
  DomainErrorCode,
  FLAG_QUESTIONS,
  SAFETY_QUESTIONS_BY_CATEGORY,
  URGENCY_FLAGS,
} from '@suivi/domain';
import type { Category, UrgencyFlag } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import type { ResidenceMatch } from '@suivi/organisation';
import { Public } from '../../common/access';
import { FileComplaintDto } from '../../complaints/complaints.dto';
import { fileAs } from '../../complaints/file-as';
import { ResidenceSearchDto } from '../../organisation/organisation.dto';
import { Button, Choices, ErrorSummary, fieldId, TextField } from '../components';
import { AccessNotesField, DescriptionField, isPlaceField } from '../filing-fields';
import {
  emptyForm,
  fieldErrors,
  formValues,
  invalidInputOf,
  messageOf,
  validateForm,
  valueOf,
  valuesOf,
} from '../forms';
import type { FieldMessages, FormState } from '../forms';
import { common, dictionary } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import {
  FILING_DRAFT_COOKIE,
  FILING_DRAFT_TTL_MS,
  FilingDrafts,
  isDraftToken,
  newDraftToken,
} from './filing-drafts';
import { PhoneNumber } from './reach';

const words = dictionary({
  fr: {
    title: 'Signaler un problème',
    stepOf: (n: number, total: number) => `Étape ${n} sur ${total}`,
    continue: 'Continuer',
    unitTitle: 'Où se trouve votre logement dans la résidence ?',
    categoryTitle: 'Quel est le problème ?',
    safetyTitle: 'Questions de sécurité',
    safetyIntro:
      'Vos réponses aident à fixer l’urgence. Si vous ne savez pas, choisissez « Je ne sais pas » : un agent vérifiera, votre signalement ne sera pas traité moins vite.',
    dontKnow: 'Je ne sais pas',
    descriptionTitle: 'Décrivez le problème',
    accessTitle: 'Comment entrer chez vous ?',
    nameTitle: 'Quel est votre nom ?',
    contactTitle: 'Comment vous joindre ?',
    contactHint:
      'Donnez un téléphone portable ou un e-mail pour recevoir chaque étape et retrouver votre dossier. Vous pouvez aussi ne rien donner.',
    channelTitle: 'Comment voulez-vous être prévenu ?',
    shareTitle: 'Rendez-vous avec l’entreprise',
    checkTitle: 'Vérifiez vos réponses avant d’envoyer',
    changeAnswer: 'Modifier',
    notAnswered: 'Pas de réponse',
    noneGiven: 'Rien',
    safetyUnknown: 'Je ne sais pas (un agent vérifiera)',
    noContactTitle: 'Vous n’avez donné ni téléphone ni e-mail',
    noContact: (phone: string | null) =>
      `Vous ne recevrez aucun message et ne pourrez pas retrouver le dossier par votre téléphone. Notez la référence affichée après l’envoi (gardez aussi la page en favori). Pour suivre votre dossier : donnez cette référence à l’accueil de votre bailleur${phone ? ` ou au ${phone}` : ''}, ou écrivez-lui par courrier en la rappelant.`,
    callLandlord: (phone: string) => `Téléphone de votre bailleur : ${phone}`,
    sendNow: 'En envoyant, vous confirmez que ces informations sont exactes à votre connaissance.',
    missing: 'Il manque une réponse',
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
      'tenant.preferredChannel': 'Donnez d’abord un téléphone ou un e-mail pour ce choix (étape précédente)',
      unit: '50 caractères au plus',
      accessNotes: '500 caractères au plus',
      place: 'Cette résidence n’est plus disponible. Cherchez-la à nouveau.',
    } as Record<string, string>,
  },
  en: {
    title: 'Report a problem',
    stepOf: (n: number, total: number) => `Step ${n} of ${total}`,
    continue: 'Continue',
    unitTitle: 'Where is your home in the residence?',
    categoryTitle: 'What is the problem?',
    safetyTitle: 'Safety questions',
    safetyIntro:
      'Your answers help set the urgency. If you are not sure, choose “I don’t know”: an agent will check, and your report will not be handled more slowly.',
    dontKnow: 'I don’t know',
    descriptionTitle: 'Describe the problem',
    accessTitle: 'How can the contractor get in?',
    nameTitle: 'What is your name?',
    contactTitle: 'How can we reach you?',
    contactHint:
      'Give a mobile phone or an email to hear about each step and find your case again. You may also give neither.',
    channelTitle: 'How would you like to hear from us?',
    shareTitle: 'Appointment with the contractor',
    checkTitle: 'Check your answers before sending',
    changeAnswer: 'Change',
    notAnswered: 'Not answered',
    noneGiven: 'None',
    safetyUnknown: 'I don’t know (an agent will check)',
    noContactTitle: 'You gave no phone and no email',
    noContact: (phone: string | null) =>
      `You will get no messages and cannot find the case again by your phone. Write down the reference shown after sending (and bookmark that page). To follow your case: give this reference at your landlord’s front desk${phone ? ` or on ${phone}` : ''}, or write to them by post quoting it.`,
    callLandlord: (phone: string) => `Your landlord’s phone: ${phone}`,
    sendNow: 'By sending, you confirm this information is correct to the best of your knowledge.',
    missing: 'An answer is missing',
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
      'tenant.preferredChannel': 'First give a phone or an email for this choice (previous step)',
      unit: '50 characters at most',
      accessNotes: '500 characters at most',
      place: 'This residence is no longer available. Search for it again.',
    } as Record<string, string>,
  },
});

const PREFERRED_CHANNELS = ['sms', 'email', 'both', 'none'] as const;

/** The filing's steps, in order, each with the form fields it asks (one thing per page, GOV.UK pattern). */
export const FILING_STEPS = [
  { id: 'unit', fields: ['unit'] },
  { id: 'category', fields: ['category'] },
  { id: 'safety', fields: URGENCY_FLAGS.map((flag) => `flag.${flag}`) },
  { id: 'description', fields: ['description'] },
  { id: 'access', fields: ['accessNotes'] },
  { id: 'name', fields: ['tenant.name'] },
  { id: 'contact', fields: ['tenant.phone', 'tenant.email'] },
  { id: 'channel', fields: ['tenant.preferredChannel', 'tenant.language'] },
  { id: 'share', fields: ['shareContactWithContractor'] },
  { id: 'check', fields: [] },
] as const satisfies readonly { id: string; fields: readonly string[] }[];
export type FilingStep = (typeof FILING_STEPS)[number]['id'];

/** Control fields a step's form posts besides its answers: where to go after (`next=check`). */
export const FILING_CONTROL_FIELDS = ['next'] as const;

/** Every field the filing steps accept: the allow-list a form reader can derive. */
export const FILING_FIELDS: readonly string[] = [
  ...FILING_STEPS.flatMap((step) => step.fields),
  ...FILING_CONTROL_FIELDS,
];

const STEP_IDS: readonly string[] = FILING_STEPS.map((step) => step.id);
const isStep = (step: string): step is FilingStep => STEP_IDS.includes(step);
const fieldsOf = (step: FilingStep): readonly string[] => FILING_STEPS.find((s) => s.id === step)!.fields;

type Answers = Record<string, string>;

/** The category's safety questions (the domain's list), none for an unknown category. */
function questionsFor(answers: Answers): readonly UrgencyFlag[] {
  const category = answers.category as Category;
  return (CATEGORIES as readonly string[]).includes(category) ? SAFETY_QUESTIONS_BY_CATEGORY[category] : [];
}

const hasContact = (answers: Answers) => !!(answers['tenant.phone'] || answers['tenant.email']);

/** Whether a step is asked, given the answers so far: no safety page without questions, and so on. */
function asked(step: FilingStep, answers: Answers): boolean {
  switch (step) {
    case 'safety':
      return questionsFor(answers).length > 0;
    case 'channel':
      return hasContact(answers);
    case 'share':
      return !!answers['tenant.phone'];
    default:
      return true;
  }
}

const stepsFor = (answers: Answers): FilingStep[] =>
  FILING_STEPS.map((s) => s.id).filter((step) => asked(step, answers));

function neighbour(step: FilingStep, answers: Answers, by: 1 | -1): FilingStep | null {
  const steps = stepsFor(answers);
  const all = FILING_STEPS.map((s) => s.id);
  // A step no longer asked (the answers changed) still knows its place in the full order.
  for (let i = all.indexOf(step) + by; i >= 0 && i < all.length; i += by) {
    if (steps.includes(all[i])) return all[i];
  }
  return null;
}

/**
 * Filing without an account: find the residence by everyday words, then one question per page (the
 * GOV.UK pattern), a check-your-answers page and the confirmation. Works without JavaScript: the answers
 * are kept server-side (FilingDrafts) under a random cookie, so they survive going back, changing an
 * answer and switching language; URLs carry no personal data. Each step is checked with the API's own
 * FileComplaintDto (and the phone with the landlord's country) as soon as it is posted, and the filing
 * goes through ComplaintsService exactly as the API files for an anonymous tenant (web channel).
 */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller('file')
export class FilingPages {
  private readonly drafts: FilingDrafts;

  constructor(
    @Inject(ComplaintsService) private readonly complaints: ComplaintsService,
    @Inject(OrganisationService) private readonly organisation: OrganisationService,
    @InjectDataSource() db: DataSource,
  ) {
    this.drafts = new FilingDrafts(db);
  }

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
  async start(
    @Param('landlordCode') landlordCode: string,
    @Param('residenceCode') residenceCode: string,
    @Res() reply: FastifyReply,
  ) {
    const residence = await this.residence(landlordCode, residenceCode);
    seeOther(reply, stepPath(residence, 'unit'));
  }

  @Get(':landlordCode/:residenceCode/:step')
  @Public()
  async show(
    @Page() page: PageContext,
    @Param('landlordCode') landlordCode: string,
    @Param('residenceCode') residenceCode: string,
    @Param('step') step: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const residence = await this.residence(landlordCode, residenceCode);
    if (!isStep(step)) throw new DomainError(DomainErrorCode.NotFound, 'No such step');
    const answers = await this.answersOf(request, residence);
    if (!answers['tenant.language']) answers['tenant.language'] = page.lang;
    if (!asked(step, answers)) return seeOther(reply, stepPath(residence, neighbour(step, answers, 1)!));
    const form = emptyForm({ ...answers });
    sendPage(reply, stepPage(page, residence, step, form, answers, request));
  }

  @Post(':landlordCode/:residenceCode/:step')
  @Public()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 60, ttl: 60_000 } })
  async answer(
    @Page() page: PageContext,
    @Param('landlordCode') landlordCode: string,
    @Param('residenceCode') residenceCode: string,
    @Param('step') step: string,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const residence = await this.residence(landlordCode, residenceCode);
    if (!isStep(step)) throw new DomainError(DomainErrorCode.NotFound, 'No such step');
    const token = this.tokenOf(request, reply);
    const answers = await this.drafts.load(token, residence.landlordCode, residence.residenceCode);
    if (!answers['tenant.language']) answers['tenant.language'] = page.lang;
    if (step === 'check') return this.send(page, residence, token, answers, request, reply);

    const posted = formValues(body);
    for (const field of fieldsOf(step)) {
      const value =
        field === 'shareContactWithContractor' ? valuesOf(emptyForm(posted), field)[0] : posted[field];
      answers[field] = typeof value === 'string' ? value.slice(0, 5000) : '';
    }
    // What was typed is kept even when refused: a language switch on the refused page loses nothing.
    await this.drafts.save(token, residence.landlordCode, residence.residenceCode, answers);
    const errors = await this.refusals(step, answers, residence, page.lang);
    if (Object.keys(errors).length) {
      const form: FormState = { values: { ...answers }, errors };
      return sendPage(reply, stepPage(page, residence, step, form, answers, request), 400);
    }
    const next = posted.next === 'check' ? 'check' : neighbour(step, answers, 1)!;
    seeOther(reply, stepPath(residence, asked(next, answers) ? next : neighbour(next, answers, 1)!));
  }

  /** The last step: everything checked again as the API would, filed, the draft forgotten. */
  private async send(
    page: PageContext,
    residence: ResidenceMatch,
    token: string,
    answers: Answers,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    const checked = await validateForm(FileComplaintDto, plainFiling(answers, residence));
    const refused = (errors: FieldMessages) => {
      const form: FormState = { values: { ...answers }, errors: messagesFor(errors, page.lang) };
      sendPage(reply, stepPage(page, residence, 'check', form, answers, request), 400);
    };
    if (!checked.ok) return refused(checked.errors);
    try {
      // Always as a tenant on the web, even when a signed-in member of staff uses this public form.
      const filed = await fileAs(this.complaints, checked.value, ANONYMOUS);
      await this.drafts.remove(token);
      void reply.clearCookie(FILING_DRAFT_COOKIE, { path: '/file' });
      seeOther(reply, `/t/${filed.trackingToken}?filed=1`);
    } catch (e) {
      const invalid = invalidInputOf(e);
      if (!invalid) throw e;
      refused(invalid);
    }
  }

  /** The refusals of one step's answers, in the page's words, next to its fields. */
  private async refusals(
    step: FilingStep,
    answers: Answers,
    residence: ResidenceMatch,
    lang: Lang,
  ): Promise<Record<string, string>> {
    const t = words(lang);
    const mine = fieldsOf(step);
    const errors: Record<string, string> = {};
    if (step === 'safety') {
      for (const flag of questionsFor(answers)) {
        if (!['yes', 'no', 'unknown', ''].includes(answers[`flag.${flag}`] ?? '')) {
          errors[`flag.${flag}`] = common(lang).fieldInvalid;
        }
      }
      return errors;
    }
    const checked = await validateForm(FileComplaintDto, plainFiling(answers, residence));
    if (!checked.ok) {
      for (const [field, message] of Object.entries(messagesFor(checked.errors, lang))) {
        if (mine.includes(field)) errors[field] = message;
      }
      if (step === 'category' && !(CATEGORIES as readonly string[]).includes(answers.category ?? '')) {
        errors.category = t.messages.category;
      }
    }
    if (step === 'contact' || step === 'channel') {
      const contact = plainFiling(answers, residence).tenant as TenantContactInput;
      const refused = await this.complaints.checkContact(residence.landlordCode, {
        ...contact,
        name: contact.name || '-',
        preferredChannel: step === 'contact' ? undefined : contact.preferredChannel,
      });
      for (const [field, message] of Object.entries(messagesFor(fieldErrors(refused), lang))) {
        if (step === 'contact' && mine.includes(field)) errors[field] ??= message;
        // A channel whose phone or e-mail is missing is refused on the channel's own page.
        if (step === 'channel') errors['tenant.preferredChannel'] ??= t.messages['tenant.preferredChannel'];
      }
    }
    return errors;
  }

  private async answersOf(request: FastifyRequest, residence: ResidenceMatch): Promise<Answers> {
    const token = request.cookies?.[FILING_DRAFT_COOKIE];
    if (!isDraftToken(token)) return {};
    return this.drafts.load(token, residence.landlordCode, residence.residenceCode);
  }

  /** The draft's token from its cookie, or a new one set as the cookie. */
  private tokenOf(request: FastifyRequest, reply: FastifyReply): string {
    const current = request.cookies?.[FILING_DRAFT_COOKIE];
    if (isDraftToken(current)) return current;
    const token = newDraftToken();
    void reply.setCookie(FILING_DRAFT_COOKIE, token, {
      path: '/file',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: FILING_DRAFT_TTL_MS / 1000,
    });
    return token;
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

const stepPath = (residence: ResidenceMatch, step: FilingStep) =>
  `/file/${encodeURIComponent(residence.landlordCode)}/${encodeURIComponent(residence.residenceCode)}/${step}`;

/** The answers as the API's FileComplaintDto expects them (empty optional fields left out). */
function plainFiling(answers: Answers, residence: ResidenceMatch): Record<string, unknown> {
  const text = (name: string) => (answers[name] ?? '').trim() || undefined;
  const tenant = {
    name: answers['tenant.name'] ?? '',
    phone: text('tenant.phone'),
    email: text('tenant.email'),
    preferredChannel: hasContact(answers) ? text('tenant.preferredChannel') : undefined,
    language: text('tenant.language'),
  };
  const relevant = questionsFor(answers);
  const answered = (value: string) => relevant.filter((flag) => answers[`flag.${flag}`] === value);
  return {
    landlordCode: residence.landlordCode,
    residenceCode: residence.residenceCode,
    unit: text('unit'),
    category: answers.category ?? '',
    description: answers.description ?? '',
    accessNotes: text('accessNotes'),
    tenant: Object.fromEntries(Object.entries(tenant).filter(([, v]) => v !== undefined)),
    flags: answered('yes'),
    flagsAnsweredNo: answered('no'),
    shareContactWithContractor: !!answers['tenant.phone'] && answers.shareContactWithContractor === 'yes',
  };
}

/** The refusals (the DTO's or the service's) in the page's words, next to the field they concern. */
function messagesFor(errors: FieldMessages, lang: Lang): Record<string, string> {
  const t = words(lang);
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    if (isPlaceField(field)) {
      out._form = t.messages.place;
    } else if (field === 'tenant') {
      out['tenant.name'] = t.messages['tenant.name'];
    } else if (
      (field === 'tenant.phone' || field === 'tenant.email') &&
      messageOf(message).includes('required')
    ) {
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

function stepPage(
  page: PageContext,
  residence: ResidenceMatch,
  step: FilingStep,
  form: FormState,
  answers: Answers,
  request: FastifyRequest,
) {
  const { lang } = page;
  const t = words(lang);
  const steps = stepsFor(answers);
  const position = steps.indexOf(step) + 1;
  const back = neighbour(step, answers, -1);
  const fromCheck = (request.query as Record<string, unknown> | undefined)?.from === 'check';
  const titles: Record<FilingStep, string> = {
    unit: t.unitTitle,
    category: t.categoryTitle,
    safety: t.safetyTitle,
    description: t.descriptionTitle,
    access: t.accessTitle,
    name: t.nameTitle,
    contact: t.contactTitle,
    channel: t.channelTitle,
    share: t.shareTitle,
    check: t.checkTitle,
  };
  const labels = fieldLabels(lang, answers);
  return (
    <Layout page={page} title={`${titles[step]} — ${t.title}`}>
      <p>
        <a href={back ? stepPath(residence, back) : '/file'} class="back-link">
          {common(lang).back}
        </a>
      </p>
      <p class="muted">
        {t.title} · {residence.name} · {t.stepOf(position, steps.length)}
      </p>
      <h1>{titles[step]}</h1>
      <ErrorSummary form={form} lang={lang} labels={labels} />
      {step === 'check' ? (
        <CheckAnswers page={page} residence={residence} form={form} answers={answers} />
      ) : (
        <form method="post" action={stepPath(residence, step)} noValidate>
          {fromCheck ? <input type="hidden" name="next" value="check" /> : null}
          <StepFields page={page} residence={residence} step={step} form={form} answers={answers} />
          <Button>{t.continue}</Button>
        </form>
      )}
    </Layout>
  );
}

function fieldLabels(lang: Lang, answers: Answers): Record<string, string> {
  const t = words(lang);
  return {
    unit: t.unit,
    category: t.category,
    description: t.description,
    accessNotes: t.accessNotes,
    'tenant.name': t.name,
    'tenant.phone': t.phone,
    'tenant.email': t.email,
    'tenant.preferredChannel': t.preferredChannel,
    'tenant.language': t.language,
    shareContactWithContractor: t.share,
    ...Object.fromEntries(questionsFor(answers).map((f) => [`flag.${f}`, FLAG_QUESTIONS[f][lang]])),
  };
}

function StepFields(props: {
  page: PageContext;
  residence: ResidenceMatch;
  step: Exclude<FilingStep, 'check'>;
  form: FormState;
  answers: Answers;
}) {
  const { form, answers, residence } = props;
  const { lang } = props.page;
  const t = words(lang);
  const c = common(lang);
  switch (props.step) {
    case 'unit':
      return (
        <>
          <p>
            <strong>{residence.name}</strong>, {residence.address}, {residence.postcode} {residence.city}
            <br />
            {t.landlordOf(residence.landlordName)} · <a href="/file">{t.change}</a>
          </p>
          <TextField
            name="unit"
            label={t.unit}
            hint={t.unitHint}
            form={form}
            lang={lang}
            maxLength={50}
            autoComplete="address-line2"
          />
        </>
      );
    case 'category':
      return (
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
      );
    case 'safety':
      return (
        <>
          <p class="notice warning">{t.emergency}</p>
          <p>{t.safetyIntro}</p>
          {questionsFor(answers).map((flag) => (
            <Choices
              key={flag}
              name={`flag.${flag}`}
              label={FLAG_QUESTIONS[flag][lang]}
              form={form}
              lang={lang}
              required
              options={[
                { value: 'yes', label: c.yes },
                { value: 'no', label: c.no },
                { value: 'unknown', label: t.dontKnow },
              ]}
            />
          ))}
        </>
      );
    case 'description':
      return <DescriptionField label={t.description} hint={t.descriptionHint} form={form} lang={lang} />;
    case 'access':
      return <AccessNotesField label={t.accessNotes} hint={t.accessNotesHint} form={form} lang={lang} />;
    case 'name':
      return (
        <>
          <p>{t.contactIntro}</p>
          <TextField name="tenant.name" label={t.name} form={form} lang={lang} required autoComplete="name" />
        </>
      );
    case 'contact':
      return (
        <>
          <p>{t.contactHint}</p>
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
        </>
      );
    case 'channel':
      return (
        <>
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
        </>
      );
    case 'share':
      return (
        <Choices
          name="shareContactWithContractor"
          label={t.share}
          hint={t.shareHint}
          form={form}
          lang={lang}
          multiple
          options={[{ value: 'yes', label: t.shareLabel }]}
        />
      );
  }
}

/** The check-your-answers list: every answer with a link to change it, then the button that files. */
function CheckAnswers(props: {
  page: PageContext;
  residence: ResidenceMatch;
  form: FormState;
  answers: Answers;
}) {
  const { answers, residence } = props;
  const { lang } = props.page;
  const t = words(lang);
  const c = common(lang);
  const safetyAnswer = (value: string | undefined) =>
    value === 'yes' ? c.yes : value === 'no' ? c.no : t.safetyUnknown;
  const rows: { step: FilingStep; field: string; label: string; value: string }[] = [
    { step: 'unit', field: 'unit', label: t.unit, value: answers.unit || t.noneGiven },
    {
      step: 'category',
      field: 'category',
      label: t.category,
      value: (CATEGORIES as readonly string[]).includes(answers.category ?? '')
        ? CATEGORY_LABELS[answers.category as Category][lang]
        : t.notAnswered,
    },
    ...questionsFor(answers).map((flag) => ({
      step: 'safety' as const,
      field: `flag.${flag}`,
      label: FLAG_QUESTIONS[flag][lang],
      value: safetyAnswer(answers[`flag.${flag}`]),
    })),
    {
      step: 'description',
      field: 'description',
      label: t.description,
      value: answers.description || t.notAnswered,
    },
    { step: 'access', field: 'accessNotes', label: t.accessNotes, value: answers.accessNotes || t.noneGiven },
    { step: 'name', field: 'tenant.name', label: t.name, value: answers['tenant.name'] || t.notAnswered },
    { step: 'contact', field: 'tenant.phone', label: t.phone, value: answers['tenant.phone'] || t.noneGiven },
    { step: 'contact', field: 'tenant.email', label: t.email, value: answers['tenant.email'] || t.noneGiven },
  ];
  if (hasContact(answers)) {
    rows.push({
      step: 'channel',
      field: 'tenant.preferredChannel',
      label: t.preferredChannel,
      value: t.channels[answers['tenant.preferredChannel'] ?? ''] ?? t.preferredChannelHint,
    });
  }
  if (answers['tenant.phone']) {
    rows.push({
      step: 'share',
      field: 'shareContactWithContractor',
      label: t.share,
      value: answers.shareContactWithContractor === 'yes' ? c.yes : c.no,
    });
  }
  return (
    <>
      <dl class="summary-list">
        {rows.map((row) => (
          <div key={row.field} id={fieldId(row.field)}>
            <dt>{row.label}</dt>
            <dd class="pre">{row.value}</dd>
            <dd>
              <a href={`${stepPath(residence, row.step)}?from=check`}>
                {t.changeAnswer}
                <span class="visually-hidden"> : {row.label}</span>
              </a>
            </dd>
          </div>
        ))}
      </dl>
      {hasContact(answers) ? null : (
        <div class="notice warning" role="note">
          <h2>{t.noContactTitle}</h2>
          <p>{t.noContact(residence.contactPhone ? formatPhone(residence.contactPhone) : null)}</p>
        </div>
      )}
      {residence.contactPhone ? (
        <p>
          {t.callLandlord('')}
          <PhoneNumber e164={residence.contactPhone} />
        </p>
      ) : null}
      <form method="post" action={stepPath(residence, 'check')} noValidate>
        <p>{t.sendNow}</p>
        <Button>{t.submit}</Button>
      </form>
    </>
  );
}

/** A stored E.164 number in its country's usual writing. */
function formatPhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatNational() ?? e164;
}
