import { checkpointSignerOf } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { eventLeaf, ratingLeaf } from '@suivi/domain';
import type { NoteSigner } from '@suivi/domain';
import type { CheckpointRow, LogEntryRow, PendingLeafRow } from './audit.repository';

/**
 * The transparency log's shapes (issue 17): the leaf bytes of a log row, an export line, a checkpoint as
 * the API answers it, and the deployment's signer. Pure.
 */

/** A stored checkpoint as the API answers it. */
export interface CheckpointView {
  size: number;
  /** The root hash, hex. */
  rootHash: string;
  signedAt: string;
  /** The signed note (C2SP tlog-checkpoint), exactly as signed. */
  note: string;
}

/** The outcome of a checkpoint request. */
export interface CheckpointResult {
  checkpoint: CheckpointView;
  /** False when the log had not grown since the latest checkpoint, which is answered instead. */
  created: boolean;
  /** How many federation auditors it was e-mailed to by this call (those not reached before). */
  mailedTo: number;
}

/** The leaf bytes of a pending or logged row (the landlord's code given), per leaves.ts. */
export function leafOfRow(landlordCode: string, row: Omit<PendingLeafRow, 'complaint_id'>): Buffer {
  const at = row.at.toISOString();
  if (row.kind === 'rating') {
    return ratingLeaf({ landlordCode, complaintPublicId: row.public_id, rating: Number(row.rating), at });
  }
  return eventLeaf({
    landlordCode,
    complaintPublicId: row.public_id,
    seq: Number(row.seq),
    action: String(row.action),
    fromState: row.from_state,
    toState: String(row.to_state),
    actorRole: String(row.actor_role),
    at,
    chainHash: String(row.hash),
  });
}

/** One export line of a log entry (format suivi-events/2): the public facts that rebuild its leaf. */
export function exportLine(row: LogEntryRow): string {
  const at = row.at.toISOString();
  if (row.kind === 'rating') {
    return JSON.stringify({ type: 'rating', complaint: row.public_id, rating: Number(row.rating), at });
  }
  return JSON.stringify({
    type: 'event',
    complaint: row.public_id,
    seq: row.seq,
    at,
    actorRole: row.actor_role,
    action: row.action,
    fromState: row.from_state,
    toState: row.to_state,
    prevHash: row.prev_hash,
    hash: row.hash,
  });
}

export const viewOf = (row: CheckpointRow): CheckpointView => ({
  size: Number(row.tree_size),
  rootHash: row.root_hash.toString('hex'),
  signedAt: row.signed_at.toISOString(),
  note: row.note,
});

/** The deployment's checkpoint signer from the validated configuration. */
export function checkpointSigner(config: AppConfig): NoteSigner {
  return checkpointSignerOf(config.transparency.signingKey, config.transparency.host);
}
