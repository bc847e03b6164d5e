import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from './config-error';

export const LINK_SECRET_FILE = 'link-secret';

/**
 * The embedded default's LINK_SECRET: 48 random bytes (base64url, 64 characters) written once to
 * `<dataDir>/link-secret` with mode 0600 and read back on every later start, so the links already sent keep
 * working. The folder is created (mode 0711) when missing, never re-permissioned when it exists.
 *
 * The file is written beside, then hard-linked into place, so a start killed half-way never leaves an empty
 * secret, and two starts at once agree on one secret. Throws a ConfigError when the file is not a regular
 * file, can be read by other users, or holds fewer than 32 characters.
 */
export function linkSecretInDataFolder(dataDir: string): string {
  return secretFileInDataFolder(dataDir, LINK_SECRET_FILE, 'LINK_SECRET', {
    make: () => randomBytes(48).toString('base64url'),
    check: (secret) => (secret.length < 32 ? 'a LINK_SECRET of at least 32 characters' : null),
    regenerate: 'the links already sent stop working',
  });
}

/**
 * A secret of the embedded default kept in `<dataDir>/<name>` (mode 0600): made by `make` on the first
 * start, read back on every later one (see linkSecretInDataFolder for how it is written). `check` answers
 * null when the text read back is usable, else what the file must hold; `regenerate` says what deleting it
 * costs. Throws a ConfigError naming `variable` when the file is not a regular file, can be read by other
 * users, or fails `check`.
 */
export function secretFileInDataFolder(
  dataDir: string,
  name: string,
  variable: string,
  options: { make: () => string; check: (text: string) => string | null; regenerate: string },
): string {
  const file = resolve(join(dataDir, name));
  if (!exists(file)) {
    // 0711: other users cannot list it, but the embedded server's `postgres` user (run as root) can reach its folder.
    mkdirSync(resolve(dataDir), { recursive: true, mode: 0o711 });
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const fd = openSync(draft, 'wx', 0o600);
    try {
      writeSync(fd, `${options.make()}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(draft, file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      unlinkSync(draft);
    }
  }
  const stat = lstatSync(file);
  if (!stat.isFile()) throw new ConfigError([`${file} must be a regular file holding ${variable}`]);
  if ((stat.mode & 0o077) !== 0) {
    throw new ConfigError([
      `${file} holds ${variable} but other users can read it: run chmod 600 ${file} (or delete it to make a new one: ${options.regenerate})`,
    ]);
  }
  const secret = readFileSync(file, 'utf8').trim();
  const wanted = options.check(secret);
  if (wanted !== null) {
    throw new ConfigError([
      `${file} must hold ${wanted}: delete it to make a new one (${options.regenerate})`,
    ]);
  }
  return secret;
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
