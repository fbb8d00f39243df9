import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startE2E, type E2E } from '../support/e2e.js';
import { commentUrl, reply } from './prow-texts.js';

// What the single-writer-per-PR design promises, on the real path: concurrent commands all take
// effect once, a worker restart in the middle of a command loses and repeats nothing, a
// redelivered webhook is a no-op, and PRs (with comments) that predate Coxswain are read from
// GitHub.

/** A cat image service that holds its first answer until the test releases it. */
interface HeldCatService {
  url: string;
  /** Resolves when the first request arrives (the command is then in the middle of its work). */
  requested: Promise<void>;
  release(imageUrl: string): void;
  calls(): number;
  close(): Promise<void>;
}

async function heldCatService(): Promise<HeldCatService> {
  let calls = 0;
  let release!: (url: string) => void;
  const released = new Promise<string>((r) => (release = r));
  let arrived!: () => void;
  const requested = new Promise<void>((r) => (arrived = r));
  const server: Server = createServer((_req, res) => {
    calls++;
    arrived();
    void released.then((url) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify([{ id: 'e2e', url }]));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/images/search`,
    requested,
    release,
    calls: () => calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let e: E2E;
let cats: HeldCatService;
beforeAll(async () => {
  cats = await heldCatService();
  e = await startE2E({
    catApiUrl: cats.url,
    seed: (s) => {
      const repo = s.repos![0]!;
      // PR #1 (frank's) already carries alice's /approve, written before Coxswain was switched on.
      repo.pulls![0]!.comments = [{ user: 'alice', body: 'Nice work.\n/approve' }];
      // PR #2: also older than Coxswain; its first events arrive all at once.
      repo.pulls!.push({ number: 2, title: 'Say goodbye', user: 'frank', head: 'goodbye', files: ['src/bye.ts:3:0'] });
    },
  });
});
afterAll(async () => {
  await e?.close();
  await cats?.close();
});

test('commands from different people sent at once all take effect, each exactly once', async () => {
  const n = 2;
  const sent = await Promise.all([
    e.act('comment', { number: n, user: 'carol', body: '/hold' }),
    e.act('comment', { number: n, user: 'dave', body: '/kind bug' }),
    e.act('comment', { number: n, user: 'bob', body: '/assign' }),
    e.act('comment', { number: n, user: 'alice', body: '/lgtm' }),
    e.act('comment', { number: n, user: 'erin', body: '/label nope' }),
  ]);
  expect(sent.map((s) => s.status)).toEqual([200, 200, 200, 200, 200]);
  await e.until(n, (p) => ['do-not-merge/hold', 'kind/bug', 'lgtm'].every((l) => p.labels.includes(l)) && p.assignees.length === 2);
  await e.settled(n);
  const pr = await e.issue(n);
  expect([...pr.labels].sort()).toEqual(['do-not-merge/hold', 'kind/bug', 'lgtm']);
  // bob assigned himself; alice's /lgtm assigns her, as Prow does.
  expect([...pr.assignees].sort()).toEqual(['alice', 'bob']);
  const erin = sent[4].id as number;
  expect(e.commentsBy(pr).map((c) => c.body)).toEqual([
    reply(
      'erin',
      'The label(s) `/label nope` cannot be applied. These labels are supported: `documentation`. Is this label configured under `labels -> additional_labels` or `labels -> restricted_labels` in `plugin.yaml`?',
      '/label nope',
      commentUrl(e.repo, n, erin),
    ),
  ]);
  // Every write happened once: one labeled echo per label, one assignment per person.
  const bot = (await e.webhooks(n)).filter((d) => d.sender === 'coxswain-bot');
  expect(bot.filter((d) => d.action === 'labeled').map((d) => d.label).sort()).toEqual(['do-not-merge/hold', 'kind/bug', 'lgtm']);
  expect(bot.filter((d) => d.action === 'assigned')).toHaveLength(2);
  expect(bot.filter((d) => d.event === 'issue_comment')).toHaveLength(1);
  // The workflow saw each person's comment once.
  const state = await e.workflowState(n);
  expect(state.recent.filter((r) => r.kind === 'comment' && r.actor !== 'coxswain-bot').map((r) => r.actor).sort()).toEqual(['alice', 'bob', 'carol', 'dave', 'erin']);
});

test('a worker stopped in the middle of a command: the command is finished, once', async () => {
  const { number: n } = await e.act('open-issue', { user: 'frank', title: 'Cats, please' });
  const { id } = await e.act('comment', { number: n, user: 'dave', body: '/meow' });
  // The workflow has the command and is fetching the picture: stop the worker now. Its reply is a
  // local activity in the same workflow task, so the stopping worker may still post it; if it
  // does not, the next worker runs the task again. Either way it is posted once.
  await cats.requested;
  const stopping = e.stopWorker();
  cats.release('https://cdn2.thecatapi.com/images/e2e.jpg');
  await stopping;
  expect(e.commentsBy(await e.issue(n)).length).toBeLessThanOrEqual(1);

  await e.startWorker();
  await e.until(n, (p) => e.commentsBy(p).length > 0);
  await e.settled(n);
  const issue = await e.issue(n);
  expect(e.commentsBy(issue).map((c) => c.body)).toEqual([
    reply('dave', '![cat image](https://cdn2.thecatapi.com/images/e2e.jpg)', '/meow', commentUrl(e.repo, n, id, 'issues')),
  ]);
  expect(cats.calls()).toBeLessThanOrEqual(2);
});

test('a redelivered webhook changes nothing and posts nothing again', async () => {
  const { number: n, delivery: opened } = await e.act('open-pr', { user: 'dave', title: 'Trim the lexer', files: ['src/lexer.ts:12:30'] });
  const { delivery: hold } = await e.act('comment', { number: n, user: 'carol', body: '/hold' });
  await e.until(n, (p) => p.labels.includes('do-not-merge/hold'));
  const { delivery: grumpy } = await e.act('comment', { number: n, user: 'erin', body: '/meow grumpy' });
  await e.act('comment', { number: n, user: 'carol', body: '/hold cancel' });
  await e.until(n, (p) => !p.labels.includes('do-not-merge/hold'));
  await e.settled(n);
  const before = await e.issue(n);
  const handledBefore = (await e.workflowState(n)).handled;
  const webhooksBefore = (await e.webhooks(n)).length;
  expect(e.commentsBy(before).filter((c) => c.body.startsWith('@erin'))).toHaveLength(1);

  // GitHub sends the same bytes again (same X-GitHub-Delivery); the hook takes them.
  for (const id of [opened, hold, grumpy]) expect((await e.redeliver(id)).status).toBe(200);
  // A later command is handled after the redeliveries (one PR, one queue): once it shows, they were seen.
  await e.act('comment', { number: n, user: 'dave', body: '/kind cleanup' });
  await e.act('comment', { number: n, user: 'dave', body: '/kind feature' });
  await e.until(n, (p) => p.labels.includes('kind/feature'));
  await e.settled(n);
  const after = await e.issue(n);

  expect([...after.labels].sort()).toEqual([...before.labels, 'kind/feature'].sort());
  expect(after.requested_reviewers).toEqual(before.requested_reviewers);
  const newReplies = e.commentsBy(after).filter((c) => !e.commentsBy(before).some((b) => b.id === c.id));
  expect(e.commentsBy(after).slice(0, e.commentsBy(before).length)).toEqual(e.commentsBy(before));
  expect(newReplies.map((c) => c.body.split('\n')[0])).toEqual(["@dave: The label(s) `kind/cleanup` cannot be applied, because the repository doesn't have them."]);
  // Handled: the two new comments, the reply's and the label's echoes. Nothing for the redeliveries.
  expect((await e.workflowState(n)).handled).toBe(handledBefore + 4);
  expect((await e.webhooks(n)).length).toBe(webhooksBefore + 4);
});

test('approve counts an /approve written before Coxswain was switched on', async () => {
  // PR #1 has had alice's /approve since before any webhook reached Coxswain; frank now pushes.
  const seeded = (await e.issue(1)).comments[0];
  expect(seeded.user).toBe('alice');
  await e.act('push', { number: 1, files: ['README.md:14:1'] });
  let pr = await e.until(1, (p) => p.labels.includes('approved'));
  await e.settled(1);
  pr = await e.issue(1);
  const notifiers = e.commentsBy(pr);
  expect(notifiers).toHaveLength(1);
  // GitHub's own link to the old comment (its html_url; the simulator serves it on its own host).
  const aliceLink = `https://github.com/${e.repo}/pull/1#issuecomment-${seeded.id}`;
  expect(notifiers[0]!.body).toBe(
    [
      '[APPROVALNOTIFIER] This PR is **APPROVED**',
      '',
      `This pull-request has been approved by: *<a href="${aliceLink}" title="Approved">alice</a>*, *<a href="https://github.com/${e.repo}/pull/1#" title="Author self-approved">frank</a>*`,
      '',
      `The full list of commands accepted by this bot can be found [here](https://go.k8s.io/bot-commands?repo=demo%2F${e.name}).`,
      '',
      'The pull request process is described [here](https://git.k8s.io/community/contributors/guide/owners.md#the-code-review-process)',
      '',
      '<details >',
      'Needs approval from an approver in each of these files:',
      '',
      `- ~~[OWNERS](https://github.com/${e.repo}/blob/main/OWNERS)~~ [alice]`,
      '',
      'Approvers can indicate their approval by writing `/approve` in a comment',
      'Approvers can cancel approval by writing `/approve cancel` in a comment',
      '</details>',
      '<!-- META={"approvers":[]} -->',
    ].join('\n'),
  );
});
