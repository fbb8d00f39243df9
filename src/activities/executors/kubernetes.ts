import { CoreV1Api, type KubeConfig, type V1Container, type V1EnvVar, type V1Pod, type V1PodSpec } from '@kubernetes/client-node';
import { ApplicationFailure } from '@temporalio/common';
import type { Executor, JobRun, RunStatus } from '../../core/job.js';
import { apiCode, containerLog, createFailure, DEFAULT_LOG_LIMIT_BYTES, describeKubeError, ignoreNotFound } from './kube-api.js';

// agent: kubernetes — one Pod per run, as Prow's plank makes for an undecorated job
// (pkg/pod-utils/decorate ProwJobToPod), and its phase read back as plank does.

export interface KubernetesExecutorOptions {
  kubeConfig: KubeConfig;
  /** Bytes of log kept, the newest part (default 1 MiB). */
  logLimitBytes?: number;
}

export const POD_DELETED = 'Pod got deleted unexpectedly';

/** The Pod for a run: the job's spec, Prow's variables in every container, restartPolicy Never. */
export function buildPod(run: JobRun): V1Pod {
  if (!run.spec || typeof run.spec !== 'object') throw new Error(`job ${run.job}: agent kubernetes needs a "spec" (a PodSpec)`);
  const spec = structuredClone(run.spec) as V1PodSpec;
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) throw new Error(`job ${run.job}: its spec has no containers`);
  spec.restartPolicy = 'Never';
  // Prow: no service-account token in job pods unless the job asks for an account or the token.
  if (spec.automountServiceAccountToken === undefined && !spec.serviceAccountName) spec.automountServiceAccountToken = false;
  // Prow appends its variables to every container. Its config check refuses a spec that sets
  // one of them itself; here Prow's value replaces the spec's rather than leaving a duplicate.
  const prow: V1EnvVar[] = Object.keys(run.env)
    .sort()
    .map((name) => ({ name, value: run.env[name]! }));
  spec.containers = spec.containers.map((c: V1Container) => ({
    ...c,
    env: [...(c.env ?? []).filter((e) => !(e.name in run.env)), ...prow],
  }));
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: run.runName, namespace: run.namespace, labels: { ...run.labels }, annotations: { ...(run.annotations ?? {}) } },
    spec,
  };
}

/** Prow's plank reading of a pod (pkg/plank/reconciler.go syncPendingJob). */
export function podStatus(pod: V1Pod): RunStatus {
  const phase = pod.status?.phase;
  const started = Boolean(pod.spec?.nodeName) || (phase !== undefined && phase !== 'Pending');
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const oomKilled = pod.status?.reason === 'OOMKilled' || statuses.some((s) => s.state?.terminated?.reason === 'OOMKilled' || s.lastState?.terminated?.reason === 'OOMKilled');
  switch (phase) {
    case 'Succeeded': {
      // Prow double-checks every container (kubernetes/kubernetes#58711).
      const allDone = (pod.status?.containerStatuses ?? []).every((s) => s.state?.terminated?.exitCode === 0);
      return allDone
        ? { state: 'success', description: 'Job succeeded.', started }
        : { state: 'error', description: "Pod was in succeeded phase but some containers didn't finish", started };
    }
    case 'Failed':
      // Prow revives evicted/OOM-killed pods up to max_revivals and then errors; the executor
      // has no memory of revivals, so it reports the error and leaves retrying to the workflow.
      if (pod.status?.reason === 'Evicted') return { state: 'error', description: 'Job pod was evicted by the cluster.', started };
      if (oomKilled) return { state: 'error', description: 'Job pod was OOM killed by the cluster.', started };
      return { state: 'failure', description: 'Job failed.', started };
    default:
      // Pending, Running, Unknown: still going. A pod being deleted that did not finish was
      // deleted by someone else (abort deletes too, but the caller knows it aborted).
      if (pod.metadata?.deletionTimestamp) return { state: 'error', description: POD_DELETED, started };
      return { state: 'pending', description: 'Job triggered.', started };
  }
}

export function createKubernetesExecutor(opts: KubernetesExecutorOptions): Executor {
  const api = opts.kubeConfig.makeApiClient(CoreV1Api);
  const limit = opts.logLimitBytes ?? DEFAULT_LOG_LIMIT_BYTES;
  const remove = (run: JobRun) => ignoreNotFound(api.deleteNamespacedPod({ name: run.runName, namespace: run.namespace })).then(() => undefined);
  return {
    async start(run) {
      let body: V1Pod;
      try {
        body = buildPod(run);
      } catch (err) {
        throw ApplicationFailure.nonRetryable(`Pod can not be created: ${(err as Error).message}`, 'InvalidPodSpec');
      }
      try {
        await api.createNamespacedPod({ namespace: run.namespace, body });
      } catch (err) {
        // A retried start (worker crash after the create): the run's pod already exists. Its
        // name is unique per run, so it is this run's pod.
        if (apiCode(err) === 409) return;
        throw createFailure(err, 'Pod');
      }
    },
    async status(run) {
      try {
        return podStatus(await api.readNamespacedPod({ name: run.runName, namespace: run.namespace }));
      } catch (err) {
        if (apiCode(err) === 404) return { state: 'error', description: POD_DELETED };
        return { state: 'error', description: describeKubeError(err) };
      }
    },
    abort: remove,
    async log(run) {
      let pod: V1Pod;
      try {
        pod = await api.readNamespacedPod({ name: run.runName, namespace: run.namespace });
      } catch (err) {
        if (apiCode(err) === 404) return '';
        throw err;
      }
      // Undecorated Prow jobs run the test in the first container.
      const container = pod.spec?.containers[0]?.name;
      return container ? containerLog(opts.kubeConfig, run.namespace, run.runName, container, limit) : '';
    },
    cleanup: remove,
  };
}
