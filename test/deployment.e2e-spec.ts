import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { load } from 'js-yaml';

/**
 * Issue 13, item 6 and issue 12, item 5: docker-compose.yml and the Dockerfile as a production deployment
 * needs them. No Docker here, so the files are parsed and their properties asserted.
 */
interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  restart?: string;
  ports?: string[];
  environment?: Record<string, string>;
  stop_grace_period?: string;
  healthcheck?: { test: string[] };
}

const root = resolve(__dirname, '..');
const text = readFileSync(resolve(root, 'docker-compose.yml'), 'utf8');
const compose = load(text) as { services: Record<string, Service> };
const { services } = compose;
const seconds = (period: string) => Number(/^(\d+)s$/.exec(period)?.[1] ?? NaN);

describe('docker-compose.yml', () => {
  it('restarts every long-running service, and the one-shot migration only on failure', () => {
    for (const name of ['postgres', 'redis', 'mailpit', 'api', 'worker']) {
      expect([name, services[name].restart]).toEqual([name, 'unless-stopped']);
    }
    expect(services.migrate.restart).toBe('on-failure');
  });

  it('checks the API with its liveness endpoint, which asks neither Redis nor PostgreSQL', () => {
    const probe = services.api.healthcheck!.test.join(' ');
    expect(probe).toContain('http://127.0.0.1:3000/health/live');
    expect(probe).not.toMatch(/\/health['")]/);
  });

  it('checks the worker by the heartbeat it writes into the data folder', () => {
    const probe = services.worker.healthcheck!.test.join(' ');
    expect(probe).toContain('.suivi-data/worker-heartbeat');
    expect(probe).toMatch(/< ?60000/);
  });

  it('gives the API and the worker more time to stop than their own drains take', () => {
    // The API exits within 10 s (STOP_LIMIT_MS 9.5 s); the worker drains for SHUTDOWN_GRACE_SECONDS (8 s).
    expect(seconds(services.api.stop_grace_period!)).toBeGreaterThanOrEqual(11);
    expect(seconds(services.worker.stop_grace_period!)).toBeGreaterThanOrEqual(25);
  });

  it('binds Mailpit to this machine only', () => {
    expect(services.mailpit.ports).toEqual(['127.0.0.1:8025:8025']);
  });

  it('runs Redis with the append-only file and never evicts a job', () => {
    const command = services.redis.command!.join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--maxmemory-policy noeviction');
  });

  it('refuses to start without LINK_SECRET or the database password, and ships no secret of its own', () => {
    const env = services.api.environment!;
    expect(services.worker.environment).toEqual(env);
    expect(env.NODE_ENV).toBe('production');
    expect(env.LINK_SECRET).toMatch(/^\$\{LINK_SECRET:\?[^}]+\}$/);
    expect(env.CHECKPOINT_SIGNING_KEY).toMatch(/^\$\{CHECKPOINT_SIGNING_KEY:\?[^}]+\}$/);
    expect(services.postgres.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?[^}]+\}$/);
    expect(env.DATABASE_URL).toMatch(
      /^postgres:\/\/suivi:\$\{POSTGRES_PASSWORD:\?[^}]*\}@postgres:5432\/suivi$/,
    );
    // No `${VAR:-default}` for a secret, and no literal value for one.
    expect(text).not.toMatch(/(SECRET|PASSWORD|TOKEN)[A-Z_]*:-[^}]/);
    expect(text).not.toMatch(/change-?me/i);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(resolve(root, 'Dockerfile'), 'utf8');
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));

  it('makes the data folder writable by the user the processes run as, before switching to it', () => {
    const chown = runtime.indexOf('chown node:node /app/.suivi-data');
    expect(chown).toBeGreaterThan(-1);
    expect(runtime.indexOf('USER node')).toBeGreaterThan(chown);
  });
});
