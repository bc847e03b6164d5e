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
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO: 'true' }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).seedDemo).toBe(false);
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
