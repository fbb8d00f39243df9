import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { ApplicationFailure } from '@temporalio/common';
import type { Executor, JobRun, Refs, RunStatus } from '../../core/job.js';
import { apiCode, createFailure, DEFAULT_LOG_LIMIT_BYTES, describeKubeError, ignoreNotFound, podsLog } from './kube-api.js';

// agent: tekton-pipeline — one PipelineRun per run, as Prow's pipeline controller makes it
// (cmd/pipeline/controller.go makePipelineRun), and its Succeeded condition read back as it does.

export interface TektonExecutorOptions {
  kubeConfig: KubeConfig;
  /** Bytes of log kept, the newest part (default 1 MiB). */
  logLimitBytes?: number;
}

export const PROW_IMPLICIT_GIT_REF = 'PROW_IMPLICIT_GIT_REF';
export const PIPELINE_RUN_DELETED = 'PipelineRun got deleted unexpectedly';
const GROUP = 'tekton.dev';
const PLURAL = 'pipelineruns';

type Version = 'v1' | 'v1beta1';
type Obj = Record<string, unknown>;

/**
 * The spec a job's config gives and its API version: `tekton_pipeline_run_spec.v1`, else
 * `tekton_pipeline_run_spec.v1beta1`, else `pipeline_run_spec` (v1beta1), Prow's precedence.
 */
export function selectPipelineRunSpec(job: { pipeline_run_spec?: unknown; tekton_pipeline_run_spec?: { v1?: unknown; v1beta1?: unknown } }):
  | { spec: unknown; version: Version }
  | undefined {
  const t = job.tekton_pipeline_run_spec;
  if (t?.v1 !== undefined) return { spec: t.v1, version: 'v1' };
  if (t?.v1beta1 !== undefined) return { spec: t.v1beta1, version: 'v1beta1' };
  if (job.pipeline_run_spec !== undefined) return { spec: job.pipeline_run_spec, version: 'v1beta1' };
  return undefined;
}

/** Prow's git resource for refs: clone_uri or GitHub's URL, the first pull's SHA, else the base SHA or branch. */
export function gitResourceSpec(refs: Refs): Obj {
  const url = refs.clone_uri || `https://github.com/${refs.org}/${refs.repo}.git`;
  const pull = refs.pulls?.[0];
  const revision = pull ? pull.sha || `pull/${pull.number}/head` : refs.base_sha || refs.base_ref;
  return {
    type: 'git',
    params: [
      { name: 'url', value: url },
      { name: 'revision', value: revision },
    ],
  };
}

/**
 * The PipelineRun for a run. Every Prow variable becomes a string param (replacing a param of
 * the same name the spec sets: Tekton refuses duplicates). As in Prow, a resource binding whose
 * resourceRef is PROW_IMPLICIT_GIT_REF becomes an embedded git resourceSpec of the job's refs.
 * Tekton v1 has no PipelineResources, so a v1 spec that asks for one is refused with the reason.
 * Extra refs (PROW_EXTRA_GIT_REF_<i>) are not supported: JobRun carries none.
 */
export function buildPipelineRun(run: JobRun): Obj {
  const version = run.pipelineRunVersion ?? 'v1beta1';
  if (!run.pipelineRunSpec || typeof run.pipelineRunSpec !== 'object') {
    throw new Error(`job ${run.job}: agent tekton-pipeline needs a "pipeline_run_spec"`);
  }
  const spec = structuredClone(run.pipelineRunSpec) as Obj;
  const params = Array.isArray(spec.params) ? (spec.params as { name: string }[]).filter((p) => !(p.name in run.env)) : [];
  spec.params = [...params, ...Object.keys(run.env).sort().map((name) => ({ name, value: run.env[name]! }))];

  const resources = Array.isArray(spec.resources) ? (spec.resources as Obj[]) : [];
  for (const binding of resources) {
    const ref = (binding.resourceRef as { name?: string } | undefined)?.name;
    if (ref === undefined || (ref !== PROW_IMPLICIT_GIT_REF && !/^PROW_EXTRA_GIT_REF_\d+$/.test(ref))) continue;
    if (version === 'v1') {
      throw new Error(`${ref}: Tekton v1 has no PipelineResources; use tekton_pipeline_run_spec.v1beta1, or clone from the REPO_*/PULL_* params`);
    }
    if (ref !== PROW_IMPLICIT_GIT_REF) throw new Error(`${ref}: extra refs are not supported`);
    if (!run.refs) throw new Error(`"${PROW_IMPLICIT_GIT_REF}" requested on a job without an implicit git ref (periodics have none)`);
    delete binding.resourceRef;
    binding.resourceSpec = gitResourceSpec(run.refs);
  }
  return {
    apiVersion: `${GROUP}/${version}`,
    kind: 'PipelineRun',
    metadata: { name: run.runName, namespace: run.namespace, labels: { ...run.labels }, annotations: { ...(run.annotations ?? {}) } },
    spec,
  };
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

/** Prow's reading of a PipelineRun's status (prowJobStatus), plus Tekton's cancellation as aborted. */
export function pipelineRunStatus(pr: Obj): RunStatus {
  const status = (pr.status ?? {}) as { conditions?: Condition[]; startTime?: string; completionTime?: string };
  const started = Boolean(status.startTime);
  const cond = status.conditions?.find((c) => c.type === 'Succeeded');
  const say = (fallback: string) => cond?.message || cond?.reason || fallback;
  if (!cond) {
    if (status.completionTime) return { state: 'error', description: 'missing end condition', started };
    return { state: 'pending', description: 'scheduling', started };
  }
  switch (cond.status) {
    case 'True':
      return { state: 'success', description: say('succeeded'), started };
    case 'False':
      // Tekton's reasons for a cancelled run (v1: Cancelled, CancelledRunFinally, StoppedRunFinally; v1beta1 also PipelineRunCancelled).
      if (/^(Cancelled|PipelineRunCancelled|CancelledRunFinally|StoppedRunFinally)$/.test(cond.reason ?? '')) {
        return { state: 'aborted', description: say('aborted'), started };
      }
      return { state: 'failure', description: say('failed'), started };
    default:
      return { state: 'pending', description: say(started ? 'running' : 'initializing'), started };
  }
}

export function createTektonExecutor(opts: TektonExecutorOptions): Executor {
  const api = opts.kubeConfig.makeApiClient(CustomObjectsApi);
  const core = opts.kubeConfig.makeApiClient(CoreV1Api);
  const limit = opts.logLimitBytes ?? DEFAULT_LOG_LIMIT_BYTES;
  const where = (run: JobRun) => ({ group: GROUP, version: run.pipelineRunVersion ?? 'v1beta1', namespace: run.namespace, plural: PLURAL, name: run.runName });
  const remove = async (run: JobRun) => {
    await ignoreNotFound(api.deleteNamespacedCustomObject(where(run)));
  };
  return {
    async start(run) {
      let body: Obj;
      try {
        body = buildPipelineRun(run);
      } catch (err) {
        throw ApplicationFailure.nonRetryable(`PipelineRun can not be created: ${(err as Error).message}`, 'InvalidPipelineRunSpec');
      }
      const { name: _name, ...at } = where(run);
      try {
        await api.createNamespacedCustomObject({ ...at, body });
      } catch (err) {
        if (apiCode(err) === 409) return; // a retried start: this run's PipelineRun exists already
        throw createFailure(err, 'PipelineRun');
      }
    },
    async status(run) {
      try {
        return pipelineRunStatus((await api.getNamespacedCustomObject(where(run))) as Obj);
      } catch (err) {
        if (apiCode(err) === 404) return { state: 'error', description: PIPELINE_RUN_DELETED };
        return { state: 'error', description: describeKubeError(err) };
      }
    },
    async abort(run) {
      // Cancel first so Tekton stops the TaskRuns' pods itself, then delete the run.
      await ignoreNotFound(api.patchNamespacedCustomObject({ ...where(run), body: [{ op: 'add', path: '/spec/status', value: 'Cancelled' }] }));
      await remove(run);
    },
    async log(run) {
      // Tekton labels every TaskRun pod with its PipelineRun.
      const pods = await core.listNamespacedPod({ namespace: run.namespace, labelSelector: `tekton.dev/pipelineRun=${run.runName}` });
      return podsLog(opts.kubeConfig, pods.items, limit);
    },
    cleanup: remove,
  };
}
