import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { Worker } from '@temporalio/worker';
import { demoSeed } from '@coxswain/github-sim/demo-seed.js';
import { startGithubSim, type RunningSim } from '@coxswain/github-sim/server.js';
import { buildApp } from '../../src/webhook/app.js';
import type { ActivityDeps } from '../../src/activities/index.js';
import type { EntityState } from '../../src/core/pr-state.js';
import { issueWorkflowId, prWorkflowId, stateQuery } from '../../src/workflows/messages.js';
import { activityDeps } from './github.js';
import { connectForTest, type TestContext } from './temporal.js';

// The real path, end to end: the GitHub simulator sends signed webhooks to the hook (HTTP on
// loopback), the hook signals Temporal, the worker runs the workflow, activities call the
// simulator's REST API. Tests act as people through the simulator's scenario API and read
// GitHub's state back from it.

const SECRET = 'e2e-webhook-secret';
/** Nothing listens on port 9 (discard): image services there fail at once, as an outage would. */
const CLOSED_PORT = 'http://127.0.0.1:9';

export interface E2EOptions {
  /** Prow plugins.yaml for the worker (default: config/plugins.yaml). */
  pluginsPath?: string;
  /** Prow config.yaml for the worker (default: config/config.yaml). */
  configPath?: string;
  /** config.yaml's text for this test's repository (`demo/<unique>`); written to a temporary file. */
  config?: (repo: string) => string;
  /** Adjusts this test's copy of the demo seed (its repository is already renamed). */
  seed?: (s: typeof demoSeed) => void;
  /** Image services for /meow and /woof (default: a closed port, so they fail). */
  catApiUrl?: string;
  dogApiUrl?: string;
  /** Adjusts the worker's dependencies (e.g. extra plugin modules) before each worker starts. */
  deps?: (deps: ActivityDeps, repo: string, simUrl: string) => ActivityDeps;
}

/** A bot or human comment as the simulator reads it back. */
export interface SimComment {
  id: number;
  user: string;
  body: string;
  reactions: Array<{ user: string; content: string }>;
}

/** A webhook the simulator sent and the hook accepted. */
export interface SimDelivery {
  id: string;
  event: string;
  action: string;
  sender: string;
  /** For labeled/unlabeled: the label. */
  label?: string;
}

export interface E2E {
  t: TestContext;
  sim: RunningSim;
  /** `demo/<unique>`: a fresh copy of the demo repository for this test. */
  repo: string;
  /** The config.yaml the worker reads (when the test gave one). */
  configPath: string | undefined;
  /** The hook's base URL (it serves the web pages too). */
  hookUrl: string;
  owner: string;
  name: string;
  act(action: string, body: Record<string, unknown>): Promise<any>;
  issue(number: number): Promise<any>;
  /** Calls the simulator's GitHub REST API as `user` (token `<user>-token`); `path` is absolute (`/repos/...`). */
  rest(user: string, method: string, path: string, body?: unknown): Promise<any>;
  /** Comments on a PR/issue written by `user` (default: the bot), oldest first. */
  commentsBy(issue: any, user?: string): SimComment[];
  /** The workflow's state for PR/issue `n` (its `state` query). */
  workflowState(number: number): Promise<EntityState>;
  /** IDs of the deliveries the hook accepted for PR/issue `n`, oldest first. */
  deliveries(number: number): Promise<string[]>;
  /** The deliveries the hook accepted for PR/issue `n` (bot echoes included), oldest first. */
  webhooks(number: number): Promise<SimDelivery[]>;
  /** Sends delivery `id` again, same bytes and same X-GitHub-Delivery; the hook's answer. */
  redeliver(id: string): Promise<{ delivery: string; status: number | null; error: string | null }>;
  /** Polls the simulator's view of a PR/issue until `ready` holds (or fails with the last view). */
  until(number: number, ready: (issue: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Waits until the PR's (or issue's) workflow has handled every delivery the simulator made for it. */
  settled(number: number): Promise<void>;
  startWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  close(): Promise<void>;
}

export async function startE2E(opts: E2EOptions = {}): Promise<E2E> {
  const t = await connectForTest();
  const name = `hello-${randomUUID().slice(0, 8)}`;
  const repo = `demo/${name}`;
  const seed = structuredClone(demoSeed);
  seed.repos![0]!.name = repo;
  opts.seed?.(seed);
  let configPath = opts.configPath;
  if (opts.config) {
    const dir = mkdtempSync(join(tmpdir(), 'coxswain-e2e-'));
    configPath = join(dir, 'config.yaml');
    writeFileSync(configPath, opts.config(repo));
  }

  const hook = buildApp({ client: t.client, taskQueue: t.taskQueue, webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry() });
  await hook.listen({ port: 0, host: '127.0.0.1' });
  const addr = hook.server.address();
  const hookUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/hook`;
  const sim = await startGithubSim({ seed, htmlUrl: 'https://github.com', webhook: { url: hookUrl, secret: SECRET } });

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
  const kindOf = new Map<number, 'pr' | 'issue'>();
  const workflowHandle = async (n: number) => {
    if (!kindOf.has(n)) kindOf.set(n, (await issue(n)).kind === 'pull' ? 'pr' : 'issue');
    const id = kindOf.get(n) === 'pr' ? prWorkflowId('demo', name, n) : issueWorkflowId('demo', name, n);
    return t.client.workflow.getHandle(id);
  };
  const summaryOf = new Map<string, Omit<SimDelivery, 'id'> & { number: number | undefined }>();
  /** Deliveries the hook accepted (200) that concern PR/issue `n` of this repository, oldest first. */
  const deliveriesFor = async (n: number): Promise<SimDelivery[]> => {
    const all: Array<{ id: string; event: string; action: string | null; sender: string; status: number | null; repository?: string }> = await call('GET', '/_sim/deliveries');
    const out: SimDelivery[] = [];
    for (const d of all) {
      if (d.status !== 200 || (d.repository && d.repository !== repo)) continue;
      if (!summaryOf.has(d.id)) {
        const { payload } = await call('GET', `/_sim/deliveries/${d.id}`);
        summaryOf.set(d.id, {
          number: payload?.issue?.number ?? payload?.pull_request?.number,
          event: d.event,
          action: d.action ?? '',
          sender: d.sender,
          ...(payload?.label?.name ? { label: payload.label.name } : {}),
        });
      }
      const { number, ...summary } = summaryOf.get(d.id)!;
      if (number === n) out.push({ id: d.id, ...summary });
    }
    return out;
  };
  const e2e: E2E = {
    t,
    sim,
    repo,
    configPath,
    hookUrl: hookUrl.replace(/\/hook$/, ''),
    owner: 'demo',
    name,
    act: (action, body) => call('POST', `/_sim/actions/${action}`, { repo, ...body }),
    issue,
    async rest(user, method, path, body) {
      const res = await fetch(`${sim.url}${path}`, {
        method,
        headers: { authorization: `token ${user === 'coxswain-bot' ? 'playground-token' : `${user}-token`}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      const json: any = text ? JSON.parse(text) : null;
      if (!res.ok) throw new Error(`${method} ${path} as ${user}: ${res.status} ${text}`);
      return json;
    },
    commentsBy: (i, user = 'coxswain-bot') => (i.comments as SimComment[]).filter((c) => c.user === user),
    async workflowState(n) {
      return (await workflowHandle(n)).query(stateQuery);
    },
    deliveries: async (n) => (await deliveriesFor(n)).map((d) => d.id),
    webhooks: (n) => deliveriesFor(n),
    redeliver: (id) => call('POST', `/_sim/deliveries/${id}/redeliver`),
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
      const handle = await workflowHandle(n);
      const deadline = Date.now() + 30_000;
      let previous = -1;
      for (;;) {
        const mine = (await deliveriesFor(n)).map((d) => d.id);
        const s = await handle.query(stateQuery).catch(() => undefined);
        const done = s !== undefined && mine.every((id) => s.recentDeliveries.includes(id));
        if (done && mine.length === previous) return;
        previous = done ? mine.length : -1;
        if (Date.now() > deadline) throw new Error(`workflow did not handle every delivery for #${n} in time`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async startWorker() {
      const deps = activityDeps({
        baseUrl: sim.url,
        token: 'playground-token',
        catApiUrl: opts.catApiUrl ?? `${CLOSED_PORT}/cats`,
        ...(opts.pluginsPath ? { pluginsPath: opts.pluginsPath } : {}),
        ...(configPath ? { configPath } : {}),
      });
      const all: ActivityDeps = { ...deps, dogApiUrl: opts.dogApiUrl ?? `${CLOSED_PORT}/dogs` };
      worker = await t.newWorker(opts.deps ? opts.deps(all, repo, sim.url) : all);
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
