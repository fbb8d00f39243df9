import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { Worker } from '@temporalio/worker';
import { demoSeed } from '../../src/github-sim/demo-seed.js';
import { startGithubSim, type RunningSim } from '../../src/github-sim/server.js';
import { buildApp } from '../../src/webhook/app.js';
import { prWorkflowId, stateQuery } from '../../src/workflows/messages.js';
import { activityDeps } from './github.js';
import { connectForTest, type TestContext } from './temporal.js';

// The real path, end to end: the GitHub simulator sends signed webhooks to the hook (HTTP on
// loopback), the hook signals Temporal, the worker runs the workflow, activities call the
// simulator's REST API. Tests act as people through the simulator's scenario API and read
// GitHub's state back from it.

const SECRET = 'e2e-webhook-secret';

export interface E2E {
  t: TestContext;
  sim: RunningSim;
  /** `demo/<unique>`: a fresh copy of the demo repository for this test. */
  repo: string;
  owner: string;
  name: string;
  act(action: string, body: Record<string, unknown>): Promise<any>;
  issue(number: number): Promise<any>;
  /** Polls the simulator's view of a PR/issue until `ready` holds (or fails with the last view). */
  until(number: number, ready: (issue: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Waits until the PR's workflow has handled every delivery the simulator made for it. */
  settled(number: number): Promise<void>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function startE2E(opts: { pluginsPath?: string; seed?: (s: typeof demoSeed) => void } = {}): Promise<E2E> {
  const t = await connectForTest();
  const name = `hello-${randomUUID().slice(0, 8)}`;
  const repo = `demo/${name}`;
  const seed = structuredClone(demoSeed);
  seed.repos![0]!.name = repo;
  opts.seed?.(seed);

  const hook = buildApp({ client: t.client, taskQueue: t.taskQueue, webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry() });
  await hook.listen({ port: 0, host: '127.0.0.1' });
  const addr = hook.server.address();
  const hookUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hook`;
  const sim = await startGithubSim({ seed, webhook: { url: hookUrl, secret: SECRET } });

  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${sim.url}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const json: any = await res.json();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const issue = (n: number) => call('GET', `/_sim/repos/${repo}/issues/${n}`);
  const targetOf = new Map<string, number | undefined>();
  /** IDs of deliveries the hook accepted (200) that concern PR/issue `n` of this repository. */
  const deliveriesFor = async (n: number): Promise<string[]> => {
    const all: Array<{ id: string; status: number | null; repository?: string }> = await call('GET', '/_sim/deliveries');
    const out: string[] = [];
    for (const d of all) {
      if (d.status !== 200 || (d.repository && d.repository !== repo)) continue;
      if (!targetOf.has(d.id)) {
        const { payload } = await call('GET', `/_sim/deliveries/${d.id}`);
        targetOf.set(d.id, payload?.issue?.number ?? payload?.pull_request?.number);
      }
      if (targetOf.get(d.id) === n) out.push(d.id);
    }
    return out;
  };
  const e2e: E2E = {
    t,
    sim,
    repo,
    owner: 'demo',
    name,
    act: (action, body) => call('POST', `/_sim/actions/${action}`, { repo, ...body }),
    issue,
    async until(n, ready, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last = await issue(n);
      while (!ready(last)) {
        if (Date.now() > deadline) throw new Error(`simulator state never matched; last: ${JSON.stringify(last, null, 1)}`);
        await new Promise((r) => setTimeout(r, 100));
        last = await issue(n);
      }
      return last;
    },
    async settled(n) {
      // Quiet when every accepted delivery for this PR is handled and no new one appeared since
      // (the bot's own writes come back as webhooks, which may trigger more writes).
      const handle = t.client.workflow.getHandle(prWorkflowId('demo', name, n));
      const deadline = Date.now() + 30_000;
      let previous = -1;
      for (;;) {
        const mine = await deliveriesFor(n);
        const s = await handle.query(stateQuery).catch(() => undefined);
        const done = s !== undefined && mine.every((id) => s.recentDeliveries.includes(id));
        if (done && mine.length === previous) return;
        previous = done ? mine.length : -1;
        if (Date.now() > deadline) throw new Error(`workflow did not handle every delivery for #${n} in time`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async startWorker() {
      worker = await t.newWorker(activityDeps({ baseUrl: sim.url, token: 'playground-token' }));
      running = worker.run();
    },
    async stopWorker() {
      worker?.shutdown();
      await running;
      worker = undefined;
    },
    async close() {
      await e2e.stopWorker();
      await sim.close();
      await hook.close();
      await t.close();
    },
  };
  await e2e.startWorker();
  return e2e;
}
