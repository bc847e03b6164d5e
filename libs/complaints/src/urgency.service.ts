import type { EntityManager } from 'typeorm';
import type { LandlordEntity } from '@suivi/persistence';
import { Inject, Injectable } from '@nestjs/common';
import { WorkingCalendar, dueDate } from '@suivi/calendar';
import {
  DomainError,
  DomainErrorCode,
  PRESETS,
  STAGES,
  evaluateUrgency,
  flagQuestions,
  validateRuleSet,
} from '@suivi/domain';
import type { Category, Country, RuleSet, Stage, UrgencyDecision } from '@suivi/domain';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '@suivi/persistence';
import { UrgencyRulesRepository } from './urgency-rules.repository';

/** A statement runner: the caller's transaction (see UrgencyRulesRepository), or none for the pool. */
type Runner = Pick<EntityManager, 'query'>;

export interface LandlordCalendarRow {
  id: string;
  country: string;
  region: string;
  timezone: string;
  /** Closure days, `YYYY-MM-DD`. */
  closures: readonly string[];
}

/** What the calendar needs of a landlord, from its entity. */
export function landlordCalendarRow(landlord: LandlordEntity): LandlordCalendarRow {
  return {
    id: landlord.id,
    country: landlord.country,
    region: landlord.region,
    timezone: landlord.timezone,
    closures: landlord.closureDays,
  };
}

/** The decision as a complaint records it: rule-set version and due dates per stage included. */
export interface RecordedUrgency extends UrgencyDecision {
  ruleSetVersion: number;
  evaluatedAt: string;
  /** Due dates of the stages that start at intake (acknowledge, intervene, resolve). */
  due: Partial<Record<Stage, string>>;
  /** Set when an agent overrode the rules' level (with a reason, kept in the event). */
  override?: { previousLevel: string; byRole: string; at: string };
  /**
   * At filing: the category's safety questions nobody answered and the danger phrases of the description
   * (assessSafety); `review` asks staff to read the complaint before trusting its urgency.
   */
  safety?: { unknown: string[]; dangerWords: string[]; review: boolean };
}

export interface PublishedRuleSet {
  version: number;
  publishedAt: string | null;
  ruleSet: RuleSet;
}

/** Stages whose clock starts when the complaint is filed; the review stages start when a review is asked. */
const INTAKE_STAGES: readonly Stage[] = ['acknowledge', 'intervene', 'resolve'];

/**
 * A landlord's urgency rules — every published version kept (the database refuses to change one), the
 * country preset as version 0 until the landlord publishes its own — and the decision they give a complaint.
 */
@Injectable()
export class UrgencyService {
  private readonly calendars = new Map<string, WorkingCalendar>();

  constructor(
    @Inject(UrgencyRulesRepository)
    private readonly rules: Pick<UrgencyRulesRepository, keyof UrgencyRulesRepository>,
  ) {}

  calendarFor(landlord: LandlordCalendarRow): WorkingCalendar {
    const key = `${landlord.id}:${landlord.country}:${landlord.region}:${landlord.timezone}:${landlord.closures.join(',')}`;
    let calendar = this.calendars.get(key);
    if (!calendar) {
      calendar = new WorkingCalendar({
        country: landlord.country as Country,
        region: landlord.region,
        timeZone: landlord.timezone,
        closures: landlord.closures,
      });
      this.calendars.set(key, calendar);
    }
    return calendar;
  }

  async current(landlord: LandlordCalendarRow, runner?: Runner): Promise<PublishedRuleSet> {
    const latest = await this.rules.latest(landlord.id, runner);
    if (latest) {
      return {
        version: latest.version,
        publishedAt: latest.published_at.toISOString(),
        ruleSet: latest.rules,
      };
    }
    return { version: 0, publishedAt: null, ruleSet: PRESETS[landlord.country as Country] ?? PRESETS.FR };
  }

  /**
   * The safety questions as the landlord's rules in force word them, by flag, French and English (the
   * default wording for a flag they leave out): what the filing forms ask.
   */
  async questions(landlord: LandlordCalendarRow) {
    return flagQuestions((await this.current(landlord)).ruleSet);
  }

  /** The current rules as the public criteria show them (API and page alike): levels by rank, every rule. */
  async publicCriteria(landlord: LandlordEntity): Promise<PublicCriteria> {
    return criteriaOf(landlord.name, await this.current(landlordCalendarRow(landlord)));
  }

  /** The days of a year that do not count as working days for the landlord, and why. */
  publicCalendar(landlord: LandlordEntity, year: number) {
    const calendar = this.calendarFor(landlordCalendarRow(landlord));
    const holidays = [...calendar.publicHolidays(year)].map(([date, name]) => ({ date, name }));
    return {
      landlord: landlord.code,
      timezone: landlord.timezone,
      country: landlord.country,
      region: landlord.region,
      year,
      weekendsOff: true,
      publicHolidays: holidays,
      closures: landlord.closureDays.filter((day) => day.startsWith(`${year}-`)),
    };
  }

  /** The rule set a complaint was evaluated with: a published version, or the country preset (0). */
  async version(landlord: LandlordCalendarRow, version: number, runner?: Runner): Promise<PublishedRuleSet> {
    if (version > 0) {
      const row = await this.rules.byVersion(landlord.id, version, runner);
      if (row) return { version, publishedAt: row.published_at.toISOString(), ruleSet: row.rules };
    }
    return { version: 0, publishedAt: null, ruleSet: PRESETS[landlord.country as Country] ?? PRESETS.FR };
  }

  /**
   * An agent's override: the level's deadlines replace the rules' ones, counted from filing; the rules'
   * own decision stays recorded beside it.
   */
  overridden(
    landlord: LandlordCalendarRow,
    recorded: RecordedUrgency,
    ruleSet: PublishedRuleSet,
    levelId: string,
    filedAt: Date,
    by: { role: string; at: Date },
  ): RecordedUrgency {
    const level = ruleSet.ruleSet.levels.find((l) => l.id === levelId)!;
    const calendar = this.calendarFor(landlord);
    const due: Partial<Record<Stage, string>> = {};
    for (const stage of INTAKE_STAGES) {
      const deadline = level.deadlines[stage];
      if (deadline) due[stage] = dueDate(calendar, filedAt, deadline).toISOString();
    }
    return {
      ...recorded,
      level: level.id,
      rank: level.rank,
      deadlines: level.deadlines,
      due,
      override: { previousLevel: recorded.level, byRole: by.role, at: by.at.toISOString() },
    };
  }

  async versions(
    landlordId: string,
  ): Promise<
    { version: number; publishedAt: string; publishedBy: string | null; publishedByName: string | null }[]
  > {
    const rows = await this.rules.versions(landlordId);
    return rows.map((r) => ({
      version: r.version,
      publishedAt: r.published_at.toISOString(),
      publishedBy: r.published_by,
      publishedByName: r.display_name,
    }));
  }

  /** Throws a 400 naming every failing field of a rule set. */
  publishable(ruleSet: RuleSet): void {
    const errors = validateRuleSet(ruleSet);
    if (errors.length) {
      throw DomainError.invalidInput(
        errors.map((e) => ({ field: e.field ? `ruleSet.${e.field}` : 'ruleSet', message: e.message })),
      );
    }
  }

  /** Validates and stores the next version; 400 naming every failing field, 409 if another publish won. */
  async publish(
    landlordId: string,
    ruleSet: RuleSet,
    publishedBy: string | null,
  ): Promise<{ version: number }> {
    const errors = validateRuleSet(ruleSet);
    if (errors.length) {
      throw DomainError.invalidInput(
        errors.map((e) => ({ field: e.field ? `ruleSet.${e.field}` : 'ruleSet', message: e.message })),
      );
    }
    try {
      return { version: await this.rules.insertNext(landlordId, ruleSet, publishedBy) };
    } catch (e) {
      if (pgErrorCode(e) === PG_UNIQUE_VIOLATION) {
        throw new DomainError(
          DomainErrorCode.Conflict,
          'Another version was published at the same time; retry',
        );
      }
      throw e;
    }
  }

  /**
   * A dry run: the decision the current rules — or a rule set not yet published, checked like a publication
   * (400 naming every failing field) — would give an example complaint filed at `at`. Nothing is saved.
   */
  async tryRules(
    landlord: LandlordCalendarRow,
    input: { category: Category; flags: readonly string[]; description: string },
    at: Date,
    draft?: RuleSet,
  ): Promise<RecordedUrgency> {
    if (draft) this.publishable(draft);
    return this.decide(
      landlord,
      input,
      at,
      draft ? { version: -1, publishedAt: null, ruleSet: draft } : undefined,
    );
  }

  /** The decision for a complaint filed (or re-evaluated) at `at`, with its due dates. */
  async decide(
    landlord: LandlordCalendarRow,
    input: { category: Category; flags: readonly string[]; description: string },
    at: Date,
    ruleSet?: PublishedRuleSet,
    runner?: Runner,
  ): Promise<RecordedUrgency> {
    const rules = ruleSet ?? (await this.current(landlord, runner));
    const calendar = this.calendarFor(landlord);
    const decision = evaluateUrgency(rules.ruleSet, { ...input, localDate: calendar.localDate(at) });
    const due: Partial<Record<Stage, string>> = {};
    for (const stage of STAGES) {
      const deadline = decision.deadlines[stage];
      if (deadline && INTAKE_STAGES.includes(stage))
        due[stage] = dueDate(calendar, at, deadline).toISOString();
    }
    return { ...decision, ruleSetVersion: rules.version, evaluatedAt: at.toISOString(), due };
  }
}

/**
 * A rule set as the public criteria page shows it: levels most urgent first, each rule with its lists
 * (empty when absent), the default. For the published rules (`publicCriteria`) and for a draft the landlord
 * admin previews before publishing it (the same page, so the preview cannot differ from what is published).
 */
export function criteriaOf(landlordName: string, published: PublishedRuleSet) {
  const { ruleSet } = published;
  const levels = new Map(ruleSet.levels.map((level) => [level.id, level]));
  return {
    landlord: landlordName,
    version: published.version,
    publishedAt: published.publishedAt,
    heatingPeriod: ruleSet.heatingPeriod,
    raiseForVulnerableOccupant: ruleSet.raiseForVulnerableOccupant,
    levels: [...ruleSet.levels]
      .sort((a, b) => a.rank - b.rank)
      .map((level) => ({ id: level.id, label: level.label, deadlines: level.deadlines })),
    rules: ruleSet.rules.map((rule) => ({
      id: rule.id,
      level: rule.level,
      levelLabel: levels.get(rule.level)?.label,
      categories: rule.categories ?? [],
      flags: rule.flags ?? [],
      keywords: rule.keywords ?? [],
      unlessKeywords: rule.unlessKeywords ?? [],
      requiresFlags: rule.requiresFlags ?? [],
      season: rule.season ?? null,
      tenantResponsibility: rule.tenantResponsibility ?? false,
      explanation: rule.explanation,
    })),
    otherwise: { level: ruleSet.defaultLevel, explanation: ruleSet.defaultExplanation },
    /** Every safety question as tenants are asked it, by flag: the rule set's wording or the default. */
    questions: flagQuestions(ruleSet),
  };
}

/** What the public criteria page shows (see `criteriaOf`). */
export type PublicCriteria = ReturnType<typeof criteriaOf>;
