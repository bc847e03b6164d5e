import { createParamDecorator } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { ANONYMOUS } from '@suivi/access';
import { safeLocation } from '../common/safe-headers';
import type { Principal } from '@suivi/access';
import { LANG_COOKIE, LANG_QUERY, resolveLang } from './i18n';
import type { Lang } from './i18n';

/** What every page needs to know about the request it answers. */
export interface PageContext {
  lang: Lang;
  /** The path and query of this page without `lang`, for the language switch and sign-in returns. */
  path: string;
  principal: Principal;
  /** The CSRF token forms of a signed-in person carry (empty for anonymous visitors). */
  csrf: string;
  requestId: string;
}

type RequestWithPrincipal = FastifyRequest & { principal?: Principal };

export function pageContextOf(request: FastifyRequest, reply?: FastifyReply): PageContext {
  const { lang, chosen } = resolveLang(request);
  // The switch link's choice is remembered for the next pages (a year; not a tracking cookie).
  if (chosen && reply) {
    void reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'lax', maxAge: 365 * 24 * 3600 });
  }
  const url = new URL(request.url, 'http://x');
  url.searchParams.delete(LANG_QUERY);
  const principal = (request as RequestWithPrincipal).principal ?? ANONYMOUS;
  return {
    lang,
    path: url.pathname + url.search,
    principal,
    csrf: principal.kind === 'user' && principal.via === 'cookie' ? principal.csrfToken : '',
    requestId: String(request.id),
  };
}

/** `@Page() page: PageContext` in a page controller. */
export const Page = createParamDecorator((_: unknown, context: ExecutionContext): PageContext => {
  const http = context.switchToHttp();
  return pageContextOf(http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
});

/** A whole HTML document from a page component. */
export function renderDocument(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}

/** A page with its status, as HTML; pages are personal or short-lived, so nothing is cached. */
export function sendPage(reply: FastifyReply, node: VNode, status = 200): void {
  void reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(renderDocument(node));
}

/**
 * After a successful form post: the browser loads the next page with GET (post/redirect/get). The path
 * often carries a reference or token from the request; `safeLocation` makes it a header Node accepts.
 */
export function seeOther(reply: FastifyReply, location: string): void {
  void reply.status(303).header('location', safeLocation(location)).send();
}

/** A link to the same page in the other language. */
export function withLang(path: string, lang: Lang): string {
  return `${path}${path.includes('?') ? '&' : '?'}${LANG_QUERY}=${lang}`;
}
