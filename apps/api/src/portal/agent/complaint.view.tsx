import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  FLAG_QUESTIONS,
  HOLD_REASON_LABELS,
  ROLE_LABELS,
  STAGE_LABELS,
  STATUS_LABELS,
  eventLabel,
} from '@suivi/domain';
import type { Action } from '@suivi/domain';
import { DateTime, Deadline, ErrorSummary, Notice, Table, formatDate } from '../components';
import { Appointment, StatusSteps, UrgencyDecision, levelLabel } from '../complaint-parts';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import { Layout } from '../layout';
import type { PageContext } from '../page';
import { StaffNav } from './staff-nav';
import { filingWords } from './filing-form';
import { complaintWords } from './complaint.words';
import type { ActionChoices, Detail, Refusal } from './complaint.types';
import { ActionForm, KeptText, actionPlan, fieldLabels, initialForm } from './complaint-actions.view';
import { Deliveries, StaffTimeline } from './complaint-history.view';

/** What became of a resend: on its way, or waiting for the end of the landlord's quiet hours. */
function ResentNotice(props: { at: string | null; text: string | null; lang: Lang; timeZone: string }) {
  const t = complaintWords(props.lang);
  return (
    <Notice kind="success">
      {props.at ? t.resentLater(formatDate(props.at, props.lang, props.timeZone)) : t.resent}
      {props.text ? (
        <>
          {' '}
          {t.resentText} <q>{props.text}</q>
        </>
      ) : null}
    </Notice>
  );
}

/**
 * The whole page: a refused post's problems first, then the action to take next (state, next deadline and
 * its form) and the other actions that can succeed now, then the facts, the deadlines, the history and the
 * messages sent.
 */
export function ComplaintPage(props: {
  page: PageContext;
  detail: Detail;
  choices: ActionChoices;
  done?: string;
  refusal?: Refusal;
  notResent?: boolean;
  resentAt?: string | null;
  resentText?: string | null;
}) {
  const { page, detail, choices, refusal } = props;
  const lang = page.lang;
  const t = complaintWords(lang);
  const f = filingWords(lang);
  const tz = detail.timeZone;
  const urgency = detail.urgency;
  // The action to take next first (or the one just refused), then every other action that can succeed now.
  const plan = actionPlan(detail, choices, refusal?.action);
  const refusedHere = refusal && plan.offered.includes(refusal.action as Action) ? refusal : undefined;
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
  // A refused post's problems, summed up at the very top of the page, each linking to its field.
  const problems =
    refusal && refusal.message !== 'stale' && Object.keys(refusal.form.errors).length ? refusal : undefined;
  const next = detail.nextDeadline;
  return (
    <Layout
      page={page}
      title={problems ? t.errorTitle(t.title(detail.reference)) : t.title(detail.reference)}
      wide
    >
      <StaffNav lang={lang} current="" />
      <h1>
        {t.caseOf} <span class="reference">{detail.reference}</span>
      </h1>
      {props.done === 'filed' ? (
        <Notice kind="success">{t.filedDone}</Notice>
      ) : props.done === 'resent' ? (
        <ResentNotice at={props.resentAt ?? null} text={props.resentText ?? null} lang={lang} timeZone={tz} />
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
      {problems ? (
        <ErrorSummary form={problems.form} lang={lang} labels={fieldLabels(problems.action, lang)} />
      ) : null}
      <section aria-labelledby="next-title" class="next-step">
        <h2 id="next-title">{t.nextTitle}</h2>
        <p class="next-facts">
          <strong>{say(STATUS_LABELS, detail.status, lang)}</strong>
          {detail.onHold ? (
            <>
              {' '}
              <span class="badge soon">
                {t.onHold} : {say(HOLD_REASON_LABELS, detail.onHold, lang)}
              </span>
            </>
          ) : null}
          {next ? (
            <>
              {' — '}
              {t.nextDeadline} ({say(STAGE_LABELS, next.stage, lang)}) :{' '}
              <Deadline at={next.dueAt} lang={lang} timeZone={tz} />
              {next.state === 'missed' ? (
                <>
                  {' '}
                  <span class="badge overdue">{t.overdue}</span>
                </>
              ) : null}
            </>
          ) : null}
        </p>
        <div class="next-grid">
          <div class="next-form">
            {plan.next ? (
              form(plan.next)
            ) : (
              <p>{detail.status === 'assigned' && !detail.onHold ? t.waitingContractor : t.nothingNext}</p>
            )}
          </div>
          <div class="next-about">
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
          </div>
        </div>
        {!choices.contractors.length && detail.availableActions.includes('assign') ? (
          <p class="hint">{t.noContractor}</p>
        ) : null}
      </section>
      {plan.others.length ? (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">{plan.next ? t.otherActions : t.actions}</h2>
          {plan.others.map((action) => (
            <details key={action}>
              <summary>
                {detail.visitOnlyActions.includes(action)
                  ? t.visitHeading[action]
                  : say(ACTION_LABELS, action, lang)}
              </summary>
              {form(action)}
            </details>
          ))}
        </section>
      ) : plan.next ? null : (
        <p>{t.noActions}</p>
      )}
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
      <StaffTimeline detail={detail} lang={lang} />
      <Deliveries page={page} detail={detail} />
    </Layout>
  );
}
