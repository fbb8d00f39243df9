import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiextensionsV1Api, CoreV1Api, KubeConfig, loadYaml, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { freePort } from '../../src/temporal/ports.js';

// A real kube-apiserver (built by k8s/ensure-apiserver.sh) on a real etcd (Debian's
// etcd-server), both on free ports with throwaway directories. No kubelet, scheduler or
// controller-manager runs: tests play those parts by writing objects' status themselves.

const ROOT = new URL('../../', import.meta.url).pathname;

export interface RunningKube {
  /** An administrator (group system:masters). */
  kubeConfig: KubeConfig;
  /** A user the apiserver knows but RBAC grants nothing: every request is 403. */
  forbiddenKubeConfig: KubeConfig;
  server: string;
  /** A KubeConfig for `server` with any token (for 401s). */
  kubeConfigWithToken(token: string): KubeConfig;
  stop(): Promise<void>;
}

async function ensure(script: string): Promise<string> {
  // The build can take 15 minutes on a cold cache: its progress (stderr) is shown as it goes.
  const child = spawn('bash', [join(ROOT, 'k8s', script)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  // 'close', not 'exit': stdout may still hold the path when the process exits.
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`k8s/${script} failed (exit ${code}): see its messages above`);
  return out.trim();
}

function tail(file: string, n = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `probe` until it returns true; fails with what `describe` says about the last attempt. */
async function waitFor(what: string, probe: () => Promise<boolean>, describe: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms (last error: ${String(last)})\n${describe()}`);
}

function httpGetStatus(url: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // Readiness only: the serving certificate is checked by the KubeConfig later.
    const req = request(url, { rejectUnauthorized: false, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.setTimeout(2000, () => req.destroy(new Error('timeout')));
    req.end();
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function kill(child: ChildProcess | undefined): Promise<void> {
  if (!child) return;
  const done = exited(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await done;
  clearTimeout(timer);
}

export function kubeConfigFor(server: string, token: string, caData?: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'test', server, ...(caData ? { caData } : { skipTLSVerify: true }) }],
    users: [{ name: 'user', token }],
    contexts: [{ name: 'test', cluster: 'test', user: 'user' }],
    currentContext: 'test',
  });
  return kc;
}

export async function startKube(): Promise<RunningKube> {
  const [apiserverBin, etcdBin] = await Promise.all([ensure('ensure-apiserver.sh'), ensure('ensure-etcd.sh')]);
  const dir = mkdtempSync(join(tmpdir(), 'coxswain-kube-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.reverse().map(kill));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const [etcdPort, peerPort, apiPort] = [await freePort(), await freePort(), await freePort()];
    const etcdUrl = `http://127.0.0.1:${etcdPort}`;
    const etcdLog = join(dir, 'etcd.log');
    const etcdOut = openSync(etcdLog, 'a');
    children.push(
      spawn(
        etcdBin,
        [
          '--name=test',
          `--data-dir=${join(dir, 'etcd')}`,
          `--listen-client-urls=${etcdUrl}`,
          `--advertise-client-urls=${etcdUrl}`,
          `--listen-peer-urls=http://127.0.0.1:${peerPort}`,
          `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
          `--initial-cluster=test=http://127.0.0.1:${peerPort}`,
        ],
        { stdio: ['ignore', etcdOut, etcdOut] },
      ),
    );
    closeSync(etcdOut);
    await waitFor(
      'etcd',
      async () => (await fetch(`${etcdUrl}/health`)).ok,
      () => tail(etcdLog),
    );

    const admin = randomBytes(16).toString('hex');
    const nobody = randomBytes(16).toString('hex');
    writeFileSync(join(dir, 'tokens.csv'), `${admin},admin,admin,system:masters\n${nobody},nobody,nobody\n`);
    // The service-account signing key: one RSA key serves as both the public and the private file.
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }));
    const certDir = join(dir, 'certs');
    const apiLog = join(dir, 'kube-apiserver.log');
    const apiOut = openSync(apiLog, 'a');
    children.push(
      spawn(
        apiserverBin,
        [
          `--etcd-servers=${etcdUrl}`,
          `--cert-dir=${certDir}`,
          `--secure-port=${apiPort}`,
          '--bind-address=127.0.0.1',
          '--advertise-address=127.0.0.1',
          '--endpoint-reconciler-type=none',
          // RBAC rather than AlwaysAllow, so a real 403 can be tested: system:masters is
          // allowed everything by the bootstrap policy, `nobody` nothing.
          '--authorization-mode=RBAC',
          `--token-auth-file=${join(dir, 'tokens.csv')}`,
          '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
          `--service-account-key-file=${join(dir, 'sa.key')}`,
          `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
          '--service-cluster-ip-range=10.0.0.0/24',
          // No controller-manager creates the default ServiceAccount that admission would require.
          '--disable-admission-plugins=ServiceAccount',
        ],
        { stdio: ['ignore', apiOut, apiOut] },
      ),
    );
    closeSync(apiOut);
    const server = `https://127.0.0.1:${apiPort}`;
    await waitFor(
      'kube-apiserver',
      async () => (await httpGetStatus(`${server}/readyz`, admin)) === 200,
      () => tail(apiLog),
    );
    // --cert-dir holds the self-signed serving certificate followed by its CA: trust that.
    const caData = Buffer.from(readFileSync(join(certDir, 'apiserver.crt'))).toString('base64');
    return {
      kubeConfig: kubeConfigFor(server, admin, caData),
      forbiddenKubeConfig: kubeConfigFor(server, nobody, caData),
      server,
      kubeConfigWithToken: (token) => kubeConfigFor(server, token, caData),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Creates a namespace (no controller-manager runs, so nothing else is needed). */
export async function createNamespace(kc: KubeConfig, name: string): Promise<void> {
  await kc.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
}

/** Installs the stand-in Tekton PipelineRun CRD and waits until the apiserver serves it. */
export async function installTektonCrd(kc: KubeConfig): Promise<void> {
  const api = kc.makeApiClient(ApiextensionsV1Api);
  // loadYaml, not a plain YAML parse: the client serializes its model's property names
  // (xKubernetesPreserveUnknownFields), so a raw object would lose x-kubernetes-* fields.
  const body = loadYaml<V1CustomResourceDefinition>(readFileSync(join(ROOT, 'test/fixtures/k8s/tekton-pipelinerun-crd.yaml'), 'utf8'));
  await api.createCustomResourceDefinition({ body });
  let seen = '';
  await waitFor(
    'PipelineRun CRD',
    async () => {
      const crd = await api.readCustomResourceDefinition({ name: body.metadata!.name! });
      seen = JSON.stringify(crd.status?.conditions ?? []);
      return crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
    },
    () => `conditions: ${seen}`,
  );
}
