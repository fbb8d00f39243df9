import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ActivityDeps } from '../activities/index.js';
import { LiveConfig } from '../config/live-config.js';
import { loadConfigOrThrow, type LoadedConfig, type LoadOptions } from '../config/load.js';
import type { GithubAccess } from '../github/access.js';
import { GithubClients } from '../github/clients.js';
import { GithubMetrics } from '../github/metrics.js';
import { createActivityMetrics } from '../activities/metrics.js';
import { ReadCache } from '../github/read-cache.js';
import type { Settings } from '../settings.js';
import { resolve } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { createLocalExecutor } from '../activities/executors/local.js';
import { createKubernetesExecutor } from '../activities/executors/kubernetes.js';
import { createTektonExecutor } from '../activities/executors/tekton.js';

/** GitHub clients, read cache and call metrics, from the runtime settings (token or GitHub App). */
export function githubFromSettings(settings: Settings, log: Logger, registry: Registry): GithubAccess & { metrics: GithubMetrics } {
  const metrics = new GithubMetrics(registry);
  const clients = new GithubClients({
    baseUrl: settings.GITHUB_API_URL,
    auth: settings.GITHUB_APP_ID
      ? { appId: settings.GITHUB_APP_ID, privateKey: settings.GITHUB_APP_PRIVATE_KEY }
      : { token: settings.GITHUB_TOKEN },
    log,
    metrics,
    writeIntervalMs: settings.GITHUB_WRITE_INTERVAL_MS,
  });
  return { clients, cache: new ReadCache({ ttlMs: settings.GITHUB_CACHE_TTL_MS }), metrics };
}

/** Everything the worker's activities need, built from the runtime settings; `preloaded`: the configuration the caller has already loaded (npm start). */
export function activityDepsFromSettings(settings: Settings, log: Logger, registry: Registry, preloaded?: LoadedConfig): ActivityDeps & { loaded: LoadedConfig; live: LiveConfig } {
  const opts: LoadOptions = {
    configPath: settings.COXSWAIN_CONFIG,
    pluginConfigPath: settings.COXSWAIN_PLUGINS,
    ...(settings.COXSWAIN_JOB_CONFIG ? { jobConfigPath: settings.COXSWAIN_JOB_CONFIG } : {}),
  };
  const loaded = preloaded ?? loadConfigOrThrow(opts);
  // The running config: the worker's watch replaces it when the files change and load cleanly.
  const live = new LiveConfig(opts, loaded);
  const kube = kubeConfigOf();
  if (!kube.kubeConfig && Object.values(loaded.plugins.plugins).some((e) => e.plugins?.includes('config-updater'))) {
    log.warn('config-updater is enabled but this worker has no Kubernetes cluster (KUBECONFIG or a pod service account): merged config changes will be recorded as failures, not written to ConfigMaps');
  }
  return {
    loaded,
    live,
    github: githubFromSettings(settings, log, registry),
    config: live.get,
    ...kube,
    catApiUrl: settings.COXSWAIN_CAT_API_URL,
    closedQuietMs: settings.COXSWAIN_CLOSED_QUIET_MS,
    ...(settings.COXSWAIN_REPLY_FOOTER ? { footer: settings.COXSWAIN_REPLY_FOOTER } : {}),
    ...(settings.COXSWAIN_COMMAND_HELP_URL ? { commandHelpUrl: settings.COXSWAIN_COMMAND_HELP_URL } : {}),
    jobs: jobExecutorsFromSettings(settings),
    // Plugin handling, job transitions and merge pools, served with the GitHub call metrics.
    metrics: createActivityMetrics(registry),
  };
}

/** The worker's cluster, as KUBECONFIG (or the pod's own service account) names it; none without either. */
export function kubeConfigOf(env: NodeJS.ProcessEnv = process.env): { kubeConfig?: KubeConfig } {
  if (!env.KUBECONFIG && !env.KUBERNETES_SERVICE_HOST) return {};
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return { kubeConfig };
}

/**
 * Job executors for this worker: pods and PipelineRuns in the cluster KUBECONFIG (or the pod's own
 * service account) names; local processes instead of pods when COXSWAIN_LOCAL_JOBS is on.
 */
export function jobExecutorsFromSettings(settings: Settings, env: NodeJS.ProcessEnv = process.env): NonNullable<ActivityDeps['jobs']> {
  const workDir = resolve(settings.COXSWAIN_DATA_DIR, 'jobs');
  const publicUrl = settings.COXSWAIN_PUBLIC_URL ? { publicUrl: settings.COXSWAIN_PUBLIC_URL } : {};
  const executors: NonNullable<ActivityDeps['jobs']>['executors'] = {};
  if (env.KUBECONFIG || env.KUBERNETES_SERVICE_HOST) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromDefault();
    executors.kubernetes = createKubernetesExecutor({ kubeConfig });
    executors['tekton-pipeline'] = createTektonExecutor({ kubeConfig });
  }
  if (['true', '1', 'yes', 'on'].includes(settings.COXSWAIN_LOCAL_JOBS ?? '')) {
    executors.local = createLocalExecutor({ workDir, ...(settings.COXSWAIN_GIT_URL ? { gitBaseUrl: settings.COXSWAIN_GIT_URL } : {}) });
    return { executors, kubernetesAgent: 'local', workDir, ...publicUrl };
  }
  return { executors, workDir, ...publicUrl };
}
