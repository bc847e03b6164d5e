/**
 * Parts of the partners' pages: the area's links and whether the landlord answered a report.
 */
import { LinksService } from '@suivi/complaints';
import { AreaNav } from '../area-nav';
import type { TransitionCommand } from '@suivi/domain';
import { Csrf, DateTime, TextArea } from '../components';
import type { FormState } from '../forms';
import { LinkActionForm } from '../link-actions';
import type { PageContext } from '../page';
import type { Lang } from '../i18n';
import { words, durationWords } from './partner.words';

export type PartnerReport = Awaited<ReturnType<LinksService['partnerComplaints']>>[number];
export const STEP_KEYS = ['acknowledged', 'assigned', 'worksChecked', 'closed'] as const;
export const STEP_ACTIONS: Record<(typeof STEP_KEYS)[number], string[]> = {
  acknowledged: ['acknowledge'],
  assigned: ['assign'],
  worksChecked: ['check_works'],
  closed: ['close', 'close_without_works'],
};

export function PartnerNav(props: { lang: Lang; current: string }) {
  const t = words(props.lang);
  return (
    <AreaNav
      label={t.area}
      current={props.current}
      links={[
        ['/partners', t.reports],
        ['/partners/file', t.fileNav],
      ]}
    />
  );
}

/**
 * Whether the landlord answered, in words: answered (after how long); or, until the acknowledgement
 * deadline passes, by when it is due — only a report whose deadline passed without an acknowledgement gets
 * the red "not answered yet" badge (the domain's `acknowledgementState`, issue 18).
 */
export function AnswerState(props: { report: PartnerReport; lang: Lang }) {
  const { report, lang } = props;
  const t = words(lang);
  const state = report.acknowledgement;
  switch (state.kind) {
    case 'answered': {
      const hours = (Date.parse(state.at) - Date.parse(report.filedAt)) / 3_600_000;
      return <span class="badge ok">{t.answered(durationWords(hours, lang))}</span>;
    }
    case 'due':
      return (
        <span class="answer-due">
          {t.ackDueBy} <DateTime at={state.by} lang={lang} timeZone={report.timeZone} />
        </span>
      );
    case 'overdue': {
      const waited = (Date.now() - Date.parse(report.filedAt)) / 3_600_000;
      return (
        <>
          <span class="badge overdue">{t.notAnswered}</span> {t.waiting(durationWords(waited, lang))} (
          {t.ackLateSince} <DateTime at={state.since} lang={lang} timeZone={report.timeZone} />)
        </>
      );
    }
    case 'undated':
      return <span>{t.ackUndated}</span>;
  }
}

/**
 * The forms a partner's case page may post (`/partners/complaints/:reference/<form>`): a note, a visit
 * finding (a note marked as a visit), a review request and reopening — the transition table's partner
 * actions (`note`, `escalate`, `reopen`), with the note offered in two kinds.
 */
export const PARTNER_FORMS = ['note', 'visit', 'escalate', 'reopen'] as const;
export type PartnerForm = (typeof PARTNER_FORMS)[number];

/** The transition a partner's form asks for; what partners write is public (the tenant reads it). */
export function partnerCommand(form: PartnerForm, text: string): TransitionCommand {
  switch (form) {
    case 'note':
      return { action: 'note', visibility: 'public', text };
    case 'visit':
      return { action: 'note', visibility: 'public', visit: true, text };
    case 'escalate':
    case 'reopen':
      return { action: form, reason: text };
  }
}

/** The forms whose action the case allows now (`report.partnerActions`, the domain's offered actions). */
export function offeredPartnerForms(report: PartnerReport): PartnerForm[] {
  const can = (action: string) => (report.partnerActions as readonly string[]).includes(action);
  return PARTNER_FORMS.filter((f) => can(f === 'visit' ? 'note' : f));
}

/** The partner's actions on a report, each a small form with its one text box; none when none is offered. */
export function PartnerActions(props: {
  report: PartnerReport;
  page: PageContext;
  lang: Lang;
  form: FormState;
  /** The form that was refused (its disclosure stays open). */
  open?: string;
}) {
  const { report, lang, form } = props;
  const t = words(lang);
  const forms = offeredPartnerForms(report);
  if (forms.length === 0) return null;
  const base = `/partners/complaints/${report.reference}`;
  return (
    <section aria-labelledby="actions-title" class="partner-actions">
      <h2 id="actions-title">{t.actionsTitle}</h2>
      <p>{t.actionsIntro}</p>
      {forms.map((f) => (
        <details key={f} open={props.open === f || undefined}>
          <summary>{t.actionLabels[f]}</summary>
          <LinkActionForm
            base={base}
            action={f}
            version={report.version}
            button={t.actionLabels[f]}
            kind={f === 'note' || f === 'visit' ? 'primary' : 'secondary'}
          >
            <Csrf page={props.page} />
            <TextArea
              name={`${f}.text`}
              label={t.actionText[f]}
              hint={t.actionHint[f]}
              form={form}
              lang={lang}
              required
              rows={4}
              maxLength={5000}
            />
          </LinkActionForm>
        </details>
      ))}
    </section>
  );
}
