// Records real workflow histories into test/histories/ for the replay test.
//
//   npx tsx scripts/record-histories.ts
//
// Each scenario is recorded only if its file is missing: the existing files are histories that
// running workflows already have (made by older code), so keep them; the replay test proves new
// code still replays them (otherwise guard the change with `patched()`). Add a scenario with a new
// name when a change should be covered; delete a file only on purpose, to re-record it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createLocalExecutor } from '../src/activities/executors/local.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, WorkflowIdConflictPolicy } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import type { GithubEvent } from '../src/core/event.js';
import { resolveTemporalCli } from '../src/temporal/cli-path.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { freePort } from '../src/temporal/ports.js';
import { createWorker } from '../src/worker/create-worker.js';
import { eventSignalName } from '../src/core/signal-name.js';
import { commandUpdate, githubEventSignal, mergePoolWorkflowId, poolQuery, prWorkflowId, stateQuery, type EntityWorkflowInput } from '../src/workflows/messages.js';
import { prWorkflow } from '../src/workflows/pr.js';
import { commentEvent, prEvent } from '../test/support/events.js';
import { demoSeed } from '@coxswain/github-sim/demo-seed.js';
import { startGithubSim } from '@coxswain/github-sim/server.js';
import { activityDeps } from '../test/support/github.js';

Runtime.install({ logger: new DefaultLogger('WARN') });
const out = new URL('../test/histories/', import.meta.url);
const server = await startDevServer({
  cliPath: await resolveTemporalCli(),
  port: await freePort(),
  uiPort: await freePort(),
  dbFile: join(mkdtempSync(join(tmpdir(), 'coxswain-record-')), 'temporal.db'),
});
const connection = await Connection.connect({ address: server.address });
const nativeConnection = await NativeConnection.connect({ address: server.address });
const client = new Client({ connection });
const taskQueue = 'record-histories';
// The demo repository (PR #1 by frank), so plugins have a GitHub to read and write.
const github = await startGithubSim({ seed: demoSeed });
const worker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue, deps: activityDeps({ baseUrl: github.url }) });

async function send(input: EntityWorkflowInput, event: GithubEvent) {
  return client.workflow.signalWithStart(prWorkflow, {
    workflowId: prWorkflowId(input.owner, input.repo, input.number),
    taskQueue,
    args: [input],
    signal: githubEventSignal,
    signalArgs: [event],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
}

async function waitHandled(id: string, n: number) {
  const handle = client.workflow.getHandle(id);
  while ((await handle.query(stateQuery)).handled < n) await new Promise((r) => setTimeout(r, 100));
}

const want = (name: string) => !existsSync(new URL(`${name}.json`, out));

async function save(name: string, workflowId: string, runId?: string) {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  writeFileSync(new URL(`${name}.json`, out), historyToJSON(history) + '\n');
  console.log(`wrote test/histories/${name}.json (${history.events?.length} events)`);
}

await worker.runUntil(async () => {
  if (want('pr-basic')) await recordBasic();
  if (want('pr-continued-as-new')) await recordContinuedAsNew();
  if (want('pr-plugins')) await recordPlugins();
  if (want('pr-planned')) await recordPlanned();
  if (want('pr-named-signals')) await recordNamedSignals('pr-named-signals');
  // The same run since patches are asked at the start of a run ('patches-at-start-v1').
  if (want('pr-patches-at-start')) await recordNamedSignals('pr-patches-at-start');
});
if (want('pr-jobs') || want('job-presubmit')) await recordJobs();
if (want('pr-tide') || want('tide-pool')) await recordTide();

// A PR's ordinary life: opened, labelled by a person, commented on, one redelivered webhook.
async function recordBasic() {
  const basic: EntityWorkflowInput = { owner: 'demo', repo: 'hello', number: 1, kind: 'pr' };
  const opened = prEvent({ deliveryId: 'd-1', title: 'Add a greeting' });
  await send(basic, opened);
  await send(basic, prEvent({ deliveryId: 'd-2', action: 'labeled', label: 'kind/feature', labels: ['kind/feature'] }));
  await send(basic, commentEvent({ deliveryId: 'd-3', commentId: 3, body: '/lgtm' }));
  await send(basic, opened);
  await waitHandled(prWorkflowId('demo', 'hello', 1), 3);
  await save('pr-basic', prWorkflowId('demo', 'hello', 1));
}

// A run that reached its history limit and continued as new.
async function recordContinuedAsNew() {
  const busy: EntityWorkflowInput = { owner: 'demo', repo: 'hello', number: 2, kind: 'pr', maxHistoryEvents: 30 };
  const first = await send(busy, prEvent({ deliveryId: 'b-0' }));
  for (let i = 1; i <= 40; i++) await send(busy, commentEvent({ deliveryId: `b-${i}`, commentId: i, body: `note ${i}` }));
  await waitHandled(first.workflowId, 41);
  await save('pr-continued-as-new', first.workflowId, first.signaledRunId);
}

// Plugins at work on the demo PR: the PR is read from GitHub, /hold and /lgtm write labels,
// the approve notifier comment and an assignment; /hold cancel removes the label.
async function recordPlugins() {
  const input: EntityWorkflowInput = { owner: 'demo', repo: 'hello', number: 1, kind: 'pr' };
  const id = prWorkflowId('demo', 'hello', 1);
  await client.workflow.getHandle(id).terminate('re-recording').catch(() => undefined);
  await send(input, commentEvent({ deliveryId: 'p-1', actor: 'carol', commentId: 101, body: '/hold' }));
  await send(input, commentEvent({ deliveryId: 'p-2', actor: 'alice', commentId: 102, body: '/lgtm' }));
  await send(input, commentEvent({ deliveryId: 'p-3', actor: 'carol', commentId: 103, body: '/hold cancel' }));
  await waitHandled(id, 3);
  const run = (await client.workflow.getHandle(id).describe()).runId;
  await save('pr-plugins', id, run);
}
// The same commands decided by the planner (plugins in the worker's sandbox, one local activity
// per event) and carried out by GitHub activities, as recorded before writes became local
// activities; plus /cc (a review request) and a stranger's /lgtm (a refusal reply).
async function recordPlanned() {
  const input: EntityWorkflowInput = { owner: 'demo', repo: 'hello', number: 1, kind: 'pr' };
  const id = prWorkflowId('demo', 'hello', 1);
  await client.workflow.getHandle(id).terminate('re-recording').catch(() => undefined);
  const bodies: Array<[string, string]> = [
    ['carol', '/hold'],
    ['alice', '/lgtm'],
    ['carol', '/cc @bob'],
    ['mallory', '/lgtm'],
    ['carol', '/hold cancel'],
  ];
  for (const [i, [actor, body]] of bodies.entries()) await send(input, commentEvent({ deliveryId: `q-${i}`, actor, commentId: 201 + i, body }));
  await waitHandled(id, bodies.length);
  const run = (await client.workflow.getHandle(id).describe()).runId;
  await save('pr-planned', id, run);
}

// Events as the webhook sends them since signals are named for what happened (`command:/hold`),
// and a command from a script (the `command` Update).
async function recordNamedSignals(name: string) {
  const input: EntityWorkflowInput = { owner: 'demo', repo: 'hello', number: 1, kind: 'pr' };
  const id = prWorkflowId('demo', 'hello', 1);
  await client.workflow.getHandle(id).terminate('re-recording').catch(() => undefined);
  const events = [commentEvent({ deliveryId: 'n-1', actor: 'carol', commentId: 301, body: '/hold' }), commentEvent({ deliveryId: 'n-2', actor: 'alice', commentId: 302, body: 'looks good\n/lgtm' })];
  for (const event of events) {
    await client.workflow.signalWithStart(prWorkflow, {
      workflowId: id,
      taskQueue,
      args: [input],
      signal: eventSignalName(event),
      signalArgs: [event],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
  }
  await waitHandled(id, 2);
  await client.workflow.getHandle(id).executeUpdate(commandUpdate, { args: [{ body: '/hold cancel', as: 'carol' }] });
  await waitHandled(id, 3);
  const run = (await client.workflow.getHandle(id).describe()).runId;
  await save(name, id, run);
}

// Presubmits: /test by a member starts a job workflow (a child of the PR's), which runs the job
// with the local executor in a checkout of a real git repository, reports pending and success,
// and tells the PR's workflow.
async function recordJobs() {
  const work = mkdtempSync(join(tmpdir(), 'coxswain-record-jobs-'));
  const origin = join(work, 'origin.git');
  const src = join(work, 'src');
  const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 'r', GIT_AUTHOR_EMAIL: 'r@r', GIT_COMMITTER_NAME: 'r', GIT_COMMITTER_EMAIL: 'r@r' } });
  git(work, 'init', '-q', '--bare', origin);
  mkdirSync(src);
  git(src, 'init', '-q', '-b', 'main');
  writeFileSync(join(src, 'README.md'), '# hello\n');
  git(src, 'add', '.');
  git(src, 'commit', '-q', '-m', 'base');
  git(src, 'push', '-q', origin, 'main', 'main:refs/pull/1/head');
  const configPath = join(work, 'config.yaml');
  writeFileSync(configPath, `presubmits:\n  demo/hello:\n  - name: pull-hello-unit\n    clone_uri: file://${origin}\n    spec:\n      containers:\n      - image: node:20\n        command: [sh, -c, 'echo "$JOB_NAME $PULL_NUMBER"']\n`);
  const jobsQueue = `${taskQueue}-jobs`;
  const jobsWorker = await createWorker({
    connection: nativeConnection,
    namespace: 'default',
    taskQueue: jobsQueue,
    deps: { ...activityDeps({ baseUrl: github.url, configPath }), jobs: { executors: { local: createLocalExecutor({ workDir: join(work, 'runs') }) }, kubernetesAgent: 'local', workDir: join(work, 'runs'), pollMs: 200 } },
  });
  await jobsWorker.runUntil(async () => {
    const input: EntityWorkflowInput = { owner: 'demo', repo: 'hello', number: 1, kind: 'pr' };
    const id = prWorkflowId('demo', 'hello', 1);
    await client.workflow.getHandle(id).terminate('re-recording').catch(() => undefined);
    await client.workflow.signalWithStart(prWorkflow, {
      workflowId: id,
      taskQueue: jobsQueue,
      args: [input],
      signal: githubEventSignal,
      signalArgs: [commentEvent({ deliveryId: 'j-1', actor: 'alice', commentId: 301, body: '/test pull-hello-unit' })],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    const handle = client.workflow.getHandle(id);
    let job: { workflowId: string; state: string } | undefined;
    while (job?.state !== 'success') {
      job = (await handle.query(stateQuery)).jobs?.['pull-hello-unit'];
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.workflow.getHandle(job.workflowId).result();
    await save('pr-jobs', id, (await handle.describe()).runId);
    await save('job-presubmit', job.workflowId);
  });
}

// Tide: PR #1 carries lgtm and approved and a green pull-hello-unit on the current base; an event
// makes its workflow tell the merge pool of main, which starts, reads GitHub, writes the `tide`
// status and merges the PR (squash).
async function recordTide() {
  const work = mkdtempSync(join(tmpdir(), 'coxswain-record-tide-'));
  const configPath = join(work, 'config.yaml');
  writeFileSync(
    configPath,
    `tide:\n  merge_method:\n    demo/hello: squash\n  queries:\n  - repos: [demo/hello]\n    labels: [lgtm, approved]\n    missingLabels: [do-not-merge/hold]\npresubmits:\n  demo/hello:\n  - name: pull-hello-unit\n    always_run: true\n    spec:\n      containers:\n      - image: node:20\n        command: [npm, test]\n`,
  );
  const sim = await startGithubSim({ seed: demoSeed });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- GitHub's JSON, read in a script
  const rest = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${sim.url}${path}`, { method, headers: { authorization: 'token alice-token', 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const pr = await rest('GET', '/repos/demo/hello/pulls/1');
  const base = (await rest('GET', '/repos/demo/hello/branches/main')).commit.sha;
  await rest('POST', '/repos/demo/hello/issues/1/labels', { labels: ['lgtm', 'approved'] });
  await rest('POST', `/repos/demo/hello/statuses/${pr.head.sha}`, { context: 'pull-hello-unit', state: 'success', description: `Job succeeded. BaseSHA:${base}` });
  const tideQueue = `${taskQueue}-tide`;
  const tideWorker = await createWorker({ connection: nativeConnection, namespace: 'default', taskQueue: tideQueue, deps: activityDeps({ baseUrl: sim.url, configPath }) });
  await tideWorker.runUntil(async () => {
    const input: EntityWorkflowInput = { owner: 'demo', repo: 'hello', number: 1, kind: 'pr' };
    const id = prWorkflowId('demo', 'hello', 1);
    await client.workflow.getHandle(id).terminate('re-recording').catch(() => undefined);
    await client.workflow.signalWithStart(prWorkflow, {
      workflowId: id,
      taskQueue: tideQueue,
      args: [input],
      signal: githubEventSignal,
      signalArgs: [prEvent({ deliveryId: 't-1', action: 'labeled', label: 'approved', labels: ['lgtm', 'approved'] })],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    await waitHandled(id, 1);
    const pool = client.workflow.getHandle(mergePoolWorkflowId('demo', 'hello', 'main'));
    for (;;) {
      const view = await pool.query(poolQuery).catch(() => undefined);
      if (view && view.merged > 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await save('pr-tide', id, (await client.workflow.getHandle(id).describe()).runId);
    await save('tide-pool', pool.workflowId);
  });
  await sim.close();
}

await connection.close();
await nativeConnection.close();
await github.close();
await server.stop();
