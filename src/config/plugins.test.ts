import { applyPluginDefaults } from './plugins-defaults.js';
import { enabledPlugins, KNOWN_PLUGINS, normalizePlugins, pluginTargets, sectionFor, triggerFor } from './plugins.js';

describe('enabledPlugins (Prow getPlugins)', () => {
  const cfg = {
    plugins: normalizePlugins({
      kubernetes: { plugins: ['lgtm', 'approve', 'hold'], excluded_repos: ['legacy'] },
      'kubernetes/legacy': ['hold', 'size'],
      'kubernetes/app': { plugins: ['trigger', 'lgtm'] },
      'other/repo': ['cat'],
    }),
  };

  it.each([
    { repo: 'kubernetes/app', want: ['lgtm', 'approve', 'hold', 'trigger'] },
    { repo: 'kubernetes/legacy', want: ['hold', 'size'] }, // excluded_repos drops the org's list
    { repo: 'kubernetes/new', want: ['lgtm', 'approve', 'hold'] },
    { repo: 'other/repo', want: ['cat'] },
    { repo: 'nobody/repo', want: [] },
  ])('$repo → $want', ({ repo, want }) => {
    const [org, name] = repo.split('/') as [string, string];
    expect(enabledPlugins(cfg, org, name)).toEqual(want);
  });

  it('lists targets', () => {
    expect(pluginTargets(cfg)).toEqual({ orgs: ['kubernetes'], repos: ['kubernetes/legacy', 'kubernetes/app', 'other/repo'] });
  });
});

describe('sectionFor (Prow ApproveFor / LgtmFor / TriggerFor)', () => {
  const approve = [
    { repos: ['org'], issue_required: true },
    { repos: ['org/special', 'other/x'], issue_required: false },
  ];
  it('prefers an entry naming the repo over one naming its org', () => {
    expect(sectionFor(approve, 'org', 'special')?.issue_required).toBe(false);
    expect(sectionFor(approve, 'org', 'plain')?.issue_required).toBe(true);
    expect(sectionFor(approve, 'elsewhere', 'repo')).toBeUndefined();
    expect(sectionFor(undefined, 'org', 'repo')).toBeUndefined();
  });
});

describe('KNOWN_PLUGINS', () => {
  it('holds the plugins the seed and the example enable, by their Prow names', () => {
    for (const p of ['config-updater', 'approve', 'assign', 'blunderbuss', 'help', 'hold', 'lgtm', 'lifecycle', 'size', 'trigger', 'wip', 'heart', 'cat', 'override', 'label']) {
      expect(KNOWN_PLUGINS).toContain(p);
    }
    expect(KNOWN_PLUGINS).not.toContain('needs-rebase'); // external
    expect(new Set(KNOWN_PLUGINS).size).toBe(KNOWN_PLUGINS.length);
  });
});

describe('applyPluginDefaults (Prow setDefaults)', () => {
  it('fills the defaults plugins rely on and normalises plugins: to the map form', () => {
    const cfg = applyPluginDefaults({
      plugins: { 'o/r': ['lgtm'] },
      external_plugins: { o: [{ name: 'needs-rebase' }] },
      triggers: [{ repos: ['o'], trusted_org: 'o' }],
      blunderbuss: { wait_for_status: {} },
      approve: [{ repos: ['o'] }],
    });
    expect(cfg.plugins).toEqual({ 'o/r': { plugins: ['lgtm'] } });
    expect(cfg.external_plugins?.o?.[0]?.endpoint).toBe('http://needs-rebase');
    expect(cfg.triggers?.[0]?.join_org_url).toBe('https://github.com/orgs/o/people');
    expect(cfg.blunderbuss).toMatchObject({ request_count: 2, wait_for_status: { context: 'tide', state: 'pending' } });
    expect(cfg.approve?.[0]?.commandHelpLink).toBe('https://go.k8s.io/bot-commands');
    expect(cfg.help?.help_guidelines_url).toBe('https://git.k8s.io/community/contributors/guide/help-wanted.md');
    expect(cfg.owners?.labels_denylist).toEqual(['approved', 'lgtm']);
  });
});

describe('triggerFor', () => {
  it('prefers the repo entry over the org entry', () => {
    const triggers = [{ repos: ['org'], trusted_org: 'a' }, { repos: ['org/repo'], trusted_org: 'b' }];
    expect(triggerFor({ triggers }, 'org', 'repo')?.trusted_org).toBe('b');
    expect(triggerFor({ triggers }, 'org', 'other')?.trusted_org).toBe('a');
    expect(triggerFor({ triggers }, 'else', 'repo')).toBeUndefined();
  });
});
