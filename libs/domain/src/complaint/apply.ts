import { DomainError, DomainErrorCode, err, fieldError, ok } from '../errors';
import type { FieldError, Result } from '../errors';
import type { JsonObject } from '../chain/canonical-json';
import { TRANSITIONS, availableActions } from './transitions';
import type { TransitionRule } from './transitions';
import {
  CATEGORIES,
  CLOSE_WITHOUT_WORKS_REASONS,
  HOLD_REASONS,
  INTAKE_CHANNELS,
  NOTE_VISIBILITIES,
  isOneOf,
} from './vocabulary';
import { URGENCY_FLAGS } from '../urgency/rules';
import { appointmentProblems, visibleText } from '../input';
import type {
  Action,
  Category,
  ComplaintState,
  DeadlineEvent,
  EventAction,
  OnCallEvent,
  HoldReason,
  IntakeChannel,
  Role,
} from './vocabulary';

export interface Actor {
  role: Role;
  /** Staff user, contractor or partner id; null for a tenant or for Suivi itself. */
  id: string | null;
}

export interface Appointment {
  start: Date;
  end: Date;
}

/** What the lifecycle needs to know about a complaint. */
export interface ComplaintSnapshot {
  state: ComplaintState;
  category: Category;
  holdReason: HoldReason | null;
  contractorId: string | null;
  closedAt: Date | null;
  /** The urgency level in force (null for complaints filed before urgency rules). */
  urgencyLevel?: string | null;
  /** The urgency questions ticked (gas_smell, no_heating, ...). */
  flags?: readonly string[];
  /**
   * Whether the contractor in charge has reported the works done since the works were (re)ordered: set by
   * `report_done`, cleared by `assign`, `reassign`, `reject_works` (rework) and `reopen`. Absent = false.
   * The works can be confirmed or contested only once they are reported, or by staff recording a visit.
   */
  worksReported?: boolean;
}

/**
 * A request to act on a complaint. Fields beyond `action` are read only by the actions that use them;
 * `applyAction` says which are required and rejects the command with the failing field names.
 */
export interface TransitionCommand {
  action: Action;
  /** override_urgency: the level the agent sets instead of the rules' one (a reason is required). */
  urgencyLevel?: string;
  category?: string;
  /** reclassify: the whole new list of urgency flags. */
  flags?: readonly string[];
  contractorId?: string;
  appointment?: { start: Date; end: Date };
  /**
   * check_works / reject_works by staff: the step records a visit staff made on site (the visit is itself
   * the intervention). Without it, staff, like the tenant, can act only on works the contractor reported.
   * note: the note is a visit finding — what its author saw at the tenant's home (a partner's home visit,
   * a staff visit); recorded as `visit: true` in the payload, it changes no stage.
   */
  visit?: boolean;
  reason?: string;
  resolution?: string;
  closeReason?: string;
  holdReason?: string;
  visibility?: string;
  text?: string;
  publicText?: string;
  internalText?: string;
}

export interface LifecyclePolicy {
  now: Date;
  /** Days after closing during which a complaint may be reopened. */
  reopenWindowDays: number;
}

/** Free text of an event, kept apart from the hashed payload (it may hold personal data). */
export interface EventTexts {
  public?: string;
  internal?: string;
}

export interface EventDraft {
  action: EventAction;
  fromState: ComplaintState | null;
  toState: ComplaintState;
  actor: Actor;
  /** Structured, non-personal facts about the step; federations see these. */
  payload: JsonObject;
  texts: EventTexts;
  at: Date;
}

export interface TransitionOutcome {
  state: ComplaintState;
  /** Fields of the complaint that the action changes, besides its state. */
  changes: Partial<Omit<ComplaintSnapshot, 'state'>> & { appointment?: Appointment | null };
  event: EventDraft;
}

/** Roles that speak for the tenant side; they never write internal text. */
const EXTERNAL_ROLES: readonly Role[] = ['tenant', 'partner'];
/**
 * Roles whose words the tenant never reads as such: a contractor writes to the landlord (internal notes and
 * texts); what the tenant is told goes through the landlord. The contractor's link page only offers
 * internal notes; this keeps the JSON API to the same rule.
 */
const INTERNAL_ONLY_ROLES: readonly Role[] = ['contractor'];
const MAX_TEXT = 5000;

export function applyAction(
  complaint: ComplaintSnapshot,
  command: TransitionCommand,
  actor: Actor,
  policy: LifecyclePolicy,
): Result<TransitionOutcome> {
  const rule: TransitionRule = TRANSITIONS[command.action];
  if (!rule.roles.includes(actor.role)) {
    return err(
      new DomainError(DomainErrorCode.NotAllowed, `A ${actor.role} may not ${command.action} a complaint`, {
        action: command.action,
        role: actor.role,
      }),
    );
  }
  if (!rule.from.includes(complaint.state)) {
    return err(invalidTransition(command.action, complaint.state));
  }
  const precondition = checkPreconditions(complaint, command, actor, policy);
  if (precondition) return err(precondition);

  const fields: FieldError[] = [];
  const texts = readTexts(command, actor, fields);
  const built = buildStep(complaint, command, actor, texts, fields, policy.now);
  if (fields.length > 0 || !built) return err(DomainError.invalidInput(fields));

  const toState = rule.to ?? complaint.state;
  return ok({
    state: toState,
    changes: built.changes,
    event: {
      action: command.action,
      fromState: complaint.state,
      toState,
      actor,
      payload: built.payload,
      texts,
      at: policy.now,
    },
  });
}

function invalidTransition(action: Action, state: ComplaintState, detail?: string): DomainError {
  return new DomainError(
    DomainErrorCode.InvalidTransition,
    detail ?? `Cannot ${action} a complaint that is ${state}`,
    { action, state },
  );
}

/** Roles that may record a visit on site (the end-of-works check without a contractor's report). */
const VISITING_ROLES: readonly Role[] = ['agent', 'supervisor'];

/**
 * The guards of the table beyond state and role, read from the complaint's facts: holds, the reopen window,
 * works that may be confirmed or contested only once reported done (or by staff recording a visit), and
 * works reported done that are neither booked nor reported again until contested (issue 18 M6).
 */
function checkPreconditions(
  complaint: ComplaintSnapshot,
  command: Pick<TransitionCommand, 'action' | 'visit'>,
  actor: Actor,
  policy: LifecyclePolicy,
): DomainError | null {
  const action = command.action;
  switch (action) {
    case 'check_works':
    case 'reject_works': {
      if (command.visit === true && !VISITING_ROLES.includes(actor.role)) {
        return DomainError.invalidInput([
          fieldError('visit', 'visitNotAllowed', `a ${actor.role} cannot record a visit`),
        ]);
      }
      if (complaint.worksReported || command.visit === true) return null;
      return new DomainError(
        DomainErrorCode.InvalidTransition,
        VISITING_ROLES.includes(actor.role)
          ? 'The contractor has not reported the works done: record a visit (visit: true) to check them'
          : 'The contractor has not reported the works done yet',
        { action, state: complaint.state, worksReported: false },
      );
    }
    case 'schedule':
    case 'report_done':
      // Reported works wait for the tenant's or the landlord's check: nothing to book or report again
      // until they are contested (reject_works clears the report) or the case is reassigned.
      return complaint.worksReported
        ? new DomainError(
            DomainErrorCode.InvalidTransition,
            'The works are reported done and wait for the check: nothing to book or report until they are contested',
            { action, state: complaint.state, worksReported: true },
          )
        : null;
    case 'hold':
      return complaint.holdReason
        ? invalidTransition(
            action,
            complaint.state,
            `The complaint is already on hold (${complaint.holdReason})`,
          )
        : null;
    case 'release':
      return complaint.holdReason
        ? null
        : invalidTransition(action, complaint.state, 'The complaint is not on hold');
    case 'reopen': {
      const limit = reopenableUntil(complaint, policy.reopenWindowDays);
      return limit && policy.now.getTime() > limit.getTime()
        ? new DomainError(
            DomainErrorCode.ReopenWindowExpired,
            `A complaint can be reopened within ${policy.reopenWindowDays} days of closing`,
            { reopenWindowDays: policy.reopenWindowDays },
          )
        : null;
    }
    default:
      return null;
  }
}

/**
 * The last instant a closed complaint may be reopened: closing time + the landlord's window (whole days of
 * 24 h, as the lifecycle checks it). Null when the complaint is not closed.
 */
export function reopenableUntil(
  complaint: Pick<ComplaintSnapshot, 'closedAt'>,
  reopenWindowDays: number,
): Date | null {
  if (!complaint.closedAt) return null;
  return new Date(complaint.closedAt.getTime() + reopenWindowDays * 86_400_000);
}

/**
 * The actions a role can take now on this complaint: the table's (state, role) entries whose guards hold.
 * Pages offer these and nothing else. check_works / reject_works before a report are offered to staff only,
 * as the record of a visit (`visit: true`); `visitOnly` lists them so the page can say so.
 */
export function offeredActions(
  complaint: ComplaintSnapshot,
  role: Role,
  policy: LifecyclePolicy,
): { actions: Action[]; visitOnly: Action[] } {
  const actor: Actor = { role, id: null };
  const actions: Action[] = [];
  const visitOnly: Action[] = [];
  for (const action of availableActions(complaint.state, role)) {
    if (!checkPreconditions(complaint, { action }, actor, policy)) {
      actions.push(action);
    } else if (!checkPreconditions(complaint, { action, visit: true }, actor, policy)) {
      actions.push(action);
      visitOnly.push(action);
    }
  }
  return { actions, visitOnly };
}

function readTexts(command: TransitionCommand, actor: Actor, fields: FieldError[]): EventTexts {
  const texts: EventTexts = {};
  const pub = optionalText(command.publicText, 'publicText', fields);
  const internal = optionalText(command.internalText, 'internalText', fields);
  if (pub) {
    if (INTERNAL_ONLY_ROLES.includes(actor.role)) {
      fields.push(
        fieldError('publicText', 'publicTextNotAllowed', `a ${actor.role} cannot write text the tenant sees`),
      );
    } else {
      texts.public = pub;
    }
  }
  if (internal) {
    if (EXTERNAL_ROLES.includes(actor.role)) {
      fields.push(
        fieldError('internalText', 'internalTextNotAllowed', `a ${actor.role} cannot write internal text`),
      );
    } else {
      texts.internal = internal;
    }
  }
  return texts;
}

interface Step {
  payload: JsonObject;
  changes: TransitionOutcome['changes'];
}

/** Per-action inputs: validates what the action needs and says what it records and changes. */
function buildStep(
  complaint: ComplaintSnapshot,
  command: TransitionCommand,
  actor: Actor,
  texts: EventTexts,
  fields: FieldError[],
  now: Date,
): Step | null {
  switch (command.action) {
    case 'acknowledge': {
      if (command.category === undefined) return { payload: { category: complaint.category }, changes: {} };
      if (!isOneOf(CATEGORIES, command.category)) {
        fields.push(
          fieldError('category', 'isIn', `must be one of ${CATEGORIES.join(', ')}`, { values: CATEGORIES }),
        );
        return null;
      }
      return {
        payload: { category: command.category, previousCategory: complaint.category },
        changes: { category: command.category },
      };
    }
    case 'assign': {
      const contractorId = requiredId(command.contractorId, 'contractorId', fields);
      const appointment = command.appointment ? validAppointment(command.appointment, fields, now) : null;
      if (!contractorId) return null;
      return {
        payload: { contractorId, appointment: appointmentJson(appointment) },
        changes: { contractorId, appointment, worksReported: false },
      };
    }
    case 'reassign': {
      const contractorId = requiredId(command.contractorId, 'contractorId', fields);
      const reason = requiredText(command.reason, 'reason', fields);
      if (contractorId && contractorId === complaint.contractorId) {
        fields.push(fieldError('contractorId', 'sameContractor', 'is already the assigned contractor'));
      }
      if (!contractorId || !reason) return null;
      texts.internal = joinText(reason, texts.internal);
      return {
        payload: { contractorId, previousContractorId: complaint.contractorId },
        changes: { contractorId, appointment: null, worksReported: false },
      };
    }
    case 'schedule': {
      if (!command.appointment) {
        fields.push(fieldError('appointment', 'required', 'is required'));
        return null;
      }
      const appointment = validAppointment(command.appointment, fields, now);
      if (!appointment) return null;
      return { payload: { appointment: appointmentJson(appointment) }, changes: { appointment } };
    }
    case 'report_done': {
      const note = optionalText(command.text, 'text', fields);
      if (note) texts.public = joinText(note, texts.public);
      return { payload: { contractorId: complaint.contractorId }, changes: { worksReported: true } };
    }
    case 'check_works':
      return { payload: { checkedBy: actor.role, ...visitOf(command) }, changes: {} };
    case 'reject_works': {
      const reason = requiredText(command.reason, 'reason', fields);
      if (!reason) return null;
      texts.public = joinText(reason, texts.public);
      // Rework: the contractor must report again before anyone confirms.
      return { payload: { rejectedBy: actor.role, ...visitOf(command) }, changes: { worksReported: false } };
    }
    case 'close': {
      const resolution = requiredText(command.resolution, 'resolution', fields);
      if (!resolution) return null;
      texts.public = joinText(resolution, texts.public);
      return { payload: { withWorks: true }, changes: { closedAt: now, holdReason: null } };
    }
    case 'close_without_works': {
      const explanation = requiredText(command.reason, 'reason', fields);
      if (!isOneOf(CLOSE_WITHOUT_WORKS_REASONS, command.closeReason)) {
        fields.push(
          fieldError('closeReason', 'isIn', `must be one of ${CLOSE_WITHOUT_WORKS_REASONS.join(', ')}`, {
            values: CLOSE_WITHOUT_WORKS_REASONS,
          }),
        );
        return null;
      }
      if (!explanation) return null;
      texts.public = joinText(explanation, texts.public);
      return {
        payload: { withWorks: false, closeReason: command.closeReason },
        changes: { closedAt: now, holdReason: null },
      };
    }
    case 'reopen': {
      const reason = requiredText(command.reason, 'reason', fields);
      if (!reason) return null;
      texts.public = joinText(reason, texts.public);
      return { payload: { reopenedBy: actor.role }, changes: { closedAt: null, worksReported: false } };
    }
    case 'escalate': {
      const reason = requiredText(command.reason, 'reason', fields);
      if (!reason) return null;
      texts.public = joinText(reason, texts.public);
      return { payload: { stage: 2, escalatedBy: actor.role }, changes: {} };
    }
    case 'acknowledge_review':
      return { payload: { stage: 2 }, changes: {} };
    case 'answer_review': {
      const answer = requiredText(command.text, 'text', fields);
      if (!answer) return null;
      texts.public = joinText(answer, texts.public);
      return { payload: { stage: 2 }, changes: {} };
    }
    case 'hold': {
      if (!isOneOf(HOLD_REASONS, command.holdReason)) {
        fields.push(
          fieldError('holdReason', 'isIn', `must be one of ${HOLD_REASONS.join(', ')}`, {
            values: HOLD_REASONS,
          }),
        );
        return null;
      }
      return { payload: { holdReason: command.holdReason }, changes: { holdReason: command.holdReason } };
    }
    case 'release':
      return { payload: { holdReason: complaint.holdReason }, changes: { holdReason: null } };
    case 'reclassify': {
      const changes: Step['changes'] = {};
      const payload: JsonObject = {};
      if (command.category !== undefined && command.category !== complaint.category) {
        if (!isOneOf(CATEGORIES, command.category)) {
          fields.push(
            fieldError('category', 'isIn', `must be one of ${CATEGORIES.join(', ')}`, { values: CATEGORIES }),
          );
          return null;
        }
        changes.category = command.category as Category;
        payload.category = command.category;
        payload.previousCategory = complaint.category;
      }
      if (command.flags !== undefined) {
        const known = URGENCY_FLAGS as readonly string[];
        if (!Array.isArray(command.flags) || command.flags.some((f) => !known.includes(f))) {
          fields.push(
            fieldError('flags', 'isIn', `must be among ${URGENCY_FLAGS.join(', ')}`, {
              values: URGENCY_FLAGS,
            }),
          );
          return null;
        }
        const flags = [...new Set(command.flags)].sort();
        const before = [...(complaint.flags ?? [])].sort();
        if (flags.join(',') !== before.join(',')) {
          changes.flags = flags;
          payload.flags = flags;
          payload.previousFlags = before;
        }
      }
      if (Object.keys(changes).length === 0) {
        fields.push(
          fieldError('category', 'unchanged', 'or flags must differ from what the complaint records'),
        );
        return null;
      }
      return { payload, changes };
    }
    case 'override_urgency': {
      const reason = requiredText(command.reason, 'reason', fields);
      if (typeof command.urgencyLevel !== 'string' || !/^[a-z][a-z0-9_]{0,62}$/.test(command.urgencyLevel)) {
        fields.push(fieldError('urgencyLevel', 'isIn', 'must be the id of an urgency level'));
        return null;
      }
      if (command.urgencyLevel === complaint.urgencyLevel) {
        fields.push(fieldError('urgencyLevel', 'sameLevel', 'is already the complaint’s level'));
        return null;
      }
      if (!reason) return null;
      texts.internal = joinText(reason, texts.internal);
      return {
        payload: {
          level: command.urgencyLevel,
          previousLevel: complaint.urgencyLevel ?? null,
          override: true,
        },
        changes: { urgencyLevel: command.urgencyLevel },
      };
    }
    case 'note': {
      const text = requiredText(command.text, 'text', fields);
      if (!isOneOf(NOTE_VISIBILITIES, command.visibility)) {
        fields.push(
          fieldError('visibility', 'isIn', `must be one of ${NOTE_VISIBILITIES.join(', ')}`, {
            values: NOTE_VISIBILITIES,
          }),
        );
        return null;
      }
      if (!text) return null;
      if (command.visibility === 'internal') {
        if (EXTERNAL_ROLES.includes(actor.role)) {
          fields.push(
            fieldError('visibility', 'visibilityNotAllowed', `a ${actor.role} can only write public notes`),
          );
          return null;
        }
        texts.internal = joinText(text, texts.internal);
      } else if (INTERNAL_ONLY_ROLES.includes(actor.role)) {
        fields.push(
          fieldError('visibility', 'visibilityNotAllowed', `a ${actor.role} can only write internal notes`),
        );
        return null;
      } else {
        texts.public = joinText(text, texts.public);
      }
      // A note written on a visit to the tenant's home is a visit finding (what was seen there): the mark is
      // in the hashed payload, so the finding is in the tamper-evident chain as such. It completes no stage
      // (only staff checking works on site does, see stageProgressAfter).
      return { payload: { visibility: command.visibility, ...visitOf(command) }, changes: {} };
    }
  }
}

/** The payload mark of a step recorded on a staff visit (the visit completes the intervention stage). */
function visitOf(command: TransitionCommand): JsonObject {
  return command.visit === true ? { visit: true } : {};
}

/** Free text trimmed; undefined when absent or when it shows nothing (only spaces or zero-width characters). */
function optionalText(value: string | undefined, field: string, fields: FieldError[]): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    fields.push(fieldError(field, 'isString', 'must be a string'));
    return undefined;
  }
  const trimmed = value.trim();
  if (trimmed.length > MAX_TEXT) {
    fields.push(fieldError(field, 'maxLength', `must be at most ${MAX_TEXT} characters`, { max: MAX_TEXT }));
    return undefined;
  }
  return visibleText(trimmed);
}

function requiredText(value: string | undefined, field: string, fields: FieldError[]): string | undefined {
  const text = optionalText(value, field, fields);
  if (!text && !fields.some((f) => f.field === field))
    fields.push(fieldError(field, 'required', 'is required'));
  return text;
}

function requiredId(value: string | undefined, field: string, fields: FieldError[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    fields.push(fieldError(field, 'required', 'is required'));
    return undefined;
  }
  return value;
}

/** The slot when it is a sane one at `now` (see APPOINTMENT_LIMITS); otherwise its problems are added. */
function validAppointment(
  value: { start: Date; end: Date },
  fields: FieldError[],
  now: Date,
): Appointment | null {
  const problems = appointmentProblems(value?.start, value?.end, now);
  if (problems.length) {
    fields.push(...problems);
    return null;
  }
  return { start: value.start, end: value.end };
}

function appointmentJson(a: Appointment | null): JsonObject | null {
  return a ? { start: a.start.toISOString(), end: a.end.toISOString() } : null;
}

function joinText(first: string, second: string | undefined): string {
  return second ? `${first}\n\n${second}` : first;
}

export interface IntakeInput {
  category: string;
  channel: string;
  landlordCode: string;
  agencyCode: string | null;
  residenceCode: string | null;
  /** The urgency decision taken at intake, committed to by the first event. */
  urgency?: { level: string; ruleIds: string[]; ruleSetVersion: number; flags: string[] };
}

/** The first event of every complaint: it is filed and starts as `received`. */
export function fileComplaint(input: IntakeInput, actor: Actor, now: Date): Result<EventDraft> {
  const fields: FieldError[] = [];
  if (!isOneOf(CATEGORIES, input.category)) {
    fields.push(
      fieldError('category', 'isIn', `must be one of ${CATEGORIES.join(', ')}`, { values: CATEGORIES }),
    );
  }
  if (!isOneOf(INTAKE_CHANNELS, input.channel)) {
    fields.push(
      fieldError('channel', 'isIn', `must be one of ${INTAKE_CHANNELS.join(', ')}`, {
        values: INTAKE_CHANNELS,
      }),
    );
  }
  if (!mayFile(actor.role)) {
    return err(
      new DomainError(DomainErrorCode.NotAllowed, `A ${actor.role} may not file a complaint`, {
        role: actor.role,
      }),
    );
  }
  if (fields.length > 0) return err(DomainError.invalidInput(fields));
  const channel = input.channel as IntakeChannel;
  return ok({
    action: 'file',
    fromState: null,
    toState: 'received',
    actor,
    payload: {
      landlord: input.landlordCode,
      agency: input.agencyCode,
      residence: input.residenceCode,
      category: input.category,
      channel,
      ...(input.urgency ? { urgency: input.urgency } : {}),
    },
    texts: {},
    at: now,
  });
}

/** Who may file: the tenant, front-desk staff, a partner on the tenant's behalf, and Suivi (SMS intake). */
export const INTAKE_ROLES: readonly Role[] = ['tenant', 'agent', 'supervisor', 'partner', 'system'];

/** Whether a role (a domain role or an account's role) may file a complaint: one of `INTAKE_ROLES`. */
export const mayFile = (role: string): boolean => (INTAKE_ROLES as readonly string[]).includes(role);

/**
 * What the sweep records for a stage coming due, missed, or a contractor chased: an event by `system` that
 * leaves the state as it is. `notify` says who is told: the assignee, the supervisor, or the contractor.
 */
export function deadlineEvent(
  kind: DeadlineEvent,
  state: ComplaintState,
  stage: string,
  dueAt: Date,
  now: Date,
): EventDraft {
  const notify =
    kind === 'deadline_missed' ? 'supervisor' : kind === 'contractor_chased' ? 'contractor' : 'assignee';
  return {
    action: kind,
    fromState: state,
    toState: state,
    actor: { role: 'system', id: null },
    payload: { stage, dueAt: dueAt.toISOString(), notify },
    texts: {},
    at: now,
  };
}

/**
 * What the on-call duty records (an alert, its escalation, its acknowledgement): an event by `system` that
 * leaves the state as it is, like the sweep's. `payload` names the alerts (ids, level, rank in the rota),
 * never a phone or an address: the history is kept for years, the rota is not.
 */
export function onCallEvent(
  kind: OnCallEvent,
  state: ComplaintState,
  payload: JsonObject,
  now: Date,
): EventDraft {
  return {
    action: kind,
    fromState: state,
    toState: state,
    actor: { role: 'system', id: null },
    payload,
    texts: {},
    at: now,
  };
}

/** The urgency decision an event commits to: taken at intake, or again when a reclassification changes it. */
export interface EventUrgency {
  level: string;
  ruleIds: string[];
  ruleSetVersion: number;
  flags: string[];
}

/**
 * The event of a transition that also re-decided the complaint's urgency (a reclassification evaluated on
 * the current rules): a copy whose payload commits to the new decision. The decision is taken outside the
 * domain (it reads the landlord's published rules), so `applyAction` cannot know it; the caller hands it
 * back here instead of editing the event it was given. The original draft is left untouched.
 */
export function withUrgencyDecision(event: EventDraft, urgency: EventUrgency): EventDraft {
  return {
    ...event,
    payload: {
      ...event.payload,
      urgency: {
        level: urgency.level,
        ruleIds: [...urgency.ruleIds],
        ruleSetVersion: urgency.ruleSetVersion,
        flags: [...urgency.flags],
      },
    },
  };
}
