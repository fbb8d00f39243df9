import { randomBytes, randomUUID } from 'node:crypto';
import { Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { demoSeed } from '@coxswain/github-sim/demo-seed.js';
import { startGithubSim, type RunningSim } from '@coxswain/github-sim/server.js';
import { CoxswainClient } from '../../src/client/coxswain-client.js';
import { runReplay } from '../../src/cli/replay-run.js';
import { dataConverter } from '../../src/temporal/connect.js';
import { createWorker } from '../../src/worker/create-worker.js';
import { githubEventSignal, prWorkflowId, stateQuery } from '../../src/workflows/messages.js';
import { commentEvent } from '../support/events.js';
import { activityDeps } from '../support/github.js';
import { bundlePath, connectForTest, testAddress, type TestContext } from '../support/temporal.js';

// `coxswain replay` on a deployment that encrypts its payloads (COXSWAIN_PAYLOAD_KEY): the
// history's event, PR state and recorded decision are only readable with the key, which the
// command takes from the same environment as the worker.

const env = { COXSWAIN_PAYLOAD_KEY: randomBytes(32).toString('base64') };
const name = `enc-${randomUUID().slice(0, 8)}`;
const workflowId = prWorkflowId('demo', name, 1);
let t: TestContext;
let sim: RunningSim;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  t = await connectForTest();
  const seed = structuredClone(demoSeed);
  seed.repos![0]!.name = `demo/${name}`;
  sim = await startGithubSim({ seed });
  worker = await createWorker({
    connection: t.nativeConnection,
    namespace: 'default',
    taskQueue: t.taskQueue,
    deps: activityDeps({ baseUrl: sim.url }),
    dataConverter: dataConverter(env),
    workflowBundle: { codePath: bundlePath() },
  });
  running = worker.run();
  const client = new Client({ connection: t.connection, namespace: 'default', dataConverter: dataConverter(env)! });
  await client.workflow.signalWithStart('prWorkflow', {
    workflowId,
    taskQueue: t.taskQueue,
    args: [{ owner: 'demo', repo: name, number: 1, kind: 'pr' }],
    signal: githubEventSignal,
    signalArgs: [commentEvent({ deliveryId: `enc-${name}`, actor: 'carol', commentId: 401, body: '/hold' })],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  const handle = client.workflow.getHandle(workflowId);
  while ((await handle.query(stateQuery)).handled < 1) await new Promise((r) => setTimeout(r, 100));
});
afterAll(async () => {
  await t?.client.workflow.getHandle(workflowId).terminate('test over').catch(() => undefined);
  worker?.shutdown();
  await running;
  await sim?.close();
  await t?.close();
});

test('an encrypted history is read with the key: the event, and the decision it recorded; without the key, an error says so', async () => {
  // Encrypted indeed: without the codec the planner's recorded result is opaque.
  const raw = await t.client.workflow.getHandle(workflowId).fetchHistory();
  const markers = (raw.events ?? []).filter((e) => e.markerRecordedEventAttributes?.details?.result);
  expect(markers.length).toBeGreaterThan(0);
  for (const m of markers) {
    const p = m.markerRecordedEventAttributes!.details!.result!.payloads![0]!;
    expect(Buffer.from(p.metadata!.encoding!).toString()).toBe('binary/encrypted');
  }

  const client = await CoxswainClient.connect({ address: testAddress(), taskQueue: t.taskQueue, env });
  try {
    // A planner that now decides nothing: the recorded decision shows as what would be lost.
    const report = await runReplay(client, { workflowIds: [workflowId], plan: async () => ({ actions: [], failures: [] }), env });
    expect(report).toMatchObject({ checked: 1, wouldChange: 1, errors: 0 });
    const [pr] = report.prs;
    expect(pr!.nondeterminism).toBeUndefined();
    expect(pr!.changes).toEqual([
      { deliveryId: `enc-${name}`, event: 'comment created by carol: /hold', lines: ['- addLabels do-not-merge/hold'], added: [], removed: ['addLabels do-not-merge/hold'] },
    ]);
    // Without the key nothing is read: an error that says which setting is missing, not "no change".
    const blind = await runReplay(client, { workflowIds: [workflowId], plan: async () => ({ actions: [], failures: [] }), env: {} });
    expect(blind.errors).toBe(1);
    expect(blind.prs[0]!.errors).toEqual([expect.stringMatching(/^its history does not replay: .*binary\/encrypted.*set COXSWAIN_PAYLOAD_KEY or COXSWAIN_PAYLOAD_KEY_FILE as for the worker\)$/)]);
    expect(blind.prs[0]!.errors[0]).not.toContain('\n');
  } finally {
    await client.close();
  }
});
