import { fileURLToPath } from 'node:url';
import type { ActivityDeps } from '../../src/activities/index.js';
import { startE2E, type E2E } from '../support/e2e.js';

// A plugin that throws, loops, runs slow or eats memory on one event must cost only its own
// decision on that event: other plugins on the same event still act, other PRs are served, the
// webhook keeps answering, the PR's workflow records the failure and handles the next event, and
// a restarted worker does not trip over the same event again.

const POISON = fileURLToPath(new URL('../fixtures/plugins/poison.mjs', import.meta.url));
const HOLD = 'do-not-merge/hold';

function withPoison(deps: ActivityDeps, repo: string): ActivityDeps {
  const base = deps.config();
  const entry = base.plugins.plugins[repo];
  const loaded = {
    ...base,
    plugins: { ...base.plugins, plugins: { ...base.plugins.plugins, [repo]: { ...entry, plugins: [...(entry?.plugins ?? []), 'poison'] } } },
  };
  return { ...deps, config: () => loaded, pluginModules: [POISON], pluginCallBudgetMs: 300 };
}

let e: E2E;
let other: number;
beforeAll(async () => {
  e = await startE2E({ deps: withPoison });
  ({ number: other } = await e.act('open-pr', { user: 'frank', title: 'Another change', files: ['docs/README.md:1:1'] }));
});
afterAll(async () => {
  await e?.close();
});

test.each([
  ['loop', /ran longer than 300 ms/],
  ['slow', /ran longer than 300 ms/],
  ['throw', /poisoned on purpose/],
  // The watchdog or the heap limit stops it, whichever comes first.
  ['oom', /ran out of memory|ran longer than 300 ms/],
  ['needs-loop', /needs\(\) failed: ran longer than 300 ms/],
  ['bad-result', /did not return a list of actions/],
])('a plugin that does "%s" costs only its own decision', async (how, reason) => {
  const before = (await e.workflowState(1).catch(() => undefined))?.failures.length ?? 0;
  await e.act('comment', { number: 1, user: 'carol', body: `/poison ${how}\n/kind bug` });
  // While the poisoned event is being decided, another PR is served.
  await e.act('comment', { number: other, user: 'carol', body: '/hold' });
  await e.until(other, (p) => p.labels.includes(HOLD));
  // The same event's other plugins acted, and the PR's next event is handled.
  await e.act('comment', { number: 1, user: 'carol', body: '/hold' });
  const pr = await e.until(1, (p) => p.labels.includes(HOLD) && p.labels.includes('kind/bug'));
  expect(pr.labels).toEqual(expect.arrayContaining([HOLD, 'kind/bug']));
  await e.settled(1);

  // Exactly one failure was recorded, for the poisoned event, naming the plugin and why.
  const state = await e.workflowState(1);
  const added = state.failures.slice(before);
  expect(added).toHaveLength(1);
  expect(added[0]!.plugin).toBe('poison');
  expect(added[0]!.reason).toMatch(reason);
  expect(state.recentDeliveries).toContain(added[0]!.deliveryId);

  // Reset for the next case.
  for (const n of [1, other]) await e.act('comment', { number: n, user: 'carol', body: '/hold cancel\n/remove-kind bug' });
  await e.until(1, (p) => !p.labels.includes(HOLD) && !p.labels.includes('kind/bug'));
  await e.until(other, (p) => !p.labels.includes(HOLD));
});

test('every delivery was answered while plugins misbehaved, and a restarted worker goes on', async () => {
  const all = await e.webhooks(1);
  expect(all.length).toBeGreaterThan(6);
  // e.webhooks lists only deliveries the hook accepted with 200: none was refused or timed out.
  const statuses = (await (await fetch(`${e.sim.url}/_sim/deliveries`)).json()) as Array<{ status: number | null; repository?: string }>;
  expect(statuses.filter((d) => d.repository === e.repo).every((d) => d.status === 200)).toBe(true);

  await e.stopWorker();
  await e.startWorker();
  await e.act('comment', { number: 1, user: 'carol', body: '/hold' });
  await e.until(1, (p) => p.labels.includes(HOLD));
  await e.settled(1);
  const state = await e.workflowState(1);
  expect(state.failures.filter((f) => f.plugin === 'poison')).toHaveLength(6);
});
