export * from './metrics';
export * from './process-errors';
