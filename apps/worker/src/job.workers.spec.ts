import { JobName, MissingJobHandlerError, QueueName } from '@suivi/queue';
import type { AppConfig } from '@suivi/config';
import type { JobQueue } from '@suivi/queue';
import { JobWorkers } from './job.workers';
import type { MaintenanceJobs } from './maintenance.jobs';
import type { NotificationWorkers } from './notification.workers';
import type { TransparencyJobs } from './transparency.jobs';

function workers(maintenanceHandlers: object) {
  const worker = jest.fn((_queue: QueueName) => ({ on: jest.fn() }));
  const jobWorkers = new JobWorkers(
    { notifications: { smsPerSecond: 5 } } as AppConfig,
    { worker } as unknown as JobQueue,
    { handlers: () => maintenanceHandlers } as unknown as MaintenanceJobs,
    {
      handlers: () => ({ [JobName.DeliverNotification]: async () => null }),
    } as unknown as NotificationWorkers,
    {
      handlers: () => ({ [JobName.TransparencyCheckpoints]: async () => ({ signed: 0 }) }),
    } as unknown as TransparencyJobs,
  );
  return { jobWorkers, worker };
}

describe('JobWorkers: the worker starts only with a handler for every job', () => {
  it('starts one worker per queue when every job has its handler', () => {
    const { jobWorkers, worker } = workers({
      [JobName.DeadlineSweep]: async () => null,
      [JobName.DailyDigests]: async () => null,
      [JobName.OnCallEscalation]: async () => null,
    });
    jobWorkers.onApplicationBootstrap();
    expect(worker.mock.calls.map(([queue]) => queue).sort()).toEqual(Object.values(QueueName).sort());
  });

  it('fails start-up, naming the job, before any worker starts, when a handler is missing', () => {
    const { jobWorkers, worker } = workers({ [JobName.DeadlineSweep]: async () => null });
    expect(() => jobWorkers.onApplicationBootstrap()).toThrow(MissingJobHandlerError);
    expect(() => jobWorkers.onApplicationBootstrap()).toThrow(/daily-digests/);
    expect(worker).not.toHaveBeenCalled();
  });
});
