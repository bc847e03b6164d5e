import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import IORedis from 'ioredis';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';

/**
 * Counts failures per key (an account, a reference) and locks the key after too many within a window.
 * On Redis when REDIS_URL is set, so every replica sees the same counts; in memory for the one-process
 * embedded default.
 */
@Injectable()
export class AttemptLimiter implements OnModuleDestroy {
  private readonly redis: IORedis | null;
  private readonly memory = new Map<string, { count: number; expiresAt: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = config.redisUrl
      ? new IORedis(config.redisUrl, { maxRetriesPerRequest: 2, lazyConnect: true })
      : null;
    this.redis?.on('error', () => undefined);
  }

  private key(name: string): string {
    return `${this.config.queuePrefix}:attempts:${name}`;
  }

  /** True when the key has reached `limit` failures within its window. */
  async isLocked(name: string, limit: number): Promise<boolean> {
    return (await this.count(name)) >= limit;
  }

  async count(name: string): Promise<number> {
    if (this.redis) return Number((await this.redis.get(this.key(name))) ?? 0);
    const entry = this.memory.get(name);
    if (!entry || entry.expiresAt < Date.now()) return 0;
    return entry.count;
  }

  /** Records a failure; the window starts at the first failure and lasts `windowMs`. */
  async recordFailure(name: string, windowMs: number): Promise<number> {
    if (this.redis) {
      const key = this.key(name);
      const [[, count]] = (await this.redis.multi().incr(key).pexpire(key, windowMs, 'NX').exec()) as [
        [Error | null, number],
        unknown,
      ];
      return count;
    }
    const now = Date.now();
    const entry = this.memory.get(name);
    if (!entry || entry.expiresAt < now) {
      this.memory.set(name, { count: 1, expiresAt: now + windowMs });
      return 1;
    }
    entry.count += 1;
    return entry.count;
  }

  async reset(name: string): Promise<void> {
    if (this.redis) await this.redis.del(this.key(name));
    else this.memory.delete(name);
  }

  onModuleDestroy(): void {
    if (this.redis && this.redis.status !== 'end') this.redis.disconnect();
  }
}
