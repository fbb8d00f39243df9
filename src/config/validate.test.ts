import { pluginsConfigSchema } from './plugins.schema.js';
import { prowConfigSchema } from './prow-config.schema.js';
import { checkSource, stripNulls } from './validate.js';
import { parseYaml } from './yaml-source.js';

const check = (lines: string[]) => checkSource(prowConfigSchema, parseYaml(`${lines.join('\n')}\n`, 'config.yaml'), 'config.yaml');
const checkPlugins = (lines: string[]) => checkSource(pluginsConfigSchema, parseYaml(`${lines.join('\n')}\n`, 'plugins.yaml'), 'plugins.yaml');

describe('checkSource', () => {
  it('reports a wrong type as an error at the line of that key', () => {
    const r = check([
      'tide:',
      '  queries:',
      '  - repos: org/repo',
      '    labels: [lgtm]',
      'plank:',
      '  max_revivals: lots',
    ]);
    expect(r.data).toBeUndefined();
    expect(r.problems).toEqual([
      { severity: 'error', file: 'config.yaml', line: 3, column: 5, message: 'tide.queries[0].repos: expected a list, got the string "org/repo"' },
      { severity: 'error', file: 'config.yaml', line: 6, column: 3, message: 'plank.max_revivals: expected a number, got the string "lots"' },
    ]);
  });

  it('reports an unknown key as a warning with its line and a suggestion, and still loads', () => {
    const r = check([
      'presubmits:',
      '  org/repo:',
      '  - name: unit',
      '    alwyas_run: true',
      '    spec: {containers: [{image: x}]}',
      'sinkr: {}',
    ]);
    expect(r.data?.presubmits?.['org/repo']?.[0]?.name).toBe('unit');
    expect(r.problems).toEqual([
      expect.objectContaining({ severity: 'warning', line: 4, column: 5, check: 'unknown-fields', message: 'unknown key "alwyas_run" in presubmits["org/repo"][0] is ignored (as by Prow); did you mean "always_run"?' }),
      expect.objectContaining({ severity: 'warning', line: 6, column: 1, message: 'unknown key "sinkr" at the top level of config.yaml is ignored (as by Prow); did you mean "sinker"?' }),
    ]);
  });

  it('accepts every top-level key Prow has, including components Coxswain does not run', () => {
    const keys = ['plank: {}', 'sinker: {}', 'deck: {spyglass: {}}', 'prowjob_namespace: cd', 'pod_namespace: cd', 'gerrit: {}',
      'owners_dir_blacklist: {default: null, repos: null}', 'owners_dir_denylist: {}', 'push_gateway: {}', 'in_repo_config: {enabled: {"*": false}}',
      'tide: {}', 'branch-protection: {protect-tested-repos: true}', 'github_reporter: {}', 'slack_reporter_configs: {}', 'presets: []',
      'decorate_all_jobs: true', 'managed_webhooks: {}', 'log_level: info', 'status_error_link: x', 'default_job_timeout: 24h',
      'horologium: {}', 'moonraker: {}', 'scheduler: {}', 'jenkins_operators: []', 'github: {link_url: "https://github.com"}',
      'gangway: {}', 'pubsub_subscriptions: {}', 'prow_ignored: {anything: [1]}', 'disabled_clusters: []', 'pipeline: {}'];
    const r = check(keys);
    expect(r.problems).toEqual([]);
    expect(r.data).toBeDefined();
  });

  it('treats key: null as unset, like Go', () => {
    const r = check(['tide:', '  context_options:', '    required-if-present-contexts: null', '    skip-unknown-contexts: false']);
    expect(r.problems).toEqual([]);
    expect(r.data?.tide?.context_options).toEqual({ 'skip-unknown-contexts': false });
  });

  it('converts numbers and booleans given for string fields, as sigs.k8s.io/yaml does', () => {
    const r = check(['presubmits:', '  o/r:', '  - name: 123', '    labels: {preset-x: true}', '    branches: [1.5]']);
    expect(r.problems).toEqual([]);
    expect(r.data?.presubmits?.['o/r']?.[0]).toMatchObject({ name: '123', labels: { 'preset-x': 'true' }, branches: ['1.5'] });
  });

  it('rejects a bad duration with a hint and a bad enum value', () => {
    const r = check(['tide:', '  sync_period: 1 minute', '  merge_method: {org: fast-forward}']);
    expect(r.problems.map((p) => [p.line, p.message])).toEqual([
      [2, 'tide.sync_period: must be a Go duration such as "30s", "5m" or "1h30m"'],
      [3, 'tide.merge_method.org: expected one of "merge", "squash", "rebase" or a mapping (key: value), got the string "fast-forward"'],
    ]);
  });

  it('requires a mapping at the top level', () => {
    const r = checkSource(prowConfigSchema, parseYaml('- a\n- b\n', 'config.yaml'), 'config.yaml');
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'error', line: 1, message: 'config.yaml must be a mapping (key: value) at the top level, got a list' })]);
  });

  it('accepts both forms of plugins: and the {repo: null} external_plugins of the seed', () => {
    const r = checkPlugins(['plugins:', '  org: {plugins: [lgtm], excluded_repos: [x]}', '  org/repo: [hold]', 'external_plugins:', '  org/repo: null']);
    expect(r.problems).toEqual([]);
    expect(r.data?.plugins).toEqual({ org: { plugins: ['lgtm'], excluded_repos: ['x'] }, 'org/repo': ['hold'] });
  });

  it('names both accepted forms when a plugins entry is neither', () => {
    const r = checkPlugins(['plugins:', '  org: lgtm']);
    expect(r.problems).toEqual([expect.objectContaining({ line: 2, message: 'plugins.org: expected a list or a mapping (key: value), got the string "lgtm"' })]);
  });
});

describe('stripNulls', () => {
  it('drops null mapping values but keeps list items', () => {
    expect(stripNulls({ a: null, b: { c: null, d: 1 }, e: [null, 1] })).toEqual({ b: { d: 1 }, e: [null, 1] });
  });
});
