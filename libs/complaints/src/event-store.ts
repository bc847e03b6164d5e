import { Injectable } from '@nestjs/common';
import { chainEvent, newTextSalt, textDigest } from '@suivi/domain';
import type { ChainedEvent, EventDraft } from '@suivi/domain';

/** An event hashed and ready to insert, with its texts and their salts. */
export interface PreparedEvent {
  event: ChainedEvent;
  at: Date;
  texts: { visibility: 'public' | 'internal'; body: string; salt: string }[];
}

export interface StoredEvent extends ChainedEvent {
  texts: { public?: string; internal?: string };
}

/** A complaint_events row as PostgreSQL returns it. */
export interface EventRow {
  complaint_id: string;
  seq: number;
  at: Date;
  actor_role: string;
  actor_id: string | null;
  action: string;
  from_state: string | null;
  to_state: string;
  payload: ChainedEvent['payload'];
  text_digests: ChainedEvent['textDigests'];
  prev_hash: string;
  hash: string;
}

/** The chained event a row holds: the fields its hash covers, and the links of its chain. */
export function chainedEventOf(r: EventRow): ChainedEvent {
  return {
    complaintId: r.complaint_id,
    seq: r.seq,
    at: r.at.toISOString(),
    actorRole: r.actor_role,
    actorId: r.actor_id,
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    payload: r.payload,
    textDigests: r.text_digests,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * Prepares hash-chained events: hashes them and salts their texts, without I/O. ComplaintRecordRepository
 * writes them (the only writer of complaint_events) and reads them back.
 */
@Injectable()
export class EventStore {
  /** Hashes an event and salts its texts, without writing anything. */
  prepare(complaintId: string, seq: number, prevHash: string, draft: EventDraft): PreparedEvent {
    const salts = { public: newTextSalt(), internal: newTextSalt() };
    const event = chainEvent(prevHash, {
      complaintId,
      seq,
      at: draft.at.toISOString(),
      actorRole: draft.actor.role,
      actorId: draft.actor.id,
      action: draft.action,
      fromState: draft.fromState,
      toState: draft.toState,
      payload: draft.payload,
      textDigests: {
        public: draft.texts.public ? textDigest(salts.public, draft.texts.public) : null,
        internal: draft.texts.internal ? textDigest(salts.internal, draft.texts.internal) : null,
      },
    });
    const texts = (['public', 'internal'] as const)
      .filter((v) => draft.texts[v])
      .map((v) => ({ visibility: v, body: draft.texts[v] as string, salt: salts[v] }));
    return { event, at: draft.at, texts };
  }
}
