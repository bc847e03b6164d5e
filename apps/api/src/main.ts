import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@suivi/config';
import { logStrayErrorsAndKeepServing } from '@suivi/observability';
import { createApiApp } from './bootstrap';
import { describeError, onStopSignal, stopApi } from './shutdown';

// Production entry point: DATABASE_URL must point at a migrated database (`npm run migration:run`).
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  // One request's or job's stray error is logged; it never ends the process for everyone else.
  logStrayErrorsAndKeepServing();
  if (!config.databaseUrl) {
    process.stderr.write(
      'Invalid configuration:\n  - DATABASE_URL is required to run the API alone (npm start runs the embedded default)\n',
    );
    process.exit(1);
  }
  const app = await createApiApp(config);
  const logger = new Logger('Suivi');
  // SIGTERM (every deploy): stop accepting, answer the requests in flight, close keep-alive connections,
  // then the pools; out within 10 s, as container runtimes expect.
  onStopSignal(
    async (signal) => {
      const started = Date.now();
      logger.log(`Stopping on ${signal}: answering the requests in flight…`);
      const cut = await stopApi(app);
      logger.log(`API stopped in ${Date.now() - started} ms${cut ? ` (${cut} connections cut)` : ''}`);
    },
    { say: (line) => logger.warn(line) },
  );
  await app.listen(config.port, '0.0.0.0');
  logger.log(`API on ${config.publicBaseUrl}/api/v1, docs on ${config.publicBaseUrl}/api/docs`);
}

main().catch((e: unknown) => {
  process.stderr.write(`The API could not start: ${describeError(e)}\n`);
  process.exit(1);
});
