export * from './queue-names';
export * from './job-names';
export * from './job-handlers';
export * from './job-queue';
export * from './queue.module';
