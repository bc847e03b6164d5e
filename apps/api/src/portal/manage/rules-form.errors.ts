/**
 * The refusals of `validateRuleSet` as the rule-set editor shows them: each path as the form field it is
 * about, each code in the page's words, and each field's label for the summary at the top of the page.
 */
import { FLAG_QUESTIONS, STAGE_LABELS } from '@suivi/domain';
import type { RuleSetError } from '@suivi/domain';
import type { FormState } from '../forms';
import { valueOf } from '../forms';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import { formFieldOf } from './rules-form';
import { formWords } from './rules-form.words';

/** The validator's refusals as the form shows them: one message per field, in the page's language. */
export function editorErrors(errors: readonly RuleSetError[], lang: Lang): FormState['errors'] {
  const t = formWords(lang);
  const out: FormState['errors'] = {};
  for (const error of errors) {
    const { field, item } = formFieldOf(error.field);
    if (out[field]) continue;
    const said = t.errors[error.code];
    out[field] =
      item === undefined
        ? said
        : /keywords|unlessKeywords/.test(field)
          ? t.item(item, said)
          : t.choice(item, said);
  }
  return out;
}

/** The label of each field of the editor, for the error summary ("Level 2 — Amount (acknowledgement)"). */
export function editorLabel(field: string, form: FormState, lang: Lang): string | undefined {
  const t = formWords(lang);
  const row = /^(levels|rules)\.(\d+)\.(.+)$/.exec(field);
  const top: Record<string, string> = {
    levels: t.levelsTitle,
    rules: t.rulesTitle,
    ruleSet: t.wholeForm,
    defaultLevel: t.defaultLevel,
    'defaultExplanation.fr': t.defaultExplanationFr,
    'defaultExplanation.en': t.defaultExplanationEn,
    'heatingPeriod.from': t.heatingFrom,
    'heatingPeriod.to': t.heatingTo,
  };
  const question = /^questions\.([a-z_]+)\.(fr|en)$/.exec(field);
  if (question && question[1] in FLAG_QUESTIONS) {
    return `${t.questionN(say(FLAG_QUESTIONS, question[1], lang))} — ${question[2] === 'fr' ? t.questionFr : t.questionEn}`;
  }
  if (field === 'questions') return t.questionsTitle;
  if (!row) return top[field];
  const n = Number(row[2]);
  const name =
    (row[1] === 'levels' ? valueOf(form, `levels.${n}.label.${lang}`) : '') ||
    valueOf(form, `${row[1]}.${n}.id`);
  const owner = row[1] === 'levels' ? t.levelN(n + 1, name) : t.ruleN(n + 1, name);
  const stage = /^deadlines\.([a-z_]+)\.(amount|unit|workingDaysOnly)$/.exec(row[3]);
  const part = stage
    ? `${say(STAGE_LABELS, stage[1], lang)} — ${stage[2] === 'amount' ? t.amount : stage[2] === 'unit' ? t.unit : t.workingDaysOnly}`
    : ((
        {
          id: t.id,
          'label.fr': t.labelFr,
          'label.en': t.labelEn,
          notRaisable: t.notRaisable,
          level: t.ruleLevel,
          categories: t.categories,
          flags: t.flags,
          keywords: t.keywords,
          unlessKeywords: t.unlessKeywords,
          requiresFlags: t.requiresFlags,
          season: t.season,
          tenantResponsibility: t.tenantResponsibility,
          'explanation.fr': t.explanationFr,
          'explanation.en': t.explanationEn,
        } as Record<string, string>
      )[row[3]] ?? row[3]);
  return `${owner} — ${part}`;
}
