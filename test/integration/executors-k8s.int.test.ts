import { randomBytes } from 'node:crypto';
import { CoreV1Api, CustomObjectsApi, type V1Pod } from '@kubernetes/client-node';
import type { Executor, JobRun, RunStatus } from '../../src/core/job.js';
import { createKubernetesExecutor, POD_DELETED } from '../../src/activities/executors/kubernetes.js';
import { createTektonExecutor, PIPELINE_RUN_DELETED } from '../../src/activities/executors/tekton.js';
import { freePort } from '../../src/temporal/ports.js';
import { createNamespace, installTektonCrd, kubeConfigFor, startKube, type RunningKube } from '../support/kube.js';
import { startFakeKubelet, startFakeTekton, startKubeletLogServer, type FakeKubelet, type FakeTekton } from '../support/kube-actors.js';

// The Kubernetes and Tekton executors against a real kube-apiserver and etcd (test/support/kube.ts).
// No kubelet or Tekton runs there: test/support/kube-actors.ts plays them by writing status.

const NS = 'test-jobs';
let kube: RunningKube;
let kubelet: FakeKubelet;
let tekton: FakeTekton;
let core: CoreV1Api;
let custom: CustomObjectsApi;

beforeAll(async () => {
  kube = await startKube();
  core = kube.kubeConfig.makeApiClient(CoreV1Api);
  custom = kube.kubeConfig.makeApiClient(CustomObjectsApi);
  await Promise.all([createNamespace(kube.kubeConfig, NS), installTektonCrd(kube.kubeConfig)]);
  kubelet = await startFakeKubelet(kube.kubeConfig, NS);
  tekton = await startFakeTekton(kube.kubeConfig, NS, 'v1');
}, 30 * 60_000); // a first run builds kube-apiserver (k8s/ensure-apiserver.sh); CI builds it beforehand

afterAll(async () => {
  kubelet?.stop();
  tekton?.stop();
  await kube?.stop();
});

function jobRun(over: Partial<JobRun> = {}): JobRun {
  const runName = `run-${randomBytes(5).toString('hex')}`;
  return {
    runName,
    buildId: '1712345678901',
    prowJobId: runName,
    job: 'pull-coxswain-unit',
    type: 'presubmit',
    agent: 'kubernetes',
    namespace: NS,
    refs: {
      org: 'acme',
      repo: 'widgets',
      base_ref: 'main',
      base_sha: 'aaa111',
      pulls: [{ number: 5, author: 'alice', sha: 'bbb222', title: 'Add things', head_ref: 'feature' }],
    },
    env: {
      CI: 'true',
      JOB_NAME: 'pull-coxswain-unit',
      JOB_TYPE: 'presubmit',
      BUILD_ID: '1712345678901',
      PROW_JOB_ID: runName,
      REPO_OWNER: 'acme',
      REPO_NAME: 'widgets',
      PULL_NUMBER: '5',
      PULL_PULL_SHA: 'bbb222',
    },
    labels: { 'created-by-prow': 'true', 'prow.k8s.io/job': 'pull-coxswain-unit', 'prow.k8s.io/type': 'presubmit' },
    annotations: { 'prow.k8s.io/job': 'pull-coxswain-unit' },
    spec: {
      containers: [
        { name: 'test', image: 'golang:1.26', command: ['make', 'test'], env: [{ name: 'GOFLAGS', value: '-mod=readonly' }, { name: 'JOB_NAME', value: 'spoofed' }] },
        { name: 'sidecar', image: 'busybox', command: ['sleep', '1'] },
      ],
    },
    ...over,
  };
}

/** Polls the executor until `want` holds; a failure says the last status seen. */
async function waitForStatus(ex: Executor, run: JobRun, want: (s: RunStatus) => boolean): Promise<RunStatus> {
  const deadline = Date.now() + 20_000;
  let last: RunStatus | undefined;
  while (Date.now() < deadline) {
    last = await ex.status(run);
    if (want(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`status never matched; last: ${JSON.stringify(last)}`);
}

async function until(what: string, probe: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never: ${what}`);
}

const running = (s: RunStatus) => s.state === 'pending' && s.started === true;
const readPod = (run: JobRun): Promise<V1Pod> => core.readNamespacedPod({ name: run.runName, namespace: NS });
const gone = async (read: () => Promise<unknown>) => {
  try {
    await read();
    return false;
  } catch (err) {
    return (err as { code?: number }).code === 404;
  }
};

describe('kubernetes executor (real kube-apiserver)', () => {
  let ex: Executor;
  beforeAll(() => {
    ex = createKubernetesExecutor({ kubeConfig: kube.kubeConfig });
  });

  test('creates the pod with Prow variables in every container, labels, annotations and restartPolicy Never', async () => {
    const run = jobRun();
    await ex.start(run);
    const pod = await readPod(run);
    expect(pod.metadata?.labels).toMatchObject(run.labels);
    expect(pod.metadata?.annotations).toMatchObject(run.annotations!);
    expect(pod.spec?.restartPolicy).toBe('Never');
    expect(pod.spec?.automountServiceAccountToken).toBe(false);
    for (const c of pod.spec!.containers) {
      const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e.value]));
      expect(env).toMatchObject(run.env);
      // Prow's value wins over the spec's, and appears once.
      expect((c.env ?? []).filter((e) => e.name === 'JOB_NAME')).toEqual([{ name: 'JOB_NAME', value: 'pull-coxswain-unit' }]);
    }
    expect(pod.spec!.containers[0]!.env?.[0]).toEqual({ name: 'GOFLAGS', value: '-mod=readonly' });
  });

  test('start is idempotent: a repeated start finds the same pod', async () => {
    const run = jobRun();
    await ex.start(run);
    const first = await readPod(run);
    await ex.start(run);
    const pods = await core.listNamespacedPod({ namespace: NS, fieldSelector: `metadata.name=${run.runName}` });
    expect(pods.items.map((p) => p.metadata?.uid)).toEqual([first.metadata?.uid]);
  });

  test('pending, then running, then success', async () => {
    const run = jobRun();
    await ex.start(run);
    // The fake kubelet has not necessarily started it yet: either way it is pending.
    expect((await ex.status(run)).state).toBe('pending');
    expect(await waitForStatus(ex, run, running)).toEqual({ state: 'pending', description: 'Job triggered.', started: true });
    await kubelet.finish(run.runName, 'succeed');
    expect(await waitForStatus(ex, run, (s) => s.state !== 'pending')).toEqual({ state: 'success', description: 'Job succeeded.', started: true });
  });

  test('a failed pod is failure "Job failed."', async () => {
    const run = jobRun();
    await ex.start(run);
    await waitForStatus(ex, run, running);
    await kubelet.finish(run.runName, 'fail');
    expect(await waitForStatus(ex, run, (s) => s.state !== 'pending')).toMatchObject({ state: 'failure', description: 'Job failed.' });
  });

  test('an OOM-killed pod and an evicted pod are errors with Prow\'s words', async () => {
    const oom = jobRun();
    const evicted = jobRun();
    await Promise.all([ex.start(oom), ex.start(evicted)]);
    await Promise.all([waitForStatus(ex, oom, running), waitForStatus(ex, evicted, running)]);
    await Promise.all([kubelet.finish(oom.runName, 'oom'), kubelet.finish(evicted.runName, 'evict')]);
    expect(await waitForStatus(ex, oom, (s) => s.state !== 'pending')).toMatchObject({ state: 'error', description: 'Job pod was OOM killed by the cluster.' });
    expect(await waitForStatus(ex, evicted, (s) => s.state !== 'pending')).toMatchObject({ state: 'error', description: 'Job pod was evicted by the cluster.' });
  });

  test('a pod deleted while running is error "Pod got deleted unexpectedly"', async () => {
    const run = jobRun();
    await ex.start(run);
    await waitForStatus(ex, run, running);
    await core.deleteNamespacedPod({ name: run.runName, namespace: NS, gracePeriodSeconds: 0 });
    expect(await waitForStatus(ex, run, (s) => s.state !== 'pending')).toEqual({ state: 'error', description: POD_DELETED });
  });

  test('abort deletes the pod, and aborting again does nothing', async () => {
    const run = jobRun();
    await ex.start(run);
    await waitForStatus(ex, run, running);
    await ex.abort(run);
    await until('pod deleted', () => gone(() => readPod(run)));
    await expect(ex.abort(run)).resolves.toBeUndefined();
    await expect(ex.cleanup(run)).resolves.toBeUndefined();
  });

  test('cleanup deletes a finished pod', async () => {
    const run = jobRun();
    await ex.start(run);
    await waitForStatus(ex, run, running);
    await kubelet.finish(run.runName, 'succeed');
    await waitForStatus(ex, run, (s) => s.state === 'success');
    await ex.cleanup(run);
    await until('pod deleted', () => gone(() => readPod(run)));
  });

  test('a pod with no log yet (not scheduled on a node) has log ""; so has a pod that is gone', async () => {
    const run = jobRun();
    await ex.start(run);
    await expect(ex.log(run)).resolves.toBe('');
    await expect(ex.log(jobRun())).resolves.toBe('');
  });

  test('log is the first container\'s log, fetched by the apiserver from the node\'s kubelet; the newest bytes are kept', async () => {
    const node = await startKubeletLogServer(kube.kubeConfig);
    try {
      const run = jobRun();
      await ex.start(run);
      await node.bind(NS, run.runName);
      expect(await waitForStatus(ex, run, running)).toMatchObject({ started: true });
      node.logs.set(`${NS}/${run.runName}/test`, 'first line\nsecond line\nthe end: é\n');
      node.logs.set(`${NS}/${run.runName}/sidecar`, 'not this one\n');
      expect(await ex.log(run)).toBe('first line\nsecond line\nthe end: é\n');
      expect(node.queries).toContain('?tailLines=20000');
      // 2 bytes from the end falls inside 'é' (2 bytes): the partial character is dropped.
      expect(await createKubernetesExecutor({ kubeConfig: kube.kubeConfig, logLimitBytes: 2 }).log(run)).toBe('\n');
      expect(await createKubernetesExecutor({ kubeConfig: kube.kubeConfig, logLimitBytes: 12 }).log(run)).toBe('the end: é\n');
    } finally {
      await node.stop();
    }
  });

  test('an invalid pod is refused for good with Prow\'s "Pod can not be created"', async () => {
    const run = jobRun({ spec: { containers: [{ name: 'Bad_Name', image: 'x' }] } });
    await expect(ex.start(run)).rejects.toMatchObject({ nonRetryable: true, message: expect.stringMatching(/^Pod can not be created: Kubernetes API answered 422: .*Bad_Name/) });
    await expect(ex.start(jobRun({ spec: undefined }))).rejects.toMatchObject({ nonRetryable: true, message: expect.stringContaining('needs a "spec"') });
  });

  test('a user the API forbids: status is error with the 403, start fails for good', async () => {
    const run = jobRun();
    const forbidden = createKubernetesExecutor({ kubeConfig: kube.forbiddenKubeConfig });
    const status = await forbidden.status(run);
    expect(status.state).toBe('error');
    expect(status.description).toMatch(/^Kubernetes API answered 403: pods "run-[0-9a-f]+" is forbidden: User "nobody" cannot get resource "pods"/);
    await expect(forbidden.start(run)).rejects.toMatchObject({ nonRetryable: true, message: expect.stringContaining('403') });
    expect(await gone(() => readPod(run))).toBe(true);
  });

  test('a bad token is error 401; an unreachable API is error with the network reason and start retries', async () => {
    const run = jobRun();
    const badToken = createKubernetesExecutor({ kubeConfig: kube.kubeConfigWithToken('not-a-token') });
    expect(await badToken.status(run)).toMatchObject({ state: 'error', description: expect.stringMatching(/^Kubernetes API answered 401/) });

    const port = await freePort(); // nothing listens there
    const nowhere = createKubernetesExecutor({ kubeConfig: kubeConfigFor(`https://127.0.0.1:${port}`, 'x') });
    const status = await nowhere.status(run);
    expect(status.state).toBe('error');
    expect(status.description).toMatch(/^Kubernetes API unreachable: .*ECONNREFUSED/);
    // Not a refusal: the activity's retry policy may try again.
    await expect(nowhere.start(run)).rejects.not.toHaveProperty('nonRetryable', true);
  });
});

describe('tekton-pipeline executor (real kube-apiserver, PipelineRun CRD)', () => {
  let ex: Executor;
  beforeAll(() => {
    ex = createTektonExecutor({ kubeConfig: kube.kubeConfig });
  });
  const tektonRun = (over: Partial<JobRun> = {}) =>
    jobRun({
      agent: 'tekton-pipeline',
      spec: undefined,
      pipelineRunSpec: {
        pipelineRef: { name: 'unit-tests' },
        params: [{ name: 'LEVEL', value: 'full' }, { name: 'PULL_NUMBER', value: 'spoofed' }],
        resources: [{ name: 'source', resourceRef: { name: 'PROW_IMPLICIT_GIT_REF' } }, { name: 'other', resourceRef: { name: 'shared-cache' } }],
      },
      ...over,
    });
  const readRun = (run: JobRun) =>
    custom.getNamespacedCustomObject({ group: 'tekton.dev', version: run.pipelineRunVersion ?? 'v1beta1', namespace: NS, plural: 'pipelineruns', name: run.runName });

  test('creates a v1beta1 PipelineRun: env vars as string params, PROW_IMPLICIT_GIT_REF as a git resource of the refs', async () => {
    const run = tektonRun();
    await ex.start(run);
    const pr = await readRun(run);
    expect(pr.apiVersion).toBe('tekton.dev/v1beta1');
    expect(pr.metadata.labels).toMatchObject(run.labels);
    expect(pr.metadata.annotations).toMatchObject(run.annotations!);
    const params = Object.fromEntries((pr.spec.params as { name: string; value: string }[]).map((p) => [p.name, p.value]));
    expect(params).toEqual({ LEVEL: 'full', ...run.env });
    expect((pr.spec.params as { name: string }[]).filter((p) => p.name === 'PULL_NUMBER')).toHaveLength(1);
    expect(pr.spec.resources).toEqual([
      {
        name: 'source',
        resourceSpec: {
          type: 'git',
          params: [
            { name: 'url', value: 'https://github.com/acme/widgets.git' },
            { name: 'revision', value: 'bbb222' },
          ],
        },
      },
      { name: 'other', resourceRef: { name: 'shared-cache' } },
    ]);
  });

  test('a postsubmit clones its base SHA from clone_uri; a periodic asking for PROW_IMPLICIT_GIT_REF is refused', async () => {
    const post = tektonRun({ type: 'postsubmit', refs: { org: 'acme', repo: 'widgets', base_ref: 'main', base_sha: 'ccc333', clone_uri: 'https://git.example.com/acme/widgets.git' } });
    await ex.start(post);
    const pr = await readRun(post);
    expect(pr.spec.resources[0].resourceSpec.params).toEqual([
      { name: 'url', value: 'https://git.example.com/acme/widgets.git' },
      { name: 'revision', value: 'ccc333' },
    ]);
    const periodic = tektonRun({ type: 'periodic', refs: undefined });
    await expect(ex.start(periodic)).rejects.toMatchObject({ nonRetryable: true, message: expect.stringContaining('without an implicit git ref') });
    expect(await gone(() => readRun(periodic))).toBe(true);
  });

  test('a v1 spec is created as tekton.dev/v1; a v1 spec asking for a PipelineResource is refused', async () => {
    const run = tektonRun({ pipelineRunVersion: 'v1', pipelineRunSpec: { pipelineRef: { name: 'unit-tests' }, taskRunTemplate: { serviceAccountName: 'ci' } } });
    await ex.start(run);
    const pr = await readRun(run);
    expect(pr.apiVersion).toBe('tekton.dev/v1');
    expect(pr.spec.taskRunTemplate).toEqual({ serviceAccountName: 'ci' });
    expect(pr.spec.params).toHaveLength(Object.keys(run.env).length);
    await expect(ex.start(tektonRun({ pipelineRunVersion: 'v1' }))).rejects.toMatchObject({ nonRetryable: true, message: expect.stringContaining('Tekton v1 has no PipelineResources') });
  });

  test('start is idempotent', async () => {
    const run = tektonRun();
    await ex.start(run);
    const uid = (await readRun(run)).metadata.uid;
    await ex.start(run);
    expect((await readRun(run)).metadata.uid).toBe(uid);
  });

  test('running, then success; failure carries the condition message', async () => {
    const ok = tektonRun();
    const bad = tektonRun();
    await Promise.all([ex.start(ok), ex.start(bad)]);
    const seen = await waitForStatus(ex, ok, (s) => s.started === true);
    expect(seen).toEqual({ state: 'pending', description: 'Tasks Completed: 0 (Failed: 0, Cancelled 0), Incomplete: 1, Skipped: 0', started: true });
    await waitForStatus(ex, bad, (s) => s.started === true);
    await tekton.finish(ok.runName, 'v1beta1', { status: 'True', reason: 'Succeeded', message: 'Tasks Completed: 1 (Failed: 0, Cancelled 0), Skipped: 0' });
    await tekton.finish(bad.runName, 'v1beta1', { status: 'False', reason: 'Failed', message: 'Tasks Completed: 1 (Failed: 1, Cancelled 0), Skipped: 0' });
    expect(await waitForStatus(ex, ok, (s) => s.state !== 'pending')).toMatchObject({ state: 'success', description: 'Tasks Completed: 1 (Failed: 0, Cancelled 0), Skipped: 0' });
    expect(await waitForStatus(ex, bad, (s) => s.state !== 'pending')).toMatchObject({ state: 'failure', description: 'Tasks Completed: 1 (Failed: 1, Cancelled 0), Skipped: 0' });
  });

  test('a run Tekton reports Cancelled is aborted; a deleted run is error', async () => {
    const cancelled = tektonRun();
    const deleted = tektonRun();
    await Promise.all([ex.start(cancelled), ex.start(deleted)]);
    await waitForStatus(ex, cancelled, (s) => s.started === true);
    await tekton.finish(cancelled.runName, 'v1', { status: 'False', reason: 'Cancelled', message: `PipelineRun "${cancelled.runName}" was cancelled` });
    expect(await waitForStatus(ex, cancelled, (s) => s.state !== 'pending')).toMatchObject({ state: 'aborted', description: `PipelineRun "${cancelled.runName}" was cancelled` });
    await custom.deleteNamespacedCustomObject({ group: 'tekton.dev', version: 'v1', namespace: NS, plural: 'pipelineruns', name: deleted.runName });
    expect(await waitForStatus(ex, deleted, (s) => s.state === 'error')).toEqual({ state: 'error', description: PIPELINE_RUN_DELETED });
  });

  test('abort cancels the PipelineRun (spec.status Cancelled), then deletes it; again does nothing', async () => {
    const run = tektonRun();
    await ex.start(run);
    await waitForStatus(ex, run, (s) => s.started === true);
    await ex.abort(run);
    expect(await gone(() => readRun(run))).toBe(true);
    await until('the Tekton controller saw the cancellation', () => tekton.cancelled.includes(run.runName));
    await expect(ex.abort(run)).resolves.toBeUndefined();
  });

  test('log of a run whose TaskRun pods have no log yet is ""', async () => {
    const run = tektonRun();
    await ex.start(run);
    await expect(ex.log(run)).resolves.toBe('');
    // A TaskRun pod, as Tekton labels them; not scheduled, so no log yet.
    await core.createNamespacedPod({
      namespace: NS,
      body: { metadata: { name: `${run.runName}-unit-pod`, labels: { 'tekton.dev/pipelineRun': run.runName } }, spec: { containers: [{ name: 'step-test', image: 'busybox' }] } },
    });
    await expect(ex.log(run)).resolves.toBe('');
  });

  test('a forbidden user gets error 403 from status', async () => {
    const forbidden = createTektonExecutor({ kubeConfig: kube.forbiddenKubeConfig });
    expect(await forbidden.status(tektonRun())).toMatchObject({ state: 'error', description: expect.stringMatching(/^Kubernetes API answered 403: pipelineruns.tekton.dev .* is forbidden/) });
  });
});
