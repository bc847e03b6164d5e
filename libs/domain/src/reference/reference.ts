import { randomBytes } from 'node:crypto';

/**
 * Complaint references: 12 Crockford base32 symbols (60 random bits) and one check symbol (value mod 37,
 * Crockford's check alphabet), written in groups `XXXX-XXXX-XXXXC` to read aloud or type on a phone.
 * Random, never sequential, so a reference says nothing about volumes and cannot be guessed from another.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_ALPHABET = ALPHABET + '*~$=U';
const DATA_SYMBOLS = 12;
export const REFERENCE_LENGTH = DATA_SYMBOLS + 1;

function checkSymbol(value: bigint): string {
  return CHECK_ALPHABET[Number(value % 37n)];
}

function encode(value: bigint): string {
  let out = '';
  for (let i = 0; i < DATA_SYMBOLS; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** A new random reference in canonical form (13 symbols, no hyphens). */
export function newReference(random: (bytes: number) => Uint8Array = randomBytes): string {
  const bytes = random(8);
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  value &= (1n << 60n) - 1n;
  return encode(value) + checkSymbol(value);
}

/** `XXXX-XXXX-XXXXC` for display. */
export function formatReference(canonical: string): string {
  return `${canonical.slice(0, 4)}-${canonical.slice(4, 8)}-${canonical.slice(8)}`;
}

/**
 * Reads a reference as a person may type it: any case, with hyphens or spaces, I and L for 1, O for 0.
 * Returns the canonical form, or null when the input is not a reference or its check symbol is wrong.
 */
export function parseReference(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const cleaned = input
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (cleaned.length !== REFERENCE_LENGTH) return null;
  let value = 0n;
  for (const symbol of cleaned.slice(0, DATA_SYMBOLS)) {
    const digit = ALPHABET.indexOf(symbol);
    if (digit < 0) return null;
    value = (value << 5n) | BigInt(digit);
  }
  const check = cleaned[DATA_SYMBOLS];
  return checkSymbol(value) === check ? cleaned : null;
}
