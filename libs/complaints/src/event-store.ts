import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
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
 * Appends hash-chained events and reads them back. The only writer of complaint_events; its caller holds
 * the complaint row lock, so `seq` is the complaint's version + 1 and never has a gap.
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

  /**
   * Writes a prepared event and its texts. With `complaint`, the same statement also updates the
   * complaint row (status, version, head hash, …): a transition costs one write round trip.
   */
  async write(
    em: EntityManager,
    { event, at, texts }: PreparedEvent,
    complaint?: { id: string; columns: Record<string, unknown> },
  ): Promise<void> {
    const params: unknown[] = [
      event.complaintId,
      event.seq,
      at,
      event.actorRole,
      event.actorId,
      event.action,
      event.fromState,
      event.toState,
      JSON.stringify(event.payload),
      JSON.stringify(event.textDigests),
      event.prevHash,
      event.hash,
      JSON.stringify(texts),
    ];
    let update = '';
    if (complaint) {
      const sets = Object.entries(complaint.columns).map(([column, value]) => {
        params.push(value);
        return `${column} = $${params.length}`;
      });
      update = `u AS (UPDATE complaints SET ${sets.join(', ')} WHERE id = $1 RETURNING id),`;
    }
    await em.query(
      `WITH ${update} e AS (
         INSERT INTO complaint_events
           (complaint_id, seq, at, actor_role, actor_id, action, from_state, to_state, payload, text_digests, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id
       )
       INSERT INTO complaint_event_texts (event_id, visibility, body, salt)
       SELECT e.id, t.visibility, t.body, t.salt FROM e, jsonb_to_recordset($13::jsonb) AS t(visibility text, body text, salt text)`,
      params,
    );
  }

  async list(em: EntityManager, complaintId: string): Promise<StoredEvent[]> {
    const rows: (EventRow & { public_text: string | null; internal_text: string | null })[] = await em.query(
      `SELECT e.complaint_id, e.seq, e.at, e.actor_role, e.actor_id, e.action, e.from_state, e.to_state,
              e.payload, e.text_digests, e.prev_hash, e.hash,
              tp.body AS public_text, ti.body AS internal_text
         FROM complaint_events e
         LEFT JOIN complaint_event_texts tp ON tp.event_id = e.id AND tp.visibility = 'public'
         LEFT JOIN complaint_event_texts ti ON ti.event_id = e.id AND ti.visibility = 'internal'
        WHERE e.complaint_id = $1
        ORDER BY e.seq`,
      [complaintId],
    );
    return rows.map((r) => ({
      ...chainedEventOf(r),
      texts: {
        ...(r.public_text !== null ? { public: r.public_text } : {}),
        ...(r.internal_text !== null ? { internal: r.internal_text } : {}),
      },
    }));
  }

  /** Salts and bodies, to check that stored texts still match the digests their events committed to. */
  async texts(
    em: EntityManager,
    complaintId: string,
  ): Promise<{ seq: number; visibility: 'public' | 'internal'; body: string; salt: string }[]> {
    return em.query(
      `SELECT e.seq, t.visibility, t.body, t.salt
         FROM complaint_event_texts t JOIN complaint_events e ON e.id = t.event_id
        WHERE e.complaint_id = $1 ORDER BY e.seq, t.visibility`,
      [complaintId],
    );
  }
}
