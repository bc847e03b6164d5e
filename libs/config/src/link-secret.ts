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
  const file = resolve(join(dataDir, LINK_SECRET_FILE));
  if (!exists(file)) {
    // 0711: other users cannot list it, but the embedded server's `postgres` user (run as root) can reach its folder.
    mkdirSync(resolve(dataDir), { recursive: true, mode: 0o711 });
    const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    const fd = openSync(draft, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(48).toString('base64url')}\n`);
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
  if (!stat.isFile()) throw new ConfigError([`${file} must be a regular file holding LINK_SECRET`]);
  if ((stat.mode & 0o077) !== 0) {
    throw new ConfigError([
      `${file} holds LINK_SECRET but other users can read it: run chmod 600 ${file} (or delete it to make a new one, which breaks the links already sent)`,
    ]);
  }
  const secret = readFileSync(file, 'utf8').trim();
  if (secret.length < 32) {
    throw new ConfigError([
      `${file} must hold a LINK_SECRET of at least 32 characters: delete it to make a new one (the links already sent stop working)`,
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
