import { DataSource } from 'typeorm';
import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '@suivi/migrations';
import { ENTITIES } from './entities';

export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    migrationsRun: false,
    extra: { max: poolSize, application_name: 'suivi' },
  };
}

export function createDataSource(url: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
