import { loadConfigOrExit } from '@suivi/config';
import { createDataSource } from './data-source';

/** For `npm run migration:generate` only: the TypeORM CLI wants a module exporting one DataSource. */
const config = loadConfigOrExit(process.env, { linkSecret: 'unused' });
if (!config.databaseUrl) {
  process.stderr.write('DATABASE_URL is required to generate a migration\n');
  process.exit(1);
}
export default createDataSource(config.databaseUrl);
