import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SECOND_FACTOR_CODES } from '../common/access';
import { LimiterUnavailable } from '@suivi/access';
import { statusOfException } from '../common/http-errors';

/** The code of a refusal for a missing second factor, if it is one. */
function secondFactorCodeOf(exception: unknown): string | null {
  if (!(exception instanceof HttpException)) return null;
  const body = exception.getResponse();
  return typeof body === 'object' && body && 'code' in body && typeof body.code === 'string'
    ? body.code
    : null;
}
import { common } from './i18n';
import { Layout } from './layout';
import { pageContextOf, seeOther, sendPage } from './page';

/**
 * Errors on pages become pages: a sign-in for anonymous visitors of staff pages, otherwise the status with
 * a plain explanation of what to do and the correlation id. Nothing internal is shown.
 */
@Catch()
export class PageErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('PageError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const status = statusOfException(exception);
    if (status === HttpStatus.UNAUTHORIZED) {
      const code = secondFactorCodeOf(exception);
      if (code === SECOND_FACTOR_CODES.code) return seeOther(reply, '/sign-in/code');
      if (code === SECOND_FACTOR_CODES.enrol) return seeOther(reply, '/account/two-factor');
      const next = request.method === 'GET' ? request.url : '/';
      return seeOther(reply, `/sign-in?next=${encodeURIComponent(next)}`);
    }
    if (exception instanceof LimiterUnavailable) {
      this.logger.warn(`[${request.id}] ${request.method} ${request.url}: attempt limiter unavailable`);
    } else if (status >= 500) {
      this.logger.error(
        `[${request.id}] ${request.method} ${request.url}: ${(exception as Error)?.stack ?? String(exception)}`,
      );
    }
    const page = pageContextOf(request);
    const t = common(page.lang);
    const shown = t.errors[status] ?? t.errors[status >= 500 ? 500 : 400];
    sendPage(
      reply,
      <Layout page={page} title={shown}>
        <h1>{shown}</h1>
        <p>{t.errorHelp[status] ?? (status >= 500 ? t.errorHelp[500] : '')}</p>
        <p>
          <a href="/">{t.home}</a>
        </p>
        <p class="muted">
          {t.errorRef} : <code>{page.requestId}</code>
        </p>
      </Layout>,
      status,
    );
  }
}
