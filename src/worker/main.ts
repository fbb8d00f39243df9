import { createServer } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { reconcilePeriodicSchedules } from '../temporal/periodic-schedules.js';
import { jobLogReader } from '../activities/jobs.js';
import { NativeConnection } from '@temporalio/worker';
import { installRuntime } from '../temporal/runtime.js';
import { ensureNamespaceAndSearchAttributes } from '../temporal/namespace-setup.js';
import { clientConnectionOptions, connectOptions, dataConverter } from '../temporal/connect.js';
import { codecServerFromSettings } from '../temporal/codec-server.js';
import { createLogger } from '../logging.js';
import { createRegistry } from '../metrics.js';
import { readSettings } from '../settings.js';
import { createWorker } from './create-worker.js';
import { activityDepsFromSettings } from './deps.js';

// Entry point for running the worker on its own (`npm run worker`, the Docker image).
const settings = readSettings();
const log = createLogger(settings.LOG_LEVEL).child({ component: 'worker' });
// The SDK's own chatter (bundling, state changes) only at debug level; its metrics on TEMPORAL_METRICS_PORT if set.
installRuntime(settings.LOG_LEVEL, { metricsPort: settings.TEMPORAL_METRICS_PORT });
if (settings.TEMPORAL_METRICS_PORT > 0) log.info({ port: settings.TEMPORAL_METRICS_PORT }, 'Temporal SDK metrics at /metrics');
const address = settings.TEMPORAL_ADDRESS ?? `127.0.0.1:${settings.TEMPORAL_DEV_PORT}`;
// TLS material and payload keys are read before anything connects: a missing file stops here,
// named by its variable.
let conn: ReturnType<typeof connectOptions>;
let converter: ReturnType<typeof dataConverter>;
try {
  conn = connectOptions(address, settings);
  converter = dataConverter(settings);
} catch (err) {
  log.fatal(err instanceof Error ? err.message : String(err));
  process.exit(1);
}
// The Web UI's codec server (COXSWAIN_CODEC_PORT), beside the worker that holds the keys.
const codecServer = await codecServerFromSettings(settings, converter).catch((err: unknown) => {
  log.fatal(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
if (codecServer) log.info({ url: codecServer.url }, 'codec server for the Web UI (set it as the codec endpoint in the UI)');
// A Temporal that Coxswain did not start may lack the namespace or search attributes.
const admin = await Connection.connect(clientConnectionOptions(conn));
await ensureNamespaceAndSearchAttributes(admin, settings.TEMPORAL_NAMESPACE);
const registry = createRegistry();
const deps = activityDepsFromSettings(settings, log, registry);
// Periodics as Temporal Schedules, made to match config.yaml at every start.
const periodics = await reconcilePeriodicSchedules(new Client({ connection: admin, namespace: settings.TEMPORAL_NAMESPACE, ...(converter ? { dataConverter: converter } : {}) }), deps.loaded.config, settings.TEMPORAL_TASK_QUEUE);
log.info({ created: periodics.created, updated: periodics.updated, deleted: periodics.deleted, skipped: periodics.skipped }, 'periodic schedules');
// Config changes apply without a restart (Prow's config-updater): a file change that loads cleanly
// replaces the running config and the Schedules follow it; one with errors is refused, with the
// file and line, and the running config stays.
const schedules = new Client({ connection: admin, namespace: settings.TEMPORAL_NAMESPACE, ...(converter ? { dataConverter: converter } : {}) });
deps.live.onChange((change) => {
  if (!change.applied) return void log.error(change.message);
  log.info('config reloaded');
  void reconcilePeriodicSchedules(schedules, change.loaded.config, settings.TEMPORAL_TASK_QUEUE).then(
    (p) => log.info({ created: p.created, updated: p.updated, deleted: p.deleted, skipped: p.skipped }, 'periodic schedules'),
    (err: unknown) => log.error({ err }, 'could not reconcile periodic schedules'),
  );
});
deps.live.watch();
const connection = await NativeConnection.connect(conn);
const worker = await createWorker({
  connection,
  namespace: settings.TEMPORAL_NAMESPACE,
  taskQueue: settings.TEMPORAL_TASK_QUEUE,
  deps,
  ...(converter ? { dataConverter: converter } : {}),
});

// GitHub API calls and rate-limit figures are counted where the activities run: serve them here.
// Job logs too (the Details link of a job's status, COXSWAIN_PUBLIC_URL): the executors are here.
const jobLog = jobLogReader(deps.jobs ?? { executors: {} });
const LOG_PATH = /^\/jobs\/(kubernetes|tekton-pipeline|local)\/([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)\/([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)\/log$/;
const metrics = createServer((req, res) => {
  const logAt = LOG_PATH.exec(req.url ?? '');
  if (logAt) {
    void jobLog({ agent: logAt[1]!, namespace: logAt[2]!, runName: logAt[3]! }).then(
      (text) => (text === undefined ? res.writeHead(404).end('no such job run\n') : res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' }).end(text)),
      () => res.writeHead(500).end(),
    );
    return;
  }
  if (req.url !== '/metrics') return void res.writeHead(404).end();
  registry.metrics().then(
    (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
    () => res.writeHead(500).end(),
  );
});
metrics.listen(settings.WORKER_METRICS_PORT, () => log.info({ port: settings.WORKER_METRICS_PORT }, 'worker metrics at /metrics'));
log.info({ address, namespace: settings.TEMPORAL_NAMESPACE, taskQueue: settings.TEMPORAL_TASK_QUEUE }, 'worker polling');
await worker.run();
metrics.close();
await codecServer?.close();
await connection.close();
