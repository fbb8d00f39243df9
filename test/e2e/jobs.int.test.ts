import { makeGitOrigin } from '../support/git-origin.js';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalExecutor } from '../../src/activities/executors/local.js';
import { startE2E, type E2E } from '../support/e2e.js';

// Presubmits end to end: a comment or a PR event reaches trigger, the PR workflow starts a job
// workflow, the local executor checks out the refs as clonerefs does (from a real git repository
// with the PR's head under refs/pull/N/head) and runs the job's command, and the result lands on
// GitHub as a commit status on the PR head. No pods here: the `kubernetes` agent runs locally.

const work = mkdtempSync(join(tmpdir(), 'coxswain-jobs-'));
const gate = join(work, 'gate');
const origin = makeGitOrigin(work, { 1: { 'feature.txt': 'hi\n' } });

const config = (repo: string) => `
presubmits:
  ${repo}:
  - name: pull-unit
    always_run: false
    clone_uri: file://${origin}
    spec:
      containers:
      - image: node:20
        command: [sh, -c, 'echo "job=$JOB_NAME type=$JOB_TYPE pr=$PULL_NUMBER refs=$PULL_REFS"; test -f feature.txt']
  - name: pull-lint
    always_run: false
    optional: true
    clone_uri: file://${origin}
    spec:
      containers:
      - image: node:20
        command: [sh, -c, 'echo lint failed; exit 3']
  - name: pull-slow
    always_run: false
    clone_uri: file://${origin}
    spec:
      containers:
      - image: node:20
        command: [sh, -c, 'while [ ! -f "$GATE" ]; do sleep 0.05; done']
        env:
        - name: GATE
          value: ${gate}
  - name: pull-resume
    always_run: false
    clone_uri: file://${origin}
    spec:
      containers:
      - image: node:20
        command: [sh, -c, 'echo started >> "$STARTED"; while [ ! -f "$GATE" ]; do sleep 0.05; done']
        env:
        - name: GATE
          value: ${join(work, 'resume-gate')}
        - name: STARTED
          value: ${join(work, 'resume-started')}
`;

let e: E2E;
beforeAll(async () => {
  e = await startE2E({
    config,
    deps: (d) => ({ ...d, jobs: { executors: { local: createLocalExecutor({ workDir: join(work, 'runs') }) }, kubernetesAgent: 'local', workDir: join(work, 'runs'), pollMs: 100 } }),
  });
});
afterAll(async () => {
  await e?.close();
});

async function headSha(n: number): Promise<string> {
  return (await e.rest('alice', 'GET', `/repos/${e.repo}/pulls/${n}`)).head.sha;
}

async function statuses(sha: string, context: string): Promise<Array<{ state: string; description: string }>> {
  const all = await e.rest('alice', 'GET', `/repos/${e.repo}/commits/${sha}/statuses?per_page=100`);
  return all.filter((s: { context: string }) => s.context === context).reverse();
}

async function untilStatus(sha: string, context: string, state: string): Promise<Array<{ state: string; description: string }>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const list = await statuses(sha, context);
    if (list.some((s) => s.state === state)) return list;
    if (Date.now() > deadline) throw new Error(`no ${state} status for ${context} on ${sha}: ${JSON.stringify(list)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function untilJob(n: number, job: string, ready: (r: { state: string }) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = (await e.workflowState(n)).jobs?.[job];
    if (run && ready(run)) return run;
    if (Date.now() > deadline) throw new Error(`job ${job} of #${n} is ${JSON.stringify(run)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('/test pull-unit by a member runs the job on the PR head merged into its base, and reports pending then success', async () => {
  const sha = await headSha(1);
  await e.act('comment', { number: 1, user: 'alice', body: '/test pull-unit' });
  const list = await untilStatus(sha, 'pull-unit', 'success');
  expect(list.map((s) => s.state)).toEqual(['pending', 'success']);
  expect(list[0]!.description).toMatch(/^Job triggered\.\u2001* BaseSHA:[0-9a-f]{40}$/);
  expect(list[1]!.description).toMatch(/^Job succeeded\.\u2001* BaseSHA:[0-9a-f]{40}$/);
  // The job workflow tells the PR workflow after it reports to GitHub.
  const run = await untilJob(1, 'pull-unit', (r) => r.state === 'success');
  expect(run).toMatchObject({ sha, state: 'success' });
  // The job saw Prow's variables; its log is kept after the checkout is cleaned up.
  const log = readFileSync(join(work, 'runs', `pull-unit-${run!.buildId}`, 'build-log.txt'), 'utf8');
  expect(log).toContain(`job=pull-unit type=presubmit pr=1 refs=main:`);
  expect(log).toContain(`,1:${sha}`);
});

test('a failing optional job reports failure; the untrusted author cannot trigger tests', async () => {
  const sha = await headSha(1);
  await e.act('comment', { number: 1, user: 'bob', body: '/test pull-lint' });
  const list = await untilStatus(sha, 'pull-lint', 'failure');
  expect(list.at(-1)!.description).toMatch(/^Job failed\./);
  // Crier's failed-tests comment, addressed to the PR's author, with the job's row.
  await untilJob(1, 'pull-lint', (r) => r.state === 'failure');
  await e.settled(1);
  const report = e.commentsBy(await e.issue(1)).find((c) => c.body.includes('<!-- test report -->'));
  expect(report?.body).toContain('@frank: The following test **failed**, say `/retest` to rerun all failed tests');
  expect(report?.body).toContain(`pull-lint | ${sha} | [link]() | false | \`/test pull-lint\``);

  // frank wrote PR #1 and is not a member: Prow's reply, and no run.
  await e.act('comment', { number: 1, user: 'frank', body: '/test pull-unit' });
  await e.settled(1);
  const pr = await e.issue(1);
  const last = e.commentsBy(pr).at(-1)!;
  expect(last.body).toContain('@frank: Cannot trigger testing until a trusted user reviews the PR and leaves an `/ok-to-test` message.');
  expect((await statuses(sha, 'pull-unit')).length).toBe(2);
});

test('/test with an unknown job answers with the jobs there are', async () => {
  await e.act('comment', { number: 1, user: 'alice', body: '/test nope' });
  await e.settled(1);
  const last = e.commentsBy(await e.issue(1)).at(-1)!;
  expect(last.body).toContain('The specified target(s) for `/test` were not found.');
  expect(last.body).toContain('The following commands are available to trigger required jobs:\n```\n/test pull-resume\n```\n```\n/test pull-slow\n```\n```\n/test pull-unit\n```');
  expect(last.body).toContain('The following commands are available to trigger optional jobs:\n```\n/test pull-lint\n```');
});

test('a storm of /test runs a job once per head; a push aborts the run and says so on the old head', async () => {
  const sha = await headSha(1);
  for (let i = 0; i < 5; i++) await e.act('comment', { number: 1, user: 'alice', body: '/test pull-slow' });
  await untilStatus(sha, 'pull-slow', 'pending');
  await e.settled(1);
  const first = (await e.workflowState(1)).jobs?.['pull-slow'];
  expect(first?.state).not.toBe('aborted');
  expect((await statuses(sha, 'pull-slow')).map((s) => s.state)).toEqual(['pending']);

  await e.act('push', { number: 1, user: 'frank', files: ['src/more.ts:3:0'] });
  const list = await untilStatus(sha, 'pull-slow', 'failure');
  expect(list.at(-1)!.description).toMatch(/^Aborted by trigger plugin\./);
  // The process was stopped, not left waiting for its gate.
  const dir = join(work, 'runs', `pull-slow-${first!.buildId}`);
  expect(readFileSync(join(dir, 'exit-code'), 'utf8').trim()).toBe('aborted');
  expect(existsSync(gate)).toBe(false);
  const pid = Number(readFileSync(join(dir, 'pid'), 'utf8'));
  expect(() => process.kill(pid, 0)).toThrow();
});

test('a worker that stops mid-run hands the watch to the next one: the same process, one run, success', async () => {
  const sha = await headSha(1);
  await e.act('comment', { number: 1, user: 'alice', body: '/test pull-resume' });
  await untilStatus(sha, 'pull-resume', 'pending');
  const startedFile = join(work, 'resume-started');
  const deadline = Date.now() + 30_000;
  while (!existsSync(startedFile)) {
    if (Date.now() > deadline) throw new Error('the job did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  await e.stopWorker();
  writeFileSync(join(work, 'resume-gate'), '');
  await e.startWorker();
  const list = await untilStatus(sha, 'pull-resume', 'success');
  expect(list.map((s) => s.state)).toEqual(['pending', 'success']);
  expect(readFileSync(startedFile, 'utf8')).toBe('started\n');
});
