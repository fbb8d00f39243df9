import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createLocalExecutor } from '../../src/activities/executors/local.js';
import { startE2E, type E2E } from '../support/e2e.js';

// The web pages in a real browser (Debian's chromium, driven by playwright-core), as a person sees
// them: a PR's life, the job runs, the merge pools, the command help and a job's badge.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const work = mkdtempSync(join(tmpdir(), 'coxswain-pages-'));

let e: E2E;
let browser: Browser;
let page: Page;
beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (.ci/run does) or set CHROMIUM_PATH`);
  e = await startE2E({
    config: (repo) => `
tide:
  queries:
  - repos: [${repo}]
    labels: [lgtm, approved]
    missingLabels: [do-not-merge/hold]
presubmits:
  ${repo}:
  - name: pull-unit
    always_run: false
    spec:
      containers:
      - image: node:20
        command: [sh, -c, 'echo unit tests pass']
`,
    deps: (d, _repo, simUrl) => ({ ...d, jobs: { executors: { local: createLocalExecutor({ workDir: join(work, 'runs'), gitBaseUrl: simUrl }) }, kubernetesAgent: 'local', workDir: join(work, 'runs'), pollMs: 100 } }),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ javaScriptEnabled: false });
  // A job run, a hold and a hostile title for the pages to show.
  await e.act('comment', { number: 1, user: 'alice', body: '/test pull-unit' });
  await e.until(1, (i) => i.statuses?.some((s: { context: string; state: string }) => s.context === 'pull-unit' && s.state === 'success') ?? false, 60_000);
  await e.act('comment', { number: 1, user: 'alice', body: '/hold' });
  await e.until(1, (i) => i.labels.includes('do-not-merge/hold'));
  await e.settled(1);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await e?.close();
});

const text = async (path: string) => {
  const res = await page.goto(`${e.hookUrl}${path}`);
  expect(res?.status()).toBe(200);
  return page.locator('main').innerText();
};

test("a PR's page: title, labels, why it is not merging, its checks and its timeline", async () => {
  const shown = await text(`/pr/${e.repo}/1`);
  expect(shown).toContain('Add a greeting');
  expect(shown).toContain('do-not-merge/hold');
  expect(shown).toContain('Why it is not merging');
  expect(shown).toMatch(/needs label lgtm/);
  expect(shown).toMatch(/pull-unit\s+success/);
  // The timeline, from the workflow's history: who said what, what the plugins decided.
  expect(shown).toMatch(/comment created: \/hold\s+alice/);
  expect(shown).toMatch(/Decided: \+label do-not-merge\/hold/);
  expect(shown).toMatch(/Decided: run pull-unit/);
});

test('the job runs: state, job, repository, with the run listed under its own job', async () => {
  const shown = await text('/jobs');
  expect(shown).toMatch(/success\s+pull-unit\s+demo\//);
  await page.getByRole('link', { name: 'pull-unit' }).first().click();
  expect(await page.locator('h1').innerText()).toBe('Runs of pull-unit');
});

test('the merge pools: the PR and its tide status', async () => {
  const shown = await text('/tide');
  expect(shown).toContain(`${e.repo}:main`);
  expect(shown).toMatch(/#1\s+Not mergeable\. Needs approved, lgtm labels\./);
});

test('the command help lists the commands people can give, and who may', async () => {
  const shown = await text('/command-help');
  expect(shown).toContain('/[remove-]hold [cancel]');
  expect(shown).toContain('Who can use it');
});

test("a job's badge says passing after a green run; a job that never ran is unknown", async () => {
  const res = await page.goto(`${e.hookUrl}/badge.svg?repo=${e.repo}&job=pull-unit`);
  expect(res?.headers()['content-type']).toContain('image/svg+xml');
  expect(await res?.text()).toContain('pull-unit: passing');
  const none = await page.goto(`${e.hookUrl}/badge.svg?repo=${e.repo}&job=never-ran`);
  expect(await none?.text()).toContain('never-ran: unknown');
});

test('hostile text from GitHub is shown as text, never run as markup', async () => {
  const r = await e.act('open-pr', { user: 'frank', title: '<img src=x onerror="document.title=1"><b>bold</b>' });
  const n: number = r.number;
  await e.act('comment', { number: n, user: 'frank', body: '/meow' });
  await e.settled(n);
  const shown = await text(`/pr/${e.repo}/${n}`);
  expect(shown).toContain('<img src=x onerror="document.title=1"><b>bold</b>');
  expect(await page.locator('main img, main b').count()).toBe(0);
  expect(await text('/pr/..%2F..%2Fetc/passwd/1').catch((err: Error) => err.message)).toMatch(/404|Not a pull request/);
});
