import {
  ACTION_LABELS,
  CLOSE_REASON_LABELS,
  CLOSE_WITHOUT_WORKS_REASONS,
  HOLD_REASONS,
  HOLD_REASON_LABELS,
} from '@suivi/domain';
import { pendingReview, staffNextAction } from '@suivi/domain';
import type { Action } from '@suivi/domain';
import { Choices, Csrf, Select, TextArea, TextField } from '../components';
import { emptyForm } from '../forms';
import type { FormState } from '../forms';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import type { PageContext } from '../page';
import { categoryOptions, flagOptions } from './filing-form';
import { complaintWords } from './complaint.words';
import type { ActionChoices, Detail } from './complaint.types';

/**
 * Whether the page offers an action the lifecycle offers now (`detail.availableActions`, from
 * `offeredActions`): only if it can succeed with what the page can send. Left out:
 * - hold / release when the complaint is already / not on hold (the domain's guards);
 * - override_urgency without an urgency decision, or with no other level to choose;
 * - assign with no active contractor, reassign with no active contractor besides the current one (the
 *   domain refuses an unknown or the same contractor);
 * - acknowledge_review / answer_review unless a stage-2 review awaits that step (`pendingReview`).
 */
export function shown(action: Action, detail: Detail, choices: ActionChoices): boolean {
  switch (action) {
    case 'hold':
      return !detail.onHold;
    case 'release':
      return !!detail.onHold;
    case 'override_urgency':
      return !!detail.urgency && levelOptions(detail, choices).length > 0;
    case 'assign':
      return choices.contractors.length > 0;
    case 'reassign':
      return contractorOptions('reassign', detail, choices).length > 0;
    case 'acknowledge_review':
      return reviewOf(detail) === 'acknowledge';
    case 'answer_review':
      return reviewOf(detail) === 'answer';
    default:
      return true;
  }
}

/** Where a stage-2 review stands on this complaint (see `pendingReview`). */
export const reviewOf = (detail: Detail) => pendingReview(detail.timeline.map((e) => e.action));

/** The contractors an action may choose: for a reassignment, every active one but the current one. */
function contractorOptions(action: Action, detail: Detail, choices: ActionChoices) {
  return action === 'reassign'
    ? choices.contractors.filter((c) => c.value !== detail.contractor?.id)
    : choices.contractors;
}

/** The levels an override may choose: every level of the rule set but the complaint's own. */
function levelOptions(detail: Detail, choices: ActionChoices) {
  return choices.levels.filter((l) => l.value !== detail.urgency?.level);
}

/**
 * The actions the page offers, the one to take next first: `next` (the refused action after a refusal,
 * else `staffNextAction`) and the `others`, in the lifecycle's order.
 */
export function actionPlan(
  detail: Detail,
  choices: ActionChoices,
  refused?: string,
): { next: Action | null; others: Action[]; offered: Action[] } {
  const offered = detail.availableActions.filter((a) => shown(a, detail, choices));
  const primary = staffNextAction(
    {
      state: detail.status,
      holdReason: detail.onHold,
      worksReported: !!detail.worksReported,
      hasAppointment: !!detail.appointment,
      review: reviewOf(detail),
    },
    offered,
  );
  const next = offered.find((a) => a === refused) ?? primary;
  return { next, others: offered.filter((a) => a !== next), offered };
}

/** The labels of an action's fields (`<action>.<field>`), for the error summary's links. */
export function fieldLabels(action: string, lang: Lang): Record<string, string> {
  const labels = complaintWords(lang).fieldLabels;
  return Object.fromEntries(Object.entries(labels).map(([field, label]) => [`${action}.${field}`, label]));
}

/** Forms start from what the complaint records where the action corrects it. */
export function initialForm(action: Action, detail: Detail): FormState {
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
export function KeptText(props: { form: FormState; lang: Lang }) {
  const texts = Object.entries(props.form.values).filter(
    ([key, value]) =>
      typeof value === 'string' &&
      value.trim().length > 0 &&
      /\.(text|publicText|internalText|reason|resolution)$/.test(key),
  );
  if (!texts.length) return null;
  return (
    <>
      <p>{complaintWords(props.lang).keptText}</p>
      {texts.map(([key, value]) => (
        <blockquote key={key} class="pre">
          {value}
        </blockquote>
      ))}
    </>
  );
}

/**
 * One action's form: its own fields, named `<action>.<field>`, and the case's version. A refused post's
 * problems sit beside its fields; their summary is at the top of the page (`ComplaintPage`).
 */
export function ActionForm(props: {
  page: PageContext;
  action: Action;
  detail: Detail;
  choices: ActionChoices;
  form: FormState;
}) {
  const { page, action, detail, choices, form } = props;
  const lang = page.lang;
  const t = complaintWords(lang);
  const n = (field: string) => `${action}.${field}`;
  // Before the contractor's report, staff confirm or contest only by recording a visit on site.
  const visit = detail.visitOnlyActions.includes(action);
  const common = { form, lang };
  // Fields that go together sit side by side on a wide screen (`.field-pair`), so the form stays short.
  const texts = (pub: boolean, internal: boolean) => (
    <div class={pub && internal ? 'field-pair' : undefined}>
      {pub ? <TextArea name={n('publicText')} label={t.publicText} rows={2} {...common} /> : null}
      {internal ? <TextArea name={n('internalText')} label={t.internalText} rows={2} {...common} /> : null}
    </div>
  );
  const appointment = (required: boolean) => (
    <div class="field-pair">
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
    </div>
  );
  const contractorSelect = (
    <Select
      name={n('contractorId')}
      label={t.chooseContractor}
      placeholder={t.choose}
      options={contractorOptions(action, detail, choices)}
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
              options={levelOptions(detail, choices)}
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
  return (
    <form
      method="post"
      action={`/agent/complaints/${detail.reference}/actions`}
      class="action-form"
      id={`action-${action}`}
      noValidate
    >
      <h3>{visit ? t.visitHeading[action] : say(ACTION_LABELS, action, lang)}</h3>
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
