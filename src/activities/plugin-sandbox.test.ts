import { fileURLToPath } from 'node:url';
import { PluginSandbox, type SandboxCall } from './plugin-sandbox.js';

// Runs the built plugin thread (dist/activities/plugin-thread.js: `npm test` builds first).
const POISON = fileURLToPath(new URL('../../test/fixtures/plugins/poison.mjs', import.meta.url));
const comment = (body: string) => ({ kind: 'comment', action: 'created', body, deliveryId: 'd', actor: 'a', commentId: 1, on: 'issue' });
const call = (plugin: string, body: string, op: SandboxCall['op'] = 'decide'): SandboxCall => ({ plugin, op, input: { event: comment(body), state: {}, config: {}, facts: {}, botLogin: 'bot', footer: '' } });

let sandbox: PluginSandbox;
beforeAll(() => {
  sandbox = new PluginSandbox({ pluginModules: [POISON], callBudgetMs: 200 });
});
afterAll(async () => {
  await sandbox.close();
});

test('a looping call is stopped and named; the calls around it still answer', async () => {
  const results = await sandbox.run([call('poison', 'hi'), call('poison', '/poison loop'), call('poison', '/poison throw'), call('poison', 'hi')]);
  expect(results).toEqual([
    { ok: true, value: [] },
    { ok: false, error: 'ran longer than 200 ms' },
    { ok: false, error: 'Error: poisoned on purpose' },
    { ok: true, value: [] },
  ]);
});

test('the sandbox keeps working after a thread was stopped', async () => {
  await sandbox.run([call('poison', '/poison loop')]);
  expect(await sandbox.run([call('poison', 'fine')])).toEqual([{ ok: true, value: [] }]);
});

test('batches from many callers at once each get their own answers', async () => {
  const all = await Promise.all([1, 2, 3].map((i) => sandbox.run([call('poison', i === 2 ? '/poison slow' : 'ok')])));
  expect(all).toEqual([[{ ok: true, value: [] }], [{ ok: false, error: 'ran longer than 200 ms' }], [{ ok: true, value: [] }]]);
});

test('an unknown plugin or a missing hook is an answer, not a crash', async () => {
  expect(await sandbox.run([call('nope', 'x'), call('poison', 'x', 'failSafe')])).toEqual([
    { ok: false, error: 'plugin nope is not loaded in the sandbox' },
    { ok: true, value: [] },
  ]);
});

test('built-in plugins run in the sandbox', async () => {
  const state = { owner: 'o', repo: 'r', number: 1, isPR: true, labels: [], author: 'x', state: 'open', votes: [], botComments: {}, memory: {}, assignees: [] };
  const [r] = await sandbox.run([{ plugin: 'hold', op: 'decide', input: { event: comment('/hold'), state, config: {}, facts: {}, botLogin: 'bot', footer: '' } }]);
  expect(r).toEqual({ ok: true, value: [{ type: 'addLabels', labels: ['do-not-merge/hold'] }] });
});
