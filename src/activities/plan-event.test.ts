import { fileURLToPath } from 'node:url';
import { initialState, type EntityState } from '../core/pr-state.js';
import type { GithubEvent } from '../core/event.js';
import { comment, prEvent } from '../plugins/testing.js';
import type { FactRequest } from '../core/model.js';
import { createPlanActivities } from './plan-event.js';
import { factKey, type GatheredFacts } from './plugin-facts.js';
import { PluginSandbox } from './plugin-sandbox.js';
import type { PluginSetup } from './plugin-setup.js';

// The planner with the real plugins in the real sandbox (dist/ thread), GitHub replaced by a
// table of which fact requests succeed and which GitHub refused.

const POISON = fileURLToPath(new URL('../../test/fixtures/plugins/poison.mjs', import.meta.url));
const lgtmConfig = { reviewActsAsLgtm: false, storeTreeHash: true, stickyTeam: '', skipCollaborators: false };
const holdConfig = {};

let sandbox: PluginSandbox;
beforeAll(() => {
  sandbox = new PluginSandbox({ pluginModules: [POISON], callBudgetMs: 200 });
});
afterAll(() => sandbox.close());

/** `recorded`: the tree the bot's lgtm notice on GitHub names (the botComments fact). */
function planner(plugins: PluginSetup['plugins'], refuse: (r: FactRequest) => string | undefined, recorded = 'tree-1') {
  const asked: FactRequest[] = [];
  const { planEvent } = createPlanActivities({
    sandbox,
    setup: async () => ({ plugins, unsupported: [], footer: 'footer', requirements: { queries: [], requiredContexts: [] } }),
    gather: async (_ctx, requests): Promise<GatheredFacts> => {
      asked.push(...requests);
      const out: GatheredFacts = { facts: { collaborators: {}, orgMembers: {}, permissions: {}, teams: {}, files: {}, authorPrCount: {} }, failed: {} };
      for (const r of requests) {
        const refused = refuse(r);
        if (refused) out.failed[factKey(r)] = refused;
        else if (r.kind === 'collaborator') out.facts.collaborators[r.login] = true;
        else if (r.kind === 'commitTree') out.facts.commitTrees = { [r.sha]: 'tree-1' };
        else if (r.kind === 'botComments') out.facts.botComments = [{ id: 1, body: `LGTM label has been added.  <details>Git tree hash: ${recorded}</details>`, edited: false }];
      }
      return out;
    },
  });
  return { planEvent, asked };
}

const pr = (over: Partial<EntityState> = {}): EntityState => ({ ...initialState('org', 'repo', 1, 'pr'), author: 'author', headSha: 'b'.repeat(40), botLogin: 'bot', loaded: true, ...over });
const push = (): GithubEvent => prEvent('synchronize', { headSha: 'b'.repeat(40) });

test('a push whose tree cannot be read removes lgtm (fail safe), and says why', async () => {
  const { planEvent } = planner([{ name: 'lgtm', config: lgtmConfig }], (r) => (r.kind === 'commitTree' ? 'GitHub answered 404' : undefined), 'tree-0');
  const plan = await planEvent({ state: pr({ labels: ['lgtm'] }), event: push() });
  expect(plan.actions).toEqual([
    { type: 'removeLabel', label: 'lgtm' },
    { type: 'comment', body: 'New changes are detected. LGTM label has been removed.', tag: 'lgtm-removed' },
  ]);
  expect(plan.failures).toEqual([{ plugin: 'lgtm', reason: `could not read commitTree ${'b'.repeat(40)}: GitHub answered 404` }]);
});

test('a push with the same tree keeps lgtm when the tree can be read', async () => {
  const { planEvent, asked } = planner([{ name: 'lgtm', config: lgtmConfig }], () => undefined);
  const plan = await planEvent({ state: pr({ labels: ['lgtm'] }), event: push() });
  expect(plan).toMatchObject({ actions: [], failures: [] });
  // As Prow: the bot's comments first, then the new commit's tree because a notice names one.
  expect(asked).toEqual([{ kind: 'botComments' }, { kind: 'commitTree', sha: 'b'.repeat(40) }]);
});

test('a refused read skips only the plugins that needed it', async () => {
  const { planEvent, asked } = planner(
    [
      { name: 'lgtm', config: lgtmConfig },
      { name: 'hold', config: holdConfig },
    ],
    (r) => (r.kind === 'collaborator' ? 'GitHub answered 403' : undefined),
  );
  const plan = await planEvent({ state: pr(), event: comment('/lgtm\n/hold', 'carol') });
  expect(asked.map((r) => r.kind)).toContain('collaborator');
  expect(plan.actions).toEqual([{ type: 'addLabels', labels: ['do-not-merge/hold'] }]);
  expect(plan.failures).toEqual([{ plugin: 'lgtm', reason: 'could not read collaborator carol: GitHub answered 403' }]);
});

test('a plugin that loops or throws is reported; the others decide', async () => {
  const { planEvent } = planner(
    [
      { name: 'poison', config: {} },
      { name: 'hold', config: holdConfig },
    ],
    () => undefined,
  );
  const looped = await planEvent({ state: pr(), event: comment('/poison loop\n/hold', 'carol') });
  expect(looped.actions).toEqual([{ type: 'addLabels', labels: ['do-not-merge/hold'] }]);
  expect(looped.failures).toEqual([{ plugin: 'poison', reason: 'decide() failed: ran longer than 200 ms' }]);
  const needsLoop = await planEvent({ state: pr(), event: comment('/poison needs-loop\n/hold', 'carol') });
  expect(needsLoop.failures).toEqual([{ plugin: 'poison', reason: 'needs() failed: ran longer than 200 ms' }]);
  expect(needsLoop.actions).toHaveLength(1);
});

test('what one event may do is bounded: bodies cut to GitHub’s limit, at most 1 MB of actions', async () => {
  const { planEvent } = planner([{ name: 'poison', config: {} }], () => undefined);
  const plan = await planEvent({ state: pr(), event: comment('/poison flood', 'carol') });
  expect(plan.actions.length).toBeGreaterThan(0);
  expect(plan.actions.length).toBeLessThan(200);
  expect(plan.actions.every((a) => a.type === 'comment' && a.body.length === 65_536)).toBe(true);
  expect(JSON.stringify(plan).length).toBeLessThan(1.1 * 1024 * 1024);
  expect(plan.failures).toEqual([{ plugin: '*', reason: expect.stringMatching(/^\d+ of 200 actions dropped/) }]);
});
