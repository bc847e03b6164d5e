import { BadRequestException, Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@suivi/domain';
import type { FieldError } from '@suivi/domain';
import { statusOfException } from '../common/http-errors';

/**
 * GeoReport v2's two formats. The client picks one by the resource's extension (`services.xml`,
 * `requests/{id}.json`); XML is the spec's required one, JSON its optional one.
 */
export type Open311Format = 'json' | 'xml';

/** The Content-Type of each format (UTF-8 everywhere, as the spec requires). */
export const OPEN311_CONTENT_TYPES: Record<Open311Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The formats as the discovery document lists them (MIME types). */
export const OPEN311_DISCOVERY_FORMATS = ['text/xml', 'application/json'];

/** The element of each item of a list, by the list's element name (the spec's XML examples). */
const ITEM_ELEMENTS: ReadonlyMap<string, string> = new Map([
  ['services', 'service'],
  ['service_requests', 'request'],
  ['attributes', 'attribute'],
  ['errors', 'error'],
  ['endpoints', 'endpoint'],
  ['formats', 'format'],
]);

/** Characters XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF): dropped. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters to drop
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

function text(value: string): string {
  return value.replace(NOT_XML, '').replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function element(name: string, value: unknown): string {
  if (value === null || value === undefined) return `<${name}/>`;
  if (Array.isArray(value)) {
    const item = ITEM_ELEMENTS.get(name);
    if (!item) throw new Error(`No XML item element for the list ${name}`);
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`;
  }
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`;
  }
  return `<${name}>${text(String(value))}</${name}>`;
}

/**
 * A GeoReport v2 answer as XML: the XML declaration (UTF-8), then `root` holding `value`. Objects become
 * one element per key, in order; lists one element per item, named as the spec names them (`services` →
 * `service`, `service_requests` → `request`, `errors` → `error`…); null an empty element; booleans and
 * numbers their JSON spelling. Keys must be XML names (they are the spec's field names).
 * @throws Error for a list whose item element is unknown (a programming error).
 */
export function open311Xml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(root, value)}\n`;
}

/** The format a request asked for, from its path's extension (JSON unless it ends in `.xml`). */
export function formatOfUrl(url: string): Open311Format {
  return url.split('?')[0].toLowerCase().endsWith('.xml') ? 'xml' : 'json';
}

/** One GeoReport v2 error: the HTTP status as `code`, and what went wrong. */
export interface Open311Error {
  code: number;
  description: string;
}

function describeFields(fields: FieldError[]): string[] {
  return fields.map((f) => `${f.field}: ${f.message}`);
}

/** The descriptions of an error, one per failing field for invalid input. */
function descriptionsOf(exception: unknown, status: number): string[] {
  if (status >= 500) return ['Internal error'];
  if (exception instanceof DomainError) {
    const fields = (exception.details as { fields?: FieldError[] } | undefined)?.fields;
    return fields?.length ? describeFields(fields) : [exception.message];
  }
  if (exception instanceof HttpException) {
    const response = exception.getResponse() as string | { message?: unknown; fields?: FieldError[] };
    if (typeof response === 'string') return [response];
    if (exception instanceof BadRequestException && response.fields?.length) {
      return describeFields(response.fields);
    }
    const message = response.message;
    return Array.isArray(message) ? message.map(String) : [String(message ?? exception.message)];
  }
  return [String((exception as { message?: unknown })?.message ?? 'Error')];
}

/**
 * Errors of the Open311 routes in the spec's format: a list of `{ code, description }` (`<errors><error>
 * <code/><description/></error></errors>` in XML), in the format the request asked for, with the HTTP status
 * as the code (400 invalid parameter, 404 unknown request or service, 429 too many requests). The
 * correlation id travels in the `x-request-id` header, as on every answer; unexpected errors are logged with
 * it and described without internals.
 */
@Catch()
export class Open311ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Open311');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const status = statusOfException(exception);
    if (status >= HttpStatus.INTERNAL_SERVER_ERROR) {
      this.logger.error(
        `[${String(request.id)}] ${request.method} ${request.url}: ${(exception as Error)?.stack ?? String(exception)}`,
      );
    }
    sendOpen311Errors(reply, request.url, status, descriptionsOf(exception, status));
  }
}

/** Whether a request's URL is one of the Open311 routes (`/open311/…`), whose errors have the spec's format. */
export function isOpen311Url(url: string): boolean {
  return url === '/open311' || url.startsWith('/open311/') || url.startsWith('/open311?');
}

/**
 * Sends GeoReport v2 errors (`[{ code, description }]`, or `<errors>` for a `.xml` URL) with `status` as
 * both the HTTP status and each error's code. Used by the Open311 routes' filter and by the checks that run
 * before any route (the input edge, Fastify's malformed-URL answer), so every Open311 error has one shape.
 */
export function sendOpen311Errors(
  reply: FastifyReply,
  url: string,
  status: number,
  descriptions: readonly string[],
): FastifyReply {
  const errors: Open311Error[] = descriptions.map((description) => ({ code: status, description }));
  const format = formatOfUrl(url);
  return reply
    .status(status)
    .header('content-type', OPEN311_CONTENT_TYPES[format])
    .send(format === 'xml' ? open311Xml('errors', errors) : JSON.stringify(errors));
}
