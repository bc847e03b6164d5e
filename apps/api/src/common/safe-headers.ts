import { validateHeaderName, validateHeaderValue } from 'node:http';
import { Logger } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { hasLoneSurrogate } from './edge';

/**
 * Header values built from anything a request carried. Node refuses (throws on) a header value with a line
 * break, a control character or a character beyond Latin-1; a header must therefore never hold unchecked
 * input. Each helper here returns a value Node accepts, whatever it is given.
 */

/** Characters a URL may hold unescaped (RFC 3986 unreserved, reserved, and `%` of escapes). */
const URL_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/?%#]*$/;

/**
 * `next` after sign-in (or any return path a request names): a plain path on this site, or null.
 * Accepted: starts with one `/`, only URL-safe characters (no space, tab, line break, backslash or
 * non-ASCII), escapes that decode to the same kind of characters (no `%2F`, `%5C`, `%0A`…), and a result
 * that stays on this origin when a browser resolves it. Refused: `//host`, `/\host`, `/\t/host`,
 * `/%2F/host`, `/ /host`, absolute URLs, and anything not a string.
 */
export function sameSitePath(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 2000) return null;
  if (!next.startsWith('/') || next.startsWith('//') || !URL_SAFE.test(next)) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return null;
  }
  // An escaped slash or backslash could become `//host` or `/\host` once something decodes it again.
  if (/%(2f|5c)/i.test(next)) return null;
  // Nor may an escape hide a control character, a space or a backslash.
  const hidden = Array.from(decoded).some(
    (ch) => ch <= ' ' || (ch >= '\u007f' && ch <= '\u009f') || ch === '\\',
  );
  if (hidden || decoded.startsWith('//')) return null;
  const base = 'http://same.invalid';
  const resolved = new URL(next, base);
  if (resolved.origin !== base) return null;
  return next;
}

/**
 * A Location value Node will accept, for a path this app built (often with a reference or token from the
 * request in it): every character outside the URL-safe set is percent-encoded (a lone surrogate, which has
 * no encoding, is dropped). A value that is not a same-site path is replaced by `/`.
 */
export function safeLocation(location: string): string {
  const encoded = Array.from(location, (ch) => {
    if (URL_SAFE.test(ch)) return ch;
    return hasLoneSurrogate(ch) ? '' : encodeURIComponent(ch);
  }).join('');
  return encoded.startsWith('/') && !encoded.startsWith('//') ? encoded : '/';
}

/**
 * `Content-Disposition` for a download named from input (a landlord code, a date): the name keeps only
 * letters, digits, `.`, `_` and `-` (anything else becomes `_`), so no quote, semicolon or line break can
 * reach the header.
 */
export function attachment(filename: string): string {
  const safe = filename.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200) || 'download';
  return `attachment; filename="${safe}"`;
}

/**
 * The last check before a reply's headers are written: Node throws on a header value it cannot send, and
 * that throw happens after the route has answered, outside every exception filter (it ended the process).
 * A reply carrying such a header becomes a plain 500 for that request alone, logged with its correlation id;
 * the offending header is never sent.
 */
export function guardHeadersOnTheWayOut(fastify: FastifyInstance): void {
  const logger = new Logger('HttpHeaders');
  fastify.addHook('onSend', async (request, reply, payload) => {
    const refused: string[] = [];
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined) continue;
      try {
        validateHeaderName(name);
        for (const one of Array.isArray(value) ? value : [value]) validateHeaderValue(name, String(one));
      } catch {
        refused.push(name);
      }
    }
    if (!refused.length) return payload;
    logger.error(
      `[${request.id}] ${request.method} ${request.url.split('?')[0]}: refused header(s) ${refused.join(', ')}`,
    );
    for (const name of Object.keys(reply.getHeaders())) {
      if (name !== 'x-request-id') void reply.removeHeader(name);
    }
    void reply.code(500).header('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ statusCode: 500, message: 'Internal error', correlationId: String(request.id) });
  });
}
