import { applyPluginDefaults } from '../config/plugins-defaults.js';
import type { ProwConfig } from '../config/load.js';
import { configUpdater, resolveConfigUpdater, zglobMatch, type ConfigUpdaterCfg } from './config-updater.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent, PullRequestEvent } from '../core/event.js';
import type { Action, ChangedFile } from '../core/model.js';

// Prow's updateconfig_test.go cases, on the same maps: which ConfigMaps a merge writes, and the reply.

const SHA = '1234512345123451234512345123451234512345';
const PROW_MAPS = {
  'prow/config.yaml': { name: 'config' },
  'prow/plugins.yaml': { name: 'plugins', key: 'test-key' },
  'boskos/resources.yaml': { name: 'boskos-config', clusters: { default: ['boskos'] } },
  'config/foo.yaml': { name: 'multikey-config' },
  'config/bar.yaml': { name: 'multikey-config' },
  'dir/subdir/**/*.yaml': { name: 'glob-config' },
};

const cfgOf = (section: Record<string, unknown> = { maps: PROW_MAPS }, prowjobNamespace = 'default'): ConfigUpdaterCfg =>
  configUpdater.config(applyPluginDefaults({ config_updater: section }), 'org', 'repo', { prowjob_namespace: prowjobNamespace } as ProwConfig);

const merged = (over: Partial<PullRequestEvent> = {}) =>
  prEvent('closed', { merged: true, state: 'closed', mergeSha: SHA, defaultBranch: 'main', baseRef: 'main', body: 'Change the config', ...over });
const file = (filename: string, status = 'modified', previousFilename?: string): ChangedFile => ({ filename, status, additions: 1, deletions: 0, ...(previousFilename ? { previousFilename } : {}) });

function decide(event: GithubEvent, changes: ChangedFile[], cfg = cfgOf()): Action[] {
  const input = { event, state: prView({ state: 'merged' }), config: cfg, botLogin: 'bot', footer: 'FOOTER' };
  const asked = configUpdater.needs(input);
  if (asked.length === 0) return [];
  expect(asked).toEqual([{ kind: 'changedFiles' }]);
  return configUpdater.decide({ ...input, facts: facts({ changedFiles: changes }) });
}
const run = (event: GithubEvent, changes: ChangedFile[], cfg?: ConfigUpdaterCfg) => renderActions(decide(event, changes, cfg));
const reply = (actions: Action[], written = actions.flatMap((a) => (a.type === 'updateConfigMaps' ? a.maps.map((m) => m.summary) : []))) => {
  const a = actions[0];
  if (a?.type !== 'updateConfigMaps') throw new Error('no updateConfigMaps action');
  return written.length === 1 ? a.replies.one.replace('{{summary}}', written[0]!) : a.replies.many.replace('{{count}}', String(written.length)).replace('{{list}}', written.map((s) => a.replies.item.replace('{{summary}}', s)).join(''));
};

describe('config-updater', () => {
  it.each<{ name: string; ev: GithubEvent; changes: ChangedFile[]; want: string[] }>([
    { name: 'Opened PR, no update', ev: prEvent('opened'), changes: [file('prow/config.yaml')], want: [] },
    { name: 'Closed PR, not merged, no update', ev: prEvent('closed', { state: 'closed', merged: false }), changes: [file('prow/config.yaml')], want: [] },
    { name: 'Closed PR, no prow changes, no update', ev: merged(), changes: [file('foo.txt')], want: [] },
    { name: 'no merge commit SHA', ev: merged({ mergeSha: undefined as unknown as string }), changes: [file('prow/config.yaml')], want: [] },
    { name: 'merged into another branch than the default', ev: merged({ baseRef: 'release-1.0' }), changes: [file('prow/config.yaml')], want: [] },
    { name: 'an event recorded without the default branch', ev: merged({ defaultBranch: undefined as unknown as string }), changes: [file('prow/config.yaml')], want: [] },
    { name: 'a comment', ev: comment('/lgtm'), changes: [file('prow/config.yaml')], want: [] },
    { name: 'changed config.yaml (exact path), key from its name', ev: merged(), changes: [file('prow/config.yaml')], want: ['configmap default/default/config@1234512: config.yaml<-prow/config.yaml'] },
    { name: 'changed plugins.yaml, custom key', ev: merged(), changes: [file('prow/plugins.yaml')], want: ['configmap default/default/plugins@1234512: test-key<-prow/plugins.yaml'] },
    { name: 'changed resources.yaml, custom namespace', ev: merged(), changes: [file('boskos/resources.yaml')], want: ['configmap default/boskos/boskos-config@1234512: resources.yaml<-boskos/resources.yaml'] },
    {
      name: 'edited both config/foo.yaml and config/bar.yaml: one ConfigMap, two keys',
      ev: merged(),
      changes: [file('config/foo.yaml'), file('config/bar.yaml')],
      want: ['configmap default/default/multikey-config@1234512: foo.yaml<-config/foo.yaml bar.yaml<-config/bar.yaml'],
    },
    { name: 'removed config/foo.yaml deletes its key', ev: merged(), changes: [file('config/foo.yaml', 'removed')], want: ['configmap default/default/multikey-config@1234512: -foo.yaml'] },
    { name: 'a glob: file deep under the directory', ev: merged(), changes: [file('dir/subdir/fejtaverse/krzyzacy.yaml')], want: ['configmap default/default/glob-config@1234512: krzyzacy.yaml<-dir/subdir/fejtaverse/krzyzacy.yaml'] },
    {
      name: 'a renamed file: the old key goes',
      ev: merged(),
      changes: [file('dir/subdir/fejtaverse/fejtabot.yaml', 'renamed', 'dir/subdir/fejtaverse/krzyzacy.yaml')],
      want: ['configmap default/default/glob-config@1234512: -krzyzacy.yaml fejtabot.yaml<-dir/subdir/fejtaverse/fejtabot.yaml'],
    },
    {
      name: 'add delete edit glob config',
      ev: merged(),
      changes: [file('dir/subdir/fejta.yaml'), file('dir/subdir/fejtaverse/sig-foo/added.yaml', 'added'), file('dir/subdir/fejtaverse/sig-bar/removed.yaml', 'removed')],
      want: ['configmap default/default/glob-config@1234512: fejta.yaml<-dir/subdir/fejta.yaml added.yaml<-dir/subdir/fejtaverse/sig-foo/added.yaml -removed.yaml'],
    },
    {
      name: 'three ConfigMaps',
      ev: merged(),
      changes: [file('prow/plugins.yaml'), file('prow/config.yaml'), file('boskos/resources.yaml')],
      want: [
        'configmap default/default/plugins@1234512: test-key<-prow/plugins.yaml',
        'configmap default/default/config@1234512: config.yaml<-prow/config.yaml',
        'configmap default/boskos/boskos-config@1234512: resources.yaml<-boskos/resources.yaml',
      ],
    },
  ])('$name', ({ ev, changes, want }) => {
    expect(run(ev, changes)).toEqual(want);
  });

  it("answers with Prow's text for one ConfigMap", () => {
    const actions = decide(merged(), [file('prow/config.yaml'), file('README.md')]);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ type: 'updateConfigMaps', sha: SHA, replyTo: { login: 'author', body: 'Change the config', url: 'https://github.com/org/repo/pull/1' } });
    expect(reply(actions)).toBe('Updated the `config` configmap in namespace `default` at cluster `default` using the following files:\n- key `config.yaml` using file `prow/config.yaml`'.replace('\n-', '\n -'));
  });

  it("answers with Prow's text for several, sub-bullets indented three spaces; a removed file's line names no file", () => {
    const actions = decide(merged(), [file('prow/config.yaml'), file('config/foo.yaml', 'removed')]);
    expect(reply(actions)).toBe(
      'Updated the following 2 configmaps:\n' +
        ' * `config` configmap in namespace `default` at cluster `default` using the following files:\n   - key `config.yaml` using file `prow/config.yaml`\n' +
        ' * `multikey-config` configmap in namespace `default` at cluster `default` using the following files:\n   - key `foo.yaml` using file ``\n',
    );
    // Only those written are listed: with one of the two written, the single form.
    expect(reply(actions, [(actions[0] as Extract<Action, { type: 'updateConfigMaps' }>).maps[0]!.summary])).toMatch(/^Updated the `config` configmap/);
  });

  it('gzip: the section-wide flag, overridden per map', () => {
    const cfg = cfgOf({ gzip: true, maps: { 'prow/config.yaml': { name: 'config' }, 'prow/plugins.yaml': { name: 'plugins', gzip: false } } });
    expect(run(merged(), [file('prow/config.yaml'), file('prow/plugins.yaml')], cfg)).toEqual([
      'configmap default/default/config@1234512: config.yaml<-prow/config.yaml (gzip)',
      'configmap default/default/plugins@1234512: plugins.yaml<-prow/plugins.yaml',
    ]);
    const one = cfgOf({ maps: { 'prow/config.yaml': { name: 'config', gzip: true }, 'prow/plugins.yaml': { name: 'plugins' } } });
    expect(run(merged(), [file('prow/config.yaml'), file('prow/plugins.yaml')], one)).toEqual([
      'configmap default/default/config@1234512: config.yaml<-prow/config.yaml (gzip)',
      'configmap default/default/plugins@1234512: plugins.yaml<-prow/plugins.yaml',
    ]);
  });

  it('several clusters and namespaces: one write each; no namespace means prowjob_namespace', () => {
    const cfg = cfgOf({ maps: { 'prow/config.yaml': { name: 'config', clusters: { default: ['', 'other'], build01: ['ci'] } } } }, 'prow');
    expect(run(merged(), [file('prow/config.yaml')], cfg)).toEqual([
      'configmap default/prow/config@1234512: config.yaml<-prow/config.yaml',
      'configmap default/other/config@1234512: config.yaml<-prow/config.yaml',
      'configmap build01/ci/config@1234512: config.yaml<-prow/config.yaml',
    ]);
    expect(cfgOf({ maps: { 'a.yaml': { name: 'a' } } }, '').defaultNamespace).toBe('default');
  });

  it('cluster_groups and the older namespace field', () => {
    const cfg = cfgOf({
      cluster_groups: { builds: { clusters: ['b1', 'b2'], namespaces: ['ci', 'test-pods'] } },
      maps: { 'prow/config.yaml': { name: 'config', cluster_groups: ['builds'] }, 'prow/plugins.yaml': { name: 'plugins', namespace: 'prow' } },
    });
    expect(run(merged(), [file('prow/config.yaml'), file('prow/plugins.yaml')], cfg)).toEqual([
      'configmap b1/ci/config@1234512: config.yaml<-prow/config.yaml',
      'configmap b1/test-pods/config@1234512: config.yaml<-prow/config.yaml',
      'configmap b2/ci/config@1234512: config.yaml<-prow/config.yaml',
      'configmap b2/test-pods/config@1234512: config.yaml<-prow/config.yaml',
      'configmap default/prow/plugins@1234512: plugins.yaml<-prow/plugins.yaml',
    ]);
  });

  it('use_full_path_as_key, renamed too', () => {
    const cfg = cfgOf({ maps: { 'dir/**/*.yaml': { name: 'all', use_full_path_as_key: true } } });
    expect(run(merged(), [file('dir/sub/new.yaml', 'renamed', 'dir/sub/old.yaml')], cfg)).toEqual(['configmap default/default/all@1234512: -dir-sub-old.yaml dir-sub-new.yaml<-dir/sub/new.yaml']);
  });

  it('allowed_repos and denied_repos', () => {
    const only = (allowed: string[], denied: string[] = []) => cfgOf({ maps: { 'prow/config.yaml': { name: 'config', allowed_repos: allowed, denied_repos: denied } } });
    const changes = [file('prow/config.yaml')];
    expect(run(merged(), changes, only(['org/repo']))).toHaveLength(1);
    expect(run(merged(), changes, only(['org']))).toHaveLength(1);
    expect(run(merged(), changes, only(['org/other']))).toEqual([]);
    expect(run(merged(), changes, only([], ['org']))).toEqual([]);
    expect(run(merged(), changes, only(['org'], ['org/repo']))).toEqual([]);
  });

  it("Prow's default maps when none are given", () => {
    expect(resolveConfigUpdater(undefined).maps.map((m) => [m.pattern, m.name])).toEqual([
      ['config/prow/config.yaml', 'config'],
      ['config/prow/plugins.yaml', 'plugins'],
    ]);
    expect(run(merged(), [file('config/prow/plugins.yaml')], cfgOf({}))).toEqual(['configmap default/default/plugins@1234512: plugins.yaml<-config/prow/plugins.yaml']);
  });

  it('partitioned_names entries are left out (not supported)', () => {
    expect(run(merged(), [file('prow/config.yaml')], cfgOf({ maps: { 'prow/config.yaml': { partitioned_names: ['a', 'b'] } } }))).toEqual([]);
  });

  it.each<[string, string, boolean]>([
    ['prow/config.yaml', 'prow/config.yaml', true],
    ['prow/config.yaml', 'prow/config.yml', false],
    ['prow/?onfig.yaml', 'prow/config.yaml', false], // no `*`: compared as is
    ['prow/?onfig.yaml', 'prow/?onfig.yaml', true],
    ['dir/subdir/**/*.yaml', 'dir/subdir/fejta.yaml', true],
    ['dir/subdir/**/*.yaml', 'dir/subdir/a/b/c.yaml', true],
    ['dir/subdir/**/*.yaml', 'dir/other/c.yaml', false],
    ['dir/subdir/**/*.yaml', 'dir/subdir/c.yml', false],
    ['config/*.yaml', 'config/a.yaml', true],
    ['config/*.yaml', 'config/a/b.yaml', false],
    ['config/*.yaml', 'config/a.yaml.bak', false],
    ['./config/*.yaml', 'config/a.yaml', true],
    ['*.yaml', 'a.yaml', true],
    ['*', 'a', false], // zglob: a name no longer than the root (".") never matches
    ['jobs/**/*', 'jobs/x/y', true],
    ['config/a+b*.yaml', 'config/a+b1.yaml', true],
    ['config/a.b*', 'config/aXb1', false],
  ])('zglob %s matches %s: %s', (pattern, name, want) => {
    expect(zglobMatch(pattern, name)).toBe(want);
  });
});
