// The data source the TypeORM CLI reads (`npm run migration:generate`); the app builds its own from config.
import { loadConfigOrExit } from '@suivi/config';
import { createDataSource } from './data-source';

const config = loadConfigOrExit(process.env, { linkSecret: 'unused' });
if (!config.databaseUrl) {
  process.stderr.write('DATABASE_URL must be set to generate or run migrations from the TypeORM CLI\n');
  process.exit(1);
}
export default createDataSource(config.databaseUrl, 2);
