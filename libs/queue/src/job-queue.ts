import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { Queue, Worker, createPostgresBackend, withBackend } from 'bullmq';
import type { Processor, QueueOptions, WorkerOptions } from 'bullmq';
import IORedis from 'ioredis';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig, QueueBackendKind } from '@suivi/config';
import { QueueName } from './queue-names';

export interface QueueHealth {
  backend: QueueBackendKind;
  status: 'up' | 'down';
  /** Jobs waiting, delayed or active, over every queue. */
  depth?: number;
  error?: string;
}

const HEALTH_TIMEOUT_MS = 2000;

/**
 * BullMQ behind one small class. It hides which backend carries the jobs: Redis when REDIS_URL is set,
 * else PostgreSQL (bullmq's own schema, `bullmq`, in Suivi's database) for the embedded default.
 */
@Injectable()
export class JobQueue implements OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private closed = false;
  /** When SIGTERM arrived (see `shutdownRequested`); the drain's grace counts from then. */
  private shutdownAt: number | null = null;
  private readonly redis: IORedis | null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.redis =
      config.queueBackend === 'redis' && config.redisUrl
        ? new IORedis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: true })
        : null;
    this.redis?.on('error', (e: Error) => this.logger.warn(`Redis: ${e.message}`));
  }

  get backend(): QueueBackendKind {
    return this.config.queueBackend;
  }

  queue(name: QueueName): Queue {
    if (this.closed) throw new Error('The job queue is shut down');
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.createQueue(name);
      queue.on('error', (e: Error) => this.logger.warn(`Queue ${name}: ${e.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private createQueue(name: QueueName): Queue {
    if (this.redis) {
      const options: QueueOptions = { connection: this.redis, prefix: this.config.queuePrefix };
      return new Queue(name, options);
    }
    const { Queue: PgQueue } = withBackend(createPostgresBackend);
    return new PgQueue(name, { connection: this.postgresConnection() }) as unknown as Queue;
  }

  /**
   * A worker on one queue, on the same backend as the queues. Closed with the module, before the queues.
   */
  worker<T = unknown, R = unknown>(
    name: QueueName,
    processor: Processor<T, R>,
    options: Omit<WorkerOptions, 'connection' | 'prefix'> = {},
  ): Worker<T, R> {
    let worker: Worker<T, R>;
    // A job whose worker died is taken up again by another after about one lock duration.
    const lock = {
      lockDuration: this.config.delivery.queueLockMs,
      stalledInterval: this.config.delivery.queueLockMs,
    };
    if (this.redis) {
      worker = new Worker<T, R>(name, processor, {
        ...lock,
        ...options,
        connection: this.redis,
        prefix: this.config.queuePrefix,
      });
    } else {
      const { Worker: PgWorker } = withBackend(createPostgresBackend);
      worker = new PgWorker(name, processor as Processor, {
        ...lock,
        ...options,
        connection: this.postgresConnection(),
      }) as unknown as Worker<T, R>;
    }
    worker.on('error', (e: Error) => this.logger.warn(`Worker ${name}: ${e.message}`));
    this.workers.push(worker as unknown as Worker);
    return worker;
  }

  /** BullMQ's own schema in Suivi's database, for the embedded default. */
  private postgresConnection() {
    if (!this.config.databaseUrl) throw new Error('The PostgreSQL queue backend needs a database URL');
    return { connectionString: this.config.databaseUrl, schema: 'bullmq', migrate: true, max: 4 };
  }

  async health(): Promise<QueueHealth> {
    const check = async (): Promise<QueueHealth> => {
      let depth = 0;
      for (const name of Object.values(QueueName)) {
        const counts = await this.queue(name).getJobCounts('waiting', 'delayed', 'active', 'prioritized');
        depth += Object.values(counts).reduce((a, b) => a + b, 0);
      }
      return { backend: this.backend, status: 'up', depth };
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<QueueHealth>((resolve) => {
      timer = setTimeout(
        () => resolve({ backend: this.backend, status: 'down', error: 'no answer within 2 s' }),
        HEALTH_TIMEOUT_MS,
      );
    });
    try {
      return await Promise.race([
        check().catch((e: Error) => ({ backend: this.backend, status: 'down' as const, error: e.message })),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Called on SIGTERM/SIGINT (apps/worker/src/main.ts): the drain's grace period starts now. */
  shutdownRequested(): void {
    this.shutdownAt ??= Date.now();
  }

  /**
   * Shutdown (SIGTERM): the workers stop taking jobs at once and finish those in flight until
   * SHUTDOWN_GRACE_SECONDS after the signal; jobs still running then are abandoned (BullMQ hands them to another worker after
   * their lock expires, and a send they had started is reconciled). Then the queues and Redis close. The
   * providers' pools close later, at application shutdown, so no running job loses its connection.
   */
  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    const workers = this.workers.splice(0);
    // The grace counts from the signal, not from this hook: other modules' shutdown ran before it.
    const grace = Math.max(
      0,
      this.config.delivery.shutdownGraceMs - (Date.now() - (this.shutdownAt ?? Date.now())),
    );
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      Promise.allSettled(workers.map((w) => w.close())).then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), grace);
      }),
    ]);
    clearTimeout(timer);
    if (!drained) {
      this.logger.warn('Jobs still running after the shutdown grace period: abandoned to other workers');
      await Promise.allSettled(workers.map((w) => w.close(true)));
    }
    await Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    if (this.redis && this.redis.status !== 'end') this.redis.disconnect();
  }
}
