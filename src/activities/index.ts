// Activities are the only place workflow decisions touch the outside world. Each external system
// gets its own factory with injected dependencies; this file assembles them for the worker.
import type { KubeConfig } from '@kubernetes/client-node';
import type { LoadedConfig } from '../config/load.js';
import { createCherryPickActivities } from './cherry-pick.js';
import { createConfigMapActivities } from './config-maps.js';
import { createCatImageFetcher, createDogImageFetcher, DEFAULT_CAT_API_URL, DEFAULT_DOG_API_URL } from './image-services.js';
import { createGithubActivities, type GithubActivityDeps } from './github.js';
import { createJobActivities, type JobActivityDeps } from './jobs.js';
import { createTideActivities } from './tide.js';
import type { ActivityMetrics } from './metrics.js';
import { createFactActivities } from './plugin-facts.js';
import { createPluginSetupActivities } from './plugin-setup.js';
import { createPlanActivities } from './plan-event.js';
import { loadPluginModules } from './plugin-modules.js';
import { PluginSandbox } from './plugin-sandbox.js';
import { pluginByName, type AnyPlugin } from '../plugins/index.js';

export interface ActivityDeps {
  github: GithubActivityDeps;
  /** Prow-format configuration as loaded now. */
  config: () => LoadedConfig;
  /** Reply footer (Prow's "Instructions for interacting with me…" unless configured). */
  footer?: string;
  /** The command list the bot's replies link to (COXSWAIN_COMMAND_HELP_URL; Prow's link unless set). */
  commandHelpUrl?: string;
  /** How long a closed PR/issue's workflow waits for another event before it ends. */
  closedQuietMs?: number;
  /** Image services for /meow and /woof. */
  catApiUrl?: string;
  dogApiUrl?: string;
  /** Plugin modules beyond the built-in ones (tests inject misbehaving plugins this way). */
  pluginModules?: string[];
  /** How long one plugin call may run before the sandbox stops it (default 1 s). */
  pluginCallBudgetMs?: number;
  /** Job executors by agent, and where local runs work (none: every job run is an error saying so). */
  jobs?: Omit<JobActivityDeps, 'config'>;
  /** The cluster config-updater writes ConfigMaps to (none: those writes are refused saying so). */
  kubeConfig?: KubeConfig;
  /** Plugin, job and Tide metrics (the worker's registry); none: not counted. */
  metrics?: ActivityMetrics;
}


export function createActivities(deps: ActivityDeps) {
  const github = createGithubActivities(deps.github);
  const facts = createFactActivities({
    github,
    catImage: createCatImageFetcher(deps.catApiUrl ?? DEFAULT_CAT_API_URL),
    dogImage: createDogImageFetcher(deps.dogApiUrl ?? DEFAULT_DOG_API_URL),
  });
  let extra: Promise<Map<string, AnyPlugin>> | undefined;
  const plugin = async (name: string) => {
    extra ??= loadPluginModules(deps.pluginModules ?? []).then((ps) => new Map(ps.map((p) => [p.name, p])));
    return (await extra).get(name) ?? pluginByName(name);
  };
  const setup = createPluginSetupActivities({
    config: deps.config,
    plugin,
    ...(deps.footer ? { footer: deps.footer } : {}),
    ...(deps.commandHelpUrl ? { commandHelpUrl: deps.commandHelpUrl } : {}),
    ...(deps.closedQuietMs !== undefined ? { closedQuietMs: deps.closedQuietMs } : {}),
  });
  const sandbox = new PluginSandbox({
    ...(deps.pluginModules ? { pluginModules: deps.pluginModules } : {}),
    ...(deps.pluginCallBudgetMs !== undefined ? { callBudgetMs: deps.pluginCallBudgetMs } : {}),
  });
  return {
    ...github,
    ...createCherryPickActivities(deps.github),
    ...createConfigMapActivities({ github: deps.github, ...(deps.kubeConfig ? { kubeConfig: deps.kubeConfig } : {}) }),
    ...facts,
    ...setup,
    ...createPlanActivities({ setup: setup.pluginSetup, gather: facts.gatherFactsIsolated, sandbox, ...(deps.metrics ? { metrics: deps.metrics.plugins } : {}) }),
    ...createJobActivities({ executors: {}, ...deps.jobs, config: deps.config, ...(deps.metrics ? { metrics: deps.metrics.jobs } : {}) }),
    ...createTideActivities({ github: deps.github, config: deps.config, ...(deps.metrics ? { metrics: deps.metrics.tide } : {}) }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
