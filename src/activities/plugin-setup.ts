import type { LoadedConfig } from '../config/load.js';
import { shouldRunOnBranch } from '../core/brancher.js';
import { enabledPlugins } from '../config/plugins.js';
import { queriesFor, type MergeRequirements } from '../core/why.js';
import { GITHUB_WEB, PROW_FOOTER } from '../core/respond.js';
import { NATIVE_EXTERNAL_PLUGINS, pluginByName } from '../plugins/index.js';
import { DEFAULT_COMMAND_HELP_LINK } from '../config/plugins-defaults.js';

export interface PluginSetup {
  /** Enabled plugins Coxswain implements, in plugins.yaml order, each with its settings. */
  plugins: Array<{ name: string; config: unknown }>;
  /** Names enabled in plugins.yaml that Coxswain does not implement (reported, not run). */
  unsupported: string[];
  footer: string;
  /** The command list replies link to, when the deployment has its own (COXSWAIN_COMMAND_HELP_URL). */
  commandHelpUrl?: string;
  /** GitHub's web address for links in replies (config.yaml `github.link_url`). */
  webUrl?: string;
  /** What merging needs for this repo and base branch (for the `why` query). */
  requirements: MergeRequirements;
  /** How long a closed PR/issue's workflow waits for another event before it ends. */
  closedQuietMs?: number;
}

export interface PluginSetupDeps {
  /** The configuration as loaded now (the worker may reload it). */
  config(): LoadedConfig;
  /** Finds a plugin by name (default: the built-in registry). */
  plugin?(name: string): ReturnType<typeof pluginByName> | Promise<ReturnType<typeof pluginByName>>;
  footer?: string;
  commandHelpUrl?: string;
  closedQuietMs?: number;
}

/**
 * Which plugins run for a repository and with which settings, read from plugins.yaml on every
 * event, so a config change applies to the next event without restarting workflows.
 */
export function createPluginSetupActivities(deps: PluginSetupDeps) {
  return {
    async pluginSetup(owner: string, repo: string, baseRef = ''): Promise<PluginSetup> {
      const { plugins, config } = deps.config();
      // needs-rebase is an external plugin in Prow: listed under external_plugins, Coxswain runs it itself.
      const external = [...(plugins.external_plugins?.[owner] ?? []), ...(plugins.external_plugins?.[`${owner}/${repo}`] ?? [])]
        .map((e) => e.name ?? '')
        .filter((n) => (NATIVE_EXTERNAL_PLUGINS as readonly string[]).includes(n));
      const names = [...new Set([...enabledPlugins(plugins, owner, repo), ...external])];
      const setup: PluginSetup = {
        plugins: [],
        unsupported: [],
        footer: deps.footer ?? PROW_FOOTER,
        ...(deps.commandHelpUrl ? { commandHelpUrl: deps.commandHelpUrl } : {}),
        webUrl: (config.github?.link_url || GITHUB_WEB).replace(/\/+$/, ''),
        requirements: requirementsFor(config, owner, repo, baseRef),
        ...(deps.closedQuietMs !== undefined ? { closedQuietMs: deps.closedQuietMs } : {}),
      };
      for (const name of names) {
        const plugin = deps.plugin ? await deps.plugin(name) : pluginByName(name);
        if (!plugin) {
          setup.unsupported.push(name);
          continue;
        }
        let pluginConfig = plugin.config(plugins, owner, repo, config);
        // approve's link to the command list: plugins.yaml's commandHelpLink wins, then the deployment's own page.
        if (name === 'approve' && deps.commandHelpUrl && (pluginConfig as { commandHelpLink?: string }).commandHelpLink === DEFAULT_COMMAND_HELP_LINK) {
          pluginConfig = { ...(pluginConfig as object), commandHelpLink: deps.commandHelpUrl };
        }
        setup.plugins.push({ name, config: pluginConfig });
      }
      return setup;
    },
  };
}

/** Tide's view of a repo/branch: its queries, and the contexts that must pass (Prow's rules). */
function requirementsFor(config: LoadedConfig['config'], owner: string, repo: string, baseRef: string): MergeRequirements {
  const presubmits = config.presubmits?.[`${owner}/${repo}`] ?? [];
  const fromJobs = presubmits
    .filter((j) => j.always_run && !j.optional && !j.skip_report && (!baseRef || shouldRunOnBranch(j, baseRef)))
    .map((j) => j.context);
  const configured = config.tide?.context_options?.['required-contexts'] ?? [];
  const queries = queriesFor(config.tide?.queries, owner, repo);
  const blockerLabel = queries.length > 0 ? config.tide?.blocker_label : undefined;
  return { queries, requiredContexts: [...new Set([...fromJobs, ...configured])], ...(blockerLabel ? { blockerLabel } : {}) };
}
