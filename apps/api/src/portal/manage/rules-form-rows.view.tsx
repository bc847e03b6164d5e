/**
 * The rows of the rule-set editor: one level (its deadlines per stage) and one triage rule, each a box that
 * opens, with its up / down / remove buttons posting `op` (see rules-form.ts), and the editor's checkbox.
 */
import {
  CATEGORIES,
  CATEGORY_LABELS,
  FLAG_QUESTIONS,
  STAGES,
  STAGE_LABELS,
  URGENCY_FLAGS,
} from '@suivi/domain';
import { Choices, Select, TextArea, TextField, fieldId } from '../components';
import type { FormState } from '../forms';
import { valueOf, valuesOf } from '../forms';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import { CHECKED } from './rules-form';
import { formWords } from './rules-form.words';
import type { FormWords } from './rules-form.words';

/** One checkbox posting `true`, with its error beside it. */
export function Check(props: { name: string; label: string; form: FormState; lang: Lang }) {
  const id = fieldId(props.name);
  const error = props.form.errors[props.name];
  return (
    <div class={`field choice${error ? ' has-error' : ''}`}>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {typeof error === 'string' ? error : error.message}
        </p>
      ) : null}
      <input
        type="checkbox"
        id={id}
        name={props.name}
        value={CHECKED}
        checked={valueOf(props.form, props.name) === CHECKED}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      <label for={id}>{props.label}</label>
    </div>
  );
}

/** The up / down / remove buttons of a row. */
function RowButtons(props: {
  kind: 'level' | 'rule';
  index: number;
  count: number;
  what: string;
  t: FormWords;
}) {
  const { kind, index, t } = props;
  return (
    <div class="actions row-actions">
      {index > 0 ? (
        <button type="submit" name="op" value={`up-${kind}-${index}`} class="button secondary">
          {t.up(props.what)}
        </button>
      ) : null}
      {index < props.count - 1 ? (
        <button type="submit" name="op" value={`down-${kind}-${index}`} class="button secondary">
          {t.down(props.what)}
        </button>
      ) : null}
      <button type="submit" name="op" value={`remove-${kind}-${index}`} class="button danger">
        {t.remove(props.what)}
      </button>
    </div>
  );
}

const hasErrorIn = (form: FormState, prefix: string) =>
  Object.keys(form.errors).some((field) => field.startsWith(prefix));

/**
 * Level `index` of the draft (`levels.<index>.…` fields): its id, labels, a deadline per stage (amount,
 * unit, working days only) and whether it may be raised; open when `open` or when one of its fields is refused.
 */
export function LevelFields(props: {
  form: FormState;
  lang: Lang;
  index: number;
  count: number;
  open: boolean;
}) {
  const { form, lang, index } = props;
  const t = formWords(lang);
  const p = `levels.${index}.`;
  const title = t.levelN(index + 1, valueOf(form, `${p}label.${lang}`) || valueOf(form, `${p}id`));
  const units = [
    { value: 'hours', label: t.units.hours },
    { value: 'working_days', label: t.units.working_days },
    { value: 'days', label: t.units.days },
  ];
  return (
    <details class="box editor-row" id={fieldId(`${p}row`)} open={props.open || hasErrorIn(form, p)}>
      <summary>{title}</summary>
      <TextField
        name={`${p}id`}
        label={t.id}
        hint={t.idHint}
        form={form}
        lang={lang}
        size="medium"
        required
      />
      <TextField name={`${p}label.fr`} label={t.labelFr} form={form} lang={lang} required />
      <TextField name={`${p}label.en`} label={t.labelEn} form={form} lang={lang} required />
      <fieldset class="field">
        <legend>{t.deadlines}</legend>
        {STAGES.map((stage) => (
          <fieldset class="field stage-deadline" key={stage}>
            <legend>{say(STAGE_LABELS, stage, lang)}</legend>
            <div class="inline-fields">
              <TextField
                name={`${p}deadlines.${stage}.amount`}
                label={t.amount}
                form={form}
                lang={lang}
                inputMode="numeric"
                size="short"
                required={stage === 'acknowledge'}
              />
              <Select
                name={`${p}deadlines.${stage}.unit`}
                label={t.unit}
                form={form}
                lang={lang}
                placeholder={t.noUnit}
                options={unitOptions(units, valueOf(form, `${p}deadlines.${stage}.unit`))}
                required={stage === 'acknowledge'}
              />
            </div>
            <Check
              name={`${p}deadlines.${stage}.workingDaysOnly`}
              label={t.workingDaysOnly}
              form={form}
              lang={lang}
            />
          </fieldset>
        ))}
      </fieldset>
      <Check name={`${p}notRaisable`} label={t.notRaisable} form={form} lang={lang} />
      <RowButtons kind="level" index={index} count={props.count} what={title} t={t} />
    </details>
  );
}

/**
 * A rule's checkbox list: the ticked values first, in the order the rule lists them (so a rule set comes
 * back from its form unchanged, order included), then the others; an unknown ticked value stays, as it
 * is, for the validator to refuse.
 */
function listOptions(form: FormState, name: string, all: { value: string; label: string }[]) {
  const chosen = valuesOf(form, name);
  const known = new Map(all.map((o) => [o.value, o]));
  return [
    ...chosen.map((value) => known.get(value) ?? { value, label: value }),
    ...all.filter((o) => !chosen.includes(o.value)),
  ];
}

/** The units, and whatever unknown unit was imported, so that the validator's refusal shows on it. */
const unitOptions = (units: { value: string; label: string }[], current: string) =>
  current && !units.some((u) => u.value === current) ? [...units, { value: current, label: current }] : units;

/**
 * Rule `index` of the draft (`rules.<index>.…` fields): its id, level (`levels`: the draft's levels as
 * options), what it matches and its explanations; open when `open` or when one of its fields is refused.
 */
export function RuleFields(props: {
  form: FormState;
  lang: Lang;
  index: number;
  count: number;
  open: boolean;
  levels: { value: string; label: string }[];
}) {
  const { form, lang, index } = props;
  const t = formWords(lang);
  const p = `rules.${index}.`;
  const title = t.ruleN(index + 1, valueOf(form, `${p}id`));
  const current = valueOf(form, `${p}level`);
  const levels =
    current && !props.levels.some((l) => l.value === current)
      ? [...props.levels, { value: current, label: current }]
      : props.levels;
  const flags = URGENCY_FLAGS.map((f) => ({ value: f, label: say(FLAG_QUESTIONS, f, lang) }));
  return (
    <details class="box editor-row" id={fieldId(`${p}row`)} open={props.open || hasErrorIn(form, p)}>
      <summary>{title}</summary>
      <TextField
        name={`${p}id`}
        label={t.id}
        hint={t.idHint}
        form={form}
        lang={lang}
        size="medium"
        required
      />
      <Select
        name={`${p}level`}
        label={t.ruleLevel}
        form={form}
        lang={lang}
        placeholder=""
        options={levels}
        required
      />
      <Choices
        name={`${p}categories`}
        label={t.categories}
        form={form}
        lang={lang}
        multiple
        options={listOptions(
          form,
          `${p}categories`,
          CATEGORIES.map((c) => ({ value: c, label: say(CATEGORY_LABELS, c, lang) })),
        )}
      />
      <Choices
        name={`${p}flags`}
        label={t.flags}
        form={form}
        lang={lang}
        multiple
        options={listOptions(form, `${p}flags`, flags)}
      />
      <TextArea
        name={`${p}keywords`}
        label={t.keywords}
        hint={t.keywordsHint}
        form={form}
        lang={lang}
        rows={4}
      />
      <TextArea
        name={`${p}unlessKeywords`}
        label={t.unlessKeywords}
        hint={t.unlessHint}
        form={form}
        lang={lang}
        rows={2}
      />
      <Choices
        name={`${p}requiresFlags`}
        label={t.requiresFlags}
        form={form}
        lang={lang}
        multiple
        options={listOptions(form, `${p}requiresFlags`, flags)}
      />
      <Select
        name={`${p}season`}
        label={t.season}
        form={form}
        lang={lang}
        placeholder={t.anySeason}
        options={['heating', 'outside_heating'].map((s) => ({ value: s, label: t.seasons[s] }))}
      />
      <Check name={`${p}tenantResponsibility`} label={t.tenantResponsibility} form={form} lang={lang} />
      <TextArea
        name={`${p}explanation.fr`}
        label={t.explanationFr}
        form={form}
        lang={lang}
        rows={3}
        required
      />
      <TextArea
        name={`${p}explanation.en`}
        label={t.explanationEn}
        form={form}
        lang={lang}
        rows={3}
        required
      />
      <RowButtons kind="rule" index={index} count={props.count} what={title} t={t} />
    </details>
  );
}
