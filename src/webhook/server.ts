import { Client, Connection } from '@temporalio/client';
import { clientConnectionOptions, connectOptions, dataConverter } from '../temporal/connect.js';
import { activeRepos } from '../config/active-repos.js';
import { ConfigError, formatProblem, loadConfigOrThrow } from '../config/load.js';
import { LiveConfig } from '../config/live-config.js';
import { createLogger } from '../logging.js';
import { createRegistry, serveMetrics } from '../metrics.js';
import { readSettings } from '../settings.js';
import { buildApp } from './app.js';

// Entry point for running the webhook server on its own (`npm run hook`, the Docker image).
const settings = readSettings();
const logger = createLogger(settings.LOG_LEVEL).child({ component: 'hook' });
if (!settings.GITHUB_WEBHOOK_SECRET) {
  logger.fatal('GITHUB_WEBHOOK_SECRET is not set: the hook refuses unsigned deliveries, so it will not start without it');
  process.exit(1);
}
// The same Prow configuration as the worker's: events for repositories it gives nothing to do are
// answered without starting a workflow.
const loadOptions = {
  configPath: settings.COXSWAIN_CONFIG,
  pluginConfigPath: settings.COXSWAIN_PLUGINS,
  ...(settings.COXSWAIN_JOB_CONFIG ? { jobConfigPath: settings.COXSWAIN_JOB_CONFIG } : {}),
};
let live: LiveConfig;
try {
  const loaded = loadConfigOrThrow(loadOptions);
  for (const p of loaded.problems) logger.warn(formatProblem(p));
  live = new LiveConfig(loadOptions, loaded);
} catch (err) {
  logger.fatal(err instanceof ConfigError ? `configuration is invalid:\n${err.message}` : String(err));
  process.exit(1);
}
// Follows the files as the worker does (a mounted ConfigMap changes under it): a clean change
// applies to the next delivery, a broken one is refused and the running config stays.
live.onChange((change) => (change.applied ? logger.info('config reloaded') : logger.error(change.message)));
live.watch();
const address = settings.TEMPORAL_ADDRESS ?? `127.0.0.1:${settings.TEMPORAL_DEV_PORT}`;
// Lazy: the hook starts (and answers 503) even while Temporal is briefly down.
let connection: Connection;
let converter: ReturnType<typeof dataConverter>;
try {
  connection = Connection.lazy(clientConnectionOptions(connectOptions(address, settings)));
  converter = dataConverter(settings);
} catch (err) {
  // A TLS file or payload key that cannot be read, named by its variable.
  logger.fatal(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
const client = new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE, ...(converter ? { dataConverter: converter } : {}) });
const registry = createRegistry();
const app = buildApp({
  client,
  taskQueue: settings.TEMPORAL_TASK_QUEUE,
  webhookSecret: settings.GITHUB_WEBHOOK_SECRET,
  logger,
  registry,
  isRepoActive: activeRepos(live.get),
  pages: { namespace: settings.TEMPORAL_NAMESPACE, taskQueue: settings.TEMPORAL_TASK_QUEUE, config: live.get },
  limits: { maxInFlight: settings.WEBHOOK_MAX_IN_FLIGHT },
});
// Metrics on a port of their own, not beside the public webhook.
const metrics = settings.METRICS_PORT > 0 ? await serveMetrics(registry, settings.METRICS_PORT) : undefined;
if (metrics) logger.info({ port: metrics.port }, 'hook metrics at /metrics');
const stop = async () => {
  await app.close();
  live.close();
  await metrics?.close();
  await connection.close();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
await app.listen({ port: settings.PORT, host: '0.0.0.0' });
