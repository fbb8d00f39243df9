// ChatOps benchmark through the full path: people comment on many PRs at once (the GitHub
// simulator sends the signed webhooks), the hook signals Temporal, PR workflows run the plugins
// and write back through the simulator's REST API. Prints commands/s, p50/p99 from the moment the
// comment's webhook is sent to the moment the resulting GitHub write completes, and GitHub API
// calls per command (reads and writes), for a trivial command (/hold, /hold cancel: one label each)
// and for /lgtm (label, assignment, approve's notifier).
//
//   npm run bench:chatops        (BENCH_PRS, BENCH_COMMANDS per PR, BENCH_CONCURRENCY to change)
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { demoSeed } from '../src/github-sim/demo-seed.js';
import { startGithubSim } from '../src/github-sim/server.js';
import type { GithubCall } from '../src/github/metrics.js';
import { resolveTemporalCli } from '../src/temporal/cli-path.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { freePort } from '../src/temporal/ports.js';
import { buildApp } from '../src/webhook/app.js';
import { createWorker } from '../src/worker/create-worker.js';
import { activityDeps } from '../test/support/github.js';
import { envInt, fmt, pct } from './lib.js';

const PRS = envInt('BENCH_PRS', 20);
const COMMANDS = envInt('BENCH_COMMANDS', 10);
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 10);
const SECRET = 'bench-secret';

Runtime.install({ logger: new DefaultLogger('ERROR') });
const seed = structuredClone(demoSeed);
const repo = seed.repos![0]!;
repo.pulls = Array.from({ length: PRS * 2 }, (_, i) => ({
  number: i + 1,
  title: `Change ${i + 1}`,
  body: 'bench',
  user: 'frank',
  head: `change-${i + 1}`,
  files: [{ filename: `src/f${i}.ts`, status: 'added', additions: 5, deletions: 0 }],
}));

const server = await startDevServer({
  cliPath: await resolveTemporalCli(),
  port: await freePort(),
  uiPort: await freePort(),
  dbFile: join(mkdtempSync(join(tmpdir(), 'coxswain-bench-')), 'temporal.db'),
});
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection });
const taskQueue = 'bench-chatops';
const hook = buildApp({ client, taskQueue, webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry() });
await hook.listen({ port: 0, host: '127.0.0.1' });
const hookPort = (hook.server.address() as { port: number }).port;
const sim = await startGithubSim({ seed, webhook: { url: `http://127.0.0.1:${hookPort}/hook`, secret: SECRET } });
const deps = activityDeps({ baseUrl: sim.url });
const native = await NativeConnection.connect({ address: server.address });
const worker = await createWorker({ connection: native, namespace: 'default', taskQueue, deps });

// The first write for a PR after its command was sent ends that command's clock.
const waiting = new Map<number, (call: GithubCall) => void>();
let reads = 0;
let writes = 0;
let lastCall = performance.now();
deps.github.metrics.onCall((call) => {
  lastCall = performance.now();
  if (process.env.BENCH_DEBUG && (call.status >= 300 || process.env.BENCH_DEBUG === "all")) console.log("github", call.status, call.route, JSON.stringify(call.params).slice(0, 200));
  if (call.method === "GET") reads++;
  else writes++;
  const n = Number(call.params.issue_number ?? call.params.pull_number);
  if (call.method !== 'GET' && waiting.has(n)) waiting.get(n)!(call);
});

/** Waits until every webhook was delivered and no GitHub call happened for 1.5 s. */
async function quiet(): Promise<void> {
  for (;;) {
    await fetch(`${sim.url}/_sim/deliveries`); // answers once queued deliveries went out
    if (performance.now() - lastCall > 1500) return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function act(body: Record<string, unknown>) {
  const res = await fetch(`${sim.url}/_sim/actions/comment`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ repo: repo.name, ...body }),
  });
  if (!res.ok) throw new Error(`comment failed: ${res.status} ${await res.text()}`);
}

interface Run {
  name: string;
  commands: number;
  seconds: number;
  p50: number;
  p99: number;
  readsPerCommand: number;
  writesPerCommand: number;
}

async function run(name: string, firstPr: number, user: string, bodies: [string, string]): Promise<Run> {
  // Warm-up: the first event of each PR's workflow reads the PR from GitHub once.
  for (let n = firstPr; n < firstPr + PRS; n++) await act({ number: n, user: 'dave', body: 'warming up' });
  await quiet();
  reads = 0;
  writes = 0;
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  const jobs = Array.from({ length: PRS }, (_, i) => firstPr + i);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < jobs.length) {
        const n = jobs[next++]!;
        for (let c = 0; c < COMMANDS; c++) {
          const wrote = new Promise<void>((resolve) => waiting.set(n, () => resolve()));
          const t0 = performance.now();
          await act({ number: n, user, body: bodies[c % 2] });
          await wrote;
          latencies.push(performance.now() - t0);
          waiting.delete(n);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // A command's first write ends its clock, but its other writes (and the webhooks they echo)
  // follow: count calls once GitHub has been quiet for a while.
  await quiet();
  latencies.sort((a, b) => a - b);
  const commands = PRS * COMMANDS;
  return { name, commands, seconds, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99), readsPerCommand: reads / commands, writesPerCommand: writes / commands };
}

const results = await worker.runUntil(async () => [
  await run('/hold, /hold cancel', 1, 'carol', ['/hold', '/hold cancel']),
  await run('/lgtm, /lgtm cancel', PRS + 1, 'alice', ['/lgtm', '/lgtm cancel']),
]);

console.log(`ChatOps through the full path: ${PRS} PRs x ${COMMANDS} commands, ${CONCURRENCY} PRs at a time`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(22)} ${fmt(r.commands / r.seconds).padStart(6)} commands/s  webhook→write p50 ${fmt(r.p50).padStart(6)} ms  p99 ${fmt(r.p99).padStart(6)} ms  ` +
      `GitHub calls per command: ${fmt(r.readsPerCommand, 2)} reads, ${fmt(r.writesPerCommand, 2)} writes`,
  );
}
console.log(`ratio: /lgtm p50 is ${fmt(results[1]!.p50 / results[0]!.p50, 2)}x /hold p50`);

await hook.close();
await sim.close();
await connection.close();
await native.close();
await server.stop();
