// `coxswain checkconfig`: validate Prow-format config the way Prow's checkconfig does, with Prow's
// own flag names too, so a config repo's CI job can switch by changing only the binary.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { formatProblem, loadConfig } from '../config/load.js';
import type { LoadOptions } from '../config/load.js';
import { pluginTargets } from '../config/plugins.js';

export interface CheckconfigOptions extends LoadOptions {
  /** Warnings fail the check too (Prow's --strict). */
  strict?: boolean;
  /** Prow warning names to drop, e.g. "unknown-fields" (Prow's --exclude-warning). */
  excludeWarnings?: string[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function runCheckconfig(opts: CheckconfigOptions): { output: string; exitCode: number } {
  const { config, plugins, problems: all } = loadConfig(opts);
  const excluded = new Set(opts.excludeWarnings ?? []);
  const problems = all.filter((p) => p.severity === 'error' || p.check === undefined || !excluded.has(p.check));
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.length - errors;
  const lines = problems.map(formatProblem);
  if (errors > 0 || (opts.strict && warnings > 0)) {
    lines.push(`${plural(errors, 'error')}, ${plural(warnings, 'warning')}${opts.strict && warnings > 0 ? ' (--strict: warnings count as errors)' : ''}`);
    return { output: lines.join('\n'), exitCode: 1 };
  }
  const count = (m: Record<string, unknown[]>) => Object.values(m).reduce((n, l) => n + l.length, 0);
  const postsubmits = count(config.postsubmits);
  const { orgs, repos } = pluginTargets(plugins);
  const names = new Set([...orgs, ...repos].flatMap((k) => plugins.plugins[k]?.plugins ?? []));
  const targets = [orgs.length ? plural(orgs.length, 'org') : '', repos.length ? plural(repos.length, 'repo') : ''].filter(Boolean).join(' and ');
  const parts = [
    plural(count(config.presubmits), 'presubmit'),
    ...(postsubmits > 0 ? [plural(postsubmits, 'postsubmit')] : []),
    plural(config.periodics.length, 'periodic'),
    names.size > 0 ? `${plural(names.size, 'plugin')} enabled across ${targets}` : 'no plugins enabled',
  ];
  lines.push(`config OK${warnings > 0 ? ` (${plural(warnings, 'warning')})` : ''}: ${parts.join(', ')}`);
  return { output: lines.join('\n'), exitCode: 0 };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const env = (name: string) => (process.env[name] ? process.env[name] : undefined);

interface Flags {
  config?: string;
  configPath?: string;
  jobConfigPath?: string;
  pluginConfig?: string;
  supplementalProwConfigDir?: string[];
  supplementalPluginConfigDir?: string[];
  supplementalProwConfigsFilenameSuffix?: string;
  supplementalPluginConfigsFilenameSuffix?: string;
  strict?: boolean | string;
  excludeWarning?: string[];
}

export function registerCheckconfig(program: Command): void {
  program
    .command('checkconfig')
    .description("validate config.yaml, job config and plugins.yaml as Prow's checkconfig does")
    .option('--config <file>', 'Prow config.yaml (env COXSWAIN_CONFIG, default config/config.yaml)')
    .option('--config-path <file>', 'same as --config (Prow\'s flag name)')
    .option('--job-config-path <path>', 'job config file or directory, walked recursively (env COXSWAIN_JOB_CONFIG)')
    .option('--plugin-config <file>', 'Prow plugins.yaml (env COXSWAIN_PLUGINS, default config/plugins.yaml if present)')
    .option('--supplemental-prow-config-dir <dir>', 'directory of *_prowconfig.yaml files to merge (repeatable)', collect)
    .option('--supplemental-plugin-config-dir <dir>', 'directory of *_pluginconfig.yaml files to merge (repeatable)', collect)
    .option('--supplemental-prow-configs-filename-suffix <suffix>', 'suffix of supplemental config files', '_prowconfig.yaml')
    .option('--supplemental-plugin-configs-filename-suffix <suffix>', 'suffix of supplemental plugin files', '_pluginconfig.yaml')
    .option('--strict [bool]', 'fail on warnings too')
    .option('--exclude-warning <name>', 'ignore a Prow warning class, e.g. unknown-fields (repeatable)', collect)
    // Accepted so Prow checkconfig invocations keep working; Coxswain runs its own fixed checks.
    .option('--warnings <name>', 'accepted for compatibility with Prow; ignored', collect)
    .option('--include-default-warnings', 'accepted for compatibility with Prow; ignored')
    .option('--expensive-checks', 'accepted for compatibility with Prow; ignored')
    .action((flags: Flags) => {
      const pluginDefault = env('COXSWAIN_PLUGINS') ?? (existsSync('config/plugins.yaml') ? 'config/plugins.yaml' : undefined);
      const jobConfigPath = flags.jobConfigPath ?? env('COXSWAIN_JOB_CONFIG');
      const pluginConfigPath = flags.pluginConfig ?? pluginDefault;
      const { output, exitCode } = runCheckconfig({
        configPath: flags.config ?? flags.configPath ?? env('COXSWAIN_CONFIG') ?? 'config/config.yaml',
        ...(jobConfigPath !== undefined ? { jobConfigPath } : {}),
        ...(pluginConfigPath !== undefined ? { pluginConfigPath } : {}),
        supplementalProwConfigDirs: flags.supplementalProwConfigDir ?? [],
        supplementalPluginConfigDirs: flags.supplementalPluginConfigDir ?? [],
        supplementalProwConfigSuffix: flags.supplementalProwConfigsFilenameSuffix,
        supplementalPluginConfigSuffix: flags.supplementalPluginConfigsFilenameSuffix,
        strict: flags.strict === true || flags.strict === 'true',
        excludeWarnings: flags.excludeWarning ?? [],
      });
      process.stdout.write(`${output}\n`);
      process.exitCode = exitCode;
    });
}
