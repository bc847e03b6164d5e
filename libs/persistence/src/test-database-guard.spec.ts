import { assertTestDatabase } from './test-database-guard';

describe('assertTestDatabase', () => {
  it.each(['suivi_test', 'test', 'suivi_test_3', 'test_suivi'])('accepts %s', (name) => {
    expect(assertTestDatabase(`postgres://postgres@127.0.0.1:5432/${name}`)).toBe(name);
  });
  it.each(['suivi', 'postgres', 'contest', 'suivi_testing', 'attestations'])('refuses %s', (name) => {
    expect(() => assertTestDatabase(`postgres://postgres@127.0.0.1:5432/${name}`)).toThrow(/Refusing/);
  });
});
