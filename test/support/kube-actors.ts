import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CoreV1Api, CustomObjectsApi, Watch, type KubeConfig, type V1ContainerStatus, type V1Pod } from '@kubernetes/client-node';

const run = promisify(execFile);

// The parts of a cluster the test apiserver lacks, played by writing status the way they do:
// a kubelet that starts every new pod (phase Running) and ends it when told, and a Tekton
// controller that starts every new PipelineRun (Succeeded=Unknown) and honours cancellation.

export type PodOutcome = 'succeed' | 'fail' | 'oom' | 'evict';

interface Watching {
  stop(): void;
  /** Every event seen, as `TYPE name`, for assertions on what happened in between. */
  events: string[];
}

async function watchAll(kc: KubeConfig, path: string, onEvent: (type: string, obj: any) => Promise<void>): Promise<Watching> {
  const events: string[] = [];
  const failures: unknown[] = [];
  let stopped = false;
  let controller: AbortController | undefined;
  const begin = async (): Promise<void> => {
    controller = await new Watch(kc).watch(
      path,
      // resourceVersion 0 ("any"): served from the watch cache at once. Without it the apiserver
      // waits for its cache to catch up with etcd, which etcd 3.4.23 never confirms (no progress
      // notification), and the watch ends with 'Too large resource version'.
      { resourceVersion: '0' },
      (type, obj) => {
        events.push(`${type} ${obj?.metadata?.name}`);
        // A test may delete an object before the actor writes its status: that 404 is expected.
        onEvent(type, obj).catch((err: unknown) => (err as { code?: number }).code === 404 || failures.push(err));
      },
      () => {
        // The watch ended (a new CRD's storage still starting answers 429, or the server closed
        // it): watch again. Events seen twice are harmless, the actors check the state first.
        if (!stopped) setTimeout(() => void begin().catch((err: unknown) => failures.push(err)), 200);
      },
    );
  };
  await begin();
  return {
    events,
    stop: () => {
      stopped = true;
      controller?.abort();
      if (failures.length) console.error('kube test actor failed:', failures);
    },
  };
}

const jsonPatch = (path: string, value: unknown) => [{ op: 'add', path, value }];

export interface FakeKubelet extends Watching {
  finish(name: string, outcome: PodOutcome): Promise<void>;
}

export async function startFakeKubelet(kc: KubeConfig, namespace: string): Promise<FakeKubelet> {
  const core = kc.makeApiClient(CoreV1Api);
  const setStatus = (name: string, status: Record<string, unknown>) =>
    core.patchNamespacedPodStatus({ name, namespace, body: Object.entries(status).flatMap(([k, v]) => jsonPatch(`/status/${k}`, v)) });
  const containers = async (name: string) => (await core.readNamespacedPod({ name, namespace })).spec!.containers;
  const watching = await watchAll(kc, `/api/v1/namespaces/${namespace}/pods`, async (type, pod: V1Pod) => {
    if (type !== 'ADDED' || pod.status?.phase !== 'Pending') return;
    const now = new Date().toISOString();
    await setStatus(pod.metadata!.name!, {
      phase: 'Running',
      startTime: now,
      containerStatuses: pod.spec!.containers.map(
        (c): V1ContainerStatus => ({ name: c.name, image: c.image!, imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt: new Date(now) } } }),
      ),
    });
  });
  return {
    ...watching,
    async finish(name, outcome) {
      const now = new Date();
      const exitCode = outcome === 'succeed' ? 0 : outcome === 'oom' ? 137 : 1;
      const reason = outcome === 'oom' ? 'OOMKilled' : outcome === 'succeed' ? 'Completed' : 'Error';
      const statuses = (await containers(name)).map(
        (c): V1ContainerStatus => ({ name: c.name, image: c.image!, imageID: '', ready: false, restartCount: 0, started: false, state: { terminated: { exitCode, reason, startedAt: now, finishedAt: now } } }),
      );
      await setStatus(name, {
        phase: outcome === 'succeed' ? 'Succeeded' : 'Failed',
        containerStatuses: statuses,
        ...(outcome === 'evict' ? { reason: 'Evicted', message: 'The node was low on resource: memory.' } : {}),
      });
    },
  };
}

export interface FakeTekton extends Watching {
  finish(name: string, version: string, condition: { status: 'True' | 'False'; reason: string; message?: string }): Promise<void>;
  /** Names of PipelineRuns whose spec.status was set to Cancelled while they existed. */
  cancelled: string[];
}

export async function startFakeTekton(kc: KubeConfig, namespace: string, version: string): Promise<FakeTekton> {
  const api = kc.makeApiClient(CustomObjectsApi);
  const cancelled: string[] = [];
  const setCondition = (name: string, v: string, cond: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    api.patchNamespacedCustomObjectStatus({
      group: 'tekton.dev',
      version: v,
      namespace,
      plural: 'pipelineruns',
      name,
      body: [{ op: 'add', path: '/status', value: { conditions: [{ type: 'Succeeded', lastTransitionTime: new Date().toISOString(), ...cond }], ...extra } }],
    });
  const watching = await watchAll(kc, `/apis/tekton.dev/${version}/namespaces/${namespace}/pipelineruns`, async (type, pr) => {
    const name = pr.metadata.name as string;
    const v = (pr.apiVersion as string).split('/')[1]!;
    if (type === 'ADDED' && !pr.status) {
      await setCondition(name, v, { status: 'Unknown', reason: 'Running', message: 'Tasks Completed: 0 (Failed: 0, Cancelled 0), Incomplete: 1, Skipped: 0' }, { startTime: new Date().toISOString() });
    } else if (type === 'MODIFIED' && pr.spec?.status === 'Cancelled' && !cancelled.includes(name)) {
      cancelled.push(name);
    }
  });
  return {
    ...watching,
    cancelled,
    async finish(name, v, condition) {
      await setCondition(name, v, condition, { startTime: new Date(Date.now() - 1000).toISOString(), completionTime: new Date().toISOString() });
    },
  };
}

export interface FakeKubeletServer {
  nodeName: string;
  /** Places a pod on the node (what the scheduler does), so the apiserver asks this kubelet for its log. */
  bind(namespace: string, pod: string): Promise<void>;
  /** The log each `namespace/pod/container` serves. */
  logs: Map<string, string>;
  /** The query strings the apiserver sent, for assertions. */
  queries: string[];
  stop(): Promise<void>;
}

/**
 * A kubelet's log endpoint (GET /containerLogs/{ns}/{pod}/{container}) on HTTPS, registered as a
 * Node. The apiserver proxies pod-log requests to it; without --kubelet-certificate-authority it
 * does not check the kubelet's certificate, so a throwaway self-signed one serves.
 */
export async function startKubeletLogServer(kc: KubeConfig, nodeName = 'fake-node'): Promise<FakeKubeletServer> {
  const dir = mkdtempSync(join(tmpdir(), 'coxswain-kubelet-'));
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')]);
  const logs = new Map<string, string>();
  const queries: string[] = [];
  const server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    const url = new URL(req.url ?? '/', 'https://kubelet');
    const m = /^\/containerLogs\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const text = m ? logs.get(`${m[1]}/${m[2]}/${m[3]}`) : undefined;
    queries.push(url.search);
    if (text === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain' }).end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const core = kc.makeApiClient(CoreV1Api);
  await core.createNode({ body: { metadata: { name: nodeName } } });
  await core.patchNodeStatus({
    name: nodeName,
    body: [
      { op: 'add', path: '/status/addresses', value: [{ type: 'InternalIP', address: '127.0.0.1' }] },
      { op: 'add', path: '/status/daemonEndpoints', value: { kubeletEndpoint: { Port: port } } },
    ],
  });
  return {
    nodeName,
    logs,
    queries,
    async bind(namespace, pod) {
      await core.createNamespacedPodBinding({ name: pod, namespace, body: { metadata: { name: pod }, target: { kind: 'Node', name: nodeName } } });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
