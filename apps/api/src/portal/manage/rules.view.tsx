/**
 * The rules page (the version in force, the editor, the dry run) and an old version's page.
 */
import type { PublishedRuleSet } from '@suivi/complaints';
import { CATEGORIES, CATEGORY_LABELS, FLAG_QUESTIONS, URGENCY_FLAGS } from '@suivi/domain';
import type { Category } from '@suivi/domain';
import type { LandlordEntity } from '@suivi/persistence';
import {
  Choices,
  Csrf,
  DateTime,
  ErrorSummary,
  Notice,
  Select,
  TextArea,
  TextField,
  fieldId,
} from '../components';
import { valueOf } from '../forms';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import { CriteriaBody } from '../public/criteria.view';
import type { PageContext } from '../page';
import { ManageLayout, sectionHref } from './manage-parts';
import { words } from './rules.words';
import { formWords } from './rules-form.words';
import { RuleSetEditor } from './rules-form.view';
import { editorLabel } from './rules-form.errors';
import { RuleSetSummary, TrialResult, History } from './rules-parts.view';
import type { Versions, RulesView } from './rules-parts.view';

export function rulesPage(page: PageContext, view: RulesView) {
  const { lang } = page;
  const t = words(lang);
  const f = formWords(lang);
  const { landlord, current, form } = view;
  const tz = landlord.timezone;
  const base = sectionHref(landlord.code, 'rules');
  const latest = view.versions[view.versions.length - 1];
  const labels: Record<string, string> = {
    json: f.json,
    category: t.category,
    flags: t.exampleFlags,
    description: t.description,
    date: t.date,
  };
  for (const field of Object.keys(form.errors)) labels[field] ??= editorLabel(field, form, lang) ?? field;
  return (
    <ManageLayout page={page} landlord={landlord} section="rules" title={t.title}>
      <h1>{t.title}</h1>
      {view.done ? <Notice kind="success">{view.done}</Notice> : null}
      {view.conflict ? <Notice kind="warning">{view.conflict}</Notice> : null}
      {(view.notices ?? []).map((notice, i) => (
        <Notice key={i}>{notice}</Notice>
      ))}
      <ErrorSummary form={form} lang={lang} labels={labels} />
      <p>{t.intro}</p>
      {view.trial ? <Trial view={view} lang={lang} /> : null}
      {view.preview ? (
        <section class="box criteria-preview" aria-labelledby="preview-title">
          <h2 id="preview-title">{f.previewTitle}</h2>
          {view.preview === 'invalid' ? (
            <p>{f.previewInvalid}</p>
          ) : (
            <>
              <p class="muted">{f.previewNote}</p>
              <CriteriaBody
                criteria={view.preview}
                lang={lang}
                landlordCode={landlord.code}
                timeZone={tz}
                draft
              />
            </>
          )}
        </section>
      ) : null}

      <h2>{t.current(current.version)}</h2>
      {latest ? (
        <p>
          {t.publishedOn} <DateTime at={latest.publishedAt} lang={lang} timeZone={tz} />
          {latest.publishedByName ? ` ${t.publishedBy} ${latest.publishedByName}` : ''}
        </p>
      ) : (
        <p>{t.presetNote}</p>
      )}
      <details>
        <summary>
          {t.levels} — {t.rules}
        </summary>
        <RuleSetSummary ruleSet={current.ruleSet} lang={lang} sub />
      </details>
      <p>
        <a href={`${base}/export`} download>
          {f.exportCurrent}
        </a>
      </p>

      <h2 id="edit">{t.edit}</h2>
      <p>{t.editIntro}</p>
      <form method="post" action={base} noValidate class="rules-editor">
        <Csrf page={page} />
        {valueOf(form, 'basedOn') ? (
          <input type="hidden" name="basedOn" value={valueOf(form, 'basedOn')} />
        ) : null}
        {/* Enter in a field submits the form's first button: a check, never a row's removal or a publication. */}
        <button
          type="submit"
          name="op"
          value="check"
          class="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
        >
          {f.check}
        </button>
        <RuleSetEditor form={form} lang={lang} focus={view.focus} />
        <fieldset class="field example">
          <legend>{t.example}</legend>
          <Select
            name="category"
            label={t.category}
            form={form}
            lang={lang}
            required
            options={CATEGORIES.map((c: Category) => ({ value: c, label: say(CATEGORY_LABELS, c, lang) }))}
          />
          <Choices
            name="flags"
            label={t.exampleFlags}
            form={form}
            lang={lang}
            multiple
            options={URGENCY_FLAGS.map((fl) => ({ value: fl, label: say(FLAG_QUESTIONS, fl, lang) }))}
          />
          <TextArea
            name="description"
            label={t.description}
            form={form}
            lang={lang}
            rows={3}
            maxLength={5000}
            required
          />
          <TextField
            name="date"
            type="date"
            label={t.date}
            hint={t.dateHint}
            form={form}
            lang={lang}
            size="medium"
          />
          <button type="submit" name="op" value="try" class="button secondary">
            {t.tryIt}
          </button>
        </fieldset>
        <div class="actions">
          <button type="submit" name="op" value="check" class="button secondary">
            {f.check}
          </button>
          <button type="submit" name="op" value="preview" class="button secondary">
            {f.preview}
          </button>
          <button type="submit" name="op" value="export" class="button secondary">
            {f.exportDraft}
          </button>
          <button type="submit" name="op" value="publish" class="button primary">
            {t.publish}
          </button>
        </div>
      </form>

      <h2 id="import-title">{f.importTitle}</h2>
      <p>{f.importIntro}</p>
      <form method="post" action={base} noValidate aria-labelledby="import-title">
        <Csrf page={page} />
        <TextArea name="json" label={f.json} form={form} lang={lang} rows={8} maxLength={200000} required />
        <button type="submit" name="op" value="import" class="button secondary">
          {f.importIt}
        </button>
      </form>

      <h2>{t.history}</h2>
      <History versions={view.versions} code={landlord.code} lang={lang} timeZone={tz} />
    </ManageLayout>
  );
}

/** The dry run's decisions: under the rules in force, and under the draft when it holds. */
function Trial(props: { view: RulesView; lang: Lang }) {
  const { view, lang } = props;
  const t = words(lang);
  const tz = view.landlord.timezone;
  const trial = view.trial!;
  return (
    <section aria-labelledby="trial-title">
      <h2 id="trial-title">{t.results}</h2>
      <div class="trial-results">
        {trial.current ? (
          <TrialResult
            id="trial-current"
            title={t.currentRules(view.current.version)}
            decision={trial.current}
            ruleSet={view.current.ruleSet}
            lang={lang}
            timeZone={tz}
          />
        ) : null}
        {trial.draft && trial.draftRuleSet ? (
          <TrialResult
            id="trial-draft"
            title={t.draftRules}
            decision={trial.draft}
            ruleSet={trial.draftRuleSet}
            lang={lang}
            timeZone={tz}
          />
        ) : (
          <section class="box trial" aria-labelledby="trial-draft">
            <h3 id="trial-draft">{t.draftRules}</h3>
            <p>{t.draftInvalid}</p>
          </section>
        )}
      </div>
    </section>
  );
}

export function oldVersionPage(
  page: PageContext,
  landlord: LandlordEntity,
  published: PublishedRuleSet,
  entry: Versions[number],
) {
  const { lang } = page;
  const t = words(lang);
  const base = sectionHref(landlord.code, 'rules');
  return (
    <ManageLayout page={page} landlord={landlord} section="rules" title={t.oldTitle(published.version)}>
      <h1>{t.oldTitle(published.version)}</h1>
      <p>
        {t.publishedOn} <DateTime at={entry.publishedAt} lang={lang} timeZone={landlord.timezone} />
        {entry.publishedByName ? ` ${t.publishedBy} ${entry.publishedByName}` : ''}
      </p>
      <p>{t.oldIntro}</p>
      <div class="actions">
        <a class="button secondary" href={`${base}?from=${published.version}#${fieldId('levels')}`}>
          {t.reuse}
        </a>
        <a href={base}>{t.back}</a>
      </div>
      <RuleSetSummary ruleSet={published.ruleSet} lang={lang} />
      <h2 id="json-title">{t.json}</h2>
      <pre class="json" tabIndex={0} aria-labelledby="json-title">
        {JSON.stringify(published.ruleSet, null, 2)}
      </pre>
    </ManageLayout>
  );
}
