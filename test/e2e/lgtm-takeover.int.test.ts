import { fileURLToPath } from 'node:url';
import { addedNotice, REMOVED_NOTICE } from '../../src/core/bot-notices.js';
import { startE2E, type E2E } from '../support/e2e.js';

// Coxswain takes over a PR that Prow (same bot account) had already given `lgtm`, with Prow's
// tree-hash notice among its comments. Its workflow never wrote that notice and keeps no record of
// it: it reads the bot's comments from GitHub when a decision rests on them, as Prow does, so a push
// that keeps the tree keeps the label, one that changes it removes the label with Prow's notice,
// and /lgtm cancel deletes Prow's old notice with its own.

let e: E2E;
beforeAll(async () => {
  e = await startE2E({
    pluginsPath: fileURLToPath(new URL('../fixtures/e2e/lgtm-takeover/plugins.yaml', import.meta.url)),
    seed: (s) => {
      s.repos![0]!.pulls![0]!.labels = ['lgtm'];
    },
  });
});
afterAll(async () => {
  await e?.close();
});

test('a push that keeps the tree keeps lgtm; one that changes it removes lgtm with Prow’s notice; /lgtm cancel deletes Prow’s old notice too', async () => {
  const pr = await e.rest('coxswain-bot', 'GET', `/repos/${e.repo}/pulls/1`);
  const { tree } = await e.rest('coxswain-bot', 'GET', `/repos/${e.repo}/git/commits/${pr.head.sha}`);
  // Prow's notice, written before Coxswain was switched on (the sim delivers it as a webhook, which
  // starts the PR's workflow: its first event, so it reads the PR and its comments from GitHub).
  await e.rest('coxswain-bot', 'POST', `/repos/${e.repo}/issues/1/comments`, { body: addedNotice(tree.sha) });
  await e.settled(1);
  expect((await e.workflowState(1)).memory).toEqual({});

  // A rebase: a new head commit with the same tree.
  await e.act('push', { number: 1, user: 'frank', message: 'rebase' });
  await e.settled(1);
  let issue = await e.issue(1);
  expect(issue.labels).toContain('lgtm');
  expect(e.commentsBy(issue).map((c) => c.body)).toEqual([addedNotice(tree.sha)]);

  // A real change: the tree moves, the label goes, with Prow's notice.
  await e.act('push', { number: 1, user: 'frank', message: 'fix', files: [{ filename: 'README.md', status: 'modified', content: 'changed\n' }] });
  issue = await e.until(1, (p) => !p.labels.includes('lgtm'));
  await e.settled(1);
  issue = await e.issue(1);
  expect(e.commentsBy(issue).map((c) => c.body)).toEqual([addedNotice(tree.sha), REMOVED_NOTICE]);

  // /lgtm again: a notice for the new tree, and the removal notice pruned.
  const { tree: newTree } = await e.rest('coxswain-bot', 'GET', `/repos/${e.repo}/git/commits/${(await e.rest('coxswain-bot', 'GET', `/repos/${e.repo}/pulls/1`)).head.sha}`);
  await e.act('comment', { number: 1, user: 'bob', body: '/lgtm' });
  await e.until(1, (p) => p.labels.includes('lgtm'));
  await e.settled(1);
  expect(e.commentsBy(await e.issue(1)).map((c) => c.body)).toEqual([addedNotice(tree.sha), addedNotice(newTree.sha)]);

  // /lgtm cancel: every tree-hash notice goes, Prow's as well as Coxswain's.
  await e.act('comment', { number: 1, user: 'bob', body: '/lgtm cancel' });
  await e.until(1, (p) => !p.labels.includes('lgtm'));
  await e.settled(1);
  expect(e.commentsBy(await e.issue(1)).map((c) => c.body)).toEqual([]);
});
