import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { hasProblemWords, sayProblem } from './problem-words';

/** Every `.ts` file under a folder (tests left out). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('problem words', () => {
  // The codes the domain and the services give their field errors: `fieldError(field, 'code', …)`.
  const root = resolve(__dirname, '../../../..');
  const codes = new Set(
    sources(join(root, 'libs')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/fieldError\(\s*[^,]+,\s*'(\w+)'/g)].map((m) => m[1]),
    ),
  );

  it('finds the domain’s codes', () => {
    expect(codes.size).toBeGreaterThan(20);
    expect(codes).toContain('appointmentEndBeforeStart');
  });

  it.each(['fr', 'en'] as const)('has words in %s for every code the domain and services use', (lang) => {
    expect([...codes].filter((code) => !hasProblemWords(code, lang))).toEqual([]);
  });

  it('never says a code it does not know with its English sentence', () => {
    const unknown = { code: 'notACode', params: {}, message: 'must be after appointment.start' };
    expect(sayProblem(unknown, 'fr')).not.toContain('appointment');
    expect(sayProblem(unknown, 'en')).not.toContain('appointment');
  });
});
