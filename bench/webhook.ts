// Webhook intake benchmark: signed deliveries for many PRs at a fixed concurrency against the real
// hook (HTTP on loopback) backed by a Temporal dev server, compared with a bare fastify route that
// only verifies the HMAC. The ratio shows the cost of durable intake; the check at the end shows
// whether any acknowledged delivery was lost.
//
//   npm run bench:webhook            (BENCH_DELIVERIES, BENCH_PRS, BENCH_CONCURRENCY to change)
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhooks } from '@octokit/webhooks';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import Fastify from 'fastify';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { resolveTemporalCli } from '../src/temporal/cli-path.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { freePort } from '../src/temporal/ports.js';
import { buildApp } from '../src/webhook/app.js';
import { createWorker } from '../src/worker/create-worker.js';
import { prWorkflowId, stateQuery } from '../src/workflows/messages.js';
import { githubExample } from '../test/support/fixtures.js';
import { startGithubSim } from '@coxswain/github-sim/server.js';
import { activityDeps } from '../test/support/github.js';
import { envInt, fmt, runLoad, type LoadResult } from './lib.js';

const DELIVERIES = envInt('BENCH_DELIVERIES', 2000);
const PRS = envInt('BENCH_PRS', 100);
const CONCURRENCY = envInt('BENCH_CONCURRENCY', 16);
const SECRET = 'bench-secret';
const OWNER = 'bench';
const REPO = `r${Date.now()}`;

Runtime.install({ logger: new DefaultLogger('ERROR') });
const template = githubExample('issue_comment', 'created') as Record<string, any>;
const bodies = Array.from({ length: DELIVERIES }, (_, i) => {
  const p = structuredClone(template);
  p.repository.owner.login = OWNER;
  p.repository.name = REPO;
  p.issue.number = (i % PRS) + 1;
  p.issue.pull_request = { url: 'x' };
  p.comment.id = i + 1;
  p.comment.body = `/meow ${i}`;
  const body = JSON.stringify(p);
  return { body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
});

async function load(url: string): Promise<LoadResult> {
  return runLoad(DELIVERIES, CONCURRENCY, async (i) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'issue_comment',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': bodies[i]!.signature,
      },
      body: bodies[i]!.body,
    });
    await res.arrayBuffer();
    return res.status;
  });
}

// Baseline: the same raw-body handling and HMAC check, and nothing else.
const bare = Fastify();
const webhooks = new Webhooks({ secret: SECRET });
bare.removeAllContentTypeParsers();
bare.addContentTypeParser('*', { parseAs: 'buffer' }, (_r, body, done) => done(null, body));
bare.post('/hook', async (req, reply) => {
  const ok = await webhooks.verify((req.body as Buffer).toString('utf8'), String(req.headers['x-hub-signature-256']));
  return reply.code(ok ? 200 : 401).send({ ok });
});
const barePort = await freePort();
await bare.listen({ port: barePort, host: '127.0.0.1' });

const server = await startDevServer({
  cliPath: await resolveTemporalCli(),
  port: await freePort(),
  uiPort: await freePort(),
  dbFile: join(mkdtempSync(join(tmpdir(), 'coxswain-bench-')), 'temporal.db'),
});
const connection = await Connection.connect({ address: server.address });
const client = new Client({ connection });
const native = await NativeConnection.connect({ address: server.address });
const taskQueue = 'bench';
const github = await startGithubSim({ seed: null });
const worker = await createWorker({ connection: native, namespace: 'default', taskQueue, deps: activityDeps({ baseUrl: github.url }) });
const hook = buildApp({ client, taskQueue, webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry() });
const hookPort = await freePort();
await hook.listen({ port: hookPort, host: '127.0.0.1' });

console.log(`webhook intake: ${DELIVERIES} signed deliveries over ${PRS} PRs, concurrency ${CONCURRENCY}, worker running in the same process`);
const base = await load(`http://127.0.0.1:${barePort}/hook`);
let lost = -1;
const durable = await worker.runUntil(async () => {
  const r = await load(`http://127.0.0.1:${hookPort}/hook`);
  // Every delivery acknowledged with 200 must have reached its PR's workflow.
  const acked = r.statuses[200] ?? 0;
  let stored = 0;
  for (let n = 1; n <= PRS; n++) {
    const expected = Math.floor(DELIVERIES / PRS) + (n <= DELIVERIES % PRS ? 1 : 0);
    const handle = client.workflow.getHandle(prWorkflowId(OWNER, REPO, n));
    let state = await handle.query(stateQuery);
    while (state.handled < expected) {
      await new Promise((res) => setTimeout(res, 100));
      state = await handle.query(stateQuery);
    }
    stored += state.handled;
  }
  lost = acked - stored;
  return r;
});

const row = (name: string, r: LoadResult) =>
  `${name.padEnd(28)} ${fmt(r.perSecond, 0).padStart(8)}/s ${fmt(r.perSecond * 60, 0).padStart(9)}/min  p50 ${fmt(r.p50).padStart(6)} ms  p99 ${fmt(r.p99).padStart(6)} ms  statuses ${JSON.stringify(r.statuses)}`;
console.log(row('bare HMAC route (baseline)', base));
console.log(row('hook → Temporal signal', durable));
console.log(`durable/baseline throughput ratio ${fmt(durable.perSecond / base.perSecond, 3)}, p50 ratio ${fmt(durable.p50 / base.p50, 2)}x`);
console.log(`lost acknowledged deliveries: ${lost}`);

await hook.close();
await bare.close();
await connection.close();
await native.close();
await github.close();
await server.stop();
