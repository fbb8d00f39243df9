import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startE2E, type E2E } from '../support/e2e.js';
import { testAddress } from '../support/temporal.js';

// `coxswain replay` as a config change's dry run: a PR gets /lgtm for real (simulator → hook →
// workflow → plugins → GitHub), then its recorded history is replayed on this code and decided
// again, once with the same plugins.yaml (nothing would change) and once with lgtm switched off
// (the /lgtm would no longer add the label).

const examplePlugins = fileURLToPath(new URL('../../config/plugins.yaml', import.meta.url));
const exampleConfig = fileURLToPath(new URL('../../config/config.yaml', import.meta.url));

let e: E2E;
let withoutLgtm: string;
beforeAll(async () => {
  e = await startE2E();
  const dir = mkdtempSync(join(tmpdir(), 'coxswain-replay-'));
  withoutLgtm = join(dir, 'plugins.yaml');
  const text = readFileSync(examplePlugins, 'utf8');
  const edited = text.replace(/^\s*- lgtm\b.*\n/m, '');
  expect(edited).not.toBe(text);
  writeFileSync(withoutLgtm, edited);
});
afterAll(async () => {
  await e?.close();
});

const run = (args: string[], token = 'playground-token') =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const env = {
      ...process.env,
      TEMPORAL_ADDRESS: testAddress(),
      TEMPORAL_TASK_QUEUE: e.t.taskQueue,
      GITHUB_API_URL: e.sim.url,
      GITHUB_TOKEN: token,
      COXSWAIN_CONFIG: exampleConfig,
      COXSWAIN_PLUGINS: examplePlugins,
    };
    execFile(process.execPath, ['bin/coxswain.js', 'replay', ...args], { env, timeout: 110_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });

test('a PR given /lgtm: the same config would change nothing; plugins.yaml without lgtm would lose the label (exit 4)', async () => {
  await e.act('comment', { number: 1, user: 'alice', body: '/lgtm' });
  await e.until(1, (i) => i.labels.includes('lgtm'));
  await e.settled(1);

  const same = await run(['--repo', e.repo]);
  expect(same.stderr).toBe('');
  expect(same.stdout).toBe('1 PR checked, 0 would change\n');
  expect(same.code).toBe(0);

  const changed = await run(['--pr', `${e.repo}#1`, '--plugin-config', withoutLgtm, '--json']);
  expect(changed.stderr).toBe('');
  expect(changed.code).toBe(4);
  const report = JSON.parse(changed.stdout);
  expect(report).toMatchObject({ checked: 1, wouldChange: 1, errors: 0 });
  const [pr] = report.prs;
  expect(pr).toMatchObject({ ref: `${e.repo}#1`, workflowId: `pr/${e.repo}/1`, wouldChange: true, errors: [] });
  expect(pr.nondeterminism).toBeUndefined();
  const lgtm = pr.changes.find((c: { event: string }) => c.event === 'comment created by alice: /lgtm');
  expect(lgtm).toBeDefined();
  expect(lgtm.removed).toContain('addLabels lgtm');
  expect(lgtm.lines).toContain('- addLabels lgtm');
  expect(lgtm.added).not.toContain('addLabels lgtm');

  // The same, for people: the PR, the event, what would be lost, the summary line.
  const human = await run(['--pr', `${e.repo}#1`, '--plugin-config', withoutLgtm]);
  expect(human.code).toBe(4);
  expect(human.stdout).toMatch(new RegExp(`^${e.repo}#1: \\d+ of \\d+ decisions? would change\\n`));
  expect(human.stdout).toContain('  comment created by alice: /lgtm  [');
  expect(human.stdout).toContain('    - addLabels lgtm\n');
  expect(human.stdout.endsWith('1 PR checked, 1 would change\n')).toBe(true);
});

test('a PR without a workflow, or a broken config, is a one-line error and exit 1', async () => {
  const none = await run(['--pr', `${e.repo}#9999`]);
  expect(none.code).toBe(1);
  expect(none.stdout).toBe(`${e.repo}#9999: no workflow for ${e.repo}#9999\n0 PRs checked, 0 would change, 1 PR with errors\n`);
  const dir = mkdtempSync(join(tmpdir(), 'coxswain-replay-bad-'));
  const bad = join(dir, 'plugins.yaml');
  writeFileSync(bad, 'plugins:\n  demo:\n    plugins: [lgtm\n');
  const broken = await run(['--plugin-config', bad]);
  expect(broken.code).toBe(1);
  expect(broken.stdout).toBe('');
  expect(broken.stderr).toMatch(new RegExp(`^coxswain: ${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: error: YAML syntax error`));
});

test('a token GitHub refuses is one error before anything is decided again (exit 1), not a change per decision', async () => {
  const refused = await run(['--repo', e.repo], 'not-a-token');
  expect(refused.code).toBe(1);
  expect(refused.stdout).toBe('');
  expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  expect(refused.stderr).toContain(`GitHub at ${e.sim.url} refused the credentials (401`);
  expect(refused.stderr).toContain("give it the worker's GITHUB_TOKEN");
});
