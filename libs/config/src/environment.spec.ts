import { ConfigError, loadConfig } from './environment';

describe('loadConfig', () => {
  it('has an embedded default with no environment at all', () => {
    const config = loadConfig({});
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
      DATABASE_URL: 'postgres://u@db:5432/suivi',
      REDIS_URL: 'redis://r:6379',
      PORT: '8080',
    });
    expect(config).toMatchObject({ queueBackend: 'redis', seedDemo: false, port: 8080 });
  });

  it('never seeds in production, even when asked', () => {
    const secret = { LINK_SECRET: 'x'.repeat(32) };
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true', ...secret }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).seedDemo).toBe(false);
  });

  it('refuses production without its own link secret, and half a Twilio configuration', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/LINK_SECRET is required in production/);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toThrow(/TWILIO_AUTH_TOKEN/);
    expect(() => loadConfig({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`, TWILIO_AUTH_TOKEN: 't' })).toThrow(
      /TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM/,
    );
    const twilio = loadConfig({
      TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
      TWILIO_AUTH_TOKEN: 't',
      TWILIO_FROM: '+33700000000',
    }).notifications.twilio;
    expect(twilio).toMatchObject({ from: '+33700000000', messagingServiceSid: null });
    expect(loadConfig({}).notifications).toMatchObject({ smtpUrl: null, twilio: null });
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
    expect(() => loadConfig({ HOME: '/root', PATH: '/bin' })).not.toThrow();
  });
});
