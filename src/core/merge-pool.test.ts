import { baseShaOf, bisect, decide, emptyMemory, positionOf, type PoolInputs, type PoolMemory } from './merge-pool.js';
import type { ContextPolicy } from './tide-policy.js';
import type { PoolPr } from './tide-status.js';

const BASE = 'b'.repeat(40);
const OLD = 'a'.repeat(40);
const job = (state: string, base = BASE) => ({ state, description: `Job ${state}. BaseSHA:${base}` });

function pr(number: number, over: Partial<PoolPr> = {}): PoolPr {
  return {
    number,
    author: 'carol',
    title: `PR ${number}`,
    headSha: String(number).padStart(40, '0'),
    headRef: `pr-${number}`,
    baseRef: 'main',
    labels: ['approved', 'lgtm'],
    draft: false,
    mergeable: true,
    state: 'open',
    contexts: { unit: job('success') },
    ...over,
  };
}

const policy: ContextPolicy = { required: ['unit'], requiredIfPresent: [], optional: [], optionalRegex: [], skipUnknown: false, jobContexts: ['unit'] };

function inputs(prs: PoolPr[], over: Partial<PoolInputs> = {}): PoolInputs {
  return {
    org: 'o',
    repo: 'r',
    branch: 'main',
    baseSha: BASE,
    prs,
    queries: [{ repos: ['o/r'], labels: ['lgtm', 'approved'], missingLabels: ['do-not-merge/hold'] }],
    policy,
    presubmits: [{ name: 'unit', context: 'unit', trigger: '', rerun_command: '/test unit', always_run: true }],
    batchSizeLimit: 0,
    prioritizeExistingBatches: true,
    blockers: [],
    now: 1_000,
    ...over,
  };
}

test('baseShaOf reads crier\u2019s suffix and nothing else', () => {
  expect(baseShaOf(`Job succeeded. BaseSHA:${BASE}`)).toBe(BASE);
  expect(baseShaOf('Job succeeded.')).toBeUndefined();
  expect(baseShaOf(`BaseSHA:${BASE} trailing`)).toBeUndefined();
});

test('a PR green on the current base merges first; one green on an older base is retested', () => {
  const d = decide(inputs([pr(2), pr(1, { contexts: { unit: job('success', OLD) } })]), emptyMemory());
  expect(d.action).toMatchObject({ kind: 'MERGE', prs: [{ number: 2 }] });
  const only = decide(inputs([pr(1, { contexts: { unit: job('success', OLD) } })]), emptyMemory());
  expect(only.action).toMatchObject({ kind: 'TRIGGER', prs: [{ number: 1 }], jobs: ['unit'] });
  // The retest counts as pending until its status arrives: no second trigger.
  const again = decide(inputs([pr(1, { contexts: { unit: job('success', OLD) } })]), only.memory);
  expect(again.action.kind).toBe('WAIT');
});

test('priority label sets go before lower numbers', () => {
  const d = decide(inputs([pr(1), pr(5, { labels: ['approved', 'lgtm', 'priority/critical'] })], { tide: { priority: [{ labels: ['priority/critical'] }] } }), emptyMemory());
  expect(d.action).toMatchObject({ kind: 'MERGE', prs: [{ number: 5 }] });
  expect(positionOf(d.views, 1).position).toBe(2);
});

test('PRs that miss a label, fail a job or have a conflict stay out of the pool with Prow\u2019s status', () => {
  const d = decide(
    inputs([pr(1, { labels: ['lgtm'] }), pr(2, { contexts: { unit: job('failure') } }), pr(3, { mergeable: false }), pr(4, { labels: ['approved', 'lgtm', 'do-not-merge/hold'] })]),
    emptyMemory(),
  );
  expect(d.action.kind).toBe('WAIT');
  const status = (n: number) => d.views.find((v) => v.pr.number === n)!.status;
  expect(status(1)).toEqual({ state: 'pending', description: 'Not mergeable. Needs approved label.' });
  expect(status(2)).toEqual({ state: 'pending', description: 'Not mergeable. Job unit has not succeeded.' });
  expect(status(3)).toEqual({ state: 'error', description: 'Not mergeable. PR has a merge conflict.' });
  expect(status(4)).toEqual({ state: 'pending', description: 'Not mergeable. Should not have do-not-merge/hold label.' });
});

test('a required job that never ran keeps the PR out (Tide does not start first runs)', () => {
  const d = decide(inputs([pr(1, { contexts: {} })]), emptyMemory());
  expect(d.views[0]!.inPool).toBe(false);
  expect(d.action.kind).toBe('WAIT');
});

test('a pending non-job context keeps a PR out; a pending job does not', () => {
  const d = decide(inputs([pr(1, { contexts: { unit: job('pending'), 'ci/external': { state: 'pending', description: '' } } }), pr(2, { contexts: { unit: job('pending') } })]), emptyMemory());
  expect(d.views.find((v) => v.pr.number === 1)!.inPool).toBe(false);
  expect(d.views.find((v) => v.pr.number === 2)).toMatchObject({ inPool: true, readiness: 'pending' });
});

test('several stale PRs are tested together; a passing batch merges; a failing one is bisected', () => {
  const stale = [1, 2, 3].map((n) => pr(n, { contexts: { unit: job('success', OLD) } }));
  const first = decide(inputs(stale), emptyMemory());
  expect(first.action).toMatchObject({ kind: 'TRIGGER_BATCH', prs: [{ number: 1 }, { number: 2 }, { number: 3 }], jobs: ['unit'] });
  const running: PoolMemory = { ...first.memory, batch: { prs: first.action.prs, baseSha: BASE, jobs: { unit: { workflowId: 'w1', state: 'pending' } } } };
  expect(decide(inputs(stale), running).action.kind).toBe('WAIT');

  const failed: PoolMemory = { ...running, batch: { ...running.batch!, jobs: { unit: { workflowId: 'w1', state: 'failure' } } } };
  const halves = decide(inputs(stale), failed);
  expect(halves.action).toMatchObject({ kind: 'TRIGGER_BATCH', prs: [{ number: 1 }, { number: 2 }] });
  expect(halves.action.reason).toContain('bisecting');
  expect(halves.memory.bisect).toEqual([[3]]);

  const passed: PoolMemory = { ...halves.memory, batch: { prs: halves.action.prs, baseSha: BASE, jobs: { unit: { workflowId: 'w2', state: 'success' } } } };
  expect(decide(inputs(stale), passed).action).toMatchObject({ kind: 'MERGE_BATCH', prs: [{ number: 1 }, { number: 2 }] });

  // After the merge (base moved), the last half alone is retested serially.
  const after = decide(inputs([pr(3, { contexts: { unit: job('success', OLD) } })], { baseSha: 'c'.repeat(40) }), { ...halves.memory });
  expect(after.action).toMatchObject({ kind: 'TRIGGER', prs: [{ number: 3 }] });
  expect(after.memory.bisect).toEqual([]);
});

test('batch_size_limit caps a batch; -1 turns batching off', () => {
  const stale = [1, 2, 3].map((n) => pr(n, { contexts: { unit: job('success', OLD) } }));
  expect(decide(inputs(stale, { batchSizeLimit: 2 }), emptyMemory()).action.prs.map((p) => p.number)).toEqual([1, 2]);
  expect(decide(inputs(stale, { batchSizeLimit: -1 }), emptyMemory()).action).toMatchObject({ kind: 'TRIGGER', prs: [{ number: 1 }] });
});

test('a batch whose PR got a new head is dropped and its runs stopped', () => {
  const stale = [1, 2].map((n) => pr(n, { contexts: { unit: job('success', OLD) } }));
  const mem: PoolMemory = { ...emptyMemory(), batch: { prs: [{ number: 1, sha: 'x'.repeat(40) }, { number: 2, sha: stale[1]!.headSha }], baseSha: BASE, jobs: { unit: { workflowId: 'w', state: 'pending' } } } };
  const d = decide(inputs(stale), mem);
  expect(d.abandonedBatch?.jobs.unit?.workflowId).toBe('w');
  expect(d.memory.batch).toBeUndefined();
  expect(d.action).toMatchObject({ kind: 'TRIGGER_BATCH', prs: [{ number: 1 }, { number: 2 }] });
});

test('a blocker issue blocks everything and every status names it', () => {
  const d = decide(inputs([pr(1), pr(2)], { blockers: [7] }), emptyMemory());
  expect(d.action).toMatchObject({ kind: 'BLOCKED', prs: [] });
  expect(d.views.map((v) => v.status)).toEqual([
    { state: 'error', description: 'Not mergeable. Merging is blocked by issue 7.' },
    { state: 'error', description: 'Not mergeable. Merging is blocked by issue 7.' },
  ]);
});

test('a refused merge keeps the PR out until its head changes', () => {
  const mem: PoolMemory = { ...emptyMemory(), refused: { '1': { sha: pr(1).headSha, reason: 'Squash merges are not allowed on this repository. (405)' } } };
  const d = decide(inputs([pr(1)]), mem);
  expect(d.action.kind).toBe('WAIT');
  expect(d.views[0]!.status).toEqual({ state: 'error', description: 'Not mergeable. GitHub refused the merge: Squash merges are not allowed on this repository. (405)' });
  const pushed = decide(inputs([pr(1, { headSha: 'f'.repeat(40) })]), mem);
  expect(pushed.memory.refused).toEqual({});
  expect(pushed.action.kind).toBe('MERGE');
});

test('bisect splits in two, the first half the larger', () => {
  expect(bisect([1, 2, 3, 4, 5])).toEqual([[1, 2, 3], [4, 5]]);
  expect(bisect([1])).toEqual([]);
});

test('hostile: 2,000 PRs with 300 contexts each: one decision, a batch capped at batch_size_limit', () => {
  const many = Array.from({ length: 2000 }, (_, i) =>
    pr(i + 1, { contexts: Object.fromEntries([['unit', job('success', OLD)], ...Array.from({ length: 300 }, (_, j) => [`ctx-${j}`, { state: 'success', description: 'x'.repeat(140) }])]) }),
  );
  const d = decide(inputs(many, { batchSizeLimit: 10 }), emptyMemory());
  expect(d.action.kind).toBe('TRIGGER_BATCH');
  expect(d.action.prs).toHaveLength(10);
});

test('while a bisected part runs alone, the next part waits its turn', () => {
  const stale = [1, 2, 3].map((n) => pr(n, { contexts: { unit: job('success', OLD) } }));
  const running = [pr(1, { contexts: { unit: job('pending') } }), ...stale.slice(1)];
  const d = decide(inputs(running), { ...emptyMemory(), bisect: [[2, 3]] });
  expect(d.action.kind).toBe('WAIT');
  // Without the bisection queue, Tide's usual: a batch may run beside a serial retest.
  expect(decide(inputs(running), emptyMemory()).action).toMatchObject({ kind: 'TRIGGER_BATCH', prs: [{ number: 1 }, { number: 2 }, { number: 3 }] });
});

test('a bisected PR that fails alone explains the batch: the rest are tested together again', () => {
  const stale = [2, 3, 4].map((n) => pr(n, { contexts: { unit: job('success', OLD) } }));
  const first = decide(inputs([pr(1, { contexts: { unit: job('success', OLD) } }), ...stale]), { ...emptyMemory(), bisect: [[1], [2], [3, 4]] });
  expect(first.action).toMatchObject({ kind: 'TRIGGER', prs: [{ number: 1 }] });
  expect(first.memory.suspect?.number).toBe(1);
  // #1 fails on its own: out of the pool; #2, #3, #4 form one batch, not the queued halves.
  const after = decide(inputs([pr(1, { contexts: { unit: job('failure') } }), ...stale]), first.memory);
  expect(after.memory.suspect).toBeUndefined();
  expect(after.action).toMatchObject({ kind: 'TRIGGER_BATCH', prs: [{ number: 2 }, { number: 3 }, { number: 4 }] });
  expect(after.action.reason).not.toContain('bisecting');
});
