import { request as httpRequest } from 'node:http';
import { request as httpsRequest, type RequestOptions } from 'node:https';
import { ApiException, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { ApplicationFailure } from '@temporalio/common';

// What the Kubernetes and Tekton executors share: reading the API's errors and pods' logs.

/** The log kept per run: the newest 1 MiB. */
export const DEFAULT_LOG_LIMIT_BYTES = 1 << 20;
/** Lines asked for per container: the API cannot give "the last N bytes", so ask for the last lines and cut. */
const LOG_TAIL_LINES = 20_000;

export function apiCode(err: unknown): number | undefined {
  if (err instanceof ApiException) return err.code;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The apiserver's own words (a metav1.Status message) when it answered, else the network error. */
export function describeKubeError(err: unknown): string {
  const code = apiCode(err);
  if (code === undefined) {
    const cause = (err as { cause?: { message?: string } } | null)?.cause?.message;
    const message = err instanceof Error ? err.message : String(err);
    return `Kubernetes API unreachable: ${cause && !message.includes(cause) ? `${message} (${cause})` : message}`;
  }
  let body = (err as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      // plain text: keep as is
    }
  }
  const status = body as { message?: string; reason?: string } | string | undefined;
  const said = typeof status === 'string' ? status : (status?.message ?? status?.reason ?? '');
  return `Kubernetes API answered ${code}${said ? `: ${said}` : ''}`;
}

/** Ignores 404: deleting what is already gone is done. */
export async function ignoreNotFound<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (apiCode(err) === 404) return undefined;
    throw err;
  }
}

/**
 * Turns a failed create into what the activity should do: a refusal (4xx: the object is
 * invalid or not allowed; retrying cannot help) fails for good with Prow's words; a server or
 * network error goes back unchanged so the activity's retry policy retries it.
 */
export function createFailure(err: unknown, what: string): unknown {
  const code = apiCode(err);
  if (code !== undefined && code >= 400 && code < 500 && code !== 429) {
    return ApplicationFailure.nonRetryable(`${what} can not be created: ${describeKubeError(err)}`, `Kube${code}`, { code });
  }
  return err;
}

/** Keeps the newest `limit` bytes of `text` (cut on a character boundary). */
export function keepNewest(text: string | Buffer, limit: number): string {
  const buf = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  if (buf.length <= limit) return buf.toString('utf8');
  // Drop a partial character at the cut: UTF-8 continuation bytes are 10xxxxxx.
  let start = buf.length - limit;
  while (start < buf.length && (buf[start]! & 0xc0) === 0x80) start++;
  return buf.subarray(start).toString('utf8');
}

/**
 * One container's log, the newest `limit` bytes, read as a stream so memory stays bounded.
 * Not through the generated client: the apiserver answers a pod that has no node yet with an
 * empty body without a Content-Type, which the client cannot parse. A pod without a
 * node, a container that has not started (400) and a pod that is gone (404) have log ''.
 */
export async function containerLog(kc: KubeConfig, namespace: string, pod: string, container: string, limit: number): Promise<string> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the KubeConfig has no current cluster');
  const url = new URL(`${cluster.server.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`);
  url.searchParams.set('container', container);
  url.searchParams.set('tailLines', String(LOG_TAIL_LINES));
  const opts: RequestOptions = {};
  await kc.applyToHTTPSOptions(opts);
  const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { ...opts, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Whole chunks older than the newest `limit` bytes are not needed.
        while (chunks.length > 1 && size - chunks[0]!.length >= limit) size -= chunks.shift()!.length;
      });
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const code = res.statusCode ?? 0;
        // 204: the apiserver's answer for a pod that no node runs yet.
        if (code >= 200 && code < 300) resolve(keepNewest(body, limit));
        else if (code === 400 || code === 404) resolve('');
        else reject(new ApiException(code, `reading the log of ${namespace}/${pod}/${container}`, body.toString('utf8'), {}));
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The logs of several pods' containers, oldest pod first, each under a header; the newest `limit` bytes. */
export async function podsLog(kc: KubeConfig, pods: V1Pod[], limit: number): Promise<string> {
  const sorted = [...pods].sort((a, b) => time(a) - time(b));
  const parts: string[] = [];
  for (const pod of sorted) {
    for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
      const text = await containerLog(kc, pod.metadata!.namespace!, pod.metadata!.name!, c.name, limit);
      if (text) parts.push(`==> ${pod.metadata!.name}/${c.name} <==\n${text}`);
    }
  }
  return keepNewest(parts.join('\n'), limit);
}

function time(pod: V1Pod): number {
  const t = pod.metadata?.creationTimestamp;
  return t ? new Date(t).getTime() : 0;
}
