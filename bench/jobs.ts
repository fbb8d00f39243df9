// Presubmit benchmark through the full path, on the workload issue 10 asks for: one `/test all`
// per PR by an org member (alice) arrives as a signed issue_comment webhook (sent from here,
// several at once, as GitHub sends them), the hook signals Temporal, each PR workflow starts one job
// workflow per presubmit, the local executor checks out the PR as clonerefs does (from a bare git
// repository on disk with main and refs/pull/N/head) and runs the job's command (`true`), and the
// job workflow reports `pending`, then `success`, as commit statuses on the PR head through the
// GitHub simulator's REST API.
//
// Three clocks, all ending when a status reaches the GitHub server (the simulator stores it; seen
// in this process):
//   scheduled       jobs per second, from the first `/test all` sent to the last `pending` status;
//   trigger         the `/test all` webhook's delivery → each of its jobs' `pending` status;
//   report          the job process's exit (the mtime of the exit code file the local executor
//                   writes as the command returns) → its `success` status. The executor is asked
//                   every BENCH_POLL_MS, so half of that is the expected floor.
// BENCH_PRS PRs, BENCH_JOBS presubmits (always_run, so `/test all` runs each), at most
// BENCH_CONCURRENCY `/test all` in flight, one counting until every one of its jobs has reported
// its final status. Every job must run exactly once per PR, with exactly `pending` then `success`;
// anything else fails the run. The worker runs in this process (with the hook, the simulator and the
// load): its RSS is the process's, before the `/test` phase, peak (sampled every 50 ms) and after.
// Workflow tasks the core reports as over 5 s are counted (a PR workflow's local activities, its
// GitHub reads and writes, run inside its workflow task).
// BENCH_ECHO=0 turns off the webhooks GitHub sends back for Coxswain's own writes (each status is
// an event for the PR's workflow).
//
//   npm run bench:jobs
import { execFileSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
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
import { prWorkflowId, stateQuery } from '../src/workflows/messages.js';
import { githubExample } from '../test/support/fixtures.js';
import { activityDeps } from '../test/support/github.js';
import { envInt, fmt, pct } from './lib.js';

const PRS = envInt('BENCH_PRS', 20);
const JOBS = envInt('BENCH_JOBS', 3);
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 10);
const POLL_MS = envInt('BENCH_POLL_MS', 100);
const SECRET = 'bench-secret';
/** Statuses link to the run's log here, which names the run (and so its directory). */
const PUBLIC_URL = 'http://coxswain.bench';

// Errors print; the core's warnings that a workflow task took over 5 s are counted, not printed.
const slowTasks: Record<string, { count: number; maxMs: number }> = {};
Runtime.install({
  logger: new DefaultLogger('WARN', (entry) => {
    if (entry.message.includes('TMPRL1104')) {
      const slow = (slowTasks[String(entry.meta?.workflowType ?? '?')] ??= { count: 0, maxMs: 0 });
      slow.count++;
      slow.maxMs = Math.max(slow.maxMs, Number(entry.meta?.workflowTaskDuration ?? 0));
    } else if (entry.level === 'ERROR') console.error(`${entry.level} ${entry.message} ${JSON.stringify(entry.meta ?? {})}`);
  }),
  telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} } },
});
const work = mkdtempSync(join(tmpdir(), 'coxswain-bench-jobs-'));
const runs = join(work, 'runs');
mkdirSync(runs);

// The repository the jobs clone: main, and each PR's head (adding its own file) under refs/pull/N/head.
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, { cwd, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b' } }).toString().trim();
const origin = join(work, 'origin.git');
const src = join(work, 'src');
mkdirSync(src);
git(work, 'init', '-q', '--bare', origin);
git(src, 'init', '-q', '-b', 'main');
writeFileSync(join(src, 'README.md'), '# hello\n');
git(src, 'add', '.');
git(src, 'commit', '-q', '-m', 'base');
const refspecs = ['main:main'];
for (let n = 1; n <= PRS; n++) {
  git(src, 'checkout', '-q', '-B', `change-${n}`, 'main');
  writeFileSync(join(src, `f${n}.txt`), `${n}\n`);
  git(src, 'add', '.');
  git(src, 'commit', '-q', '-m', `change ${n}`);
  refspecs.push(`change-${n}:refs/pull/${n}/head`);
}
git(src, 'push', '-q', origin, ...refspecs);

const jobNames = Array.from({ length: JOBS }, (_, i) => `pull-bench-${i + 1}`);
const configPath = join(work, 'config.yaml');
writeFileSync(
  configPath,
  `presubmits:\n  demo/hello:\n` +
    jobNames
      .map((name) => `  - name: ${name}\n    always_run: true\n    clone_uri: file://${origin}\n    spec:\n      containers:\n      - image: node:20\n        command: ['true']\n`)
      .join(''),
);

const seed = structuredClone(demoSeed);
const repo = seed.repos![0]!;
repo.pulls = Array.from({ length: PRS }, (_, i) => ({
  number: i + 1,
  title: `Change ${i + 1}`,
  body: 'bench',
  user: 'erin',
  head: `change-${i + 1}`,
  files: [{ filename: `f${i + 1}.txt`, status: 'added', additions: 1, deletions: 0 }],
}));

const server = await startDevServer({
  cliPath: await resolveTemporalCli(),
  port: await freePort(),
  uiPort: await freePort(),
  dbFile: join(work, 'temporal.db'),
});
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection });
const taskQueue = 'bench-jobs';
const hook = buildApp({ client, taskQueue, webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry() });
await hook.listen({ port: 0, host: '127.0.0.1' });
const hookPort = (hook.server.address() as { port: number }).port;
const sim = await startGithubSim({ seed, webhook: { url: `http://127.0.0.1:${hookPort}/hook`, secret: SECRET, echoApiWrites: process.env.BENCH_ECHO !== '0' } });
const github = activityDeps({ baseUrl: sim.url, configPath });
const deps = { ...github, jobs: { executors: { local: createLocalExecutor({ workDir: runs }) }, kubernetesAgent: 'local' as const, workDir: runs, pollMs: POLL_MS, publicUrl: PUBLIC_URL } };
const native = await NativeConnection.connect({ address: server.address });
const worker = await createWorker({ connection: native, namespace: 'default', taskQueue, deps });

const [owner, name] = repo.name.split('/') as [string, string];
/** PR number by head SHA, as the simulator made them. */
const prOfSha = new Map<string, number>();
for (let n = 1; n <= PRS; n++) {
  const res = await fetch(`${sim.url}/repos/${owner}/${name}/pulls/${n}`, { headers: { authorization: 'token alice-token' } });
  const pr = (await res.json()) as { head: { sha: string } };
  prOfSha.set(pr.head.sha, n);
}

// Status: a commit status reaches the GitHub server. The simulator hands each write's events to
// its webhook sender right after storing it; wrapping that is the hook on the server.
interface Status {
  state: string;
  at: number;
  wall: number;
  runName: string | undefined;
}
const statuses = new Map<string, Status[]>(); // `${pr} ${context}` → in order
const onStatus = new Set<() => void>();
const sim$ = (sim.app as FastifyInstance & { githubSim: SimContext }).githubSim;
const echo = sim$.echo.bind(sim$);
sim$.echo = (events) => {
  const at = performance.now();
  const wall = Date.now();
  for (const ev of events) {
    if (ev.name !== 'status') continue;
    const n = prOfSha.get(ev.sha);
    if (n === undefined) continue;
    const key = `${n} ${ev.status.context}`;
    const runName = /\/jobs\/[^/]+\/[^/]+\/([^/]+)\/log$/.exec(ev.status.target_url ?? '')?.[1];
    statuses.set(key, [...(statuses.get(key) ?? []), { state: ev.status.state, at, wall, runName }]);
  }
  echo(events);
  for (const f of onStatus) f();
};
let lastCall = performance.now();
github.github.metrics.onCall(() => {
  lastCall = performance.now();
});

/** Waits until every webhook was delivered and no GitHub call happened for 1.5 s. */
async function quiet(): Promise<void> {
  for (;;) {
    await fetch(`${sim.url}/_sim/deliveries`); // answers once queued deliveries went out
    if (performance.now() - lastCall > 1500) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const template = githubExample('issue_comment', 'created') as Record<string, any>;
let commentId = 1_000_000;

/** GitHub's issue_comment webhook for a new comment by `user` on PR `number`, signed; returns the hook's status. */
async function comment(number: number, user: string, body: string): Promise<number> {
  const p = structuredClone(template);
  p.repository.owner.login = owner;
  p.repository.name = name;
  p.repository.full_name = `${owner}/${name}`;
  p.issue.number = number;
  p.issue.pull_request = { url: `${sim.url}/repos/${p.repository.full_name}/pulls/${number}` };
  p.issue.user.login = 'erin';
  p.comment.id = ++commentId;
  p.comment.user.login = user;
  p.sender.login = user;
  p.comment.body = body;
  p.comment.html_url = `https://github.com/${p.repository.full_name}/pull/${number}#issuecomment-${commentId}`;
  const raw = JSON.stringify(p);
  const res = await fetch(`http://127.0.0.1:${hookPort}/hook`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'issue_comment',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`,
    },
    body: raw,
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`the hook answered ${res.status} to "${body}" on #${number}`);
  return res.status;
}

const FINAL = new Set(['success', 'failure', 'error']);
const finished = (n: number) => jobNames.every((j) => statuses.get(`${n} ${j}`)?.some((s) => FINAL.has(s.state)));

interface Sent {
  number: number;
  sentAt: number;
  ack: number;
}

/** One `/test all`: its comment, then the wait until each of its jobs reported its final status. */
async function testAll(number: number): Promise<Sent> {
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  const check = () => {
    if (finished(number)) done();
  };
  onStatus.add(check);
  const sentAt = performance.now();
  await comment(number, 'alice', '/test all');
  const ack = performance.now() - sentAt;
  check();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      all,
      new Promise<never>((_, reject) =>
        (timer = setTimeout(async () => {
          const st = await client.workflow.getHandle(prWorkflowId(owner, name, number)).query(stateQuery).catch((e: unknown) => String(e));
          const seen = jobNames.map((j) => `${j}: ${(statuses.get(`${number} ${j}`) ?? []).map((s) => s.state).join(',') || 'nothing'}`).join('; ');
          reject(new Error(`/test all on #${number} did not finish within 60 s (${seen}); its state: ${JSON.stringify(st).slice(0, 1500)}`));
        }, 60_000)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
    onStatus.delete(check);
  }
  return { number, sentAt, ack };
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const mb = (bytes: number) => fmt(bytes / 1024 / 1024, 0);

const prs = Array.from({ length: PRS }, (_, i) => i + 1);
const { sent, seconds, rssBefore } = await worker.runUntil(async () => {
  // Warm-up: each PR's workflow reads its PR from GitHub once, on its first event.
  for (const n of prs) await comment(n, 'dave', 'warming up');
  await quiet();
  const rssBefore = process.memoryUsage().rss;
  peakRss = rssBefore;
  const sent: Sent[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, PRS) }, async () => {
      while (next < PRS) sent.push(await testAll(prs[next++]!));
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Whatever the statuses' echoes set off happens before the runs are counted.
  await quiet();
  return { sent, seconds, rssBefore };
});
clearInterval(sampler);
const rssAfter = process.memoryUsage().rss;

// Every job exactly once per PR: one run directory each, statuses `pending` then `success`.
const problems: string[] = [];
const runDirs = readdirSync(runs);
const trigger: number[] = [];
const report: number[] = [];
let firstSent = Infinity;
let lastPending = -Infinity;
for (const s of sent) {
  firstSent = Math.min(firstSent, s.sentAt);
  for (const j of jobNames) {
    const list = statuses.get(`${s.number} ${j}`) ?? [];
    const states = list.map((x) => x.state).join(',');
    if (states !== 'pending,success') problems.push(`#${s.number} ${j}: statuses ${states || '(none)'}`);
    const pending = list.find((x) => x.state === 'pending');
    const success = list.find((x) => x.state === 'success');
    if (pending) {
      trigger.push(pending.at - s.sentAt);
      lastPending = Math.max(lastPending, pending.at);
    }
    if (success) {
      if (!success.runName) problems.push(`#${s.number} ${j}: the success status names no run (${PUBLIC_URL}/jobs/.../log)`);
      else {
        const exited = statSync(join(runs, success.runName, 'exit-code'), { throwIfNoEntry: false })?.mtimeMs;
        if (exited === undefined) problems.push(`#${s.number} ${j}: run ${success.runName} has no exit code file`);
        else report.push(success.wall - exited);
      }
    }
  }
}
const expected = PRS * JOBS;
if (runDirs.length !== expected) problems.push(`${runDirs.length} run directories for ${expected} jobs: ${runDirs.join(' ')}`);
trigger.sort((a, b) => a - b);
report.sort((a, b) => a - b);
const acks = sent.map((s) => s.ack).sort((a, b) => a - b);
const ackP50 = pct(acks, 0.5);
const scheduledSeconds = (lastPending - firstSent) / 1000;

console.log(`Presubmits, /test all → commit statuses: ${PRS} PRs × ${JOBS} jobs (command \`true\`, local executor, status polled every ${POLL_MS} ms), ${CONCURRENCY} /test in flight`);
console.log(`job runs          ${runDirs.length} of ${expected} expected (each job once per PR, pending then success)`);
console.log(`scheduled         ${fmt(trigger.length / scheduledSeconds)} jobs/s (${trigger.length} pending statuses in ${fmt(scheduledSeconds, 2)} s from the first /test all); whole phase ${fmt(seconds, 2)} s, ${fmt(expected / seconds)} jobs/s to success`);
console.log(`${'clock'.padEnd(36)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'floor ms'.padStart(9)} ${'p50/floor'.padStart(10)}`);
console.log(
  `${'/test delivery → pending'.padEnd(36)} ${fmt(pct(trigger, 0.5)).padStart(7)} ${fmt(pct(trigger, 0.99)).padStart(7)} ${fmt(ackP50).padStart(9)} ${fmt(pct(trigger, 0.5) / ackP50, 2).padStart(10)}   (floor: the hook's answer, p50)`,
);
console.log(
  `${'job exit → success'.padEnd(36)} ${fmt(pct(report, 0.5)).padStart(7)} ${fmt(pct(report, 0.99)).padStart(7)} ${fmt(POLL_MS / 2).padStart(9)} ${fmt(pct(report, 0.5) / (POLL_MS / 2), 2).padStart(10)}   (floor: half the poll interval)`,
);
const slow = Object.entries(slowTasks).map(([type, t]) => `${t.count} of ${type} (longest ${fmt(t.maxMs / 1000)} s)`).join(', ');
console.log(`workflow tasks over 5 s (the core's TMPRL1104): ${slow || 'none'}`);
console.log(`RSS (whole process: worker, hook, simulator, load)  before ${mb(rssBefore)} MB, peak ${mb(peakRss)} MB, after ${mb(rssAfter)} MB (${fmt(rssAfter / rssBefore, 2)}×)`);

await hook.close();
await sim.close();
await connection.close();
await native.close();
await server.stop();
rmSync(work, { recursive: true, force: true });

if (problems.length > 0) {
  console.error(`FAILED: not every job ran exactly once per PR with pending then success:\n  ${problems.slice(0, 50).join('\n  ')}`);
  process.exit(1);
}
