export * from './environment';
export * from './config.module';
export * from './link-secret';
export * from './checkpoint-key';
