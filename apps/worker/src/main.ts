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
  context.enableShutdownHooks();
  // Liveness for docker-compose.yml's healthcheck (the worker has no HTTP port).
  startHeartbeat(config.dataDir);
}

// A failure to start still ends the process (the stray-error handler above only keeps a running one up).
main().catch((e: Error) => {
  process.stderr.write(`The worker could not start: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
