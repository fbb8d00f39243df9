import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activeRepos, isRepoActiveIn } from './active-repos.js';
import { loadConfigOrThrow, type LoadedConfig } from './load.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coxswain-active-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Loads config.yaml and plugins.yaml through the real loader, so the shapes are the loader's. */
function load(config: string[], plugins: string[]): LoadedConfig {
  writeFileSync(join(dir, 'config.yaml'), `${config.join('\n')}\n`);
  writeFileSync(join(dir, 'plugins.yaml'), `${plugins.join('\n')}\n`);
  return loadConfigOrThrow({ configPath: join(dir, 'config.yaml'), pluginConfigPath: join(dir, 'plugins.yaml') });
}

const job = (name: string) => [`  - name: ${name}`, '    always_run: true', '    spec:', '      containers:', '      - image: alpine'];

test('an org-wide plugin makes every repo of the org active, except the ones it excludes', () => {
  const c = load([], ['plugins:', '  acme:', '    excluded_repos: [secret]', '    plugins: [lgtm]']);
  expect(isRepoActiveIn(c, 'acme', 'web')).toBe(true);
  expect(isRepoActiveIn(c, 'acme', 'secret')).toBe(false);
  expect(isRepoActiveIn(c, 'other', 'web')).toBe(false);
});

test('a repo-level entry, the older list form and plugins Coxswain does not run all count', () => {
  const c = load([], ['plugins:', '  acme/web:', '    plugins: [hold]', '  beta/x:', '    plugins: [jira]', '  acme/empty:', '    plugins: []']);
  expect(isRepoActiveIn(c, 'acme', 'web')).toBe(true);
  expect(isRepoActiveIn(load([], ['plugins:', '  acme/old: [trigger]']), 'acme', 'old')).toBe(true);
  expect(isRepoActiveIn(c, 'beta', 'x')).toBe(true);
  expect(isRepoActiveIn(c, 'acme', 'empty')).toBe(false);
  expect(isRepoActiveIn(c, 'acme', 'other')).toBe(false);
});

test('an excluded repo is still active through its own entry or another rule', () => {
  const c = load([], ['plugins:', '  acme:', '    excluded_repos: [secret, api]', '    plugins: [lgtm]', '  acme/secret:', '    plugins: [hold]', 'external_plugins:', '  acme/api:', '  - name: needs-rebase', '    endpoint: http://x']);
  expect(isRepoActiveIn(c, 'acme', 'secret')).toBe(true);
  expect(isRepoActiveIn(c, 'acme', 'api')).toBe(true);
});

test('external plugins for an org or a repo count, native or not', () => {
  const c = load([], ['plugins: {}', 'external_plugins:', '  acme:', '  - name: needs-rebase', '    endpoint: http://x', '  beta/one:', '  - name: something-else', '    endpoint: http://y']);
  expect(isRepoActiveIn(c, 'acme', 'anything')).toBe(true);
  expect(isRepoActiveIn(c, 'beta', 'one')).toBe(true);
  expect(isRepoActiveIn(c, 'beta', 'two')).toBe(false);
});

test('presubmits and postsubmits make their repo active', () => {
  const c = load(['presubmits:', '  acme/ci:', ...job('unit'), 'postsubmits:', '  acme/deploy:', ...job('release')], ['plugins: {}']);
  expect(isRepoActiveIn(c, 'acme', 'ci')).toBe(true);
  expect(isRepoActiveIn(c, 'acme', 'deploy')).toBe(true);
  expect(isRepoActiveIn(c, 'acme', 'web')).toBe(false);
});

test('a Tide query naming the org or the repo counts, minus its excluded repos', () => {
  const c = load(['tide:', '  queries:', '  - orgs: [acme]', '    excludedRepos: [acme/skip]', '    labels: [lgtm]', '  - repos: [beta/one]', '    labels: [lgtm]'], ['plugins: {}']);
  expect(isRepoActiveIn(c, 'acme', 'web')).toBe(true);
  expect(isRepoActiveIn(c, 'acme', 'skip')).toBe(false);
  expect(isRepoActiveIn(c, 'beta', 'one')).toBe(true);
  expect(isRepoActiveIn(c, 'beta', 'two')).toBe(false);
});

test('names match without regard to case, as GitHub treats them', () => {
  const c = load(['presubmits:', '  Acme/CI:', ...job('unit')], ['plugins:', '  Kubernetes:', '    excluded_repos: [Secret]', '    plugins: [lgtm]']);
  expect(isRepoActiveIn(c, 'kubernetes', 'test-infra')).toBe(true);
  expect(isRepoActiveIn(c, 'KUBERNETES', 'secret')).toBe(false);
  expect(isRepoActiveIn(c, 'acme', 'ci')).toBe(true);
});

test('nothing configured: nothing is active', () => {
  const c = load([], ['plugins: {}']);
  expect(isRepoActiveIn(c, 'acme', 'web')).toBe(false);
});

test('the predicate follows the configuration it is given now (a reload applies to the next call)', () => {
  let current = load([], ['plugins:', '  acme/web:', '    plugins: [hold]']);
  const active = activeRepos(() => current);
  expect(active('acme', 'web')).toBe(true);
  expect(active('acme', 'api')).toBe(false);
  current = load([], ['plugins:', '  acme/api:', '    plugins: [hold]']);
  expect(active('acme', 'web')).toBe(false);
  expect(active('acme', 'api')).toBe(true);
});
