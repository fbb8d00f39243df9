import { Context, getClient } from '@temporalio/activity';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedConfig } from '../config/load.js';
import { parseGoDuration } from '../config/go-duration.js';
import { jobEnv, runNameFor } from '../core/job-env.js';
import { postsubmitShouldRun } from '../core/job-select.js';
import { selectPipelineRunSpec } from './executors/tekton.js';
import { RUNNABLE_AGENTS } from '../config/job-checks.js';
import { TERMINAL_STATES, type Executor, type JobRequest as JobWorkflowInput, type JobRun, type JobType, type Refs, type RunStatus } from '../core/job.js';
import type { JobMetrics } from './metrics.js';

// The job workflow's activities: find the job in the configuration as it is now and make one run
// of it (Prow's job variables, labels, a Kubernetes-safe name), then run it with the executor its
// agent names, heartbeating while it watches, so a worker that dies mid-run hands the watch to
// another worker, which finds the same run (executors' start is idempotent) instead of a second.

export interface PreparedRun {
  run: JobRun;
  /** Where the run reports: the commit status context on `sha` (none for skip_report and periodics). */
  report?: { owner: string; repo: string; sha: string; baseSha: string; context: string };
  timeouts: RunTimeouts;
  /** The status's Details link: the run's log on Coxswain's web server. */
  targetUrl?: string;
  /** The job's max_concurrency (0: no limit). */
  maxConcurrency?: number;
}

export interface RunTimeouts {
  /** Prow's pod_pending_timeout: a run that has not started by then is an error. */
  pendingMs: number;
  /** Prow's pod_running_timeout: a run still going after this is aborted with an error. */
  runningMs: number;
  /** How often the executor is asked for the run's status. */
  pollMs: number;
}

export interface JobActivityDeps {
  config(): LoadedConfig;
  /** Executors by agent. A missing one makes the run an error that says what to configure. */
  executors: Partial<Record<JobRun['agent'], Executor>>;
  /** The agent that runs `kubernetes` jobs when no cluster is configured (the playground: local). */
  kubernetesAgent?: JobRun['agent'];
  /** Where local runs keep their logs and checkouts. */
  workDir?: string;
  /** Coxswain's web address: a run's status links to its log there (`/jobs/.../log`). */
  publicUrl?: string;
  pollMs?: number;
  /** State transitions and runs being watched (none: not counted). */
  metrics?: JobMetrics;
}

const HOUR = 3600_000;
const DEFAULTS = { pendingMs: 10 * 60_000, runningMs: 48 * HOUR, pollMs: 2000 };

interface FoundJob {
  agent: string;
  namespace: string;
  spec?: unknown;
  pipeline_run_spec?: unknown;
  tekton_pipeline_run_spec?: unknown;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  context?: string;
  skip_report?: boolean;
  extra_refs?: unknown[];
  clone_uri?: string;
  max_concurrency?: number;
}

function findJob(config: LoadedConfig['config'], input: JobWorkflowInput): FoundJob | undefined {
  const key = `${input.owner ?? ''}/${input.repo ?? ''}`;
  switch (input.type) {
    case 'presubmit':
    case 'batch':
      return config.presubmits?.[key]?.find((j) => j.name === input.job);
    case 'postsubmit':
      return config.postsubmits?.[key]?.find((j) => j.name === input.job);
    case 'periodic':
      return config.periodics?.find((j) => j.name === input.job);
  }
}

/** A periodic's first extra_ref, as Prow's periodic refs (`refs: {}` without one). */
function periodicRefs(job: FoundJob): Refs | undefined {
  const first = job.extra_refs?.[0] as { org?: string; repo?: string; base_ref?: string } | undefined;
  return first?.org && first.repo ? { org: first.org, repo: first.repo, base_ref: first.base_ref ?? 'main', base_sha: '' } : undefined;
}

/**
 * Counts a run's state change (Prow's prowjob_state_transitions). What the activities see: a new
 * run is triggered (prepareJobRun), its watch starts (pending) and ends (final). An abort before
 * the run started and a run made an error after its watch's retries ran out are the job
 * workflow's own decisions and are not seen here.
 */
function transition(metrics: JobMetrics | undefined, job: { job: string; type: JobType; refs?: Refs | undefined }, from: string, state: string): void {
  metrics?.transitions.inc({ job_name: job.job, type: job.type, org: job.refs?.org ?? '', repo: job.refs?.repo ?? '', base_ref: job.refs?.base_ref ?? '', from, state });
}

export function createJobActivities(deps: JobActivityDeps) {
  const { metrics } = deps;
  return {
    async prepareJobRun(input: JobWorkflowInput & { buildId: string }): Promise<PreparedRun> {
      const { config } = deps.config();
      const job = findJob(config, input);
      if (!job) {
        transition(metrics, { job: input.job, type: input.type, refs: input.refs }, 'triggered', 'error');
        throw ApplicationFailure.nonRetryable(`${input.type} job "${input.job}"${input.owner ? ` of ${input.owner}/${input.repo}` : ''} is not in the configuration any more`, 'JobNotFound');
      }
      const type: JobType = input.type;
      const refs = input.refs ?? (type === 'periodic' ? periodicRefs(job) : undefined);
      const prowJobId = randomUUID();
      const agent = job.agent === 'kubernetes' ? (deps.kubernetesAgent ?? 'kubernetes') : job.agent;
      const runName = runNameFor(input.job, input.buildId);
      const pull = refs?.pulls?.[0];
      const labels: Record<string, string> = {
        ...(job.labels ?? {}),
        'created-by-prow': 'true',
        'prow.k8s.io/job': input.job.slice(0, 63),
        'prow.k8s.io/type': type,
        'prow.k8s.io/build-id': input.buildId,
        'prow.k8s.io/id': prowJobId,
        ...(refs ? { 'prow.k8s.io/refs.org': refs.org, 'prow.k8s.io/refs.repo': refs.repo, 'prow.k8s.io/refs.base_ref': refs.base_ref } : {}),
        ...(pull ? { 'prow.k8s.io/refs.pull': String(pull.number) } : {}),
        ...(input.retest ? { 'prow.k8s.io/retest': 'true' } : {}),
      };
      const plank = config.plank ?? {};
      const pending = plank.pod_pending_timeout ? parseGoDuration(String(plank.pod_pending_timeout)) : undefined;
      const running = plank.pod_running_timeout ? parseGoDuration(String(plank.pod_running_timeout)) : undefined;
      const run: JobRun = {
        runName,
        buildId: input.buildId,
        prowJobId,
        job: input.job,
        type,
        agent: agent as JobRun['agent'],
        namespace: config.pod_namespace || job.namespace || 'default',
        ...(refs ? { refs: job.clone_uri ? { ...refs, clone_uri: job.clone_uri } : refs } : {}),
        env: jobEnv({ type, job: input.job, buildId: input.buildId, prowJobId, ...(refs ? { refs } : {}) }),
        labels,
        annotations: { ...(job.annotations ?? {}), 'prow.k8s.io/job': input.job },
        ...(job.spec ? { spec: job.spec } : {}),
        ...pipelineOf(job),
        ...(deps.workDir ? { logPath: `${deps.workDir}/${runName}/build-log.txt` } : {}),
      };
      const sha = pull?.sha ?? refs?.base_sha ?? '';
      const report =
        type !== 'periodic' && type !== 'batch' && !job.skip_report && input.owner && input.repo && sha
          ? { owner: input.owner, repo: input.repo, sha, baseSha: refs?.base_sha ?? '', context: job.context ?? input.job }
          : undefined;
      transition(metrics, run, 'new', 'triggered');
      return {
        run,
        ...(report ? { report } : {}),
        timeouts: { pendingMs: pending ?? DEFAULTS.pendingMs, runningMs: running ?? DEFAULTS.runningMs, pollMs: deps.pollMs ?? DEFAULTS.pollMs },
        ...(job.max_concurrency && job.max_concurrency > 0 ? { maxConcurrency: job.max_concurrency } : {}),
        ...(deps.publicUrl ? { targetUrl: `${deps.publicUrl.replace(/\/+$/, '')}/jobs/${run.agent}/${run.namespace}/${run.runName}/log` } : {}),
      };
    },

    /**
     * Runs `run` to the end and returns its final status. Cancelling the activity (the job
     * workflow was asked to abort) stops the run and deletes what it made.
     */
    async runJob(run: JobRun, timeouts: RunTimeouts): Promise<RunStatus> {
      const ctx = Context.current();
      // The job workflow reported the run pending just before its first watch; a retried watch is the same run.
      if (ctx.info.attempt === 1) transition(metrics, run, 'triggered', 'pending');
      const executor = deps.executors[run.agent];
      if (!executor) {
        const hint = run.agent === 'kubernetes' ? ': give the worker a cluster (KUBECONFIG) or, on a machine where running PR code is acceptable, COXSWAIN_LOCAL_JOBS=true' : '';
        transition(metrics, run, 'pending', 'error');
        return { state: 'error', description: `No executor for agent "${run.agent}" on this worker${hint}.` };
      }
      const watched = { job_name: run.job, type: run.type, agent: run.agent };
      metrics?.running.inc(watched);
      const final = (st: RunStatus): RunStatus => {
        transition(metrics, run, 'pending', st.state);
        return st;
      };
      // Heartbeat details say how far the watch got, so a retried attempt keeps the same clock.
      const prior = ctx.info.heartbeatDetails as { startedAt?: number; runningSince?: number } | undefined;
      const startedAt = prior?.startedAt ?? Date.now();
      let runningSince = prior?.runningSince;
      try {
        await executor.start(run);
        for (;;) {
          ctx.heartbeat({ startedAt, runningSince });
          const st = await executor.status(run);
          if (TERMINAL_STATES.includes(st.state)) {
            await executor.cleanup(run).catch(() => undefined);
            return final(st);
          }
          const now = Date.now();
          if (st.started) runningSince ??= now;
          if (!runningSince && now - startedAt > timeouts.pendingMs) {
            await executor.abort(run).catch(() => undefined);
            return final({ state: 'error', description: 'Pod pending timeout.' });
          }
          if (runningSince && now - runningSince > timeouts.runningMs) {
            await executor.abort(run).catch(() => undefined);
            return final({ state: 'error', description: 'Pod running timeout.' });
          }
          await ctx.sleep(timeouts.pollMs);
        }
      } catch (err) {
        if (err instanceof CancelledFailure || ctx.cancellationSignal.aborted) {
          // Only a cancellation the workflow asked for stops the run. A worker shutting down or an
          // attempt that timed out leaves it going: the next attempt, on another worker, finds it.
          const reason = err instanceof CancelledFailure ? err.message : '';
          if (reason !== 'WORKER_SHUTDOWN' && reason !== 'TIMED_OUT' && reason !== 'HEARTBEAT_DETAILS_CONVERSION_FAILED') {
            await executor.abort(run).catch(() => undefined);
            transition(metrics, run, 'pending', 'aborted');
          }
          throw err instanceof CancelledFailure ? err : new CancelledFailure('aborted');
        }
        // The cluster refused (a 4xx: the executor says so in Prow's words): the job is an error with
        // the reason. Anything else (the API unreachable, a 5xx) is retried by the activity's policy,
        // and the job workflow makes the run an error once the retries run out.
        if (err instanceof ApplicationFailure && err.nonRetryable) return final({ state: 'error', description: err.message.slice(0, 500) });
        throw err;
      } finally {
        metrics?.running.dec(watched);
      }
    },

    /** The postsubmits a push to `branch` runs (Prow's Postsubmit.ShouldRun), read from the config as it is now. */
    async selectPostsubmits(input: { owner: string; repo: string; branch: string; changes: string[] }): Promise<string[]> {
      const { config } = deps.config();
      return (config.postsubmits?.[`${input.owner}/${input.repo}`] ?? [])
        .filter((j) => RUNNABLE_AGENTS.includes(j.agent))
        .filter((j) => postsubmitShouldRun(j, input.branch, input.changes))
        .map((j) => j.name);
    },

    /**
     * Asks the job's limiter (`job-limit/{job}`) for a slot, starting it if needed; the limiter
     * answers the run with a signal. (Workflows cannot signal-with-start; this activity can.)
     */
    async acquireJobSlot(input: { job: string; workflowId: string; max: number }): Promise<void> {
      const info = Context.current().info;
      await getClient().workflow.signalWithStart('jobLimitWorkflow', {
        workflowId: `job-limit/${input.job}`,
        taskQueue: info.taskQueue,
        args: [{ job: input.job }],
        signal: 'acquireJobSlot',
        signalArgs: [{ workflowId: input.workflowId, max: input.max }],
      });
    },

    /** Stops a run now and deletes what it made (an abort need not wait for the watcher's next heartbeat). */
    async abortJobRun(run: JobRun): Promise<void> {
      await deps.executors[run.agent]?.abort(run);
    },

    /** The run's log so far (the executor keeps it bounded). */
    async jobLog(run: JobRun): Promise<string> {
      const executor = deps.executors[run.agent];
      return executor ? executor.log(run) : '';
    },
  };
}

export type JobActivities = ReturnType<typeof createJobActivities>;

/** The PipelineRun spec and its API version a job's config gives (Prow: tekton_pipeline_run_spec.v1, .v1beta1, else pipeline_run_spec). */
function pipelineOf(job: FoundJob): Pick<JobRun, 'pipelineRunSpec' | 'pipelineRunVersion'> {
  const picked = selectPipelineRunSpec(job as Parameters<typeof selectPipelineRunSpec>[0]);
  return picked ? { pipelineRunSpec: picked.spec, pipelineRunVersion: picked.version } : {};
}

/** Reads a run's log for the web server's Details link, from the executor that ran it; undefined: not here. */
export function jobLogReader(deps: Pick<JobActivityDeps, 'executors' | 'workDir'>) {
  return async (where: { agent: string; namespace: string; runName: string }): Promise<string | undefined> => {
    const agent = where.agent as JobRun['agent'];
    const executor = deps.executors[agent];
    if (!executor) return undefined;
    if (agent === 'local' && (!deps.workDir || !existsSync(join(deps.workDir, where.runName)))) return undefined;
    const run: JobRun = { runName: where.runName, namespace: where.namespace, agent, buildId: '', prowJobId: '', job: '', type: 'presubmit', env: {}, labels: {} };
    return executor.log(run);
  };
}
