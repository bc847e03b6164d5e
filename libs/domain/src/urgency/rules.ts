import { CATEGORIES } from '../complaint/vocabulary';
import type { Category } from '../complaint/vocabulary';

/** What the tenant or the agent ticks at intake. */
export const URGENCY_FLAGS = [
  'gas_smell',
  'co_alarm',
  'live_wiring',
  'water_into_electrics',
  'structural_risk',
  'no_water',
  'no_power',
  'no_heating',
  'no_hot_water',
  'water_leak',
  'blocked_drain',
  'damp_mould',
  'insecure_entry',
  'vulnerable_occupant',
] as const;
export type UrgencyFlag = (typeof URGENCY_FLAGS)[number];

/** The clocks a level sets: acknowledge, intervene (make safe / first visit), resolve, and the stage-2 review. */
export const STAGES = ['acknowledge', 'intervene', 'resolve', 'review_acknowledge', 'review'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * `hours` run round the clock unless `workingDaysOnly`; `working_days` end at the close of the n-th working
 * day after the start; `days` are calendar days.
 */
export interface Deadline {
  amount: number;
  unit: 'hours' | 'working_days' | 'days';
  workingDaysOnly?: boolean;
}

export interface Text {
  fr: string;
  en: string;
}

export interface UrgencyLevel {
  id: string;
  /** 0 is the most urgent; a vulnerable occupant moves a complaint one rank up. */
  rank: number;
  label: Text;
  deadlines: Partial<Record<Stage, Deadline>>;
  /** False for a level outside the repair ladder (a complaint about the service): never raised. */
  raisable?: boolean;
}

/**
 * A rule matches when one of its triggers does (a category, a flag, a keyword of the description; a rule
 * with no trigger always does) and all its conditions hold (required flags, the season).
 */
export interface UrgencyRule {
  id: string;
  level: string;
  categories?: Category[];
  flags?: UrgencyFlag[];
  /**
   * Phrases of the description that trigger the rule (`phraseIn`: whole words, in order, at most
   * `PHRASE_GAP` other words between two of them; accents, case and punctuation ignored).
   */
  keywords?: string[];
  /** Phrases that make the keywords say something else ("placard", "courant d'air"): no keyword trigger. */
  unlessKeywords?: string[];
  requiresFlags?: UrgencyFlag[];
  season?: 'heating' | 'outside_heating';
  /** Upkeep that décret 87-712 (or the tenancy) puts on the tenant: flagged, still triaged for safety. */
  tenantResponsibility?: boolean;
  explanation: Text;
}

export interface RuleSet {
  levels: UrgencyLevel[];
  rules: UrgencyRule[];
  /** The level when no rule matches. */
  defaultLevel: string;
  defaultExplanation: Text;
  /** Local month-day bounds, inclusive; may wrap the year end (`10-15` → `05-15`). */
  heatingPeriod: { from: string; to: string };
  raiseForVulnerableOccupant: boolean;
  /**
   * The landlord's wording of the yes/no safety questions tenants answer when filing, by flag, French and
   * English (each one line, at most QUESTION_MAX_LENGTH characters). A flag left out is asked in the
   * default wording (`FLAG_QUESTIONS`); absent altogether, every question is.
   */
  questions?: Partial<Record<UrgencyFlag, Text>>;
}

/** The longest wording of a safety question, in characters. */
export const QUESTION_MAX_LENGTH = 200;

export interface UrgencyInput {
  category: Category;
  flags: readonly string[];
  description: string;
  /** The landlord's local date at intake, `YYYY-MM-DD` (the season depends on it). */
  localDate: string;
}

export interface UrgencyDecision {
  level: string;
  rank: number;
  ruleIds: string[];
  explanation: Text;
  tenantResponsibility: boolean;
  raisedForVulnerableOccupant: boolean;
  deadlines: Partial<Record<Stage, Deadline>>;
}

/**
 * Why a rule set is refused, one code per check of `validateRuleSet` (pages word the code in their language;
 * the English `message` is for the JSON API and logs).
 */
export const RULE_SET_ERROR_CODES = [
  'object',
  'unknown_key',
  'list',
  'no_level',
  'text_required',
  'text_too_long',
  'unit',
  'amount',
  'boolean',
  'id_format',
  'duplicate_id',
  'rank',
  'duplicate_rank',
  'acknowledge_required',
  'level_ref',
  'month_day',
  'category',
  'flag',
  'keyword',
  'season',
  'question_one_line',
  'question_too_long',
  'too_many',
] as const;
export type RuleSetErrorCode = (typeof RULE_SET_ERROR_CODES)[number];

export interface RuleSetError {
  field: string;
  code: RuleSetErrorCode;
  message: string;
}

/**
 * The most levels and rules a rule set may list: what the landlord's form editor shows and reads back (a
 * longer set would be cut short at its next publication from the form), and far above any real one (the
 * presets have a handful of levels and about twenty rules).
 */
export const MAX_LEVELS = 50;
export const MAX_RULES = 300;

const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const ID = /^[a-z][a-z0-9_]{0,62}$/;

/** Lower case, without accents or punctuation, single-spaced: what keywords are compared on. */
export function normaliseText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function inHeatingPeriod(localDate: string, period: RuleSet['heatingPeriod']): boolean {
  const day = localDate.slice(5, 10);
  return period.from <= period.to
    ? day >= period.from && day <= period.to
    : day >= period.from || day <= period.to;
}

function matches(rule: UrgencyRule, input: UrgencyInput, text: string, heating: boolean): boolean {
  const flags = new Set(input.flags);
  if (rule.requiresFlags?.some((flag) => !flags.has(flag))) return false;
  if (rule.season === 'heating' && !heating) return false;
  if (rule.season === 'outside_heating' && heating) return false;
  const hasTriggers = !!(rule.categories?.length || rule.flags?.length || rule.keywords?.length);
  if (!hasTriggers) return true;
  return (
    !!rule.categories?.includes(input.category) ||
    !!rule.flags?.some((flag) => flags.has(flag)) ||
    (!!rule.keywords?.some((keyword) => phraseIn(keyword, text)) &&
      !rule.unlessKeywords?.some((keyword) => phraseIn(keyword, text)))
  );
}

/** Words of the description that may stand between two words of a keyword phrase. */
export const PHRASE_GAP = 3;

/**
 * Whether a keyword phrase occurs in a normalised text: its words whole (never a fragment: "gaz" is not in
 * "gazon"), in order, with at most PHRASE_GAP other words between two consecutive ones — so "porte
 * enfoncée" finds "la porte d'entrée a été enfoncée" and "plafond menace" finds "le plafond de la chambre
 * menace". Both arguments in any case; the phrase is normalised here.
 */
export function phraseIn(phrase: string, normalisedText: string): boolean {
  const wanted = normaliseText(phrase).split(' ').filter(Boolean);
  const words = normalisedText.split(' ');
  if (wanted.length === 0) return false;
  const from = (start: number, k: number): boolean => {
    if (k === wanted.length) return true;
    const last = Math.min(words.length - 1, start + PHRASE_GAP);
    for (let i = start; i <= last; i++) if (words[i] === wanted[k] && from(i + 1, k + 1)) return true;
    return false;
  };
  for (let i = 0; i < words.length; i++) if (words[i] === wanted[0] && from(i + 1, 1)) return true;
  return false;
}

/**
 * The urgency decision for a complaint: the most urgent level among the matching rules (the default level
 * when none matches), raised one rank for a vulnerable occupant, with every matching rule's id and the
 * explanation of the rules that decided the level.
 */
export function evaluateUrgency(ruleSet: RuleSet, input: UrgencyInput): UrgencyDecision {
  const levels = new Map(ruleSet.levels.map((level) => [level.id, level]));
  const text = normaliseText(input.description);
  const heating = inHeatingPeriod(input.localDate, ruleSet.heatingPeriod);
  const matched = ruleSet.rules.filter((rule) => matches(rule, input, text, heating));

  let level = levels.get(matched.length ? matched[0].level : ruleSet.defaultLevel)!;
  for (const rule of matched) {
    const candidate = levels.get(rule.level)!;
    if (candidate.rank < level.rank) level = candidate;
  }
  const deciding = matched.filter((rule) => rule.level === level.id);
  const explanation: Text = deciding.length
    ? {
        fr: deciding.map((r) => r.explanation.fr).join(' '),
        en: deciding.map((r) => r.explanation.en).join(' '),
      }
    : { ...ruleSet.defaultExplanation };

  const vulnerable = input.flags.includes('vulnerable_occupant');
  const alreadyCounted = deciding.some((rule) => rule.requiresFlags?.includes('vulnerable_occupant'));
  let raised = false;
  if (ruleSet.raiseForVulnerableOccupant && vulnerable && !alreadyCounted && level.raisable !== false) {
    const above = ruleSet.levels.filter((l) => l.rank < level.rank).sort((a, b) => b.rank - a.rank)[0];
    if (above) {
      level = above;
      raised = true;
      explanation.fr += ' Une personne vulnérable vit dans le logement : le délai est raccourci d’un cran.';
      explanation.en += ' A vulnerable person lives in the home: the timescale moves one level up.';
    }
  }

  const tenantResponsibility = matched.some((rule) => rule.tenantResponsibility);
  if (tenantResponsibility) {
    const upkeep = matched.filter((rule) => rule.tenantResponsibility);
    explanation.fr += ` ${upkeep.map((r) => r.explanation.fr).join(' ')}`;
    explanation.en += ` ${upkeep.map((r) => r.explanation.en).join(' ')}`;
  }

  return {
    level: level.id,
    rank: level.rank,
    ruleIds: matched.map((rule) => rule.id),
    explanation: { fr: explanation.fr.trim(), en: explanation.en.trim() },
    tenantResponsibility,
    raisedForVulnerableOccupant: raised,
    deadlines: level.deadlines,
  };
}

type Json = Record<string, unknown>;

/** A JSON object (not null, not an array). */
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Days in each month of a leap year: a month-day bound must exist in some year (02-29 does, 02-30 not). */
const MONTH_LENGTHS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** True for `MM-DD` naming a day that exists (leap years count: `02-29` is one). */
export function isMonthDay(value: unknown): value is string {
  if (typeof value !== 'string' || !MONTH_DAY.test(value)) return false;
  const [month, day] = value.split('-').map(Number);
  return day <= MONTH_LENGTHS[month - 1];
}

/**
 * Checks that `value` is an object holding only `allowed` keys (published versions can never be edited,
 * so a misspelt key would be kept for ever, silently ignored). Returns the object, or null after adding
 * the error.
 */
function objectAt(
  errors: RuleSetError[],
  field: string,
  value: unknown,
  allowed: readonly string[],
): Json | null {
  if (!isObject(value)) {
    errors.push({ field, code: 'object', message: 'must be an object' });
    return null;
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      errors.push({
        field: `${field}.${key}`,
        code: 'unknown_key',
        message: `unknown key; one of ${allowed.join(', ')}`,
      });
    }
  }
  return value;
}

/** Checks an optional list: absent, or an array whose items `each` checks. */
function optionalList(
  errors: RuleSetError[],
  field: string,
  value: unknown,
  each: (item: unknown, field: string) => void,
): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    errors.push({ field, code: 'list', message: 'must be a list' });
    return;
  }
  value.forEach((item, j) => each(item, `${field}[${j}]`));
}

function checkText(errors: RuleSetError[], field: string, value: unknown): void {
  const text = value === undefined ? undefined : objectAt(errors, field, value, ['fr', 'en']);
  if (value !== undefined && !text) return;
  for (const locale of ['fr', 'en'] as const) {
    const said = text?.[locale];
    if (typeof said !== 'string' || !said.trim()) {
      errors.push({
        field: `${field}.${locale}`,
        code: 'text_required',
        message: 'must be a non-empty text',
      });
    } else if (said.length > 2000) {
      errors.push({
        field: `${field}.${locale}`,
        code: 'text_too_long',
        message: 'must be at most 2000 characters',
      });
    }
  }
}

/**
 * A safety question's wording (`questions.<flag>`): both languages, each with visible characters, on one
 * line (no line break or other control character) and at most QUESTION_MAX_LENGTH characters.
 */
function checkQuestion(errors: RuleSetError[], field: string, value: unknown): void {
  const text = objectAt(errors, field, value, ['fr', 'en']);
  if (!text) return;
  for (const locale of ['fr', 'en'] as const) {
    const said = text[locale];
    const at = `${field}.${locale}`;
    if (typeof said !== 'string' || !said.replace(/[\s\u200b-\u200d\u2060\ufeff]+/g, '')) {
      errors.push({ field: at, code: 'text_required', message: 'must be a non-empty text' });
      // eslint-disable-next-line no-control-regex -- control characters are what is refused
    } else if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(said)) {
      errors.push({ field: at, code: 'question_one_line', message: 'must be one line, without line breaks' });
    } else if (said.length > QUESTION_MAX_LENGTH) {
      errors.push({
        field: at,
        code: 'question_too_long',
        message: `must be at most ${QUESTION_MAX_LENGTH} characters`,
      });
    }
  }
}

function checkDeadline(errors: RuleSetError[], field: string, value: unknown): void {
  const deadline = objectAt(errors, field, value, ['amount', 'unit', 'workingDaysOnly']);
  if (!deadline) return;
  if (!['hours', 'working_days', 'days'].includes(deadline.unit as string)) {
    errors.push({ field: `${field}.unit`, code: 'unit', message: 'must be hours, working_days or days' });
  }
  const amount = deadline.amount;
  if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 1 || amount > 3650) {
    errors.push({
      field: `${field}.amount`,
      code: 'amount',
      message: 'must be a whole number between 1 and 3650',
    });
  }
  if (deadline.workingDaysOnly !== undefined && typeof deadline.workingDaysOnly !== 'boolean') {
    errors.push({ field: `${field}.workingDaysOnly`, code: 'boolean', message: 'must be true or false' });
  }
}

const RULE_SET_KEYS = [
  'levels',
  'rules',
  'defaultLevel',
  'defaultExplanation',
  'heatingPeriod',
  'raiseForVulnerableOccupant',
  'questions',
] as const satisfies readonly (keyof RuleSet)[];
const LEVEL_KEYS = [
  'id',
  'rank',
  'label',
  'deadlines',
  'raisable',
] as const satisfies readonly (keyof UrgencyLevel)[];
const RULE_KEYS = [
  'id',
  'level',
  'categories',
  'flags',
  'keywords',
  'unlessKeywords',
  'requiresFlags',
  'season',
  'tenantResponsibility',
  'explanation',
] as const satisfies readonly (keyof UrgencyRule)[];

/**
 * Every problem of a rule set, each naming its field ('' for the rule set itself; `levels[0].deadlines.acknowledge.amount`,
 * `rules[2].categories`, `heatingPeriod.from`…); empty when it can be saved. The rule set comes from JSON a
 * person typed: every object is checked to be one (an array or a string where an object or a list belongs
 * is refused), and unknown keys are refused at every level, since a published version never changes.
 */
export function validateRuleSet(input: unknown): RuleSetError[] {
  const errors: RuleSetError[] = [];
  const ruleSet = isObject(input) ? input : null;
  if (!ruleSet) return [{ field: '', code: 'object', message: 'must be an object' }];
  for (const key of Object.keys(ruleSet)) {
    if (!(RULE_SET_KEYS as readonly string[]).includes(key)) {
      errors.push({
        field: key,
        code: 'unknown_key',
        message: `unknown key; one of ${RULE_SET_KEYS.join(', ')}`,
      });
    }
  }
  const levels = Array.isArray(ruleSet.levels) ? (ruleSet.levels as unknown[]) : [];
  const rules = Array.isArray(ruleSet.rules) ? (ruleSet.rules as unknown[]) : [];
  if (!Array.isArray(ruleSet.levels))
    errors.push({ field: 'levels', code: 'list', message: 'must be a list' });
  else if (!levels.length)
    errors.push({ field: 'levels', code: 'no_level', message: 'must list at least one level' });
  if (!Array.isArray(ruleSet.rules)) errors.push({ field: 'rules', code: 'list', message: 'must be a list' });
  if (levels.length > MAX_LEVELS)
    errors.push({ field: 'levels', code: 'too_many', message: `must list at most ${MAX_LEVELS} levels` });
  if (rules.length > MAX_RULES)
    errors.push({ field: 'rules', code: 'too_many', message: `must list at most ${MAX_RULES} rules` });

  const levelIds = new Set<string>();
  const ranks = new Set<number>();
  levels.forEach((value, i) => {
    const field = `levels[${i}]`;
    const level = objectAt(errors, field, value, LEVEL_KEYS);
    if (!level) return;
    if (typeof level.id !== 'string' || !ID.test(level.id)) {
      errors.push({
        field: `${field}.id`,
        code: 'id_format',
        message: 'must be lower-case letters, digits and _',
      });
    } else if (levelIds.has(level.id)) {
      errors.push({ field: `${field}.id`, code: 'duplicate_id', message: `duplicate level ${level.id}` });
    } else levelIds.add(level.id);
    const rank = level.rank;
    if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 0 || rank > 1000) {
      errors.push({ field: `${field}.rank`, code: 'rank', message: 'must be a whole number from 0 to 1000' });
    } else if (ranks.has(rank)) {
      errors.push({
        field: `${field}.rank`,
        code: 'duplicate_rank',
        message: `another level has rank ${rank}`,
      });
    } else ranks.add(rank);
    checkText(errors, `${field}.label`, level.label);
    const deadlines = objectAt(errors, `${field}.deadlines`, level.deadlines, STAGES);
    for (const stage of STAGES) {
      if (deadlines?.[stage] !== undefined)
        checkDeadline(errors, `${field}.deadlines.${stage}`, deadlines[stage]);
    }
    if (level.raisable !== undefined && typeof level.raisable !== 'boolean') {
      errors.push({ field: `${field}.raisable`, code: 'boolean', message: 'must be true or false' });
    }
    if (deadlines && deadlines.acknowledge === undefined) {
      errors.push({
        field: `${field}.deadlines.acknowledge`,
        code: 'acknowledge_required',
        message: 'every level sets an acknowledgement deadline',
      });
    }
  });

  if (typeof ruleSet.defaultLevel !== 'string' || !levelIds.has(ruleSet.defaultLevel)) {
    errors.push({ field: 'defaultLevel', code: 'level_ref', message: 'must be the id of a level' });
  }
  checkText(errors, 'defaultExplanation', ruleSet.defaultExplanation ?? null);
  const heating = objectAt(errors, 'heatingPeriod', ruleSet.heatingPeriod, ['from', 'to']);
  if (heating) {
    for (const bound of ['from', 'to'] as const) {
      if (!isMonthDay(heating[bound])) {
        errors.push({
          field: `heatingPeriod.${bound}`,
          code: 'month_day',
          message: 'must be a day of the year, MM-DD',
        });
      }
    }
  }
  if (typeof ruleSet.raiseForVulnerableOccupant !== 'boolean') {
    errors.push({ field: 'raiseForVulnerableOccupant', code: 'boolean', message: 'must be true or false' });
  }

  const ruleIds = new Set<string>();
  rules.forEach((value, i) => {
    const field = `rules[${i}]`;
    const rule = objectAt(errors, field, value, RULE_KEYS);
    if (!rule) return;
    if (typeof rule.id !== 'string' || !ID.test(rule.id)) {
      errors.push({
        field: `${field}.id`,
        code: 'id_format',
        message: 'must be lower-case letters, digits and _',
      });
    } else if (ruleIds.has(rule.id)) {
      errors.push({ field: `${field}.id`, code: 'duplicate_id', message: `duplicate rule ${rule.id}` });
    } else ruleIds.add(rule.id);
    if (typeof rule.level !== 'string' || !levelIds.has(rule.level)) {
      errors.push({ field: `${field}.level`, code: 'level_ref', message: 'must be the id of a level' });
    }
    optionalList(errors, `${field}.categories`, rule.categories, (category, at) => {
      if (!(CATEGORIES as readonly unknown[]).includes(category)) {
        errors.push({
          field: at,
          code: 'category',
          message: `unknown category; one of ${CATEGORIES.join(', ')}`,
        });
      }
    });
    for (const key of ['flags', 'requiresFlags'] as const) {
      optionalList(errors, `${field}.${key}`, rule[key], (flag, at) => {
        if (!(URGENCY_FLAGS as readonly unknown[]).includes(flag)) {
          errors.push({
            field: at,
            code: 'flag',
            message: `unknown flag; one of ${URGENCY_FLAGS.join(', ')}`,
          });
        }
      });
    }
    for (const key of ['keywords', 'unlessKeywords'] as const) {
      optionalList(errors, `${field}.${key}`, rule[key], (keyword, at) => {
        if (typeof keyword !== 'string' || keyword.length > 200 || !normaliseText(keyword)) {
          errors.push({
            field: at,
            code: 'keyword',
            message: 'must contain letters or digits (at most 200 characters)',
          });
        }
      });
    }
    if (rule.season !== undefined && rule.season !== 'heating' && rule.season !== 'outside_heating') {
      errors.push({
        field: `${field}.season`,
        code: 'season',
        message: 'must be heating or outside_heating',
      });
    }
    if (rule.tenantResponsibility !== undefined && typeof rule.tenantResponsibility !== 'boolean') {
      errors.push({
        field: `${field}.tenantResponsibility`,
        code: 'boolean',
        message: 'must be true or false',
      });
    }
    checkText(errors, `${field}.explanation`, rule.explanation ?? null);
  });

  if (ruleSet.questions !== undefined) {
    const questions = objectAt(errors, 'questions', ruleSet.questions, URGENCY_FLAGS);
    for (const flag of URGENCY_FLAGS) {
      if (questions?.[flag] !== undefined) checkQuestion(errors, `questions.${flag}`, questions[flag]);
    }
  }
  return errors;
}
