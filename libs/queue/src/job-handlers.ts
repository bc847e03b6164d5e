import { UnrecoverableError } from 'bullmq';
import { JOB_QUEUES, JobName, isJobName, jobsOf } from './job-names';
import type { JobPayloads } from './job-names';
import type { QueueName } from './queue-names';

/** What a handler sees of a BullMQ job: its name, typed payload and attempt counters. */
export interface JobOf<N extends JobName = JobName> {
  name: N;
  data: JobPayloads[N];
  /** Attempts already made before this one (BullMQ's `attemptsMade`). */
  attemptsMade: number;
  opts: { attempts?: number };
}

/** Runs one job; its result is what BullMQ records (say whether the work was done or skipped). */
export type JobHandler<N extends JobName> = (job: JobOf<N>) => Promise<unknown>;

/** One handler per job name: the type requires them all, `checkJobHandlers` checks it again at run time. */
export type JobHandlers = { [N in JobName]: JobHandler<N> };

/** Start-up fails with this when a job name has no handler. */
export class MissingJobHandlerError extends Error {
  constructor(readonly missing: string[]) {
    super(`No handler registered for job${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
    this.name = 'MissingJobHandlerError';
  }
}

/**
 * A job whose name is not a JobName, or not one of its queue's: it fails at once, without retries
 * (UnrecoverableError), and stays in the failed set for an operator to see.
 */
export class UnknownJobError extends UnrecoverableError {
  constructor(queue: QueueName, name: string) {
    super(`Unknown job '${name}' on queue '${queue}': no handler, job failed`);
    this.name = 'UnknownJobError';
  }
}

/**
 * Checks that every JobName has a handler (a function) and names every one that has not.
 * @throws MissingJobHandlerError listing the missing names.
 */
export function checkJobHandlers(
  handlers: Partial<Record<JobName, unknown>>,
): asserts handlers is JobHandlers {
  const missing = (Object.values(JobName) as JobName[]).filter(
    (name) => typeof handlers[name] !== 'function',
  );
  if (missing.length > 0) throw new MissingJobHandlerError(missing);
}

/**
 * The processor of one queue's worker: dispatches each job to its name's handler. A name that is not a
 * JobName, or belongs to another queue, throws UnknownJobError (the job fails, loudly, at once).
 * @throws MissingJobHandlerError when a job of this queue has no handler (checked when built, not per job).
 */
export function jobProcessor(
  queue: QueueName,
  handlers: Partial<Record<JobName, unknown>>,
): (job: {
  name: string;
  data: unknown;
  attemptsMade: number;
  opts: { attempts?: number };
}) => Promise<unknown> {
  const missing = jobsOf(queue).filter((name) => typeof handlers[name] !== 'function');
  if (missing.length > 0) throw new MissingJobHandlerError(missing);
  return async (job) => {
    if (!isJobName(job.name) || !JOB_QUEUES[job.name].includes(queue))
      throw new UnknownJobError(queue, job.name);
    const handler = handlers[job.name] as JobHandler<JobName>;
    return handler(job as JobOf);
  };
}
