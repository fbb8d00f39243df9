import { execFile } from 'node:child_process';
import { CommandRefused, CoxswainClient } from '../../src/client/coxswain-client.js';
import { startE2E, type E2E } from '../support/e2e.js';
import { testAddress } from '../support/temporal.js';

// Commands from scripts: a Temporal Update on the PR's workflow, handled as a comment by the same
// person would be (same plugins, same rights), answered with what changed.

let e: E2E;
let client: CoxswainClient;
beforeAll(async () => {
  e = await startE2E();
  client = await CoxswainClient.connect({ address: testAddress(), taskQueue: e.t.taskQueue });
});
afterAll(async () => {
  await client?.close();
  await e?.close();
});

test('a command from a script is handled as the same person\u2019s comment and answered with what changed', async () => {
  const outcome = await client.pr(`${e.repo}#1`).command('/hold', { as: 'alice' });
  expect(outcome).toMatchObject({ labelsAdded: ['do-not-merge/hold'], labelsRemoved: [], failures: [] });
  expect(outcome.deliveryId).toMatch(/^cli\//);
  expect((await e.issue(1)).labels).toContain('do-not-merge/hold');
  // In the PR's history beside comments, marked as coming from a script.
  const state = await client.state(`${e.repo}#1`);
  expect(state.recent.find((r) => r.deliveryId === outcome.deliveryId)).toMatchObject({ kind: 'comment', actor: 'alice' });
  // The Web UI reads the workflow's summary and its current details.
  const handle = e.t.client.workflow.getHandle(`pr/${e.repo}/1`);
  const meta = (await handle.query('__temporal_workflow_metadata')) as { currentDetails?: string };
  expect(meta.currentDetails).toContain(`**PR ${e.repo}#1**`);
  expect(meta.currentDetails).toContain('`do-not-merge/hold`');
  expect(meta.currentDetails).toContain('comment created by alice (from a script)');
  const undo = await client.command(`${e.repo}#1`, '/hold cancel', { as: 'alice' });
  expect(undo.labelsRemoved).toEqual(['do-not-merge/hold']);
});

test('the same rights as on GitHub: the author cannot /lgtm their own PR, and the bot says why', async () => {
  const outcome = await client.command(`${e.repo}#1`, '/lgtm', { as: 'frank' });
  expect(outcome.labelsAdded).toEqual([]);
  expect(outcome.replies.join('\n')).toContain('you cannot LGTM your own PR');
  expect((await e.issue(1)).labels).not.toContain('lgtm');
});

test('a malformed command is refused before it is accepted, with the reason', async () => {
  await expect(client.command(`${e.repo}#1`, '   ', { as: 'alice' })).rejects.toThrow(new CommandRefused('the command is empty'));
  await expect(client.command(`${e.repo}#1`, 'hold please', { as: 'alice' })).rejects.toThrow(/no command in it/);
  await expect(client.command(`${e.repo}#1`, '/hold', { as: 'not a login!' })).rejects.toThrow(/"as" must be a GitHub login/);
  await expect(client.command('nonsense', '/hold', { as: 'alice' })).rejects.toThrow(/is not a PR or issue reference/);
  // Nothing reached the PR.
  expect((await e.issue(1)).labels).not.toContain('do-not-merge/hold');
});

test("the PR's history reads as its story: comments and commands, who gave them, what the plugins decided", async () => {
  await e.act('comment', { number: 1, user: 'carol', body: '/hold' });
  await e.until(1, (i) => i.labels.includes('do-not-merge/hold'));
  await e.settled(1);
  await client.command(`${e.repo}#1`, '/hold cancel', { as: 'alice' });
  const timeline = await client.pr(`${e.repo}#1`).history();
  const fromComment = timeline.findIndex((t) => t.kind === 'event' && t.who === 'carol' && t.text === 'comment created: /hold');
  expect(fromComment).toBeGreaterThanOrEqual(0);
  expect(timeline.slice(fromComment).find((t) => t.kind === 'decision')?.text).toBe('+label do-not-merge/hold');
  const fromCli = timeline.findLastIndex((t) => t.kind === 'command' && t.who === 'alice' && t.text === '/hold cancel (from a script)');
  expect(fromCli).toBeGreaterThan(fromComment);
  expect(timeline.slice(fromCli).find((t) => t.kind === 'decision')?.text).toBe('-label do-not-merge/hold');
  expect(timeline.slice(fromCli).some((t) => t.kind === 'did' && t.text === 'removeLabel')).toBe(true);
  // In the Web UI the comment's signal is named for its command.
  const history = await e.t.client.workflow.getHandle(`pr/${e.repo}/1`).fetchHistory();
  const signals = (history.events ?? []).flatMap((ev) => (ev.workflowExecutionSignaledEventAttributes ? [ev.workflowExecutionSignaledEventAttributes.signalName] : []));
  expect(signals).toContain('command:/hold');
});

describe('the coxswain CLI, as a script runs it', () => {
  const run = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['bin/coxswain.js', ...args], { env: { ...process.env, TEMPORAL_ADDRESS: testAddress(), TEMPORAL_TASK_QUEUE: e.t.taskQueue, ...env }, timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });

  test('pr command, why, show and history answer in JSON; a refused command exits 2', async () => {
    const ok = await run(['pr', 'command', `${e.repo}#1`, '/hold', '--as', 'alice', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ labelsAdded: ['do-not-merge/hold'] });
    const why = await run(['pr', 'why', `${e.repo}#1`, '--json']);
    // This repository has no Tide query: that is what blocks it.
    expect(JSON.parse(why.stdout)).toMatchObject({ mergeable: false, blockers: [expect.stringContaining('no Tide query')] });
    const show = await run(['pr', 'show', `${e.repo}#1`]);
    expect(show.stdout).toContain('labels: do-not-merge/hold');
    const history = await run(['pr', 'history', `${e.repo}#1`, '--json', '--limit', '5']);
    const entries = JSON.parse(history.stdout) as Array<{ kind: string; who?: string }>;
    expect(entries.length).toBeLessThanOrEqual(5);
    expect(entries.some((x) => x.kind === 'command' && x.who === 'alice')).toBe(true);
    const refused = await run(['pr', 'command', `${e.repo}#1`, 'no slash here', '--as', 'alice']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^coxswain: .*refused: .*no command in it/);
    await run(['pr', 'command', `${e.repo}#1`, '/hold cancel', '--as', 'alice']);
  });

  test('expected errors are one line on stderr and a non-zero exit, never a stack trace', async () => {
    const unknown = await run(['pr', 'show', `${e.repo}#9999`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(`coxswain: no workflow for ${e.repo}#9999 yet (Coxswain starts one on the first webhook for it)\n`);
    const badRef = await run(['pr', 'show', 'demo/hello/1']);
    expect(badRef).toMatchObject({ code: 1, stderr: 'coxswain: "demo/hello/1" is not a PR or issue reference; write it as owner/repo#123\n' });
    const noJob = await run(['jobs', 'abort', 'job/nope/nope/x/1']);
    expect(noJob).toMatchObject({ code: 1, stderr: 'coxswain: no job run job/nope/nope/x/1\n' });
    const badLimit = await run(['jobs', 'list', '--limit', 'lots']);
    expect(badLimit).toMatchObject({ code: 1, stderr: 'coxswain: --limit must be a positive whole number, not "lots"\n' });
    const noPeriodic = await run(['periodic', 'trigger', 'nope']);
    expect(noPeriodic.code).toBe(1);
    expect(noPeriodic.stderr).toMatch(/^coxswain: no periodic nope .*\n$/);
    // Nothing listens on port 1.
    const down = await run(['pr', 'why', `${e.repo}#1`], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/^coxswain: cannot reach Temporal at 127\.0\.0\.1:1 .*TEMPORAL_ADDRESS or --address says where\n$/);
  });
});
