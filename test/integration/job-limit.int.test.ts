import { makeGitOrigin } from '../support/git-origin.js';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { startGithubSim } from '@coxswain/github-sim/server.js';
import { createLocalExecutor } from '../../src/activities/executors/local.js';
import { jobLimitQuery, jobLimitWorkflowId, jobWorkflowId } from '../../src/workflows/messages.js';
import { activityDeps } from '../support/github.js';
import { connectForTest, uniqueRepo, type TestContext } from '../support/temporal.js';

// Prow's max_concurrency: three runs of a job limited to one run one after another, in the order
// they asked, through the job's limiter workflow; a run aborted while it waits gives up its place.

const work = mkdtempSync(join(tmpdir(), 'coxswain-limit-'));
const { owner, repo } = uniqueRepo();
const jobName = `limited-${repo}`;
const started = join(work, 'started');
const gate = (id: string) => join(work, `gate-${id}`);
const origin = makeGitOrigin(work);
const configPath = join(work, 'config.yaml');
writeFileSync(
  configPath,
  `postsubmits:\n  ${owner}/${repo}:\n  - name: ${jobName}\n    max_concurrency: 1\n    clone_uri: file://${origin}\n    spec:\n      containers:\n      - image: alpine\n        command: [sh, -c, 'echo $BUILD_ID >> ${started}; while [ ! -f ${work}/gate-$BUILD_ID ]; do sleep 0.05; done']\n`,
);

let t: TestContext;
let worker: Worker;
let running: Promise<void>;
let github: Awaited<ReturnType<typeof startGithubSim>>;
beforeAll(async () => {
  t = await connectForTest();
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

const startedIds = () => (existsSync(started) ? readFileSync(started, 'utf8').trim().split('\n') : []);

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('max_concurrency 1: runs go one at a time, in order; an abort while waiting frees the place', async () => {
  const ids = ['101', '102', '103', '104'];
  const handles = [];
  for (const buildId of ids) {
    handles.push(
      await t.client.workflow.start('jobWorkflow', {
        workflowId: jobWorkflowId(owner, repo, jobName, buildId),
        taskQueue: t.taskQueue,
        args: [{ type: 'postsubmit', job: jobName, owner, repo, buildId, refs: { org: owner, repo, base_ref: 'main', base_sha: '' } }],
      }),
    );
    // Ask in a known order.
    await until(`run ${buildId} to ask for a slot`, async () => {
      const q = await t.client.workflow.getHandle(jobLimitWorkflowId(jobName)).query(jobLimitQuery).catch(() => undefined);
      return q && [...q.running, ...q.waiting].some((w) => w.endsWith(`/${buildId}`)) ? true : undefined;
    });
  }
  const limiter = t.client.workflow.getHandle(jobLimitWorkflowId(jobName));
  await until('the first run to start', () => (startedIds().length === 1 ? true : undefined));
  expect(startedIds()).toEqual(['101']);
  const q = await limiter.query(jobLimitQuery);
  expect(q.running.map((w) => w.split('/').at(-1))).toEqual(['101']);
  expect(q.waiting.map((w) => w.split('/').at(-1))).toEqual(['102', '103', '104']);

  // 103 is aborted while it waits: it never runs, and 104 takes its turn after 102.
  await handles[2]!.signal('abortJob', { description: 'Aborted by trigger plugin.', report: true });
  expect(await handles[2]!.result()).toEqual({ state: 'aborted', description: 'Aborted by trigger plugin.', url: null });

  writeFileSync(gate('101'), '');
  await until('the second run to start', () => (startedIds().length === 2 ? true : undefined));
  expect(startedIds()).toEqual(['101', '102']);
  expect(await handles[0]!.result()).toEqual({ state: 'success', description: 'Job succeeded.', url: null });
  writeFileSync(gate('102'), '');
  await until('the last run to start', () => (startedIds().length === 3 ? true : undefined));
  writeFileSync(gate('104'), '');
  expect(await handles[3]!.result()).toMatchObject({ state: 'success' });
  expect(startedIds()).toEqual(['101', '102', '104']);
  expect(await limiter.query(jobLimitQuery)).toEqual({ running: [], waiting: [] });
});
