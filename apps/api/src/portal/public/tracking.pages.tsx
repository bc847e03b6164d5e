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
import type { ComponentChildren } from 'preact';
import { ApiExcludeController } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AttemptLimiter } from '@suivi/access';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { LinksService } from '@suivi/complaints';
import { CATEGORY_LABELS, HOLD_REASON_LABELS, STATUS_LABELS } from '@suivi/domain';
import { Public } from '../../common/access';
import { TrackingLinkResender } from '@suivi/notifications';
import { RESEND_ANSWER, lockedLookup, lockedResend } from '../../tracking/tracking.controller';
import { Button, Choices, DateTime, Deadline, ErrorSummary, Notice, TextField } from '../components';
import { Appointment, NextStep, StatusSteps, Timeline, UrgencyDecision } from '../complaint-parts';
import { emptyForm, formValues, valueOf } from '../forms';
import type { FormState } from '../forms';
import { dictionary, say } from '../i18n';
import { Layout } from '../layout';
import { Page, seeOther, sendPage } from '../page';
import { ReachLandlord } from './reach';
import { TenantActions, doneNotice } from './tenant-actions';
import type { PageContext } from '../page';
import { PageErrorFilter } from '../page-errors.filter';
import { ThrottleEveryCaller } from '../../common/throttling';

/** A wait in whole minutes, or seconds under one minute, in words. */
const waitFr = (s: number) => (s < 60 ? `${s} seconde(s)` : `${Math.ceil(s / 60)} minute(s)`);
const waitEn = (s: number) => (s < 60 ? `${s} second(s)` : `${Math.ceil(s / 60)} minute(s)`);

const words = dictionary({
  fr: {
    homeTitle: 'Un problème dans votre logement ? Suivez-le jusqu’au bout.',
    homeIntro:
      'Signalez un problème à votre bailleur social, recevez une référence, et suivez chaque étape : qui doit agir, et avant quelle date.',
    fileCta: 'Signaler un problème',
    followCta: 'Suivre un dossier',
    noInternet: 'Sans internet',
    noInternetText:
      'Appelez votre bailleur ou passez à son accueil : votre demande reçoit la même référence et les mêmes délais. Pour connaître l’état de votre dossier, envoyez par SMS « STATUT » suivi de votre référence au numéro donné sur la page de votre dossier et dans les messages de votre bailleur.',
    staff: 'Vous travaillez pour un bailleur, une entreprise, une association ?',
    staffLink: 'Connexion professionnels',
    followTitle: 'Suivre mon dossier',
    followIntro:
      'Le lien reçu par SMS ou e-mail ouvre directement votre dossier. Sinon, donnez la référence et les 4 derniers chiffres du téléphone (ou l’e-mail) donnés au dépôt.',
    reference: 'Référence du dossier',
    referenceHint:
      'Par exemple 7K3M-9QXA-B2C4X (13 caractères). Majuscules, minuscules, tirets et espaces ne comptent pas.',
    recheck:
      'Relisez votre référence : son dernier caractère ne correspond pas (ou il manque). Ce n’est pas compté comme un essai.',
    verifier: '4 derniers chiffres de votre téléphone, ou votre e-mail',
    verifierHint: 'Ceux que vous avez donnés en déposant le signalement.',
    open: 'Ouvrir mon dossier',
    notFound: 'Aucun dossier ne correspond à cette référence et à ce contrôle. Vérifiez-les et réessayez.',
    locked: (s: number) =>
      `Trop d’essais pour cette référence. Réessayez dans ${waitFr(s)}, ou appelez votre bailleur.`,
    missing: 'Indiquez-le',
    resendTitle: 'Recevoir à nouveau le lien',
    resendIntro:
      'Vous avez perdu le lien ? Donnez la référence : nous l’envoyons au téléphone ou à l’adresse e-mail donnés au dépôt (jamais à un autre). C’est le même lien, il reste valable.',
    resendChannel: 'Par',
    resendSms: 'SMS',
    resendEmail: 'E-mail',
    resendChannelHint: 'Si les deux sont enregistrés. Sinon, nous utilisons celui qui l’est.',
    resend: 'Recevoir le lien',
    resendDone: RESEND_ANSWER.fr,
    caseTitle: (ref: string) => `Dossier ${ref}`,
    status: 'État',
    landlord: 'Bailleur',
    category: 'Problème',
    filed: 'Déposé le',
    closed: 'Clos le',
    outcomeTitle: 'Votre dossier est clos',
    outcome: 'Réponse de votre bailleur',
    reopenUntil: 'Si le problème revient ou n’a pas été réglé, vous pouvez rouvrir ce dossier jusqu’au',
    reopenPassed: 'Le délai pour rouvrir ce dossier a pris fin le',
    reopenPassedNext: 'Vous pouvez encore demander un réexamen, ou déposer un nouveau signalement.',
    onHold: 'En attente',
    appointment: 'Rendez-vous',
    appointmentText: (from: string, to: string) => `entre ${from} et ${to}`,
    history: 'Historique',
    preferences: 'Choisir les messages reçus (e-mails, SMS)',
    keepLink:
      'Gardez ce lien : il ouvre votre dossier sans mot de passe. Ne le partagez qu’avec une personne de confiance.',
    filedNotice: 'Votre signalement est enregistré.',
    yourReference: 'Votre référence',
    referenceHelp: 'Notez-la : elle vous sera demandée au téléphone ou à l’accueil.',
    spelled: 'Caractère par caractère :',
    yourLink: 'Votre lien de suivi',
    linkHelp: 'Ajoutez cette page à vos favoris, ou recopiez ce lien :',
    whatNext: 'Et maintenant ?',
    nextLandlord: 'Votre bailleur doit prendre en charge votre signalement',
    nextLandlordBy: 'au plus tard le',
    nextMessages:
      'Si vous avez donné un téléphone ou un e-mail, vous recevrez un message à chaque étape, avec ce lien.',
    nextFollow:
      'Vous pourrez aussi retrouver votre dossier avec la référence et les 4 derniers chiffres de votre téléphone (ou votre e-mail) :',
    nextFollowLink: 'suivre mon dossier',
    nextUrgency: 'Les délais ci-dessous découlent des règles d’urgence publiées par votre bailleur.',
  },
  en: {
    homeTitle: 'A problem in your home? Follow it through to the end.',
    homeIntro:
      'Report a problem to your social landlord, get a reference, and follow every step: who has to act, and by when.',
    fileCta: 'Report a problem',
    followCta: 'Follow a case',
    noInternet: 'No internet?',
    noInternetText:
      'Call your landlord or visit its front desk: your report gets the same reference and the same deadlines. To hear where your case stands, text “STATUS” followed by your reference to the number given on your case’s page and in your landlord’s messages.',
    staff: 'Do you work for a landlord, a contractor or a charity?',
    staffLink: 'Staff sign-in',
    followTitle: 'Follow my case',
    followIntro:
      'The link in your text or email opens your case directly. Otherwise, give the reference and the last 4 digits of the phone (or the email) you gave when reporting.',
    reference: 'Case reference',
    referenceHint:
      'For example 7K3M-9QXA-B2C4X (13 characters). Capitals, small letters, dashes and spaces do not matter.',
    recheck:
      'Please re-read your reference: its last character does not match (or is missing). This does not count as an attempt.',
    verifier: 'Last 4 digits of your phone, or your email',
    verifierHint: 'The ones you gave when you reported the problem.',
    open: 'Open my case',
    notFound: 'No case matches this reference and check. Check them and try again.',
    locked: (s: number) =>
      `Too many tries for this reference. Try again in ${waitEn(s)}, or call your landlord.`,
    missing: 'Enter it',
    resendTitle: 'Send me the link again',
    resendIntro:
      'Lost the link? Give the reference: we send it to the phone or e-mail you gave when reporting (never to another one). It is the same link and stays valid.',
    resendChannel: 'By',
    resendSms: 'Text message (SMS)',
    resendEmail: 'E-mail',
    resendChannelHint: 'If both are on file. Otherwise we use the one that is.',
    resend: 'Send me the link',
    resendDone: RESEND_ANSWER.en,
    caseTitle: (ref: string) => `Case ${ref}`,
    status: 'Status',
    landlord: 'Landlord',
    category: 'Problem',
    filed: 'Reported on',
    closed: 'Closed on',
    outcomeTitle: 'Your case is closed',
    outcome: 'Your landlord’s answer',
    reopenUntil: 'If the problem comes back or was not fixed, you can reopen this case until',
    reopenPassed: 'The time to reopen this case ended on',
    reopenPassedNext: 'You can still ask for a review, or report a new problem.',
    onHold: 'On hold',
    appointment: 'Appointment',
    appointmentText: (from: string, to: string) => `between ${from} and ${to}`,
    history: 'History',
    preferences: 'Choose the messages you get (e-mails, text messages)',
    keepLink: 'Keep this link: it opens your case without a password. Share it only with someone you trust.',
    filedNotice: 'Your report is recorded.',
    yourReference: 'Your reference',
    referenceHelp: 'Write it down: you will be asked for it on the phone or at the front desk.',
    spelled: 'Character by character:',
    yourLink: 'Your tracking link',
    linkHelp: 'Bookmark this page, or copy this link:',
    whatNext: 'What happens next?',
    nextLandlord: 'Your landlord must take on your report',
    nextLandlordBy: 'by',
    nextMessages:
      'If you gave a phone number or an email, you will get a message at each step, with this link.',
    nextFollow:
      'You can also find your case with the reference and the last 4 digits of your phone (or your email):',
    nextFollowLink: 'follow my case',
    nextUrgency: 'The deadlines below come from the urgency rules your landlord has published.',
  },
});

/** The tenant's pages without an account: home, finding a case, the tracking page. */
@ApiExcludeController()
@UseFilters(PageErrorFilter)
@Controller()
export class TrackingPages {
  constructor(
    @Inject(LinksService) private readonly links: LinksService,
    @Inject(AttemptLimiter) private readonly attempts: AttemptLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TrackingLinkResender) private readonly resender: TrackingLinkResender,
  ) {}

  @Get()
  @Public()
  home(@Page() page: PageContext, @Res() reply: FastifyReply) {
    const t = words(page.lang);
    sendPage(
      reply,
      <Layout page={page} title={t.fileCta}>
        <h1>{t.homeTitle}</h1>
        <p>{t.homeIntro}</p>
        <div class="actions">
          <a class="button primary" href="/file">
            {t.fileCta}
          </a>
          <a class="button secondary" href="/follow">
            {t.followCta}
          </a>
        </div>
        <h2>{t.noInternet}</h2>
        <p>{t.noInternetText}</p>
        <p>
          {t.staff} <a href="/sign-in">{t.staffLink}</a>
        </p>
      </Layout>,
    );
  }

  @Get('follow')
  @Public()
  followForm(@Page() page: PageContext, @Res() reply: FastifyReply) {
    sendPage(reply, followPage(page, emptyForm()));
  }

  @Post('follow')
  @Public()
  @ThrottleEveryCaller()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  async follow(
    @Page() page: PageContext,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const form: FormState = { values: formValues(body), errors: {} };
    const reference = valueOf(form, 'reference').trim();
    const verifier = valueOf(form, 'verifier').trim();
    if (!reference) form.errors.reference = t.missing;
    if (!verifier) form.errors.verifier = t.missing;
    if (reference.length > 60) form.errors.reference = t.notFound;
    if (Object.keys(form.errors).length) return sendPage(reply, followPage(page, form), 400);
    const found = await lockedLookup(
      this.links,
      this.attempts,
      reference,
      verifier.slice(0, 254),
      request.ip,
    );
    if (found && typeof found === 'object' && 'refused' in found) {
      form.errors._form = t.locked(found.retryAfterSeconds);
      return sendPage(reply, followPage(page, form), 429);
    }
    if (found === 'recheck') {
      form.errors.reference = t.recheck;
      return sendPage(reply, followPage(page, form), 400);
    }
    if (!found) {
      form.errors._form = t.notFound;
      return sendPage(reply, followPage(page, form), 404);
    }
    seeOther(reply, `/t/${found.trackingToken}`);
  }

  /**
   * "Send me the link again" (issue 14, J5): the reference only, the link goes to the contact on file. The
   * answer is the same whether the reference exists, has a contact, or is over its limit (lockedResend).
   */
  @Post('follow/resend')
  @Public()
  @ThrottleEveryCaller()
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  async resend(
    @Page() page: PageContext,
    @Body() body: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const t = words(page.lang);
    const form: FormState = { values: formValues(body), errors: {} };
    const reference = valueOf(form, 'resendReference').trim();
    const asked = valueOf(form, 'resendChannel');
    const channel = asked === 'sms' || asked === 'email' ? asked : undefined;
    if (!reference) form.errors.resendReference = t.missing;
    if (reference.length > 60) form.errors.resendReference = t.notFound;
    if (Object.keys(form.errors).length) return sendPage(reply, followPage(page, emptyForm(), form), 400);
    const outcome = await lockedResend(this.resender, this.attempts, reference, channel, request.ip);
    if (outcome === 'recheck') {
      form.errors.resendReference = t.recheck;
      return sendPage(reply, followPage(page, emptyForm(), form), 400);
    }
    sendPage(reply, followPage(page, emptyForm(), emptyForm(), t.resendDone));
  }

  @Get('t/:token')
  @Public()
  async tracking(
    @Page() page: PageContext,
    @Param('token') token: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const view = await this.links.trackingView(token);
    const preferences = await this.links.preferencesPath(token);
    // Only the holder of the link sees the confirmation: it adds nothing the link does not already open.
    const filed = query.filed === '1';
    sendPage(
      reply,
      <TrackingPage
        page={page}
        view={view}
        token={token}
        notice={doneNotice(query.done, page.lang)}
        confirmation={
          filed ? (
            <Confirmation page={page} view={view} link={`${this.config.publicBaseUrl}/t/${token}`} />
          ) : undefined
        }
        actions={<TenantActions view={view} token={token} lang={page.lang} form={emptyForm()} />}
        preferences={preferences}
      />,
    );
  }
}

/** /follow: the lookup form, then "send me the link again" with its own form state and answer. */
function followPage(page: PageContext, form: FormState, resend: FormState = emptyForm(), resent?: string) {
  const t = words(page.lang);
  return (
    <Layout page={page} title={t.followTitle}>
      <h1>{t.followTitle}</h1>
      {resent ? (
        <Notice kind="success">
          <p>{resent}</p>
        </Notice>
      ) : null}
      <p>{t.followIntro}</p>
      <ErrorSummary form={form} lang={page.lang} labels={{ reference: t.reference, verifier: t.verifier }} />
      <form method="post" action="/follow" noValidate>
        <TextField
          name="reference"
          label={t.reference}
          hint={t.referenceHint}
          form={form}
          lang={page.lang}
          required
          autoComplete="off"
          size="medium"
          maxLength={60}
        />
        <TextField
          name="verifier"
          label={t.verifier}
          hint={t.verifierHint}
          form={form}
          lang={page.lang}
          required
          autoComplete="off"
          size="medium"
        />
        <Button>{t.open}</Button>
      </form>
      <h2 id="resend">{t.resendTitle}</h2>
      <p>{t.resendIntro}</p>
      <ErrorSummary form={resend} lang={page.lang} labels={{ resendReference: t.reference }} />
      <form method="post" action="/follow/resend" noValidate>
        <TextField
          name="resendReference"
          label={t.reference}
          hint={t.referenceHint}
          form={resend}
          lang={page.lang}
          required
          autoComplete="off"
          size="medium"
          maxLength={60}
        />
        <Choices
          name="resendChannel"
          label={t.resendChannel}
          hint={t.resendChannelHint}
          form={resend}
          lang={page.lang}
          inline
          options={[
            { value: 'sms', label: t.resendSms },
            { value: 'email', label: t.resendEmail },
          ]}
        />
        <Button kind="secondary">{t.resend}</Button>
      </form>
    </Layout>
  );
}

type TrackingView = Awaited<ReturnType<LinksService['trackingView']>>;

/** The tracking page: where the case stands, who acts next and by when, why its urgency, its history. */
export function TrackingPage(props: {
  page: PageContext;
  view: TrackingView;
  token: string;
  actions?: ComponentChildren;
  /** A message after an action, or why it was refused. */
  notice?: ComponentChildren;
  /** The first view after filing: the reference, the link, what happens next. */
  confirmation?: ComponentChildren;
  /** The path of the tenant's message preferences (e-mails, SMS), when a contact is on file. */
  preferences?: string | null;
}) {
  const { page, view } = props;
  const { lang } = page;
  const t = words(lang);
  const tz = view.timeZone;
  return (
    <Layout page={page} title={t.caseTitle(view.reference)}>
      <h1>
        {t.caseTitle('')}
        <span class="reference">{view.reference}</span>
      </h1>
      {props.notice}
      {props.confirmation}
      {view.status === 'closed' ? <Outcome view={view} lang={lang} /> : null}
      <dl class="facts">
        <dt>{t.status}</dt>
        <dd>
          <strong>{say(STATUS_LABELS, view.status, lang)}</strong>
        </dd>
        <dt>{t.landlord}</dt>
        <dd>{view.landlord}</dd>
        <dt>{t.category}</dt>
        <dd>{say(CATEGORY_LABELS, view.category, lang)}</dd>
        <dt>{t.filed}</dt>
        <dd>
          <DateTime at={view.filedAt} lang={lang} timeZone={tz} />
        </dd>
        {view.closedAt ? (
          <>
            <dt>{t.closed}</dt>
            <dd>
              <DateTime at={view.closedAt} lang={lang} timeZone={tz} />
            </dd>
          </>
        ) : null}
        {view.onHold ? (
          <>
            <dt>{t.onHold}</dt>
            <dd>{say(HOLD_REASON_LABELS, view.onHold, lang)}</dd>
          </>
        ) : null}
        {view.appointment ? (
          <>
            <dt>{t.appointment}</dt>
            <dd>
              <Appointment
                appointment={view.appointment}
                lang={lang}
                timeZone={tz}
                hours={t.appointmentText}
              />
            </dd>
          </>
        ) : null}
      </dl>
      <NextStep step={view.nextStep} lang={lang} timeZone={tz} />
      {props.actions}
      <ReachLandlord lang={lang} reference={view.reference} contact={view.contact} />
      <StatusSteps status={view.status} lang={lang} />
      {view.urgency ? (
        <UrgencyDecision
          urgency={view.urgency}
          lang={lang}
          timeZone={tz}
          criteriaHref={`/criteria/${encodeURIComponent(view.landlordCode)}`}
        />
      ) : null}
      <Timeline items={view.timeline} lang={lang} timeZone={tz} title={t.history} />
      {props.preferences ? (
        <p>
          <a href={props.preferences}>{t.preferences}</a>
        </p>
      ) : null}
      <p class="muted">{t.keepLink}</p>
    </Layout>
  );
}

/**
 * A closed case's page starts with the outcome: the landlord's resolution (or reason for closing without
 * works) and until when the tenant may reopen it, dated in the landlord's time zone.
 */
function Outcome(props: { view: TrackingView; lang: 'fr' | 'en' }) {
  const { view, lang } = props;
  const t = words(lang);
  const tz = view.timeZone;
  const closing = [...view.timeline]
    .reverse()
    .find((e) => e.action === 'close' || e.action === 'close_without_works');
  const until = view.reopenableUntil;
  const reopenOpen = view.tenantActions.includes('reopen');
  return (
    <section class="box outcome" aria-labelledby="outcome-title">
      <h2 id="outcome-title">{t.outcomeTitle}</h2>
      {closing?.text ? (
        <>
          <h3>{t.outcome}</h3>
          <p class="resolution">{closing.text}</p>
        </>
      ) : null}
      {until ? (
        reopenOpen ? (
          <p>
            {t.reopenUntil} <DateTime at={until} lang={lang} timeZone={tz} style="datetime" />.
          </p>
        ) : (
          <p>
            {t.reopenPassed} <DateTime at={until} lang={lang} timeZone={tz} style="datetime" />.{' '}
            {t.reopenPassedNext}
          </p>
        )
      ) : null}
    </section>
  );
}

/** What a tenant needs right after filing: the reference to read aloud, the link to keep, what comes next. */
function Confirmation(props: { page: PageContext; view: TrackingView; link: string }) {
  const { view, page } = props;
  const t = words(page.lang);
  const acknowledgeBy = view.urgency?.due.acknowledge;
  return (
    <>
      <Notice kind="success">{t.filedNotice}</Notice>
      <section class="box confirmation" aria-labelledby="confirmation-title">
        <h2 id="confirmation-title">{t.yourReference}</h2>
        <p class="reference reference-large">{view.reference}</p>
        <p>
          {t.spelled} <span class="spelled">{[...view.reference].join(' ')}</span>
        </p>
        <p>{t.referenceHelp}</p>
        <h2>{t.yourLink}</h2>
        <p>{t.linkHelp}</p>
        <p class="link-copy">
          <a href={props.link}>{props.link}</a>
        </p>
        <h2>{t.whatNext}</h2>
        <ul>
          {acknowledgeBy ? (
            <li>
              {t.nextLandlord} {t.nextLandlordBy}{' '}
              <Deadline at={acknowledgeBy} lang={page.lang} timeZone={view.timeZone} />.
            </li>
          ) : null}
          {view.contact.tenantHasPhone || view.contact.tenantHasEmail ? (
            <>
              <li>{t.nextMessages}</li>
              <li>
                {t.nextFollow} <a href="/follow">{t.nextFollowLink}</a>.
              </li>
            </>
          ) : null}
          {view.urgency ? <li>{t.nextUrgency}</li> : null}
        </ul>
      </section>
    </>
  );
}
