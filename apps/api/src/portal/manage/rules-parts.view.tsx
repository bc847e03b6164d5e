/**
 * The parts of the rules pages: a rule set in plain words, a dry run's result, the version history.
 */
import { UrgencyService } from '@suivi/complaints';
import type { PublicCriteria, PublishedRuleSet, RecordedUrgency } from '@suivi/complaints';
import { CATEGORY_LABELS, FLAG_QUESTIONS, validateRuleSet } from '@suivi/domain';
import type { Deadline as RuleDeadline, RuleSet } from '@suivi/domain';
import type { LandlordEntity } from '@suivi/persistence';
import { DateTime, Table } from '../components';
import { DueDates } from '../complaint-parts';
import { inputProblem } from '../../common/edge';
import type { FormState } from '../forms';
import { say } from '../i18n';
import type { Lang } from '../i18n';
import { sectionHref } from './manage-parts';
import { words } from './rules.words';
import type { Words } from './rules.words';
import type { FormWords } from './rules-form.words';
import type { EditorFocus } from './rules-form.view';

export type Versions = Awaited<ReturnType<UrgencyService['versions']>>;

export interface RulesView {
  landlord: LandlordEntity;
  current: PublishedRuleSet;
  versions: Versions;
  /** The draft in the editor's fields and the dry run's example, with the errors of each field. */
  form: FormState;
  /** The row just added or moved, drawn open. */
  focus?: EditorFocus | null;
  trial?: { current: RecordedUrgency | null; draft: RecordedUrgency | null; draftRuleSet: RuleSet | null };
  /** The public criteria page for the draft, or 'invalid' when the draft cannot be shown. */
  preview?: PublicCriteria | 'invalid';
  done?: string | null;
  notices?: string[];
  conflict?: string;
}

export const today = () => new Date().toISOString().slice(0, 10);

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

/**
 * Where text that JSON.parse refused first goes wrong, as an offset (the text's length when it stops too
 * early; -1 when too deeply nested to say). V8's messages give a position for some errors only.
 */
export function jsonErrorAt(text: string): number {
  let i = 0;
  const fail = (): never => {
    throw new JsonSyntaxAt(i);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const str = () => {
    i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') return void i++;
      if (c < ' ') fail();
      i += c === '\\' ? 2 : 1;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (text[i] !== '"') fail();
          str();
          ws();
          if (text[i] !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') return str();
    for (const word of ['true', 'false', 'null'])
      if (text.startsWith(word, i)) return void (i += word.length);
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (!number) fail();
    i += number![0].length;
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (e) {
    if (e instanceof JsonSyntaxAt) return e.at;
    return -1;
  }
}

class JsonSyntaxAt {
  constructor(readonly at: number) {}
}

/**
 * Pasted JSON for the editor: an object (of any shape: the form takes what fits and names the keys it
 * leaves out), or the reason it is refused in the page's words — a syntax error by line and column, never
 * by character position.
 */
export function parseImport(
  text: string,
  f: FormWords,
): { ok: true; value: Record<string, unknown>; ignored: string[] } | { ok: false; message: string } {
  if (!text.trim()) return { ok: false, message: f.jsonEmpty };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const at = jsonErrorAt(text);
    if (at < 0 || at >= text.length) return { ok: false, message: f.jsonSyntaxEnd };
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    return { ok: false, message: f.jsonSyntax(line, before.length - before.lastIndexOf('\n')) };
  }
  const problem = inputProblem(value, 'json');
  if (problem) return { ok: false, message: problem.reason === 'depth' ? f.jsonTooDeep : f.jsonRefused };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, message: f.jsonNotObject };
  }
  const problems = validateRuleSet(value);
  // Too long a list is refused before it becomes rows: the form could not post it back whole.
  if (problems.some((e) => e.code === 'too_many')) return { ok: false, message: f.errors.too_many };
  const ignored = problems
    .filter((e) => e.code === 'unknown_key')
    .map((e) => e.field.split('.').pop() ?? e.field);
  return { ok: true, value: value as Record<string, unknown>, ignored: [...new Set(ignored)] };
}

function deadlineText(d: RuleDeadline | undefined, t: Words): string {
  if (!d) return t.none;
  switch (d.unit) {
    case 'hours':
      return t.hours(d.amount);
    case 'working_days':
      return t.workingDays(d.amount);
    case 'days':
      return t.days(d.amount);
    default: {
      const unknown: never = d.unit;
      return String(unknown);
    }
  }
}

const levelName = (ruleSet: RuleSet, id: string, lang: Lang) =>
  ruleSet.levels.find((l) => l.id === id)?.label[lang] ?? id;

/** The levels and rules of a rule set in plain words. */
export function RuleSetSummary(props: { ruleSet: RuleSet; lang: Lang; sub?: boolean }) {
  const { ruleSet, lang } = props;
  const t = words(lang);
  const levels = [...(ruleSet.levels ?? [])].sort((a, b) => a.rank - b.rank);
  return (
    <>
      {props.sub ? <h3>{t.levels}</h3> : <h2>{t.levels}</h2>}
      <Table caption={t.levels} head={[t.level, t.stage.acknowledge, t.stage.intervene, t.stage.resolve]}>
        {levels.map((level) => (
          <tr key={level.id}>
            <th scope="row">{level.label[lang]}</th>
            <td>{deadlineText(level.deadlines.acknowledge, t)}</td>
            <td>{deadlineText(level.deadlines.intervene, t)}</td>
            <td>{deadlineText(level.deadlines.resolve, t)}</td>
          </tr>
        ))}
      </Table>
      {props.sub ? <h3>{t.rules}</h3> : <h2>{t.rules}</h2>}
      <Table caption={t.rules} head={[t.rule, t.level, t.when, t.explanation]}>
        {(ruleSet.rules ?? []).map((rule) => {
          const triggers = [
            rule.categories?.length
              ? `${t.categories} ${rule.categories.map((c) => say(CATEGORY_LABELS, c, lang)).join(', ')}`
              : '',
            rule.flags?.length
              ? `${t.flags} ${rule.flags.map((f) => say(FLAG_QUESTIONS, f, lang)).join(' / ')}`
              : '',
            rule.keywords?.length ? `${t.keywords} « ${rule.keywords.join(', ')} »` : '',
          ].filter(Boolean);
          const conditions = [
            rule.requiresFlags?.length
              ? `${t.requires} ${rule.requiresFlags.map((f) => say(FLAG_QUESTIONS, f, lang)).join(' / ')}`
              : '',
            rule.season ? t.season[rule.season] : '',
          ].filter(Boolean);
          return (
            <tr key={rule.id}>
              <th scope="row">
                <code>{rule.id}</code>
              </th>
              <td>{levelName(ruleSet, rule.level, lang)}</td>
              <td>{[triggers.join(' ; ') || t.always, ...conditions].join(' — ')}</td>
              <td>{rule.explanation?.[lang]}</td>
            </tr>
          );
        })}
        <tr>
          <th scope="row">{t.otherwise}</th>
          <td>{levelName(ruleSet, ruleSet.defaultLevel, lang)}</td>
          <td>{t.always}</td>
          <td>{ruleSet.defaultExplanation?.[lang]}</td>
        </tr>
      </Table>
    </>
  );
}

export function TrialResult(props: {
  title: string;
  decision: RecordedUrgency;
  ruleSet: RuleSet;
  lang: Lang;
  timeZone: string;
  id: string;
}) {
  const { decision, lang } = props;
  const t = words(lang);
  return (
    <section class="box trial" aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      <dl class="facts">
        <dt>{t.level}</dt>
        <dd>
          <strong>{levelName(props.ruleSet, decision.level, lang)}</strong>
        </dd>
        <dt>{t.matched}</dt>
        <dd>
          {decision.ruleIds.length
            ? decision.ruleIds.map((id) => <code key={id}>{id} </code>)
            : t.noneMatched}
        </dd>
        <dt>{t.explanation}</dt>
        <dd>{decision.explanation[lang]}</dd>
      </dl>
      {decision.raisedForVulnerableOccupant ? <p>{t.raised}</p> : null}
      {decision.tenantResponsibility ? <p>{t.tenantResponsibility}</p> : null}
      <DueDates due={decision.due} lang={lang} timeZone={props.timeZone} title={<h4>{t.due}</h4>} />
    </section>
  );
}

export function History(props: { versions: Versions; code: string; lang: Lang; timeZone: string }) {
  const t = words(props.lang);
  const versions = [...props.versions].reverse();
  if (versions.length === 0) return <p>{t.presetNote}</p>;
  return (
    <Table caption={t.history} head={[t.version, t.publishedOn, t.by, '']}>
      {versions.map((v) => (
        <tr key={v.version}>
          <th scope="row">{v.version}</th>
          <td>
            <DateTime at={v.publishedAt} lang={props.lang} timeZone={props.timeZone} />
          </td>
          <td>{v.publishedByName ?? (v.publishedBy ? t.unknownUser : t.none)}</td>
          <td>
            <a href={`${sectionHref(props.code, 'rules')}/versions/${v.version}`}>{t.view(v.version)}</a>
          </td>
        </tr>
      ))}
    </Table>
  );
}
