import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { Registry } from 'prom-client';
import type { LoadedConfig } from '../config/load.js';
import type { Executor, JobRequest, JobRun, Refs, RunStatus } from '../core/job.js';
import type { PoolAction } from '../core/merge-pool.js';
import { initialState } from '../core/pr-state.js';
import type { GithubAccess } from '../github/access.js';
import { comment, prEvent } from '../plugins/testing.js';
import { createJobActivities, type PreparedRun } from './jobs.js';
import { createActivityMetrics, type ActivityMetrics } from './metrics.js';
import { createPlanActivities } from './plan-event.js';
import type { PluginSandbox, SandboxCall, SandboxResult } from './plugin-sandbox.js';
import { createTideActivities, poolOfWorkflowId, type MergeResult } from './tide.js';

// The activities' metrics move when the activities run: plugin handling (planEvent), job state
// transitions (prepareJobRun, runJob) and the merge pools (listPoolPrs, merge, poolAction).

let registry: Registry;
let metrics: ActivityMetrics;
beforeEach(() => {
  registry = new Registry();
  metrics = createActivityMetrics(registry);
});

/** An activity context whose failures (some expected here) are not logged. */
const activityEnv = (info?: ConstructorParameters<typeof MockActivityEnvironment>[0]) => new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR') });

/** The value of one series (a histogram's observation count with `_count`), 0 if it has none yet. */
async function value(name: string, labels: Record<string, string>): Promise<number> {
  const base = name.replace(/_count$/, '');
  const metric = registry.getSingleMetric(base);
  if (!metric) throw new Error(`${base} is not registered`);
  const same = (got: Record<string, unknown>) => Object.keys(got).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => got[k] === v);
  const hit = (await metric.get()).values.find((v) => (base === name || (v as { metricName?: string }).metricName === name) && same(v.labels));
  return hit?.value ?? 0;
}

describe('plugin handling (planEvent)', () => {
  /** A sandbox that answers every plugin with `answer(plugin, op)`. */
  function planner(plugins: string[], answer: (plugin: string, op: string) => SandboxResult) {
    const sandbox = { run: async (calls: SandboxCall[]) => calls.map((c) => answer(c.plugin, c.op)) } as unknown as PluginSandbox;
    return createPlanActivities({
      sandbox,
      metrics: metrics.plugins,
      setup: async () => ({ plugins: plugins.map((name) => ({ name, config: {} })), unsupported: [], footer: '', requirements: { queries: [], requiredContexts: [] } }),
      gather: async () => ({ facts: { collaborators: {}, orgMembers: {}, permissions: {}, teams: {}, files: {}, authorPrCount: {} }, failed: {} }),
    }).planEvent;
  }
  const state = { ...initialState('org', 'repo', 1, 'pr'), botLogin: 'bot', loaded: true };

  test('each event is timed by event type and whether it took action; each failing plugin is an error', async () => {
    const planEvent = planner(['hold', 'broken'], (plugin, op) => {
      if (op === 'needs') return { ok: true, value: [] };
      return plugin === 'broken' ? { ok: false, error: 'boom' } : { ok: true, value: [{ type: 'addLabel', label: 'do-not-merge/hold' }] };
    });
    await planEvent({ state, event: comment('/hold') });
    await planEvent({ state, event: comment('/hold') });
    await planEvent({ state, event: prEvent('opened') });

    expect(await value('coxswain_plugin_handle_duration_seconds_count', { event_type: 'comment', took_action: 'true' })).toBe(2);
    expect(await value('coxswain_plugin_handle_duration_seconds_count', { event_type: 'pull_request', took_action: 'true' })).toBe(1);
    expect(await value('coxswain_plugin_handle_errors_total', { event_type: 'comment', plugin: 'broken' })).toBe(2);
    expect(await value('coxswain_plugin_handle_errors_total', { event_type: 'pull_request', plugin: 'broken' })).toBe(1);
    expect(await value('coxswain_plugin_handle_errors_total', { event_type: 'comment', plugin: 'hold' })).toBe(0);
  });

  test('an event with no action counts as took_action="false"; a planner bug is an error of plugin "*"', async () => {
    await planner(['hold'], () => ({ ok: true, value: [] }))({ state, event: comment('hello') });
    expect(await value('coxswain_plugin_handle_duration_seconds_count', { event_type: 'comment', took_action: 'false' })).toBe(1);

    const sandbox = { run: async () => Promise.reject(new Error('thread died')) } as unknown as PluginSandbox;
    const failing = createPlanActivities({ sandbox, metrics: metrics.plugins, setup: async () => ({ plugins: [{ name: 'hold', config: {} }], unsupported: [], footer: '', requirements: { queries: [], requiredContexts: [] } }), gather: async () => ({ facts: {} as never, failed: {} }) });
    await expect(failing.planEvent({ state, event: comment('/hold') })).rejects.toThrow(/deciding failed/);
    expect(await value('coxswain_plugin_handle_errors_total', { event_type: 'comment', plugin: '*' })).toBe(1);
  });
});

describe('job state transitions (prepareJobRun, runJob)', () => {
  const config = {
    config: { presubmits: { 'org/repo': [{ name: 'unit', agent: 'kubernetes', namespace: 'default', spec: { containers: [] } }] } },
    plugins: {},
    problems: [],
  } as unknown as LoadedConfig;
  const refs: Refs = { org: 'org', repo: 'repo', base_ref: 'main', base_sha: 'a'.repeat(40), pulls: [{ number: 1, author: 'alice', sha: 'b'.repeat(40), title: 'A change', head_ref: 'f' }] };
  const request = (job: string, buildId: string): JobRequest & { buildId: string } => ({ type: 'presubmit', job, owner: 'org', repo: 'repo', refs, buildId });
  const labels = { job_name: 'unit', type: 'presubmit', org: 'org', repo: 'repo', base_ref: 'main' };

  function executor(answers: RunStatus[], onStatus?: () => Promise<void>): Executor {
    let i = 0;
    return {
      start: async () => undefined,
      status: async () => {
        await onStatus?.();
        return answers[Math.min(i++, answers.length - 1)]!;
      },
      abort: async () => undefined,
      log: async () => '',
      cleanup: async () => undefined,
    };
  }

  test('a run is triggered, goes pending and ends in its final state; the watched gauge rises and falls', async () => {
    let watchedMidRun = -1;
    const acts = createJobActivities({
      config: () => config,
      metrics: metrics.jobs,
      executors: {
        kubernetes: executor([{ state: 'pending', description: '', started: true }, { state: 'failure', description: 'Job failed.' }], async () => {
          watchedMidRun = await value('coxswain_job_runs_watched', { job_name: 'unit', type: 'presubmit', agent: 'kubernetes' });
        }),
      },
      pollMs: 1,
    });
    const env = activityEnv();
    const prepared: PreparedRun = await env.run(acts.prepareJobRun, request('unit', '7'));
    expect(await value('coxswain_prowjob_state_transitions_total', { ...labels, from: 'new', state: 'triggered' })).toBe(1);

    const got: RunStatus = await env.run(acts.runJob, prepared.run, { ...prepared.timeouts, pollMs: 1 });
    expect(got.state).toBe('failure');
    expect(await value('coxswain_prowjob_state_transitions_total', { ...labels, from: 'triggered', state: 'pending' })).toBe(1);
    expect(await value('coxswain_prowjob_state_transitions_total', { ...labels, from: 'pending', state: 'failure' })).toBe(1);
    expect(watchedMidRun).toBe(1);
    expect(await value('coxswain_job_runs_watched', { job_name: 'unit', type: 'presubmit', agent: 'kubernetes' })).toBe(0);
  });

  test('a job gone from the config is an error; a retried watch is not pending twice; an abort is counted', async () => {
    const acts = createJobActivities({ config: () => config, metrics: metrics.jobs, executors: { kubernetes: executor([{ state: 'success', description: '' }]) } });
    await expect(activityEnv().run(acts.prepareJobRun, request('gone', '8'))).rejects.toThrow(ApplicationFailure);
    expect(await value('coxswain_prowjob_state_transitions_total', { ...labels, job_name: 'gone', from: 'triggered', state: 'error' })).toBe(1);

    const run: JobRun = { runName: 'unit-9', buildId: '9', prowJobId: 'p', job: 'unit', type: 'presubmit', agent: 'kubernetes', namespace: 'default', env: {}, labels: {}, refs };
    await activityEnv({ attempt: 2 }).run(acts.runJob, run, { pendingMs: 60_000, runningMs: 60_000, pollMs: 1 });
    expect(await value('coxswain_prowjob_state_transitions_total', { ...labels, from: 'triggered', state: 'pending' })).toBe(0);
    expect(await value('coxswain_prowjob_state_transitions_total', { ...labels, from: 'pending', state: 'success' })).toBe(1);

    const env = activityEnv();
    const slow = createJobActivities({ config: () => config, metrics: metrics.jobs, executors: { kubernetes: executor([{ state: 'pending', description: '', started: true }], async () => env.cancel()) } });
    await expect(env.run(slow.runJob, run, { pendingMs: 60_000, runningMs: 60_000, pollMs: 1 })).rejects.toThrow();
    expect(await value('coxswain_prowjob_state_transitions_total', { ...labels, from: 'pending', state: 'aborted' })).toBe(1);
    expect(await value('coxswain_job_runs_watched', { job_name: 'unit', type: 'presubmit', agent: 'kubernetes' })).toBe(0);
  });
});

describe('merge pools (listPoolPrs, merge, poolAction)', () => {
  const sha = 'c'.repeat(40);
  const pull = (number: number, labels: string[]) => ({ number, user: { login: 'alice' }, title: `PR ${number}`, head: { sha, ref: `f${number}` }, base: { ref: 'release/1.0' }, labels: labels.map((name) => ({ name })), draft: false, milestone: null });
  const config = { config: { tide: { queries: [{ repos: ['org/repo'], labels: ['lgtm', 'approved'], reviewApprovedRequired: true }] } }, plugins: {}, problems: [] } as unknown as LoadedConfig;

  function github(opts: { listFails?: boolean; mergeAnswer?: () => Promise<unknown>; merged?: boolean } = {}): GithubAccess {
    const octokit = {
      paginate: async (_route: unknown, _params: unknown, map: (res: { data: unknown[] }, done: () => void) => unknown[]) => {
        if (opts.listFails) throw Object.assign(new Error('Server Error'), { status: 502 });
        return map({ data: [pull(1, ['lgtm', 'approved']), pull(2, ['lgtm']), pull(3, ['lgtm', 'approved'])] }, () => undefined);
      },
      rest: {
        pulls: {
          list: {},
          get: async () => ({ data: { merged: opts.merged ?? false, merge_commit_sha: 'm', state: 'open', head: { sha }, base: { ref: 'release/1.0' } } }),
          merge: opts.mergeAnswer ?? (async () => ({ data: { sha: 'merged-sha' } })),
        },
        repos: { listCommitStatusesForRef: async () => ({ data: [] }) },
      },
    };
    return { clients: { forRepo: async () => octokit }, cache: {} } as unknown as GithubAccess;
  }
  const pool = { org: 'org', repo: 'repo', branch: 'release/1.0' };
  const inPool = () => activityEnv({ workflowExecution: { workflowId: 'tide/org/repo/release/1.0', runId: 'r' } });

  test('the pool workflow id names org, repo and branch (slashes and all)', () => {
    expect(poolOfWorkflowId('tide/org/repo/release/1.0')).toEqual(pool);
    expect(poolOfWorkflowId('pr/org/repo/1')).toBeUndefined();
  });

  test('a sync times the read, sets the pool size to the PRs a query selects, and counts a failed read', async () => {
    const acts = createTideActivities({ github: github(), config: () => config, metrics: metrics.tide });
    const prs = await inPool().run(acts.listPoolPrs, { owner: 'org', repo: 'repo', branch: 'release/1.0' });
    expect(prs).toHaveLength(3);
    expect(await value('coxswain_tide_pool_size', pool)).toBe(2);
    expect(await value('coxswain_tide_sync_duration_seconds_count', pool)).toBe(1);

    const down = createTideActivities({ github: github({ listFails: true }), config: () => config, metrics: metrics.tide });
    await expect(inPool().run(down.listPoolPrs, { owner: 'org', repo: 'repo', branch: 'release/1.0' })).rejects.toThrow();
    expect(await value('coxswain_tide_pool_errors_total', pool)).toBe(1);
    expect(await value('coxswain_tide_sync_duration_seconds_count', pool)).toBe(1);
  });

  test('merges are counted by method and result, on the branch of the calling pool', async () => {
    const input = { owner: 'org', repo: 'repo', number: 1, sha, method: 'squash' as const };
    await inPool().run(createTideActivities({ github: github(), config: () => config, metrics: metrics.tide }).merge, input);
    await inPool().run(createTideActivities({ github: github({ merged: true }), config: () => config, metrics: metrics.tide }).merge, input);
    const refusing = github({ mergeAnswer: async () => Promise.reject(Object.assign(new Error('Merge commits are not allowed'), { status: 405, response: { data: { message: 'Merge commits are not allowed' } } })) });
    const refused: MergeResult = await inPool().run(createTideActivities({ github: refusing, config: () => config, metrics: metrics.tide }).merge, input);
    expect(refused.merged).toBe(false);

    expect(await value('coxswain_tide_merges_total', { ...pool, method: 'squash', result: 'merged' })).toBe(1);
    expect(await value('coxswain_tide_merges_total', { ...pool, method: 'squash', result: 'already_merged' })).toBe(1);
    expect(await value('coxswain_tide_merges_total', { ...pool, method: 'squash', result: 'refused' })).toBe(1);
  });

  test("each recorded decision is counted by action, for the calling pool", async () => {
    const acts = createTideActivities({ github: github(), config: () => config, metrics: metrics.tide });
    const action: PoolAction = { kind: 'TRIGGER_BATCH', prs: [], jobs: ['unit'], reason: 'two PRs are ready' };
    expect(await inPool().run(acts.poolAction, action)).toEqual({ kind: 'TRIGGER_BATCH', reason: 'two PRs are ready' });
    expect(await value('coxswain_tide_pool_actions_total', { ...pool, action: 'TRIGGER_BATCH' })).toBe(1);
  });

  test('without metrics the activities are the plain ones', () => {
    const plain = createTideActivities({ github: github(), config: () => config });
    expect(Object.keys(plain)).toEqual(Object.keys(createTideActivities({ github: github(), config: () => config, metrics: metrics.tide })));
  });
});
