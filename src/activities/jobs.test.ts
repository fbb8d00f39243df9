import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { Executor, JobRun, RunStatus } from '../core/job.js';
import { createJobActivities } from './jobs.js';
import type { LoadedConfig } from '../config/load.js';

// The executor activity's own rules, with a scripted executor: the first answer that is final
// ends the run; Prow's pending and running timeouts abort it with Prow's words; an API that
// refuses makes the run an error with the reason; cancelling stops the run.

const run: JobRun = { runName: 'unit-1', buildId: '1', prowJobId: 'p', job: 'unit', type: 'presubmit', agent: 'kubernetes', namespace: 'default', env: {}, labels: {} };
const timeouts = { pendingMs: 60_000, runningMs: 60_000, pollMs: 1 };

function scripted(answers: Array<RunStatus | (() => RunStatus)>, opts: { startFails?: Error } = {}) {
  const calls: string[] = [];
  let i = 0;
  const executor: Executor = {
    async start() {
      calls.push('start');
      if (opts.startFails) throw opts.startFails;
    },
    async status() {
      calls.push('status');
      const a = answers[Math.min(i++, answers.length - 1)]!;
      return typeof a === 'function' ? a() : a;
    },
    async abort() {
      calls.push('abort');
    },
    async log() {
      return '';
    },
    async cleanup() {
      calls.push('cleanup');
    },
  };
  return { executor, calls };
}

const activities = (executor?: Executor) =>
  createJobActivities({ config: () => ({ config: {}, plugins: {}, problems: [] }) as unknown as LoadedConfig, executors: executor ? { kubernetes: executor } : {} });

const pending = (started: boolean): RunStatus => ({ state: 'pending', description: 'Job triggered.', started });

test('watches until the run is final, then cleans up', async () => {
  const { executor, calls } = scripted([pending(false), pending(true), { state: 'success', description: 'Job succeeded.' }]);
  const got = await new MockActivityEnvironment().run(activities(executor).runJob, run, timeouts);
  expect(got).toEqual({ state: 'success', description: 'Job succeeded.' });
  expect(calls).toEqual(['start', 'status', 'status', 'status', 'cleanup']);
});

test('a run that never starts ends with "Pod pending timeout." and is aborted', async () => {
  const { executor, calls } = scripted([pending(false)]);
  const got = await new MockActivityEnvironment().run(activities(executor).runJob, run, { ...timeouts, pendingMs: 20 });
  expect(got).toEqual({ state: 'error', description: 'Pod pending timeout.' });
  expect(calls.at(-1)).toBe('abort');
});

test('a run that goes on too long ends with "Pod running timeout." and is aborted', async () => {
  const { executor, calls } = scripted([pending(true)]);
  const got = await new MockActivityEnvironment().run(activities(executor).runJob, run, { ...timeouts, runningMs: 20 });
  expect(got).toEqual({ state: 'error', description: 'Pod running timeout.' });
  expect(calls.at(-1)).toBe('abort');
});

test('a cluster that refuses the run makes it an error that says why; an unreachable one is retried', async () => {
  const refused = ApplicationFailure.nonRetryable('Pod can not be created: pods is forbidden: User "coxswain" cannot create resource "pods"', 'Kube403');
  const { executor } = scripted([], { startFails: refused });
  const got = await new MockActivityEnvironment().run(activities(executor).runJob, run, timeouts);
  expect(got).toEqual({ state: 'error', description: 'Pod can not be created: pods is forbidden: User "coxswain" cannot create resource "pods"' });
  const down = scripted([], { startFails: new Error('connect ECONNREFUSED 10.0.0.1:443') });
  await expect(new MockActivityEnvironment().run(activities(down.executor).runJob, run, timeouts)).rejects.toThrow('ECONNREFUSED');
});

test('a worker without the agent says what to configure', async () => {
  const got = await new MockActivityEnvironment().run(activities().runJob, run, timeouts);
  expect(got).toEqual({ state: 'error', description: expect.stringContaining('No executor for agent "kubernetes" on this worker: give the worker a cluster (KUBECONFIG)') });
});

test('cancelling the activity aborts the run', async () => {
  const env = new MockActivityEnvironment();
  const { executor, calls } = scripted([
    () => {
      env.cancel();
      return pending(true);
    },
  ]);
  await expect(env.run(activities(executor).runJob, run, { ...timeouts, pollMs: 50 })).rejects.toThrow();
  expect(calls).toContain('abort');
});

test('a worker shutting down leaves the run going for the next attempt', async () => {
  const env = new MockActivityEnvironment();
  const { executor, calls } = scripted([
    () => {
      env.cancel('WORKER_SHUTDOWN');
      return pending(true);
    },
  ]);
  await expect(env.run(activities(executor).runJob, run, { ...timeouts, pollMs: 50 })).rejects.toThrow('WORKER_SHUTDOWN');
  expect(calls).not.toContain('abort');
});
