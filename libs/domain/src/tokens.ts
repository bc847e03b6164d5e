import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** An unguessable link or session token: 256 random bits, URL-safe. Only its hash is ever stored. */
export const newToken = (): string => randomBytes(32).toString('base64url');

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Tokens Suivi issues are 43 base64url characters (sessions, random) or 22 (message links, derived);
 * anything else is not even looked up.
 */
export const looksLikeToken = (value: unknown): value is string =>
  typeof value === 'string' && /^([A-Za-z0-9_-]{43}|[A-Za-z0-9_-]{22})$/.test(value);

export function safeEqual(a: string, b: string): boolean {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A link token that Suivi can write again into every message without storing it: an HMAC of the purpose and
 * the id under the server's secret, cut to 128 bits (unguessable without the secret, and short enough for a
 * link in a 160-character SMS). Only its hash is stored.
 */
export const deriveToken = (
  secret: string,
  purpose: 'track' | 'work-order' | 'on-call' | 'unsubscribe',
  id: string,
): string =>
  createHmac('sha256', secret)
    .update(`${purpose}:${id}`, 'utf8')
    .digest()
    .subarray(0, 16)
    .toString('base64url');

/**
 * The token of a complaint's e-mail preferences and one-click unsubscribe link (RFC 8058), never the
 * tracking token: 44 base64url characters, the complaint's id (22) then deriveToken(secret, 'unsubscribe',
 * id) (22). It is checked by recomputing the second half, so nothing is stored; it opens the preferences
 * of that complaint's tenant contact only, not the case.
 */
export function unsubscribeToken(secret: string, complaintId: string): string {
  const id = Buffer.from(complaintId.replace(/-/g, ''), 'hex').toString('base64url');
  return `${id}${deriveToken(secret, 'unsubscribe', complaintId)}`;
}

/** The complaint id an unsubscribe token opens, or null for anything Suivi did not issue. */
export function readUnsubscribeToken(secret: string, token: unknown): string | null {
  if (typeof token !== 'string' || !/^[A-Za-z0-9_-]{44}$/.test(token)) return null;
  const hex = Buffer.from(token.slice(0, 22), 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return safeEqual(token.slice(22), deriveToken(secret, 'unsubscribe', id)) ? id : null;
}
