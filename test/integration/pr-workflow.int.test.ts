import { WorkflowIdConflictPolicy } from '@temporalio/client';
import { githubEventSignal, prWorkflowId, stateQuery, type EntityWorkflowInput } from '../../src/workflows/messages.js';
import { prWorkflow } from '../../src/workflows/pr.js';
import { LABELS, REPO, STATE } from '../../src/workflows/search-attributes.js';
import type { GithubEvent } from '../../src/core/event.js';
import { compactBody } from '../../src/core/compact-body.js';
import { commentEvent, prEvent } from '../support/events.js';
import { demoSeed } from '@coxswain/github-sim/demo-seed.js';
import { startGithubSim } from '@coxswain/github-sim/server.js';
import { activityDeps } from '../support/github.js';
import { connectForTest, uniqueRepo, type TestContext } from '../support/temporal.js';

let t: TestContext;
beforeAll(async () => {
  t = await connectForTest();
});
afterAll(async () => {
  await t.close();
});

function signalWithStart(input: EntityWorkflowInput, event: GithubEvent) {
  return t.client.workflow.signalWithStart(prWorkflow, {
    workflowId: prWorkflowId(input.owner, input.repo, input.number),
    taskQueue: t.taskQueue,
    args: [input],
    signal: githubEventSignal,
    signalArgs: [event],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
}

/** Polls the query until `ready` holds; the workflow handles signals asynchronously. */
async function queryUntil<T>(read: () => Promise<T>, ready: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ready(last)) {
    if (Date.now() > deadline) throw new Error(`condition not reached; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

test('signal-with-start creates pr/{owner}/{repo}/{number}, folds events in order and answers the state query', async () => {
  const { owner, repo } = uniqueRepo();
  const input: EntityWorkflowInput = { owner, repo, number: 7, kind: 'pr' };
  const worker = await t.newWorker();
  await worker.runUntil(async () => {
    const handle = await signalWithStart(input, prEvent({ title: 'WIP: greet', author: 'carol' }));
    await signalWithStart(input, prEvent({ action: 'labeled', label: 'lgtm', labels: ['lgtm'], author: 'carol' }));
    await signalWithStart(input, commentEvent({ body: '/hold' }));
    expect(handle.workflowId).toBe(`pr/${owner}/${repo}/7`);

    const state = await queryUntil(() => handle.query(stateQuery), (s) => s.handled === 3);
    expect(state).toMatchObject({ owner, repo, number: 7, author: 'carol', labels: ['lgtm'], state: 'open' });
    expect(state.recent.map((r) => `${r.kind}:${r.action}`)).toEqual([
      'pull_request:opened',
      'pull_request:labeled',
      'comment:created',
    ]);

    const desc = await handle.describe();
    expect(desc.typedSearchAttributes.get(REPO)).toBe(`${owner}/${repo}`);
    expect(desc.typedSearchAttributes.get(LABELS)).toEqual(['lgtm']);
    expect(desc.typedSearchAttributes.get(STATE)).toBe('open');
  });
});

test('a redelivered webhook (same X-GitHub-Delivery) is handled once', async () => {
  const { owner, repo } = uniqueRepo();
  const input: EntityWorkflowInput = { owner, repo, number: 1, kind: 'pr' };
  const worker = await t.newWorker();
  await worker.runUntil(async () => {
    const labeled = prEvent({ action: 'labeled', label: 'x', labels: ['x'] });
    const handle = await signalWithStart(input, labeled);
    await signalWithStart(input, labeled);
    await signalWithStart(input, commentEvent());
    const state = await queryUntil(() => handle.query(stateQuery), (s) => s.recent.some((r) => r.kind === 'comment'));
    expect(state.handled).toBe(2);
  });
});

test('thousands of events through one PR: continue-as-new keeps history bounded and loses no event', async () => {
  const { owner, repo } = uniqueRepo();
  const input: EntityWorkflowInput = { owner, repo, number: 2, kind: 'pr', maxHistoryEvents: 400 };
  const total = 2000;
  const worker = await t.newWorker();
  await worker.runUntil(async () => {
    const first = await signalWithStart(input, prEvent());
    const firstRunId = first.signaledRunId;
    // Send in parallel batches: signals land while runs are handing over to each other.
    for (let i = 1; i < total; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, total - i) }, (_, j) =>
          signalWithStart(input, commentEvent({ body: `comment ${i + j}` })),
        ),
      );
    }
    const handle = t.client.workflow.getHandle(prWorkflowId(owner, repo, 2));
    const state = await queryUntil(() => handle.query(stateQuery), (s) => s.handled >= total, 110_000);
    expect(state.handled).toBe(total);
    const desc = await handle.describe();
    expect(desc.runId).not.toBe(firstRunId);
    // Bounded: the run hands over at 400 events, plus at most the signals of the batch in flight.
    expect(desc.historyLength).toBeLessThan(400 + 200);
  });
});

test('thousands of 64 KB comments: every continue-as-new input stays far below the payload limit, no event lost', async () => {
  const { owner, repo } = uniqueRepo();
  const input: EntityWorkflowInput = { owner, repo, number: 3, kind: 'pr', maxHistoryEvents: 400 };
  const total = 2000;
  // What the hook signals for a 64 KB comment (GitHub's largest): its opening and command lines.
  const big = (i: number) => compactBody(`comment ${i}\n${'word '.repeat(6000)}\n${Array(2000).fill('/lgtm cancel').join('\n')}`);
  expect(big(1).length).toBeGreaterThan(7000);
  const worker = await t.newWorker();
  await worker.runUntil(async () => {
    const first = await signalWithStart(input, prEvent());
    for (let i = 1; i < total; i += 50) {
      await Promise.all(Array.from({ length: Math.min(50, total - i) }, (_, j) => signalWithStart(input, commentEvent({ body: big(i + j) }))));
    }
    const handle = t.client.workflow.getHandle(prWorkflowId(owner, repo, 3));
    const state = await queryUntil(() => handle.query(stateQuery), (s) => s.handled >= total, 110_000);
    expect(state.handled).toBe(total);
    // Every run, followed from the first through its continue-as-new events (the list API reads
    // visibility, which the server updates a little later): each run's input size.
    // The run that handled the last events hands over in the task that handled them; the query can
    // answer before the server has stored that task, so wait (briefly) for the first run to close.
    await queryUntil(
      async () => (await t.client.workflowService.describeWorkflowExecution({ namespace: 'default', execution: { workflowId: prWorkflowId(owner, repo, 3), runId: first.signaledRunId } })).workflowExecutionInfo?.status ?? 0,
      (status) => status !== 1,
      30_000,
    ).catch(() => undefined);
    const sizes: number[] = [];
    let runId: string | undefined = first.signaledRunId;
    while (runId) {
      const execution: { workflowId: string; runId: string } = { workflowId: prWorkflowId(owner, repo, 3), runId };
      // The first event alone: a whole run's history can be larger than a gRPC message.
      const page = await t.client.workflowService.getWorkflowExecutionHistory({ namespace: 'default', execution, maximumPageSize: 1 });
      const started = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes;
      sizes.push((started?.input?.payloads ?? []).reduce((n, p) => n + (p.data?.length ?? 0), 0));
      const { workflowExecutionInfo: info } = await t.client.workflowService.describeWorkflowExecution({ namespace: 'default', execution });
      const status = info?.status ?? 0;
      expect([1, 6]).toContain(status); // running, or continued as new; never failed or terminated
      if (status !== 6) break;
      const last: { history?: { events?: Array<{ workflowExecutionContinuedAsNewEventAttributes?: { newExecutionRunId?: string | null } | null }> | null } | null } = await t.client.workflowService.getWorkflowExecutionHistoryReverse({ namespace: 'default', execution, maximumPageSize: 1 });
      runId = last.history?.events?.[0]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
    }
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    console.log(`continue-as-new inputs over ${sizes.length} runs: largest ${Math.max(...sizes)} bytes`);
    expect(Math.max(...sizes)).toBeLessThan(1024 * 1024);
  });
});

test("a closed PR's workflow ends after its quiet period, and reopening starts a new one", async () => {
  const { owner, repo } = uniqueRepo();
  const input: EntityWorkflowInput = { owner, repo, number: 9, kind: 'pr' };
  const github = await startGithubSim({ seed: null });
  const worker = await t.newWorker(activityDeps({ baseUrl: github.url, closedQuietMs: 1500 }));
  try {
    await worker.runUntil(async () => {
      const first = await signalWithStart(input, prEvent({ action: 'closed', state: 'closed' }));
      const done = await t.client.workflow.getHandle(first.workflowId, first.signaledRunId).result();
      expect(done).toBeUndefined();
      expect((await t.client.workflow.getHandle(first.workflowId, first.signaledRunId).describe()).status.name).toBe('COMPLETED');

      const revived = await signalWithStart(input, prEvent({ action: 'reopened', state: 'open' }));
      expect(revived.signaledRunId).not.toBe(first.signaledRunId);
      const state = await queryUntil(() => revived.query(stateQuery), (s) => s.handled === 1);
      expect(state.state).toBe('open');
    });
  } finally {
    await github.close();
  }
});

test('GitHub refusing a read the plugins need does not end the workflow or drop later events', async () => {
  // The bot's token is wrong: every GitHub call answers 401, which retrying cannot fix.
  const seed = structuredClone(demoSeed);
  const repo = `r-${Math.random().toString(36).slice(2, 10)}`;
  seed.repos![0]!.name = `demo/${repo}`;
  const github = await startGithubSim({ seed });
  const worker = await t.newWorker(activityDeps({ baseUrl: github.url, token: 'not-a-token' }));
  const input: EntityWorkflowInput = { owner: 'demo', repo, number: 1, kind: 'pr' };
  try {
    await worker.runUntil(async () => {
      // lgtm needs to know whether alice is a collaborator: that read is refused.
      const handle = await signalWithStart(input, commentEvent({ actor: 'alice', body: '/lgtm' }));
      await signalWithStart(input, commentEvent({ actor: 'carol', body: '/hold' }));
      const state = await queryUntil(() => handle.query(stateQuery), (s) => s.handled === 2);
      expect(state.recent.map((r) => r.actor)).toEqual(['alice', 'carol']);
      expect((await handle.describe()).status.name).toBe('RUNNING');
    });
  } finally {
    await github.close();
  }
});

test('while the bot login is unknown, comments are not taken for commands, and a failed attempt is not repeated on every comment', async () => {
  // GET /user answers 401: the bot cannot tell its own comments from anyone else's.
  const seed = structuredClone(demoSeed);
  const repo = `r-${Math.random().toString(36).slice(2, 10)}`;
  seed.repos![0]!.name = `demo/${repo}`;
  const github = await startGithubSim({ seed });
  const deps = activityDeps({ baseUrl: github.url, token: 'not-a-token' });
  const worker = await t.newWorker(deps);
  const input: EntityWorkflowInput = { owner: 'demo', repo, number: 1, kind: 'pr' };
  try {
    await worker.runUntil(async () => {
      const handle = await signalWithStart(input, commentEvent({ actor: 'coxswain-bot', body: '/hold' }));
      await signalWithStart(input, commentEvent({ actor: 'carol', body: '/hold' }));
      const state = await queryUntil(() => handle.query(stateQuery), (s) => s.handled === 2);
      expect(state.botLogin).toBe('');
      expect(state.botLoginTriedAt).toEqual(expect.any(Number));
      // Both comments were skipped, each recorded with the reason.
      expect(state.failures.map((f) => f.reason)).toEqual([expect.stringContaining('bot login is not known'), expect.stringContaining('bot login is not known')]);
      expect(state.labels).toEqual([]);
    });
  } finally {
    await github.close();
  }
});test('signals waiting before the first task are counted once: a run that starts with 1 MB queued still hands over', async () => {
  const { owner, repo } = uniqueRepo();
  const input: EntityWorkflowInput = { owner, repo, number: 4, kind: 'pr', maxHistoryEvents: 400 };
  const big = (i: number) => compactBody(`comment ${i}\n${'word '.repeat(6000)}\n${Array(2000).fill('/lgtm cancel').join('\n')}`);
  // No worker yet: every signal waits, and the run's first task gets them all at once.
  const first = await signalWithStart(input, prEvent());
  for (let i = 1; i <= 150; i += 50) await Promise.all(Array.from({ length: 50 }, (_, j) => signalWithStart(input, commentEvent({ body: big(i + j) }))));
  const worker = await t.newWorker();
  await worker.runUntil(async () => {
    const handle = t.client.workflow.getHandle(prWorkflowId(owner, repo, 4));
    await queryUntil(() => handle.query(stateQuery), (s) => s.handled >= 151, 60_000);
    const execution = { workflowId: prWorkflowId(owner, repo, 4), runId: first.signaledRunId };
    // Counted twice, the 1.3 MB that came with the first task kept the run from ever handing over.
    const status = await queryUntil(
      async () => (await t.client.workflowService.describeWorkflowExecution({ namespace: 'default', execution })).workflowExecutionInfo?.status ?? 0,
      (st) => st !== 1,
      30_000,
    );
    expect(status).toBe(6); // continued as new
  });
});


