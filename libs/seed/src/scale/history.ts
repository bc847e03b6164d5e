import { dueDate } from '@suivi/calendar';
import type { WorkingCalendar } from '@suivi/calendar';
import {
  GENESIS_HASH,
  applyAction,
  auditRollupOf,
  chainEvent,
  evaluateUrgency,
  fileComplaint,
  inHeatingPeriod,
  newReference,
  NO_STAGE_PROGRESS,
  nextDeadline,
  stageProgressAfter,
} from '@suivi/domain';
import type {
  Actor,
  AuditRollup,
  Category,
  ChainedEvent,
  ComplaintSnapshot,
  ComplaintState,
  Deadline,
  EventDraft,
  IntakeChannel,
  RuleSet,
  Stage,
  TransitionCommand,
  UrgencyDecision,
} from '@suivi/domain';

/**
 * One synthetic complaint and its whole history, walked through the domain's own `applyAction` (so payloads,
 * states and refusals are the live ones), hash-chained with the domain's `chainEvent` and rolled up with the
 * same `auditRollupOf` the transitions use. Texts are left out (as after a retention delete): the chain
 * commits to no text digest, so an export verifies without them.
 */

/** A small, fast, seedable generator (mulberry32): the same seed gives the same data set. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let x = this.next() * total;
    for (const [item, w] of items) {
      x -= w;
      if (x < 0) return item;
    }
    return items[items.length - 1][0];
  }
  /** Exponential, mean `mean`. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }
}

export interface SeedPlace {
  landlordId: string;
  landlordCode: string;
  calendar: WorkingCalendar;
  ruleSet: RuleSet;
  agencies: { id: string; code: string }[];
  residences: { id: string; code: string; agencyIndex: number; weight: number }[];
  contractors: string[];
  partners: string[];
  reopenWindowDays: number;
}

export interface SeededComplaint {
  id: string;
  reference: string;
  landlordId: string;
  agencyId: string;
  residenceId: string;
  unit: string;
  category: Category;
  description: string;
  channel: IntakeChannel;
  filedBy: Actor;
  status: ComplaintState;
  holdReason: string | null;
  contractorId: string | null;
  appointment: { start: Date; end: Date } | null;
  flags: string[];
  urgency: RecordedUrgency;
  nextDue: { stage: Stage; at: string } | null;
  partnerOrganisationId: string | null;
  rating: number | null;
  ratedAt: Date | null;
  events: ChainedEvent[];
  rollup: AuditRollup;
  updatedAt: Date;
}

/** The urgency as a complaint records it (see UrgencyService.decide / overridden). */
export type RecordedUrgency = UrgencyDecision & {
  ruleSetVersion: number;
  evaluatedAt: string;
  due: Partial<Record<Stage, string>>;
  override?: { previousLevel: string; byRole: string; at: string };
};

const HOUR = 3_600_000;
const DAY = 86_400_000;
const INTAKE_STAGES: readonly Stage[] = ['acknowledge', 'intervene', 'resolve'];

const CATEGORY_WEIGHTS: readonly (readonly [Category, number])[] = [
  ['heating', 12],
  ['hot_water', 7],
  ['water_supply', 3],
  ['plumbing_leak', 14],
  ['drainage', 6],
  ['electricity', 7],
  ['gas', 1.5],
  ['damp_mould', 8],
  ['roof', 3],
  ['windows_doors', 8],
  ['locks_security', 5],
  ['entryphone', 5],
  ['lift', 4],
  ['common_areas', 6],
  ['pests', 3],
  ['structure', 1],
  ['service', 4],
  ['other', 2.5],
];
const CHANNELS: readonly (readonly [IntakeChannel, number])[] = [
  ['web', 38],
  ['phone', 30],
  ['front_desk', 12],
  ['email', 8],
  ['sms', 5],
  ['letter', 3],
  ['partner', 4],
];
/** Descriptions per category, some with the keywords the rules read (French preset, English for GB). */
const DESCRIPTIONS: Partial<Record<Category, string[]>> = {
  gas: ['Odeur de gaz dans la cuisine', 'Le détecteur de CO sonne', 'Gas smell on the landing'],
  electricity: [
    'Prise brûlée dans le salon',
    'Plus d’électricité dans l’appartement',
    'Lumière qui clignote',
  ],
  water_supply: ['Plus d’eau depuis ce matin', 'Pas d’eau chaude ni froide', 'Faible pression'],
  structure: ['Plafond menace de tomber', 'Mur fissuré dans la chambre', 'Fissure au balcon'],
  locks_security: ['Porte enfoncée, serrure cassée', 'La porte du hall ne ferme plus', 'Badge défectueux'],
  windows_doors: ['Fenêtre cassée dans la chambre', 'Volet bloqué', 'Joint de fenêtre abîmé'],
  plumbing_leak: [
    'Fuite sous l’évier',
    'Dégât des eaux chez le voisin du dessous',
    'Joint de robinet qui fuit',
  ],
  other: ['Remplacement de la cuisine demandé', 'Demande d’amélioration de la salle de bain', 'Autre'],
};
const FLAG_CHANCES: Partial<Record<Category, readonly (readonly [string, number])[]>> = {
  heating: [['no_heating', 0.45]],
  hot_water: [['no_hot_water', 0.3]],
  water_supply: [['no_water', 0.35]],
  electricity: [['no_power', 0.2]],
  gas: [['gas_smell', 0.7]],
  damp_mould: [
    ['damp_mould', 0.8],
    ['vulnerable_occupant', 0.15],
  ],
};
const CLOSE_REASONS: readonly (readonly [string, number])[] = [
  ['duplicate', 3],
  ['tenant_responsibility', 4],
  ['withdrawn', 2],
  ['redirected', 1],
];
const HOLD_REASONS: readonly (readonly [string, number])[] = [
  ['tenant_no_access', 40],
  ['tenant_request', 20],
  ['parts', 30],
  ['landlord_approval', 10],
];

/** Cached deadlines: a working-day deadline depends only on the local day of filing. */
export class DeadlineCache {
  private readonly cache = new Map<string, Date>();
  due(calendar: WorkingCalendar, from: Date, deadline: Deadline): Date {
    if (deadline.unit !== 'working_days' || deadline.amount === 0) return dueDate(calendar, from, deadline);
    const key = `${calendar.localDate(from)}:${deadline.amount}`;
    let due = this.cache.get(key);
    if (!due) {
      due = dueDate(calendar, from, deadline);
      this.cache.set(key, due);
    }
    return due;
  }
}

/** A time-ordered UUID (version 7 layout): complaints filed later sort later, so indexes grow at the end. */
export function timeOrderedUuid(at: Date, random: Random): string {
  const hex = at.getTime().toString(16).padStart(12, '0');
  const r = random.bytes(10);
  const h = (b: number) => b.toString(16).padStart(2, '0');
  const tail = [...r].map(h).join('');
  return (
    `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${tail.slice(0, 3)}-` +
    `${((r[2] & 0x3f) | 0x80).toString(16)}${tail.slice(6, 8)}-${tail.slice(8, 20)}`
  );
}

interface Walk {
  snapshot: ComplaintSnapshot;
  urgency: RecordedUrgency;
  drafts: EventDraft[];
  at: number;
  appointment: { start: Date; end: Date } | null;
}

/** Generates one complaint filed at `filedAt`, its history cut at `now`. */
export function seedComplaint(
  place: SeedPlace,
  filedAt: Date,
  now: Date,
  random: Random,
  deadlines: DeadlineCache,
  decisions: Map<string, UrgencyDecision>,
): SeededComplaint {
  const localDate = place.calendar.localDate(filedAt);
  const month = Number(localDate.slice(5, 7));
  const winter = month >= 10 || month <= 4;
  const category = random.weighted(
    winter
      ? CATEGORY_WEIGHTS.map(([c, w]) => [c, c === 'heating' ? w * 2.5 : w] as const)
      : CATEGORY_WEIGHTS.map(([c, w]) => [c, c === 'heating' ? w * 0.3 : w] as const),
  );
  const flags = (FLAG_CHANCES[category] ?? []).filter(([, p]) => random.chance(p)).map(([f]) => f);
  if (random.chance(0.04) && !flags.includes('vulnerable_occupant')) flags.push('vulnerable_occupant');
  flags.sort();
  const description = random.pick(DESCRIPTIONS[category] ?? ['Signalement']);
  // The rules read the season only through the heating period: one decision per input and season.
  const decisionKey = `${category}|${flags.join(',')}|${description}|${inHeatingPeriod(localDate, place.ruleSet.heatingPeriod)}`;
  let decision = decisions.get(decisionKey);
  if (!decision) {
    decision = evaluateUrgency(place.ruleSet, { category, flags, description, localDate });
    decisions.set(decisionKey, decision);
  }
  const urgency: RecordedUrgency = {
    ...decision,
    ruleSetVersion: 0,
    evaluatedAt: filedAt.toISOString(),
    due: dueDates(place, decision.deadlines, filedAt, deadlines),
  };
  const channel = random.weighted(CHANNELS);
  const partnerOrganisationId = channel === 'partner' ? random.pick(place.partners) : null;
  const filedBy: Actor =
    channel === 'partner'
      ? { role: 'partner', id: partnerOrganisationId }
      : channel === 'web' || channel === 'sms'
        ? { role: 'tenant', id: null }
        : { role: 'agent', id: null };
  const residence = place.residences[weightedIndex(place.residences, random)];
  const agency = place.agencies[residence.agencyIndex];
  const id = timeOrderedUuid(filedAt, random);

  const first = fileComplaint(
    {
      category,
      channel,
      landlordCode: place.landlordCode,
      agencyCode: agency.code,
      residenceCode: residence.code,
      urgency: { level: urgency.level, ruleIds: urgency.ruleIds, ruleSetVersion: 0, flags },
    },
    filedBy,
    filedAt,
  );
  if (!first.ok) throw first.error;
  const walk: Walk = {
    snapshot: {
      state: 'received',
      category,
      holdReason: null,
      contractorId: null,
      closedAt: null,
      urgencyLevel: urgency.level,
      flags,
    },
    urgency,
    drafts: [first.value],
    at: filedAt.getTime(),
    appointment: null,
  };
  lifecycle(walk, place, filedAt, random, deadlines);

  // Cut at now: a recent complaint is still in progress.
  const drafts = walk.drafts.filter((d) => d.at.getTime() <= now.getTime());
  const replay = replayState(drafts, place, filedAt, urgency, flags, category, deadlines);
  const events: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  drafts.forEach((draft, i) => {
    const event = chainEvent(prev, {
      complaintId: id,
      seq: i + 1,
      at: draft.at.toISOString(),
      actorRole: draft.actor.role,
      actorId: draft.actor.id,
      action: draft.action,
      fromState: draft.fromState,
      toState: draft.toState,
      payload: draft.payload,
      textDigests: { public: null, internal: null },
    });
    events.push(event);
    prev = event.hash;
  });
  const rollup = auditRollupOf(filedAt, drafts.slice(1), (a, b) => place.calendar.workingDaysBetween(a, b));
  const closed = replay.state === 'closed';
  const rated = closed && random.chance(0.35);
  const last = drafts[drafts.length - 1].at;
  return {
    id,
    reference: newReference((n) => random.bytes(n)),
    landlordId: place.landlordId,
    agencyId: agency.id,
    residenceId: residence.id,
    unit: `${random.int(0, 12)}${String.fromCharCode(65 + random.int(0, 5))}`,
    category: replay.category,
    description,
    channel,
    filedBy,
    status: replay.state,
    holdReason: replay.holdReason,
    contractorId: replay.contractorId,
    appointment: replay.appointment,
    flags,
    urgency: replay.urgency,
    nextDue: replay.nextDue,
    partnerOrganisationId,
    rating: rated
      ? random.weighted([
          [5, 30],
          [4, 30],
          [3, 18],
          [2, 10],
          [1, 12],
        ] as const)
      : null,
    ratedAt: rated ? new Date(Math.min(now.getTime(), last.getTime() + random.exp(2 * DAY))) : null,
    events,
    rollup,
    updatedAt: last,
  };
}

function weightedIndex(items: readonly { weight: number }[], random: Random): number {
  let total = 0;
  for (const item of items) total += item.weight;
  let x = random.next() * total;
  for (let i = 0; i < items.length; i++) {
    x -= items[i].weight;
    if (x < 0) return i;
  }
  return items.length - 1;
}

function dueDates(
  place: SeedPlace,
  levelDeadlines: Partial<Record<Stage, Deadline>>,
  filedAt: Date,
  deadlines: DeadlineCache,
): Partial<Record<Stage, string>> {
  const due: Partial<Record<Stage, string>> = {};
  for (const stage of INTAKE_STAGES) {
    const deadline = levelDeadlines[stage];
    if (deadline) due[stage] = deadlines.due(place.calendar, filedAt, deadline).toISOString();
  }
  return due;
}

const AGENT: Actor = { role: 'agent', id: null };

/** Takes an action at `at` (never before the previous event), through the domain's lifecycle rules. */
function act(walk: Walk, command: TransitionCommand, actor: Actor, at: number): boolean {
  walk.at = Math.max(at, walk.at + 60_000);
  const result = applyAction(walk.snapshot, command, actor, { now: new Date(walk.at), reopenWindowDays: 30 });
  if (!result.ok) return false;
  const { state, changes, event } = result.value;
  walk.snapshot = { ...walk.snapshot, ...stripAppointment(changes), state };
  if (changes.appointment !== undefined) walk.appointment = changes.appointment;
  walk.drafts.push(event);
  return true;
}

function stripAppointment(changes: { appointment?: unknown }): Partial<ComplaintSnapshot> {
  const { appointment: _appointment, ...rest } = changes;
  return rest as Partial<ComplaintSnapshot>;
}

/** When a stage is done: mostly within its deadline, sometimes late. */
function doneBy(
  walk: Walk,
  stage: Stage,
  filedAt: Date,
  random: Random,
  lateShare: number,
  lateMean: number,
) {
  const due = walk.urgency.due[stage];
  const dueAt = due ? Date.parse(due) : filedAt.getTime() + 10 * DAY;
  const start = walk.at;
  if (random.chance(lateShare) || dueAt <= start) return Math.max(dueAt, start) + random.exp(lateMean);
  return start + (dueAt - start) * (0.05 + 0.9 * random.next());
}

function maybeHold(walk: Walk, random: Random, p: number, meanDays: number): void {
  if (!random.chance(p)) return;
  const holdReason = random.weighted(HOLD_REASONS);
  act(walk, { action: 'hold', holdReason }, AGENT, walk.at + random.exp(6 * HOUR));
  act(walk, { action: 'release' }, AGENT, walk.at + random.exp(meanDays * DAY));
}

function maybeNote(walk: Walk, random: Random, p: number): void {
  if (!random.chance(p)) return;
  const visibility = random.chance(0.6) ? 'public' : 'internal';
  act(walk, { action: 'note', visibility, text: 'note' }, AGENT, walk.at + random.exp(4 * HOUR));
}

function lifecycle(
  walk: Walk,
  place: SeedPlace,
  filedAt: Date,
  random: Random,
  deadlines: DeadlineCache,
): void {
  const escalates = random.chance(0.04);
  // Waits before the acknowledgement (a tenant who cannot be reached, mostly).
  maybeHold(walk, random, 0.05, 2);
  if (random.chance(0.06)) {
    const closeReason = random.weighted(CLOSE_REASONS);
    if (random.chance(0.5))
      act(walk, { action: 'acknowledge' }, AGENT, doneBy(walk, 'acknowledge', filedAt, random, 0.1, DAY));
    act(
      walk,
      { action: 'close_without_works', closeReason, reason: 'r' },
      AGENT,
      walk.at + random.exp(2 * DAY),
    );
    if (escalates) escalate(walk, random);
    return;
  }
  act(walk, { action: 'acknowledge' }, AGENT, doneBy(walk, 'acknowledge', filedAt, random, 0.12, 1.5 * DAY));
  maybeNote(walk, random, 0.25);
  if (random.chance(0.03)) {
    const levels = place.ruleSet.levels.filter((l) => l.raisable !== false && l.id !== walk.urgency.level);
    const level = random.pick(levels);
    if (
      act(walk, { action: 'override_urgency', urgencyLevel: level.id, reason: 'r' }, AGENT, walk.at + HOUR)
    ) {
      walk.urgency = {
        ...walk.urgency,
        level: level.id,
        rank: level.rank,
        deadlines: level.deadlines,
        due: dueDates(place, level.deadlines, filedAt, deadlines),
        override: { previousLevel: walk.urgency.level, byRole: 'agent', at: new Date(walk.at).toISOString() },
      };
    }
  }
  works(walk, place, filedAt, random);
  if (escalates) escalate(walk, random);
  if (random.chance(0.035)) {
    const reopenAt = walk.at + random.exp(6 * DAY);
    if (
      reopenAt - walk.at < 29 * DAY &&
      act(walk, { action: 'reopen', reason: 'r' }, { role: 'tenant', id: null }, reopenAt)
    ) {
      works(walk, place, filedAt, random);
    }
  }
}

function works(walk: Walk, place: SeedPlace, filedAt: Date, random: Random): void {
  const contractorId = random.pick(place.contractors);
  act(walk, { action: 'assign', contractorId }, AGENT, walk.at + random.exp(10 * HOUR));
  const contractor: Actor = { role: 'contractor', id: contractorId };
  const start = new Date(walk.at + DAY + random.exp(2 * DAY));
  act(
    walk,
    { action: 'schedule', appointment: { start, end: new Date(start.getTime() + 2 * HOUR) } },
    contractor,
    walk.at + random.exp(5 * HOUR),
  );
  maybeHold(walk, random, 0.12, 3);
  act(walk, { action: 'report_done' }, contractor, doneBy(walk, 'intervene', filedAt, random, 0.18, 4 * DAY));
  if (random.chance(0.05)) {
    act(
      walk,
      { action: 'reject_works', reason: 'r' },
      { role: 'tenant', id: null },
      walk.at + random.exp(DAY),
    );
    act(walk, { action: 'report_done' }, contractor, walk.at + random.exp(3 * DAY));
  }
  act(
    walk,
    { action: 'check_works' },
    random.chance(0.4) ? { role: 'tenant', id: null } : AGENT,
    walk.at + random.exp(DAY),
  );
  maybeNote(walk, random, 0.2);
  act(walk, { action: 'close', resolution: 'r' }, AGENT, walk.at + random.exp(DAY));
}

function escalate(walk: Walk, random: Random): void {
  act(walk, { action: 'escalate', reason: 'r' }, { role: 'tenant', id: null }, walk.at + random.exp(3 * DAY));
  if (random.chance(0.8)) act(walk, { action: 'acknowledge_review' }, AGENT, walk.at + random.exp(3 * DAY));
  if (random.chance(0.7))
    act(walk, { action: 'answer_review', text: 'r' }, AGENT, walk.at + random.exp(10 * DAY));
}

/** The complaint row after the kept events: state, hold, contractor, urgency and next due date. */
function replayState(
  drafts: readonly EventDraft[],
  place: SeedPlace,
  filedAt: Date,
  initial: RecordedUrgency,
  flags: string[],
  category: Category,
  deadlines: DeadlineCache,
) {
  let state: ComplaintState = 'received';
  let holdReason: string | null = null;
  let contractorId: string | null = null;
  let appointment: { start: Date; end: Date } | null = null;
  let urgency = initial;
  let next: { stage: Stage; at: string } | null = nextDeadline(urgency, 'received', NO_STAGE_PROGRESS);
  let progress = NO_STAGE_PROGRESS;
  for (const d of drafts.slice(1)) {
    state = d.toState;
    const p = d.payload;
    switch (d.action) {
      case 'hold':
        holdReason = String(p.holdReason);
        break;
      case 'release':
      case 'close':
      case 'close_without_works':
        holdReason = null;
        break;
      case 'assign':
        contractorId = String(p.contractorId);
        appointment = toAppointment(p.appointment);
        break;
      case 'schedule':
        appointment = toAppointment(p.appointment);
        break;
      case 'override_urgency': {
        const level = place.ruleSet.levels.find((l) => l.id === p.level);
        if (level) {
          urgency = {
            ...urgency,
            level: level.id,
            rank: level.rank,
            deadlines: level.deadlines,
            due: dueDates(place, level.deadlines, filedAt, deadlines),
            override: { previousLevel: urgency.level, byRole: d.actor.role, at: d.at.toISOString() },
          };
        }
        break;
      }
      default:
        break;
    }
    progress = stageProgressAfter(progress, d);
    next = nextDeadline(urgency, state, progress);
  }
  return { state, holdReason, contractorId, appointment, urgency, nextDue: next, flags, category };
}

function toAppointment(value: unknown): { start: Date; end: Date } | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { start?: string; end?: string };
  return v.start && v.end ? { start: new Date(v.start), end: new Date(v.end) } : null;
}
