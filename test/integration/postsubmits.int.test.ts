import { makeGitOrigin } from '../support/git-origin.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { startGithubSim } from '@coxswain/github-sim/server.js';
import { createLocalExecutor } from '../../src/activities/executors/local.js';
import type { GithubEvent } from '../../src/core/event.js';
import { githubEventSignal, repoStateQuery, repoWorkflowId } from '../../src/workflows/messages.js';
import { activityDeps } from '../support/github.js';
import { connectForTest, uniqueRepo, type TestContext } from '../support/temporal.js';

// Postsubmits on push (Prow's trigger on push events): the repository's workflow starts a job
// workflow for each postsubmit whose branches and run_if_changed match, none on a deletion; the
// job sees Prow's postsubmit variables.

const work = mkdtempSync(join(tmpdir(), 'coxswain-post-'));
const { owner, repo } = uniqueRepo();
const out = (n: string) => join(work, `${n}.out`);
// The repository the jobs check out (clonerefs fetches the pushed branch from it).
const origin = makeGitOrigin(work);

const job = (n: string, extra: string) =>
  `  - name: ${n}\n${extra}    clone_uri: file://${origin}\n    spec:\n      containers:\n      - image: alpine\n        command: [sh, -c, 'echo "$JOB_TYPE $PULL_BASE_REF $PULL_BASE_SHA $PULL_NUMBER" > ${out(n)}']\n`;
const configPath = join(work, 'config.yaml');
writeFileSync(
  configPath,
  `postsubmits:\n  ${owner}/${repo}:\n` +
    job('post-main', '    branches: [main]\n') +
    job('post-docs', '    run_if_changed: ^docs/\n') +
    job('post-release', '    branches: [release]\n'),
);

let t: TestContext;
let worker: Worker;
let running: Promise<void>;
let github: Awaited<ReturnType<typeof startGithubSim>>;
beforeAll(async () => {
  t = await connectForTest();
  // A GitHub without this repository: the statuses are refused (404), which a job shrugs off.
  github = await startGithubSim({ seed: null });
  const deps = { ...activityDeps({ configPath, baseUrl: github.url }), jobs: { executors: { local: createLocalExecutor({ workDir: join(work, 'runs') }) }, kubernetesAgent: 'local' as const, workDir: join(work, 'runs'), pollMs: 100 } };
  worker = await t.newWorker(deps);
  running = worker.run();
});
afterAll(async () => {
  worker.shutdown();
  await running;
  await github.close();
  await t.close();
});

async function push(event: Partial<Extract<GithubEvent, { kind: 'push' }>> & { deliveryId: string }): Promise<void> {
  const e: GithubEvent = { kind: 'push', action: 'push', actor: 'alice', ref: 'refs/heads/main', before: '0'.repeat(40), after: 'a'.repeat(40), deleted: false, ...event };
  await t.client.workflow.signalWithStart('repoWorkflow', {
    workflowId: repoWorkflowId(owner, repo),
    taskQueue: t.taskQueue,
    args: [{ owner, repo }],
    signal: githubEventSignal,
    signalArgs: [e],
  });
}

async function runsOf(jobName: string, atLeast: number): Promise<string[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ids: string[] = [];
    for await (const w of t.client.workflow.list({ query: `WorkflowId STARTS_WITH 'job/${owner}/${repo}/${jobName}/'` })) ids.push(w.workflowId);
    if (ids.length >= atLeast || Date.now() > deadline) return ids;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('a push to main runs the postsubmits for main and for the changed paths, not the others', async () => {
  const sha = 'b'.repeat(40);
  await push({ deliveryId: 'p1', after: sha, changedFiles: ['docs/intro.md', 'README.md'] });
  const [main] = await runsOf('post-main', 1);
  const [docs] = await runsOf('post-docs', 1);
  expect(await t.client.workflow.getHandle(main!).result()).toEqual({ state: 'success', description: 'Job succeeded.', url: null });
  expect(await t.client.workflow.getHandle(docs!).result()).toMatchObject({ state: 'success' });
  // Prow's postsubmit variables: base ref and SHA, no pull number.
  expect(readFileSync(out('post-main'), 'utf8').trim()).toBe(`postsubmit main ${sha}`);

  // A push that changes no docs runs post-main only; a branch deletion runs nothing.
  await push({ deliveryId: 'p2', after: 'c'.repeat(40), changedFiles: ['src/a.ts'] });
  await push({ deliveryId: 'p3', after: '0'.repeat(40), deleted: true });
  const handle = t.client.workflow.getHandle(repoWorkflowId(owner, repo));
  const deadline = Date.now() + 30_000;
  while (!(await handle.query(repoStateQuery)).recentDeliveries.includes('p3')) {
    if (Date.now() > deadline) throw new Error('the push was not handled');
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(await runsOf('post-main', 2)).toHaveLength(2);
  expect(await runsOf('post-docs', 1)).toHaveLength(1);
  expect(await runsOf('post-release', 0)).toHaveLength(0);
});
