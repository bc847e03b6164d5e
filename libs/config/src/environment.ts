import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { ConfigError } from './config-error';
import { linkSecretInDataFolder } from './link-secret';
import {
  CHECKPOINT_KEY_HELP,
  checkpointKeyInDataFolder,
  checkpointSignerOf,
  ephemeralCheckpointKey,
} from './checkpoint-key';

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

  /** The embedded default's own folder: its PostgreSQL, its generated LINK_SECRET, its message sink. */
  @IsOptional()
  @IsString()
  SUIVI_DATA_DIR?: string;

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

  @IsOptional()
  @Matches(/^.{32,}$/, { message: 'LINK_SECRET must be at least 32 characters' })
  LINK_SECRET?: string;

  /**
   * The Ed25519 key that signs the transparency checkpoints (issue 17): a PEM private key or a signed-note
   * key text `PRIVATE+KEY+<name>+<id>+<base64>`. Required in production; the embedded default keeps one in
   * its data folder; elsewhere a key for the process only.
   */
  @IsOptional()
  @IsString()
  CHECKPOINT_SIGNING_KEY?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  MAIL_FROM?: string;

  @IsOptional()
  @Matches(/^AC[0-9a-fA-F]{32}$/, {
    message: 'TWILIO_ACCOUNT_SID must look like AC followed by 32 hex digits',
  })
  TWILIO_ACCOUNT_SID?: string;

  @IsOptional()
  @IsString()
  TWILIO_AUTH_TOKEN?: string;

  @IsOptional()
  @Matches(/^MG[0-9a-fA-F]{32}$/, {
    message: 'TWILIO_MESSAGING_SERVICE_SID must look like MG followed by 32 hex digits',
  })
  TWILIO_MESSAGING_SERVICE_SID?: string;

  @IsOptional()
  @Matches(/^(\+[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11})$/, {
    message: 'TWILIO_FROM must be an E.164 number or an alphanumeric sender',
  })
  TWILIO_FROM?: string;

  /** Only to point the SDK at a local server that speaks Twilio's REST API (tests, benchmarks). */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+$/, { message: 'TWILIO_API_URL must be an http(s) origin without a path' })
  TWILIO_API_URL?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1000)
  SMS_PER_SECOND?: number;

  @IsOptional()
  @IsString()
  MESSAGE_SINK_FILE?: string;

  /** `true`: platform and landlord administrators must enrol two-factor sign-in before anything else. */
  @IsOptional()
  @IsIn(['true', 'false'])
  REQUIRE_2FA_FOR_ADMINS?: 'true' | 'false';
  /** Opens /metrics and the detailed /health to a bearer holding it; unset, both stay closed. */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{24,}$/, {
    message: 'METRICS_TOKEN must be at least 24 printable characters, no spaces',
  })
  METRICS_TOKEN?: string;
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(300)
  PROVIDER_TIMEOUT_SECONDS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3600)
  RECONCILE_INTERVAL_SECONDS?: number;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_GRACE_SECONDS?: number;

  @IsOptional()
  @IsInt()
  @Min(2)
  @Max(600)
  QUEUE_LOCK_SECONDS?: number;
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
  /** The embedded default's folder (SUIVI_DATA_DIR, default `.suivi-data`). */
  dataDir: string;
  embedded: { dir: string; port: number };
  /** How often the worker's deadline sweep runs, and how far ahead it warns assignees. */
  sweep: { intervalSeconds: number; warningHours: number };
  /** Derives the tracking and work-order link tokens written in messages. */
  linkSecret: string;
  /**
   * Transparency checkpoints: the signing key's text (PEM or signed-note key, validated) and the host that
   * names the logs (`<host>/landlord/<CODE>`) and a PEM key (`<host>/checkpoints`), from PUBLIC_BASE_URL.
   */
  transparency: { signingKey: string; host: string };
  /** The operator's bearer token for /metrics and the detailed /health; null keeps them closed. */
  metricsToken: string | null;
  notifications: {
    /** null: emails go to the development sink. */
    smtpUrl: string | null;
    mailFrom: string;
    /** null: SMS go to the development sink. */
    twilio: {
      accountSid: string;
      authToken: string;
      messagingServiceSid: string | null;
      from: string | null;
      apiUrl: string | null;
    } | null;
    smsPerSecond: number;
    /** Where the development sink appends what it would have sent (JSON lines). */
    sinkFile: string;
  };
  /** Staff accounts: whether administrators must use two-factor sign-in (REQUIRE_2FA_FOR_ADMINS). */
  accounts: { require2faForAdmins: boolean };
  /** Delivery once through crashes and deploys (issue H). */
  delivery: {
    /** SMTP socket and Twilio request timeout, ms. A send still 'sending' after twice this is stale. */
    providerTimeoutMs: number;
    /** How often the worker reconciles uncertain sends and re-feeds the queue from the outbox, ms. */
    reconcileIntervalMs: number;
    /** How long a worker stopped with SIGTERM lets its jobs in flight finish, ms. */
    shutdownGraceMs: number;
    /** BullMQ job lock: a job whose worker died is taken up again after about this long, ms. */
    queueLockMs: number;
  };
}

export { ConfigError };

const INTEGER_VARIABLES = [
  'PORT',
  'DB_POOL_SIZE',
  'EMBEDDED_PG_PORT',
  'SWEEP_INTERVAL_SECONDS',
  'DEADLINE_WARNING_HOURS',
  'SMS_PER_SECOND',
  'PROVIDER_TIMEOUT_SECONDS',
  'RECONCILE_INTERVAL_SECONDS',
  'SHUTDOWN_GRACE_SECONDS',
  'QUEUE_LOCK_SECONDS',
] as const;

/**
 * Where LINK_SECRET comes from when the variable is unset. There is no built-in secret in any mode: a known
 * one lets anyone derive a tenant's tracking link from a complaint id (issue 12, item 5).
 * - `required` (the API, the worker, tests): refuse to start, naming the variable;
 * - `data-folder` (`npm start`'s embedded default, never with NODE_ENV=production): a random secret made on
 *   the first start and kept in `<SUIVI_DATA_DIR>/link-secret` (mode 0600), so links survive restarts;
 * - `unused` (migrations and other tools that write no link): a random secret for this process only.
 */
export type LinkSecretSource = 'required' | 'data-folder' | 'unused';

export interface LoadConfigOptions {
  linkSecret?: LinkSecretSource;
}

export const LINK_SECRET_HELP =
  'LINK_SECRET is required: set it to a random string of at least 32 characters, kept secret and the same for ' +
  'the API and the worker (for example: openssl rand -base64 48)';

/**
 * Reads and checks every variable in `source`. Throws a ConfigError listing each bad or missing variable by
 * name. The only I/O is `data-folder`'s secret file (see LinkSecretSource).
 */
export function loadConfig(
  source: Record<string, string | undefined> = process.env,
  options: LoadConfigOptions = {},
): AppConfig {
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
  const problems: string[] = [];
  const secretSource = options.linkSecret ?? 'required';
  if (
    !env.LINK_SECRET &&
    (secretSource === 'required' || (secretSource === 'data-folder' && nodeEnv === 'production'))
  )
    problems.push(LINK_SECRET_HELP);
  if (!env.CHECKPOINT_SIGNING_KEY && secretSource !== 'unused' && nodeEnv === 'production')
    problems.push(CHECKPOINT_KEY_HELP);
  const twilioParts = [env.TWILIO_ACCOUNT_SID, env.TWILIO_AUTH_TOKEN];
  if (twilioParts.some(Boolean) && !twilioParts.every(Boolean)) {
    problems.push('TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN go together');
  }
  if (env.TWILIO_ACCOUNT_SID && !env.TWILIO_MESSAGING_SERVICE_SID && !env.TWILIO_FROM) {
    problems.push('TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM is required with TWILIO_ACCOUNT_SID');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const dataDir = env.SUIVI_DATA_DIR ?? '.suivi-data';
  const linkSecret =
    env.LINK_SECRET ??
    (secretSource === 'data-folder'
      ? linkSecretInDataFolder(dataDir)
      : randomBytes(32).toString('base64url'));
  const publicBaseUrl = (env.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, '');
  const host = new URL(publicBaseUrl).host;
  const signingKey =
    env.CHECKPOINT_SIGNING_KEY ??
    (secretSource === 'data-folder'
      ? checkpointKeyInDataFolder(dataDir, host)
      : ephemeralCheckpointKey(host));
  // Refuses a key that does not parse, naming the variable.
  checkpointSignerOf(signingKey, host);
  return {
    env: nodeEnv,
    port,
    databaseUrl: env.DATABASE_URL ?? null,
    redisUrl: env.REDIS_URL ?? null,
    queueBackend: env.REDIS_URL ? 'redis' : 'postgres',
    queuePrefix: env.QUEUE_PREFIX ?? 'suivi',
    trustProxy: env.TRUST_PROXY === 'true',
    publicBaseUrl,
    dbPoolSize: env.DB_POOL_SIZE ?? 20,
    // Demo data (and demo users) only where nobody configured a database: the embedded default.
    // Production never seeds, whatever SEED_DEMO says.
    seedDemo: nodeEnv !== 'production' && (env.SEED_DEMO ? env.SEED_DEMO === 'true' : !env.DATABASE_URL),
    logLevel: env.LOG_LEVEL ?? 'log',
    dataDir,
    embedded: { dir: env.EMBEDDED_PG_DIR ?? join(dataDir, 'postgres'), port: env.EMBEDDED_PG_PORT ?? 54329 },
    sweep: {
      intervalSeconds: env.SWEEP_INTERVAL_SECONDS ?? 300,
      warningHours: env.DEADLINE_WARNING_HOURS ?? 24,
    },
    linkSecret,
    transparency: { signingKey, host },
    metricsToken: env.METRICS_TOKEN ?? null,
    notifications: {
      smtpUrl: env.SMTP_URL ?? null,
      mailFrom: env.MAIL_FROM ?? 'Suivi <no-reply@suivi.local>',
      twilio:
        env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN
          ? {
              accountSid: env.TWILIO_ACCOUNT_SID,
              authToken: env.TWILIO_AUTH_TOKEN,
              messagingServiceSid: env.TWILIO_MESSAGING_SERVICE_SID ?? null,
              from: env.TWILIO_FROM ?? null,
              apiUrl: env.TWILIO_API_URL ?? null,
            }
          : null,
      smsPerSecond: env.SMS_PER_SECOND ?? 10,
      sinkFile: env.MESSAGE_SINK_FILE ?? join(dataDir, 'messages.jsonl'),
    },
    accounts: { require2faForAdmins: env.REQUIRE_2FA_FOR_ADMINS === 'true' },
    delivery: {
      providerTimeoutMs: (env.PROVIDER_TIMEOUT_SECONDS ?? 30) * 1000,
      reconcileIntervalMs: (env.RECONCILE_INTERVAL_SECONDS ?? 60) * 1000,
      // 8 s of draining + about 1 s to close the pools: the worker exits within the 10 s of issue 13.
      shutdownGraceMs: (env.SHUTDOWN_GRACE_SECONDS ?? 8) * 1000,
      queueLockMs: (env.QUEUE_LOCK_SECONDS ?? 30) * 1000,
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
  SUIVI_DATA_DIR = undefined;
  EMBEDDED_PG_DIR = undefined;
  EMBEDDED_PG_PORT = undefined;
  SEED_DEMO = undefined;
  LOG_LEVEL = undefined;
  QUEUE_PREFIX = undefined;
  TRUST_PROXY = undefined;
  SWEEP_INTERVAL_SECONDS = undefined;
  DEADLINE_WARNING_HOURS = undefined;
  LINK_SECRET = undefined;
  CHECKPOINT_SIGNING_KEY = undefined;
  SMTP_URL = undefined;
  MAIL_FROM = undefined;
  TWILIO_ACCOUNT_SID = undefined;
  TWILIO_AUTH_TOKEN = undefined;
  TWILIO_MESSAGING_SERVICE_SID = undefined;
  TWILIO_FROM = undefined;
  TWILIO_API_URL = undefined;
  SMS_PER_SECOND = undefined;
  MESSAGE_SINK_FILE = undefined;
  REQUIRE_2FA_FOR_ADMINS = undefined;
  METRICS_TOKEN = undefined;
  PROVIDER_TIMEOUT_SECONDS = undefined;
  RECONCILE_INTERVAL_SECONDS = undefined;
  SHUTDOWN_GRACE_SECONDS = undefined;
  QUEUE_LOCK_SECONDS = undefined;
}

/** Runs `loadConfig` and, on a bad variable, prints which one and exits: used by every entry point. */
export function loadConfigOrExit(
  source: Record<string, string | undefined> = process.env,
  options: LoadConfigOptions = {},
): AppConfig {
  try {
    return loadConfig(source, options);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
