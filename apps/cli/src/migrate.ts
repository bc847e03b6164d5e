import { loadConfigOrExit } from '@suivi/config';
import { revertLastMigration, runMigrations } from '@suivi/persistence';

/** `npm run migration:run` / `migration:revert` against DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(process.env, { linkSecret: 'unused' });
  if (!config.databaseUrl) {
    process.stderr.write('Invalid configuration:\n  - DATABASE_URL is required to run migrations\n');
    process.exit(1);
  }
  if (process.argv[2] === 'down') {
    await revertLastMigration(config.databaseUrl);
    process.stdout.write('Reverted the last migration\n');
  } else {
    const applied = await runMigrations(config.databaseUrl);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Nothing to apply\n');
  }
}

main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
