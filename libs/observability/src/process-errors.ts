import { Logger } from '@nestjs/common';

let installed = false;

/**
 * Process-level last resort for the API, the worker and the one-process launcher: an error that escapes
 * every handler (a rejected promise nobody awaited, a throw in a socket or timer callback) is logged with
 * its stack, and the process keeps serving. Without this, Node ends the process on either, and one bad
 * request stops the service for everyone (issue 12: a header Node refused, thrown after the route had
 * answered, killed the API and the worker together). Errors inside a request are answered by the
 * exception filters as a 500 for that request alone; this only catches what slips past them, and is
 * installed once per process, by the entry points (never by tests, which must see such errors).
 */
export function logStrayErrorsAndKeepServing(logger: Logger = new Logger('Process')): void {
  if (installed) return;
  installed = true;
  const describe = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.on('unhandledRejection', (reason) => {
    logger.error(`Unhandled promise rejection, the process keeps running: ${describe(reason)}`);
  });
  process.on('uncaughtException', (error, origin) => {
    logger.error(`Uncaught exception (${origin}), the process keeps running: ${describe(error)}`);
  });
}
