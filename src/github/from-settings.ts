import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Settings } from '../settings.js';
import type { GithubAccess } from './access.js';
import { GithubClients } from './clients.js';
import { GithubMetrics } from './metrics.js';
import { ReadCache } from './read-cache.js';

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
