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
  purpose: 'track' | 'work-order' | 'on-call',
  id: string,
): string =>
  createHmac('sha256', secret)
    .update(`${purpose}:${id}`, 'utf8')
    .digest()
    .subarray(0, 16)
    .toString('base64url');
