import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError, formatProblem, loadConfig, loadConfigOrThrow } from './load.js';
import { enabledPlugins, sectionFor } from './plugins.js';

const FIX = 'test/fixtures/config';
const SEED = `${FIX}/seed-jenkins-x`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coxswain-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, lines: string[]): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe("the Jenkins X seed's real config.yaml and plugins.yaml", () => {
  const loaded = loadConfig({ configPath: `${SEED}/config.yaml`, pluginConfigPath: `${SEED}/plugins.yaml` });

  it('load without errors; the warnings are about the tekton agent and trusted_org', () => {
    expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const kinds = new Set(loaded.problems.map((p) => p.message.replace(/"[^"]*"/g, '…')));
    expect([...kinds].sort()).toEqual([
      'job … uses agent … which Coxswain does not run (Prow does not know it either, so it was not validated); it is loaded but never started',
      "triggers.trusted_org is deprecated in Prow: it still works, but members of the repository's own org are trusted anyway",
    ]);
  });

  it('keeps its jobs, tide queries, branch protection and plugins', () => {
    const { config, plugins } = loaded;
    expect(Object.keys(config.presubmits)).toHaveLength(4);
    expect(config.presubmits['jenkins-x/dummy']![0]).toMatchObject({ name: 'serverless-jenkins', agent: 'tekton', trigger: '(?m)^/test( all| this),?(\\s+|$)', rerun_command: '/test this' });
    expect(config.postsubmits['jenkins-x/dummy']![0]).toMatchObject({ name: 'release', context: 'release', branches: ['master'] }); // context: "" → name
    expect(config.tide?.queries?.[1]?.repos).toContain('vfarcic/environment-tekton-staging');
    expect(config.tide?.context_options?.['from-branch-protection']).toBe(true);
    expect(config['branch-protection']?.orgs?.vfarcic?.repos?.['jx-prow']?.required_status_checks?.contexts).toEqual(['serverless-jenkins']);
    expect(config.pod_namespace).toBe('cd');
    expect(enabledPlugins(plugins, 'jenkins-x', 'dummy')).toHaveLength(14);
    expect(sectionFor(plugins.approve, 'vfarcic', 'jx-prow')).toMatchObject({ lgtm_acts_as_approve: true, require_self_approval: true });
    expect(plugins.external_plugins?.['jenkins-x/dummy']).toBeUndefined(); // `repo: null` is "none"
  });
});

describe("the project's example config/", () => {
  it('loads with zero problems', () => {
    const { config, plugins, problems } = loadConfig({ configPath: 'config/config.yaml', pluginConfigPath: 'config/plugins.yaml' });
    expect(problems).toEqual([]);
    expect(config.presubmits['demo/hello']![0]).toMatchObject({ name: 'pull-hello-unit', always_run: true, context: 'pull-hello-unit' });
    expect(config.periodics[0]).toMatchObject({ name: 'periodic-hello-nightly', cron: '0 3 * * *' });
    expect(enabledPlugins(plugins, 'demo', 'hello')).toEqual(['approve', 'assign', 'blunderbuss', 'cat', 'heart', 'help', 'hold', 'label', 'lgtm', 'lifecycle', 'override', 'size', 'trigger', 'wip']);
    expect(sectionFor(plugins.approve, 'demo', 'hello')).toMatchObject({ lgtm_acts_as_approve: true, require_self_approval: true });
  });
});

describe('loadConfig problems', () => {
  it('names the missing file and how to point at another one', () => {
    const { problems } = loadConfig({ configPath: join(dir, 'nope.yaml'), pluginConfigPath: join(dir, 'nope-plugins.yaml') });
    expect(problems.map(formatProblem)).toEqual([
      `${dir}/nope.yaml: error: file not found: ${dir}/nope.yaml (set COXSWAIN_CONFIG or --config)`,
      `${dir}/nope-plugins.yaml: error: file not found: ${dir}/nope-plugins.yaml (set COXSWAIN_PLUGINS or --plugin-config)`,
    ]);
  });

  it('reports an unknown plugin and a bad trigger at their lines, in file order', () => {
    const cfg = write('config.yaml', ['presubmits:', '  org/repo:', '  - name: unit', '    trigger: "(?m)^/unit["', '    rerun_command: /unit', '    spec: {containers: [{image: x}]}']);
    const plugins = write('plugins.yaml', ['plugins:', '  org/repo:', '  - hold', '  - lgmt']);
    const { problems } = loadConfig({ configPath: cfg, pluginConfigPath: plugins });
    expect(problems.map(formatProblem)).toEqual([
      `${cfg}:4:5: error: presubmit "unit": trigger is not a valid regular expression: error parsing regexp: missing closing ]: \`[\``,
      `${plugins}:4:5: error: unknown plugin "lgmt" enabled for org/repo; did you mean "lgtm"?`,
    ]);
  });

  it('merges jobs from config.yaml and --job-config-path, and finds duplicates across them', () => {
    const cfg = write('config.yaml', ['presubmits:', '  org-a/app:', '  - name: pull-app-unit', '    spec: {containers: [{image: x}]}']);
    const { config, problems } = loadConfig({ configPath: cfg, jobConfigPath: `${FIX}/jobs-tree` });
    expect(problems.map(formatProblem)).toEqual([
      `${FIX}/jobs-tree/org-a/presubmits.yaml:3:5: error: presubmit "pull-app-unit" is defined twice for org-a/app (also at ${cfg}:3); job names must be unique per repository and branch`,
    ]);
    expect(config.periodics.map((p) => p.name)).toEqual(['periodic-app-daily']);
  });
});

describe('supplemental config directories', () => {
  it('merges *_prowconfig.yaml and *_pluginconfig.yaml files found below the directories', () => {
    const { config, plugins, problems } = loadConfig({
      configPath: `${FIX}/supplemental/config.yaml`,
      pluginConfigPath: `${FIX}/supplemental/plugins.yaml`,
      supplementalProwConfigDirs: [`${FIX}/supplemental/prow`],
      supplementalPluginConfigDirs: [`${FIX}/supplemental/plugins`],
    });
    expect(problems).toEqual([]);
    expect(config.tide?.merge_method).toEqual({ 'org-a': 'squash', 'org-b': 'rebase' }); // not org-c: ignored.yaml lacks the suffix
    expect(config.tide?.queries?.map((q) => q.repos)).toEqual([['org-a/app'], ['org-b/lib']]);
    expect(config['branch-protection']?.orgs?.['org-b']?.protect).toBe(true);
    expect(enabledPlugins(plugins, 'org-b', 'lib')).toEqual(['hold', 'lgtm']);
    expect(enabledPlugins(plugins, 'org-a', 'app')).toEqual(['lgtm', 'approve']);
    expect(plugins.lgtm).toEqual([{ repos: ['org-b/lib'], store_tree_hash: true }]);
  });

  it('reports conflicts and settings Prow would not merge, in the supplemental file', () => {
    const cfg = write('config.yaml', ['tide:', '  merge_method: {org: squash}']);
    const extra = write('more/x_prowconfig.yaml', ['tide:', '  merge_method: {org: rebase}', 'plank: {max_revivals: 1}']);
    const plugins = write('plugins.yaml', ['plugins:', '  org: {plugins: [lgtm]}']);
    const extraPlugins = write('p/x_pluginconfig.yaml', ['plugins:', '  org: [hold]']);
    const { problems } = loadConfig({
      configPath: cfg, pluginConfigPath: plugins, supplementalProwConfigDirs: [join(dir, 'more'), join(dir, 'missing')], supplementalPluginConfigDirs: [join(dir, 'p')],
    });
    expect(problems.map(formatProblem)).toEqual([
      `${join(dir, 'missing')}: error: supplemental config directory not found: ${join(dir, 'missing')} (check --supplemental-prow-config-dir)`,
      `${extra}:2:18: error: tide.merge_method.org is set to "rebase" here but to "squash" in an earlier file; set it in one place only`,
      `${extra}:3:1: warning: plank is set in a supplemental file; Prow only merges branch-protection, slack_reporter_configs, tide.merge_method, tide.queries from such files and would reject it`,
      `${extraPlugins}:2:3: error: plugins.org is already defined (in the main file or an earlier supplemental file); define it in one place only`,
    ]);
  });
});

describe('loadConfigOrThrow', () => {
  it('throws a ConfigError carrying and listing every problem', () => {
    const cfg = write('config.yaml', ['periodics:', '- name: p', '  spec: {containers: [{image: x}]}']);
    let err: unknown;
    try {
      loadConfigOrThrow({ configPath: cfg });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toHaveLength(1);
    expect((err as ConfigError).message).toBe(`invalid configuration (1 error):\n${cfg}:2:3: error: periodic "p": set exactly one of cron, interval or minimum_interval`);
  });

  it('returns the config when there are only warnings', () => {
    const cfg = write('config.yaml', ['postsubmits:', '  o/r:', '  - name: j', '    agent: jenkins']);
    expect(loadConfigOrThrow({ configPath: cfg }).problems.map((p) => p.severity)).toEqual(['warning']);
  });
});
