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
import { sayFieldMessage } from '../forms';
import { say } from '../i18n';
import type { PageContext } from '../page';
import { ManageLayout, sectionHref } from './manage-parts';
import { words } from './rules.words';
import { RuleSetSummary, TrialResult, History } from './rules-parts.view';
import type { Versions, RulesView } from './rules-parts.view';

export function rulesPage(page: PageContext, view: RulesView) {
  const { lang } = page;
  const t = words(lang);
  const { landlord, current, form } = view;
  const tz = landlord.timezone;
  const base = sectionHref(landlord.code, 'rules');
  const latest = view.versions[view.versions.length - 1];
  const labels: Record<string, string> = {
    ruleSet: t.ruleSet,
    category: t.category,
    flags: t.exampleFlags,
    description: t.description,
    date: t.date,
  };
  const conflict = view.ruleErrors.find((f) => f.field === '_conflict');
  return (
    <ManageLayout page={page} landlord={landlord} section="rules" title={t.title}>
      <h1>{t.title}</h1>
      {view.done ? <Notice kind="success">{view.done}</Notice> : null}
      {conflict ? <Notice kind="warning">{sayFieldMessage(conflict.message, lang)}</Notice> : null}
      <ErrorSummary form={form} lang={lang} labels={labels} />
      <p>{t.intro}</p>
      {view.trial ? (
        <section aria-labelledby="trial-title">
          <h2 id="trial-title">{t.results}</h2>
          <div class="trial-results">
            {view.trial.current ? (
              <TrialResult
                id="trial-current"
                title={t.currentRules(current.version)}
                decision={view.trial.current}
                ruleSet={current.ruleSet}
                lang={lang}
                timeZone={tz}
              />
            ) : null}
            {view.trial.draft && view.trial.draftRuleSet ? (
              <TrialResult
                id="trial-draft"
                title={t.draftRules}
                decision={view.trial.draft}
                ruleSet={view.trial.draftRuleSet}
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
      <RuleSetSummary ruleSet={current.ruleSet} lang={lang} sub />

      <h2 id="edit">{t.edit}</h2>
      <p>{t.editIntro}</p>
      <form method="post" action={base} noValidate>
        <Csrf page={page} />
        <TextArea
          name="ruleSet"
          label={t.ruleSet}
          hint={t.ruleSetHint}
          form={form}
          lang={lang}
          rows={24}
          required
        />
        {view.ruleErrors.filter((f) => f.field !== '_conflict').length ? (
          <div class="rule-errors">
            <h3 id="rule-errors-title">{t.problemList}</h3>
            <ul aria-labelledby="rule-errors-title">
              {view.ruleErrors
                .filter((f) => f.field !== '_conflict')
                .map((f, i) => (
                  <li key={i}>
                    <code>{f.field.replace(/^ruleSet\.?/, '') || 'JSON'}</code> :{' '}
                    {sayFieldMessage(f.message, lang)}
                  </li>
                ))}
            </ul>
          </div>
        ) : null}
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
            options={URGENCY_FLAGS.map((f) => ({ value: f, label: say(FLAG_QUESTIONS, f, lang) }))}
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
        </fieldset>
        <div class="actions">
          <button type="submit" class="button secondary" formAction={`${base}/try`}>
            {t.tryIt}
          </button>
          <button type="submit" class="button primary">
            {t.publish}
          </button>
        </div>
      </form>

      <h2>{t.history}</h2>
      <History versions={view.versions} code={landlord.code} lang={lang} timeZone={tz} />
    </ManageLayout>
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
        <a class="button secondary" href={`${base}?from=${published.version}#${fieldId('ruleSet')}`}>
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
