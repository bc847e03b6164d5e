import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import { Logger, ValidationPipe } from '@nestjs/common';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '@suivi/config';
import { mountQueueDashboard } from './notifications/queue-dashboard';
import { AppModule } from './app.module';
import { PAGE_PATHS } from './portal/portal';
import { HttpErrorFilter, validationException } from './common/http-errors';
import { guardInputAtTheEdge } from './common/edge';
import { TWILIO_WEBHOOKS } from './notifications/twilio-webhooks.controller';
import { isOpen311Url, sendOpen311Errors } from './audit/open311.format';
import { DomainErrorCode } from '@suivi/domain';
import { guardHeadersOnTheWayOut } from './common/safe-headers';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
const BODY_LIMIT_BYTES = 256 * 1024;
const API_DOCS_PATH = '/api/docs';
const API_DOCS_CSP = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join(';');

/** Builds the HTTP app the same way for `main`, the embedded default, tests and benchmarks. */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // A JSON body naming `__proto__`, or `constructor` holding `prototype`, is a 400 (Fastify's secure parser).
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // A path with a malformed percent escape never reaches a route: Open311 says so in its own format.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (isOpen311Url(request.url)) return void sendOpen311Errors(reply, request.url, 400, [error.message]);
      void reply.status(400).send({ code: DomainErrorCode.InvalidInput, message: error.message });
    },
    trustProxy: config.trustProxy,
    // A caller's X-Request-Id is kept when it looks like one; otherwise each request gets a fresh id.
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : randomUUID();
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
  await app.register(fastifyHelmet, {
    // Not `no-referrer`: under it browsers send `Origin: null` on our own form posts, and the sign-in's
    // origin check (login CSRF) could not tell them from another site's. Other sites still get no referrer.
    referrerPolicy: { policy: 'same-origin' },
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // The pages work without JavaScript and run none: no script at all, so an injected one cannot run.
        scriptSrc: ["'none'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
  });
  await app.register(fastifyCookie);
  // Form posts (application/x-www-form-urlencoded) are parsed by Nest's Fastify adapter itself.
  // CORS stays closed: no enableCors(). Pages and API are served from the same origin.
  const http = new Logger('HTTP');
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // Stopping (see shutdown.ts): the answer to a request in flight closes its keep-alive connection, so
    // the process need not wait for the client's idle timeout.
    if (!fastify.server.listening) void reply.header('connection', 'close');
    // Answers carry personal data or short-lived state unless they say otherwise (the hashed stylesheet).
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    // Only the OpenAPI page (Swagger UI) needs scripts, its own and an inline start-up one.
    if (request.url === API_DOCS_PATH || request.url.startsWith(`${API_DOCS_PATH}/`)) {
      void reply.header('content-security-policy', API_DOCS_CSP);
    }
  });
  guardInputAtTheEdge(
    fastify,
    (request, reply, status, descriptions) =>
      isOpen311Url(request.url) ? (sendOpen311Errors(reply, request.url, status, descriptions), true) : false,
    (request) => request.routeOptions.url?.startsWith(TWILIO_WEBHOOKS) === true,
  );
  guardHeadersOnTheWayOut(fastify);
  fastify.addHook('onResponse', async (request, reply) => {
    http.verbose(
      `[${request.id}] ${request.method} ${request.url.split('?')[0]} ${reply.statusCode} ${reply.elapsedTime.toFixed(1)} ms`,
    );
  });
  await mountQueueDashboard(app, config);
  app.setGlobalPrefix('api/v1', {
    exclude: [
      'health',
      'health/{*path}',
      'metrics',
      'webhooks/{*path}',
      'open311/{*path}',
      'transparency/{*path}',
      ...PAGE_PATHS,
    ],
  });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // The factory reads each failing check's arguments (`maxLength`'s bound…) from the decorators of
      // the object it was found in; only the field problems it builds leave the process, never the target.
      validationError: { target: true },
      exceptionFactory: validationException,
    }),
  );
  app.useGlobalFilters(new HttpErrorFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Suivi API')
      .setDescription('Tenant complaint traceability: intake, lifecycle, tamper-evident history')
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs/openapi.json' });
  return app;
}
