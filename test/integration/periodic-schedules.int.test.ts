import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Worker } from '@temporalio/worker';
import { createLocalExecutor } from '../../src/activities/executors/local.js';
import { loadConfigOrThrow } from '../../src/config/load.js';
import { reconcilePeriodicSchedules } from '../../src/temporal/periodic-schedules.js';
import { jobStatusQuery } from '../../src/workflows/messages.js';
import { activityDeps } from '../support/github.js';
import { makeGitOrigin } from '../support/git-origin.js';
import { connectForTest, testAddress, type TestContext } from '../support/temporal.js';
import { CoxswainClient } from '../../src/client/coxswain-client.js';
import { JobNotFound, JobRefused } from '../../src/client/jobs.js';
import { PeriodicNotFound } from '../../src/client/periodic.js';

// Prow's periodics as Temporal Schedules, reconciled from config.yaml against a real server:
// created, left alone, re-made when their timing changes, deleted when the job goes; a firing
// starts a job workflow that runs the job.

const work = mkdtempSync(join(tmpdir(), 'coxswain-periodic-'));
const id = randomUUID().slice(0, 8);
const name = (n: string) => `${n}-${id}`;

function configFile(periodics: string): string {
  const path = join(work, `config-${randomUUID().slice(0, 6)}.yaml`);
  writeFileSync(path, `periodics:\n${periodics}`);
  return path;
}

const job = (n: string, timing: string, command = 'true') =>
  `- name: ${name(n)}\n  ${timing}\n  spec:\n    containers:\n    - image: alpine\n      command: [sh, -c, '${command}']\n`;

let t: TestContext;
let worker: Worker | undefined;
let running: Promise<void> | undefined;
beforeAll(async () => {
  t = await connectForTest();
});
afterAll(async () => {
  worker?.shutdown();
  await running;
  for await (const s of t.client.schedule.list()) if (s.scheduleId.endsWith(id)) await t.client.schedule.getHandle(s.scheduleId).delete().catch(() => undefined);
  await t.close();
});

test('schedules follow config.yaml: created, unchanged, re-made on a new timing, deleted with the job', async () => {
  const first = loadConfigOrThrow({ configPath: configFile(job('hourly', 'interval: 1h') + job('nightly', 'cron: "0 3 * * *"') + job('both', 'cron: "0 0 1 * 1"') + `- name: ${name('jenk')}\n  agent: jenkins\n  interval: 1h\n`) });
  const r1 = await reconcilePeriodicSchedules(t.client, first.config, t.taskQueue);
  expect(r1.created.filter((s) => s.endsWith(id)).sort()).toEqual([`periodic/${name('both')}`, `periodic/${name('hourly')}`, `periodic/${name('nightly')}`]);
  expect(r1.skipped).toEqual([{ job: name('jenk'), reason: 'agent "jenkins" is not run by Coxswain' }]);

  const nightly = await t.client.schedule.getHandle(`periodic/${name('nightly')}`).describe();
  expect(nightly.spec.calendars).toHaveLength(1);
  expect(nightly.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 3, end: 3, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] });
  expect(nightly.action).toMatchObject({ type: 'startWorkflow', workflowType: 'jobWorkflow', taskQueue: t.taskQueue });
  // robfig/cron ORs day-of-month and day-of-week: the 1st, and every Monday.
  const both = await t.client.schedule.getHandle(`periodic/${name('both')}`).describe();
  expect(both.spec.calendars).toHaveLength(2);
  const hourly = await t.client.schedule.getHandle(`periodic/${name('hourly')}`).describe();
  expect(hourly.spec.intervals?.map((i) => i.every)).toEqual([3600_000]);

  const r2 = await reconcilePeriodicSchedules(t.client, first.config, t.taskQueue);
  expect(r2.created.filter((s) => s.endsWith(id))).toEqual([]);
  expect(r2.unchanged.filter((s) => s.endsWith(id))).toHaveLength(3);

  const second = loadConfigOrThrow({ configPath: configFile(job('nightly', 'cron: "30 4 * * *"') + job('both', 'cron: "0 0 1 * 1"')) });
  const r3 = await reconcilePeriodicSchedules(t.client, second.config, t.taskQueue);
  expect(r3.updated).toEqual([`periodic/${name('nightly')}`]);
  expect(r3.deleted).toContain(`periodic/${name('hourly')}`);
  const moved = await t.client.schedule.getHandle(`periodic/${name('nightly')}`).describe();
  expect(moved.spec.calendars?.[0]).toMatchObject({ hour: [{ start: 4, end: 4, step: 1 }], minute: [{ start: 30, end: 30, step: 1 }] });
  await expect(t.client.schedule.getHandle(`periodic/${name('hourly')}`).describe()).rejects.toThrow();
});

test('a firing starts a job workflow that runs the periodic and ends in success', async () => {
  const marker = join(work, 'ran');
  const path = configFile(job('now', 'interval: 24h', `echo "$JOB_TYPE $JOB_NAME" > ${marker}`));
  const loaded = loadConfigOrThrow({ configPath: path });
  const deps = { ...activityDeps({ configPath: path }), jobs: { executors: { local: createLocalExecutor({ workDir: join(work, 'runs') }) }, kubernetesAgent: 'local' as const, workDir: join(work, 'runs'), pollMs: 100 } };
  worker = await t.newWorker(deps);
  running = worker.run();
  await reconcilePeriodicSchedules(t.client, loaded.config, t.taskQueue);
  const handle = t.client.schedule.getHandle(`periodic/${name('now')}`);
  await handle.trigger();
  let workflowId: string | undefined;
  const deadline = Date.now() + 30_000;
  while (!workflowId) {
    workflowId = (await handle.describe()).info.recentActions[0]?.action.workflow.workflowId;
    if (Date.now() > deadline) throw new Error('the schedule started nothing');
    if (!workflowId) await new Promise((r) => setTimeout(r, 100));
  }
  expect(workflowId.startsWith(`periodic/${name('now')}-`)).toBe(true);
  const run = t.client.workflow.getHandle(workflowId);
  expect(await run.result()).toEqual({ state: 'success', description: 'Job succeeded.', url: null });
  expect((await run.query(jobStatusQuery)).state).toBe('success');
  const { readFileSync } = await import('node:fs');
  expect(readFileSync(marker, 'utf8').trim()).toBe(`periodic ${name('now')}`);
});

test('scripts list, pause, trigger, rerun and abort periodics and their runs (client.periodic, client.jobs)', async () => {
  // A periodic that checks out its extra_refs (Prow sets no PULL_* variables for periodics) and one that waits to be aborted.
  const git = join(work, 'git');
  makeGitOrigin(join(git, 'org'));
  const refs = `  extra_refs:\n  - org: org\n    repo: origin\n    base_ref: main\n`;
  const path = configFile(job('cli', `interval: 24h\n${refs}`, 'test -f README.md && echo "checked out"') + job('hang', 'interval: 24h', 'while true; do sleep 0.05; done'));
  const loaded = loadConfigOrThrow({ configPath: path });
  worker?.shutdown();
  await running;
  const deps = { ...activityDeps({ configPath: path }), jobs: { executors: { local: createLocalExecutor({ workDir: join(work, 'runs2'), gitBaseUrl: `file://${git}` }) }, kubernetesAgent: 'local' as const, workDir: join(work, 'runs2'), pollMs: 100 } };
  worker = await t.newWorker(deps);
  running = worker.run();
  await reconcilePeriodicSchedules(t.client, loaded.config, t.taskQueue);
  const client = await CoxswainClient.connect({ address: testAddress(), taskQueue: t.taskQueue });
  try {
    const listed = await client.periodic.list();
    expect(listed.filter((p) => p.job.endsWith(id)).map((p) => [p.job, p.paused, p.every])).toEqual([
      [name('cli'), false, 'every 24h'],
      [name('hang'), false, 'every 24h'],
    ]);
    await client.periodic.pause(name('cli'), 'flaky today');
    expect(await client.periodic.get(name('cli'))).toMatchObject({ paused: true, note: 'flaky today' });
    // A config reload that keeps the job's timing leaves the Schedule, and its pause, alone.
    expect((await reconcilePeriodicSchedules(t.client, loaded.config, t.taskQueue)).unchanged).toContain(`periodic/${name('cli')}`);
    expect((await client.periodic.get(name('cli'))).paused).toBe(true);
    await client.periodic.unpause(name('cli'));
    expect((await client.periodic.get(name('cli'))).paused).toBe(false);
    await expect(client.periodic.trigger('no-such-periodic')).rejects.toThrow(PeriodicNotFound);

    const firstRun = async (job: string): Promise<string> => {
      await client.periodic.trigger(job);
      const deadline = Date.now() + 30_000;
      for (;;) {
        const run = (await client.periodic.get(job)).lastRun?.workflowId;
        if (run) return run;
        if (Date.now() > deadline) throw new Error(`the schedule of ${job} started nothing`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const ran = await firstRun(name('cli'));
    expect(await t.client.workflow.getHandle(ran).result()).toEqual({ state: 'success', description: 'Job succeeded.', url: null });
    const runs = await client.jobs.list({ job: name('cli') });
    expect(runs.map((r) => [r.workflowId, r.state])).toEqual([[ran, 'success']]);
    // A periodic's rerun starts the same job anew; without COXSWAIN_PUBLIC_URL there is no log link to read.
    const again = await client.jobs.rerun(ran);
    expect(again.workflowId).toMatch(new RegExp(`^periodic/${name('cli')}-`));
    expect(await t.client.workflow.getHandle(again.workflowId!).result()).toEqual({ state: 'success', description: 'Job succeeded.', url: null });
    await expect(client.jobs.logs(ran)).rejects.toThrow(/no log link/);

    const hanging = await firstRun(name('hang'));
    const deadline = Date.now() + 30_000;
    while ((await client.jobs.get(hanging)).state !== 'pending') {
      if (Date.now() > deadline) throw new Error('the run never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    await client.jobs.abort(hanging, { as: 'alice' });
    expect(await t.client.workflow.getHandle(hanging).result()).toEqual({ state: 'aborted', description: 'Aborted by alice from the Coxswain CLI.', url: null });
    await expect(client.jobs.abort(hanging)).rejects.toThrow(new JobRefused(`${hanging} already finished (aborted)`));
    await expect(client.jobs.get('job/a/b')).rejects.toThrow(JobNotFound);
    await expect(client.jobs.get(`job/org/origin/x/1`)).rejects.toThrow('no job run job/org/origin/x/1');
  } finally {
    await client.close();
  }
});

test("a finished run's log link comes with its result: listing finished runs asks no worker", async () => {
  worker?.shutdown();
  await running;
  const path = configFile(job('linked', 'interval: 24h'));
  const runs = join(work, 'runs3');
  const deps = { ...activityDeps({ configPath: path }), jobs: { executors: { local: createLocalExecutor({ workDir: runs }) }, kubernetesAgent: 'local' as const, workDir: runs, pollMs: 100, publicUrl: 'https://coxswain.example.com/' } };
  worker = await t.newWorker(deps);
  running = worker.run();
  await reconcilePeriodicSchedules(t.client, loadConfigOrThrow({ configPath: path }).config, t.taskQueue);
  const client = await CoxswainClient.connect({ address: testAddress(), taskQueue: t.taskQueue });
  try {
    await client.periodic.trigger(name('linked'));
    let ran: string | undefined;
    const deadline = Date.now() + 30_000;
    while (!(ran = (await client.periodic.get(name('linked'))).lastRun?.workflowId)) {
      if (Date.now() > deadline) throw new Error('the schedule started nothing');
      await new Promise((r) => setTimeout(r, 100));
    }
    const result = (await t.client.workflow.getHandle(ran).result()) as { state: string; url?: string };
    expect(result.state).toBe('success');
    expect(result.url).toMatch(/^https:\/\/coxswain\.example\.com\/jobs\/local\/[^/]+\/[^/]+\/log$/);
    // With no worker, a query could not be answered: the link must come from the result.
    worker.shutdown();
    await running;
    worker = undefined;
    expect((await client.jobs.list({ job: name('linked') })).map((r) => [r.workflowId, r.state, r.url])).toEqual([[ran, 'success', result.url]]);
  } finally {
    await client.close();
  }
});
