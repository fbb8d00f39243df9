import { checkPluginNames, checkPluginsConfig } from './plugins-check.js';
import type { RawPluginsConfig } from './plugins.schema.js';

const msgs = (findings: { path: readonly (string | number)[]; severity: string; message: string }[]) =>
  findings.map((f) => `${f.path.join('.')}: ${f.severity}: ${f.message}`);

describe('checkPluginNames', () => {
  it('rejects unknown plugins with a suggestion, in both forms, with the right path', () => {
    const cfg: RawPluginsConfig = { plugins: { 'org/repo': ['lgmt', 'hold'] } };
    expect(msgs(checkPluginNames(cfg))).toEqual(['plugins.org/repo.0: error: unknown plugin "lgmt" enabled for org/repo; did you mean "lgtm"?']);
    const map: RawPluginsConfig = { plugins: { org: { plugins: ['hold', 'aprove', 'zzzzzz'] } } };
    expect(msgs(checkPluginNames(map))).toEqual([
      'plugins.org.plugins.1: error: unknown plugin "aprove" enabled for org; did you mean "approve"?',
      'plugins.org.plugins.2: error: unknown plugin "zzzzzz" enabled for org',
    ]);
  });

  it('points external plugins to external_plugins, and renamed ones to their new name', () => {
    expect(msgs(checkPluginNames({ plugins: { org: ['needs-rebase', 'transfer-issue'] } }))).toEqual([
      'plugins.org.0: error: "needs-rebase" enabled for org is an external plugin: list it under "external_plugins:" (with its endpoint), not under "plugins:"',
      'plugins.org.1: warning: plugin "transfer-issue" enabled for org is now called "issue-management" in Prow; rename it',
    ]);
  });

  it('rejects mixing the list form and the map form in one file', () => {
    const f = checkPluginNames({ plugins: { org: { plugins: ['hold'] }, 'org2/repo': ['lgtm'] } });
    expect(f).toEqual([expect.objectContaining({ severity: 'error', path: ['plugins', 'org2/repo'], message: expect.stringMatching(/mixes the list form/) })]);
  });
});

describe('checkPluginsConfig', () => {
  it('accepts a sane configuration', () => {
    expect(checkPluginsConfig({ plugins: { org: { plugins: ['lgtm'] } }, size: { s: 10, m: 30, l: 100, xl: 500, xxl: 1000 } })).toEqual([]);
  });

  it.each<{ name: string; cfg: RawPluginsConfig; want: string[] }>([
    { name: 'no plugins at all', cfg: {}, want: [': warning: no plugins are enabled: there is no "plugins:" section (check its syntax)'] },
    {
      name: 'a plugin enabled for both the org and the repo',
      cfg: { plugins: { org: { plugins: ['lgtm', 'hold'] }, 'org/repo': { plugins: ['lgtm'] }, 'org/legacy': { plugins: ['hold'] } } },
      want: ['plugins.org/repo: error: plugins ["lgtm"] are enabled for both org and org/repo; remove them from org/repo (the org list already covers it)', 'plugins.org/legacy: error: plugins ["hold"] are enabled for both org and org/legacy; remove them from org/legacy (the org list already covers it)'],
    },
    {
      name: 'blunderbuss and rifle together',
      cfg: { plugins: { org: { plugins: ['blunderbuss'] }, 'org/r': { plugins: ['rifle'] } } },
      want: ['plugins.org/r: error: org/r: blunderbuss and rifle are mutually exclusive; enable only one'],
    },
    {
      name: 'bad regexps and sizes',
      cfg: { plugins: { o: ['heart'] }, heart: { commentregexp: '(?i)thanks(' }, size: { s: 50, m: 30 }, blunderbuss: { request_count: 0 } },
      want: [
        'heart.commentregexp: error: heart.commentregexp is not a valid regular expression: error parsing regexp: missing closing ): `(?i)thanks(`',
        'blunderbuss.request_count: error: blunderbuss.request_count must be at least 1, got 0',
        'size: error: size thresholds must not decrease from s to m, l, xl, xxl (Prow compares them as written; set all five)',
      ],
    },
    {
      name: 'a repo listed in two approve entries',
      cfg: { plugins: { o: ['approve'] }, approve: [{ repos: ['o/r'] }, { repos: ['o', 'o/r'] }] },
      want: ['approve.1.repos.1: error: "o/r" appears in more than one "approve" entry; only the first would apply, so merge them'],
    },
    {
      name: 'external plugins configured twice',
      cfg: { plugins: { o: ['hold'] }, external_plugins: { o: [{ name: 'needs-rebase' }], 'o/r': [{ name: 'needs-rebase' }] } },
      want: ['external_plugins.o/r: error: external plugins ["needs-rebase"] are configured for both o and o/r; remove them from one'],
    },
    {
      name: 'an incomplete require_matching_label',
      cfg: { plugins: { o: ['require-matching-label'] }, require_matching_label: [{ org: 'o', regexp: '^kind/', missing_label: 'kind/none' }] },
      want: [
        'require_matching_label.0: error: require_matching_label #0: "regexp" must not match "missing_label"',
        'require_matching_label.0: error: require_matching_label #0: must specify "prs: true" and/or "issues: true"',
      ],
    },
  ])('$name', ({ cfg, want }) => {
    expect(msgs(checkPluginsConfig(cfg))).toEqual(want);
  });
});

describe('config_updater (Prow\'s validateConfigUpdater)', () => {
  const check = (config_updater: RawPluginsConfig['config_updater']) =>
    msgs(checkPluginsConfig({ plugins: { org: { plugins: ['config-updater'] } }, config_updater })).filter((m) => m.startsWith('config_updater'));

  it('accepts distinct keys, clusters or groups', () => {
    expect(check({ cluster_groups: { g: { clusters: ['a'], namespaces: ['n'] } }, maps: { 'config/foo.yaml': { name: 'm' }, 'config/bar.yaml': { name: 'm' }, 'x.yaml': { name: 'x', cluster_groups: ['g'] } } })).toEqual([]);
  });

  it('refuses two files for one key, both clusters and groups, unknown groups; warns about partitions', () => {
    expect(
      check({
        maps: {
          'a/config.yaml': { name: 'config' },
          'b/config.yaml': { name: 'config' },
          'c.yaml': { name: 'c', clusters: { default: ['x'] }, cluster_groups: ['g'] },
          'd.yaml': { name: 'd', cluster_groups: ['nope'] },
          'e.yaml': { partitioned_names: ['e1', 'e2'] },
        },
      }),
    ).toEqual([
      'config_updater.maps.b/config.yaml: error: key config.yaml in configmap config is updated from more than one file ("a/config.yaml" and "b/config.yaml"); give one of them its own "key"',
      'config_updater.maps.c.yaml: error: config_updater.maps["c.yaml"] has both clusters and cluster_groups; keep one',
      'config_updater.maps.c.yaml.cluster_groups.0: error: config_updater.maps["c.yaml"].cluster_groups[0] names a cluster group "g" that config_updater.cluster_groups does not define',
      'config_updater.maps.d.yaml.cluster_groups.0: error: config_updater.maps["d.yaml"].cluster_groups[0] names a cluster group "nope" that config_updater.cluster_groups does not define',
      'config_updater.maps.e.yaml.partitioned_names: warning: config_updater.maps["e.yaml"]: Coxswain\'s config-updater does not spread keys over partitioned_names yet; the files it matches are not synced (use one "name")',
    ]);
  });
});
