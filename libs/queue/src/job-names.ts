import { QueueName } from './queue-names';

/**
 * Every job Suivi runs. The values are the names BullMQ stores (and the maintenance schedulers' ids), so
 * they must not change while jobs of the old name may still wait in a queue.
 */
export enum JobName {
  /** Send one outbox row (email or SMS queue, by the row's channel). */
  DeliverNotification = 'deliver',
  /** The deadline sweep: approaching, missed and chased deadlines become alerts and messages. */
  DeadlineSweep = 'deadline-sweep',
  /** The daily digests of complaint histories. */
  DailyDigests = 'daily-digests',
  /** The on-call duty's escalation: unacknowledged emergency alerts past their delay reach the next people. */
  OnCallEscalation = 'on-call-escalation',
  /** Sequences every landlord's transparency log and signs a checkpoint of each that grew (issue 17). */
  TransparencyCheckpoints = 'transparency-checkpoints',
}

/** The payload of each job, by name. Payloads carry ids, never personal data. */
export interface JobPayloads {
  [JobName.DeliverNotification]: { notificationId: string };
  /** A scheduled sweep has no data; an operator may add one for some landlords only. */
  [JobName.DeadlineSweep]: { landlordIds?: string[] };
  [JobName.DailyDigests]: Record<string, never>;
  [JobName.OnCallEscalation]: Record<string, never>;
  [JobName.TransparencyCheckpoints]: Record<string, never>;
}

/** The queues each job is added to: a queue's worker must handle every job listed for it. */
export const JOB_QUEUES: { readonly [N in JobName]: readonly QueueName[] } = {
  [JobName.DeliverNotification]: [QueueName.Email, QueueName.Sms],
  [JobName.DeadlineSweep]: [QueueName.Maintenance],
  [JobName.DailyDigests]: [QueueName.Maintenance],
  [JobName.OnCallEscalation]: [QueueName.Maintenance],
  [JobName.TransparencyCheckpoints]: [QueueName.Maintenance],
};

/** The job names added to `queue`. */
export function jobsOf(queue: QueueName): JobName[] {
  return (Object.values(JobName) as JobName[]).filter((name) => JOB_QUEUES[name].includes(queue));
}

/** True when `name` is one of JobName's values. */
export function isJobName(name: string): name is JobName {
  return (Object.values(JobName) as string[]).includes(name);
}
