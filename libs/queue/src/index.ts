export * from './queue-names';
export * from './job-queue';
export * from './queue.module';
