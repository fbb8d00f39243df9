import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLocalExecutor } from '../../src/activities/executors/local.js';
import { freePort } from '../../src/temporal/ports.js';
import { mergePoolWorkflowId, poolQuery, type PoolView } from '../../src/workflows/messages.js';
import { startE2E, type E2E } from '../support/e2e.js';
import { testAddress } from '../support/temporal.js';

// Tide on the real path: the simulator sends webhooks, PR workflows tell the branch's merge pool,
// the pool writes the `tide` status, runs jobs with the local executor on a checkout the
// simulator serves over git, and merges through GitHub's merge API. The config is the seeds'
// (queries on `approved`, required contexts from Prow's own branch-protection section).

const work = mkdtempSync(join(tmpdir(), 'coxswain-tide-'));
const root = fileURLToPath(new URL('../../', import.meta.url));

// The job fails when a.txt and c.txt are both in the checkout (PRs #A and #C conflict in meaning,
// not in git), and waits for a gate file when slow.txt is there.
const CHECK = 'if [ -f slow.txt ]; then while [ ! -f "$GATE" ]; do sleep 0.05; done; fi; ! { [ -f a.txt ] && [ -f c.txt ]; }';

const config = (repo: string) => {
  const [org, name] = repo.split('/');
  return `
branch-protection:
  orgs:
    ${org}:
      repos:
        ${name}:
          required_status_checks:
            contexts:
            - serverless-jenkins
  protect-tested-repos: true
tide:
  sync_period: 3s
  blocker_label: merge-blocker
  merge_method:
    ${repo}: squash
  context_options:
    from-branch-protection: true
    required-if-present-contexts: null
    skip-unknown-contexts: false
  queries:
  - labels:
    - approved
    missingLabels:
    - do-not-merge
    - do-not-merge/hold
    - do-not-merge/work-in-progress
    - needs-ok-to-test
    - needs-rebase
    repos:
    - ${repo}
presubmits:
  ${repo}:
  - name: serverless-jenkins
    always_run: true
    spec:
      containers:
      - image: node:20
        command: [bash, -c, '${CHECK}']
        env:
        - name: GATE
          value: ${join(work, 'gate')}
`;
};

let e: E2E;
beforeAll(async () => {
  e = await startE2E({
    config,
    seed: (s) => {
      s.repos![0]!.labels!.push({ name: 'merge-blocker', color: 'e11d21', description: 'Blocks merges' });
    },
    deps: (d, _repo, simUrl) => ({
      ...d,
      jobs: { executors: { local: createLocalExecutor({ workDir: join(work, 'runs'), gitBaseUrl: simUrl }) }, kubernetesAgent: 'local', workDir: join(work, 'runs'), pollMs: 100 },
    }),
  });
});
afterAll(async () => {
  await e?.close();
});

interface Status {
  context: string;
  state: string;
  description: string;
}

async function statuses(sha: string, context: string): Promise<Status[]> {
  const all: Status[] = await e.rest('alice', 'GET', `/repos/${e.repo}/commits/${sha}/statuses?per_page=100`);
  return all.filter((s) => s.context === context).reverse();
}

async function until<T>(what: string, read: () => Promise<T>, ready: (v: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ready(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: never happened; last: ${JSON.stringify(v).slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const pull = (n: number) => e.rest('alice', 'GET', `/repos/${e.repo}/pulls/${n}`);
async function merges(): Promise<Array<{ number: number; head_sha: string; method: string }>> {
  const state = await e.rest('alice', 'GET', '/_sim/state');
  const repo = (state.repos as Array<{ owner: string; name: string; merges: [] }>).find((r) => r.name === e.repo || `${r.owner}/${r.name}` === e.repo);
  return repo?.merges ?? [];
}
const tideStatus = async (sha: string) => (await statuses(sha, 'tide')).at(-1);
const pool = (): Promise<PoolView> => e.t.client.workflow.getHandle(mergePoolWorkflowId('demo', e.name, 'main')).query(poolQuery);

async function openPr(user: string, title: string, files: Record<string, string>): Promise<{ number: number; sha: string }> {
  const r = await e.act('open-pr', { user, title, files: Object.entries(files).map(([filename, content]) => ({ filename, status: 'added', additions: 1, deletions: 0, content })) });
  const n: number = r.result?.number ?? r.number;
  const p = await pull(n);
  return { number: n, sha: p.head.sha };
}

async function untilJob(sha: string, state: string): Promise<void> {
  await until(`serverless-jenkins ${state} on ${sha.slice(0, 7)}`, () => statuses(sha, 'serverless-jenkins'), (l) => l.at(-1)?.state === state);
}

test("the seeds' walkthrough: tide says what is missing, /approve by an OWNERS approver, the job is green, the PR merges", async () => {
  const pr = await openPr('carol', 'Add a greeting file', { 'greeting.txt': 'hello\n' });
  await untilJob(pr.sha, 'success');
  const pending = await until('tide pending', () => tideStatus(pr.sha), (s) => s?.state === 'pending');
  expect(pending?.description).toBe('Not mergeable. Needs approved label.');
  expect((await pull(pr.number)).merged).toBe(false);

  await e.act('comment', { number: pr.number, user: 'bob', body: '/approve' });
  const merged = await until('merged', () => pull(pr.number), (p) => p.merged === true);
  expect(merged.merged_by?.login).toBe('coxswain-bot');
  const mine = (await merges()).filter((m) => m.number === pr.number);
  expect(mine).toEqual([expect.objectContaining({ head_sha: pr.sha, method: 'squash' })]);
  // In the pool with a green job: success before the merge.
  expect((await statuses(pr.sha, 'tide')).map((s) => s.description)).toContain('In merge pool.');
});

test('a hold keeps an approved PR out of the pool; /hold cancel lets it merge', async () => {
  const pr = await openPr('carol', 'Hold me', { 'hold.txt': 'wait\n' });
  await e.act('comment', { number: pr.number, user: 'bob', body: '/hold' });
  await until('hold label', () => e.issue(pr.number), (i) => i.labels.includes('do-not-merge/hold'));
  await e.act('comment', { number: pr.number, user: 'bob', body: '/approve' });
  await untilJob(pr.sha, 'success');
  const held = await until('tide says hold', () => tideStatus(pr.sha), (s) => s?.description === 'Not mergeable. Should not have do-not-merge/hold label.');
  expect(held?.state).toBe('pending');
  expect((await pull(pr.number)).merged).toBe(false);

  await e.act('comment', { number: pr.number, user: 'bob', body: '/hold cancel' });
  await until('merged after /hold cancel', () => pull(pr.number), (p) => p.merged === true);
});

test('a push after approval is never merged untested: the new head is tested, then merged', async () => {
  const pr = await openPr('carol', 'Slow one', { 'slow.txt': 'slow\n' });
  await until('job pending', () => statuses(pr.sha, 'serverless-jenkins'), (l) => l.at(-1)?.state === 'pending');
  await e.act('comment', { number: pr.number, user: 'bob', body: '/approve' });
  await until('approved', () => e.issue(pr.number), (i) => i.labels.includes('approved'));
  // A new commit drops slow.txt's gate from mattering: the new head's job finishes at once.
  await e.act('push', { number: pr.number, user: 'carol', files: [{ filename: 'slow.txt', status: 'removed', additions: 0, deletions: 1 }] });
  const head = (await pull(pr.number)).head.sha as string;
  expect(head).not.toBe(pr.sha);
  const merged = await until('merged', () => pull(pr.number), (p) => p.merged === true);
  const mine = (await merges()).filter((m) => m.number === pr.number);
  expect(mine).toEqual([expect.objectContaining({ head_sha: head })]);
  expect(merged.head.sha).toBe(head);
  // The old head never passed.
  expect((await statuses(pr.sha, 'serverless-jenkins')).some((s) => s.state === 'success')).toBe(false);
  expect((await statuses(head, 'serverless-jenkins')).some((s) => s.state === 'success')).toBe(true);
});

test('a blocker issue pauses the pool; a batch of three that one PR breaks is bisected and the other two merge', async () => {
  const blocker = await e.act('open-issue', { user: 'alice', title: 'Freeze main for the release', labels: ['merge-blocker'] });
  const blockerNumber: number = blocker.result?.number ?? blocker.number;
  const a = await openPr('carol', 'Add a', { 'a.txt': 'a\n' });
  const b = await openPr('carol', 'Add b', { 'b.txt': 'b\n' });
  const c = await openPr('dave', 'Add c', { 'c.txt': 'c\n' });
  for (const p of [a, b, c]) await untilJob(p.sha, 'success');
  for (const p of [a, b, c]) await e.act('comment', { number: p.number, user: 'bob', body: '/approve' });
  for (const p of [a, b, c]) {
    const s = await until('blocked status', () => tideStatus(p.sha), (x) => x?.state === 'error');
    expect(s?.description).toBe(`Not mergeable. Merging is blocked by issue ${blockerNumber}.`);
  }
  // All three are in the (blocked) pool before anything else happens.
  await until('all three in the pool', pool, (v) => [a, b, c].every((p) => v.pool.some((x) => x.number === p.number)));
  // Someone merges by hand meanwhile: every result is now for an old base.
  const d = await openPr('alice', 'Add d', { 'd.txt': 'd\n' });
  await e.rest('alice', 'PUT', `/repos/${e.repo}/pulls/${d.number}/merge`, { merge_method: 'merge' });
  await e.act('close', { number: blockerNumber, user: 'alice' });

  await until('a and b merged', () => Promise.all([pull(a.number), pull(b.number)]), (ps) => ps.every((p) => p.merged === true), 120_000);
  await until('c failed on the new base', () => statuses(c.sha, 'serverless-jenkins'), (l) => l.at(-1)?.state === 'failure', 60_000);
  expect((await pull(c.number)).merged).toBe(false);
  const actions = (await pool()).actions.map((x) => `${x.kind} ${x.prs.map((p) => p.number).join(',')}`);
  const order = [`TRIGGER_BATCH ${a.number},${b.number},${c.number}`, `TRIGGER_BATCH ${a.number},${b.number}`, `MERGE_BATCH ${a.number},${b.number}`, `TRIGGER ${c.number}`];
  const at = order.map((x) => actions.indexOf(x));
  expect({ actions, found: at.every((i) => i >= 0) }).toEqual({ actions, found: true });
  expect([...at].sort((x, y) => x - y)).toEqual(at);
  const cStatus = await until('c out of the pool', () => tideStatus(c.sha), (s) => s?.description === 'Not mergeable. Job serverless-jenkins has not succeeded.');
  expect(cStatus?.state).toBe('pending');
}, 180_000);

test('a refused merge is said once on the PR and not retried until the head changes', async () => {
  // Squash merges are switched off on the repository: GitHub answers 405.
  await e.rest('alice', 'PATCH', `/repos/${e.repo}`, { allow_squash_merge: false });
  const pr = await openPr('carol', 'Refuse me', { 'refused.txt': 'no\n' });
  await untilJob(pr.sha, 'success');
  await e.act('comment', { number: pr.number, user: 'bob', body: '/approve' });
  const s = await until('tide error', () => tideStatus(pr.sha), (x) => x?.state === 'error');
  expect(s?.description).toContain('Squash merges are not allowed on this repository.');
  // Another change to the PR wakes the pool: it does not try again or say it again.
  await e.act('label', { number: pr.number, user: 'bob', label: 'kind/feature' });
  await e.settled(pr.number);
  const said = e.commentsBy(await e.issue(pr.number)).filter((c) => c.body.includes('Tide could not merge this pull request'));
  expect(said).toHaveLength(1);
  expect(said[0]!.body).toContain('Squash merges are not allowed on this repository.');
  expect((await pull(pr.number)).merged).toBe(false);
  await e.rest('alice', 'PATCH', `/repos/${e.repo}`, { allow_squash_merge: true });
});

test('a worker killed between "merge requested" and "merge recorded": the PR is merged exactly once', async () => {
  await e.stopWorker();
  const metricsPort = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['dist/worker/main.js'], {
    cwd: root,
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: testAddress(),
      TEMPORAL_TASK_QUEUE: e.t.taskQueue,
      GITHUB_API_URL: e.sim.url,
      GITHUB_TOKEN: 'playground-token',
      GITHUB_WRITE_INTERVAL_MS: '0',
      COXSWAIN_CONFIG: e.configPath!,
      COXSWAIN_LOCAL_JOBS: 'true',
      COXSWAIN_GIT_URL: e.sim.url,
      COXSWAIN_DATA_DIR: join(work, 'child'),
      WORKER_METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    const pr = await openPr('carol', 'Merge me once', { 'once.txt': 'once\n' });
    await untilJob(pr.sha, 'success');
    // GitHub makes the merge and then its answer is held: the worker is killed while it waits.
    await e.rest('alice', 'POST', '/_sim/faults', { method: 'PUT', path: `/repos/${e.repo}/pulls/*/merge`, mode: 'commit-then-delay', delay_ms: 120_000 });
    await e.act('comment', { number: pr.number, user: 'bob', body: '/approve' });
    await until('merged on GitHub', () => pull(pr.number), (p) => p.merged === true, 120_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    await e.startWorker();
    // The merge activity times out on the dead worker, runs again here and finds the PR merged.
    const view = await until('merge recorded', pool, (v) => v.actions.some((x) => x.kind === 'MERGE' && x.prs[0]?.number === pr.number) && !v.pool.some((p) => p.number === pr.number) && v.merged > 0, 90_000);
    expect(view.outside.some((p) => p.number === pr.number)).toBe(false);
    expect((await merges()).filter((m) => m.number === pr.number)).toHaveLength(1);
    const bot = e.commentsBy(await e.issue(pr.number)).filter((c) => c.body.includes('Tide could not merge'));
    expect(bot).toHaveLength(0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await e.rest('alice', 'DELETE', '/_sim/faults').catch(() => undefined);
  }
}, 240_000);
