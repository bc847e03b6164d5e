import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { deriveToken, generateNoteKey, parseSignerKey } from '@suivi/domain';
import { ConfigError, loadConfig } from './environment';
import { checkpointSignerOf } from './checkpoint-key';

const secret = { LINK_SECRET: 'x'.repeat(32) };
/** Production also needs the checkpoint key (issue 17). */
const production = {
  NODE_ENV: 'production',
  ...secret,
  CHECKPOINT_SIGNING_KEY: generateNoteKey('suivi.example/checkpoints').signerKey,
};

describe('loadConfig', () => {
  it('has an embedded default with nothing but a link secret', () => {
    const config = loadConfig(secret);
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: null,
      redisUrl: null,
      queueBackend: 'postgres',
      seedDemo: true,
      publicBaseUrl: 'http://localhost:3000',
    });
  });

  it('uses Redis and never seeds when servers are configured', () => {
    const config = loadConfig({
      ...secret,
      DATABASE_URL: 'postgres://u@db:5432/suivi',
      REDIS_URL: 'redis://r:6379',
      PORT: '8080',
    });
    expect(config).toMatchObject({ queueBackend: 'redis', seedDemo: false, port: 8080 });
  });

  it('never seeds in production, even when asked', () => {
    expect(loadConfig({ ...production, SEED_DEMO: 'true' }).seedDemo).toBe(false);
    expect(loadConfig(production).seedDemo).toBe(false);
  });

  it('refuses half a Twilio configuration', () => {
    expect(() => loadConfig({ ...secret, TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toThrow(
      /TWILIO_AUTH_TOKEN/,
    );
    expect(() =>
      loadConfig({ ...secret, TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 't' }),
    ).toThrow(/TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM/);
    const twilio = loadConfig({
      ...secret,
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 't',
      TWILIO_FROM: '+33700000000',
    }).notifications.twilio;
    expect(twilio).toMatchObject({ from: '+33700000000', messagingServiceSid: null });
    expect(loadConfig(secret).notifications).toMatchObject({ smtpUrl: null, twilio: null });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ SEED_DEMO: 'yes' }, 'SEED_DEMO'],
  ])('names the bad variable in %j', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}=`));
  });

  it('ignores unrelated variables', () => {
    expect(() => loadConfig({ ...secret, HOME: '/root', PATH: '/bin' })).not.toThrow();
  });
});

// Issue 12, item 5: with NODE_ENV unset a built-in development secret was used, and a working tracking token
// was derived from a complaint id. No mode has a usable default any more.
describe('LINK_SECRET', () => {
  const OLD_DEFAULT = 'suivi-development-link-secret-not-for-production';
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'suivi-secret-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it.each([[{}], [{ NODE_ENV: 'development' }], [{ NODE_ENV: 'test' }], [{ NODE_ENV: 'production' }]])(
    'is required by the API and the worker in %j, with a message that names it and says how to make one',
    (env) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(
        /LINK_SECRET is required: set it to a random string .*openssl rand/,
      );
    },
  );

  it('is too short below 32 characters', () => {
    expect(() => loadConfig({ LINK_SECRET: 'short' })).toThrow(/LINK_SECRET must be at least 32 characters/);
  });

  it('is random per process for tools that write no link, so nothing can be derived from it', () => {
    const a = loadConfig({}, { linkSecret: 'unused' }).linkSecret;
    const b = loadConfig({}, { linkSecret: 'unused' }).linkSecret;
    expect(a).not.toBe(b);
    expect(a).not.toBe(OLD_DEFAULT);
    expect(a.length).toBeGreaterThanOrEqual(32);
  });

  it('is made once by the embedded default, kept in its data folder with mode 0600, and reused', () => {
    const env = { SUIVI_DATA_DIR: join(dir, 'data') };
    const first = loadConfig(env, { linkSecret: 'data-folder' });
    const file = join(dir, 'data', 'link-secret');
    expect(first.linkSecret).toBe(readFileSync(file, 'utf8').trim());
    expect(first.linkSecret).toMatch(/^[\w-]{64}$/);
    expect(first.linkSecret).not.toBe(OLD_DEFAULT);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'data')).mode & 0o777).toBe(0o711);
    expect(loadConfig(env, { linkSecret: 'data-folder' }).linkSecret).toBe(first.linkSecret);
    // The message sink and the embedded PostgreSQL live in the same folder by default.
    expect(first.embedded.dir).toBe(join(dir, 'data', 'postgres'));
    expect(first.notifications.sinkFile).toBe(join(dir, 'data', 'messages.jsonl'));

    const other = mkdtempSync(join(tmpdir(), 'suivi-secret-'));
    try {
      const another = loadConfig({ SUIVI_DATA_DIR: other }, { linkSecret: 'data-folder' }).linkSecret;
      expect(another).not.toBe(first.linkSecret);
      // So a tracking token derived under one installation's secret opens nothing at another.
      expect(deriveToken(another, 'track', 'c1')).not.toBe(deriveToken(first.linkSecret, 'track', 'c1'));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('is never generated in production, and a set LINK_SECRET wins over the file', () => {
    const env = { SUIVI_DATA_DIR: dir };
    expect(() => loadConfig({ ...env, NODE_ENV: 'production' }, { linkSecret: 'data-folder' })).toThrow(
      /LINK_SECRET is required/,
    );
    expect(loadConfig({ ...env, ...secret }, { linkSecret: 'data-folder' }).linkSecret).toBe(
      secret.LINK_SECRET,
    );
  });

  it('refuses a secret file other users can read, or one too short', () => {
    const file = join(dir, 'link-secret');
    writeFileSync(file, 'y'.repeat(40), { mode: 0o644 });
    chmodSync(file, 0o644);
    expect(() => loadConfig({ SUIVI_DATA_DIR: dir }, { linkSecret: 'data-folder' })).toThrow(/chmod 600/);
    writeFileSync(file, 'short');
    chmodSync(file, 0o600);
    expect(() => loadConfig({ SUIVI_DATA_DIR: dir }, { linkSecret: 'data-folder' })).toThrow(/at least 32/);
  });
});

describe('CHECKPOINT_SIGNING_KEY', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'suivi-ckey-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is required in production, naming the variable', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...secret })).toThrow(
      /CHECKPOINT_SIGNING_KEY is required/,
    );
  });

  it('takes a signed-note key or a PEM Ed25519 key, and refuses anything else', () => {
    const note = generateNoteKey('suivi.example/checkpoints').signerKey;
    const config = loadConfig({ ...secret, CHECKPOINT_SIGNING_KEY: note });
    expect(checkpointSignerOf(config.transparency.signingKey, config.transparency.host).verifierKey).toBe(
      parseSignerKey(note).verifierKey,
    );
    const pem = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const fromPem = loadConfig({
      ...secret,
      CHECKPOINT_SIGNING_KEY: pem,
      PUBLIC_BASE_URL: 'https://suivi.example.org',
    });
    expect(checkpointSignerOf(fromPem.transparency.signingKey, fromPem.transparency.host).name).toBe(
      'suivi.example.org/checkpoints',
    );
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
      .privateKey.export({ format: 'pem', type: 'pkcs8' })
      .toString();
    for (const bad of ['not a key', rsa]) {
      expect(() => loadConfig({ ...secret, CHECKPOINT_SIGNING_KEY: bad })).toThrow(
        /CHECKPOINT_SIGNING_KEY is not an Ed25519 private key/,
      );
    }
  });

  it('is made once by the embedded default, kept in its data folder with mode 0600, and reused', () => {
    const env = { SUIVI_DATA_DIR: dir };
    const first = loadConfig(env, { linkSecret: 'data-folder' }).transparency.signingKey;
    const file = join(dir, 'checkpoint-key');
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadConfig(env, { linkSecret: 'data-folder' }).transparency.signingKey).toBe(first);
    chmodSync(file, 0o644);
    expect(() => loadConfig(env, { linkSecret: 'data-folder' })).toThrow(/chmod 600/);
  });
});
