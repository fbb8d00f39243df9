// Merge-pool benchmark through the full path: BENCH_PRS PRs that are all ready at once (lgtm,
// approved, their presubmit green on the base they were opened on), in one pool, with a required
// job that takes BENCH_JOB_SECONDS on the local executor (a checkout the GitHub simulator serves
// over git). The pool is held by a blocker issue while the PRs get ready; closing it starts the
// clock. The first merge moves the base, so every other PR needs its job again on the new base:
//   batching  (batch_size_limit 0)   the rest are tested together, merged together;
//   serial    (batch_size_limit -1)  one PR retested and merged at a time (Tide with batching off).
// Each mode runs on its own repository, one after the other, in one Temporal dev server.
// BENCH_BAD=1 adds one PR that breaks any batch it is in (and fails on any base with another PR's
// file), so batches must be bisected.
//
// Printed per mode: time from unblocking to the last merge, merges per hour, job runs spent after
// unblocking, and "green → merge": for each merge, the time from the job process's exit that made
// it mergeable (the last successful run that ended after unblocking) to the merge on GitHub; a
// batch's PRs merge one after another, so its p99 is the last. "first merge": unblocking to the
// first merge (a PR green already; the closed blocker issue's workflow tells the pool). Tide's
// figure for that step is its sync period (1 m by default), since it looks only once per sync.
//
//   npm run bench:merge-pool
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, makeTelemetryFilterString, NativeConnection, Runtime } from '@temporalio/worker';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { SimContext } from '@coxswain/github-sim/context.js';
import { demoSeed } from '@coxswain/github-sim/demo-seed.js';
import { startGithubSim } from '@coxswain/github-sim/server.js';
import { createLocalExecutor } from '../src/activities/executors/local.js';
import { resolveTemporalCli } from '../src/temporal/cli-path.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { freePort } from '../src/temporal/ports.js';
import { buildApp } from '../src/webhook/app.js';
import { createWorker } from '../src/worker/create-worker.js';
import { mergePoolWorkflowId, poolQuery } from '../src/workflows/messages.js';
import { activityDeps } from '../test/support/github.js';
import { envInt, fmt, pct } from './lib.js';

const PRS = envInt('BENCH_PRS', 8);
const JOB_SECONDS = envInt('BENCH_JOB_SECONDS', 2);
const BAD = process.env.BENCH_BAD === '1';
const SECRET = 'bench-secret';

Runtime.install({
  logger: new DefaultLogger('ERROR'),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR', other: 'ERROR' }), forward: {} } },
});
const work = mkdtempSync(join(tmpdir(), 'coxswain-bench-pool-'));
const runs = join(work, 'runs');
const modes = [
  { name: 'batching', repo: 'demo/pool-batch', limit: 0 },
  { name: 'serial', repo: 'demo/pool-serial', limit: -1 },
] as const;

// The job: sleeps, then fails if the bad PR's file meets any other PR's file.
const script = `sleep ${JOB_SECONDS}; if [ -f bad.txt ] && ls f*.txt >/dev/null 2>&1; then exit 1; fi`;
const configPath = join(work, 'config.yaml');
writeFileSync(
  configPath,
  `tide:
  sync_period: 1s
  blocker_label: merge-blocker
  batch_size_limit:
${modes.map((m) => `    ${m.repo}: ${m.limit}`).join('\n')}
  queries:
  - repos: [${modes.map((m) => m.repo).join(', ')}]
    labels: [lgtm, approved]
    missingLabels: [do-not-merge/hold]
presubmits:
${modes
  .map(
    (m) => `  ${m.repo}:
  - name: pull-check
    always_run: true
    spec:
      containers:
      - image: node:20
        command: [bash, -c, '${script}']
`,
  )
  .join('')}`,
);

const seed = structuredClone(demoSeed);
const template = seed.repos![0]!;
seed.repos = modes.map((m) => ({ ...structuredClone(template), name: m.repo, pulls: [], labels: [...(template.labels ?? []), { name: 'merge-blocker', color: 'e11d21', description: 'Blocks merges' }] }));

const server = await startDevServer({ cliPath: await resolveTemporalCli(), port: await freePort(), uiPort: await freePort(), dbFile: join(work, 'temporal.db') });
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection });
const taskQueue = 'bench-pool';
const hook = buildApp({ client, taskQueue, webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry() });
await hook.listen({ port: 0, host: '127.0.0.1' });
const hookPort = (hook.server.address() as { port: number }).port;
const sim = await startGithubSim({ seed, webhook: { url: `http://127.0.0.1:${hookPort}/hook`, secret: SECRET } });
const deps = { ...activityDeps({ baseUrl: sim.url, configPath }), jobs: { executors: { local: createLocalExecutor({ workDir: runs, gitBaseUrl: sim.url }) }, kubernetesAgent: 'local' as const, workDir: runs, pollMs: 100 } };
// Merges as they happen on the GitHub server (the simulator's merged_at has whole seconds): the
// simulator hands each write's events to its webhook sender right after storing it.
const mergedAt = new Map<string, number>(); // `${repo}#${n}` → ms
const simCtx = (sim.app as unknown as { githubSim: SimContext }).githubSim;
const echo = simCtx.echo.bind(simCtx);
simCtx.echo = (events) => {
  for (const ev of events) {
    if (ev.name === 'pull_request' && ev.action === 'closed' && ev.issue.pull?.merged) mergedAt.set(`${ev.repo.owner}/${ev.repo.name}#${ev.issue.number}`, Date.now());
  }
  echo(events);
};
const native = await NativeConnection.connect({ address: server.address });
const worker = await createWorker({ connection: native, namespace: 'default', taskQueue, deps });

async function act(action: string, body: Record<string, unknown>): Promise<any> {
  const res = await fetch(`${sim.url}/_sim/actions/${action}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${action}: ${res.status} ${await res.text()}`);
  return res.json();
}
async function get(path: string): Promise<any> {
  const res = await fetch(`${sim.url}${path}`, { headers: { authorization: 'token alice-token' } });
  return res.json();
}
async function until(what: string, ready: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`bench: ${what} did not happen in time`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Job runs (directories of the local executor) and, for finished ones, their exit time and code. */
function jobRuns(): Array<{ dir: string; started: number; exitedAt?: number; code?: string }> {
  if (!existsSync(runs)) return [];
  return readdirSync(runs).map((dir) => {
    const exit = join(runs, dir, 'exit-code');
    const started = statSync(join(runs, dir)).birthtimeMs || statSync(join(runs, dir)).ctimeMs;
    return existsSync(exit) ? { dir, started, exitedAt: statSync(exit).mtimeMs, code: readFileSync(exit, 'utf8').trim() } : { dir, started };
  });
}

interface Result {
  name: string;
  seconds: number;
  firstMerge: number;
  merged: number;
  runs: number;
  greenToMerge: number[];
  actions: string[];
}

async function runMode(mode: (typeof modes)[number]): Promise<Result> {
  const [owner, name] = mode.repo.split('/') as [string, string];
  const blocker = (await act('open-issue', { repo: mode.repo, user: 'alice', title: 'Hold the pool for the benchmark', labels: ['merge-blocker'] })).number as number;
  const numbers: number[] = [];
  for (let i = 1; i <= PRS; i++) {
    const bad = BAD && i === 2;
    const file = bad ? 'bad.txt' : `f${i}.txt`;
    const r = await act('open-pr', { repo: mode.repo, user: 'erin', title: `Change ${i}`, files: [{ filename: file, status: 'added', additions: 1, deletions: 0, content: `${i}\n` }] });
    numbers.push(r.number);
  }
  const headOf = async (n: number) => (await get(`/repos/${mode.repo}/pulls/${n}`)).head.sha as string;
  // Every PR's job green on the base it was opened on, then lgtm and approved: all ready, pool held.
  await until('first runs', async () => {
    for (const n of numbers) {
      const st = await get(`/repos/${mode.repo}/commits/${await headOf(n)}/status`);
      if (!st.statuses?.some((s: { context: string; state: string }) => s.context === 'pull-check' && s.state === 'success')) return false;
    }
    return true;
  });
  for (const n of numbers) await act('label', { repo: mode.repo, number: n, user: 'alice', label: 'lgtm' });
  for (const n of numbers) await act('label', { repo: mode.repo, number: n, user: 'alice', label: 'approved' });
  await until('PRs blocked', async () => {
    for (const n of numbers) {
      const st = await get(`/repos/${mode.repo}/commits/${await headOf(n)}/status`);
      if (!st.statuses?.some((s: { context: string; state: string }) => s.context === 'tide' && s.state === 'error')) return false;
    }
    return true;
  });
  const before = new Set(jobRuns().map((r) => r.dir));
  const t0 = Date.now();
  await act('close', { repo: mode.repo, number: blocker, user: 'alice' });
  const good = BAD ? PRS - 1 : PRS;
  const merges: Array<{ number: number; at: number }> = [];
  await until('merges', async () => {
    const state = await get('/_sim/state');
    const repo = (state.repos as Array<{ owner: string; name: string; merges: Array<{ number: number; merged_at: string }> }>).find((r) => r.name === mode.repo || `${r.owner}/${r.name}` === mode.repo);
    merges.splice(0, merges.length, ...(repo?.merges ?? []).map((m) => ({ number: m.number, at: mergedAt.get(`${mode.repo}#${m.number}`) ?? Date.parse(m.merged_at) })));
    return merges.length >= good;
  });
  const seconds = (Math.max(...merges.map((m) => m.at)) - t0) / 1000;
  const after = jobRuns().filter((r) => !before.has(r.dir));
  // green → merge: from the job exit that made a PR mergeable (the last successful run that ended
  // after unblocking and before the merge) to its merge. A PR green already merges on unblocking:
  // that is `firstMerge` (the blocker issue's workflow tells the pool).
  const greens = jobRuns().filter((r) => r.code === '0' && r.exitedAt !== undefined && r.exitedAt >= t0).map((r) => r.exitedAt!);
  const greenToMerge = merges.flatMap((m) => {
    const g = Math.max(...greens.filter((x) => x <= m.at));
    return Number.isFinite(g) ? [m.at - g] : [];
  }).sort((a, b) => a - b);
  const firstMerge = (Math.min(...merges.map((m) => m.at)) - t0) / 1000;
  const pool = await client.workflow.getHandle(mergePoolWorkflowId(owner, name, 'main')).query(poolQuery);
  return { name: mode.name, seconds, firstMerge, merged: merges.length, runs: after.length, greenToMerge, actions: pool.actions.map((a) => `${a.kind}${a.prs.length ? ` ${a.prs.map((p) => `#${p.number}`).join(',')}` : ''}`) };
}

const results = await worker.runUntil(async () => {
  const out: Result[] = [];
  for (const m of modes) out.push(await runMode(m));
  return out;
});

console.log(`Merge pool: ${PRS} ready PRs${BAD ? ' (one breaks any batch)' : ''}, one required job of ${JOB_SECONDS} s (local executor), pool unblocked at t=0`);
console.log(`${'mode'.padEnd(10)} ${'merged'.padStart(6)} ${'first merge s'.padStart(14)} ${'to last merge s'.padStart(16)} ${'merges/hour'.padStart(12)} ${'job runs'.padStart(9)} ${'green→merge p50 ms'.padStart(19)} ${'p99 ms'.padStart(7)}`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(10)} ${String(r.merged).padStart(6)} ${fmt(r.firstMerge, 1).padStart(14)} ${fmt(r.seconds, 1).padStart(16)} ${fmt((r.merged / r.seconds) * 3600, 0).padStart(12)} ${String(r.runs).padStart(9)} ${fmt(pct(r.greenToMerge, 0.5), 0).padStart(19)} ${fmt(pct(r.greenToMerge, 0.99), 0).padStart(7)}`,
  );
}
const [batch, serial] = results as [Result, Result];
console.log(`batching / serial: time ${fmt(batch.seconds / serial.seconds, 2)}×, job runs ${fmt(batch.runs / serial.runs, 2)}×`);
console.log(`green → merge p50 ${fmt(pct(batch.greenToMerge, 0.5), 0)} ms vs Tide's sync period (60,000 ms by default; one action per sync)`);
for (const r of results) console.log(`${r.name} actions: ${r.actions.join(' → ')}`);

await native.close();
await connection.close();
await sim.close();
await hook.close();
await server.stop();
