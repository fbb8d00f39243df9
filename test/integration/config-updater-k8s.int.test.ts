import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { ApplicationFailure } from '@temporalio/common';
import { createConfigMapActivities, NO_CLUSTER } from '../../src/activities/config-maps.js';
import { reply } from '../e2e/prow-texts.js';
import { startE2E, type E2E } from '../support/e2e.js';
import { githubDeps } from '../support/github.js';
import { createNamespace, startKube, type RunningKube } from '../support/kube.js';

// Prow's config-updater against a real kube-apiserver (test/support/kube.ts) and the GitHub
// simulator: the ConfigMap write on its own (activities/config-maps.ts), then the whole path — a
// PR that changes config files merges, the PR workflow writes the ConfigMaps and answers in Prow's
// words.

const pluginsPath = fileURLToPath(new URL('../fixtures/e2e/config-updater/plugins.yaml', import.meta.url));
const NAMESPACES = ['cu-prow', 'cu-a', 'cu-b', 'cu-activity'];
const CONFIG = 'tide:\n  queries: []\n';
const PLUGINS = 'plugins:\n  demo: [lgtm]\n';

let kube: RunningKube;
let core: CoreV1Api;
let e: E2E;

beforeAll(async () => {
  kube = await startKube();
  core = kube.kubeConfig.makeApiClient(CoreV1Api);
  for (const ns of NAMESPACES) await createNamespace(kube.kubeConfig, ns);
  e = await startE2E({
    pluginsPath,
    seed: (s) => {
      const files = s.repos![0]!.files as Record<string, string>;
      Object.assign(files, { 'prow/config.yaml': CONFIG, 'prow/plugins.yaml': PLUGINS, 'prow/jobs/old.yaml': 'periodics: []\n' });
    },
    deps: (deps) => ({ ...deps, kubeConfig: kube.kubeConfig }),
  });
}, 30 * 60_000); // a first run builds kube-apiserver (k8s/ensure-apiserver.sh)

afterAll(async () => {
  await e?.close();
  await kube?.stop();
});

const read = (namespace: string, name: string): Promise<V1ConfigMap> => core.readNamespacedConfigMap({ namespace, name });
const mainSha = async (): Promise<string> => (await e.rest('alice', 'GET', `/repos/${e.repo}/branches/main`)).commit.sha;
const repo = () => ({ owner: e.owner, repo: e.name });
async function refusal(p: Promise<unknown>): Promise<ApplicationFailure> {
  const err = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(err).toBeInstanceOf(ApplicationFailure);
  expect((err as ApplicationFailure).nonRetryable).toBe(true);
  return err as ApplicationFailure;
}

describe('the ConfigMap write', () => {
  const activities = () => createConfigMapActivities({ github: githubDeps(e.sim.url), kubeConfig: kube.kubeConfig });

  test('creates a missing ConfigMap with Prow\'s labels, the files at the commit and VERSION', async () => {
    const sha = await mainSha();
    const done = await activities().updateConfigMap(repo(), {
      sha,
      cluster: 'default',
      namespace: 'cu-activity',
      name: 'created',
      updates: [
        { key: 'config.yaml', file: 'prow/config.yaml' },
        { key: 'plugins.yaml', file: 'prow/plugins.yaml', gzip: true },
      ],
    });
    expect(done).toEqual({ created: true, set: ['config.yaml', 'plugins.yaml'], deleted: [] });
    const cm = await read('cu-activity', 'created');
    expect(cm.metadata?.labels).toEqual({ 'app.kubernetes.io/name': 'prow', 'app.kubernetes.io/component': 'updateconfig-plugin' });
    expect(cm.data).toEqual({ 'config.yaml': CONFIG, VERSION: sha });
    // gzipped content is not UTF-8: it goes to binaryData, as in Prow.
    expect(gunzipSync(Buffer.from(cm.binaryData!['plugins.yaml']!, 'base64')).toString()).toBe(PLUGINS);
  });

  test('updates an existing one: keys set or deleted, the others kept, a binary key turned back to text', async () => {
    await core.createNamespacedConfigMap({
      namespace: 'cu-activity',
      body: {
        metadata: { name: 'existing', labels: { mine: 'yes' } },
        data: { 'keep.yaml': 'kept', 'old.yaml': 'to delete' },
        binaryData: { 'config.yaml': Buffer.from([0xff, 0xfe]).toString('base64') },
      },
    });
    const sha = await mainSha();
    const done = await activities().updateConfigMap(repo(), {
      sha,
      cluster: 'default',
      namespace: 'cu-activity',
      name: 'existing',
      updates: [{ key: 'config.yaml', file: 'prow/config.yaml' }, { key: 'old.yaml' }],
    });
    expect(done).toEqual({ created: false, set: ['config.yaml'], deleted: ['old.yaml'] });
    const cm = await read('cu-activity', 'existing');
    expect(cm.metadata?.labels).toEqual({ mine: 'yes' });
    expect(cm.data).toEqual({ 'keep.yaml': 'kept', 'config.yaml': CONFIG, VERSION: sha });
    expect(cm.binaryData ?? {}).toEqual({});
  });

  test('refusals fail for good, saying why, and write nothing', async () => {
    const sha = await mainSha();
    const req = { sha, cluster: 'default', namespace: 'cu-activity', name: 'refused', updates: [{ key: 'config.yaml', file: 'prow/config.yaml' }] };
    expect((await refusal(createConfigMapActivities({ github: githubDeps(e.sim.url) }).updateConfigMap(repo(), req))).message).toBe(NO_CLUSTER);
    expect((await refusal(activities().updateConfigMap(repo(), { ...req, cluster: 'build01' }))).message).toMatch(/^no k8s client is found for build cluster: 'build01'/);
    expect((await refusal(activities().updateConfigMap(repo(), { ...req, updates: [{ key: 'x', file: 'prow/missing.yaml' }] }))).message).toMatch(/read prow\/missing.yaml at .* no such file/);
    expect((await refusal(activities().updateConfigMap(repo(), { ...req, namespace: 'no-such-namespace' }))).message).toMatch(/create configmap no-such-namespace\/refused: Kubernetes API answered 404/);
    const forbidden = createConfigMapActivities({ github: githubDeps(e.sim.url), kubeConfig: kube.forbiddenKubeConfig });
    expect((await refusal(forbidden.updateConfigMap(repo(), req))).message).toMatch(/configmap cu-activity\/refused: Kubernetes API answered 403/);
    await expect(read('cu-activity', 'refused')).rejects.toMatchObject({ code: 404 });
  });
});

test('a merged PR that changes config files updates the ConfigMaps and says so in Prow\'s words', async () => {
  const body = 'Tune the config';
  const newConfig = 'tide:\n  queries:\n  - repos: [demo/hello]\n';
  const { number: n } = await e.act('open-pr', {
    user: 'bob',
    title: 'Tune the config',
    body,
    head: 'tune',
    files: [
      { filename: 'prow/config.yaml', content: newConfig },
      { filename: 'prow/jobs/team/new.yaml', status: 'added', content: 'presubmits: {}\n' },
      { filename: 'prow/jobs/old.yaml', status: 'removed' },
      { filename: 'README.md', content: '# hello\n' },
    ],
  });
  await e.settled(n);
  // Nothing happens before the merge.
  expect(e.commentsBy(await e.issue(n))).toEqual([]);
  await core.createNamespacedConfigMap({ namespace: 'cu-a', body: { metadata: { name: 'job-config' }, data: { 'old.yaml': 'periodics: []\n', 'other.yaml': 'x' } } });

  await e.rest('alice', 'PUT', `/repos/${e.repo}/pulls/${n}/merge`, { merge_method: 'merge' });
  const pr = await e.until(n, (p) => e.commentsBy(p).length > 0);
  const sha = (await e.rest('alice', 'GET', `/repos/${e.repo}/pulls/${n}`)).merge_commit_sha;

  const config = await read('cu-prow', 'config');
  expect(config.data).toEqual({ 'config.yaml': newConfig, VERSION: sha });
  const jobsA = await read('cu-a', 'job-config');
  expect(jobsA.data).toEqual({ 'new.yaml': 'presubmits: {}\n', 'other.yaml': 'x', VERSION: sha });
  const jobsB = await read('cu-b', 'job-config');
  expect(jobsB.data).toEqual({ 'new.yaml': 'presubmits: {}\n', VERSION: sha });
  await expect(read('cu-prow', 'plugins')).rejects.toMatchObject({ code: 404 });

  const text =
    'Updated the following 3 configmaps:\n' +
    ' * `config` configmap in namespace `cu-prow` at cluster `default` using the following files:\n   - key `config.yaml` using file `prow/config.yaml`\n' +
    ' * `job-config` configmap in namespace `cu-a` at cluster `default` using the following files:\n   - key `new.yaml` using file `prow/jobs/team/new.yaml`\n   - key `old.yaml` using file ``\n' +
    ' * `job-config` configmap in namespace `cu-b` at cluster `default` using the following files:\n   - key `new.yaml` using file `prow/jobs/team/new.yaml`\n   - key `old.yaml` using file ``\n';
  expect(e.commentsBy(pr).map((c) => c.body)).toEqual([reply('bob', text, body, `https://github.com/${e.repo}/pull/${n}`)]);
  await e.settled(n);
  expect((await e.workflowState(n)).failures).toEqual([]);
});
