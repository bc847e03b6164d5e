import { randomBytes } from 'node:crypto';

/**
 * Complaint references: 12 Crockford base32 symbols (60 random bits) and one check symbol, written in groups
 * `XXXX-XXXX-XXXXC` to read aloud or type on a phone. Random, never sequential, so a reference says nothing
 * about volumes and cannot be guessed from another.
 *
 * The check symbol of new references is one of the same 32 letters and digits (Damm's algorithm over the
 * field GF(32): it catches every single wrong symbol and every swap of two neighbours), so a reference never
 * ends in a symbol people cannot dictate or type. References issued before it carry Crockford's mod-37 check
 * symbol (which may be `*`, `~`, `$`, `=` or `U`); they stay valid. Accepting both schemes means a mistyped
 * reference is caught by its check symbol about 36 times in 37 instead of always; the few that pass are
 * looked up and not found, like any other unknown reference.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LEGACY_CHECK_ALPHABET = ALPHABET + '*~$=U';
const DATA_SYMBOLS = 12;
export const REFERENCE_LENGTH = DATA_SYMBOLS + 1;

/** Multiplication in GF(32) with the primitive polynomial x^5 + x^2 + 1. */
function gfTimes(a: number, b: number): number {
  let product = 0;
  for (let i = 0; i < 5; i++) {
    if (b & (1 << i)) product ^= a << i;
  }
  for (let bit = 9; bit >= 5; bit--) {
    if (product & (1 << bit)) product ^= 0b100101 << (bit - 5);
  }
  return product;
}

/** Damm's quasigroup x∘y = α·x + y over GF(32) (α = x, i.e. 2): totally anti-symmetric, so every single
 * substitution and every adjacent transposition changes the result. */
const ALPHA = 2;
function damm(digits: readonly number[]): number {
  let interim = 0;
  for (const d of digits) interim = gfTimes(ALPHA, interim) ^ d;
  return interim;
}

/** The check symbol of new references: the one that brings Damm's interim to 0. */
function checkSymbol(digits: readonly number[]): string {
  return ALPHABET[gfTimes(ALPHA, damm(digits))];
}

function legacyCheckSymbol(value: bigint): string {
  return LEGACY_CHECK_ALPHABET[Number(value % 37n)];
}

function digitsOf(value: bigint): number[] {
  const digits: number[] = [];
  for (let i = 0; i < DATA_SYMBOLS; i++) {
    digits.unshift(Number(value & 31n));
    value >>= 5n;
  }
  return digits;
}

/** A new random reference in canonical form (13 symbols, no hyphens). */
export function newReference(random: (bytes: number) => Uint8Array = randomBytes): string {
  const bytes = random(8);
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  value &= (1n << 60n) - 1n;
  const digits = digitsOf(value);
  return digits.map((d) => ALPHABET[d]).join('') + checkSymbol(digits);
}

/**
 * `XXXX-XXXX-XXXXC` for display, with non-breaking hyphens (U+2011) when `nonBreaking` is set, so a heading
 * on a narrow phone never breaks a reference inside a group or after a hyphen.
 */
export function formatReference(canonical: string, nonBreaking = false): string {
  const dash = nonBreaking ? '\u2011' : '-';
  return `${canonical.slice(0, 4)}${dash}${canonical.slice(4, 8)}${dash}${canonical.slice(8)}`;
}

/**
 * Every separator a person or a phone keyboard puts in a reference: spaces of any width (no-break, thin,
 * narrow no-break, ideographic), zero-width characters, hyphens and dashes of any kind (‐ ‑ ‒ – — ― −),
 * underscores, dots, slashes.
 */
const SEPARATORS =
  /[\s\u00A0\u2000-\u200D\u2028\u2029\u202F\u205F\u2060\u3000\uFEFF\-\u2010-\u2015\u2212\u2043\uFE58\uFE63_./·]/g;

/**
 * A typed reference as canonical symbols: full-width and other compatibility forms folded (NFKC), separators
 * removed, upper case, I and L read as 1, O as 0 (Crockford's rules).
 */
export function normalizeReferenceInput(input: string): string {
  return input
    .normalize('NFKC')
    .replace(SEPARATORS, '')
    .toUpperCase()
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
}

/**
 * What a typed reference is: `ok` with its canonical form; `check` when its 12 data symbols are well formed
 * but the check symbol is missing or does not match (the person should re-read it; nothing was looked up);
 * `malformed` otherwise.
 */
export type ReferenceReading = { ok: true; reference: string } | { ok: false; reason: 'check' | 'malformed' };

export function readReference(input: unknown): ReferenceReading {
  if (typeof input !== 'string' || input.length > 60) return { ok: false, reason: 'malformed' };
  const cleaned = normalizeReferenceInput(input);
  return readCleaned(cleaned);
}

function readCleaned(cleaned: string): ReferenceReading {
  if (cleaned.length !== REFERENCE_LENGTH && cleaned.length !== DATA_SYMBOLS) {
    return { ok: false, reason: 'malformed' };
  }
  const digits: number[] = [];
  let value = 0n;
  for (const symbol of cleaned.slice(0, DATA_SYMBOLS)) {
    const digit = ALPHABET.indexOf(symbol);
    if (digit < 0) return { ok: false, reason: 'malformed' };
    digits.push(digit);
    value = (value << 5n) | BigInt(digit);
  }
  const check = cleaned[DATA_SYMBOLS];
  if (check === undefined) return { ok: false, reason: 'check' };
  if (check === checkSymbol(digits) || check === legacyCheckSymbol(value))
    return { ok: true, reference: cleaned };
  return { ok: false, reason: LEGACY_CHECK_ALPHABET.includes(check) ? 'check' : 'malformed' };
}

/**
 * Reads a reference as a person may type it (see `normalizeReferenceInput`). Returns the canonical form, or
 * null when the input is not a reference or its check symbol is wrong.
 */
export function parseReference(input: unknown): string | null {
  const reading = readReference(input);
  return reading.ok ? reading.reference : null;
}

/** Words that may stick to a texted reference: `STATUT7K3M…`. */
const KEYWORDS = ['STATUT', 'STATUS', 'REF', 'REFERENCE', 'DOSSIER'];

/**
 * A reference anywhere in a text message (`Statut : 7k3m 9qxa b2c4d 🙂`, `bonjour ma référence est …`):
 * the text is cut into words at every character that is not a letter or digit (emoji, punctuation, spaces
 * and dashes of any kind, after folding full-width forms), and runs of consecutive words are joined to find
 * 13 symbols that form a valid reference. A leading keyword glued to it (`STATUT7K3M…`) is cut off. The first
 * valid reference wins; null when there is none.
 */
export function findReference(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const words = text
    .slice(0, 1600)
    .normalize('NFKC')
    .toUpperCase()
    .split(/[^0-9A-Z*~$=]+/)
    .filter(Boolean)
    .flatMap((w) => {
      const keyword = KEYWORDS.find((k) => w.startsWith(k) && w.length > k.length);
      return keyword ? [w.slice(keyword.length)] : [w];
    });
  for (let start = 0; start < words.length; start++) {
    let joined = '';
    for (let end = start; end < words.length && joined.length < REFERENCE_LENGTH; end++) {
      joined += words[end];
      if (joined.length === REFERENCE_LENGTH) {
        const reading = readCleaned(joined.replace(/[IL]/g, '1').replace(/O/g, '0'));
        if (reading.ok) return reading.reference;
      }
    }
  }
  return null;
}

/** Words a person may say or type before a reference: `Réf. 7K3M…`, `dossier n° 7K3M…`, `#7K3M…`. */
const SPOKEN_PREFIX =
  /^\s*(?:(?:r[ée]f(?:[ée]rence)?|reference|dossier|statut|status|case)\b\.?\s*(?:n[°o]\.?\s*)?:?\s*|n°\s*|#\s*)/i;

/**
 * What a typed search can be of a reference (the agents' queue search): the canonical symbols of a whole
 * reference, or of a piece of one — its first or last groups, the 12 symbols without the check symbol —
 * typed in any case, with or without spaces, dashes or a spoken prefix (`réf.`, `dossier n°`, `#`), with
 * Crockford's readings (I and L as 1, O as 0). `whole` is set when the symbols form a valid reference
 * (check symbol right); 13 symbols with a wrong check symbol give their 12 data symbols. Null when the input cannot be (part of) a reference: fewer than 4 symbols, more
 * than 13, or a symbol outside the alphabet (a legacy check symbol is allowed last).
 */
export function referenceSearchOf(input: string): { symbols: string; whole: boolean } | null {
  if (input.length > 60) return null;
  const symbols = normalizeReferenceInput(input.replace(SPOKEN_PREFIX, ''));
  if (symbols.length < 4 || symbols.length > REFERENCE_LENGTH) return null;
  const body = symbols.length === REFERENCE_LENGTH ? symbols.slice(0, DATA_SYMBOLS) : symbols;
  if ([...body].some((s) => !ALPHABET.includes(s))) return null;
  if (symbols.length === REFERENCE_LENGTH && !LEGACY_CHECK_ALPHABET.includes(symbols[DATA_SYMBOLS]))
    return null;
  if (readCleaned(symbols).ok) return { symbols, whole: true };
  // A wrong or misread check symbol: the 12 data symbols still find the case.
  return { symbols: body, whole: false };
}
