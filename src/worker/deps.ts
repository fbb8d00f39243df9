import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ActivityDeps } from '../activities/index.js';
import { loadConfigOrThrow, type LoadedConfig } from '../config/load.js';
import { githubFromSettings } from '../github/from-settings.js';
import type { Settings } from '../settings.js';

/** Everything the worker's activities need, built from the runtime settings. */
/** The worker's dependencies; `preloaded`: the configuration the caller has already loaded (npm start). */
export function activityDepsFromSettings(settings: Settings, log: Logger, registry: Registry, preloaded?: LoadedConfig): ActivityDeps & { loaded: LoadedConfig } {
  const loaded =
    preloaded ??
    loadConfigOrThrow({
      configPath: settings.COXSWAIN_CONFIG,
      pluginConfigPath: settings.COXSWAIN_PLUGINS,
      ...(settings.COXSWAIN_JOB_CONFIG ? { jobConfigPath: settings.COXSWAIN_JOB_CONFIG } : {}),
    });
  return {
    loaded,
    github: githubFromSettings(settings, log, registry),
    config: () => loaded,
    catApiUrl: settings.COXSWAIN_CAT_API_URL,
    closedQuietMs: settings.COXSWAIN_CLOSED_QUIET_MS,
    ...(settings.COXSWAIN_REPLY_FOOTER ? { footer: settings.COXSWAIN_REPLY_FOOTER } : {}),
  };
}
