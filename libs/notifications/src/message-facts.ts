import { nextStepAfter, reopenableUntil } from '@suivi/domain';
import type { ComplaintState } from '@suivi/domain';

/**
 * The complaint as an event left it, read in the transaction that wrote the event (see
 * ComplaintFacts). Dates are ISO strings.
 */
export interface EventSnapshot {
  /** The canonical reference (no dashes). */
  reference: string;
  /** The state the event left the complaint in. */
  state: ComplaintState;
  landlordName: string;
  /** The landlord's IANA time zone. */
  timeZone: string;
  /**
   * The complaint's next deadline (ISO) as the transition stored it (`nextDeadline`, the domain's one
   * definition, also what the pages and the sweep read), or null.
   */
  nextDueAt: string | null;
  appointment: { start: string; end: string } | null;
  /** The event's payload: the sweep's `stage` and `dueAt`. */
  payload: { stage?: string; dueAt?: string } | null;
  /** The complaint's event actions up to this one, oldest first. */
  actions: string[];
  /** The complaint's live work order, if any (the contractor's link). */
  workOrderId: string | null;
  /** Why the complaint is on hold (the page's next step reads it too), null when it is not. */
  holdReason?: string | null;
  /** When the complaint was closed (ISO), null while open; absent on snapshots read before it was. */
  closedAt?: string | null;
  /** The landlord's reopen window in days. */
  reopenWindowDays?: number;
}

/**
 * What a message tells, fixed when its outbox row is written and stored with it (`notifications.facts`):
 * the message tells the moment of its event, not a later one, and the delivery reads its own row only.
 * Dates are ISO strings.
 */
export interface MessageFacts {
  reference: string;
  state: ComplaintState;
  landlordName: string;
  timeZone: string;
  /** The next step as the tenant is told it (nextStepAfter's `step`), or null. */
  nextStep: string | null;
  /** The date the message gives for it: the sweep's deadline, or the next stage deadline; null for none. */
  dueBy: string | null;
  appointment: { start: string; end: string } | null;
  /** The stage a sweep message is about. */
  stage: string | null;
  workOrderId: string | null;
  /**
   * A closed complaint: the last instant the tenant may reopen it (ISO; the domain's reopenableUntil with the
   * landlord's window, what the tracking page gives). Null while open; absent on rows written before it was.
   */
  reopenableUntil?: string | null;
}

/** The messages the deadline sweep writes: their date is the deadline in the event, not the next one. */
function isSweepTemplate(template: string): boolean {
  return template.startsWith('deadline_') || template === 'contractor_chased';
}

/** The facts a message of `template` tells about the moment in `snapshot`. Pure. */
export function messageFactsFor(snapshot: EventSnapshot, template: string): MessageFacts {
  // The tracking page's own function, with the same inputs: state, hold, the events so far.
  const step = nextStepAfter(snapshot.state, snapshot.holdReason ?? null, snapshot.actions ?? []);
  const dueBy = isSweepTemplate(template)
    ? snapshot.payload?.dueAt
    : snapshot.state === 'closed'
      ? null
      : snapshot.nextDueAt;
  const closedAt = snapshot.closedAt ? new Date(snapshot.closedAt) : null;
  const until =
    snapshot.state === 'closed' && snapshot.reopenWindowDays !== undefined
      ? reopenableUntil({ closedAt }, snapshot.reopenWindowDays)
      : null;
  return {
    reference: snapshot.reference,
    state: snapshot.state,
    landlordName: snapshot.landlordName,
    timeZone: snapshot.timeZone,
    nextStep: step?.step ?? null,
    dueBy: dueBy ?? null,
    appointment: snapshot.appointment,
    stage: snapshot.payload?.stage ?? null,
    workOrderId: snapshot.workOrderId,
    reopenableUntil: until ? until.toISOString() : null,
  };
}
