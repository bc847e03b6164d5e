import { MERKLE_HASH_SIZE } from './merkle';
import { NoteError, NoteErrorCode, isValidKeyName, openNote, signNote } from './signed-note';
import type { NoteSigner, NoteVerifier } from './signed-note';

/**
 * Checkpoints of a landlord's log in the C2SP tlog-checkpoint format: a signed note whose text is
 *
 *     <origin>\n<tree size>\n<base64 RFC 6962 root hash>\n[time <ISO 8601 UTC>\n]
 *
 * followed by a blank line and the signature lines (see signed-note.ts). The origin names the log —
 * `suivi.example/landlord/<CODE>` — and is inside the signed text, so a checkpoint cannot be passed off as
 * another landlord's. The time of signing travels as one extension line `time <ISO 8601 UTC>`; extension
 * lines are optional in the format and any other extension line is kept, unread, in `extensions`.
 *
 * Signing key. One Ed25519 key per deployment signs every landlord's checkpoints, under a key name such
 * as `suivi.example/checkpoints`. The format recommends that the key name match the origin; with one key
 * for many logs it cannot, and nothing is lost: the origin is in the signed text and {@link
 * verifyCheckpoint} requires the expected one.
 *
 * Key rotation. (1) Generate the new key and publish its vkey beside the current one (criteria page,
 * federations' trust lists). (2) For an overlap period, sign each checkpoint with both keys (pass both
 * signers to {@link signCheckpoint}): a federation that trusts either key accepts it. (3) Retire the old
 * key: stop signing with it, but federations keep its vkey in their trusted list so the checkpoints they
 * saved earlier still verify. A compromised key is instead removed from every trusted list at once;
 * checkpoints signed only by it then no longer verify and must be re-anchored by a fresh checkpoint whose
 * consistency with the export is checked as usual.
 */

/** The tree head a checkpoint commits to. */
export interface Checkpoint {
  /** The log's identity, e.g. `suivi.example/landlord/HLM-NORD`. */
  origin: string;
  /** Number of leaves in the tree. */
  size: number;
  /** The RFC 6962 root hash of those leaves (32 bytes). */
  rootHash: Uint8Array;
  /** When the checkpoint was signed, ISO 8601 UTC, or null when the note carries no time line. */
  time: string | null;
  /** Other extension lines, in order (opaque, non-empty). */
  extensions: string[];
}

/** A checkpoint whose signature was verified, with the keys that signed it. */
export interface VerifiedCheckpoint extends Checkpoint {
  /** The signed note's text (the checkpoint body) exactly as signed. */
  text: string;
  verifiedBy: { name: string; keyId: number }[];
}

const TIME_PREFIX = 'time ';
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/**
 * The origin of a landlord's log: `<host>/landlord/<code>`. Throws a NoteError(Malformed) when the code or
 * host would make an origin with a space, '+' or control character.
 */
export function checkpointOrigin(landlordCode: string, host = 'suivi.example'): string {
  const origin = `${host}/landlord/${landlordCode}`;
  if (!landlordCode || !host || !isValidKeyName(origin)) {
    throw new NoteError(NoteErrorCode.Malformed, `cannot build a log origin from ${JSON.stringify(origin)}`);
  }
  return origin;
}

function malformed(why: string): NoteError {
  return new NoteError(NoteErrorCode.Malformed, `not a checkpoint: ${why}`);
}

function isLine(text: string): boolean {
  return text.length > 0 && !text.includes('\n');
}

/**
 * The checkpoint's note text (the body that is signed), ending with a newline. Throws NoteError(Malformed)
 * on an empty origin, a size that is not a non-negative safe integer, a root that is not 32 bytes, a time
 * that is not ISO 8601 UTC, or an empty extension line.
 */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const { origin, size, rootHash, time, extensions } = checkpoint;
  if (!isLine(origin)) throw malformed('the origin must be one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0)
    throw malformed('the tree size must be a non-negative integer');
  if (rootHash.length !== MERKLE_HASH_SIZE) throw malformed('the root hash must be 32 bytes');
  if (time !== null && (!ISO_UTC.test(time) || Number.isNaN(Date.parse(time)))) {
    throw malformed('the time must be ISO 8601 UTC');
  }
  if (!extensions.every(isLine)) throw malformed('an extension line must be one non-empty line');
  const lines = [origin, String(size), Buffer.from(rootHash).toString('base64')];
  if (time !== null) lines.push(`${TIME_PREFIX}${time}`);
  lines.push(...extensions);
  return `${lines.join('\n')}\n`;
}

/**
 * Reads a checkpoint's note text (not the signatures: see {@link verifyCheckpoint}). Throws
 * NoteError(Malformed) naming the line that breaks the format.
 */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('the text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('it needs an origin, a tree size and a root hash');
  if (lines.some((l) => l.length === 0)) throw malformed('no line may be empty');
  const [origin, sizeText, rootText, ...rest] = lines;
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw malformed(
      `the tree size ${JSON.stringify(sizeText)} is not a decimal number without leading zeroes`,
    );
  }
  const rootHash = Buffer.from(rootText, 'base64');
  if (rootHash.length !== MERKLE_HASH_SIZE || rootHash.toString('base64') !== rootText) {
    throw malformed('the root hash is not the base64 of 32 bytes');
  }
  let time: string | null = null;
  const extensions: string[] = [];
  for (const line of rest) {
    if (time === null && line.startsWith(TIME_PREFIX)) {
      time = line.slice(TIME_PREFIX.length);
      if (!ISO_UTC.test(time) || Number.isNaN(Date.parse(time)))
        throw malformed('the time line is not ISO 8601 UTC');
    } else {
      extensions.push(line);
    }
  }
  return { origin, size: Number(sizeText), rootHash, time, extensions };
}

/**
 * The signed checkpoint: its text, a blank line, and one signature line per signer (two during a key
 * rotation). Throws NoteError(Malformed) when the checkpoint cannot be formatted.
 */
export function signCheckpoint(checkpoint: Checkpoint, signers: NoteSigner | readonly NoteSigner[]): string {
  const list: readonly NoteSigner[] = Array.isArray(signers) ? signers : [signers as NoteSigner];
  return signNote(formatCheckpoint(checkpoint), list);
}

/**
 * Verifies a signed checkpoint against the trusted keys (NoteVerifier objects or vkey texts: list every
 * key still trusted, old and new, during a rotation) and the origin of the log it must belong to.
 * Throws NoteError with a sentence naming the problem:
 * - UntrustedSigner: none of its signatures is by a trusted key (signed by a wrong or unknown key);
 * - BadSignature: a trusted key's signature does not match — a byte of the body was changed;
 * - WrongOrigin: it is another log's checkpoint;
 * - Malformed: it is not a checkpoint.
 */
export function verifyCheckpoint(
  note: string,
  options: { trustedKeys: readonly (NoteVerifier | string)[]; origin: string },
): VerifiedCheckpoint {
  const { text, verifiedBy } = openNote(note, options.trustedKeys);
  const checkpoint = parseCheckpoint(text);
  if (checkpoint.origin !== options.origin) {
    throw new NoteError(
      NoteErrorCode.WrongOrigin,
      `the checkpoint is for ${JSON.stringify(checkpoint.origin)}, not ${JSON.stringify(options.origin)}`,
    );
  }
  return { ...checkpoint, text, verifiedBy };
}
