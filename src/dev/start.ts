import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { installRuntime } from '../temporal/runtime.js';
import { activeRepos } from '../config/active-repos.js';
import { ConfigError, formatProblem, loadConfigOrThrow, type LoadedConfig } from '../config/load.js';
import { unsupportedPlugins } from '../plugins/index.js';
import { createLogger } from '../logging.js';
import { createRegistry, serveMetrics } from '../metrics.js';
import { describeSettings, readSettings, SettingsError, type Settings } from '../settings.js';
import { resolveTemporalCli } from '../temporal/cli-path.js';
import { startDevServer, type DevServer } from '../temporal/dev-server.js';
import { ensureNamespaceAndSearchAttributes, TemporalSetupError } from '../temporal/namespace-setup.js';
import { clientConnectionOptions, connectOptions, dataConverter, TemporalConnectionError } from '../temporal/connect.js';
import { codecServerFromSettings } from '../temporal/codec-server.js';
import { assertPortFree, PortInUseError } from '../temporal/ports.js';
import { buildApp } from '../webhook/app.js';
import { createWorker } from '../worker/create-worker.js';
import { reconcilePeriodicSchedules } from '../temporal/periodic-schedules.js';
import { jobLogReader } from '../activities/jobs.js';
import { activityDepsFromSettings } from '../worker/deps.js';

// `npm start`: everything on one machine. Checks config and ports first (so nothing starts
// half-way), then the Temporal dev server (unless TEMPORAL_ADDRESS names one), the worker and the
// webhook server. Ctrl-C stops all of them; the dev server's database keeps running workflows.

// The bot's token in the demo seed.
const PLAYGROUND_TOKEN = 'playground-token';

const say = (msg: string) => process.stdout.write(`coxswain: ${msg}\n`);
const fail = (msg: string): never => {
  process.stderr.write(`coxswain: ${msg}\n`);
  process.exit(1);
};

// Declared before the top-level code below runs (a class is not hoisted like a function).
class PlaygroundUnavailable extends Error {
  constructor() {
    super('the GitHub simulator (@coxswain/github-sim) is not installed or not built, so there is no playground: set GITHUB_TOKEN (or a GitHub App) to use real GitHub, or run `npm ci` in a checkout of the repository');
  }
}

loadDotEnv();
let settings: Settings;
try {
  settings = readSettings();
} catch (err) {
  fail(err instanceof SettingsError ? err.message : String(err));
}
const log = createLogger(settings!.LOG_LEVEL);
const s = settings!;

let loaded: LoadedConfig;
try {
  loaded = loadConfigOrThrow({
    configPath: s.COXSWAIN_CONFIG,
    pluginConfigPath: s.COXSWAIN_PLUGINS,
    ...(s.COXSWAIN_JOB_CONFIG ? { jobConfigPath: s.COXSWAIN_JOB_CONFIG } : {}),
  });
  for (const p of loaded.problems) say(formatProblem(p));
  const notRun = unsupportedPlugins(loaded.plugins);
  if (notRun.length > 0) say(`note: plugins.yaml enables plugins Coxswain does not run yet: ${notRun.join(', ')}`);
} catch (err) {
  if (err instanceof ConfigError) fail(`configuration is invalid, nothing was started:\n${err.message}`);
  throw err;
}

const playground = !s.GITHUB_TOKEN && !s.GITHUB_APP_ID;
const webhookSecret = resolveWebhookSecret(s);
const stops: Array<() => Promise<void>> = [];
let stopping = false;

async function shutdown(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  for (const stop of stops.reverse()) await stop().catch((e) => log.warn({ err: String(e) }, 'error while stopping'));
  process.exit(code);
}
process.on('SIGINT', () => (stopping ? process.exit(130) : void shutdown(0)));
process.on('SIGTERM', () => void shutdown(0));

try {
  await assertPortFree(s.PORT, 'PORT', 'the webhook server', '0.0.0.0');
  if (s.METRICS_PORT > 0) await assertPortFree(s.METRICS_PORT, 'METRICS_PORT', 'the metrics server', '0.0.0.0');
  if (s.TEMPORAL_METRICS_PORT > 0) await assertPortFree(s.TEMPORAL_METRICS_PORT, 'TEMPORAL_METRICS_PORT', "the Temporal SDK's metrics", '0.0.0.0');

  // No GitHub credentials: run against the GitHub simulator, seeded with the demo repository.
  let sim: Awaited<ReturnType<typeof startPlayground>> | undefined;
  if (playground) {
    await assertPortFree(s.GITHUB_SIM_PORT, 'GITHUB_SIM_PORT', 'the GitHub simulator');
    sim = await startPlayground(s, webhookSecret);
    stops.push(() => sim!.stop());
    s.GITHUB_API_URL = sim.url;
    s.GITHUB_TOKEN = PLAYGROUND_TOKEN;
    s.GITHUB_WRITE_INTERVAL_MS = 0;
    // Jobs run for real in the playground: as processes here, in a checkout served by the simulator.
    s.COXSWAIN_LOCAL_JOBS ??= 'true';
    s.COXSWAIN_GIT_URL ??= sim.url;
  }
  // Job statuses link to their logs on this server.
  s.COXSWAIN_PUBLIC_URL ??= `http://127.0.0.1:${s.PORT}`;

  let address = s.TEMPORAL_ADDRESS;
  let uiUrl = 'the Web UI of your Temporal deployment';
  if (!address) {
    const cliPath = await resolveTemporalCli();
    say(`starting the Temporal dev server (${cliPath})`);
    const server: DevServer = await startDevServer({
      cliPath,
      port: s.TEMPORAL_DEV_PORT,
      uiPort: s.TEMPORAL_UI_PORT,
      dbFile: resolve(s.COXSWAIN_DATA_DIR, 'temporal.db'),
      namespace: s.TEMPORAL_NAMESPACE,
    });
    stops.push(() => server.stop());
    server.process.once('exit', () => {
      if (!stopping) {
        process.stderr.write('coxswain: the Temporal dev server exited unexpectedly\n');
        void shutdown(1);
      }
    });
    address = server.address;
    uiUrl = server.uiUrl;
  }

  // The embedded dev server is plaintext on loopback; an external Temporal gets TLS and API key.
  const conn = s.TEMPORAL_ADDRESS ? connectOptions(address, s) : { address };
  const converter = dataConverter(s);
  const connection = await Connection.connect(clientConnectionOptions(conn));
  stops.push(() => connection.close());
  await ensureNamespaceAndSearchAttributes(connection, s.TEMPORAL_NAMESPACE);
  const client = new Client({ connection, namespace: s.TEMPORAL_NAMESPACE, ...(converter ? { dataConverter: converter } : {}) });

  // Periodics as Temporal Schedules (the Web UI's Schedules page), made to match config.yaml.
  const periodics = await reconcilePeriodicSchedules(client, loaded.config, s.TEMPORAL_TASK_QUEUE);
  log.debug({ created: periodics.created, updated: periodics.updated, deleted: periodics.deleted, skipped: periodics.skipped }, 'periodic schedules');
  for (const { job, reason } of periodics.skipped) say(`periodic ${job} has no schedule: ${reason}`);

  const registry = createRegistry();
  const deps = activityDepsFromSettings(s, log, registry, loaded);
  // Edit config/*.yaml while it runs: a clean change applies at once, a broken one is refused.
  deps.live.onChange((change) => {
    if (!change.applied) return say(change.message);
    say('config reloaded');
    void reconcilePeriodicSchedules(client, change.loaded.config, s.TEMPORAL_TASK_QUEUE).catch((err: unknown) => say(`could not reconcile periodic schedules: ${String(err)}`));
  });
  deps.live.watch();
  stops.push(async () => deps.live.close());
  // Ctrl-C is handled here (in order: hook, worker, Temporal), not by the SDK's own signal handler.
  // The SDK's own metrics (temporal_*) on TEMPORAL_METRICS_PORT, if set.
  installRuntime(s.LOG_LEVEL, { handleSignals: false, metricsPort: s.TEMPORAL_METRICS_PORT });
  const nativeConnection = await NativeConnection.connect(conn);
  const worker = await createWorker({
    connection: nativeConnection,
    namespace: s.TEMPORAL_NAMESPACE,
    taskQueue: s.TEMPORAL_TASK_QUEUE,
    deps,
    ...(converter ? { dataConverter: converter } : {}),
  });
  const workerDone = worker.run();
  stops.push(async () => {
    worker.shutdown();
    await workerDone;
    await nativeConnection.close();
  });
  workerDone.catch((err) => {
    if (!stopping) {
      process.stderr.write(`coxswain: the worker stopped: ${err}\n`);
      void shutdown(1);
    }
  });

  const app = buildApp({
    client,
    taskQueue: s.TEMPORAL_TASK_QUEUE,
    webhookSecret,
    logger: log.child({ component: 'hook' }),
    registry,
    isRepoActive: activeRepos(deps.live.get),
    pages: { namespace: s.TEMPORAL_NAMESPACE, ...(uiUrl.startsWith('http') ? { webUiUrl: uiUrl } : {}), config: deps.live.get },
    limits: { maxInFlight: s.WEBHOOK_MAX_IN_FLIGHT },
    ...(deps.jobs ? { jobLog: jobLogReader(deps.jobs) } : {}),
  });
  await app.listen({ port: s.PORT, host: '0.0.0.0' });
  stops.push(() => app.close());
  // The hook's and the worker's metrics, on a port of their own (not beside the public webhook).
  const metrics = s.METRICS_PORT > 0 ? await serveMetrics(registry, s.METRICS_PORT) : undefined;
  if (metrics) stops.push(() => metrics.close());
  // The Web UI's codec server (COXSWAIN_CODEC_PORT): shows encrypted payloads in plain text.
  const codecServer = await codecServerFromSettings(s, converter);
  if (codecServer) stops.push(() => codecServer.close());

  const settingsView = describeSettings(s);
  say('ready');
  say(`  Temporal Web UI   ${uiUrl}/namespaces/${s.TEMPORAL_NAMESPACE}/workflows`);
  say(`  Temporal address  ${address} (namespace ${s.TEMPORAL_NAMESPACE}, task queue ${s.TEMPORAL_TASK_QUEUE})`);
  say(`  Webhook           POST http://127.0.0.1:${s.PORT}/hook`);
  say(`  Pages             http://127.0.0.1:${s.PORT}/  (jobs, merge pools, PRs, command help)`);
  say(`  Health            http://127.0.0.1:${s.PORT}/healthz  (ready: /readyz)`);
  if (metrics) say(`  Metrics           http://127.0.0.1:${metrics.port}/metrics`);
  if (s.TEMPORAL_METRICS_PORT > 0) say(`  SDK metrics       http://127.0.0.1:${s.TEMPORAL_METRICS_PORT}/metrics  (Temporal SDK: temporal_*)`);
  if (codecServer) say(`  Codec server      ${codecServer.url} (the Web UI's codec endpoint: set it in the UI's settings)`);
  say(`  Config            ${settingsView.config}, ${settingsView.plugins}`);
  say(`  GitHub            ${s.GITHUB_API_URL}${sim ? ' (simulator)' : ` (token ${settingsView.githubToken})`}`);
  const jobsOn = Object.keys(deps.jobs?.executors ?? {});
  say(`  Jobs              ${jobsOn.length ? `run as ${jobsOn.join(', ')}${deps.jobs?.kubernetesAgent === 'local' ? ' (kubernetes jobs as local processes)' : ''}` : 'no executor (set KUBECONFIG, or COXSWAIN_LOCAL_JOBS=true)'}; periodics: ${[...periodics.created, ...periodics.updated, ...periodics.unchanged].length} Schedules (Web UI: Schedules)`);
  if (sim) {
    say('');
    say(`playground: GitHub is simulated at ${sim.url} (state kept in ${sim.stateFile}); act as its users:`);
    say('  npx coxswain why demo/hello#1                                    # what stands between the PR and merge');
    say('  npx coxswain sim comment alice demo/hello#1 "/ok-to-test"          # frank is outside the org: runs pull-hello-unit for real');
    say('  npx coxswain sim comment alice demo/hello#1 "/lgtm"                # an approver\'s /lgtm also approves: the merge pool merges it');
    say('  npx coxswain sim show demo/hello#1');
    say('  npx coxswain pool demo/hello                                       # the merge pool of main');
    say(`and watch pr/demo/hello/1 and tide/demo/hello/main in the Web UI.`);
  }
  say('press Ctrl-C to stop');
} catch (err) {
  const known = err instanceof PortInUseError || err instanceof TemporalSetupError || err instanceof TemporalConnectionError || err instanceof PlaygroundUnavailable;
  process.stderr.write(`coxswain: ${known ? (err as Error).message : (err as Error).stack ?? String(err)}\n`);
  await shutdown(1);
}

/**
 * The local playground's GitHub: the simulator with the demo seed (or the state saved when the
 * playground last stopped, so it matches the workflows the dev server kept), sending webhooks
 * to this process's hook.
 */
async function startPlayground(settings: Settings, secret: string) {
  // Loaded only here: the simulator is a development package (a devDependency), absent from the
  // production image, where npm start's worker and webhook run without it.
  const [{ demoSeed }, { startGithubSim }] = await Promise.all([import('@coxswain/github-sim/demo-seed.js'), import('@coxswain/github-sim/server.js')]).catch((err: unknown) => {
    const e = err as { code?: string; message?: string };
    if (e.code !== 'ERR_MODULE_NOT_FOUND' || !e.message?.includes('github-sim')) throw err;
    throw new PlaygroundUnavailable();
  });
  const stateFile = join(settings.COXSWAIN_DATA_DIR, 'github-sim-state.json');
  const seed = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : demoSeed;
  const sim = await startGithubSim({
    port: settings.GITHUB_SIM_PORT,
    seed,
    webhook: { url: `http://127.0.0.1:${settings.PORT}/hook`, secret },
  });
  return {
    url: sim.url,
    stateFile,
    async stop() {
      const res = await sim.app.inject({ method: 'GET', url: '/_sim/state' });
      if (res.statusCode === 200) writeFileSync(stateFile, res.body);
      await sim.close();
    },
  };
}

/** Reads .env if present (Node's own parser); variables already set win. */
function loadDotEnv(): void {
  if (existsSync('.env')) process.loadEnvFile('.env');
}

/**
 * Real GitHub deliveries must be signed, so with GitHub credentials a secret is required. Without
 * any (the local playground), a random secret is made once and kept in the data directory.
 */
function resolveWebhookSecret(settings: Settings): string {
  if (settings.GITHUB_WEBHOOK_SECRET) return settings.GITHUB_WEBHOOK_SECRET;
  if (settings.GITHUB_TOKEN || settings.GITHUB_APP_ID) {
    return fail('GITHUB_WEBHOOK_SECRET is not set: set it to the secret configured on the GitHub webhook');
  }
  // The playground's own simulator signs its webhooks with this secret.
  const file = join(settings.COXSWAIN_DATA_DIR, 'playground-webhook-secret');
  if (!existsSync(file)) {
    mkdirSync(settings.COXSWAIN_DATA_DIR, { recursive: true });
    writeFileSync(file, randomBytes(24).toString('hex'), { mode: 0o600 });
  }
  say(`no GitHub credentials: playground mode; webhook secret kept in ${file}`);
  return readFileSync(file, 'utf8').trim();
}
