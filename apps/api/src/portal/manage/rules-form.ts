/**
 * The rule-set editor's draft, kept in the posted form fields only (no session state): a rule set as form
 * values and back, the row operations of the editor's buttons (add, remove, move up or down), and the
 * domain validator's field paths as the form's field names.
 *
 * Field names follow the rule set's shape with dots: `levels.0.label.fr`,
 * `levels.0.deadlines.acknowledge.amount`, `rules.2.keywords` (one phrase a line), `heatingPeriod.from`.
 * A level's rank is its position (most urgent first), so moving a level changes its rank; lists left empty
 * and `false`/`true` defaults (`raisable: true`, `tenantResponsibility: false`, `workingDaysOnly: false`)
 * are left out, as the presets write them. Every preset comes back from its form unchanged (rules-form.spec).
 * The safety questions are `questions.<flag>.fr` / `.en`, drawn with the rule set's wording or else the
 * default one (FLAG_QUESTIONS); a question left at the default in both languages is not written.
 */
import { FLAG_QUESTIONS, MAX_LEVELS, MAX_RULES, STAGES, URGENCY_FLAGS } from '@suivi/domain';
import type { Deadline, RuleSet, Stage, Text, UrgencyFlag, UrgencyLevel, UrgencyRule } from '@suivi/domain';
import type { FormState } from '../forms';

/** What one row (a level or a rule) posts: its fields without the `levels.N.` prefix. */
export type RowFields = Record<string, string | string[]>;

/** The editor's draft as posted: the rows of each list, in order, and the rule set's own fields. */
export interface FormRows {
  levels: RowFields[];
  rules: RowFields[];
  top: RowFields;
}

/** More rows than the domain accepts (`MAX_LEVELS`, `MAX_RULES`) are not read from a post. */
export { MAX_LEVELS, MAX_RULES };

/** The lists of a rule whose fields are checkboxes (several values under one name). */
export const RULE_LISTS = ['categories', 'flags', 'requiresFlags'] as const;
/** The lists of a rule typed one phrase a line. */
export const RULE_PHRASES = ['keywords', 'unlessKeywords'] as const;

const TOP_FIELDS = [
  'defaultLevel',
  'defaultExplanation.fr',
  'defaultExplanation.en',
  'heatingPeriod.from',
  'heatingPeriod.to',
  'raiseForVulnerableOccupant',
  ...URGENCY_FLAGS.flatMap((flag) => [`questions.${flag}.fr`, `questions.${flag}.en`]),
];

/** A checkbox's posted value. */
export const CHECKED = 'true';

const ROW = /^(levels|rules)\.(\d{1,4})\.(.+)$/;

/** The posted values split into rows, in index order (gaps closed); names outside the editor ignored. */
export function rowsOf(values: FormState['values']): FormRows {
  const found: Record<'levels' | 'rules', Map<number, RowFields>> = { levels: new Map(), rules: new Map() };
  const top: RowFields = Object.create(null) as RowFields;
  for (const [name, value] of Object.entries(values)) {
    const row = ROW.exec(name);
    if (row) {
      const list = row[1] as 'levels' | 'rules';
      const index = Number(row[2]);
      if (index >= (list === 'levels' ? MAX_LEVELS : MAX_RULES)) continue;
      const fields = found[list].get(index) ?? (Object.create(null) as RowFields);
      fields[row[3]] = value;
      found[list].set(index, fields);
    } else if (TOP_FIELDS.includes(name)) {
      top[name] = value;
    }
  }
  const ordered = (m: Map<number, RowFields>) =>
    [...m.entries()].sort((a, b) => a[0] - b[0]).map((e) => e[1]);
  return { levels: ordered(found.levels), rules: ordered(found.rules), top };
}

/** The rows back as form values, numbered from 0. */
export function valuesOfRows(rows: FormRows): FormState['values'] {
  const values = Object.create(null) as FormState['values'];
  Object.assign(values, rows.top);
  for (const list of ['levels', 'rules'] as const) {
    rows[list].forEach((fields, i) => {
      for (const [key, value] of Object.entries(fields)) values[`${list}.${i}.${key}`] = value;
    });
  }
  return values;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const objectOr = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/**
 * A rule set (a published one, a preset, or imported JSON of any shape: what does not fit is left out) as
 * the editor's rows; levels most urgent first.
 */
export function rowsOfRuleSet(input: unknown): FormRows {
  const ruleSet = objectOr(input);
  const levels = (Array.isArray(ruleSet.levels) ? ruleSet.levels : [])
    .map((value, i) => ({ level: objectOr(value), i }))
    .sort((a, b) => rankOf(a.level, a.i) - rankOf(b.level, b.i) || a.i - b.i)
    .map(({ level }) => {
      const fields: RowFields = {
        id: text(level.id),
        'label.fr': text(objectOr(level.label).fr),
        'label.en': text(objectOr(level.label).en),
      };
      if (level.raisable === false) fields.notRaisable = CHECKED;
      const deadlines = objectOr(level.deadlines);
      for (const stage of STAGES) {
        const deadline = objectOr(deadlines[stage]);
        fields[`deadlines.${stage}.amount`] = text(deadline.amount);
        fields[`deadlines.${stage}.unit`] = text(deadline.unit);
        if (deadline.workingDaysOnly === true) fields[`deadlines.${stage}.workingDaysOnly`] = CHECKED;
      }
      return fields;
    });
  const rules = (Array.isArray(ruleSet.rules) ? ruleSet.rules : []).map((value) => {
    const rule = objectOr(value);
    const fields: RowFields = {
      id: text(rule.id),
      level: text(rule.level),
      season: text(rule.season),
      'explanation.fr': text(objectOr(rule.explanation).fr),
      'explanation.en': text(objectOr(rule.explanation).en),
    };
    for (const list of RULE_LISTS) fields[list] = strings(rule[list]);
    for (const list of RULE_PHRASES) fields[list] = strings(rule[list]).join('\n');
    if (rule.tenantResponsibility === true) fields.tenantResponsibility = CHECKED;
    return fields;
  });
  const heating = objectOr(ruleSet.heatingPeriod);
  const explanation = objectOr(ruleSet.defaultExplanation);
  const top: RowFields = {
    defaultLevel: text(ruleSet.defaultLevel),
    'defaultExplanation.fr': text(explanation.fr),
    'defaultExplanation.en': text(explanation.en),
    'heatingPeriod.from': text(heating.from),
    'heatingPeriod.to': text(heating.to),
  };
  if (ruleSet.raiseForVulnerableOccupant === true) top.raiseForVulnerableOccupant = CHECKED;
  const questions = objectOr(ruleSet.questions);
  for (const flag of URGENCY_FLAGS) {
    const own = questions[flag];
    for (const locale of ['fr', 'en'] as const) {
      top[`questions.${flag}.${locale}`] =
        own === undefined ? FLAG_QUESTIONS[flag][locale] : text(objectOr(own)[locale]);
    }
  }
  return { levels, rules, top };
}

const rankOf = (level: Record<string, unknown>, i: number) =>
  typeof level.rank === 'number' && Number.isFinite(level.rank) ? level.rank : 10_000 + i;

const one = (fields: RowFields, key: string): string => {
  const v = fields[key];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
};
const many = (fields: RowFields, key: string): string[] => {
  const v = fields[key];
  return Array.isArray(v) ? v : v ? [v] : [];
};
/** Browsers post a text area's line breaks as CRLF. */
const lines = (value: string) => value.replace(/\r\n?/g, '\n');
const phrases = (value: string) =>
  lines(value)
    .split('\n')
    .map((p) => p.trim())
    .filter(Boolean);

/** A typed whole number as a number; anything else kept as typed, for the validator to refuse. */
function amountOf(typed: string): number | string | undefined {
  const trimmed = typed.trim();
  if (!trimmed) return undefined;
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/**
 * The rule set the rows describe, not yet checked: `validateRuleSet` names what is wrong, by the paths
 * `formFieldOf` turns back into field names. A value typed wrong is kept as typed (a string where a number
 * belongs) so that the validator refuses it rather than the editor silently dropping it.
 */
export function ruleSetOfRows(rows: FormRows): RuleSet {
  const levels = rows.levels.map((fields, rank) => {
    const deadlines: Partial<Record<Stage, Deadline>> = {};
    for (const stage of STAGES) {
      const amount = amountOf(one(fields, `deadlines.${stage}.amount`));
      const unit = one(fields, `deadlines.${stage}.unit`).trim();
      const workingDaysOnly = one(fields, `deadlines.${stage}.workingDaysOnly`) === CHECKED;
      if (amount === undefined && !unit && !workingDaysOnly) continue;
      deadlines[stage] = {
        amount,
        unit: unit || undefined,
        ...(workingDaysOnly ? { workingDaysOnly } : {}),
      } as Deadline;
    }
    const level: UrgencyLevel = {
      id: one(fields, 'id').trim(),
      rank,
      label: { fr: lines(one(fields, 'label.fr')), en: lines(one(fields, 'label.en')) },
      deadlines,
    };
    if (one(fields, 'notRaisable') === CHECKED) level.raisable = false;
    return level;
  });
  const rules = rows.rules.map((fields) => {
    const rule: UrgencyRule = {
      id: one(fields, 'id').trim(),
      level: one(fields, 'level').trim(),
      explanation: { fr: lines(one(fields, 'explanation.fr')), en: lines(one(fields, 'explanation.en')) },
    };
    for (const list of RULE_LISTS) {
      const chosen = many(fields, list).filter(Boolean);
      if (chosen.length) (rule as unknown as Record<string, string[]>)[list] = chosen;
    }
    for (const list of RULE_PHRASES) {
      const typed = phrases(one(fields, list));
      if (typed.length) rule[list] = typed;
    }
    const season = one(fields, 'season').trim();
    if (season) rule.season = season as UrgencyRule['season'];
    if (one(fields, 'tenantResponsibility') === CHECKED) rule.tenantResponsibility = true;
    return rule;
  });
  return {
    levels,
    rules,
    defaultLevel: one(rows.top, 'defaultLevel').trim(),
    defaultExplanation: {
      fr: lines(one(rows.top, 'defaultExplanation.fr')),
      en: lines(one(rows.top, 'defaultExplanation.en')),
    },
    heatingPeriod: {
      from: one(rows.top, 'heatingPeriod.from').trim(),
      to: one(rows.top, 'heatingPeriod.to').trim(),
    },
    raiseForVulnerableOccupant: one(rows.top, 'raiseForVulnerableOccupant') === CHECKED,
    ...questionsOf(rows.top),
  };
}

/**
 * The wording of the questions that differs from the default (FLAG_QUESTIONS): a question whose two fields
 * are left at the default (or not posted) is not written, so a preset comes back without `questions`. The
 * wording is trimmed; a blank or multi-line one is kept for the validator to refuse.
 */
function questionsOf(top: RowFields): { questions?: Partial<Record<UrgencyFlag, Text>> } {
  const questions: Partial<Record<UrgencyFlag, Text>> = {};
  for (const flag of URGENCY_FLAGS) {
    const typed = (locale: 'fr' | 'en') =>
      top[`questions.${flag}.${locale}`] === undefined
        ? FLAG_QUESTIONS[flag][locale]
        : one(top, `questions.${flag}.${locale}`).trim();
    const wording = { fr: typed('fr'), en: typed('en') };
    if (wording.fr !== FLAG_QUESTIONS[flag].fr || wording.en !== FLAG_QUESTIONS[flag].en)
      questions[flag] = wording;
  }
  return Object.keys(questions).length ? { questions } : {};
}

/** What the editor's buttons ask, from the `op` they post (`add-level`, `up-rule-3`…); null when unknown. */
export type RowOp =
  | { kind: 'add'; list: 'levels' | 'rules' }
  | { kind: 'remove' | 'up' | 'down'; list: 'levels' | 'rules'; index: number };

export function rowOpOf(op: string): RowOp | null {
  const add = /^add-(level|rule)$/.exec(op);
  if (add) return { kind: 'add', list: add[1] === 'level' ? 'levels' : 'rules' };
  const move = /^(remove|up|down)-(level|rule)-(\d{1,4})$/.exec(op);
  if (!move) return null;
  return {
    kind: move[1] as 'remove' | 'up' | 'down',
    list: move[2] === 'level' ? 'levels' : 'rules',
    index: Number(move[3]),
  };
}

/**
 * The rows after one operation: a new empty row at the end (a level with the acknowledgement stage in
 * working days; a rule for the default level), a row removed, or swapped with its neighbour. An index
 * outside the list changes nothing. Returns the new rows and the index of the row to show open.
 */
export function applyRowOp(rows: FormRows, op: RowOp): { rows: FormRows; focus: number | null } {
  const list = [...rows[op.list]];
  let focus: number | null = null;
  if (op.kind === 'add') {
    const limit = op.list === 'levels' ? MAX_LEVELS : MAX_RULES;
    if (list.length < limit) {
      list.push(
        op.list === 'levels'
          ? { id: '', 'label.fr': '', 'label.en': '', 'deadlines.acknowledge.unit': 'working_days' }
          : { id: '', level: one(rows.top, 'defaultLevel'), 'explanation.fr': '', 'explanation.en': '' },
      );
      focus = list.length - 1;
    }
  } else if (op.index < list.length) {
    const to = op.kind === 'up' ? op.index - 1 : op.index + 1;
    if (op.kind === 'remove') list.splice(op.index, 1);
    else if (to >= 0 && to < list.length) {
      [list[op.index], list[to]] = [list[to], list[op.index]];
      focus = to;
    }
  }
  return { rows: { ...rows, [op.list]: list }, focus };
}

/**
 * The form field a path of `validateRuleSet` is about: `levels[0].deadlines.acknowledge.amount` →
 * `levels.0.deadlines.acknowledge.amount`; a stage as a whole → its amount; an item of a list → the list
 * (with the item's number, from 1, for the phrase lists); the list of levels or rules as a whole →
 * `levels` / `rules` (the sections' anchors); anything else (a shape the form cannot post) → `ruleSet`.
 */
export function formFieldOf(path: string): { field: string; item?: number } {
  const dotted = path.replace(/\[(\d+)\]/g, '.$1');
  if (dotted === 'levels' || dotted === 'rules') return { field: dotted };
  const stage = /^(levels\.\d+\.deadlines\.[a-z_]+)$/.exec(dotted);
  if (stage) return { field: `${stage[1]}.amount` };
  const item = /^(rules\.\d+\.(keywords|unlessKeywords|categories|flags|requiresFlags))\.(\d+)$/.exec(dotted);
  if (item) return { field: item[1], item: Number(item[3]) + 1 };
  if (/^levels\.\d+\.rank$/.test(dotted)) return { field: dotted.replace(/rank$/, 'id') };
  if (
    /^(levels|rules)\.\d+\.(id|level|season|tenantResponsibility|explanation\.(fr|en)|label\.(fr|en))$/.test(
      dotted,
    )
  )
    return { field: dotted };
  if (/^levels\.\d+\.deadlines\.[a-z_]+\.(amount|unit|workingDaysOnly)$/.test(dotted))
    return { field: dotted };
  if (/^levels\.\d+\.raisable$/.test(dotted)) return { field: dotted.replace(/raisable$/, 'notRaisable') };
  if (TOP_FIELDS.includes(dotted)) return { field: dotted };
  const question = /^questions\.([a-z_]+)$/.exec(dotted);
  if (question && (URGENCY_FLAGS as readonly string[]).includes(question[1]))
    return { field: `questions.${question[1]}.fr` };
  if (dotted === 'questions') return { field: 'questions' };
  return { field: 'ruleSet' };
}
