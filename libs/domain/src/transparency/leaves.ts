import { canonicalJson } from '../chain/canonical-json';

/**
 * The bytes of the leaves of a landlord's transparency log. A leaf holds public facts only — what a
 * federation may count and publish — so a tenant's erasure or the retention sweep never has to touch the
 * tree: names, contact details, free text and internal ids stay out. Free text and payloads are covered
 * indirectly, through the event's chain hash (which commits to the salted text digests and the payload),
 * and the leaf names the complaint by its random public id, never by the internal complaint UUID.
 *
 * Each leaf is canonical JSON (RFC 8785 style, see canonicalJson) with a `kind` and a format version `v`,
 * so an event leaf can never be read as a rating leaf and a later format can coexist with this one.
 */

/** The format version written in every leaf. */
export const TRANSPARENCY_LEAF_VERSION = 1;

/** The public facts of one complaint event that its leaf commits to. */
export interface EventLeafFacts {
  /** The landlord's code (the log's owner), e.g. "HLM-NORD". */
  landlordCode: string;
  /** The complaint's random public id (uuid), as in the public feeds — not the internal complaint id. */
  complaintPublicId: string;
  /** The event's sequence number within its complaint, from 1. */
  seq: number;
  action: string;
  fromState: string | null;
  toState: string;
  actorRole: string;
  /** The event's time, ISO 8601 UTC as stored (Date.toISOString()). */
  at: string;
  /** The event's hash-chain hash (64 hex digits), which commits to its payload and text digests. */
  chainHash: string;
}

/** The public facts of one satisfaction rating. */
export interface RatingLeafFacts {
  landlordCode: string;
  complaintPublicId: string;
  /** The tenant's rating, an integer from 1 to 5. */
  rating: number;
  /** When the rating was given, ISO 8601 UTC. */
  at: string;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const HEX64 = /^[0-9a-f]{64}$/;

function requireText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new TypeError(`${field} must be a non-empty string`);
  return value;
}

function requireTime(field: string, value: unknown): string {
  const text = requireText(field, value);
  if (!ISO_UTC.test(text) || Number.isNaN(Date.parse(text))) {
    throw new TypeError(`${field} must be an ISO 8601 UTC time (…Z), got ${JSON.stringify(text)}`);
  }
  return text;
}

/**
 * The canonical UTF-8 bytes of one event's leaf: canonical JSON of
 * `{v, kind: "event", landlord, complaint, seq, action, from, to, actorRole, at, chainHash}`.
 * Throws a TypeError when a field is missing or malformed (seq not a positive integer, a time that is not
 * ISO 8601 UTC, a chain hash that is not 64 lower-case hex digits).
 */
export function eventLeaf(facts: EventLeafFacts): Buffer {
  if (!Number.isSafeInteger(facts.seq) || facts.seq < 1) {
    throw new TypeError(`seq must be a positive integer, got ${facts.seq}`);
  }
  if (typeof facts.chainHash !== 'string' || !HEX64.test(facts.chainHash)) {
    throw new TypeError('chainHash must be 64 lower-case hexadecimal digits');
  }
  if (facts.fromState !== null) requireText('fromState', facts.fromState);
  return Buffer.from(
    canonicalJson({
      v: TRANSPARENCY_LEAF_VERSION,
      kind: 'event',
      landlord: requireText('landlordCode', facts.landlordCode),
      complaint: requireText('complaintPublicId', facts.complaintPublicId),
      seq: facts.seq,
      action: requireText('action', facts.action),
      from: facts.fromState,
      to: requireText('toState', facts.toState),
      actorRole: requireText('actorRole', facts.actorRole),
      at: requireTime('at', facts.at),
      chainHash: facts.chainHash,
    }),
    'utf8',
  );
}

/**
 * The canonical UTF-8 bytes of one satisfaction rating's leaf: canonical JSON of
 * `{v, kind: "rating", landlord, complaint, rating, at}`. The landlord code is included (beside the
 * public id, rating and time) so a leaf cannot be replayed into another landlord's log.
 * Throws a TypeError when the rating is not an integer from 1 to 5 or a field is malformed.
 */
export function ratingLeaf(facts: RatingLeafFacts): Buffer {
  if (!Number.isInteger(facts.rating) || facts.rating < 1 || facts.rating > 5) {
    throw new TypeError(`rating must be an integer from 1 to 5, got ${facts.rating}`);
  }
  return Buffer.from(
    canonicalJson({
      v: TRANSPARENCY_LEAF_VERSION,
      kind: 'rating',
      landlord: requireText('landlordCode', facts.landlordCode),
      complaint: requireText('complaintPublicId', facts.complaintPublicId),
      rating: facts.rating,
      at: requireTime('at', facts.at),
    }),
    'utf8',
  );
}
