export default async function globalTeardown(): Promise<void> {
  // The test database is kept after the run for inspection; the next run recreates it.
}
