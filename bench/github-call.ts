// What one GitHub call costs through Coxswain's Octokit client (retries, write spacing, metrics)
// against a plain Octokit, to the GitHub simulator on this machine: the client's own overhead,
// paid on every read and write of every command.
//
//   npm run bench:github-call
import { demoSeed } from '@coxswain/github-sim/demo-seed.js';
import { startGithubSim } from '@coxswain/github-sim/server.js';
import { Octokit } from '@octokit/rest';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { GithubMetrics } from '../src/github/metrics.js';
import { createOctokit } from '../src/github/octokit.js';
import { envInt, fmt } from './lib.js';

const CALLS = envInt('BENCH_CALLS', 500);
const sim = await startGithubSim({ seed: structuredClone(demoSeed) });
const clients = {
  'plain Octokit': new Octokit({ baseUrl: sim.url, auth: 'playground-token' }),
  Coxswain: createOctokit({ baseUrl: sim.url, auth: { token: 'playground-token' }, log: pino({ level: 'silent' }), metrics: new GithubMetrics(new Registry()), writeIntervalMs: 0 }),
};
const repo = { owner: 'demo', repo: 'hello', issue_number: 1 };

async function perCall(fn: (i: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await fn(i);
  return (performance.now() - started) / CALLS;
}

// Two rounds: the first warms both up; the second is printed.
let rows: Array<{ name: string; read: number; write: number }> = [];
for (let round = 0; round < 2; round++) {
  rows = [];
  for (const [name, octokit] of Object.entries(clients)) {
    const read = await perCall(() => octokit.rest.issues.get(repo));
    const write = await perCall((i) => octokit.rest.issues.addLabels({ ...repo, labels: [i % 2 ? 'bench-a' : 'bench-b'] }));
    rows.push({ name, read, write });
  }
}
const base = rows[0]!;
console.log(`One GitHub call, one at a time (${CALLS} each), to the simulator on this machine`);
console.log(`${'client'.padEnd(14)} ${'read ms'.padStart(8)} ${'write ms'.padStart(9)} ${'read ×'.padStart(7)} ${'write ×'.padStart(8)}`);
for (const r of rows) {
  console.log(`${r.name.padEnd(14)} ${fmt(r.read, 2).padStart(8)} ${fmt(r.write, 2).padStart(9)} ${fmt(r.read / base.read, 2).padStart(7)} ${fmt(r.write / base.write, 2).padStart(8)}`);
}
await sim.close();
