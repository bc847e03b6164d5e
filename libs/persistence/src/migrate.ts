import { createDataSource } from './data-source';

/** Applies pending migrations (each in its own transaction) and returns their names. */
export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Reverts the last migration. */
export async function revertLastMigration(url: string): Promise<void> {
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
