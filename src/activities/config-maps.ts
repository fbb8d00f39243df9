import { gzipSync } from 'node:zlib';
import { CoreV1Api, KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { ApplicationFailure } from '@temporalio/common';
import type { ConfigMapWrite } from '../core/model.js';
import type { GithubAccess } from '../github/access.js';
import { apiCode, describeKubeError } from './executors/kube-api.js';
import { classifyGithubError, githubStatus } from './github-errors.js';
import type { Repo } from './github.js';

// config-updater's write (Prow's updateconfig.Update): one ConfigMap in one cluster and namespace,
// its keys set from files of the repository at the merge commit or deleted, the rest left alone;
// created if missing. Files are read from GitHub before anything is written, so a missing file
// changes nothing. Refusals (no cluster, an unknown cluster, a file that is not there, the
// apiserver's 4xx) fail for good with the reason; outages are retried.

export interface ConfigMapDeps {
  github: GithubAccess;
  /** The worker's cluster (KUBECONFIG, or its pod's service account); none: every write is refused saying so. */
  kubeConfig?: KubeConfig;
}

/** Prow writes the merge commit under this key (config.ConfigVersionFileName) for components to log. */
export const VERSION_KEY = 'VERSION';
/** Labels Prow gives a ConfigMap it creates. */
const LABELS = { 'app.kubernetes.io/name': 'prow', 'app.kubernetes.io/component': 'updateconfig-plugin' };
/** Largest file read: a ConfigMap holds at most 1 MiB, and GitHub's contents API serves files up to that inline. */
const MAX_FILE_BYTES = 1 << 20;
const CONFLICT_ATTEMPTS = 5;

export interface ConfigMapWritten {
  /** Whether the ConfigMap was created (it did not exist) or updated. */
  created: boolean;
  /** Keys set (under data, or binaryData when not UTF-8, e.g. gzipped) and keys deleted. */
  set: string[];
  deleted: string[];
}

export const NO_CLUSTER =
  'config-updater needs a Kubernetes cluster and this worker has none: set KUBECONFIG (or run the worker in a pod with a service account allowed to get, create and update ConfigMaps)';

export function createConfigMapActivities({ github, kubeConfig }: ConfigMapDeps) {
  const coreFor = (cluster: string): CoreV1Api => {
    if (!kubeConfig) throw ApplicationFailure.nonRetryable(NO_CLUSTER, 'NoCluster');
    if (cluster === 'default' || cluster === '') return kubeConfig.makeApiClient(CoreV1Api);
    if (!kubeConfig.getContextObject(cluster)) {
      // Prow's words; here a build cluster is a context of that name in the kubeconfig.
      throw ApplicationFailure.nonRetryable(`no k8s client is found for build cluster: '${cluster}' (add a context of that name to the worker's kubeconfig)`, 'UnknownCluster');
    }
    const kc = new KubeConfig();
    kc.loadFromOptions({ clusters: kubeConfig.clusters, users: kubeConfig.users, contexts: kubeConfig.contexts, currentContext: cluster });
    return kc.makeApiClient(CoreV1Api);
  };

  const readFile = async (r: Repo, path: string, sha: string): Promise<Buffer> => {
    const what = `read ${path} at ${sha.slice(0, 7)} in ${r.owner}/${r.repo}`;
    try {
      const o = await github.clients.forRepo(r.owner, r.repo);
      const { data } = await o.rest.repos.getContent({ owner: r.owner, repo: r.repo, path, ref: sha });
      if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) throw ApplicationFailure.nonRetryable(`${what}: not a file`, 'NotAFile');
      if (data.size > MAX_FILE_BYTES || (data.size > 0 && !data.content)) {
        throw ApplicationFailure.nonRetryable(`${what}: ${data.size} bytes, more than a ConfigMap holds (1 MiB)`, 'FileTooLarge');
      }
      return Buffer.from(data.content, 'base64');
    } catch (err) {
      if (err instanceof ApplicationFailure) throw err;
      if (githubStatus(err) === 404) throw ApplicationFailure.nonRetryable(`${what}: no such file`, 'FileNotFound');
      throw classifyGithubError(err, what);
    }
  };

  return {
    /** Writes one ConfigMap from files of r at `sha`; says what it did. */
    async updateConfigMap(r: Repo, req: ConfigMapWrite & { sha: string }): Promise<ConfigMapWritten> {
      const core = coreFor(req.cluster);
      const values = new Map<string, Buffer>();
      for (const u of req.updates) {
        if (!u.file) continue;
        const content = await readFile(r, u.file, req.sha);
        values.set(u.key, u.gzip ? gzipSync(content) : content);
      }
      const where = `configmap ${req.namespace}/${req.name}${req.cluster && req.cluster !== 'default' ? ` at cluster ${req.cluster}` : ''}`;
      for (let attempt = 1; ; attempt++) {
        let current: V1ConfigMap | undefined;
        try {
          current = await core.readNamespacedConfigMap({ name: req.name, namespace: req.namespace });
        } catch (err) {
          if (apiCode(err) !== 404) throw kubeFailure(err, `read ${where}`);
        }
        const { body, set, deleted } = applyUpdates(current, req, values);
        try {
          if (current) await core.replaceNamespacedConfigMap({ name: req.name, namespace: req.namespace, body });
          else await core.createNamespacedConfigMap({ namespace: req.namespace, body });
          return { created: !current, set, deleted };
        } catch (err) {
          // Someone else wrote it between the read and the write (409): read it again.
          if (apiCode(err) === 409 && attempt < CONFLICT_ATTEMPTS) continue;
          throw kubeFailure(err, `${current ? 'update' : 'create'} ${where}`);
        }
      }
    },
  };
}

/** Prow's Update on the ConfigMap as read (or a new one): keys set or deleted, VERSION set to the merge commit. */
export function applyUpdates(current: V1ConfigMap | undefined, req: ConfigMapWrite & { sha: string }, values: ReadonlyMap<string, Buffer>): { body: V1ConfigMap; set: string[]; deleted: string[] } {
  const body: V1ConfigMap = current
    ? { ...current, metadata: { ...current.metadata, labels: current.metadata?.labels ?? { ...LABELS } } }
    : { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: req.name, namespace: req.namespace, labels: { ...LABELS } } };
  const data: Record<string, string> = { ...(current?.data ?? {}) };
  const binaryData: Record<string, string> = { ...(current?.binaryData ?? {}) };
  if (req.sha) data[VERSION_KEY] = req.sha;
  const set: string[] = [];
  const deleted: string[] = [];
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  for (const u of req.updates) {
    const value = values.get(u.key);
    if (!u.file || value === undefined) {
      delete data[u.key];
      delete binaryData[u.key];
      deleted.push(u.key);
      continue;
    }
    let text: string | undefined;
    try {
      text = utf8.decode(value);
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      delete binaryData[u.key];
      data[u.key] = text;
    } else {
      delete data[u.key];
      binaryData[u.key] = value.toString('base64');
    }
    set.push(u.key);
  }
  body.data = data;
  body.binaryData = binaryData;
  return { body, set, deleted };
}

/** The apiserver refused (4xx but a throttle): fail for good with its words; otherwise retry. */
function kubeFailure(err: unknown, what: string): unknown {
  const code = apiCode(err);
  if (code !== undefined && code >= 400 && code < 500 && code !== 429) {
    return ApplicationFailure.nonRetryable(`${what}: ${describeKubeError(err)}`, `Kube${code}`, { code });
  }
  if (code === undefined) return ApplicationFailure.retryable(`${what}: ${describeKubeError(err)}`, 'KubeUnreachable');
  return err;
}
