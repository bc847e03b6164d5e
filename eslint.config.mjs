// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.suivi-data/', 'coverage/', '*.js', '*.mjs', 'scripts/'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Every table has one owner (CONVENTIONS.md, "Layout shows the architecture"): SQL lives in a
    // repository or a read-model query class, with typed rows, so services and controllers hold use cases
    // and "who reads or writes this table" is answered by a file name.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: [
      '**/*.repository.ts',
      '**/*.queries.ts',
      '**/*.spec.ts',
      'migrations/**',
      'test/**',
      'bench/**',
      'scripts/**',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression > MemberExpression.callee[property.name=/^(query|transaction|createQueryBuilder)$/]',
          message:
            'Raw SQL (.query / .transaction / createQueryBuilder) belongs in a `*.repository.ts` or `*.queries.ts` file (or migrations, tests, bench, scripts): every table has one owner. Call a repository method from here instead.',
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
