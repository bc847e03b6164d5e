import { UnrecoverableError } from 'bullmq';
import { JobName } from './job-names';
import { MissingJobHandlerError, UnknownJobError, checkJobHandlers, jobProcessor } from './job-handlers';
import { QueueName } from './queue-names';

const job = (name: string, data: unknown = {}) => ({ name, data, attemptsMade: 0, opts: { attempts: 1 } });

function allHandlers() {
  return {
    [JobName.DeliverNotification]: jest.fn(async () => 'delivered'),
    [JobName.DeadlineSweep]: jest.fn(async () => 'swept'),
    [JobName.DailyDigests]: jest.fn(async () => 'digested'),
    [JobName.TransparencyCheckpoints]: jest.fn(async () => 'signed'),
    [JobName.OnCallEscalation]: jest.fn(async () => 'escalated'),
  };
}

describe('checkJobHandlers: one handler per job name, checked at start-up', () => {
  it('accepts a handler for every job name', () => {
    expect(() => checkJobHandlers(allHandlers())).not.toThrow();
  });

  it.each(Object.values(JobName))('throws, naming it, when %s has no handler', (name) => {
    const handlers: Partial<Record<JobName, unknown>> = allHandlers();
    delete handlers[name];
    expect(() => checkJobHandlers(handlers)).toThrow(MissingJobHandlerError);
    expect(() => checkJobHandlers(handlers)).toThrow(`No handler registered for job ${name}`);
  });

  it('names every missing job, and refuses a handler that is not a function', () => {
    const handlers = { [JobName.DeliverNotification]: 'not a function' };
    expect(() => checkJobHandlers(handlers)).toThrow(
      `No handler registered for jobs ${Object.values(JobName).join(', ')}`,
    );
  });
});

describe('jobProcessor: a queue dispatches by job name', () => {
  it('runs the handler of the job name and answers its result', async () => {
    const handlers = allHandlers();
    const process = jobProcessor(QueueName.Maintenance, handlers);
    await expect(process(job(JobName.DeadlineSweep, { landlordIds: ['x'] }))).resolves.toBe('swept');
    expect(handlers[JobName.DeadlineSweep]).toHaveBeenCalledWith(
      expect.objectContaining({ data: { landlordIds: ['x'] } }),
    );
    await expect(process(job(JobName.DailyDigests))).resolves.toBe('digested');
    expect(handlers[JobName.DeliverNotification]).not.toHaveBeenCalled();
  });

  it('cannot be built when a job of its queue has no handler', () => {
    const { [JobName.DailyDigests]: _, ...handlers } = allHandlers();
    expect(() => jobProcessor(QueueName.Maintenance, handlers)).toThrow(MissingJobHandlerError);
    // The email queue carries no digest job: it does not need that handler.
    expect(() => jobProcessor(QueueName.Email, handlers)).not.toThrow();
  });

  it('fails an unknown job name loudly, without retries, and runs nothing', async () => {
    const handlers = allHandlers();
    const process = jobProcessor(QueueName.Email, handlers);
    const failed = process(job('dleiver'));
    await expect(failed).rejects.toThrow(UnknownJobError);
    await expect(failed).rejects.toThrow(UnrecoverableError);
    await expect(failed).rejects.toThrow("Unknown job 'dleiver' on queue 'email'");
    for (const handler of Object.values(handlers)) expect(handler).not.toHaveBeenCalled();
  });

  it("fails a known job that arrives on another job's queue", async () => {
    const handlers = allHandlers();
    await expect(jobProcessor(QueueName.Sms, handlers)(job(JobName.DeadlineSweep))).rejects.toThrow(
      UnknownJobError,
    );
    expect(handlers[JobName.DeadlineSweep]).not.toHaveBeenCalled();
  });
});
