import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { GithubActivityDeps } from '../../src/activities/github.js';
import type { ActivityDeps } from '../../src/activities/index.js';
import { loadConfigOrThrow } from '../../src/config/load.js';
import { GithubClients } from '../../src/github/clients.js';
import { GithubMetrics } from '../../src/github/metrics.js';
import { ReadCache } from '../../src/github/read-cache.js';

/** GitHub activity dependencies pointed at `baseUrl` (a simulator), with no write spacing. */
export function githubDeps(baseUrl = 'http://127.0.0.1:9', token = 'playground-token'): GithubActivityDeps & { metrics: GithubMetrics } {
  const metrics = new GithubMetrics(new Registry());
  const clients = new GithubClients({ baseUrl, auth: { token }, log: pino({ level: 'silent' }), metrics, writeIntervalMs: 0 });
  return { clients, cache: new ReadCache({ ttlMs: 60_000 }), metrics };
}

const exampleConfig = (f: string) => fileURLToPath(new URL(`../../config/${f}`, import.meta.url));

/** Worker dependencies for tests: GitHub at `baseUrl`, Prow config from config/ unless given. */
export function activityDeps(
  opts: { baseUrl?: string; token?: string; configPath?: string; pluginsPath?: string; catApiUrl?: string; closedQuietMs?: number } = {},
): ActivityDeps & {
  github: ReturnType<typeof githubDeps>;
} {
  const loaded = loadConfigOrThrow({
    configPath: opts.configPath ?? exampleConfig('config.yaml'),
    pluginConfigPath: opts.pluginsPath ?? exampleConfig('plugins.yaml'),
  });
  return {
    github: githubDeps(opts.baseUrl, opts.token),
    config: () => loaded,
    catApiUrl: opts.catApiUrl ?? 'http://127.0.0.1:9/cats',
    dogApiUrl: 'http://127.0.0.1:9/dogs',
    ...(opts.closedQuietMs !== undefined ? { closedQuietMs: opts.closedQuietMs } : {}),
  };
}
