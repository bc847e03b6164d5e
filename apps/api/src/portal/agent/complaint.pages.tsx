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
import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  CLOSE_REASON_LABELS,
  CLOSE_WITHOUT_WORKS_REASONS,
  DomainError,
  FLAG_QUESTIONS,
  HOLD_REASONS,
  HOLD_REASON_LABELS,
  ROLE_LABELS,
  STAFF_EVENT_LABELS,
  STAGE_LABELS,
  STATUS_LABELS,
  eventLabel,
} from '@suivi/domain';
import type { Action } from '@suivi/domain';
import { OrganisationService } from '@suivi/organisation';
import { TransitionDto } from '../../complaints/complaints.dto';
import { statusOf } from '../../common/http-errors';
import { Allow, CurrentUser } from '../../common/access';
import {
  Choices,
  Csrf,
  DateTime,
  Deadline,
  ErrorSummary,
  Notice,
  Select,
  Table,
  TextArea,
  TextField,
} from '../components';
import type { Option } from '../components';
import { Appointment, StatusSteps, UrgencyDecision, levelLabel } from '../complaint-parts';
import {
  emptyForm,
  formValues,
  transitionRefusal,
  unflatten,
  validateForm,
  valueOf,
  valuesOf,
} from '../forms';
import type { FieldMessages, FormState } from '../forms';
import { dictionary, say } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { StaffNav } from './queue.pages';
import { categoryOptions, filingWords, flagOptions } from './filing-form';

const words = dictionary({
  fr: {
    title: (ref: string) => `Dossier ${ref}`,
    caseOf: 'Dossier',
    facts: 'Le dossier',
    status: 'État',
    landlord: 'Bailleur',
    agency: 'Agence',
    residence: 'Résidence',
    unit: 'Logement',
    category: 'Problème',
    channel: 'Arrivée par',
    filed: 'Déposé le',
    filedBy: 'Déposé par',
    closed: 'Clos le',
    contractor: 'Entreprise',
    appointment: 'Rendez-vous',
    appointmentText: (from: string, to: string) => `de ${from} à ${to}`,
    onHold: 'En attente',
    partnerCase: 'Dossier du partenaire',
    description: 'Description',
    flags: 'Réponses aux questions d’urgence',
    noFlags: 'aucune',
    safetyReview: 'Sécurité à vérifier avant de confirmer l’urgence',
    unanswered: 'Questions sans réponse',
    dangerWords: 'Mots de danger dans la description',
    tenant: 'Le locataire',
    tenantName: 'Nom',
    phone: 'Téléphone',
    email: 'E-mail',
    told: 'Prévenu',
    language: 'Langue',
    accessNotes: 'Accès',
    sharing: 'Coordonnées montrées à l’entreprise',
    override: (from: string, role: string) =>
      `Urgence modifiée à la main (au lieu de « ${from} », par ${role}).`,
    clocks: 'Délais par étape',
    clocksCaption: 'Délais par étape : échéance, état, jours ouvrés écoulés',
    stage: 'Étape',
    due: 'Échéance',
    clockState: 'État',
    doneAt: 'Faite le',
    elapsed: 'Jours ouvrés écoulés',
    net: 'Hors attente due au locataire',
    clockStates: { running: 'en cours', met: 'tenu', missed: 'dépassé' } as Record<string, string>,
    actions: 'Actions possibles',
    otherActions: 'Autres actions',
    noActions: 'Aucune action possible dans cet état.',
    visitHeading: {
      check_works: 'Enregistrer une visite : travaux vérifiés sur place',
      reject_works: 'Enregistrer une visite : travaux à reprendre',
    } as Record<string, string>,
    visitHint:
      'L’entreprise n’a pas encore déclaré les travaux faits : ce formulaire enregistre la visite que vous avez faite sur place. Le locataire pourra confirmer ou contester une fois les travaux déclarés.',
    timeline: 'Historique complet',
    internal: 'Interne',
    internalHint: 'visible seulement par le personnel',
    toTenant: 'Message au locataire',
    staffOnly: 'Note interne',
    by: 'par',
    messages: 'Messages envoyés',
    messagesCaption: 'Messages envoyés : destinataire, canal, état',
    noMessages: 'Aucun message pour l’instant.',
    about: 'À propos de',
    audience: 'Destinataire',
    via: 'Canal',
    state: 'État',
    attempts: 'Essais',
    error: 'Erreur',
    resend: 'Renvoyer',
    resendLabel: (about: string) => `Renvoyer le message « ${about} »`,
    deliveryStates: {
      pending: 'en attente',
      queued: 'en file',
      sending: 'envoi en cours',
      retrying: 'nouvel essai prévu',
      sent: 'envoyé',
      delivered: 'remis',
      undelivered: 'non remis',
      failed: 'échec',
      unknown: 'incertain (vérification automatique)',
      suppressed: 'non envoyé (STOP)',
      skipped: 'non envoyé',
    } as Record<string, string>,
    channels: { email: 'e-mail', sms: 'SMS' } as Record<string, string>,
    done: (what: string) => `Enregistré : ${what}.`,
    filedDone:
      'Demande enregistrée. Donnez la référence au locataire : il recevra le lien de suivi par SMS ou e-mail.',
    resent: 'Le message repart : son état se met à jour dans quelques instants.',
    stale: (status: string, version: number) =>
      `Ce dossier a changé pendant que vous le lisiez : il est maintenant « ${status} » (version ${version}). Rien n’a été enregistré. Vérifiez son état ci-dessous avant de recommencer.`,
    notNow: 'Cette action n’est plus possible dans l’état actuel du dossier.',
    keptText: 'Ce que vous aviez saisi (non enregistré) :',
    notResent: 'Ce message n’est plus en échec : il n’a pas été renvoyé.',
    // Fields of the action forms
    publicText: 'Message au locataire',
    internalText: 'Note interne',
    chooseContractor: 'Entreprise',
    choose: 'Choisir…',
    appointmentStart: 'Début du rendez-vous',
    appointmentEnd: 'Fin du rendez-vous',
    appointmentHint: 'Date et heure, heure du bailleur.',
    reason: 'Motif',
    reassignReason: 'Motif du changement',
    rejectReason: 'Ce qui ne va pas',
    resolution: 'Résumé de la résolution (envoyé au locataire)',
    closeReason: 'Motif de clôture',
    explanation: 'Explication au locataire (et comment contester)',
    holdReason: 'Motif de l’attente',
    level: 'Nouveau niveau d’urgence',
    overrideReason: 'Pourquoi ce changement',
    newCategory: 'Problème',
    newFlags: 'Questions d’urgence (toute la liste)',
    visibility: 'Qui peut lire',
    visibilities: { internal: 'Le personnel seulement', public: 'Aussi le locataire' } as Record<
      string,
      string
    >,
    text: 'Texte',
    reviewAnswer: 'Réponse écrite au réexamen',
    reopenReason: 'Pourquoi rouvrir',
    optionalText: 'Messages joints (facultatif)',
  },
  en: {
    title: (ref: string) => `Case ${ref}`,
    caseOf: 'Case',
    facts: 'The case',
    status: 'Status',
    landlord: 'Landlord',
    agency: 'Agency',
    residence: 'Residence',
    unit: 'Home',
    category: 'Problem',
    channel: 'Came in by',
    filed: 'Reported on',
    filedBy: 'Reported by',
    closed: 'Closed on',
    contractor: 'Contractor',
    appointment: 'Appointment',
    appointmentText: (from: string, to: string) => `from ${from} to ${to}`,
    onHold: 'On hold',
    partnerCase: 'Partner’s case',
    description: 'Description',
    flags: 'Answers to the urgency questions',
    noFlags: 'none',
    safetyReview: 'Check safety before confirming the urgency',
    unanswered: 'Questions not answered',
    dangerWords: 'Danger words in the description',
    tenant: 'The tenant',
    tenantName: 'Name',
    phone: 'Phone',
    email: 'Email',
    told: 'Told',
    language: 'Language',
    accessNotes: 'Access',
    sharing: 'Contact shown to the contractor',
    override: (from: string, role: string) => `Urgency changed by hand (instead of “${from}”, by ${role}).`,
    clocks: 'Deadlines per stage',
    clocksCaption: 'Deadlines per stage: due date, state, working days elapsed',
    stage: 'Stage',
    due: 'Due',
    clockState: 'State',
    doneAt: 'Done on',
    elapsed: 'Working days elapsed',
    net: 'Net of tenant-caused waits',
    clockStates: { running: 'running', met: 'met', missed: 'missed' } as Record<string, string>,
    actions: 'Possible actions',
    otherActions: 'Other actions',
    noActions: 'No action is possible in this state.',
    visitHeading: {
      check_works: 'Record a visit: works checked on site',
      reject_works: 'Record a visit: works to be redone',
    } as Record<string, string>,
    visitHint:
      'The contractor has not reported the works done yet: this form records the visit you made on site. The tenant can confirm or contest once the works are reported.',
    timeline: 'Full history',
    internal: 'Internal',
    internalHint: 'seen by staff only',
    toTenant: 'Message to the tenant',
    staffOnly: 'Internal note',
    by: 'by',
    messages: 'Messages sent',
    messagesCaption: 'Messages sent: recipient, channel, state',
    noMessages: 'No message yet.',
    about: 'About',
    audience: 'Recipient',
    via: 'Channel',
    state: 'State',
    attempts: 'Attempts',
    error: 'Error',
    resend: 'Send again',
    resendLabel: (about: string) => `Send the message “${about}” again`,
    deliveryStates: {
      pending: 'waiting',
      queued: 'queued',
      sending: 'sending',
      retrying: 'retry scheduled',
      sent: 'sent',
      delivered: 'delivered',
      undelivered: 'not delivered',
      failed: 'failed',
      unknown: 'unclear (being checked)',
      suppressed: 'not sent (STOP)',
      skipped: 'not sent',
    } as Record<string, string>,
    channels: { email: 'email', sms: 'text' } as Record<string, string>,
    done: (what: string) => `Recorded: ${what}.`,
    filedDone:
      'Request recorded. Give the tenant the reference: they get the tracking link by text or email.',
    resent: 'The message is on its way again: its state updates in a moment.',
    stale: (status: string, version: number) =>
      `This case changed while you were reading it: it is now “${status}” (version ${version}). Nothing was saved. Check where it stands below before trying again.`,
    notNow: 'This action is no longer possible in the case’s current state.',
    keptText: 'What you had typed (not saved):',
    notResent: 'This message is no longer failed: it was not sent again.',
    publicText: 'Message to the tenant',
    internalText: 'Internal note',
    chooseContractor: 'Contractor',
    choose: 'Choose…',
    appointmentStart: 'Appointment start',
    appointmentEnd: 'Appointment end',
    appointmentHint: 'Date and time, landlord’s time.',
    reason: 'Reason',
    reassignReason: 'Why the change',
    rejectReason: 'What is wrong',
    resolution: 'Resolution summary (sent to the tenant)',
    closeReason: 'Reason for closing',
    explanation: 'Explanation to the tenant (and how to contest)',
    holdReason: 'Why the wait',
    level: 'New urgency level',
    overrideReason: 'Why this change',
    newCategory: 'Problem',
    newFlags: 'Urgency questions (the whole list)',
    visibility: 'Who can read it',
    visibilities: { internal: 'Staff only', public: 'The tenant too' } as Record<string, string>,
    text: 'Text',
    reviewAnswer: 'Written answer to the review',
    reopenReason: 'Why reopen',
    optionalText: 'Messages with this step (optional)',
  },
});

type Detail = Awaited<ReturnType<ComplaintsService['detail']>>;

/** The actions most cases go through, shown open; the others sit in a disclosure each. */
const MAIN_ACTIONS: readonly string[] = [
  'acknowledge',
  'assign',
  'schedule',
  'check_works',
  'close',
  'reopen',
];

/** What the page knows besides the complaint, for the action forms. */
interface ActionChoices {
  contractors: Option[];
  levels: Option[];
  timeZone: string;
}

/** When a post was refused: which action, what was typed, and what went wrong. */
interface Refusal {
  action: string;
  form: FormState;
  message?: string;
}

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
    @CurrentUser() user: UserPrincipal,
    @Res() reply: FastifyReply,
  ) {
    sendPage(reply, await this.render(page, user, reference, { done }));
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
      await this.complaints.resendNotification(reference, id, complaintScopeOf(user));
      seeOther(reply, `/agent/complaints/${encodeURIComponent(reference)}?done=resent`);
    } catch (e) {
      if (!(e instanceof DomainError) || statusOf(e.code) !== 409) throw e;
      sendPage(reply, await this.render(page, user, reference, { notResent: true }), 409);
    }
  }

  private async render(
    page: PageContext,
    user: UserPrincipal,
    reference: string,
    state: { done?: string; refusal?: Refusal; notResent?: boolean },
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

/** Field errors of an action's form carry the action's prefix (each form's fields are its own). */
function prefixed(errors: FieldMessages, action: string): FieldMessages {
  return Object.fromEntries(
    Object.entries(errors).map(([field, message]) => [
      field === '_form' || field === 'action' || field === 'expectedVersion' ? '_form' : `${action}.${field}`,
      // A coded problem is worded on its own; a domain sentence is prefixed with the field it names.
      (field === 'action' || field === 'expectedVersion') && typeof message === 'string'
        ? `${field}: ${message}`
        : message,
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

function ComplaintPage(props: {
  page: PageContext;
  detail: Detail;
  choices: ActionChoices;
  done?: string;
  refusal?: Refusal;
  notResent?: boolean;
}) {
  const { page, detail, choices, refusal } = props;
  const lang = page.lang;
  const t = words(lang);
  const f = filingWords(lang);
  const tz = detail.timeZone;
  const urgency = detail.urgency;
  const actions = detail.availableActions.filter((a) => shown(a, detail));
  const refusedHere = refusal && actions.includes(refusal.action as Action) ? refusal : undefined;
  const main = actions.filter((a) => MAIN_ACTIONS.includes(a));
  const others = actions.filter((a) => !MAIN_ACTIONS.includes(a));
  const form = (action: Action) => (
    <ActionForm
      key={action}
      page={page}
      action={action}
      detail={detail}
      choices={choices}
      form={refusedHere?.action === action ? refusedHere.form : initialForm(action, detail)}
    />
  );
  return (
    <Layout page={page} title={t.title(detail.reference)} wide>
      <StaffNav lang={lang} current="" />
      <h1>
        {t.caseOf} <span class="reference">{detail.reference}</span>
      </h1>
      {props.done === 'filed' ? (
        <Notice kind="success">{t.filedDone}</Notice>
      ) : props.done === 'resent' ? (
        <Notice kind="success">{t.resent}</Notice>
      ) : props.done && ACTION_LABELS[props.done] ? (
        <Notice kind="success">{t.done(eventLabel(props.done, lang))}</Notice>
      ) : null}
      {props.notResent ? <Notice kind="warning">{t.notResent}</Notice> : null}
      {refusal?.message === 'stale' ? (
        <div class="notice warning" role="alert">
          <p>
            <strong>{t.stale(say(STATUS_LABELS, detail.status, lang), detail.version)}</strong>
          </p>
          {refusedHere ? null : (
            <>
              <p>{t.notNow}</p>
              <KeptText form={refusal.form} lang={lang} />
            </>
          )}
        </div>
      ) : null}
      {refusal && !refusedHere && refusal.message !== 'stale' ? (
        <ErrorSummary form={refusal.form} lang={lang} labels={{}} />
      ) : null}
      <section aria-labelledby="facts-title">
        <h2 id="facts-title">{t.facts}</h2>
        <dl class="facts">
          <dt>{t.status}</dt>
          <dd>
            <strong>{say(STATUS_LABELS, detail.status, lang)}</strong>
            {detail.onHold ? (
              <>
                {' '}
                <span class="badge soon">
                  {t.onHold} : {say(HOLD_REASON_LABELS, detail.onHold, lang)}
                </span>
              </>
            ) : null}
          </dd>
          <dt>{t.landlord}</dt>
          <dd>{detail.landlord.name}</dd>
          {detail.agency ? (
            <>
              <dt>{t.agency}</dt>
              <dd>{detail.agency.name}</dd>
            </>
          ) : null}
          {detail.residence ? (
            <>
              <dt>{t.residence}</dt>
              <dd>
                {detail.residence.name}, {detail.residence.address}, {detail.residence.postcode}{' '}
                {detail.residence.city}
              </dd>
            </>
          ) : null}
          {detail.unit ? (
            <>
              <dt>{t.unit}</dt>
              <dd>{detail.unit}</dd>
            </>
          ) : null}
          <dt>{t.category}</dt>
          <dd>{say(CATEGORY_LABELS, detail.category, lang)}</dd>
          <dt>{t.channel}</dt>
          <dd>{say(CHANNEL_LABELS, detail.channel, lang)}</dd>
          <dt>{t.filed}</dt>
          <dd>
            <DateTime at={detail.createdAt} lang={lang} timeZone={tz} /> ({t.filedBy}{' '}
            {say(ROLE_LABELS, detail.filedBy.role, lang)})
          </dd>
          {detail.closedAt ? (
            <>
              <dt>{t.closed}</dt>
              <dd>
                <DateTime at={detail.closedAt} lang={lang} timeZone={tz} />
              </dd>
            </>
          ) : null}
          {detail.contractor ? (
            <>
              <dt>{t.contractor}</dt>
              <dd>{detail.contractor.name}</dd>
            </>
          ) : null}
          {detail.appointment ? (
            <>
              <dt>{t.appointment}</dt>
              <dd>
                <Appointment
                  appointment={detail.appointment}
                  lang={lang}
                  timeZone={tz}
                  hours={t.appointmentText}
                />
              </dd>
            </>
          ) : null}
          {detail.partner?.caseReference ? (
            <>
              <dt>{t.partnerCase}</dt>
              <dd>{detail.partner.caseReference}</dd>
            </>
          ) : null}
          <dt>{t.flags}</dt>
          <dd>
            {detail.flags.length
              ? detail.flags
                  .map((flag) => FLAG_QUESTIONS[flag as keyof typeof FLAG_QUESTIONS]?.[lang] ?? flag)
                  .join(' ; ')
              : t.noFlags}
          </dd>
        </dl>
        {urgency?.safety?.review ? (
          <div class="notice warning" role="note">
            <p>
              <strong>{t.safetyReview}</strong>
            </p>
            <ul>
              {urgency.safety.unknown.length ? (
                <li>
                  {t.unanswered} :{' '}
                  {urgency.safety.unknown
                    .map((flag) => FLAG_QUESTIONS[flag as keyof typeof FLAG_QUESTIONS]?.[lang] ?? flag)
                    .join(' ; ')}
                </li>
              ) : null}
              {urgency.safety.dangerWords.length ? (
                <li>
                  {t.dangerWords} : {urgency.safety.dangerWords.map((w) => `“${w}”`).join(', ')}
                </li>
              ) : null}
            </ul>
          </div>
        ) : null}
        <h3>{t.description}</h3>
        <p class="pre">{detail.description}</p>
      </section>
      {detail.tenant ? (
        <section aria-labelledby="tenant-title">
          <h2 id="tenant-title">{t.tenant}</h2>
          <dl class="facts">
            <dt>{t.tenantName}</dt>
            <dd>{detail.tenant.name}</dd>
            {detail.tenant.phone ? (
              <>
                <dt>{t.phone}</dt>
                <dd>
                  <a href={`tel:${detail.tenant.phone}`}>{detail.tenant.phone}</a>
                </dd>
              </>
            ) : null}
            {detail.tenant.email ? (
              <>
                <dt>{t.email}</dt>
                <dd>
                  <a href={`mailto:${detail.tenant.email}`}>{detail.tenant.email}</a>
                </dd>
              </>
            ) : null}
            <dt>{t.told}</dt>
            <dd>{f.channels[detail.tenant.preferredChannel] ?? detail.tenant.preferredChannel}</dd>
            <dt>{t.language}</dt>
            <dd>{f.languages[detail.tenant.language] ?? detail.tenant.language}</dd>
            {detail.accessNotes ? (
              <>
                <dt>{t.accessNotes}</dt>
                <dd>{detail.accessNotes}</dd>
              </>
            ) : null}
            <dt>{t.sharing}</dt>
            <dd>
              {detail.shareContactWithContractor
                ? lang === 'fr'
                  ? 'oui'
                  : 'yes'
                : lang === 'fr'
                  ? 'non'
                  : 'no'}
            </dd>
          </dl>
        </section>
      ) : null}
      <StatusSteps status={detail.status} lang={lang} />
      {urgency ? (
        <>
          <UrgencyDecision
            urgency={urgency}
            lang={lang}
            timeZone={tz}
            criteriaHref={`/criteria/${detail.landlord.code}`}
          />
          {urgency.override ? (
            <p>
              {t.override(
                levelLabel(urgency.override.previousLevel, lang),
                say(ROLE_LABELS, urgency.override.byRole, lang),
              )}
            </p>
          ) : null}
        </>
      ) : null}
      {detail.clocks.length ? (
        <section aria-labelledby="clocks-title">
          <h2 id="clocks-title">{t.clocks}</h2>
          <Table caption={t.clocksCaption} head={[t.stage, t.due, t.clockState, t.doneAt, t.elapsed, t.net]}>
            {detail.clocks.map((clock) => (
              <tr key={clock.stage}>
                <th scope="row">{say(STAGE_LABELS, clock.stage, lang)}</th>
                <td>
                  <Deadline at={clock.dueAt} lang={lang} timeZone={tz} />
                </td>
                <td>
                  <span
                    class={`badge ${clock.state === 'missed' ? 'overdue' : clock.state === 'met' ? 'ok' : 'soon'}`}
                  >
                    {t.clockStates[clock.state]}
                  </span>
                </td>
                <td>{clock.doneAt ? <DateTime at={clock.doneAt} lang={lang} timeZone={tz} /> : '—'}</td>
                <td class="num">{clock.elapsedWorkingDays}</td>
                <td class="num">{clock.elapsedWorkingDaysNetOfTenantDelay}</td>
              </tr>
            ))}
          </Table>
        </section>
      ) : null}
      <section aria-labelledby="actions-title">
        <h2 id="actions-title">{t.actions}</h2>
        {actions.length === 0 ? <p>{t.noActions}</p> : null}
        {main.map(form)}
        {others.length ? (
          <>
            <h3>{t.otherActions}</h3>
            {others.map((action) => (
              <details key={action} open={refusedHere?.action === action}>
                <summary>{say(ACTION_LABELS, action, lang)}</summary>
                {form(action)}
              </details>
            ))}
          </>
        ) : null}
      </section>
      <StaffTimeline detail={detail} lang={lang} />
      <Deliveries page={page} detail={detail} />
    </Layout>
  );
}

/** Actions whose own preconditions the page already knows are not met are left out. */
function shown(action: Action, detail: Detail): boolean {
  switch (action) {
    case 'hold':
      return !detail.onHold;
    case 'release':
      return !!detail.onHold;
    case 'override_urgency':
      return !!detail.urgency;
    case 'acknowledge_review':
    case 'answer_review':
      return detail.timeline.some((e) => e.action === 'escalate');
    default:
      return true;
  }
}

/** Forms start from what the complaint records where the action corrects it. */
function initialForm(action: Action, detail: Detail): FormState {
  switch (action) {
    case 'acknowledge':
      return emptyForm({ 'acknowledge.category': detail.category });
    case 'reclassify':
      return emptyForm({ 'reclassify.category': detail.category, 'reclassify.flags': detail.flags });
    case 'note':
      return emptyForm({ 'note.visibility': 'internal' });
    default:
      return emptyForm();
  }
}

/** What a refused post carried, shown back so nothing typed is lost when its form is gone. */
function KeptText(props: { form: FormState; lang: Lang }) {
  const texts = Object.entries(props.form.values).filter(
    ([key, value]) =>
      typeof value === 'string' &&
      value.trim().length > 0 &&
      /\.(text|publicText|internalText|reason|resolution)$/.test(key),
  );
  if (!texts.length) return null;
  return (
    <>
      <p>{words(props.lang).keptText}</p>
      {texts.map(([key, value]) => (
        <blockquote key={key} class="pre">
          {value}
        </blockquote>
      ))}
    </>
  );
}

function ActionForm(props: {
  page: PageContext;
  action: Action;
  detail: Detail;
  choices: ActionChoices;
  form: FormState;
}) {
  const { page, action, detail, choices, form } = props;
  const lang = page.lang;
  const t = words(lang);
  const n = (field: string) => `${action}.${field}`;
  // Before the contractor's report, staff confirm or contest only by recording a visit on site.
  const visit = detail.visitOnlyActions.includes(action);
  const common = { form, lang };
  const texts = (pub: boolean, internal: boolean) => (
    <>
      {pub ? <TextArea name={n('publicText')} label={t.publicText} rows={2} {...common} /> : null}
      {internal ? <TextArea name={n('internalText')} label={t.internalText} rows={2} {...common} /> : null}
    </>
  );
  const appointment = (required: boolean) => (
    <>
      <TextField
        name={n('appointment.start')}
        type="datetime-local"
        label={t.appointmentStart}
        hint={t.appointmentHint}
        required={required}
        {...common}
      />
      <TextField
        name={n('appointment.end')}
        type="datetime-local"
        label={t.appointmentEnd}
        required={required}
        {...common}
      />
    </>
  );
  const contractorSelect = (
    <Select
      name={n('contractorId')}
      label={t.chooseContractor}
      placeholder={t.choose}
      options={choices.contractors}
      required
      {...common}
    />
  );
  const categorySelect = (
    <Select name={n('category')} label={t.newCategory} options={categoryOptions(lang)} required {...common} />
  );
  const fields = (() => {
    switch (action) {
      case 'acknowledge':
        return (
          <>
            {categorySelect}
            {texts(true, true)}
          </>
        );
      case 'assign':
        return (
          <>
            {contractorSelect}
            {appointment(false)}
            {texts(true, true)}
          </>
        );
      case 'reassign':
        return (
          <>
            {contractorSelect}
            <TextArea name={n('reason')} label={t.reassignReason} rows={2} required {...common} />
            {texts(true, false)}
          </>
        );
      case 'schedule':
        return (
          <>
            {appointment(true)}
            {texts(true, false)}
          </>
        );
      case 'check_works':
      case 'release':
      case 'acknowledge_review':
        return texts(true, true);
      case 'reject_works':
        return (
          <>
            <TextArea name={n('reason')} label={t.rejectReason} rows={3} required {...common} />
            {texts(false, true)}
          </>
        );
      case 'close':
        return (
          <>
            <TextArea name={n('resolution')} label={t.resolution} rows={3} required {...common} />
            {texts(false, true)}
          </>
        );
      case 'close_without_works':
        return (
          <>
            <Choices
              name={n('closeReason')}
              label={t.closeReason}
              required
              options={CLOSE_WITHOUT_WORKS_REASONS.map((r) => ({
                value: r,
                label: say(CLOSE_REASON_LABELS, r, lang),
              }))}
              {...common}
            />
            <TextArea name={n('reason')} label={t.explanation} rows={3} required {...common} />
            {texts(false, true)}
          </>
        );
      case 'hold':
        return (
          <>
            <Choices
              name={n('holdReason')}
              label={t.holdReason}
              required
              options={HOLD_REASONS.map((r) => ({ value: r, label: say(HOLD_REASON_LABELS, r, lang) }))}
              {...common}
            />
            {texts(true, true)}
          </>
        );
      case 'override_urgency':
        return (
          <>
            <Select
              name={n('urgencyLevel')}
              label={t.level}
              placeholder={t.choose}
              options={choices.levels}
              required
              {...common}
            />
            <TextArea name={n('reason')} label={t.overrideReason} rows={2} required {...common} />
            {texts(true, false)}
          </>
        );
      case 'reclassify':
        return (
          <>
            {categorySelect}
            <Choices name={n('flags')} label={t.newFlags} multiple options={flagOptions(lang)} {...common} />
            {texts(false, true)}
          </>
        );
      case 'note':
        return (
          <>
            <Choices
              name={n('visibility')}
              label={t.visibility}
              required
              inline
              options={['internal', 'public'].map((v) => ({ value: v, label: t.visibilities[v] }))}
              {...common}
            />
            <TextArea name={n('text')} label={t.text} rows={3} required {...common} />
          </>
        );
      case 'answer_review':
        return (
          <>
            <TextArea name={n('text')} label={t.reviewAnswer} rows={4} required {...common} />
            {texts(false, true)}
          </>
        );
      case 'reopen':
        return <TextArea name={n('reason')} label={t.reopenReason} rows={2} required {...common} />;
      default:
        return texts(true, true);
    }
  })();
  const ownErrors: FormState = {
    values: form.values,
    errors: Object.fromEntries(
      Object.entries(form.errors).filter(([k]) => k === '_form' || k.startsWith(`${action}.`)),
    ),
  };
  return (
    <form
      method="post"
      action={`/agent/complaints/${detail.reference}/actions`}
      class="action-form"
      id={`action-${action}`}
      noValidate
    >
      <h3>{visit ? t.visitHeading[action] : say(ACTION_LABELS, action, lang)}</h3>
      <ErrorSummary form={ownErrors} lang={lang} labels={{}} />
      <Csrf page={page} />
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="expectedVersion" value={String(detail.version)} />
      {visit ? (
        <>
          <p class="hint">{t.visitHint}</p>
          <input type="hidden" name={n('visit')} value="true" />
        </>
      ) : null}
      {fields}
      <button type="submit" class="button primary">
        {say(ACTION_LABELS, action, lang)}
      </button>
    </form>
  );
}

/** Every event, public and internal entries alike, internal ones marked in words. */
function StaffTimeline(props: { detail: Detail; lang: Lang }) {
  const { detail, lang } = props;
  const t = words(lang);
  const tz = detail.timeZone;
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t.timeline}</h2>
      <ol class="timeline">
        {detail.timeline.map((e) => {
          const internalOnly = !!STAFF_EVENT_LABELS[e.action] || (e.action === 'note' && !e.publicText);
          return (
            <li key={e.seq} class={internalOnly ? 'internal' : undefined}>
              <span class="when">
                <DateTime at={e.at} lang={lang} timeZone={tz} />
              </span>
              <strong>{eventLabel(e.action, lang)}</strong>{' '}
              <span class="muted">
                ({t.by} {say(ROLE_LABELS, e.actor.role, lang)})
              </span>
              {internalOnly ? (
                <>
                  {' '}
                  <span class="badge internal" title={t.internalHint}>
                    {t.internal}
                  </span>
                </>
              ) : null}
              {e.publicText ? (
                <p>
                  <span class="muted">{t.toTenant} :</span> {e.publicText}
                </p>
              ) : null}
              {e.internalText ? (
                <p>
                  <span class="badge internal">{t.staffOnly}</span> {e.internalText}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Each message and how far it got; failed and unclear ones can be sent again. */
function Deliveries(props: { page: PageContext; detail: Detail }) {
  const { page, detail } = props;
  const lang = page.lang;
  const t = words(lang);
  return (
    <section aria-labelledby="messages-title">
      <h2 id="messages-title">{t.messages}</h2>
      {detail.notifications.length === 0 ? (
        <p>{t.noMessages}</p>
      ) : (
        <Table
          caption={t.messagesCaption}
          head={[t.about, t.audience, t.via, t.state, t.attempts, t.error, t.resend]}
        >
          {detail.notifications.map((m) => (
            <tr key={m.id}>
              <th scope="row">{eventLabel(m.about, lang)}</th>
              <td>{say(ROLE_LABELS, m.audience, lang)}</td>
              <td>{t.channels[m.channel] ?? m.channel}</td>
              <td>
                <span
                  class={`badge ${m.status === 'failed' ? 'overdue' : m.status === 'unknown' ? 'soon' : m.status === 'delivered' || m.status === 'sent' ? 'ok' : ''}`}
                >
                  {t.deliveryStates[m.status] ?? m.status}
                </span>
              </td>
              <td class="num">{m.attempts}</td>
              <td>{m.error ? `${m.error.code}${m.error.message ? ` — ${m.error.message}` : ''}` : '—'}</td>
              <td>
                {m.status === 'failed' || m.status === 'unknown' ? (
                  <form
                    method="post"
                    action={`/agent/complaints/${detail.reference}/notifications/${m.id}/resend`}
                    class="inline"
                  >
                    <Csrf page={page} />
                    <button
                      type="submit"
                      class="button secondary"
                      aria-label={t.resendLabel(eventLabel(m.about, lang))}
                    >
                      {t.resend}
                    </button>
                  </form>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
    </section>
  );
}
