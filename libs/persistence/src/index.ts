export * from './entities';
export * from './data-source';
export * from './database-server.queries';
export * from './database.module';
export * from './embedded-postgres';
export * from './migrate';
export * from './pg-errors';
export * from './test-database-guard';
