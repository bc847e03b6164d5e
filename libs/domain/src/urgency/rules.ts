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
  keywords?: string[];
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
}

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

export interface RuleSetError {
  field: string;
  message: string;
}

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
    !!rule.keywords?.some((keyword) => ` ${text} `.includes(` ${normaliseText(keyword)} `))
  );
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

function checkText(errors: RuleSetError[], field: string, text: Partial<Text> | undefined): void {
  for (const locale of ['fr', 'en'] as const) {
    if (typeof text?.[locale] !== 'string' || !text[locale]!.trim()) {
      errors.push({ field: `${field}.${locale}`, message: 'must be a non-empty text' });
    }
  }
}

function checkDeadline(errors: RuleSetError[], field: string, deadline: Deadline): void {
  if (!['hours', 'working_days', 'days'].includes(deadline?.unit)) {
    errors.push({ field: `${field}.unit`, message: 'must be hours, working_days or days' });
  }
  if (!Number.isInteger(deadline?.amount) || deadline.amount < 1 || deadline.amount > 3650) {
    errors.push({ field: `${field}.amount`, message: 'must be a whole number between 1 and 3650' });
  }
  if (deadline?.workingDaysOnly !== undefined && typeof deadline.workingDaysOnly !== 'boolean') {
    errors.push({ field: `${field}.workingDaysOnly`, message: 'must be true or false' });
  }
}

/** Every problem of a rule set, each naming its field; empty when it can be saved. */
export function validateRuleSet(ruleSet: RuleSet): RuleSetError[] {
  const errors: RuleSetError[] = [];
  const levels = Array.isArray(ruleSet?.levels) ? ruleSet.levels : [];
  const rules = Array.isArray(ruleSet?.rules) ? ruleSet.rules : [];
  if (!levels.length) errors.push({ field: 'levels', message: 'must list at least one level' });
  if (!Array.isArray(ruleSet?.rules)) errors.push({ field: 'rules', message: 'must be a list' });

  const levelIds = new Set<string>();
  const ranks = new Set<number>();
  levels.forEach((level, i) => {
    const field = `levels[${i}]`;
    if (typeof level?.id !== 'string' || !ID.test(level.id)) {
      errors.push({ field: `${field}.id`, message: 'must be lower-case letters, digits and _' });
    } else if (levelIds.has(level.id)) {
      errors.push({ field: `${field}.id`, message: `duplicate level ${level.id}` });
    } else levelIds.add(level.id);
    if (!Number.isInteger(level?.rank) || level.rank < 0) {
      errors.push({ field: `${field}.rank`, message: 'must be a whole number ≥ 0' });
    } else if (ranks.has(level.rank)) {
      errors.push({ field: `${field}.rank`, message: `another level has rank ${level.rank}` });
    } else ranks.add(level.rank);
    checkText(errors, `${field}.label`, level?.label);
    const deadlines = level?.deadlines ?? {};
    for (const [stage, deadline] of Object.entries(deadlines)) {
      if (!(STAGES as readonly string[]).includes(stage)) {
        errors.push({
          field: `${field}.deadlines.${stage}`,
          message: `unknown stage; one of ${STAGES.join(', ')}`,
        });
      } else checkDeadline(errors, `${field}.deadlines.${stage}`, deadline as Deadline);
    }
    if (level?.raisable !== undefined && typeof level.raisable !== 'boolean') {
      errors.push({ field: `${field}.raisable`, message: 'must be true or false' });
    }
    if (!deadlines.acknowledge) {
      errors.push({
        field: `${field}.deadlines.acknowledge`,
        message: 'every level sets an acknowledgement deadline',
      });
    }
  });

  if (!levelIds.has(ruleSet?.defaultLevel)) {
    errors.push({ field: 'defaultLevel', message: 'must be the id of a level' });
  }
  checkText(errors, 'defaultExplanation', ruleSet?.defaultExplanation);
  for (const bound of ['from', 'to'] as const) {
    if (!MONTH_DAY.test(String(ruleSet?.heatingPeriod?.[bound]))) {
      errors.push({ field: `heatingPeriod.${bound}`, message: 'must be a month-day, MM-DD' });
    }
  }
  if (typeof ruleSet?.raiseForVulnerableOccupant !== 'boolean') {
    errors.push({ field: 'raiseForVulnerableOccupant', message: 'must be true or false' });
  }

  const ruleIds = new Set<string>();
  rules.forEach((rule, i) => {
    const field = `rules[${i}]`;
    if (typeof rule?.id !== 'string' || !ID.test(rule.id)) {
      errors.push({ field: `${field}.id`, message: 'must be lower-case letters, digits and _' });
    } else if (ruleIds.has(rule.id)) {
      errors.push({ field: `${field}.id`, message: `duplicate rule ${rule.id}` });
    } else ruleIds.add(rule.id);
    if (!levelIds.has(rule?.level))
      errors.push({ field: `${field}.level`, message: 'must be the id of a level' });
    rule?.categories?.forEach((category, j) => {
      if (!(CATEGORIES as readonly string[]).includes(category)) {
        errors.push({ field: `${field}.categories[${j}]`, message: `unknown category ${String(category)}` });
      }
    });
    for (const key of ['flags', 'requiresFlags'] as const) {
      rule?.[key]?.forEach((flag, j) => {
        if (!(URGENCY_FLAGS as readonly string[]).includes(flag)) {
          errors.push({ field: `${field}.${key}[${j}]`, message: `unknown flag ${String(flag)}` });
        }
      });
    }
    rule?.keywords?.forEach((keyword, j) => {
      if (typeof keyword !== 'string' || !normaliseText(keyword)) {
        errors.push({ field: `${field}.keywords[${j}]`, message: 'must contain letters or digits' });
      }
    });
    if (rule?.season !== undefined && !['heating', 'outside_heating'].includes(rule.season)) {
      errors.push({ field: `${field}.season`, message: 'must be heating or outside_heating' });
    }
    checkText(errors, `${field}.explanation`, rule?.explanation);
  });
  return errors;
}
