import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Metrics } from '@suivi/observability';
import {
  DomainError,
  DomainErrorCode,
  auditRollupAfter,
  applyAction,
  deriveToken,
  fieldError,
  formatReference,
  hashToken,
  nextDeadline,
  stageProgressOfRollup,
  withUrgencyDecision,
} from '@suivi/domain';
import type {
  Actor,
  ComplaintState,
  EventAction,
  EventDraft,
  TransitionCommand,
  TransitionOutcome,
} from '@suivi/domain';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { NotificationOutbox } from '@suivi/notifications';
import { ComplaintRecordRepository } from '../complaint-record.repository';
import type {
  ComplaintRecordSession,
  ComplaintRecordStore,
  LockedComplaint,
} from '../complaint-record.repository';
import { EventStore } from '../event-store';
import { OnCallDuty } from '../on-call-duty.service';
import { UrgencyService } from '../urgency.service';
import type { RecordedUrgency } from '../urgency.service';
import type { ComplaintScope } from '../scope';

export interface ComplaintStatus {
  reference: string;
  status: ComplaintState;
  version: number;
}

export interface TransitionResult extends ComplaintStatus {
  /** A new contractor link, when the action assigned a contractor. Stored only as a hash. */
  workOrderToken?: string;
  event: { seq: number; action: string; fromState: string | null; toState: string; at: string; hash: string };
}

/** Unknown and malformed references answer alike: 404. */
export function complaintNotFound(reference: string): DomainError {
  return new DomainError(DomainErrorCode.NotFound, 'No complaint with this reference', {
    reference: reference.slice(0, 40),
  });
}

/**
 * Moves a complaint on: inside one transaction that locks its row, checks the expected version, asks the
 * domain's `applyAction` for the step, re-decides the urgency when the step changes it, and appends the
 * next hash-chained event with the row's new facts (state, rollup, next deadline, …), the work-order link
 * of an assignment and the step's notifications. Errors: 404 unknown (or outside the scope), 409 stale
 * version or invalid transition, 403 not allowed, 400 invalid input.
 */
@Injectable()
export class TransitionComplaint {
  constructor(
    @Inject(ComplaintRecordRepository) private readonly records: ComplaintRecordStore,
    @Inject(UrgencyService)
    private readonly urgency: Pick<UrgencyService, 'calendarFor' | 'decide' | 'version' | 'overridden'>,
    @Inject(EventStore) private readonly events: Pick<EventStore, 'prepare'>,
    @Inject(NotificationOutbox) private readonly outbox: Pick<NotificationOutbox, 'record'>,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'linkSecret'>,
    @Optional() @Inject(Metrics) private readonly metrics?: Pick<Metrics, 'transitions'>,
    @Optional() @Inject(OnCallDuty) private readonly onCall?: Pick<OnCallDuty, 'afterDecision'>,
  ) {}

  /**
   * `reference` is the bare (parsed) reference; `expectedVersion` undefined skips the version check. `now`
   * is the step's time (the event's `at`): the present for live callers; the demo seed walks past histories
   * with it, in order (an earlier time than the last event's is the caller's mistake).
   */
  execute(
    reference: string,
    command: TransitionCommand,
    expectedVersion: number | undefined,
    actor: Actor,
    scope: ComplaintScope,
    now: Date = new Date(),
  ): Promise<TransitionResult> {
    return this.records.withinTransaction(async (session) => {
      const row = await session.lockForTransition(reference, scope);
      if (!row) throw complaintNotFound(reference);
      const current = { status: row.status, version: row.version };
      if (expectedVersion !== undefined && expectedVersion !== row.version) {
        throw new DomainError(
          DomainErrorCode.StaleVersion,
          `The complaint is at version ${row.version}, not ${expectedVersion}`,
          { current },
        );
      }
      const result = applyAction(
        {
          state: row.status,
          category: row.category,
          holdReason: row.holdReason,
          contractorId: row.contractorId,
          closedAt: row.closedAt,
          urgencyLevel: row.urgencyLevel,
          flags: row.flags,
          worksReported: row.worksReported,
        },
        command,
        actor,
        { now, reopenWindowDays: row.reopenWindowDays },
      );
      if (!result.ok) {
        result.error.details.current = current;
        throw result.error;
      }
      const { state, changes } = result.value;
      if (
        changes.contractorId &&
        !(await session.isActiveContractor(row.landlord.id, changes.contractorId))
      ) {
        throw DomainError.invalidInput([
          fieldError('contractorId', 'unknownContractor', 'no active contractor of this landlord'),
        ]);
      }
      const urgency = await this.urgencyAfter(row, changes, result.value.event, actor, session.manager);
      // A re-decided urgency is committed to by the event: the domain builds that event, not this use case.
      const draft = urgency?.reevaluated
        ? withUrgencyDecision(result.value.event, urgency.reevaluated)
        : result.value.event;

      const seq = row.version + 1;
      const prepared = this.events.prepare(row.id, seq, row.headHash, draft);
      const event = prepared.event;
      const calendar = this.urgency.calendarFor(row.landlord);
      const rolled = auditRollupAfter(row.rollup, draft, (from, to) => calendar.workingDaysBetween(from, to));
      // The next deadline from the stages done after this event: the domain's one definition.
      const due = nextDeadline(urgency?.decision ?? row.urgency, state, stageProgressOfRollup(rolled));
      await session.append(prepared, {
        status: state,
        version: seq,
        headHash: event.hash,
        updatedAt: draft.at,
        rollup: { before: row.rollup, after: rolled },
        category: changes.category,
        flags: changes.flags,
        holdReason: changes.holdReason,
        contractorId: changes.contractorId,
        worksReported: changes.worksReported,
        closedAt: changes.closedAt,
        urgency: urgency?.decision,
        nextDue: due ?? null,
        appointment: changes.appointment,
      });
      const workOrderToken = await this.updateWorkOrders(session, row.id, changes.contractorId, state);
      this.metrics?.transitions.inc({ action: event.action });
      await this.outbox.record(session.manager, {
        complaintId: row.id,
        seq,
        action: event.action as EventAction,
        actorRole: actor.role,
        payload: event.payload,
        at: draft.at,
      });
      // A re-decision that makes the complaint an emergency outside office hours wakes the person on call.
      const head = urgency
        ? await this.onCall?.afterDecision(session, {
            complaintId: row.id,
            landlord: row.landlord,
            state,
            seq,
            headHash: event.hash,
            rank: urgency.decision.rank,
            previousRank: row.urgency?.rank ?? null,
            at: draft.at,
          })
        : undefined;
      return {
        reference: formatReference(reference),
        status: state,
        version: head?.version ?? seq,
        ...(workOrderToken ? { workOrderToken } : {}),
        event: {
          seq,
          action: event.action,
          fromState: event.fromState,
          toState: event.toState,
          at: event.at,
          hash: event.hash,
        },
      };
    });
  }

  /**
   * The urgency after an action: an override sets a level of the complaint's own rule-set version; a change
   * of category or flags is evaluated again on the current rules (deadlines still counted from filing), and
   * the event must commit to that new decision (`reevaluated`). Null when the urgency does not change.
   */
  private async urgencyAfter(
    row: LockedComplaint,
    changes: TransitionOutcome['changes'],
    draft: EventDraft,
    actor: Actor,
    em: Pick<EntityManager, 'query'>,
  ): Promise<{
    decision: RecordedUrgency;
    reevaluated?: { level: string; ruleIds: string[]; ruleSetVersion: number; flags: string[] };
  } | null> {
    const landlord = row.landlord;
    if (changes.urgencyLevel && row.urgency) {
      // On the transition's own transaction: no second pool connection while holding one.
      const ruleSet = await this.urgency.version(landlord, row.urgency.ruleSetVersion, em);
      if (!ruleSet.ruleSet.levels.some((level) => level.id === changes.urgencyLevel)) {
        throw DomainError.invalidInput([
          fieldError(
            'urgencyLevel',
            'isIn',
            `is not a level of rule set version ${ruleSet.version}: ${ruleSet.ruleSet.levels.map((l) => l.id).join(', ')}`,
            { values: ruleSet.ruleSet.levels.map((l) => l.id) },
          ),
        ]);
      }
      const decision = this.urgency.overridden(
        landlord,
        row.urgency,
        ruleSet,
        changes.urgencyLevel,
        row.createdAt,
        { role: actor.role, at: draft.at },
      );
      return { decision };
    }
    if (changes.urgencyLevel) {
      throw DomainError.invalidInput([
        fieldError('urgencyLevel', 'noUrgencyDecision', 'this complaint has no urgency decision'),
      ]);
    }
    const category = changes.category ?? row.category;
    const flags = changes.flags ? [...changes.flags] : row.flags;
    if (category !== row.category || flags !== row.flags) {
      const decision = await this.urgency.decide(
        landlord,
        { category, flags, description: row.description },
        row.createdAt,
        undefined,
        em,
      );
      return {
        decision,
        reevaluated: {
          level: decision.level,
          ruleIds: decision.ruleIds,
          ruleSetVersion: decision.ruleSetVersion,
          flags,
        },
      };
    }
    return null;
  }

  /**
   * A contractor's link lives as long as its assignment: assigning creates one and kills the previous,
   * closing kills it.
   */
  private async updateWorkOrders(
    session: ComplaintRecordSession,
    complaintId: string,
    newContractorId: string | null | undefined,
    state: ComplaintState,
  ): Promise<string | undefined> {
    if (!newContractorId && state !== 'closed') return undefined;
    await session.revokeWorkOrders(complaintId);
    if (!newContractorId) return undefined;
    const id = randomUUID();
    const token = deriveToken(this.config.linkSecret, 'work-order', id);
    await session.insertWorkOrder({
      id,
      complaintId,
      contractorId: newContractorId,
      tokenHash: hashToken(token),
    });
    return token;
  }
}
