import { Logger, SetMetadata } from '@nestjs/common';
import type { ExecutionContext, OnModuleDestroy } from '@nestjs/common';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { ThrottlerStorageService } from '@nestjs/throttler';
import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import IORedis from 'ioredis';
import type { Principal } from '@suivi/access';
import type { AppConfig } from '@suivi/config';

const THROTTLE_EVERY_CALLER = 'suivi:throttle-every-caller';

/**
 * Marks a route whose per-address limit holds for every caller, signed in or not: sign-in and the tenant's
 * reference lookup. A staff bearer token must not buy an attacker unlimited guesses there.
 */
export const ThrottleEveryCaller = () => SetMetadata(THROTTLE_EVERY_CALLER, true);

/**
 * The per-address limiter's store on Redis, its keys under `<QUEUE_PREFIX>:throttle:` so deployments (and
 * test files) sharing one Redis do not share counters. While Redis is away it counts in this process's
 * memory instead (per replica, so a little looser): these limits only hold back floods, and a tenant must be
 * able to file and search while Redis is down (the outbox is in PostgreSQL). Sign-in and lookups still
 * answer 503 then, from the attempt limiter, which fails closed. Never a 500.
 */
export class PrefixedRedisThrottlerStorage implements ThrottlerStorage, OnModuleDestroy {
  private readonly inner: ThrottlerStorageRedisService;

  constructor(redisUrl: string, prefix: string) {
    // ioredis puts the prefix before every key it sends, the script's KEYS included.
    const redis = new IORedis(redisUrl, {
      keyPrefix: `${prefix}:throttle:`,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    });
    redis.on('error', () => undefined);
    this.inner = new ThrottlerStorageRedisService(redis);
    this.redis = redis;
  }

  private readonly redis: IORedis;
  private readonly memory = new ThrottlerStorageService();
  private warned = false;

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    if (this.redis.status === 'ready') {
      try {
        return await this.inner.increment(key, ttl, limit, blockDuration, throttlerName);
      } catch (e) {
        this.warnOnce(e);
      }
    } else {
      this.warnOnce(new Error(`connection ${this.redis.status}`));
    }
    return this.memory.increment(key, ttl, limit, blockDuration, throttlerName);
  }

  private warnOnce(e: unknown): void {
    if (this.warned) return;
    this.warned = true;
    new Logger('Throttling').warn(
      `Redis unreachable (${e instanceof Error ? e.message : String(e)}): per-address limits counted in memory`,
    );
    setTimeout(() => (this.warned = false), 60_000).unref();
  }

  onModuleDestroy(): void {
    this.memory.onApplicationShutdown();
    if (this.redis.status !== 'end') this.redis.disconnect(false);
  }
}

/** The per-address limits on public routes; on Redis (when configured) so they hold across replicas. */
export function throttlerOptions(config: AppConfig): ThrottlerModuleOptions {
  return {
    throttlers: [{ name: 'default', ttl: 60_000, limit: 60 }],
    // Signed-in staff are accountable: routes they use for their work (filing on a tenant's behalf,
    // residence search) do not count them; sign-in and lookups count everyone.
    skipIf: (context: ExecutionContext) =>
      Reflect.getMetadata(THROTTLE_EVERY_CALLER, context.getHandler()) !== true &&
      context.switchToHttp().getRequest<{ principal?: Principal }>().principal?.kind === 'user',
    ...(config.redisUrl
      ? { storage: new PrefixedRedisThrottlerStorage(config.redisUrl, config.queuePrefix) }
      : {}),
  };
}
