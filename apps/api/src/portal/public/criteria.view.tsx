/**
 * The body of the public criteria page: a landlord's urgency rules in plain words. Drawn by the public page
 * for the rules in force and by the landlord admin's rules page for a draft's preview, so that the preview
 * is exactly what tenants will read.
 */
import type { ComponentChildren } from 'preact';
import type { PublicCriteria } from '@suivi/complaints';
import { CATEGORY_LABELS, STAGE_LABELS, STAGES, URGENCY_FLAGS } from '@suivi/domain';
import type { Stage } from '@suivi/domain';
import { Table, formatDate } from '../components';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import { words, deadlineWords, monthDay } from './criteria.words';

/**
 * `draft`: a preview inside another page — headings one level down (its title an h2), the version said to
 * be a draft, ids prefixed so they cannot clash with the page's own, and no history section.
 */
export function CriteriaBody(props: {
  criteria: PublicCriteria;
  lang: Lang;
  landlordCode: string;
  timeZone: string;
  verifierKey?: string;
  draft?: boolean;
}) {
  const { criteria, lang, draft } = props;
  const t = words(lang);
  const H = (p: { n: 1 | 2 | 3; id?: string; children: ComponentChildren }) => {
    const n = p.n + (draft ? 1 : 0);
    return n === 1 ? (
      <h1 id={p.id}>{p.children}</h1>
    ) : n === 2 ? (
      <h2 id={p.id}>{p.children}</h2>
    ) : n === 3 ? (
      <h3 id={p.id}>{p.children}</h3>
    ) : (
      <h4 id={p.id}>{p.children}</h4>
    );
  };
  const idOf = (id: string) => (draft ? `preview-${id}` : id);
  const stages = STAGES.filter((stage) => criteria.levels.some((level) => level.deadlines[stage]));
  const season = (s: 'heating' | 'outside_heating') =>
    t.season[s](monthDay(criteria.heatingPeriod.from, lang), monthDay(criteria.heatingPeriod.to, lang));
  const year = new Date().getFullYear();
  const code = encodeURIComponent(props.landlordCode);
  return (
    <>
      <H n={1} id={draft ? idOf('title') : undefined}>
        {t.title(criteria.landlord)}
      </H>
      <p>{t.intro}</p>
      <p class="muted">
        {draft ? t.draftVersion(criteria.version) : t.version(criteria.version)}
        {draft
          ? ''
          : criteria.publishedAt
            ? `, ${t.publishedOn(formatDate(criteria.publishedAt, lang, props.timeZone, 'date'))}`
            : ` — ${t.preset}`}
        .
      </p>
      <H n={2}>{t.levels}</H>
      <Table caption={t.levels} head={[t.level, ...stages.map((stage) => say(STAGE_LABELS, stage, lang))]}>
        {criteria.levels.map((level) => (
          <tr key={level.id}>
            <th scope="row">{level.label[lang]}</th>
            {stages.map((stage: Stage) => {
              const deadline = level.deadlines[stage];
              return <td key={stage}>{deadline ? deadlineWords(deadline, lang) : t.none}</td>;
            })}
          </tr>
        ))}
      </Table>
      <p class="muted">{t.deadlineNote}</p>
      <p>
        <a href={`/criteria/${code}/calendar?year=${year}`}>{t.calendar(year)}</a>
      </p>
      <H n={2}>{t.situations}</H>
      {criteria.levels.map((level) => {
        const rules = criteria.rules.filter((rule) => rule.level === level.id);
        const isDefault = criteria.otherwise.level === level.id;
        if (rules.length === 0 && !isDefault) return null;
        return (
          <section key={level.id} aria-labelledby={idOf(`level-${level.id}`)}>
            <H n={3} id={idOf(`level-${level.id}`)}>
              {level.label[lang]}
            </H>
            <ul class="criteria-rules">
              {rules.map((rule) => {
                const triggers = [
                  ...rule.categories.map((c) => t.category(say(CATEGORY_LABELS, c, lang))),
                  ...rule.flags.map((f) => t.answerYes(criteria.questions[f]?.[lang] ?? f)),
                  ...(rule.keywords.length ? [t.keywords(rule.keywords.join(', '))] : []),
                ];
                const conditions = [
                  ...(rule.unlessKeywords.length ? [t.unless(rule.unlessKeywords.join(', '))] : []),
                  ...rule.requiresFlags.map((f) => t.requires(criteria.questions[f]?.[lang] ?? f)),
                  ...(rule.season ? [season(rule.season)] : []),
                ];
                return (
                  <li key={rule.id}>
                    <p>
                      <strong>{rule.explanation[lang]}</strong>
                    </p>
                    <p>
                      {t.when} {triggers.length ? triggers.join(` ${t.or} `) : t.always}
                      {conditions.length ? `, ${conditions.join(` ${t.and} `)}` : ''}.
                    </p>
                    {rule.tenantResponsibility ? <p class="muted">{t.tenantResponsibility}</p> : null}
                  </li>
                );
              })}
              {isDefault ? (
                <li>
                  <p>
                    <strong>{t.otherwise}</strong> : {criteria.otherwise.explanation[lang]}
                  </p>
                </li>
              ) : null}
            </ul>
          </section>
        );
      })}
      <H n={2} id={idOf('questions')}>
        {t.questions}
      </H>
      <p>{t.questionsIntro}</p>
      <ul class="criteria-questions">
        {URGENCY_FLAGS.map((flag) => (
          <li key={flag}>{criteria.questions[flag][lang]}</li>
        ))}
      </ul>
      <H n={2}>{t.vulnerable}</H>
      <p>{criteria.raiseForVulnerableOccupant ? t.vulnerableYes : t.vulnerableNo}</p>
      {draft ? null : (
        <>
          <h2 id="history">{t.history}</h2>
          <p>{t.historyIntro}</p>
          <p>
            {t.key} <code class="vkey">{props.verifierKey}</code>
          </p>
          <p>
            <a href={`/criteria/${code}/transparency`}>{t.forFederations}</a>
          </p>
        </>
      )}
    </>
  );
}
