import { startE2E, type E2E } from '../support/e2e.js';
import { commentUrl, reply } from './prow-texts.js';

// More plugins of config/plugins.yaml on the real path: label, lifecycle, size, wip, help, cat
// and heart. The cat API points at a closed port (the harness's default), so /meow meets an
// image service that is down.

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

/** Bot comments other than approve's notifier (approve answers every PR that opens). */
const botReplies = (p: any) => e.commentsBy(p).filter((c) => !c.body.startsWith('[APPROVALNOTIFIER]'));

test('label: /kind adds and /remove-kind removes; unknown labels get Prow\'s replies', async () => {
  const { number: n } = await e.act('open-pr', { user: 'carol', title: 'Fix the greeting', files: ['src/greet.ts:2:2'] });
  await e.act('comment', { number: n, user: 'dave', body: '/kind bug' });
  await e.until(n, (p) => p.labels.includes('kind/bug'));

  const { id: nope } = await e.act('comment', { number: n, user: 'dave', body: '/kind nope' });
  const { id: custom } = await e.act('comment', { number: n, user: 'frank', body: '/label nope' });
  const { id: notSet } = await e.act('comment', { number: n, user: 'dave', body: '/remove-kind feature' });
  await e.act('comment', { number: n, user: 'dave', body: 'not a bug after all\n/remove-kind bug' });
  await e.until(n, (p) => !p.labels.includes('kind/bug'));
  await e.settled(n);
  const pr = await e.issue(n);
  expect(pr.labels.filter((l: string) => l.startsWith('kind/'))).toEqual([]);
  expect(botReplies(pr).map((c) => c.body)).toEqual([
    reply('dave', "The label(s) `kind/nope` cannot be applied, because the repository doesn't have them.", '/kind nope', commentUrl(e.repo, n, nope)),
    reply(
      'frank',
      'The label(s) `/label nope` cannot be applied. These labels are supported: `documentation`. Is this label configured under `labels -> additional_labels` or `labels -> restricted_labels` in `plugin.yaml`?',
      '/label nope',
      commentUrl(e.repo, n, custom),
    ),
    reply('dave', 'Those labels are not set on the issue: `kind/feature`', '/remove-kind feature', commentUrl(e.repo, n, notSet)),
  ]);
});

test('lifecycle on an issue: /lifecycle frozen, the author\'s /close and /reopen', async () => {
  const { number: n } = await e.act('open-issue', { user: 'frank', title: 'It crashes on start' });
  await e.act('comment', { number: n, user: 'dave', body: '/lifecycle frozen' });
  await e.until(n, (p) => p.labels.includes('lifecycle/frozen'));

  const { id: close } = await e.act('comment', { number: n, user: 'frank', body: 'found it, my mistake\n/close' });
  let issue = await e.until(n, (p) => p.state === 'closed');
  expect(issue.closed_by).toBe('coxswain-bot');
  const { id: reopen } = await e.act('comment', { number: n, user: 'frank', body: '/reopen' });
  issue = await e.until(n, (p) => p.state === 'open' && e.commentsBy(p).length === 2);
  await e.settled(n);
  issue = await e.issue(n);
  expect(issue.state).toBe('open');
  expect(issue.labels).toEqual(['lifecycle/frozen']);
  const url = (id: number) => commentUrl(e.repo, n, id, 'issues');
  expect(e.commentsBy(issue).map((c) => c.body)).toEqual([
    reply('frank', 'Closing this issue.', 'found it, my mistake\n/close', url(close)),
    reply('frank', 'Reopened this issue.', '/reopen', url(reopen)),
  ]);
});

test('lifecycle on a PR: no frozen on PRs, /close only for the author or collaborators, /reopen', async () => {
  const { number: n } = await e.act('open-pr', { user: 'carol', title: 'Speed up start', files: ['src/start.ts:4:4'] });
  const { id: frozen } = await e.act('comment', { number: n, user: 'dave', body: '/lifecycle frozen' });
  const { id: refused } = await e.act('comment', { number: n, user: 'frank', body: '/close' });
  await e.until(n, (p) => botReplies(p).length === 2);
  const { id: close } = await e.act('comment', { number: n, user: 'dave', body: '/close' });
  await e.until(n, (p) => p.state === 'closed');
  const { id: reopen } = await e.act('comment', { number: n, user: 'carol', body: '/reopen' });
  await e.until(n, (p) => p.state === 'open' && botReplies(p).length === 4);
  await e.settled(n);
  const pr = await e.issue(n);
  expect(pr.state).toBe('open');
  expect(pr.labels).not.toContain('lifecycle/frozen');
  const url = (id: number) => commentUrl(e.repo, n, id);
  expect(botReplies(pr).map((c) => c.body)).toEqual([
    reply('dave', 'The `lifecycle/frozen` label cannot be applied to Pull Requests.', '/lifecycle frozen', url(frozen)),
    reply('frank', "You can't close an active issue/PR unless you authored it or you are a collaborator.", '/close', url(refused)),
    reply('dave', 'Closed this PR.', '/close', url(close)),
    reply('carol', 'Reopened this PR.', '/reopen', url(reopen)),
  ]);
});

test('size: the size/* label follows the lines changed, one at a time', async () => {
  const { number: n } = await e.act('open-pr', { user: 'carol', title: 'Add a parser', files: ['src/parse.ts:40:5'] });
  await e.until(n, (p) => p.labels.includes('size/M'));
  await e.act('push', { number: n, files: ['src/lexer.ts:100:0'] });
  await e.until(n, (p) => p.labels.includes('size/L'));
  await e.settled(n);
  const pr = await e.issue(n);
  expect(pr.labels.filter((l: string) => l.startsWith('size/'))).toEqual(['size/L']);
});

test('wip: a WIP title or a draft gets the label; a new title without WIP drops it', async () => {
  const { number: titled } = await e.act('open-pr', { user: 'carol', title: 'WIP: new parser', files: ['src/p.ts:3:0'] });
  const { number: draft } = await e.act('open-pr', { user: 'dave', title: 'New lexer', draft: true, files: ['src/l.ts:3:0'] });
  await e.until(titled, (p) => p.labels.includes('do-not-merge/work-in-progress'));
  await e.until(draft, (p) => p.labels.includes('do-not-merge/work-in-progress'));

  await e.rest('carol', 'PATCH', `/repos/${e.repo}/pulls/${titled}`, { title: 'New parser' });
  await e.until(titled, (p) => !p.labels.includes('do-not-merge/work-in-progress'));
  await e.settled(titled);
  await e.settled(draft);
  expect((await e.issue(titled)).labels).not.toContain('do-not-merge/work-in-progress');
  expect((await e.issue(draft)).labels).toContain('do-not-merge/work-in-progress');
});

test('help on an issue: /help and /good-first-issue with their guidelines, /remove-help undoes both', async () => {
  const { number: n } = await e.act('open-issue', { user: 'frank', title: 'Translate the README' });
  const issueUrl = `https://github.com/${e.repo}/issues/${n}`;
  const guide = (what: string, anchor: string, cmd: string) =>
    `\n\tThis request has been marked as ${what}.\n\nPlease ensure the request meets the requirements listed [here](https://git.k8s.io/community/contributors/guide/help-wanted.md${anchor}).\n\nIf this request no longer meets these requirements, the label can be removed\nby commenting with the \`${cmd}\` command.\n`;

  await e.act('comment', { number: n, user: 'dave', body: '/help' });
  await e.until(n, (p) => p.labels.includes('help wanted'));
  await e.act('comment', { number: n, user: 'erin', body: '/good-first-issue' });
  let issue = await e.until(n, (p) => p.labels.includes('good first issue'));
  await e.settled(n);
  issue = await e.issue(n);
  expect([...issue.labels].sort()).toEqual(['good first issue', 'help wanted']);
  const guidelines = e.commentsBy(issue);
  expect(guidelines.map((c) => c.body)).toEqual([
    reply('dave', guide('needing help from a contributor', '', '/remove-help'), '/help', issueUrl),
    reply('erin', guide('suitable for new contributors', '#good-first-issue', '/remove-good-first-issue'), '/good-first-issue', issueUrl),
  ]);

  await e.act('comment', { number: n, user: 'frank', body: '/remove-help' });
  issue = await e.until(n, (p) => p.labels.length === 0);
  await e.settled(n);
  issue = await e.issue(n);
  expect(e.commentsBy(issue)).toEqual([]);
  expect(issue.deleted_comments.map((c: { id: number }) => c.id).sort()).toEqual(guidelines.map((c) => c.id).sort());
});

test('cat: /meow answers politely when the image service is down; grumpy cat needs no service', async () => {
  const { number: n } = await e.act('open-issue', { user: 'frank', title: 'We need more cats' });
  const { id: plain } = await e.act('comment', { number: n, user: 'dave', body: '/meow' });
  const { id: category } = await e.act('comment', { number: n, user: 'frank', body: '/meow caturday' });
  const { id: grumpy } = await e.act('comment', { number: n, user: 'erin', body: '/meow grumpy' });
  await e.until(n, (p) => e.commentsBy(p).length === 3);
  await e.settled(n);
  const issue = await e.issue(n);
  const url = (id: number) => commentUrl(e.repo, n, id, 'issues');
  expect(e.commentsBy(issue).map((c) => c.body)).toEqual([
    reply('dave', 'https://thecatapi.com appears to be down', '/meow', url(plain)),
    reply('frank', 'Bad category. Please see https://api.thecatapi.com/api/categories/list', '/meow caturday', url(category)),
    reply('erin', '![cat image](https://upload.wikimedia.org/wikipedia/commons/e/ee/Grumpy_Cat_by_Gage_Skidmore.jpg)', '/meow grumpy', url(grumpy)),
  ]);
});

test('heart: a reaction on an adoree\'s thanks and on a PR that adds to OWNERS, nothing else', async () => {
  const { number: n } = await e.act('open-pr', { user: 'carol', title: 'Polish the docs', files: ['docs/intro.md:2:2'] });
  const { id: thanks } = await e.act('comment', { number: n, user: 'alice', body: 'Thanks a lot!' });
  const { id: notAdoree } = await e.act('comment', { number: n, user: 'bob', body: 'thanks' });
  const { id: noMatch } = await e.act('comment', { number: n, user: 'alice', body: 'Looks good.' });
  await e.until(n, (p) => p.comments.find((c: any) => c.id === thanks)?.reactions.length > 0);
  await e.settled(n);
  const pr = await e.issue(n);
  const reactionsOn = (id: number) => pr.comments.find((c: any) => c.id === id).reactions;
  expect(reactionsOn(thanks)).toHaveLength(1);
  expect(reactionsOn(thanks)[0].user).toBe('coxswain-bot');
  expect(['+1', 'heart', 'hooray']).toContain(reactionsOn(thanks)[0].content);
  expect(reactionsOn(notAdoree)).toEqual([]);
  expect(reactionsOn(noMatch)).toEqual([]);
  expect(pr.reactions).toEqual([]);

  const { number: owners } = await e.act('open-pr', { user: 'dave', title: 'Add dave to OWNERS', files: ['OWNERS:1:0'] });
  const withOwners = await e.until(owners, (p) => p.reactions.length > 0);
  await e.settled(owners);
  expect((await e.issue(owners)).reactions).toHaveLength(1);
  expect(withOwners.reactions[0].user).toBe('coxswain-bot');
  expect(['+1', 'heart', 'hooray']).toContain(withOwners.reactions[0].content);
});
