import { randomBytes } from 'node:crypto';
import { Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import { startGithubSim } from '../../src/github-sim/server.js';
import { dataConverter } from '../../src/temporal/connect.js';
import { createWorker } from '../../src/worker/create-worker.js';
import { githubEventSignal, prWorkflowId, stateQuery, type EntityWorkflowInput } from '../../src/workflows/messages.js';
import { commentEvent } from '../support/events.js';
import { activityDeps } from '../support/github.js';
import { bundlePath, connectForTest, uniqueRepo, type TestContext } from '../support/temporal.js';

// With COXSWAIN_PAYLOAD_KEY set, the Temporal server only ever sees ciphertext: the signal that
// carries a comment, the workflow's input and its query answers. A client with the key reads
// them as before.

let t: TestContext;
beforeAll(async () => {
  t = await connectForTest();
});
afterAll(async () => {
  await t.close();
});

test('histories are encrypted on the server and readable with the key', async () => {
  const converter = dataConverter({ COXSWAIN_PAYLOAD_KEY: randomBytes(32).toString('base64') })!;
  const withKey = new Client({ connection: t.connection, namespace: 'default', dataConverter: converter });
  const { owner, repo } = uniqueRepo();
  const input: EntityWorkflowInput = { owner, repo, number: 5, kind: 'pr' };
  const secret = `the release date is ${randomBytes(6).toString('hex')}`;
  const github = await startGithubSim({ seed: null });
  const worker = await createWorker({ connection: t.nativeConnection, namespace: 'default', taskQueue: t.taskQueue, deps: activityDeps({ baseUrl: github.url }), dataConverter: converter, workflowBundle: { codePath: bundlePath() } });
  try {
  await worker.runUntil(async () => {
    const handle = await withKey.workflow.signalWithStart('prWorkflow', {
      workflowId: prWorkflowId(owner, repo, 5),
      taskQueue: t.taskQueue,
      args: [input],
      signal: githubEventSignal,
      signalArgs: [commentEvent({ body: secret })],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    const deadline = Date.now() + 30_000;
    let handled = 0;
    while (handled < 1 && Date.now() < deadline) handled = (await handle.query(stateQuery)).handled;
    expect(handled).toBe(1);

    // The raw history, as the server stores it.
    const raw = await t.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: handle.workflowId } });
    const payloads = (raw.history?.events ?? []).flatMap((e) => [
      ...(e.workflowExecutionStartedEventAttributes?.input?.payloads ?? []),
      ...(e.workflowExecutionSignaledEventAttributes?.input?.payloads ?? []),
      ...(e.activityTaskScheduledEventAttributes?.input?.payloads ?? []),
    ]);
    expect(payloads.length).toBeGreaterThanOrEqual(2);
    for (const p of payloads) {
      expect(Buffer.from(p.metadata!.encoding!).toString()).toBe('binary/encrypted');
      expect(Buffer.from(p.data!).toString('latin1')).not.toContain('release date');
    }
    // Workflow IDs, search attributes and failure messages (GitHub's error texts) stay readable.
    expect(JSON.stringify(raw.toJSON())).not.toContain('release date');

    // Without the key, the state cannot be read; with it, it reads as plain as before.
    await expect(t.client.workflow.getHandle(handle.workflowId).query(stateQuery)).rejects.toThrow();
    expect((await handle.query(stateQuery)).repo).toBe(repo);
  });
  } finally {
    await github.close();
  }
});
