import { createHash, randomBytes } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import type { JsonObject, JsonValue } from './canonical-json';

/** The prev_hash of a complaint's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * The fields of an event that its hash covers. Free text is covered through a salted digest, so a
 * retention delete of the text (and its salt) leaves the chain verifiable.
 */
export interface HashedEvent {
  complaintId: string;
  seq: number;
  at: string;
  actorRole: string;
  actorId: string | null;
  action: string;
  fromState: string | null;
  toState: string;
  payload: JsonObject;
  textDigests: { public: string | null; internal: string | null };
}

export interface ChainedEvent extends HashedEvent {
  prevHash: string;
  hash: string;
}

export const sha256Hex = (input: string): string => createHash('sha256').update(input, 'utf8').digest('hex');

export function eventBody(event: HashedEvent): JsonObject {
  const body: { [key: string]: JsonValue } = {
    complaintId: event.complaintId,
    seq: event.seq,
    at: event.at,
    actorRole: event.actorRole,
    actorId: event.actorId,
    action: event.action,
    fromState: event.fromState,
    toState: event.toState,
    payload: event.payload,
    textDigests: event.textDigests,
  };
  return body;
}

/** hash = sha256(prev_hash ‖ canonical JSON of the event body), hex-encoded. */
export function chainHash(prevHash: string, event: HashedEvent): string {
  return sha256Hex(prevHash + canonicalJson(eventBody(event)));
}

export function chainEvent(prevHash: string, event: HashedEvent): ChainedEvent {
  return { ...event, prevHash, hash: chainHash(prevHash, event) };
}

/** A random salt for a text digest; stored beside the text and deleted with it. */
export const newTextSalt = (): string => randomBytes(16).toString('hex');

export const textDigest = (salt: string, text: string): string => sha256Hex(`${salt}:${text}`);

export type ChainVerification =
  | { valid: true; count: number; headHash: string }
  | { valid: false; count: number; firstInvalidSeq: number; reason: string };

/**
 * Checks one complaint's chain: seq starts at 1 and has no gap, each prev_hash is the previous hash,
 * and each hash recomputes from the event's fields. Names the first event that does not verify.
 */
export function verifyChain(events: readonly ChainedEvent[]): ChainVerification {
  let prevHash = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const event = events[i];
    const fail = (reason: string): ChainVerification => ({
      valid: false,
      count: events.length,
      firstInvalidSeq: event.seq ?? i + 1,
      reason,
    });
    if (event.seq !== i + 1) return fail(`expected seq ${i + 1}, found ${event.seq}`);
    if (i > 0 && event.complaintId !== events[0].complaintId) return fail('event of another complaint');
    if (event.prevHash !== prevHash) return fail('prev_hash does not match the previous event');
    if (chainHash(prevHash, event) !== event.hash) return fail('hash does not match the event content');
    prevHash = event.hash;
  }
  return { valid: true, count: events.length, headHash: prevHash };
}

/** Verifies that a stored text still matches the digest its event committed to. */
export function verifyText(salt: string, text: string, digest: string | null): boolean {
  return digest !== null && textDigest(salt, text) === digest;
}
