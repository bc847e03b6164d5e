import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '@suivi/config';
import type { AppConfig } from '@suivi/config';
import { dataSourceOptions } from './data-source';

/** The TypeORM connection, built from the validated configuration; migrations are run by the launchers. */
@Module({})
export class DatabaseModule {
  static forRoot(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            if (!config.databaseUrl) throw new Error('DATABASE_URL is not resolved');
            return dataSourceOptions(config.databaseUrl, config.dbPoolSize);
          },
        }),
      ],
    };
  }
}
