import type { ComplaintSearch } from './complaint-search';

/** A LIKE pattern's own wildcards and escape, taken literally. */
const likeLiteral = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The queue search as one condition on complaints aliased `c`, pushing its parameters (see `ComplaintSearch`):
 * the cases whose reference holds the symbols typed, whose tenant has one of the numbers read, whose
 * tenant's name holds every word, or whose residence's name, address, postcode and city hold every word.
 * Names and addresses are compared through `suivi_fold` (lower case, accents off, hyphens and apostrophes
 * as spaces) on both sides. Indexes (migration QueueSearch1796080000000): the reference's trigrams, the
 * tenant contacts' folded names' trigrams and their phone, the residences' folded text's trigrams
 * (IDX_residences_search), and complaints by tenant contact and by residence. The caller ANDs it with the
 * scope, so a search never reaches beyond it. `false` when nothing typed can match.
 *
 * The matching tenants and residences are read first, as arrays (`= ANY(ARRAY(…))`, not `IN (SELECT …)`):
 * a hashed sub-plan can only filter rows, while an array can be an index condition, so PostgreSQL may
 * BitmapOr the reference, tenant-contact and residence indexes instead of walking a landlord's cases.
 */
export function searchCondition(search: ComplaintSearch, params: unknown[]): string {
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const any: string[] = [];
  if (search.reference) {
    any.push(
      search.reference.whole
        ? `c.reference = ${param(search.reference.symbols)}`
        : `c.reference::text LIKE ${param(`%${search.reference.symbols}%`)}`,
    );
  }
  if (search.phones.length) {
    any.push(
      `c.tenant_contact_id = ANY(ARRAY(SELECT t.id FROM tenant_contacts t WHERE t.phone_e164 = ANY(${param(search.phones)}::text[])))`,
    );
  }
  if (search.words.length) {
    const holds = (haystack: string) =>
      search.words
        .map((w) => `suivi_fold(${haystack}) LIKE '%' || suivi_fold(${param(likeLiteral(w))}) || '%'`)
        .join(' AND ');
    any.push(`c.tenant_contact_id = ANY(ARRAY(SELECT t.id FROM tenant_contacts t WHERE ${holds('t.name')}))`);
    any.push(
      `c.residence_id = ANY(ARRAY(SELECT r.id FROM residences r
                           WHERE ${holds(`r.name || ' ' || r.address || ' ' || r.postcode || ' ' || r.city`)}))`,
    );
  }
  return any.length ? `(${any.join(' OR ')})` : 'false';
}

/** At most this many matching cases are read first by id (see `matchingIdsQuery`). */
export const SEARCH_ID_CAP = 2_000;

/**
 * The cases a search matches, across landlords, as one UNION of index lookups (at most SEARCH_ID_CAP + 1
 * ids): the reference's trigrams, then complaints joined to the tenant contacts and to the residences
 * found by their own indexes. Each arm is planned on its own, with the estimates of its own table, which
 * a single OR inside the queue's ordered walk could not use: PostgreSQL walked a landlord's 100,000 cases
 * to find one (bench:queue). The caller then reads the page by these ids (scope still applied), or, when
 * there are more than the cap (a street with thousands of cases), falls back to `searchCondition`, whose
 * matches are then dense enough for the ordered walk to find a page quickly.
 */
export function matchingIdsQuery(search: ComplaintSearch): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const arms: string[] = [];
  if (search.reference) {
    arms.push(
      search.reference.whole
        ? `SELECT s.id FROM complaints s WHERE s.reference = ${param(search.reference.symbols)}`
        : `SELECT s.id FROM complaints s WHERE s.reference::text LIKE ${param(`%${search.reference.symbols}%`)}`,
    );
  }
  if (search.phones.length) {
    arms.push(`SELECT s.id FROM tenant_contacts t JOIN complaints s ON s.tenant_contact_id = t.id
                WHERE t.phone_e164 = ANY(${param(search.phones)}::text[])`);
  }
  if (search.words.length) {
    const holds = (haystack: string) =>
      search.words
        .map((w) => `suivi_fold(${haystack}) LIKE '%' || suivi_fold(${param(likeLiteral(w))}) || '%'`)
        .join(' AND ');
    arms.push(`SELECT s.id FROM tenant_contacts t JOIN complaints s ON s.tenant_contact_id = t.id
                WHERE ${holds('t.name')}`);
    arms.push(`SELECT s.id FROM residences r JOIN complaints s ON s.residence_id = r.id
                WHERE ${holds(`r.name || ' ' || r.address || ' ' || r.postcode || ' ' || r.city`)}`);
  }
  if (arms.length === 0) return { sql: 'SELECT NULL::uuid AS id WHERE false', params };
  return { sql: `${arms.join(' UNION ')} LIMIT ${SEARCH_ID_CAP + 1}`, params };
}
