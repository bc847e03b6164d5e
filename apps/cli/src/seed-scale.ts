#!/usr/bin/env node
/**
 * npm run seed:scale [-- --complaints 1000000 --years 3 --seed 7 --fresh --allow-existing-data]
 *
 * Creates the scale data set (default 1,000,000 complaints, about 8 events each, hash-chained so an export
 * verifies with suivi-verify) in DATABASE_URL (default: a database named suivi_scale on 127.0.0.1), creating
 * and migrating it if needed. Refuses a database holding data it did not create unless told otherwise.
 */
import { runMigrations } from '@suivi/persistence';
import { SCALE_PREFIX, ensureScaleDatabase, seedScale } from '@suivi/seed';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/suivi_scale';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const flag = (name: string) => process.argv.includes(`--${name}`);

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_URL;
  const complaints = Number(option('complaints') ?? 1_000_000);
  const years = Number(option('years') ?? 3);
  const seed = Number(option('seed') ?? 7);
  if (!Number.isInteger(complaints) || complaints < 1)
    throw new Error('--complaints must be a whole number ≥ 1');
  const shown = new URL(databaseUrl);
  shown.password = shown.password ? '***' : '';
  console.log(
    `seed:scale → ${shown.toString()}: ${complaints.toLocaleString('en')} complaints over ${years} years`,
  );
  await ensureScaleDatabase(databaseUrl, flag('fresh'));
  await runMigrations(databaseUrl);
  const result = await seedScale({
    databaseUrl,
    complaints,
    years,
    now: new Date(),
    seed,
    prefix: SCALE_PREFIX,
    allowExistingData: flag('allow-existing-data'),
    batch: Number(option('batch') ?? 2_000),
    log: (line) => console.log(line),
  });
  console.log(
    `Done: ${result.complaints.toLocaleString('en')} complaints, ${result.events.toLocaleString('en')} events ` +
      `(${(result.events / result.complaints).toFixed(2)} per complaint) in ${result.seconds.toFixed(1)} s`,
  );
  for (const l of result.landlords) {
    console.log(
      `  ${l.code.padEnd(24)} ${l.complaints.toLocaleString('en').padStart(10)} complaints, ${l.homes.toLocaleString('en')} homes`,
    );
  }
}

main().catch((e: Error) => {
  console.error(`seed:scale: ${e.message}`);
  process.exit(1);
});
