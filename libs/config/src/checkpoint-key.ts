import { generateNoteKey, noteSignerFromPem, parseSignerKey } from '@suivi/domain';
import type { NoteSigner } from '@suivi/domain';
import { ConfigError } from './config-error';
import { secretFileInDataFolder } from './link-secret';

export const CHECKPOINT_KEY_FILE = 'checkpoint-key';

export const CHECKPOINT_KEY_HELP =
  'CHECKPOINT_SIGNING_KEY is required in production: the Ed25519 key that signs the transparency checkpoints, ' +
  'the same for the API and the worker, as a PEM private key (openssl genpkey -algorithm ed25519) or a ' +
  'signed-note key PRIVATE+KEY+<name>+<id>+<base64>';

/** The key name under which a PEM key signs: `<host>/checkpoints` (a signed-note key text names itself). */
export const checkpointKeyName = (host: string): string => `${host}/checkpoints`;

/**
 * The checkpoint signer a CHECKPOINT_SIGNING_KEY text gives: a PEM (PKCS#8) Ed25519 private key, signing as
 * `<host>/checkpoints`, or a signed-note signer key `PRIVATE+KEY+<name>+<hex id>+<base64>`, signing under its
 * own name. Throws a ConfigError naming the variable when it is neither.
 */
export function checkpointSignerOf(text: string, host: string): NoteSigner {
  const value = text.trim();
  try {
    return value.startsWith('PRIVATE+KEY+')
      ? parseSignerKey(value)
      : noteSignerFromPem(checkpointKeyName(host), value.replace(/\\n/g, '\n'));
  } catch (e) {
    throw new ConfigError([
      `CHECKPOINT_SIGNING_KEY is not an Ed25519 private key (${(e as Error).message}). ${CHECKPOINT_KEY_HELP}`,
    ]);
  }
}

/**
 * The embedded default's checkpoint key: a signed-note key text generated once into
 * `<dataDir>/checkpoint-key` (mode 0600) and read back at every later start, so the checkpoints already
 * pushed to federations keep verifying. Throws a ConfigError as linkSecretInDataFolder does.
 */
export function checkpointKeyInDataFolder(dataDir: string, host: string): string {
  return secretFileInDataFolder(dataDir, CHECKPOINT_KEY_FILE, 'CHECKPOINT_SIGNING_KEY', {
    make: () => generateNoteKey(checkpointKeyName(host)).signerKey,
    check: (text) => (text.startsWith('PRIVATE+KEY+') ? null : 'a signed-note key PRIVATE+KEY+…'),
    regenerate: 'the checkpoints already saved by federations no longer verify under a new key',
  });
}

/** A key for this process only (tests, tools, development without the variable). */
export const ephemeralCheckpointKey = (host: string): string =>
  generateNoteKey(checkpointKeyName(host)).signerKey;
