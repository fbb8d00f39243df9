import { randomBytes } from 'node:crypto';
import { Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import proto from '@temporalio/proto';
import { startGithubSim } from '@coxswain/github-sim/server.js';
import { dataConverter } from '../../src/temporal/connect.js';
import { createWorker } from '../../src/worker/create-worker.js';
import { githubEventSignal, prWorkflowId, stateQuery, type EntityWorkflowInput } from '../../src/workflows/messages.js';
import { commentEvent } from '../support/events.js';
import { activityDeps } from '../support/github.js';
import { bundlePath, connectForTest, uniqueRepo, type TestContext } from '../support/temporal.js';

// With COXSWAIN_PAYLOAD_KEY set, the Temporal server only ever sees ciphertext: the signal that
// carries a comment, the workflow's input, activity arguments and results, and query answers. A
// client with the key reads them as before; one without it cannot.

let t: TestContext;
beforeAll(async () => {
  t = await connectForTest();
});
afterAll(async () => {
  await t.close();
});

interface FoundPayload {
  path: string;
  encoding: string;
  data: Buffer;
}

/** Every Payload in a decoded history, with where it sits (e.g. events.1.workflowExecutionSignaledEventAttributes.input.payloads.0). */
function payloadsIn(value: unknown, path = ''): FoundPayload[] {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return [];
  const o = value as Record<string, unknown>;
  if (o.metadata && typeof o.metadata === 'object' && 'encoding' in (o.metadata as object) && 'data' in o) {
    const meta = o.metadata as Record<string, Uint8Array>;
    return [{ path, encoding: Buffer.from(meta.encoding!).toString(), data: Buffer.from((o.data as Uint8Array | null) ?? new Uint8Array()) }];
  }
  return Object.entries(o).flatMap(([k, v]) => payloadsIn(v, path ? `${path}.${k}` : k));
}

test('histories are encrypted on the server and readable with the key', async () => {
  const converter = dataConverter({ COXSWAIN_PAYLOAD_KEY: randomBytes(32).toString('base64') })!;
  const withKey = new Client({ connection: t.connection, namespace: 'default', dataConverter: converter });
  const { owner, repo } = uniqueRepo();
  const input: EntityWorkflowInput = { owner, repo, number: 5, kind: 'pr' };
  const secret = `the release date is ${randomBytes(6).toString('hex')}`;
  const github = await startGithubSim({ seed: null });
  const worker = await createWorker({
    connection: t.nativeConnection,
    namespace: 'default',
    taskQueue: t.taskQueue,
    deps: activityDeps({ baseUrl: github.url }),
    dataConverter: converter,
    workflowBundle: { codePath: bundlePath() },
  });
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
      // With the key, the state reads as plain as before (polled: the worker folds the event in).
      const deadline = Date.now() + 30_000;
      let state = await handle.query(stateQuery);
      while (state.handled < 1 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
        state = await handle.query(stateQuery);
      }
      expect(state.handled).toBe(1);
      expect(state.repo).toBe(repo);

      // The raw history, as the server stores it, read by a client without the codec.
      const raw = await t.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution: { workflowId: handle.workflowId } });
      const found = payloadsIn(raw.history?.events ?? [], 'events');
      // Left readable on purpose: search attributes (the server indexes them: repo, number, state,
      // labels), the SDK's patch markers (a patch name) and its local-activity markers' bookkeeping
      // (sequence, attempt, activity type, times). Everything else is ciphertext.
      const byServerOrSdk = (p: FoundPayload) =>
        /\.searchAttributes\.indexedFields\./.test(p.path) || /\.markerRecordedEventAttributes\.details\.(patch-data|data)\./.test(p.path);
      const ours = found.filter((p) => !byServerOrSdk(p));
      expect(ours.map((p) => p.path)).toEqual(
        expect.arrayContaining([
          'events.0.workflowExecutionStartedEventAttributes.input.payloads.0',
          'events.1.workflowExecutionSignaledEventAttributes.input.payloads.0',
          // A local activity's result or failure details (here GitHub refuses the read), kept in its marker.
          expect.stringMatching(/markerRecordedEventAttributes\.(details\.result|failure\.applicationFailureInfo\.details)\.payloads\.0$/),
        ]),
      );
      for (const p of ours) {
        expect(`${p.path} ${p.encoding}`).toBe(`${p.path} binary/encrypted`);
        expect(p.data.toString('latin1')).not.toContain('release date');
      }
      // Not anywhere in the stored bytes either (failure messages, markers, attributes included).
      const bytes = Buffer.from(proto.temporal.api.history.v1.History.encode(raw.history!).finish());
      expect(bytes.length).toBeGreaterThan(0);
      expect(bytes.toString('latin1')).not.toContain(secret);
      expect(bytes.toString('latin1')).not.toContain('release date');
      // The check would see plaintext if it were there: the repo name is in a search attribute.
      expect(bytes.toString('latin1')).toContain(repo);

      // Without the key, the state cannot be read.
      await expect(t.client.workflow.getHandle(handle.workflowId).query(stateQuery)).rejects.toThrow(/binary\/encrypted/);
    });
  } finally {
    await github.close();
  }
});
