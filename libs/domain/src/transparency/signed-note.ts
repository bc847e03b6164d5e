import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign as ed25519Sign,
  verify as ed25519Verify,
} from 'node:crypto';
import type { KeyObject } from 'node:crypto';

/**
 * Signed notes (C2SP signed-note, the format of golang.org/x/mod/sumdb/note) with Ed25519 keys.
 *
 * A note is a UTF-8 text ending in a newline, a blank line, then one or more signature lines
 * `— <key name> <base64(4-byte key ID ‖ signature)>` (U+2014 EM DASH, space). The key ID is the first
 * four bytes, big-endian, of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte Ed25519 public key); 0x01 is the
 * Ed25519 signature type. A verifier ignores signatures from keys it does not know (name and ID both must
 * match a trusted key), rejects the whole note when a known key's signature fails, and rejects a note that
 * no trusted key signed.
 *
 * Keys travel as text:
 * - verifier key ("vkey"), public: `<name>+<8 hex digits of the key ID>+<base64(0x01 ‖ public key)>`;
 * - signer key, secret: `PRIVATE+KEY+<name>+<8 hex digits of the key ID>+<base64(0x01 ‖ 32-byte seed)>`,
 *   the same text the Go implementation reads.
 */

/** Why a note or a key was refused. */
export enum NoteErrorCode {
  /** The text is not a well-formed signed note or checkpoint (the message says which rule). */
  Malformed = 'MALFORMED',
  /** A key text or PEM is not an Ed25519 key in the expected encoding. */
  BadKey = 'BAD_KEY',
  /** No signature line comes from a trusted key (wrong or unknown key). */
  UntrustedSigner = 'UNTRUSTED_SIGNER',
  /** A trusted key's signature does not verify: the text was changed after signing. */
  BadSignature = 'BAD_SIGNATURE',
  /** The checkpoint is valid but names another log than the one expected. */
  WrongOrigin = 'WRONG_ORIGIN',
}

/** A refusal from the signed-note or checkpoint code, with a sentence fit for a verifier's report. */
export class NoteError extends Error {
  constructor(
    readonly code: NoteErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

/** Signature type byte of Ed25519 in signed notes. */
const ED25519_TYPE = 0x01;
/** DER prefixes that wrap a raw Ed25519 key into SPKI / PKCS#8 (RFC 8410). */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const EM_DASH_PREFIX = '\u2014 ';
/** Upper bounds that keep a hostile note cheap to refuse (the spec asks for at least 16 signatures). */
const MAX_SIGNATURES = 64;
const MAX_NOTE_LENGTH = 1 << 20;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const CONTROL_EXCEPT_NEWLINE = /[\u0000-\u0009\u000B-\u001F\u007F]/;

/** A key name: non-empty, no Unicode space, no '+'. */
export function isValidKeyName(name: string): boolean {
  return typeof name === 'string' && name.length > 0 && !/[\s+]/u.test(name) && !hasForbiddenCharacters(name);
}

function hasForbiddenCharacters(text: string): boolean {
  return CONTROL_EXCEPT_NEWLINE.test(text) || LONE_SURROGATE.test(text);
}

function assertKeyName(name: string): void {
  if (!isValidKeyName(name)) {
    throw new NoteError(
      NoteErrorCode.BadKey,
      `key name ${JSON.stringify(name)} must be non-empty, without spaces, '+' or control characters`,
    );
  }
}

/** Strict standard base64 (RFC 4648 §4, padded): decodes only text that re-encodes identically. */
function decodeBase64(text: string): Buffer | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return null;
  const bytes = Buffer.from(text, 'base64');
  return bytes.toString('base64') === text ? bytes : null;
}

/** Key ID of an Ed25519 key in signed notes: SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[0..4], big-endian. */
export function noteKeyId(name: string, publicKey: Uint8Array): number {
  assertKeyName(name);
  if (publicKey.length !== 32) throw new NoteError(NoteErrorCode.BadKey, 'an Ed25519 public key is 32 bytes');
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519_TYPE]))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

const keyIdHex = (id: number): string => id.toString(16).padStart(8, '0');

/** A trusted public key: checks signatures by one named Ed25519 key. */
export interface NoteVerifier {
  readonly name: string;
  /** The 32-bit key ID (see {@link noteKeyId}). */
  readonly keyId: number;
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
  /** The key's vkey text (`<name>+<hex id>+<base64>`). */
  readonly verifierKey: string;
  /** True when `signature` (64 bytes, without the key ID) is this key's signature of `message`. */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** A signing key: produces signed-note signatures under one name. Holds the secret key: keep it server-side. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Buffer;
  /** The public key's vkey text, to publish (criteria page, federations' trust lists). */
  readonly verifierKey: string;
  /** The 64-byte Ed25519 signature of `message`. */
  sign(message: Uint8Array): Buffer;
}

/** The vkey text of a public key: `<name>+<8 hex digits of the key ID>+<base64(0x01 ‖ key)>`. */
export function encodeVerifierKey(name: string, publicKey: Uint8Array): string {
  const id = noteKeyId(name, publicKey);
  return `${name}+${keyIdHex(id)}+${Buffer.concat([Buffer.from([ED25519_TYPE]), publicKey]).toString('base64')}`;
}

function verifierFromRaw(name: string, publicKey: Buffer): NoteVerifier {
  let keyObject: KeyObject;
  try {
    keyObject = createPublicKey({
      key: Buffer.concat([SPKI_PREFIX, publicKey]),
      format: 'der',
      type: 'spki',
    });
  } catch {
    throw new NoteError(NoteErrorCode.BadKey, 'not a valid Ed25519 public key');
  }
  const keyId = noteKeyId(name, publicKey);
  return {
    name,
    keyId,
    publicKey: Buffer.from(publicKey),
    verifierKey: encodeVerifierKey(name, publicKey),
    verify: (message, signature) => {
      if (signature.length !== 64) return false;
      try {
        return ed25519Verify(null, message, keyObject, signature);
      } catch {
        return false;
      }
    },
  };
}

/** A verifier for a raw 32-byte Ed25519 public key under `name`. Throws NoteError(BadKey). */
export function noteVerifierFromPublicKey(name: string, publicKey: Uint8Array): NoteVerifier {
  assertKeyName(name);
  if (publicKey.length !== 32) throw new NoteError(NoteErrorCode.BadKey, 'an Ed25519 public key is 32 bytes');
  return verifierFromRaw(name, Buffer.from(publicKey));
}

/**
 * Parses a vkey text (`<name>+<hex id>+<base64(0x01 ‖ key)>`), checking that the ID is the one the name
 * and key give. Throws NoteError(BadKey) naming the rule that failed.
 */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (first <= 0 || second < 0) {
    throw new NoteError(NoteErrorCode.BadKey, 'a verifier key reads <name>+<hex key id>+<base64 key>');
  }
  const name = vkey.slice(0, first);
  const idText = vkey.slice(first + 1, second);
  const keyData = decodeBase64(vkey.slice(second + 1));
  assertKeyName(name);
  if (!/^[0-9a-f]{8}$/.test(idText)) throw new NoteError(NoteErrorCode.BadKey, 'the key id is 8 hex digits');
  if (keyData === null || keyData.length !== 33 || keyData[0] !== ED25519_TYPE) {
    throw new NoteError(
      NoteErrorCode.BadKey,
      'the key data must be base64 of 0x01 and a 32-byte Ed25519 key',
    );
  }
  const verifier = verifierFromRaw(name, keyData.subarray(1));
  if (keyIdHex(verifier.keyId) !== idText) {
    throw new NoteError(NoteErrorCode.BadKey, `the key id ${idText} does not match the name and key`);
  }
  return verifier;
}

function signerFromKeyObject(name: string, privateKey: KeyObject): NoteSigner {
  assertKeyName(name);
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519') {
    throw new NoteError(NoteErrorCode.BadKey, 'a checkpoint signing key must be an Ed25519 private key');
  }
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const publicKey = Buffer.from(spki.subarray(SPKI_PREFIX.length));
  return {
    name,
    keyId: noteKeyId(name, publicKey),
    publicKey,
    verifierKey: encodeVerifierKey(name, publicKey),
    sign: (message) => ed25519Sign(null, message, privateKey),
  };
}

/** A signer from a PEM (PKCS#8 "PRIVATE KEY") Ed25519 key. Throws NoteError(BadKey) on another key. */
export function noteSignerFromPem(name: string, pem: string | Buffer): NoteSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new NoteError(NoteErrorCode.BadKey, 'the PEM does not hold a private key');
  }
  return signerFromKeyObject(name, key);
}

/** A signer from a raw 32-byte Ed25519 seed (RFC 8032 private key). Throws NoteError(BadKey). */
export function noteSignerFromSeed(name: string, seed: Uint8Array): NoteSigner {
  if (seed.length !== 32) throw new NoteError(NoteErrorCode.BadKey, 'an Ed25519 seed is 32 bytes');
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return signerFromKeyObject(name, key);
}

/**
 * A signer from a signer-key text `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>` (the Go format).
 * Throws NoteError(BadKey) when malformed or when the id does not match.
 */
export function parseSignerKey(skey: string): NoteSigner {
  const parts = skey.split('+');
  // The base64 part may itself contain '+': everything after the fourth '+' belongs to it.
  if (parts.length < 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') {
    throw new NoteError(
      NoteErrorCode.BadKey,
      'a signer key reads PRIVATE+KEY+<name>+<hex key id>+<base64 seed>',
    );
  }
  const [, , name, idText] = parts;
  const keyData = decodeBase64(parts.slice(4).join('+'));
  if (keyData === null || keyData.length !== 33 || keyData[0] !== ED25519_TYPE) {
    throw new NoteError(
      NoteErrorCode.BadKey,
      'the key data must be base64 of 0x01 and a 32-byte Ed25519 seed',
    );
  }
  const signer = noteSignerFromSeed(name, keyData.subarray(1));
  if (keyIdHex(signer.keyId) !== idText) {
    throw new NoteError(NoteErrorCode.BadKey, `the key id ${idText} does not match the name and key`);
  }
  return signer;
}

/**
 * A fresh Ed25519 key pair for `name`, as texts: the secret signer key (store it as a secret) and the
 * public verifier key (publish it).
 */
export function generateNoteKey(name: string): { signerKey: string; verifierKey: string } {
  assertKeyName(name);
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = der.subarray(PKCS8_PREFIX.length);
  const signer = noteSignerFromSeed(name, seed);
  const seedText = Buffer.concat([Buffer.from([ED25519_TYPE]), seed]).toString('base64');
  return {
    signerKey: `PRIVATE+KEY+${name}+${keyIdHex(signer.keyId)}+${seedText}`,
    verifierKey: signer.verifierKey,
  };
}

/** One signature line of a note, not yet verified. */
export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature bytes after the 4-byte key ID. */
  signature: Buffer;
}

function assertNoteText(text: string): void {
  if (typeof text !== 'string' || text.length === 0 || !text.endsWith('\n')) {
    throw new NoteError(NoteErrorCode.Malformed, 'a note text must be non-empty and end with a newline');
  }
  if (hasForbiddenCharacters(text)) {
    throw new NoteError(NoteErrorCode.Malformed, 'a note may hold no control character other than newline');
  }
}

/**
 * Signs a note text (which must end with a newline) with each signer, in order: returns the text, a blank
 * line and one signature line per signer. Signing with both the old and the new key is how a rotation
 * overlaps. Throws NoteError(Malformed) on a text the format cannot carry.
 */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  assertNoteText(text);
  if (signers.length === 0) throw new NoteError(NoteErrorCode.BadKey, 'a note needs at least one signer');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((s) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(s.keyId, 0);
    return `${EM_DASH_PREFIX}${s.name} ${Buffer.concat([id, s.sign(message)]).toString('base64')}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Splits a signed note into its text (with its final newline) and its signature lines, without checking
 * any signature. Throws NoteError(Malformed) naming the rule that failed.
 */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  const malformed = (why: string): NoteError =>
    new NoteError(NoteErrorCode.Malformed, `not a signed note: ${why}`);
  if (typeof note !== 'string' || note.length > MAX_NOTE_LENGTH) throw malformed('missing or too long');
  if (hasForbiddenCharacters(note)) throw malformed('it holds a control character or invalid UTF-16');
  if (!note.endsWith('\n')) throw malformed('it must end with a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line separates the text from the signatures');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`more than ${MAX_SIGNATURES} signatures`);
  const signatures = lines.map((line, i) => {
    if (!line.startsWith(EM_DASH_PREFIX)) throw malformed(`signature line ${i + 1} does not start with "— "`);
    const rest = line.slice(EM_DASH_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? '' : rest.slice(0, space);
    if (!isValidKeyName(name)) throw malformed(`signature line ${i + 1} has no valid key name`);
    const bytes = decodeBase64(rest.slice(space + 1));
    if (bytes === null || bytes.length < 5)
      throw malformed(`signature line ${i + 1} is not base64 of id and signature`);
    return { name, keyId: bytes.readUInt32BE(0), signature: Buffer.from(bytes.subarray(4)) };
  });
  return { text, signatures };
}

/**
 * Verifies a signed note against trusted keys (NoteVerifier objects or vkey texts) and returns its text
 * and the keys whose signatures verified. Signatures from keys not in the list are ignored, as the format
 * requires (a witness's cosignature, a key retired from this list). Throws NoteError:
 * - Malformed when the note cannot be parsed;
 * - BadSignature when a trusted key's signature fails — the text was changed after it was signed;
 * - UntrustedSigner when no trusted key signed it — a wrong or unknown key.
 */
export function openNote(
  note: string,
  trusted: readonly (NoteVerifier | string)[],
): { text: string; verifiedBy: { name: string; keyId: number }[] } {
  const verifiers = trusted.map((t) => (typeof t === 'string' ? parseVerifierKey(t) : t));
  const { text, signatures } = parseNote(note);
  const message = Buffer.from(text, 'utf8');
  const verifiedBy: { name: string; keyId: number }[] = [];
  for (const sig of signatures) {
    const verifier = verifiers.find((v) => v.name === sig.name && v.keyId === sig.keyId);
    if (!verifier) continue;
    if (!verifier.verify(message, sig.signature)) {
      throw new NoteError(
        NoteErrorCode.BadSignature,
        `the signature of ${sig.name} (key ${keyIdHex(sig.keyId)}) does not match the text: it was changed after signing`,
      );
    }
    if (!verifiedBy.some((v) => v.name === sig.name && v.keyId === sig.keyId)) {
      verifiedBy.push({ name: sig.name, keyId: sig.keyId });
    }
  }
  if (verifiedBy.length === 0) {
    const seen = signatures.map((s) => `${s.name} (key ${keyIdHex(s.keyId)})`).join(', ');
    const known = verifiers.map((v) => `${v.name} (key ${keyIdHex(v.keyId)})`).join(', ') || 'none';
    throw new NoteError(
      NoteErrorCode.UntrustedSigner,
      `no signature from a trusted key: signed by ${seen}; trusted: ${known}`,
    );
  }
  return { text, verifiedBy };
}
