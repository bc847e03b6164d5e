import { loadConfigOrExit } from '@suivi/config';
import { startHeartbeat } from './heartbeat';
import { logStrayErrorsAndKeepServing } from '@suivi/observability';
import { JobQueue } from '@suivi/queue';
import { createWorkerContext } from './worker.module';

/** After the drain's grace period, the time left to close the queues, the SMTP pool and the database. */
const CLOSE_MARGIN_MS = 1_500;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // One request's or job's stray error is logged; it never ends the process for everyone else.
  logStrayErrorsAndKeepServing();
  if (!config.databaseUrl) {
    process.stderr.write('Invalid configuration:\n  - DATABASE_URL is required to run the worker alone\n');
    process.exit(1);
  }
  const context = await createWorkerContext(config);
  // SIGTERM/SIGINT: Nest closes the context — workers stop taking jobs and finish those in flight (bounded
  // by SHUTDOWN_GRACE_SECONDS), then the queues, the provider pools and the database close.
  context.enableShutdownHooks();
  // Liveness for docker-compose.yml's healthcheck (the worker has no HTTP port).
  startHeartbeat(config.dataDir);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // The drain's grace counts from the signal (SHUTDOWN_GRACE_SECONDS, 8 by default: exit within 10 s).
      context.get(JobQueue).shutdownRequested();
      // A close that hangs past the grace period (a provider that never answers) must not keep the
      // process from exiting: the pools get CLOSE_MARGIN_MS after the drain, then the process exits.
      setTimeout(() => {
        process.stderr.write(`Worker did not stop within the grace period after ${signal}: exiting\n`);
        process.exit(1);
      }, config.delivery.shutdownGraceMs + CLOSE_MARGIN_MS).unref();
    });
  }
}

// A failure to start still ends the process (the stray-error handler above only keeps a running one up).
main().catch((e: Error) => {
  process.stderr.write(`The worker could not start: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
