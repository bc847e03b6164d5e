import { loadConfigOrExit } from '@suivi/config';
import { startHeartbeat } from './heartbeat';
import { createWorkerContext } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.databaseUrl) {
    process.stderr.write('Invalid configuration:\n  - DATABASE_URL is required to run the worker alone\n');
    process.exit(1);
  }
  const context = await createWorkerContext(config);
  context.enableShutdownHooks();
  // Liveness for docker-compose.yml's healthcheck (the worker has no HTTP port).
  startHeartbeat(config.dataDir);
}

void main();
