// ChatOps benchmark through the full path, on the workload issue 9 measured Prow's own `hook`
// with: comments on open PRs arrive as signed issue_comment webhooks (sent from here, several at
// once, as GitHub sends them), the hook signals Temporal, PR workflows decide and write back
// through the GitHub simulator's REST API (which echoes its own webhooks for those writes, one at
// a time). Each command toggles one label: /hold and /hold cancel, /kind bug and
// /remove-kind bug, /lgtm and /lgtm cancel by the PR's assignee.
//
// The clock runs from the moment the webhook is sent (delivery) to the moment the command's write
// reaches the GitHub server, both seen in this process. Two phases:
//   settled         BENCH_SETTLED commands, each sent once the previous one's other writes and
//                   echoed webhooks are done: a command's own path on an otherwise idle system;
//   one at a time   BENCH_SERIAL commands, each sent after the previous one was written (its
//                   echoes still being handled);
//   under load      BENCH_COMMANDS commands on BENCH_PRS PRs, at most BENCH_CONCURRENCY in
//                   flight, one PR's commands one after another.
// The hook's own answer time (delivery → 200) is printed beside them: the floor a command cannot
// go under, measured in the same run. BENCH_ECHO=0 turns off the webhooks GitHub sends back for
// Coxswain's own writes (each is a full event for the PR's workflow), to see what they cost.
//
//   npm run bench:chatops
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { demoSeed } from '@coxswain/github-sim/demo-seed.js';
import { startGithubSim } from '@coxswain/github-sim/server.js';
import { resolveTemporalCli } from '../src/temporal/cli-path.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { freePort } from '../src/temporal/ports.js';
import { buildApp } from '../src/webhook/app.js';
import { createWorker } from '../src/worker/create-worker.js';
import { prWorkflowId, stateQuery } from '../src/workflows/messages.js';
import { githubExample } from '../test/support/fixtures.js';
import { activityDeps } from '../test/support/github.js';
import { envInt, fmt, pct } from './lib.js';

const PRS = envInt('BENCH_PRS', 50);
const COMMANDS = envInt('BENCH_COMMANDS', 1000);
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 20);
const SERIAL = envInt('BENCH_SERIAL', 100);
const SETTLED = envInt('BENCH_SETTLED', 10);
const SECRET = 'bench-secret';

/** Each PR toggles one label with one pair of commands, by someone allowed to. */
const PAIRS: Array<{ user: string; bodies: [string, string] }> = [
  { user: 'carol', bodies: ['/hold', '/hold cancel'] },
  { user: 'carol', bodies: ['/kind bug', '/remove-kind bug'] },
  { user: 'bob', bodies: ['/lgtm', '/lgtm cancel'] },
];
const pairOf = (n: number) => PAIRS[(n - 1) % PAIRS.length]!;

Runtime.install({ logger: new DefaultLogger('ERROR') });
const seed = structuredClone(demoSeed);
const repo = seed.repos![0]!;
repo.pulls = Array.from({ length: PRS }, (_, i) => ({
  number: i + 1,
  title: `Change ${i + 1}`,
  body: 'bench',
  user: 'frank',
  head: `change-${i + 1}`,
  // /lgtm comes from the assignee, so it adds the label and assigns nobody.
  ...(pairOf(i + 1).user === 'bob' ? { assignees: ['bob'] } : {}),
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
const sim = await startGithubSim({ seed, webhook: { url: `http://127.0.0.1:${hookPort}/hook`, secret: SECRET, echoApiWrites: process.env.BENCH_ECHO !== "0" } });
// Prow's hook, the baseline, does not run Tide: its status writes and pool reads are Tide's, so
// the merge pool is left out here unless BENCH_TIDE=1 (bench:merge-pool measures it).
const configPath = join(mkdtempSync(join(tmpdir(), 'coxswain-bench-config-')), 'config.yaml');
const exampleConfig = parseYaml(readFileSync(new URL('../config/config.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
if (process.env.BENCH_TIDE !== '1') delete exampleConfig.tide;
// Nor does it run CI: trigger would start the example presubmit when /lgtm lands on an untrusted
// PR, and that run (a process, its statuses) is bench:jobs' to measure, not a label toggle's.
if (process.env.BENCH_JOBS !== '1') {
  delete exampleConfig.presubmits;
  delete exampleConfig.periodics;
}
writeFileSync(configPath, stringifyYaml(exampleConfig));
const deps = activityDeps({ baseUrl: sim.url, configPath });
const native = await NativeConnection.connect({ address: server.address });
const worker = await createWorker({ connection: native, namespace: 'default', taskQueue, deps });

// Write: a write for the PR reaches the GitHub server.
const waiting = new Map<number, (at: number) => void>();
sim.app.server.on('request', (req) => {
  if (req.method === 'GET' || req.url?.startsWith('/_sim')) return;
  const n = /\/(?:issues|pulls)\/(\d+)\//.exec(req.url ?? '')?.[1];
  if (n) waiting.get(Number(n))?.(performance.now());
});
let reads = 0;
let writes = 0;
let lastCall = performance.now();
const routes = new Map<string, number>();
deps.github.metrics.onCall((call) => {
  lastCall = performance.now();
  if (process.env.BENCH_ROUTES) { const k = `${call.method} ${call.route.replace(/https?:\/\/[^/]+/, "").replace(/\/\d+/g, "/N")} ${call.status}`; routes.set(k, (routes.get(k) ?? 0) + 1); }
  if (call.method === 'GET') reads++;
  else writes++;
});

/** Waits until every webhook was delivered and no GitHub call happened for `idleMs`. */
async function quiet(idleMs = 1500): Promise<void> {
  for (;;) {
    await fetch(`${sim.url}/_sim/deliveries`); // answers once queued deliveries went out
    if (performance.now() - lastCall > idleMs) return;
    await new Promise((r) => setTimeout(r, Math.min(250, idleMs / 4)));
  }
}

const template = githubExample('issue_comment', 'created') as Record<string, any>;
let commentId = 1_000_000;

/** GitHub's issue_comment webhook for a new comment by `user` on PR `number`, signed; returns the hook's status. */
async function comment(number: number, user: string, body: string): Promise<number> {
  const p = structuredClone(template);
  const [owner, name] = repo.name.includes('/') ? repo.name.split('/') : [repo.owner!, repo.name];
  p.repository.owner.login = owner;
  p.repository.name = name;
  p.repository.full_name = `${owner}/${name}`;
  p.issue.number = number;
  p.issue.pull_request = { url: `${sim.url}/repos/${p.repository.full_name}/pulls/${number}` };
  p.issue.user.login = 'frank';
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

interface Timing {
  latency: number;
  ack: number;
}

/** One command: its comment, then the wait for its write. */
async function command(number: number, body: string, user: string): Promise<Timing> {
  const wrote = new Promise<number>((resolve) => waiting.set(number, resolve));
  const sentAt = performance.now();
  await comment(number, user, body);
  const acked = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const at = await Promise.race([
    wrote,
    new Promise<never>((_, reject) =>
      (timer = setTimeout(async () => {
        const st = await client.workflow.getHandle(prWorkflowId('demo', 'hello', number)).query(stateQuery).catch((e: unknown) => String(e));
        reject(new Error(`no write for "${body}" by ${user} on #${number} within 10 s; its state: ${JSON.stringify(st).slice(0, 1500)}`));
      }, 10_000)),
    ),
  ]);
  clearTimeout(timer);
  waiting.delete(number);
  return { latency: at - sentAt, ack: acked - sentAt };
}

/** CPU time (user + system, ms) a process has used so far: where a command's cost goes. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks (USER_HZ = 100)
}
const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

interface Phase {
  name: string;
  /** CPU per command: Temporal's server, and this process (hook, worker, plugins, GitHub simulator); not for settled commands, whose idle waits would count. */
  temporalCpu?: number;
  nodeCpu?: number;
  commands: number;
  seconds: number;
  p50: number;
  p99: number;
  ackP50: number;
  callsPerCommand: number;
}

/** Commands sent to each PR so far (even: its label is off). */
const sent = new Map<number, number>();

async function phase(name: string, prs: number[], total: number, concurrency: number, settle = false): Promise<Phase> {
  await quiet();
  reads = 0;
  writes = 0;
  const timings: Timing[] = [];
  const cpu0 = { temporal: cpuMs(server.serverPid), node: ownCpuMs() };
  // Spread over the PRs evenly; one PR's commands in order, each the undo of the one before.
  const quota = new Map(prs.map((n) => [n, (sent.get(n) ?? 0) + Math.ceil(total / prs.length)]));
  let next = 0;
  const started = performance.now();
  const busy = new Set<number>();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const n = prs.find((p) => !busy.has(p) && (sent.get(p) ?? 0) < quota.get(p)!);
        if (n === undefined) break;
        busy.add(n);
        const i = sent.get(n) ?? 0;
        sent.set(n, i + 1);
        next++;
        const { user, bodies } = pairOf(n);
        timings.push(await command(n, bodies[i % 2]!, user));
        if (settle) await quiet(300);
        busy.delete(n);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // A command's first write ends its clock; its other writes and the webhooks they echo follow.
  await quiet();
  const temporalCpu = (cpuMs(server.serverPid) - cpu0.temporal) / timings.length;
  const nodeCpu = (ownCpuMs() - cpu0.node) / timings.length;
  const lat = timings.map((t) => t.latency).sort((a, b) => a - b);
  const acks = timings.map((t) => t.ack).sort((a, b) => a - b);
  return { name, ...(settle ? {} : { temporalCpu, nodeCpu }), commands: timings.length, seconds, p50: pct(lat, 0.5), p99: pct(lat, 0.99), ackP50: pct(acks, 0.5), callsPerCommand: (reads + writes) / timings.length };
}

const all = Array.from({ length: PRS }, (_, i) => i + 1);
const results = await worker.runUntil(async () => {
  // Warm-up: each PR's workflow reads its PR from GitHub once, on its first event.
  for (const n of all) await comment(n, 'dave', 'warming up');
  const settled = await phase('settled', all.slice(0, PAIRS.length * 3), SETTLED, 1, true);
  const serial = await phase('one at a time', all.slice(0, PAIRS.length * 3), SERIAL, 1);
  const load = await phase(`under load (${CONCURRENCY} in flight)`, all, COMMANDS, CONCURRENCY);
  return [settled, serial, load];
});

console.log(`ChatOps, webhook delivery → GitHub write: ${PRS} PRs, label toggles (${PAIRS.map((p) => p.bodies[0]).join(', ')} and their undo); merge pool ${process.env.BENCH_TIDE === "1" ? "on" : "off (BENCH_TIDE=1: on)"}`);
console.log(`${'phase'.padEnd(26)} ${'commands'.padStart(8)} ${'cmds/s'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'ack p50'.padStart(8)} ${'p50/ack'.padStart(8)} ${'GitHub calls/cmd'.padStart(17)} ${'CPU ms/cmd: Temporal'.padStart(21)} ${'Node'.padStart(5)}`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(26)} ${String(r.commands).padStart(8)} ${fmt(r.commands / r.seconds).padStart(7)} ${fmt(r.p50).padStart(7)} ${fmt(r.p99).padStart(7)} ` +
      `${fmt(r.ackP50).padStart(8)} ${fmt(r.p50 / r.ackP50, 2).padStart(8)} ${fmt(r.callsPerCommand, 2).padStart(17)} ${(r.temporalCpu === undefined ? '-' : fmt(r.temporalCpu)).padStart(21)} ${(r.nodeCpu === undefined ? '-' : fmt(r.nodeCpu)).padStart(5)}`,
  );
}
if (process.env.BENCH_ROUTES) console.log([...routes].map(([r, n]) => `${String(n).padStart(6)} ${r}`).join('\n'));
console.log('targets (issue 9): one at a time p50 ≤ 25 ms; under load p99 ≤ ~120 ms (1.5 × Prow hook here) and ≥ 200 cmds/s; ≤ 1 GitHub call per command');

await hook.close();
await sim.close();
await connection.close();
await native.close();
await server.stop();
