import { startE2E, type E2E } from '../support/e2e.js';
import { commentUrl, reply } from './prow-texts.js';

// The review plugins of config/plugins.yaml (approve, lgtm, blunderbuss, assign) on the real path:
// people act through the simulator, Coxswain answers through GitHub's REST API, and the tests
// read GitHub's state back. The approve/lgtm sections of the example config name demo/hello
// only, so on this test's repository both plugins run with Prow's defaults.

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

const isNotifier = (c: { body: string }) => c.body.startsWith('[APPROVALNOTIFIER]');
const PROCESS = 'https://git.k8s.io/community/contributors/guide/owners.md#the-code-review-process';
const HOW_TO = 'Approvers can indicate their approval by writing `/approve` in a comment\nApprovers can cancel approval by writing `/approve cancel` in a comment\n</details>';

test('approve: OWNERS decide, one APPROVALNOTIFIER comment kept current, the approved label follows', async () => {
  const { number: n } = await e.act('open-pr', { user: 'carol', title: 'Document the greeting', files: ['docs/guide.md:5:0'] });
  const prUrl = `https://github.com/${e.repo}/pull/${n}`;
  const self = `*<a href="${prUrl}#" title="Author self-approved">carol</a>*`;
  const commands = `The full list of commands accepted by this bot can be found [here](https://go.k8s.io/bot-commands?repo=demo%2F${e.name}).`;
  const docsOwners = `https://github.com/${e.repo}/blob/main/docs/OWNERS`;

  // Opened: carol is no approver of docs/; docs/OWNERS names erin.
  await e.until(n, (p) => e.commentsBy(p).some(isNotifier));
  await e.settled(n);
  let pr = await e.issue(n);
  expect(pr.labels).not.toContain('approved');
  let notifiers = e.commentsBy(pr).filter(isNotifier);
  expect(notifiers).toHaveLength(1);
  expect(notifiers[0]!.body).toBe(
    [
      '[APPROVALNOTIFIER] This PR is **NOT APPROVED**',
      '',
      `This pull-request has been approved by: ${self}`,
      `**Once this PR has been reviewed and has the lgtm label**, please assign [erin](https://github.com/erin) for approval. For more information see [the Code Review Process](${PROCESS}).`,
      '',
      commands,
      '',
      '<details open>',
      'Needs approval from an approver in each of these files:',
      '',
      `- **[docs/OWNERS](${docsOwners})**`,
      '',
      HOW_TO,
      '<!-- META={"approvers":["erin"]} -->',
    ].join('\n'),
  );
  const first = notifiers[0]!.id;

  // A reviewer's /approve does not approve docs/; Prow lists dave among those who said it, so
  // the notifier text changes and the comment is replaced.
  const { id: daveComment } = await e.act('comment', { number: n, user: 'dave', body: '/approve' });
  await e.until(n, (p) => e.commentsBy(p).some((c) => isNotifier(c) && c.id !== first));
  await e.settled(n);
  pr = await e.issue(n);
  expect(pr.labels).not.toContain('approved');
  const dave = `*<a href="${prUrl}#issuecomment-${daveComment}" title="Approved">dave</a>*`;
  notifiers = e.commentsBy(pr).filter(isNotifier);
  expect(notifiers).toHaveLength(1);
  expect(notifiers[0]!.body.split('\n').slice(0, 4)).toEqual([
    '[APPROVALNOTIFIER] This PR is **NOT APPROVED**',
    '',
    `This pull-request has been approved by: ${self}, ${dave}`,
    `**Once this PR has been reviewed and has the lgtm label**, please assign [erin](https://github.com/erin) for approval. For more information see [the Code Review Process](${PROCESS}).`,
  ]);
  expect(pr.deleted_comments.map((c: { id: number }) => c.id)).toContain(first);
  const second = notifiers[0]!.id;

  // erin approves: approved, and the notifier is replaced (old one deleted, new one posted).
  const { id: erinComment } = await e.act('comment', { number: n, user: 'erin', body: 'LGTM from docs\n/approve' });
  await e.until(n, (p) => p.labels.includes('approved'));
  await e.settled(n);
  pr = await e.issue(n);
  notifiers = e.commentsBy(pr).filter(isNotifier);
  expect(notifiers).toHaveLength(1);
  expect(pr.deleted_comments.map((c: { id: number }) => c.id)).toContain(second);
  expect(notifiers[0]!.body).toBe(
    [
      '[APPROVALNOTIFIER] This PR is **APPROVED**',
      '',
      `This pull-request has been approved by: ${self}, ${dave}, *<a href="${prUrl}#issuecomment-${erinComment}" title="Approved">erin</a>*`,
      '',
      commands,
      '',
      `The pull request process is described [here](${PROCESS})`,
      '',
      '<details >',
      'Needs approval from an approver in each of these files:',
      '',
      `- ~~[docs/OWNERS](${docsOwners})~~ [erin]`,
      '',
      HOW_TO,
      '<!-- META={"approvers":[]} -->',
    ].join('\n'),
  );

  // erin takes it back: the label goes.
  await e.act('comment', { number: n, user: 'erin', body: '/approve cancel' });
  pr = await e.until(n, (p) => !p.labels.includes('approved'));
  await e.settled(n);
  pr = await e.issue(n);
  expect(pr.labels).not.toContain('approved');
  expect(e.commentsBy(pr).filter(isNotifier)).toHaveLength(1);
  expect(e.commentsBy(pr).filter(isNotifier)[0]!.body).toMatch(/^\[APPROVALNOTIFIER\] This PR is \*\*NOT APPROVED\*\*/);
});

test('lgtm: restricted to collaborators, not for the author, assigns the reviewer, removed by a push', async () => {
  const { number: n } = await e.act('open-pr', { user: 'carol', title: 'Tidy the app', files: ['src/app.ts:3:1'] });
  await e.settled(n);

  const { id: byFrank } = await e.act('comment', { number: n, user: 'frank', body: '/lgtm' });
  const { id: byCarol } = await e.act('comment', { number: n, user: 'carol', body: '/lgtm' });
  await e.act('comment', { number: n, user: 'dave', body: 'nice\n/lgtm' });
  let pr = await e.until(n, (p) => p.labels.includes('lgtm'));
  await e.settled(n);
  pr = await e.issue(n);
  expect(pr.labels).toContain('lgtm');
  expect(pr.assignees).toEqual(['dave']);
  const replies = () => e.commentsBy(pr).filter((c) => !isNotifier(c)).map((c) => c.body);
  expect(replies()).toEqual([
    reply('frank', 'changing LGTM is restricted to collaborators', '/lgtm', commentUrl(e.repo, n, byFrank)),
    reply('carol', 'you cannot LGTM your own PR.', '/lgtm', commentUrl(e.repo, n, byCarol)),
  ]);

  // New commits: the label goes, with Prow's notice.
  await e.act('push', { number: n, files: ['src/app.ts:5:1'] });
  pr = await e.until(n, (p) => !p.labels.includes('lgtm'));
  await e.settled(n);
  pr = await e.issue(n);
  expect(pr.labels).not.toContain('lgtm');
  expect(replies().slice(2)).toEqual(['New changes are detected. LGTM label has been removed.']);
});

test('blunderbuss: review requests from the OWNERS reviewers when a PR opens', async () => {
  // README.md is covered by the root OWNERS (reviewers carol, dave); request_count is 2.
  const { number: n } = await e.act('open-pr', { user: 'frank', title: 'Fix a typo', files: ['README.md:1:1'] });
  const pr = await e.until(n, (p) => p.requested_reviewers.length >= 2);
  await e.settled(n);
  expect((await e.issue(n)).requested_reviewers.sort()).toEqual(['carol', 'dave']);
  expect(pr.requested_teams).toEqual([]);
});

test('assign: /assign, /unassign, /cc and /uncc; GitHub refusing a non-collaborator is answered', async () => {
  // A /cc line in the body requests that review and keeps blunderbuss away.
  const { number: n } = await e.act('open-pr', { user: 'carol', title: 'Add a logo', body: 'Please look.\n/cc @erin', files: ['assets/logo.svg:20:0'] });
  let pr = await e.until(n, (p) => p.requested_reviewers.includes('erin'));
  await e.settled(n);
  expect((await e.issue(n)).requested_reviewers).toEqual(['erin']);

  const { id: assignBoth } = await e.act('comment', { number: n, user: 'alice', body: '/assign @bob @frank' });
  pr = await e.until(n, (p) => p.assignees.includes('bob') && e.commentsBy(p).some((c) => c.body.startsWith('@alice')));
  await e.settled(n);
  pr = await e.issue(n);
  expect(pr.assignees).toEqual(['bob']);
  const refusal =
    "GitHub didn't allow me to assign the following users: frank.\n\n" +
    'Note that only [demo members](https://github.com/orgs/demo/people) with read permissions, repo collaborators and people who have commented on this issue/PR can be assigned. Additionally, issues/PRs can only have 10 assignees at the same time.\n' +
    'For more information please see [the contributor guide](https://git.k8s.io/community/contributors/guide/first-contribution.md#issue-assignment-in-github)';
  expect(e.commentsBy(pr).filter((c) => !isNotifier(c)).map((c) => c.body)).toEqual([
    reply('alice', refusal, '/assign @bob @frank', commentUrl(e.repo, n, assignBoth)),
  ]);

  // Once frank has commented on the PR, GitHub lets him be assigned.
  await e.act('comment', { number: n, user: 'frank', body: 'I can take this one.' });
  await e.act('comment', { number: n, user: 'alice', body: '/assign frank\n/unassign @bob' });
  pr = await e.until(n, (p) => p.assignees.includes('frank') && !p.assignees.includes('bob'));

  // Review requests: /uncc drops erin; frank cannot be asked (not a collaborator).
  const { id: ccFrank } = await e.act('comment', { number: n, user: 'dave', body: '/uncc @erin\n/cc @frank' });
  pr = await e.until(n, (p) => !p.requested_reviewers.includes('erin') && e.commentsBy(p).some((c) => c.body.startsWith('@dave')));
  await e.settled(n);
  pr = await e.issue(n);
  expect(pr.assignees).toEqual(['frank']);
  expect(pr.requested_reviewers).toEqual([]);
  const reviewRefusal =
    "GitHub didn't allow me to request PR reviews from the following users: frank.\n\n" +
    'Note that only [demo members](https://github.com/orgs/demo/people) and repo collaborators can review this PR, and authors cannot review their own PRs.';
  expect(e.commentsBy(pr).filter((c) => !isNotifier(c)).map((c) => c.body)).toEqual([
    reply('alice', refusal, '/assign @bob @frank', commentUrl(e.repo, n, assignBoth)),
    reply('dave', reviewRefusal, '/uncc @erin\n/cc @frank', commentUrl(e.repo, n, ccFrank)),
  ]);
});
