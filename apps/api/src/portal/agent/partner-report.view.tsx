/**
 * The partners' report pages as HTML: the list of their reports, and one report with the landlord's
 * response times, the actions the partner may take, and the history.
 */
import type { VNode } from 'preact';
import { CATEGORY_LABELS, STATUS_LABELS } from '@suivi/domain';
import { DateTime, ErrorSummary, Notice, Table } from '../components';
import { NextStep, StatusSteps, Timeline, UrgencyDecision } from '../complaint-parts';
import type { FormState } from '../forms';
import { say } from '../i18n';
import { Layout } from '../layout';
import type { PageContext } from '../page';
import { words, durationWords } from './partner.words';
import {
  STEP_KEYS,
  STEP_ACTIONS,
  PARTNER_FORMS,
  PartnerActions,
  PartnerNav,
  AnswerState,
} from './partner.view';
import type { PartnerReport } from './partner.view';

/** The partner's reports in the order the service lists them, each with its answer state; a notice when none. */
export function PartnerReportsPage(props: { page: PageContext; reports: PartnerReport[] }) {
  const { page, reports } = props;
  const lang = page.lang;
  const t = words(lang);
  return (
    <Layout page={page} title={t.reportsTitle} wide>
      <PartnerNav lang={lang} current="/partners" />
      <h1>{t.reportsTitle}</h1>
      <p>{t.reportsIntro}</p>
      {reports.length === 0 ? (
        <Notice>{t.none}</Notice>
      ) : (
        <Table
          caption={t.caption}
          head={[t.reference, t.yourRef, t.landlord, t.category, t.filed, t.status, t.answer]}
        >
          {reports.map((r) => (
            <tr key={r.reference}>
              <th scope="row">
                <a href={`/partners/complaints/${r.reference}`}>{r.reference}</a>
              </th>
              <td>{r.caseReference ?? '—'}</td>
              <td>{r.landlord}</td>
              <td>{say(CATEGORY_LABELS, r.category, lang)}</td>
              <td>
                <DateTime at={r.filedAt} lang={lang} timeZone={r.timeZone} />
              </td>
              <td>{say(STATUS_LABELS, r.status, lang)}</td>
              <td>
                <AnswerState report={r} lang={lang} />
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Layout>
  );
}

/**
 * One report a partner filed: its facts, next step, the partner's actions (`open`: the action whose form
 * was posted), the landlord's response times per step (hours in words), the status steps and the history.
 * `notice` shows above the facts; the form's errors show in a summary on top and beside the text box.
 */
export function PartnerCasePage(props: {
  page: PageContext;
  report: PartnerReport;
  form: FormState;
  notice: VNode | undefined;
  open?: string;
}) {
  const { page, report, form, notice, open } = props;
  const lang = page.lang;
  const t = words(lang);
  const tz = report.timeZone;
  const firstAt = (actions: string[]) => report.timeline.find((e) => actions.includes(e.action))?.at ?? null;
  return (
    <Layout page={page} title={t.caseTitle(report.reference)}>
      <PartnerNav lang={lang} current="" />
      <h1>
        {t.caseTitle('')}
        <span class="reference">{report.reference}</span>
      </h1>
      <ErrorSummary
        form={form}
        lang={lang}
        labels={Object.fromEntries(PARTNER_FORMS.map((a) => [`${a}.text`, t.actionText[a]]))}
      />
      {notice}
      <dl class="facts">
        <dt>{t.status}</dt>
        <dd>
          <strong>{say(STATUS_LABELS, report.status, lang)}</strong>
        </dd>
        <dt>{t.answer}</dt>
        <dd>
          <AnswerState report={report} lang={lang} />
        </dd>
        <dt>{t.landlord}</dt>
        <dd>{report.landlord}</dd>
        <dt>{t.category}</dt>
        <dd>{say(CATEGORY_LABELS, report.category, lang)}</dd>
        <dt>{t.filed}</dt>
        <dd>
          <DateTime at={report.filedAt} lang={lang} timeZone={tz} />
        </dd>
        {report.caseReference ? (
          <>
            <dt>{t.yourRef}</dt>
            <dd>{report.caseReference}</dd>
          </>
        ) : null}
      </dl>
      <NextStep step={report.nextStep} lang={lang} timeZone={tz} />
      <PartnerActions report={report} lang={lang} page={page} form={form} open={open} />
      <section aria-labelledby="timings-title">
        <h2 id="timings-title">{t.timings}</h2>
        <Table caption={t.timingsCaption} head={[t.step, t.when, t.after]}>
          {STEP_KEYS.map((key) => {
            const at = firstAt(STEP_ACTIONS[key]);
            const hours = report.hoursToStep[key];
            return (
              <tr key={key}>
                <th scope="row">{t.steps[key]}</th>
                <td>{at ? <DateTime at={at} lang={lang} timeZone={tz} /> : t.notYet}</td>
                <td>{hours === null || hours === undefined ? t.notYet : durationWords(hours, lang)}</td>
              </tr>
            );
          })}
        </Table>
      </section>
      <StatusSteps status={report.status} lang={lang} />
      {report.urgency ? <UrgencyDecision urgency={report.urgency} lang={lang} timeZone={tz} /> : null}
      <Timeline items={report.timeline} lang={lang} timeZone={tz} title={t.history} />
    </Layout>
  );
}
