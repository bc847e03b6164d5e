import { BadRequestException, NotFoundException } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainErrorCode } from '@suivi/domain';

/**
 * Input at the edge: what every request's strings, keys and shapes must satisfy before any route, DTO or
 * form sees them. Checked once, here, for JSON and form bodies, query strings and path parameters alike,
 * so no controller has to remember it.
 */

/** Keys that reach an object's prototype when an object is built from them. Never accepted from a request. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The deepest nesting a request may carry (objects and arrays). The deepest legitimate input, a rule set,
 * is 5 levels; class-transformer and class-validator recurse, so 10,000 levels overflowed the stack.
 */
export const MAX_DEPTH = 32;

/** What is wrong with an input, and where (`body.tenant.name`, `query.status`, `params.reference`). */
export interface EdgeProblem {
  field: string;
  reason: 'nul' | 'control' | 'surrogate' | 'key' | 'depth';
  message: string;
}

const REASONS: Record<EdgeProblem['reason'], string> = {
  nul: 'must not contain NUL characters',
  control: 'must not contain control characters (only tab and line breaks are accepted)',
  surrogate: 'must be well-formed Unicode (no lone surrogates)',
  key: 'is not an accepted field name',
  depth: `is nested deeper than ${MAX_DEPTH} levels`,
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** True when the text has a UTF-16 surrogate without its pair (which no UTF-8 text can carry). */
export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/**
 * Control characters no person types (C0 but tab, line feed and carriage return; DEL; C1): a bell or an
 * escape sequence in a name reaches SMS, letters, CSV exports and terminals.
 */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/**
 * The text with each control character the edge refuses (see `CONTROL`) replaced by a space: for text a
 * machine relays from a phone (an SMS's body, whose GSM alphabet has a form feed and an escape), which is
 * read rather than refused.
 */
export const spacedControls = (text: string): string => text.replace(CONTROLS, ' ');

/**
 * A string PostgreSQL can store as text, UTF-8 can encode and a person could have typed: no U+0000, no
 * other control character but tab and line breaks, no unpaired surrogate.
 */
export function stringProblem(text: string, controlAllowed = false): 'nul' | 'control' | 'surrogate' | null {
  if (text.includes('\u0000')) return 'nul';
  if (!controlAllowed && CONTROL.test(text)) return 'control';
  if (hasLoneSurrogate(text)) return 'surrogate';
  return null;
}

/**
 * A key a request may use: no NUL or lone surrogate, and no segment (split on `.`, `[` and `]`, the ways
 * forms and query strings spell nesting) that names a prototype.
 */
export function keyProblem(key: string): 'nul' | 'control' | 'surrogate' | 'key' | null {
  const text = stringProblem(key);
  if (text) return text;
  return key.split(/[.[\]]/).some((part) => FORBIDDEN_KEYS.has(part)) ? 'key' : null;
}

/**
 * The first problem in a parsed input (an object, array or scalar from JSON, a form or a query string), or
 * null. Iterative, so no input is deep enough to overflow the stack while it is checked.
 */
export function inputProblem(
  value: unknown,
  root: string,
  maxDepth = MAX_DEPTH,
  controlAllowed = false,
): EdgeProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  const problem = (field: string, reason: EdgeProblem['reason']): EdgeProblem => ({
    field,
    reason,
    message: `${field} ${REASONS[reason]}`,
  });
  while (stack.length) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const reason = stringProblem(current, controlAllowed);
      if (reason) return problem(path, reason);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return problem(path, 'depth');
    if (Array.isArray(current)) {
      current.forEach((item: unknown, i) =>
        stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }),
      );
      continue;
    }
    for (const key of Object.keys(current)) {
      const reason = keyProblem(key);
      const field = `${path}.${key}`;
      if (reason === 'key')
        return { ...problem(path, reason), message: `${path}: the key "${key}" ${REASONS.key}` };
      if (reason) return problem(field, reason);
      stack.push({ value: (current as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return null;
}

/** The check each edge problem fails, named as `FieldProblem.code`s are, with its parameters. */
const EDGE_CODES: Record<EdgeProblem['reason'], { code: string; params: Record<string, number> }> = {
  nul: { code: 'noNul', params: {} },
  control: { code: 'noControlCharacters', params: {} },
  surrogate: { code: 'wellFormedUnicode', params: {} },
  key: { code: 'acceptedKey', params: {} },
  depth: { code: 'maxDepth', params: { max: MAX_DEPTH } },
};

/**
 * The 400 a refused input answers, in the same shape as the ValidationPipe's: one field error with its
 * `code` and `params` (as `FieldProblem`), and the edge's `reason`.
 */
export function edgeRefusal(found: EdgeProblem): BadRequestException {
  const { code, params } = EDGE_CODES[found.reason];
  return new BadRequestException({
    code: DomainErrorCode.InvalidInput,
    message: `Invalid input: ${found.field}`,
    fields: [
      { field: found.field, message: found.message, code, params: { ...params }, reason: found.reason },
    ],
  });
}

/**
 * JSON text parsed with the same rules as request bodies (for JSON a person pastes into a form, such as a
 * rule set): throws a SyntaxError naming the problem for bad JSON, a prototype key (`__proto__`,
 * `constructor`, `prototype`), a NUL, a lone surrogate or too deep a nesting.
 */
export function parseJsonInput(text: string, root = 'json'): unknown {
  // JSON.parse is iterative and defines own properties (it never writes a prototype itself); the check
  // after it refuses what whoever copies the result next could be misled by.
  const value: unknown = JSON.parse(text);
  const found = inputProblem(value, root);
  if (found) throw new SyntaxError(found.message);
  return value;
}

/**
 * Installs the checks on the Fastify instance: every route's body, query string and path parameters are
 * inspected after parsing and before Nest's guards, pipes and handlers run. A path parameter that cannot
 * exist answers 404 (as an unknown reference does); a body or query answers 400 naming the field.
 * `relayed` names the routes whose body a machine relays from a phone (Twilio's webhooks): their control
 * characters are let through, for the route to read them as spaces (`spacedControls`) once the body's
 * signature is checked — refusing them would lose a tenant's message; NUL and lone surrogates are still
 * refused.
 * JSON bodies are parsed with `__proto__` and `constructor.prototype` refused (Fastify's secure parser).
 */
export function guardInputAtTheEdge(
  fastify: FastifyInstance,
  answer: EdgeAnswer = () => false,
  relayed: (request: FastifyRequest) => boolean = () => false,
): void {
  fastify.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    const params = inputProblem(request.params, 'params');
    if (params) {
      if (answer(request, reply, 404, ['Not found'])) return reply;
      throw new NotFoundException({ code: DomainErrorCode.NotFound, message: 'Not found' });
    }
    const found =
      inputProblem(request.query, 'query') ?? inputProblem(request.body, 'body', MAX_DEPTH, relayed(request));
    if (found) {
      if (answer(request, reply, 400, [found.message])) return reply;
      throw edgeRefusal(found);
    }
  });
}

/**
 * A route family's own error format for what the edge refuses (Open311's `{ code, description }` list):
 * sends the answer and returns true, or returns false to leave it to the API's JSON error.
 */
export type EdgeAnswer = (
  request: FastifyRequest,
  reply: FastifyReply,
  status: 400 | 404,
  descriptions: string[],
) => boolean;
