import { ForbiddenException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * Refuses a state-changing request another site made the browser send (login CSRF: a third-party page
 * posting the attacker's credentials signs the victim in as the attacker). Browsers send `Origin` on every
 * form post (and `Referer` where they do not); when either is present its origin must be this site's — the
 * request's own host, or `publicBaseUrl`'s. A request with neither comes from no browser page, so no victim's
 * browser can be made to send it. (OWASP CSRF cheat sheet: "verifying origin with standard headers".)
 */
export function assertSameOrigin(request: FastifyRequest, publicBaseUrl: string): void {
  const origin = headerOf(request, 'origin');
  const referer = headerOf(request, 'referer');
  const claimed = origin ?? referer;
  if (claimed === null) return;
  let host: string | null = null;
  try {
    host = new URL(claimed).host;
  } catch {
    host = null; // `Origin: null` (sandboxed frames, data: pages) and garbage are refused alike.
  }
  const own = new Set([request.headers.host, new URL(publicBaseUrl).host].filter(Boolean));
  if (host === null || !own.has(host)) {
    throw new ForbiddenException({ code: 'CROSS_SITE', message: 'This form was sent from another site' });
  }
}

function headerOf(request: FastifyRequest, name: 'origin' | 'referer'): string | null {
  const value = request.headers[name];
  return typeof value === 'string' && value !== '' ? value : null;
}
