/**
 * Tests drop and recreate their database. This guard refuses any database whose name does not mark it
 * as a test one, so a misconfigured DATABASE_URL can never wipe real data.
 */
export function assertTestDatabase(url: string): string {
  const name = new URL(url).pathname.replace(/^\//, '');
  if (!/(^|_)test(_|$)/.test(name)) {
    throw new Error(
      `Refusing to use database "${name}" for tests: its name must contain a "test" word (e.g. suivi_test)`,
    );
  }
  return name;
}
