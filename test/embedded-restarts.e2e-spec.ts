import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import request from 'supertest';
import { EmbeddedStartError, prepareFolder } from '../libs/persistence/src/embedded-postgres';
import { eventually, freePort } from './support/helpers';

const LAUNCHER = resolve(__dirname, '../dist/apps/standalone/src/main.js');
// eslint-disable-next-line no-control-regex -- terminal colour codes in Nest logs
const plain = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * Issue 13, item 7: `npm start` interrupted at any point of its first start starts cleanly next time, Ctrl-C
 * stops it in order with one line, and it changes nothing it does not own. One data folder is reused across
 * the kill points (each start goes one step further than the last), inside a parent folder made like /tmp
 * (mode 1777) whose mode must never change.
 */
describe('embedded default: interrupted starts and Ctrl-C', () => {
  const base = mkdtempSync(join(tmpdir(), 'suivi-restarts-'));
  // Run as root, the server's `postgres` user must be able to walk down to the data folder.
  chmodSync(base, 0o755);
  const shared = join(base, 'shared-tmp');
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  const pgDir = join(shared, 'suivi-pg');
  const dataDir = join(base, 'data');
  let ports: { http: number; pg: number };
  const children = new Set<number>();

  beforeAll(async () => {
    ports = { http: await freePort(), pg: await freePort() };
  });
  afterAll(() => {
    for (const pid of children) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    // A server left running by a failed assertion is stopped through its lock file.
    const lock = join(pgDir, 'postmaster.pid');
    if (existsSync(lock)) {
      try {
        process.kill(Number(readFileSync(lock, 'utf8').split('\n')[0]), 'SIGQUIT');
      } catch {
        // already gone
      }
    }
    rmSync(base, { recursive: true, force: true });
  });

  /**
   * Starts the compiled launcher in its own process group, as a terminal would. With `killAt`, the whole
   * group is killed (SIGKILL, nothing can clean up) as soon as the output matches, after `delayMs` — or,
   * with `until`, once that also holds (polled), so a kill point does not depend on the machine's speed.
   */
  async function start(
    killAt?: RegExp,
    delayMs = 0,
    until?: () => boolean,
  ): Promise<{ output: string; pid: number; done: Promise<number | null> }> {
    const child = spawn(process.execPath, [LAUNCHER], {
      env: {
        PATH: process.env.PATH,
        PORT: String(ports.http),
        EMBEDDED_PG_PORT: String(ports.pg),
        EMBEDDED_PG_DIR: pgDir,
        SUIVI_DATA_DIR: dataDir,
      },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.add(child.pid!);
    const state = {
      output: '',
      pid: child.pid!,
      done: new Promise<number | null>((r) => child.once('close', r)),
    };
    child.stdout.on('data', (c) => (state.output += c));
    child.stderr.on('data', (c) => (state.output += c));
    const deadline = Date.now() + 120_000;
    const goal = killAt ?? /Suivi is running|could not start/;
    while (!goal.test(plain(state.output)) || (until && !until())) {
      if (killAt && /Suivi is running/.test(state.output))
        throw new Error(`launcher started without reaching ${killAt}:\n${plain(state.output)}`);
      if (child.exitCode !== null)
        throw new Error(`launcher exited (${child.exitCode}):\n${plain(state.output)}`);
      if (Date.now() > deadline)
        throw new Error(`launcher did not reach ${goal} in 120 s:\n${plain(state.output)}`);
      if (until && /Initialised the embedded PostgreSQL/.test(state.output) && !until())
        throw new Error(`launcher passed the kill point of ${goal} before it could be seen`);
      await new Promise((r) => setTimeout(r, 50));
    }
    if (killAt) {
      if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
      process.kill(-child.pid!, 'SIGKILL');
      await state.done;
      children.delete(child.pid!);
    }
    state.output = plain(state.output);
    return state;
  }

  const sharedMode = () => statSync(shared).mode & 0o7777;

  it('comes up cleanly after being killed during initdb, after initdb, after creating the database, mid-migration, after seeding and after the rename; Ctrl-C stops it with one line', async () => {
    // 1. During initdb: nothing half made may be mistaken for a data folder.
    // Killed while initdb writes its side folder (seen on disk), whatever the machine's speed.
    await start(/Starting embedded PostgreSQL/, 0, () =>
      existsSync(join(`${pgDir}.initdb`, 'pgdata', 'PG_VERSION')),
    );
    expect(existsSync(join(pgDir, 'PG_VERSION'))).toBe(false);
    // 2. Right after initdb (the case: a data folder without the `suivi` database).
    await start(/Initialised the embedded PostgreSQL data folder/);
    expect(existsSync(join(pgDir, 'PG_VERSION'))).toBe(true);
    // 3. After creating the database (the server that start left running is found and stopped). The kill of
    // step 2 can land just before or just after its server started (the line comes first): when a server
    // was left running (its postmaster.pid is there), this start must find it and stop it.
    const leftRunning = existsSync(join(pgDir, 'postmaster.pid'));
    const third = await start(/Created the database/);
    if (leftRunning) {
      expect(third.output).toMatch(
        /Stopping the embedded PostgreSQL \(process \d+\) that an interrupted start left running/,
      );
    }
    // Step 3's own kill comes after its server started: step 4 always finds one left running.
    expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(true);
    // 4. Mid-migration, 5. right after seeding (before the database is renamed into place).
    const fourth = await start(/Applying the migrations/, 300);
    expect(fourth.output).toMatch(/Starting over the database an interrupted first start left half made/);
    await start(/Seeded the demo data/);
    // 6. After the database is complete, before the API listens.
    // (On a fast machine the previous kill may land after the rename: then no database is made again and
    // this start is killed once the worker is up, still before the API listens.)
    await start(/Database suivi ready|Worker ready/);
    expect(sharedMode()).toBe(0o1777);

    // Then a start that comes up: the demo data is there exactly once and works.
    const last = await start();
    expect(last.output).toContain('Suivi is running');
    expect(last.output).not.toMatch(/Seeded the demo data|Created the database/);
    const base = `http://127.0.0.1:${ports.http}`;
    // Readiness right after boot may wait for the queue's first answer (2 s timeout on a busy machine).
    await eventually(async () => (await request(base).get('/health')).status === 200, 30_000);
    await request(base).get('/health/live').expect(200, { status: 'ok' });
    const signIn = await request(base)
      .post('/api/v1/auth/token')
      .send({ email: 'agent@demo.suivi.local', password: 'suivi-demo-2026' })
      .expect(200);
    const seeded = await request(base)
      .get('/api/v1/complaints?landlord=HLM-DEMO&pageSize=50')
      .set({ Authorization: `Bearer ${signIn.body.token}` })
      .expect(200);
    expect(new Set(seeded.body.items.map((c: { status: string }) => c.status))).toEqual(
      new Set(['received', 'acknowledged', 'assigned', 'works_checked', 'closed']),
    );
    // The parent folder (like /tmp) keeps its mode; the data folder is Suivi's own.
    expect(sharedMode()).toBe(0o1777);
    expect(statSync(pgDir).mode & 0o777).toBe(0o700);
    // The generated link secret is private.
    expect(statSync(join(dataDir, 'link-secret')).mode & 0o777).toBe(0o600);

    // Start-up work runs on after readiness (the first transparency checkpoint logs once signed): wait for
    // two quiet seconds, so the lines after the Ctrl-C are the ones it causes (a full run once caught the
    // checkpoint's line between the mark and the signal).
    let quietSince = { length: -1, at: Date.now() };
    await eventually(() => {
      const length = plain(last.output).length;
      if (length !== quietSince.length) quietSince = { length, at: Date.now() };
      return Date.now() - quietSince.at >= 2_000;
    }, 60_000);
    // Ctrl-C: the terminal sends SIGINT to the launcher's process group.
    const before = plain(last.output).length;
    const live = { output: '' };
    const exited = last.done;
    process.kill(-last.pid, 'SIGINT');
    const code = await Promise.race([
      exited,
      new Promise<never>((_, fail) =>
        setTimeout(() => fail(new Error('not stopped 30 s after SIGINT')), 30_000),
      ),
    ]);
    children.delete(last.pid);
    live.output = plain(last.output).slice(before);
    expect(code).toBe(0);
    const lines = live.output.split('\n').filter((l) => l.trim() && !/\[MessageSink\]/.test(l));
    expect(lines).toEqual([
      expect.stringMatching(/^Suivi stopped on SIGINT \(API, worker, PostgreSQL\) in [\d.]+ s\.$/),
    ]);
    expect(live.output).not.toMatch(/terminating connection|administrator command|\n\s+at /);
    // PostgreSQL stopped too: no lock left, its port free.
    expect(existsSync(join(pgDir, 'postmaster.pid'))).toBe(false);
  }, 600_000);
});

describe('embedded data folder layout', () => {
  const base = mkdtempSync(join(tmpdir(), 'suivi-layout-'));
  const me = { uid: process.getuid!(), gid: process.getgid!(), asRoot: false };
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('refuses a link, a file, a folder of other files, and a parent anyone can write without the sticky bit', () => {
    const target = join(base, 'target');
    mkdirSync(target);
    symlinkSync(target, join(base, 'link'));
    expect(() => prepareFolder(join(base, 'link'), me)).toThrow(/symbolic link/);
    writeFileSync(join(base, 'file'), '');
    expect(() => prepareFolder(join(base, 'file'), me)).toThrow(/not a folder/);
    writeFileSync(join(target, 'notes.txt'), 'mine');
    expect(() => prepareFolder(target, me)).toThrow(/files that are not a PostgreSQL data folder/);
    const open = join(base, 'open');
    mkdirSync(open);
    chmodSync(open, 0o777);
    expect(() => prepareFolder(join(open, 'pg'), me)).toThrow(EmbeddedStartError);
    expect(() => prepareFolder(join(open, 'pg'), me)).toThrow(
      /writable by every user without the sticky bit/,
    );
    expect(statSync(open).mode & 0o7777).toBe(0o777);
  });

  it('refuses, as root, a folder the postgres user cannot reach, without changing its permissions', () => {
    const closed = join(base, 'closed');
    mkdirSync(closed);
    chmodSync(closed, 0o700);
    expect(() => prepareFolder(join(closed, 'pg'), { ...me, asRoot: true })).toThrow(/cannot enter .*closed/);
    expect(statSync(closed).mode & 0o7777).toBe(0o700);
  });
});
