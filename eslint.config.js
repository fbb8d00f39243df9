import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'temporal/.cache/', '.cache/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // Tests and benchmarks reshape GitHub's example payloads freely.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Workflow code is replayed: no I/O, no Node built-ins, no activity implementations.
    files: ['src/workflows/**/*.ts'],
    ignores: ['src/workflows/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'http', 'https', 'crypto', 'child_process'], message: 'Workflows must be deterministic: do I/O in an activity.' },
            { group: ['@octokit/*', '@kubernetes/*', 'fastify', 'pino'], message: 'Workflows must not do I/O: use an activity.' },
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity'], message: 'Workflow code may only use @temporalio/workflow.' },
            { group: ['../activities/*', '../activities'], allowTypeImports: true, message: 'Import activities as types only (proxyActivities).' },
          ],
        },
      ],
    },
  },
  {
    // Pure decision logic: no I/O of any kind.
    files: ['src/core/**/*.ts', 'src/plugins/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'http', 'https', 'child_process'], message: 'Pure logic: keep I/O at the edges.' },
            { group: ['@octokit/*', '@kubernetes/*', '@temporalio/*', 'fastify', 'pino'], message: 'Pure logic: keep I/O at the edges.' },
          ],
        },
      ],
    },
  },
);
