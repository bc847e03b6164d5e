import { BadRequestException, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LimiterUnavailable } from '@suivi/access';
import { DomainError, DomainErrorCode } from '@suivi/domain';
import { validationFields } from './field-problems';

/** The one place where domain error codes become HTTP statuses. */
export function statusOf(code: DomainErrorCode): HttpStatus {
  switch (code) {
    case DomainErrorCode.InvalidInput:
      return HttpStatus.BAD_REQUEST;
    case DomainErrorCode.NotAllowed:
      return HttpStatus.FORBIDDEN;
    case DomainErrorCode.NotFound:
      return HttpStatus.NOT_FOUND;
    case DomainErrorCode.InvalidTransition:
    case DomainErrorCode.StaleVersion:
    case DomainErrorCode.Conflict:
    case DomainErrorCode.ReopenWindowExpired:
      return HttpStatus.CONFLICT;
    default: {
      const unhandled: never = code;
      throw new Error(`Unmapped domain error code ${String(unhandled)}`);
    }
  }
}

/**
 * The ValidationPipe's 400: `{ code: INVALID_INPUT, message, fields: FieldProblem[] }`, each field error
 * with its constraint `code` and `params` beside class-validator's English `message`.
 */
export function validationException(errors: ValidationError[]): BadRequestException {
  const fields = validationFields(errors);
  return new BadRequestException({
    code: DomainErrorCode.InvalidInput,
    message: `Invalid input: ${[...new Set(fields.map((f) => f.field))].join(', ')}`,
    fields,
  });
}

/**
 * Every error leaves as `{ statusCode, code, message, fields?, current?, correlationId }`. Unexpected
 * errors are logged with the correlation id and answered without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const correlationId = String(request.id);
    const status = statusOfException(exception);
    let body: Record<string, unknown>;
    if (exception instanceof DomainError) {
      body = { code: exception.code, message: exception.message, ...exception.details };
    } else if (exception instanceof HttpException) {
      const response = exception.getResponse();
      body =
        typeof response === 'string'
          ? { message: response }
          : { ...(response as Record<string, unknown>), error: undefined };
      delete body.statusCode;
    } else if (isClientError(exception)) {
      body = { message: exception.message };
    } else if (exception instanceof LimiterUnavailable) {
      body = { message: LIMITER_UNAVAILABLE_MESSAGE };
      this.logger.warn(`[${correlationId}] ${request.method} ${request.url}: attempt limiter unavailable`);
    } else {
      body = { message: 'Internal error' };
      this.logger.error(
        `[${correlationId}] ${request.method} ${request.url}: ${(exception as Error)?.stack ?? String(exception)}`,
      );
    }
    void reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ statusCode: status, ...body, correlationId }));
  }
}

export const LIMITER_UNAVAILABLE_MESSAGE =
  'Sign-in and reference lookups are briefly unavailable (the attempt counter cannot be reached); try again in a minute';

/** The HTTP status an error leaves with, for the JSON API and the pages alike. */
export function statusOfException(e: unknown): number {
  if (e instanceof DomainError) return statusOf(e.code);
  if (e instanceof HttpException) return e.getStatus();
  if (isClientError(e)) return e.statusCode;
  // Sign-in and lookups are refused, never evaluated unchecked, while the limiter's Redis is away.
  if (e instanceof LimiterUnavailable) return HttpStatus.SERVICE_UNAVAILABLE;
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

/** Errors Fastify raises for a client's request (bad JSON, too large a body, wrong content type). */
function isClientError(e: unknown): e is { statusCode: number; message: string } {
  const statusCode = (e as { statusCode?: unknown })?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500;
}
