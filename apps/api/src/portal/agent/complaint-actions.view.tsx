import {
  ACTION_LABELS,
  CLOSE_REASON_LABELS,
  CLOSE_WITHOUT_WORKS_REASONS,
  HOLD_REASONS,
  HOLD_REASON_LABELS,
} from '@suivi/domain';
import type { Action } from '@suivi/domain';
import { Choices, Csrf, ErrorSummary, Select, TextArea, TextField } from '../components';
import { emptyForm } from '../forms';
import type { FormState } from '../forms';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import type { PageContext } from '../page';
import { categoryOptions, flagOptions } from './filing-form';
import { complaintWords } from './complaint.words';
import type { ActionChoices, Detail } from './complaint.types';

/** Actions whose own preconditions the page already knows are not met are left out. */
export function shown(action: Action, detail: Detail): boolean {
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

/** One action's form: its own fields, named `<action>.<field>`, and the case's version. */
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
