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
