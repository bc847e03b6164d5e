import { Logger } from '@nestjs/common';
import { loadConfigOrExit } from '@suivi/config';
import { createApiApp } from './bootstrap';

// Production entry point: DATABASE_URL must point at a migrated database (`npm run migration:run`).
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (!config.databaseUrl) {
    process.stderr.write(
      'Invalid configuration:\n  - DATABASE_URL is required to run the API alone (npm start runs the embedded default)\n',
    );
    process.exit(1);
  }
  const app = await createApiApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port, '0.0.0.0');
  new Logger('Suivi').log(`API on ${config.publicBaseUrl}/api/v1, docs on ${config.publicBaseUrl}/api/docs`);
}

void main();
