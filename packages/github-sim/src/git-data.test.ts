import type { Octokit } from '@octokit/rest';
import { simContext, startSim, type Sim } from '../test/harness.js';

// The Git Data routes beyond the conformance walk: listings, directory trees, and moving the head
// branch of an open PR.

let sim: Sim;
let bot: Octokit;
const r = { owner: 'acme', repo: 'widgets' };

beforeAll(async () => {
  sim = await startSim(undefined, { webhook: { echoApiWrites: true } });
  bot = sim.octokit('bot-token');
});
afterAll(async () => {
  await sim?.close();
});

test('a tree lists its top level, or every file and directory with `recursive`; a directory is a tree of its own', async () => {
  const top = (await bot.rest.git.getTree({ ...r, tree_sha: 'main' })).data.tree;
  expect(top.map((e) => `${e.type} ${e.path}`)).toEqual(['blob OWNERS', 'blob OWNERS_ALIASES', 'tree docs', 'tree src']);
  const all = (await bot.rest.git.getTree({ ...r, tree_sha: 'main', recursive: '1' })).data.tree;
  expect(all.map((e) => e.path)).toEqual(['OWNERS', 'OWNERS_ALIASES', 'docs', 'docs/OWNERS', 'src', 'src/main.go']);
  const docs = top.find((e) => e.path === 'docs')!.sha!;
  expect((await bot.rest.git.getTree({ ...r, tree_sha: docs })).data.tree.map((e) => e.path)).toEqual(['OWNERS']);

  // A directory copied by its tree SHA, a file replaced by content.
  const made = await bot.rest.git.createTree({
    ...r,
    base_tree: 'main',
    tree: [
      { path: 'guide', mode: '040000', type: 'tree', sha: docs },
      { path: 'src/main.go', mode: '100644', type: 'blob', content: 'package main // v2\n' },
    ],
  });
  const listed = (await bot.rest.git.getTree({ ...r, tree_sha: made.data.sha, recursive: '1' })).data.tree;
  expect(listed.filter((e) => e.type === 'blob').map((e) => e.path)).toEqual(['OWNERS', 'OWNERS_ALIASES', 'docs/OWNERS', 'guide/OWNERS', 'src/main.go']);
});

test("moving an open PR's head branch moves the PR and sends synchronize", async () => {
  const pr = (await bot.rest.pulls.get({ ...r, pull_number: 1 })).data;
  const tree = await bot.rest.git.createTree({ ...r, base_tree: pr.head.sha, tree: [{ path: 'src/extra.go', mode: '100644', type: 'blob', content: 'package main\n' }] });
  const commit = await bot.rest.git.createCommit({ ...r, message: 'More', tree: tree.data.sha, parents: [pr.head.sha] });
  await bot.rest.git.updateRef({ ...r, ref: `heads/${pr.head.ref}`, sha: commit.data.sha });
  const after = (await bot.rest.pulls.get({ ...r, pull_number: 1 })).data;
  expect(after.head.sha).toBe(commit.data.sha);
  expect((await bot.rest.pulls.listFiles({ ...r, pull_number: 1 })).data.map((f) => f.filename)).toContain('src/extra.go');
  await simContext(sim.app).webhooks.idle();
  const sync = simContext(sim.app).webhooks.deliveries.filter((d) => d.event === 'pull_request' && d.action === 'synchronize');
  expect(sync.map((d) => (d.payload as { after: string }).after)).toEqual([commit.data.sha]);
});
