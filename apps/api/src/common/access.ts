import {
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS, AuthService, roleHas, safeEqual } from '@suivi/access';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { assertSameOrigin } from './same-origin';
import type { Permission, Principal, UserPrincipal } from '@suivi/access';

export const SESSION_COOKIE = 'suivi_session';

/** The staff session cookie, the same for the JSON sign-in and the sign-in page. */
export function setSessionCookie(reply: FastifyReply, session: { token: string; expiresAt: Date }): void {
  void reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    secure: true,
    sameSite: 'lax',
    path: '/',
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  void reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
export const CSRF_HEADER = 'x-csrf-token';

/**
 * What a route requires: nothing (public, the principal is still resolved), one permission, or (operator
 * routes: /metrics, the detailed /health) nothing from the staff session machinery — the route checks the
 * operator's METRICS_TOKEN bearer itself.
 */
export type RoutePolicy = { public: true; operator?: true } | { public: false; permission: Permission };
export const ROUTE_POLICY = 'suivi:route-policy';

/** A route a session may reach while its second factor is missing (`code`) or its enrolment (`enrol`). */
export const SECOND_FACTOR_STEP = 'suivi:second-factor-step';
export const SecondFactorStep = (...steps: ('code' | 'enrol')[]) => SetMetadata(SECOND_FACTOR_STEP, steps);
/** The codes a half-open session is refused with; the pages send the person to the step they miss. */
export const SECOND_FACTOR_CODES = {
  code: 'SECOND_FACTOR_REQUIRED',
  enrol: 'TWO_FACTOR_ENROLMENT_REQUIRED',
} as const;

export const Public = () => SetMetadata(ROUTE_POLICY, { public: true } satisfies RoutePolicy);
export const Operator = () =>
  SetMetadata(ROUTE_POLICY, { public: true, operator: true } satisfies RoutePolicy);
export const Allow = (permission: Permission) =>
  SetMetadata(ROUTE_POLICY, { public: false, permission } satisfies RoutePolicy);

type RequestWithPrincipal = FastifyRequest & { principal?: Principal };
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs before every route. A route without a declared policy is refused (the authorization matrix test
 * also fails on it). Bearer tokens and session cookies resolve to a principal; a cookie-authenticated
 * form post must carry the session's CSRF token and, when the browser names where it comes from (`Origin`
 * or `Referer`), come from this site (403 `CROSS_SITE`; OWASP's defence in depth beside the token).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithPrincipal>();
    const policy = this.reflector.getAllAndOverride<RoutePolicy | undefined>(ROUTE_POLICY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!policy) throw new ForbiddenException('This route has no access policy');
    // Its bearer is the operator's token, not a staff session: the route checks it (operatorToken).
    if (policy.public && policy.operator) return true;

    const principal = await this.resolve(request);
    request.principal = principal;
    if (principal.kind === 'user' && principal.via === 'cookie' && !SAFE_METHODS.has(request.method)) {
      const body = request.body as Record<string, unknown> | undefined;
      const given = request.headers[CSRF_HEADER] ?? body?._csrf;
      const tokenOk = typeof given === 'string' && safeEqual(given, principal.csrfToken);
      if (policy.public && !tokenOk) {
        // A public route's forms (a tenant's or contractor's link, filing, following a case) act for whoever
        // holds the link, not for the session, and carry no CSRF token: a signed-in person (a contractor
        // opening an order from their list) posts them as an anonymous visitor, as anyone could. Routes that
        // must know where a post comes from (sign-in, password reset, unsubscribing) check Origin themselves.
        request.principal = ANONYMOUS;
      } else {
        assertSameOrigin(request, this.config.publicBaseUrl);
        if (!tokenOk)
          throw new ForbiddenException({ code: 'CSRF', message: 'Missing or invalid CSRF token' });
      }
    }
    // The form field has done its work; the route's DTO must not see it as an unknown property.
    if (request.body && typeof request.body === 'object' && '_csrf' in request.body) {
      delete (request.body as Record<string, unknown>)._csrf;
    }
    if (principal.kind === 'user' && principal.secondFactor) {
      const steps =
        this.reflector.getAllAndOverride<('code' | 'enrol')[] | undefined>(SECOND_FACTOR_STEP, [
          context.getHandler(),
          context.getClass(),
        ]) ?? [];
      if (!steps.includes(principal.secondFactor)) {
        // A password alone opens nothing: public routes see an anonymous visitor, others are refused.
        if (policy.public) {
          request.principal = ANONYMOUS;
          return true;
        }
        throw new UnauthorizedException({
          code: SECOND_FACTOR_CODES[principal.secondFactor],
          message:
            principal.secondFactor === 'code'
              ? 'Give the two-factor code first (POST /api/v1/auth/second-factor)'
              : 'Set up two-factor sign-in first (POST /api/v1/auth/two-factor)',
        });
      }
    }
    if (policy.public) return true;
    if (principal.kind === 'anonymous') throw new UnauthorizedException({ message: 'Sign in first' });
    if (!roleHas(principal.role, policy.permission)) {
      throw new ForbiddenException({ code: 'NOT_ALLOWED', message: `A ${principal.role} may not do this` });
    }
    return true;
  }

  private async resolve(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    if (typeof header === 'string' && header.startsWith('Bearer ')) {
      const principal = await this.auth.authenticate(header.slice(7).trim(), 'bearer');
      if (!principal) throw new UnauthorizedException({ message: 'Invalid or expired token' });
      return principal;
    }
    const cookie = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[
      SESSION_COOKIE
    ];
    if (cookie) return (await this.auth.authenticate(cookie, 'cookie')) ?? ANONYMOUS;
    return ANONYMOUS;
  }
}

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<RequestWithPrincipal>().principal ?? ANONYMOUS,
);

/** For routes behind `@Allow`: the guard has already refused anonymous callers. */
export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): UserPrincipal => {
  const principal = context.switchToHttp().getRequest<RequestWithPrincipal>().principal;
  if (principal?.kind !== 'user') throw new UnauthorizedException({ message: 'Sign in first' });
  return principal;
});

/**
 * True when the request carries the operator's token (`Authorization: Bearer <METRICS_TOKEN>`), compared in
 * constant time; always false when no token is configured.
 */
export function hasOperatorToken(request: FastifyRequest, token: string | null): boolean {
  const header = request.headers.authorization;
  if (!token || typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  return safeEqual(header.slice(7).trim(), token);
}
