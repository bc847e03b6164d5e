import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';

/**
 * Every environment variable Suivi reads, validated once at start-up. A missing or malformed variable
 * stops the process with a message that names it (see `loadConfig`). Nothing else reads process.env.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, { message: 'PUBLIC_BASE_URL must be an http(s) URL' })
  PUBLIC_BASE_URL?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_SIZE?: number;

  @IsOptional()
  @IsString()
  EMBEDDED_PG_DIR?: string;

  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  EMBEDDED_PG_PORT?: number;

  @IsOptional()
  @IsIn(['true', 'false'])
  SEED_DEMO?: 'true' | 'false';

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose';

  @IsOptional()
  @IsIn(['true', 'false'])
  TRUST_PROXY?: 'true' | 'false';

  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,40}$/, { message: 'QUEUE_PREFIX must be lower-case letters, digits or _' })
  QUEUE_PREFIX?: string;

  @IsOptional()
  @IsInt()
  @Min(10)
  @Max(86400)
  SWEEP_INTERVAL_SECONDS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(240)
  DEADLINE_WARNING_HOURS?: number;
}

export type QueueBackendKind = 'redis' | 'postgres';
export type LogLevel = NonNullable<EnvironmentVariables['LOG_LEVEL']>;

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  /** null until the embedded default has started its own PostgreSQL. */
  databaseUrl: string | null;
  redisUrl: string | null;
  queueBackend: QueueBackendKind;
  queuePrefix: string;
  /** Read the client address from X-Forwarded-For (only behind a proxy that sets it). */
  trustProxy: boolean;
  publicBaseUrl: string;
  dbPoolSize: number;
  seedDemo: boolean;
  logLevel: LogLevel;
  embedded: { dir: string; port: number };
  /** How often the worker's deadline sweep runs, and how far ahead it warns assignees. */
  sweep: { intervalSeconds: number; warningHours: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const INTEGER_VARIABLES = [
  'PORT',
  'DB_POOL_SIZE',
  'EMBEDDED_PG_PORT',
  'SWEEP_INTERVAL_SECONDS',
  'DEADLINE_WARNING_HOURS',
] as const;

export function loadConfig(source: Record<string, string | undefined> = process.env): AppConfig {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(new EnvironmentVariablesKeys())) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  for (const key of INTEGER_VARIABLES) {
    if (typeof raw[key] === 'string') {
      const text = raw[key] as string;
      raw[key] = /^-?\d+$/.test(text) ? Number(text) : text;
    }
  }
  const env = plainToInstance(EnvironmentVariables, raw);
  const errors = validateSync(env, { whitelist: true });
  if (errors.length > 0) {
    throw new ConfigError(
      errors.map(
        (e) => `${e.property}=${JSON.stringify(e.value)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
      ),
    );
  }
  const port = env.PORT ?? 3000;
  const nodeEnv = env.NODE_ENV ?? 'development';
  return {
    env: nodeEnv,
    port,
    databaseUrl: env.DATABASE_URL ?? null,
    redisUrl: env.REDIS_URL ?? null,
    queueBackend: env.REDIS_URL ? 'redis' : 'postgres',
    queuePrefix: env.QUEUE_PREFIX ?? 'suivi',
    trustProxy: env.TRUST_PROXY === 'true',
    publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    dbPoolSize: env.DB_POOL_SIZE ?? 20,
    // Demo data (and demo users) only where nobody configured a database: the embedded default.
    // Production never seeds, whatever SEED_DEMO says.
    seedDemo: nodeEnv !== 'production' && (env.SEED_DEMO ? env.SEED_DEMO === 'true' : !env.DATABASE_URL),
    logLevel: env.LOG_LEVEL ?? 'log',
    embedded: { dir: env.EMBEDDED_PG_DIR ?? '.suivi-data/postgres', port: env.EMBEDDED_PG_PORT ?? 54329 },
    sweep: {
      intervalSeconds: env.SWEEP_INTERVAL_SECONDS ?? 300,
      warningHours: env.DEADLINE_WARNING_HOURS ?? 24,
    },
  };
}

/** The variable names, listed for `loadConfig` (class-validator needs a class; the names come from it). */
class EnvironmentVariablesKeys implements Record<keyof EnvironmentVariables, undefined> {
  NODE_ENV = undefined;
  PORT = undefined;
  DATABASE_URL = undefined;
  REDIS_URL = undefined;
  PUBLIC_BASE_URL = undefined;
  DB_POOL_SIZE = undefined;
  EMBEDDED_PG_DIR = undefined;
  EMBEDDED_PG_PORT = undefined;
  SEED_DEMO = undefined;
  LOG_LEVEL = undefined;
  QUEUE_PREFIX = undefined;
  TRUST_PROXY = undefined;
  SWEEP_INTERVAL_SECONDS = undefined;
  DEADLINE_WARNING_HOURS = undefined;
}

/** Runs `loadConfig` and, on a bad variable, prints which one and exits: used by every entry point. */
export function loadConfigOrExit(source: Record<string, string | undefined> = process.env): AppConfig {
  try {
    return loadConfig(source);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
