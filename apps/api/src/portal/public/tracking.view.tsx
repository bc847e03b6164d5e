/**
 * The tenant's follow page and tracking page: where the case stands, who acts next and by when, its history.
 */
import type { ComponentChildren } from 'preact';
import { LinksService } from '@suivi/complaints';
import { CATEGORY_LABELS, HOLD_REASON_LABELS, STATUS_LABELS } from '@suivi/domain';
import { Button, Choices, DateTime, Deadline, ErrorSummary, Notice, TextField } from '../components';
import { Appointment, NextStep, StatusSteps, Timeline, UrgencyDecision } from '../complaint-parts';
import { emptyForm } from '../forms';
import type { FormState } from '../forms';
import { say } from '../i18n';
import { Layout } from '../layout';
import { ReachLandlord } from './reach';
import type { PageContext } from '../page';
import { words } from './tracking.words';

/** /follow: the lookup form, then "send me the link again" with its own form state and answer. */
export function followPage(
  page: PageContext,
  form: FormState,
  resend: FormState = emptyForm(),
  resent?: string,
) {
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
export function Confirmation(props: { page: PageContext; view: TrackingView; link: string }) {
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
