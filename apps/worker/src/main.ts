import { loadConfigOrExit } from '@suivi/config';
import { startHeartbeat } from './heartbeat';
import { logStrayErrorsAndKeepServing } from '@suivi/observability';
import { createWorkerContext } from './worker.module';

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
      // A close that hangs past the grace period (a provider that never answers) must not keep the
      // process from exiting before the container runtime kills it.
      setTimeout(() => {
        process.stderr.write(`Worker did not stop within the grace period after ${signal}: exiting\n`);
        process.exit(1);
      }, config.delivery.shutdownGraceMs + 5_000).unref();
    });
  }
}

// A failure to start still ends the process (the stray-error handler above only keeps a running one up).
main().catch((e: Error) => {
  process.stderr.write(`The worker could not start: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
