// Load Prow's config.yaml (+ job config files + supplemental dirs) and plugins.yaml as Prow does,
// returning typed, defaulted config and every problem as file:line:column.
import { checkProwConfig } from './config-check.js';
import { buildJobConfig, readJobConfigFiles } from './job-config.js';
import type { JobConfig, JobSource } from './job-config.js';
import { checkPluginNames, checkPluginsConfig } from './plugins-check.js';
import { applyPluginDefaults } from './plugins-defaults.js';
import { normalizePlugins } from './plugins.js';
import { pluginsConfigSchema } from './plugins.schema.js';
import type { PluginsConfig, RawPluginsConfig } from './plugins.schema.js';
import { ConfigError, hasErrors } from './problems.js';
import type { Finding, Problem } from './problems.js';
import { SUPPLEMENTAL_PROW_KEYS, prowConfigSchema } from './prow-config.schema.js';
import type { RawProwConfig } from './prow-config.schema.js';
import { PLUGIN_CONFIG_SUFFIX, PROW_CONFIG_SUFFIX, findSupplementalFiles, mergeConfig, unmergeableKeys } from './supplemental.js';
import type { MergeRules } from './supplemental.js';
import { checkSource, isPlainObject, problemAt } from './validate.js';
import { readYamlFile } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

export { ConfigError, formatProblem } from './problems.js';
export type { Problem, Severity } from './problems.js';
export type { JobConfig } from './job-config.js';
export type { Periodic, Postsubmit, Preset, Presubmit } from './jobs.schema.js';
export type { PluginsConfig } from './plugins.schema.js';
export type { TideConfig, TideQuery } from './tide.schema.js';
export type { BranchProtection } from './branch-protection.schema.js';

export interface LoadOptions {
  configPath: string;
  jobConfigPath?: string;
  pluginConfigPath?: string;
  supplementalProwConfigDirs?: string[];
  supplementalPluginConfigDirs?: string[];
  /** Prow's --supplemental-prow-configs-filename-suffix (default `_prowconfig.yaml`). */
  supplementalProwConfigSuffix?: string;
  /** Prow's --supplemental-plugin-configs-filename-suffix (default `_pluginconfig.yaml`). */
  supplementalPluginConfigSuffix?: string;
}

/** config.yaml after loading: jobs merged from every file and defaulted. */
export type ProwConfig = Omit<RawProwConfig, keyof JobConfig> &
  JobConfig & { prowjob_namespace: string; pod_namespace: string };

export interface LoadedConfig {
  config: ProwConfig;
  plugins: PluginsConfig;
  problems: Problem[];
}

const PROW_RULES: MergeRules = { prowMerges: SUPPLEMENTAL_PROW_KEYS, uniqueKeysUnder: [] };
const PLUGIN_RULES: MergeRules = {
  prowMerges: ['approve', 'bugzilla', 'external_plugins', 'label.restricted_labels', 'lgtm', 'plugins', 'triggers', 'welcome'],
  uniqueKeysUnder: ['plugins', 'external_plugins'],
};
const JOB_KEYS = ['presets', 'presubmits', 'postsubmits', 'periodics', 'decorate_all_jobs', 'prow_ignored'] as const;
const supplementalProwSchema = prowConfigSchema.omit(Object.fromEntries(JOB_KEYS.map((k) => [k, true])) as { [K in (typeof JOB_KEYS)[number]]: true });

function hasPath(value: unknown, path: readonly (string | number)[]): boolean {
  let v = value;
  for (const seg of path) {
    if (!isPlainObject(v) && !Array.isArray(v)) return false;
    v = (v as Record<string | number, unknown>)[seg];
    if (v === undefined) return false;
  }
  return true;
}

/** Place a finding about merged data in the first file that holds its path. */
function locate(sources: readonly YamlSource[], f: Finding): Problem {
  const src = sources.find((s) => hasPath(s.value, f.path)) ?? sources[0]!;
  return problemAt(src, f.path, f.severity, f.message, f.check);
}

interface Merged<T> {
  data: T;
  sources: YamlSource[];
  valid: boolean;
}

/** Read the main file and its supplemental files, validate each, and merge them in order. */
function readMerged<T extends object>(
  main: YamlSource, suppFiles: string[], schemas: { main: Parameters<typeof checkSource>[0]; supplemental: Parameters<typeof checkSource>[0] },
  what: string, rules: MergeRules, problems: Problem[], perFile: (data: T) => { findings: Finding[]; data: T },
): Merged<T> {
  const first = checkSource(schemas.main, main, what);
  problems.push(...main.problems, ...first.problems);
  const prepared = first.data ? perFile(first.data as T) : undefined;
  for (const f of prepared?.findings ?? []) problems.push(problemAt(main, f.path, f.severity, f.message, f.check));
  let data: unknown = prepared?.data ?? {};
  const sources = [main];
  for (const file of suppFiles) {
    const src = readYamlFile(file);
    const checked = checkSource(schemas.supplemental, src, `a supplemental ${what}`);
    problems.push(...src.problems, ...checked.problems);
    if (!checked.data) continue;
    const extra = perFile(checked.data as T);
    const { merged, findings } = mergeConfig(data, extra.data, rules);
    for (const f of [...extra.findings, ...unmergeableKeys(extra.data as Record<string, unknown>, rules), ...findings]) {
      problems.push(problemAt(src, f.path, f.severity, f.message, f.check));
    }
    data = merged;
    sources.push(src);
  }
  return { data: data as T, sources, valid: first.data !== undefined };
}

function loadPlugins(opts: LoadOptions, problems: Problem[]): PluginsConfig {
  if (opts.pluginConfigPath === undefined) return applyPluginDefaults({});
  const main = readYamlFile(opts.pluginConfigPath, ' (set COXSWAIN_PLUGINS or --plugin-config)');
  const supp = findSupplementalFiles(opts.supplementalPluginConfigDirs ?? [], opts.supplementalPluginConfigSuffix ?? PLUGIN_CONFIG_SUFFIX, '--supplemental-plugin-config-dir');
  problems.push(...supp.problems);
  const merged = readMerged<RawPluginsConfig>(main, supp.files, { main: pluginsConfigSchema, supplemental: pluginsConfigSchema }, 'plugins.yaml', PLUGIN_RULES, problems,
    (data) => ({ findings: checkPluginNames(data), data: data.plugins ? { ...data, plugins: normalizePlugins(data.plugins) } : data }));
  // A file that could not be read or parsed has been reported already; "no plugins" would be noise.
  if (merged.valid && !hasErrors(main.problems)) {
    for (const f of checkPluginsConfig(merged.data)) problems.push(locate(merged.sources, f));
  }
  return applyPluginDefaults(merged.data);
}

function fileOrder(problems: Problem[]): Problem[] {
  const order = new Map<string, number>();
  for (const p of problems) if (!order.has(p.file)) order.set(p.file, order.size);
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => order.get(a.p.file)! - order.get(b.p.file)! || (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

/** Load everything; problems are returned, never thrown (see loadConfigOrThrow). */
export function loadConfig(opts: LoadOptions): LoadedConfig {
  const problems: Problem[] = [];
  const main = readYamlFile(opts.configPath, ' (set COXSWAIN_CONFIG or --config)');
  const supp = findSupplementalFiles(opts.supplementalProwConfigDirs ?? [], opts.supplementalProwConfigSuffix ?? PROW_CONFIG_SUFFIX, '--supplemental-prow-config-dir');
  problems.push(...supp.problems);
  const merged = readMerged<RawProwConfig>(main, supp.files, { main: prowConfigSchema, supplemental: supplementalProwSchema }, 'config.yaml', PROW_RULES, problems,
    (data) => ({ findings: [], data }));
  const raw = merged.data;
  for (const f of checkProwConfig(raw)) problems.push(locate(merged.sources, f));

  const jobSources: JobSource[] = merged.valid ? [{ src: main, data: raw }] : [];
  if (opts.jobConfigPath !== undefined) {
    const files = readJobConfigFiles(opts.jobConfigPath);
    problems.push(...files.problems);
    jobSources.push(...files.sources);
  }
  const podNamespace = raw.pod_namespace || 'default';
  const built = buildJobConfig(jobSources, {
    podNamespace,
    jobQueueNames: Object.keys(raw.plank?.job_queue_capacities ?? {}),
    decorateAllJobs: raw.decorate_all_jobs ?? false,
  });
  problems.push(...built.problems);
  const config: ProwConfig = { ...raw, ...built.jobs, pod_namespace: podNamespace, prowjob_namespace: raw.prowjob_namespace || 'default' };
  const plugins = loadPlugins(opts, problems);
  return { config, plugins, problems: fileOrder(problems) };
}

/** Load everything, or throw a ConfigError listing every problem if there is any error. */
export function loadConfigOrThrow(opts: LoadOptions): LoadedConfig {
  const loaded = loadConfig(opts);
  if (hasErrors(loaded.problems)) throw new ConfigError(loaded.problems);
  return loaded;
}
