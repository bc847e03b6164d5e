import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import IORedis from 'ioredis';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';

/** A counter that refuses outright once `limit` attempts were admitted within `windowMs`. */
export interface HardLimit {
  key: string;
  limit: number;
  windowMs: number;
}

/**
 * A counter that never locks but slows down: the first `free` attempts in `windowMs` are admitted at once;
 * after that one attempt is admitted per `baseDelayMs × 2^(attempts − free)` (at most `maxDelayMs`), so
 * a legitimate user keeps a way in while a brute force from many addresses crawls.
 */
export interface SlowLimit {
  key: string;
  free: number;
  windowMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The client address: an address that has not tried this key within `windowMs` gets its first attempt
   * without waiting for the slot, for at most `perWindow` such addresses per window. Without it, one address
   * polling every slot as it opens would take them all and keep the owner out (a denial of service); with
   * it, the owner trying from their own address gets in unless `perWindow` other addresses came first, and
   * a brute force still gets at most `free` + `perWindow` + one per slot attempts per window.
   */
  firstFromAddress?: { address: string; perWindow: number };
}

/** What one attempt is checked against: the hard limits (all must hold) and at most one slow-down. */
export interface Gate {
  hard: HardLimit[];
  slow?: SlowLimit;
}

export type Admission =
  { admitted: true } | { admitted: false; reason: 'locked' | 'slowed'; retryAfterMs: number };

/** The limiter's store (Redis) did not answer: the caller answers 503, never evaluates unchecked. */
export class LimiterUnavailable extends Error {
  constructor(cause: unknown) {
    super('The attempt limiter is unavailable', { cause });
    this.name = 'LimiterUnavailable';
  }
}

/**
 * One atomic step in Redis: check every hard counter and the slow-down slot, and only if all allow it
 * count the attempt on every counter (each window starts at its first attempt). Nothing is counted for a
 * refused attempt. Returns {0} admitted, {1, pttl} locked, {2, pttl} slowed.
 * KEYS: hard counters…, then slow counter and slow slot when ARGV[2] = 1, then the address's first-attempt
 * mark and the count of such first attempts when ARGV[3] = 1 (an address with no mark skips the slot once
 * per window, while that count is under ARGV[last]).
 * ARGV: hardCount, hasSlow, hasFirst, then limit/window per hard counter, then free/window/base/max, then
 * the first attempts allowed per window.
 */
const ADMIT_SCRIPT = `
local h = tonumber(ARGV[1])
local hasSlow = tonumber(ARGV[2]) == 1
local hasFirst = tonumber(ARGV[3]) == 1
for k = 1, h do
  local limit = tonumber(ARGV[3 + 2 * k - 1])
  local n = tonumber(redis.call('GET', KEYS[k]) or '0')
  if n >= limit then
    local ttl = redis.call('PTTL', KEYS[k])
    if ttl < 0 then ttl = tonumber(ARGV[3 + 2 * k]) end
    return {1, ttl}
  end
end
if hasSlow then
  local a = 3 + 2 * h
  local free = tonumber(ARGV[a + 1])
  local base = tonumber(ARGV[a + 3])
  local max = tonumber(ARGV[a + 4])
  local n = tonumber(redis.call('GET', KEYS[h + 1]) or '0')
  local fresh = hasFirst and n >= free and redis.call('EXISTS', KEYS[h + 3]) == 0
    and tonumber(redis.call('GET', KEYS[h + 4]) or '0') < tonumber(ARGV[a + 5])
  if fresh then
    if redis.call('INCR', KEYS[h + 4]) == 1 then
      redis.call('PEXPIRE', KEYS[h + 4], tonumber(ARGV[a + 2]))
    end
  elseif n >= free then
    local delay = math.min(base * (2 ^ math.min(n - free, 30)), max)
    if not redis.call('SET', KEYS[h + 2], '1', 'PX', math.floor(delay), 'NX') then
      local ttl = redis.call('PTTL', KEYS[h + 2])
      if ttl < 0 then ttl = base end
      return {2, ttl}
    end
  end
  if redis.call('INCR', KEYS[h + 1]) == 1 then
    redis.call('PEXPIRE', KEYS[h + 1], tonumber(ARGV[a + 2]))
  end
  if hasFirst then redis.call('SET', KEYS[h + 3], '1', 'PX', tonumber(ARGV[a + 2])) end
end
for k = 1, h do
  if redis.call('INCR', KEYS[k]) == 1 then
    redis.call('PEXPIRE', KEYS[k], tonumber(ARGV[3 + 2 * k]))
  end
end
return {0, 0}
`;

/** Gives back one counted attempt (never below zero, never creating a key). */
/** How long a request waits for Redis to (re)connect before the limiter says it is unavailable. */
const READY_WAIT_MS = 1_500;

const RELEASE_SCRIPT = `
for k = 1, #KEYS do
  local n = tonumber(redis.call('GET', KEYS[k]) or '0')
  if n > 0 then redis.call('DECR', KEYS[k]) end
end
return 0
`;

/**
 * Counts attempts per key (an account, a reference, an address, or a pair of them) *before* the caller
 * evaluates the attempt: `admit` checks and counts in one atomic step, so however many requests arrive in
 * parallel, at most `limit` of them are ever evaluated per window (a check-then-count limiter lets a
 * parallel burst through). A caller gives the attempt back with `release` when it succeeded, or `reset`s
 * a counter. On Redis when REDIS_URL is set, so every replica sees the same counts; in memory (where
 * JavaScript's single thread makes the same step atomic) for the one-process embedded default.
 * Errors: LimiterUnavailable when Redis does not answer.
 */
@Injectable()
export class AttemptLimiter implements OnModuleDestroy {
  private readonly redis: IORedis | null;
  private readonly memory = new Map<string, { count: number; expiresAt: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis = config.redisUrl
      ? new IORedis(config.redisUrl, {
          maxRetriesPerRequest: 1,
          lazyConnect: true,
          connectTimeout: 2_000,
          // Fail fast while Redis is away: callers answer 503 rather than hang.
          enableOfflineQueue: false,
        })
      : null;
    this.redis?.on('error', () => undefined);
  }

  private key(name: string): string {
    return `${this.config.queuePrefix}:attempts:${name}`;
  }

  /** Checks and counts one attempt against the gate, atomically. */
  async admit(gate: Gate): Promise<Admission> {
    if (this.redis) {
      const keys = gate.hard.map((h) => this.key(h.key));
      const first = gate.slow?.firstFromAddress;
      const args: (string | number)[] = [gate.hard.length, gate.slow ? 1 : 0, first ? 1 : 0];
      for (const h of gate.hard) args.push(h.limit, h.windowMs);
      if (gate.slow) {
        keys.push(this.key(gate.slow.key), this.key(`${gate.slow.key}:slot`));
        if (first) {
          keys.push(this.key(`${gate.slow.key}:first:${first.address}`), this.key(`${gate.slow.key}:firsts`));
        }
        args.push(gate.slow.free, gate.slow.windowMs, gate.slow.baseDelayMs, gate.slow.maxDelayMs);
        if (first) args.push(first.perWindow);
      }
      const [verdict, ttl] = (await this.run(() =>
        this.connected().then((r) => r.eval(ADMIT_SCRIPT, keys.length, ...keys, ...args)),
      )) as [number, number];
      if (verdict === 0) return { admitted: true };
      return { admitted: false, reason: verdict === 1 ? 'locked' : 'slowed', retryAfterMs: ttl };
    }
    return this.admitInMemory(gate);
  }

  /** Gives back one attempt on each named counter (after a success: it should not count against anyone). */
  async release(names: string[]): Promise<void> {
    if (names.length === 0) return;
    if (this.redis) {
      const keys = names.map((n) => this.key(n));
      await this.run(() => this.connected().then((r) => r.eval(RELEASE_SCRIPT, keys.length, ...keys)));
      return;
    }
    for (const name of names) {
      const entry = this.live(name);
      if (entry && entry.count > 0) entry.count -= 1;
    }
  }

  async reset(name: string): Promise<void> {
    if (this.redis) await this.run(() => this.connected().then((r) => r.del(this.key(name))));
    else this.memory.delete(name);
  }

  onModuleDestroy(): void {
    if (this.redis && this.redis.status !== 'end') this.redis.disconnect();
  }

  /** The client once ready; waits briefly for a connection being made, so a burst at start-up is served. */
  private async connected(): Promise<IORedis> {
    const redis = this.redis as IORedis;
    if (redis.status === 'ready') return redis;
    if (redis.status === 'wait') redis.connect().catch(() => undefined);
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error) => {
        clearTimeout(timer);
        redis.off('ready', onReady);
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => done();
      const timer = setTimeout(() => done(new Error(`Redis is ${redis.status}`)), READY_WAIT_MS);
      redis.once('ready', onReady);
    });
    return redis;
  }

  private async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (e) {
      throw new LimiterUnavailable(e);
    }
  }

  private live(name: string): { count: number; expiresAt: number } | null {
    const entry = this.memory.get(name);
    if (!entry) return null;
    if (entry.expiresAt <= Date.now()) {
      this.memory.delete(name);
      return null;
    }
    return entry;
  }

  private bump(name: string, windowMs: number): number {
    const entry = this.live(name);
    if (entry) return (entry.count += 1);
    this.memory.set(name, { count: 1, expiresAt: Date.now() + windowMs });
    return 1;
  }

  private admitInMemory(gate: Gate): Admission {
    const now = Date.now();
    for (const h of gate.hard) {
      const entry = this.live(h.key);
      if (entry && entry.count >= h.limit) {
        return { admitted: false, reason: 'locked', retryAfterMs: entry.expiresAt - now };
      }
    }
    if (gate.slow) {
      const s = gate.slow;
      const n = this.live(s.key)?.count ?? 0;
      const first = s.firstFromAddress;
      const firstKey = first ? `${s.key}:first:${first.address}` : null;
      const fresh =
        first !== undefined &&
        n >= s.free &&
        !this.live(firstKey as string) &&
        (this.live(`${s.key}:firsts`)?.count ?? 0) < first.perWindow;
      if (fresh) this.bump(`${s.key}:firsts`, s.windowMs);
      else if (n >= s.free) {
        const slot = this.live(`${s.key}:slot`);
        if (slot) return { admitted: false, reason: 'slowed', retryAfterMs: slot.expiresAt - now };
        const delay = Math.min(s.baseDelayMs * 2 ** Math.min(n - s.free, 30), s.maxDelayMs);
        this.memory.set(`${s.key}:slot`, { count: 1, expiresAt: now + delay });
      }
      this.bump(s.key, s.windowMs);
      if (firstKey) this.memory.set(firstKey, { count: 1, expiresAt: now + s.windowMs });
    }
    for (const h of gate.hard) this.bump(h.key, h.windowMs);
    return { admitted: true };
  }
}
