import { ConsoleLogger, Logger } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../api/src/bootstrap';
import { describeError, drainHttp, onStopSignal } from '../../api/src/shutdown';
import { createWorkerContext } from '../../worker/src/worker.module';
import { UsersService } from '@suivi/access';
import { ComplaintsService } from '@suivi/complaints';
import { ConfigError, loadConfig } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { OrganisationService } from '@suivi/organisation';
import { EmbeddedStartError, ensureDatabase, runMigrations, startEmbeddedPostgres } from '@suivi/persistence';
import type { EmbeddedDatabase } from '@suivi/persistence';
import { seedDemoData } from '@suivi/seed';

/** What has started so far, stopped in the reverse order: API, worker, then PostgreSQL. */
interface Running {
  embedded?: EmbeddedDatabase;
  api?: NestFastifyApplication;
  worker?: INestApplicationContext;
}

/** A start-up step that failed: one sentence saying what failed and what to do. */
class StartFailure extends Error {}

/** The API drains, then the worker drains (its own SHUTDOWN_GRACE_SECONDS), then PostgreSQL stops. */
const STOP_LIMIT_MS = 45_000;

/**
 * `npm start`: the API and the worker in one process. With no DATABASE_URL it starts an embedded
 * PostgreSQL (data in SUIVI_DATA_DIR, `.suivi-data/`) and, with no REDIS_URL, runs BullMQ on PostgreSQL, so
 * a machine with only Node can run Suivi. Every start brings the embedded server to a known state: the
 * database is made (migrated and seeded) under a temporary name and renamed when complete, later starts
 * apply new migrations; a start interrupted at any point is followed by a clean one. Ctrl-C (or SIGTERM)
 * stops the API, the worker and PostgreSQL in that order and says so in one line.
 */
async function main(running: Running, isStopping: () => boolean): Promise<void> {
  const logger = new Logger('Suivi');
  const config = configOrFail();
  if (!config.databaseUrl) {
    logger.log(`Starting embedded PostgreSQL in ${config.embedded.dir} on port ${config.embedded.port}…`);
    const embedded = await startEmbeddedPostgres({ ...config.embedded, log: (line) => logger.log(line) });
    running.embedded = embedded;
    await ensureDatabase(
      embedded,
      async (url) => {
        logger.log('Applying the migrations…');
        await runMigrations(url);
        if (config.seedDemo) await seed({ ...config, databaseUrl: url }, logger);
      },
      (line) => logger.log(line),
    ).catch((e: unknown) => {
      throw isStopping() ? e : new StartFailure(firstStartFailed(config, e));
    });
    config.databaseUrl = embedded.url;
  }
  const applied = await runMigrations(config.databaseUrl).catch((e: unknown) => {
    throw new StartFailure(
      `The migrations could not be applied (${describeError(e)}): check that the database at DATABASE_URL is reachable and that its migrations table was not edited by hand.`,
    );
  });
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);
  // With DATABASE_URL and SEED_DEMO=true: the demo landlord is seeded unless it exists.
  if (config.seedDemo && !running.embedded) await seed(config, logger);
  if (isStopping()) return;

  running.api = await createApiApp(config);
  running.worker = await createWorkerContext(config);
  if (isStopping()) return;
  await running.api.listen(config.port, '0.0.0.0').catch((e: unknown) => {
    throw new StartFailure(
      (e as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `Port ${config.port} is taken by another program: stop it, or set PORT to a free port.`
        : `The API could not listen on port ${config.port} (${describeError(e)}).`,
    );
  });

  const base = config.publicBaseUrl;
  logger.log(
    [
      'Suivi is running (Ctrl-C stops it):',
      `  Portal        ${base}/`,
      `  API           ${base}/api/v1/complaints`,
      `  API docs      ${base}/api/docs`,
      `  Health        ${base}/health`,
      `  Database      ${running.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}; queue backend ${config.queueBackend}`,
    ].join('\n'),
  );
}

function configOrFail(): AppConfig {
  try {
    // The embedded default keeps a random LINK_SECRET of its own in its data folder when none is set.
    return loadConfig(process.env, { linkSecret: 'data-folder' });
  } catch (e) {
    if (e instanceof ConfigError) throw new StartFailure(e.message);
    throw new StartFailure(
      `The data folder could not be prepared (${describeError(e)}): check that SUIVI_DATA_DIR (default .suivi-data) is a folder you can write.`,
    );
  }
}

async function seed(config: AppConfig, logger: Logger): Promise<void> {
  const app = await createApiApp(config);
  try {
    if (await seedDemoData(app.get(OrganisationService), app.get(ComplaintsService), app.get(UsersService)))
      logger.log('Seeded the demo data');
  } finally {
    await app.close();
  }
}

function firstStartFailed(config: AppConfig, e: unknown): string {
  return `The first start could not prepare the embedded database (${describeError(e)}): run npm start again (it starts that step over); if it fails the same way, delete ${config.embedded.dir} to start from nothing.`;
}

/** While stopping: warnings and errors only. */
class WarningsOnly extends ConsoleLogger {
  override log(): void {}
  override debug(): void {}
  override verbose(): void {}
}

/** Stops what is running, API first (answering requests in flight), then the worker, then PostgreSQL. */
async function stopAll(running: Running): Promise<void> {
  // Nest's 'log' lines while closing would bury the one line that says it stopped; warnings still show.
  Logger.overrideLogger(new WarningsOnly());
  if (running.api) {
    await drainHttp(running.api);
    await running.api.close();
  }
  await running.worker?.close();
  await running.embedded?.stop();
}

function bootstrap(): void {
  const running: Running = {};
  let stopping = false;
  const line = (text: string) => process.stdout.write(`${text}\n`);
  // Installed before anything starts, so Ctrl-C during start-up also stops what has started, in order.
  // It replaces every other listener of these signals.
  onStopSignal(
    async (signal) => {
      stopping = true;
      const started = Date.now();
      await stopAll(running);
      line(
        `Suivi stopped on ${signal} (API, worker, PostgreSQL) in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
      );
    },
    { say: line, limitMs: STOP_LIMIT_MS },
  );
  main(running, () => stopping).catch(async (e: unknown) => {
    if (stopping) return; // the signal handler stops and exits
    stopping = true;
    const message =
      e instanceof StartFailure || e instanceof EmbeddedStartError
        ? e.message
        : `Suivi could not start (${describeError(e)}): run npm start again; if it fails the same way, run it with LOG_LEVEL=debug and report what it prints.`;
    process.stderr.write(`Suivi could not start. ${message}\n`);
    if (e instanceof EmbeddedStartError && e.detail) new Logger('Suivi').debug(e.detail);
    await stopAll(running).catch(() => undefined);
    process.exit(1);
  });
}

bootstrap();
