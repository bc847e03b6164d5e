/**
 * The rule-set editor's fields (levels, triage rules, general rules), drawn from the draft's form values;
 * its row buttons post `op` (see rules-form.ts). No script: every change is a post that draws the draft again.
 */
import { FLAG_QUESTIONS, QUESTION_MAX_LENGTH, URGENCY_FLAGS } from '@suivi/domain';
import { Select, TextArea, TextField, fieldId } from '../components';
import type { FormState } from '../forms';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import { rowsOf } from './rules-form';
import { formWords } from './rules-form.words';
import { Check, LevelFields, RuleFields } from './rules-form-rows.view';

/** Which rows to draw open besides those with an error: a row just added or moved. */
export interface EditorFocus {
  list: 'levels' | 'rules';
  index: number;
}

/** The editor's fields; to be drawn inside the page's form. */
export function RuleSetEditor(props: { form: FormState; lang: Lang; focus?: EditorFocus | null }) {
  const { form, lang, focus } = props;
  const t = formWords(lang);
  const rows = rowsOf(form.values);
  const levelOptions = rows.levels
    .map((level) => ({ id: String(level.id ?? '').trim(), label: String(level[`label.${lang}`] ?? '') }))
    .filter((l) => l.id)
    .map((l) => ({ value: l.id, label: l.label ? `${l.label} (${l.id})` : l.id }));
  const levelError = form.errors.levels;
  const questionsError = form.errors.questions;
  return (
    <>
      <section aria-labelledby="editor-levels" id={fieldId('levels')}>
        <h3 id="editor-levels">{t.levelsTitle}</h3>
        <p>{t.levelsIntro}</p>
        {levelError ? (
          <p class="field-error">{typeof levelError === 'string' ? levelError : levelError.message}</p>
        ) : null}
        {rows.levels.map((_, i) => (
          <LevelFields
            key={i}
            form={form}
            lang={lang}
            index={i}
            count={rows.levels.length}
            open={focus?.list === 'levels' ? focus.index === i : true}
          />
        ))}
        <button type="submit" name="op" value="add-level" class="button secondary">
          {t.addLevel}
        </button>
      </section>
      <section aria-labelledby="editor-rules" id={fieldId('rules')}>
        <h3 id="editor-rules">{t.rulesTitle}</h3>
        <p>{t.rulesIntro}</p>
        {rows.rules.map((_, i) => (
          <RuleFields
            key={i}
            form={form}
            lang={lang}
            index={i}
            count={rows.rules.length}
            open={focus?.list === 'rules' && focus.index === i}
            levels={levelOptions}
          />
        ))}
        <button type="submit" name="op" value="add-rule" class="button secondary">
          {t.addRule}
        </button>
      </section>
      <section aria-labelledby="editor-questions" id={fieldId('questions')}>
        <h3 id="editor-questions">{t.questionsTitle}</h3>
        <p>{t.questionsIntro}</p>
        {questionsError ? (
          <p class="field-error">
            {typeof questionsError === 'string' ? questionsError : questionsError.message}
          </p>
        ) : null}
        {URGENCY_FLAGS.map((flag) => (
          <fieldset class="field question-wording" key={flag}>
            <legend>{t.questionN(say(FLAG_QUESTIONS, flag, lang))}</legend>
            {(['fr', 'en'] as const).map((locale) => (
              <TextField
                key={locale}
                name={`questions.${flag}.${locale}`}
                label={locale === 'fr' ? t.questionFr : t.questionEn}
                hint={t.questionDefault(FLAG_QUESTIONS[flag][locale])}
                form={form}
                lang={lang}
                maxLength={QUESTION_MAX_LENGTH}
                required
              />
            ))}
          </fieldset>
        ))}
      </section>
      <section aria-labelledby="editor-general">
        <h3 id="editor-general">{t.general}</h3>
        <Select
          name="defaultLevel"
          label={t.defaultLevel}
          form={form}
          lang={lang}
          placeholder=""
          options={levelOptions}
          required
        />
        <TextArea
          name="defaultExplanation.fr"
          label={t.defaultExplanationFr}
          form={form}
          lang={lang}
          rows={2}
          required
        />
        <TextArea
          name="defaultExplanation.en"
          label={t.defaultExplanationEn}
          form={form}
          lang={lang}
          rows={2}
          required
        />
        <div class="inline-fields">
          <TextField
            name="heatingPeriod.from"
            label={t.heatingFrom}
            hint={t.heatingHint}
            form={form}
            lang={lang}
            size="short"
            required
          />
          <TextField
            name="heatingPeriod.to"
            label={t.heatingTo}
            form={form}
            lang={lang}
            size="short"
            required
          />
        </div>
        <Check name="raiseForVulnerableOccupant" label={t.raise} form={form} lang={lang} />
      </section>
    </>
  );
}
