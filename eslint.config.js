import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Pure logic (core, plugins): no I/O of any kind.
const PURE = [
  { group: ['node:*', 'fs', 'path', 'http', 'https', 'child_process'], message: 'Pure logic: keep I/O at the edges.' },
  { group: ['@octokit/*', '@kubernetes/*', '@temporalio/*', 'fastify', 'pino'], message: 'Pure logic: keep I/O at the edges.' },
];
// The folders a plugin must never reach into.
const EDGES = '(activities|workflows|github|github-sim|webhook|worker|temporal|client|cli|dev)';
const PLUGIN_EDGE = 'Plugins decide; they never import activities, workflows, github or webhook code. Ask for a fact or return an action.';
const OTHER_PLUGIN = 'A plugin must not import another plugin: move what both need into core.';

export default tseslint.config(
  { ignores: ['**/dist/', 'node_modules/', 'coverage/', 'temporal/.cache/', '.cache/'] },
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
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.test.ts', 'packages/*/test/**/*.ts'],
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
  // Layering: an event comes in at webhook/, becomes a signal, is decided by plugins/ (pure, with
  // the model in core/) and acted on through activities/. Each folder may import only what sits
  // below it; src/layering.test.ts shows each rule failing on a deliberate violation.
  {
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...PURE, { regex: '^\\.\\./', message: 'core imports nothing of Coxswain outside core: move what it needs into core.' }] }],
    },
  },
  {
    files: ['src/plugins/*.ts'],
    ignores: ['**/*.test.ts', 'src/plugins/index.ts', 'src/plugins/testing.ts', 'src/plugins/render.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...PURE,
            { regex: `^\\.\\./${EDGES}(/|$)`, message: PLUGIN_EDGE },
            { regex: '^(\\./|\\.\\./plugins/)(?!types\\.js$)', message: OTHER_PLUGIN },
          ],
        },
      ],
    },
  },
  {
    files: ['src/plugins/*/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...PURE,
            { regex: `^\\.\\./\\.\\./${EDGES}(/|$)`, message: PLUGIN_EDGE },
            { regex: '^(\\.\\./|\\.\\./\\.\\./plugins/)(?!types\\.js$|\\.\\./)', message: OTHER_PLUGIN },
          ],
        },
      ],
    },
  },
  {
    files: ['src/webhook/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./(plugins|activities)(/|$)', message: 'The webhook only turns deliveries into signals: deciding is the workflow\'s job, acting the activities\'.' }] }],
    },
  },
  {
    // The GitHub simulator is a development package (packages/github-sim, a devDependency): the
    // production image has none of it, so what dist/ runs may load it only with import(), as the
    // playground (src/dev/start.ts) and the CLI do, and go on without it.
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/testing.ts', 'src/plugins/render.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: ":matches(ImportDeclaration, ExportNamedDeclaration, ExportAllDeclaration)[importKind!='type'][exportKind!='type'][source.value=/^@coxswain\\u002Fgithub-sim(\\u002F|$)/]",
          message: 'The GitHub simulator is not in the production image: load it with import() where it is optional (src/dev/start.ts), or use it from tests.',
        },
        {
          // tsconfig.build.json leaves the test helpers out of dist/; an import from code that ships would pull them back in.
          selector: ":matches(ImportDeclaration, ExportNamedDeclaration, ExportAllDeclaration, ImportExpression)[source.value=/(^|\\u002F)(testing|render)\\.js$/]",
          message: 'Test helpers (testing.ts, plugins/render.ts) are for tests only and are not in dist/.',
        },
      ],
    },
  },
  {
    files: ['src/activities/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.\\./workflows(/|$)', message: 'Activities never import workflows: workflows call activities, not the other way round.' }] }],
    },
  },
);
