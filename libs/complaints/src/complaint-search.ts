import { readPhone, referenceSearchOf } from '@suivi/domain';

/** The longest search the queue reads (characters); the DTO refuses longer ones. */
export const SEARCH_MAX_LENGTH = 200;
/** At most this many words of a search are matched against names and addresses. */
const MAX_WORDS = 8;

/**
 * What an agent's queue search may be, read every way at once (the results are the cases matching any):
 * - `reference`: a whole reference or a piece of one (see the domain's `referenceSearchOf`);
 * - `phones`: the E.164 numbers the text reads as in the landlords' numbering plans (`06 12 34 56 78`,
 *   `+33612345678`, `0033 6…`, `07700 900123` for a UK landlord), as filing stores them (`readPhone`);
 * - `words`: the words to find, all of them, in a tenant's name or in a residence's name, address, postcode
 *   and city; the database folds case and accents on both sides (`suivi_fold`), so these are split only.
 */
export interface ComplaintSearch {
  reference: { symbols: string; whole: boolean } | null;
  phones: string[];
  words: string[];
}

/** A landlord's telephone plan: its country and region, as `readPhone` takes them. */
export interface PhonePlan {
  country: string;
  region: string;
}

/**
 * Reads a search typed in the queue (trimmed, at most SEARCH_MAX_LENGTH characters read) under the phone
 * plans of the landlords searched. Null for a blank search (the queue unfiltered).
 */
export function readSearch(input: string, plans: readonly PhonePlan[]): ComplaintSearch | null {
  const text = input.slice(0, SEARCH_MAX_LENGTH).trim();
  if (text === '') return null;
  const phones = new Set<string>();
  // Only what looks like a number is read as one: digits with the usual separators, 6 digits at least.
  if (/^[+(]?[\d\s().\-/\u00a0]+$/.test(text) && text.replace(/\D/g, '').length >= 6) {
    for (const plan of plans) {
      const read = readPhone(text, plan.country, plan.region);
      if (read) phones.add(read.e164);
    }
  }
  const words = text
    .split(/[\s,;:'’‘"«»()\-‐‑‒–—―−.]+/u)
    .filter((w) => w !== '')
    .slice(0, MAX_WORDS);
  return { reference: referenceSearchOf(text), phones: [...phones], words };
}
