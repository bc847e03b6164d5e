import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** An event or rating not yet in its landlord's log, with the public facts its leaf commits to. */
export interface PendingLeafRow {
  kind: 'event' | 'rating';
  complaint_id: string;
  public_id: string;
  /** The event's seq; null for a rating. */
  seq: number | null;
  /** The event's time, or when the rating was given. */
  at: Date;
  action: string | null;
  from_state: string | null;
  to_state: string | null;
  actor_role: string | null;
  hash: string | null;
  rating: number | null;
}

/** One leaf of the log as the export writes it: its position and the public facts to rebuild it. */
export interface LogEntryRow extends Omit<PendingLeafRow, 'complaint_id'> {
  leaf_index: string;
  prev_hash: string | null;
}

/** A stored checkpoint. */
export interface CheckpointRow {
  id: string;
  tree_size: string;
  root_hash: Buffer;
  signed_at: Date;
  note: string;
}

/** Sequencer batches: bounded so one transaction never holds a landlord's whole backlog in memory. */
const BATCH = 20_000;
/** Leaf hashes read per row by leafHashes. */
const LEAF_CHUNK = 100_000;

/**
 * The transparency log's tables (issue 17): transparency_leaves (each landlord's append-only Merkle log,
 * one leaf hash per event and rating), transparency_checkpoints (its signed tree heads), both append-only in
 * the database itself, and transparency_checkpoint_mails (which auditor each checkpoint was e-mailed to). Reads complaint_events and complaints (public facts only) to find
 * what is not yet in a log and to rebuild the leaves for the export.
 */
@Injectable()
export class TransparencyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every landlord, by code. */
  landlords(): Promise<{ id: string; code: string }[]> {
    return this.db.query(`SELECT id, code FROM landlords ORDER BY code`);
  }

  /**
   * Appends to the landlord's log the leaves of events and ratings not yet in it, in a deterministic
   * order: events by insertion id (so a complaint's events stay in seq order), then ratings by time and
   * complaint. One batch per transaction, under a transaction-level advisory lock on the landlord's log, so
   * two sequencers never give two leaves one index, and transitions never wait for it. `leafHashOf` hashes
   * a pending row's leaf (pure). Answers how many leaves were appended and the log's size after.
   */
  async appendPending(
    landlordId: string,
    leafHashOf: (row: PendingLeafRow) => Buffer,
  ): Promise<{ appended: number; size: number }> {
    let appended = 0;
    for (;;) {
      const { count, size } = await this.db.transaction(async (em) => {
        await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('transparency:' || $1, 17))`, [
          landlordId,
        ]);
        const [{ next }]: { next: string }[] = await em.query(
          `SELECT coalesce(max(leaf_index) + 1, 0)::text AS next FROM transparency_leaves WHERE landlord_id = $1`,
          [landlordId],
        );
        const rows: PendingLeafRow[] = await em.query(
          `(SELECT 'event' AS kind, e.complaint_id, c.public_id, e.seq, e.at, e.action, e.from_state, e.to_state,
                   e.actor_role, e.hash, NULL::int AS rating, 0 AS part, e.id AS ord, NULL::timestamptz AS rated
              FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id
             WHERE c.landlord_id = $1
               AND NOT EXISTS (SELECT 1 FROM transparency_leaves t
                                WHERE t.kind = 'event' AND t.complaint_id = e.complaint_id AND t.seq = e.seq)
             ORDER BY e.id LIMIT $2)
           UNION ALL
           (SELECT 'rating', c.id, c.public_id, NULL, c.rated_at, NULL, NULL, NULL, NULL, NULL, c.rating::int,
                   1, NULL, c.rated_at
              FROM complaints c
             WHERE c.landlord_id = $1 AND c.rating IS NOT NULL AND c.rated_at IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM transparency_leaves t WHERE t.kind = 'rating' AND t.complaint_id = c.id)
             ORDER BY c.rated_at, c.id LIMIT $2)
           ORDER BY part, ord, rated, complaint_id
           LIMIT $2`,
          [landlordId, BATCH],
        );
        const first = Number(next);
        if (rows.length === 0) return { count: 0, size: first };
        await em.query(
          `INSERT INTO transparency_leaves (landlord_id, leaf_index, leaf_hash, kind, complaint_id, seq)
           SELECT $1, $2::bigint + r.n - 1, r.hash, r.kind, r.complaint_id, r.seq
             FROM unnest($3::bytea[], $4::text[], $5::uuid[], $6::int[]) WITH ORDINALITY AS r(hash, kind, complaint_id, seq, n)`,
          [
            landlordId,
            first,
            rows.map(leafHashOf),
            rows.map((r) => r.kind),
            rows.map((r) => r.complaint_id),
            rows.map((r) => r.seq),
          ],
        );
        return { count: rows.length, size: first + rows.length };
      });
      appended += count;
      if (count < BATCH) return { appended, size };
    }
  }

  /**
   * The leaf hashes of the landlord's log from index `from` up to `size` (excluded; the end without it), in
   * order. Read as
   * concatenated bytes, a chunk of leaves per row: a million leaves are 32 MB in 10 rows, not a million
   * row objects.
   */
  async leafHashes(landlordId: string, size?: number, from = 0): Promise<Buffer[]> {
    const rows: { hashes: Buffer | null }[] = await this.db.query(
      `SELECT string_agg(leaf_hash, ''::bytea ORDER BY leaf_index) AS hashes
         FROM transparency_leaves
        WHERE landlord_id = $1 AND ($2::bigint IS NULL OR leaf_index < $2::bigint) AND leaf_index >= $3
        GROUP BY leaf_index / ${LEAF_CHUNK}
        ORDER BY leaf_index / ${LEAF_CHUNK}`,
      [landlordId, size ?? null, from],
    );
    const hashes: Buffer[] = [];
    for (const { hashes: chunk } of rows) {
      if (!chunk) continue;
      for (let at = 0; at < chunk.length; at += 32) hashes.push(chunk.subarray(at, at + 32));
    }
    return hashes;
  }

  /** The log's leaves from index `after` + 1, at most `limit`, with the public facts that rebuild them. */
  entriesAfter(landlordId: string, after: number, limit: number): Promise<LogEntryRow[]> {
    return this.db.query(
      `SELECT t.leaf_index::text AS leaf_index, t.kind, c.public_id, t.seq,
              CASE WHEN t.kind = 'event' THEN e.at ELSE c.rated_at END AS at,
              e.action, e.from_state, e.to_state, e.actor_role, e.prev_hash, e.hash, c.rating::int AS rating
         FROM transparency_leaves t
         JOIN complaints c ON c.id = t.complaint_id
         LEFT JOIN complaint_events e ON t.kind = 'event' AND e.complaint_id = t.complaint_id AND e.seq = t.seq
        WHERE t.landlord_id = $1 AND t.leaf_index > $2
        ORDER BY t.leaf_index
        LIMIT $3`,
      [landlordId, after, limit],
    );
  }

  /** The leaves of one complaint (by public id) in the landlord's log, in order. */
  complaintLeaves(
    landlordId: string,
    publicId: string,
  ): Promise<{ leaf_index: string; kind: 'event' | 'rating'; seq: number | null }[]> {
    return this.db.query(
      `SELECT t.leaf_index::text AS leaf_index, t.kind, t.seq
         FROM transparency_leaves t JOIN complaints c ON c.id = t.complaint_id
        WHERE t.landlord_id = $1 AND c.public_id = $2
        ORDER BY t.leaf_index`,
      [landlordId, publicId],
    );
  }

  /** Records a signed checkpoint; answers its id. */
  async insertCheckpoint(
    landlordId: string,
    checkpoint: { size: number; rootHash: Buffer; signedAt: Date; note: string },
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await this.db.query(
      `INSERT INTO transparency_checkpoints (landlord_id, tree_size, root_hash, signed_at, note)
       VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [landlordId, checkpoint.size, checkpoint.rootHash, checkpoint.signedAt, checkpoint.note],
    );
    return id;
  }

  /** The addresses a checkpoint was already e-mailed to. */
  async mailedAddresses(checkpointId: string): Promise<Set<string>> {
    const rows: { address: string }[] = await this.db.query(
      `SELECT address FROM transparency_checkpoint_mails WHERE checkpoint_id = $1`,
      [checkpointId],
    );
    return new Set(rows.map((r) => r.address));
  }

  /** Records that a checkpoint was handed to the mail provider for `address` (once). */
  async recordMail(checkpointId: string, address: string): Promise<void> {
    await this.db.query(
      `INSERT INTO transparency_checkpoint_mails (checkpoint_id, address) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [checkpointId, address],
    );
  }

  /** The landlord's checkpoints, newest first, at most `limit`. */
  checkpoints(landlordId: string, limit: number): Promise<CheckpointRow[]> {
    return this.db.query(
      `SELECT id::text AS id, tree_size::text AS tree_size, root_hash, signed_at, note
         FROM transparency_checkpoints WHERE landlord_id = $1
        ORDER BY tree_size DESC, id DESC LIMIT $2`,
      [landlordId, limit],
    );
  }
}
