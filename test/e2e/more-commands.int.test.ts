import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startE2E, type E2E } from '../support/e2e.js';
import { commentUrl, reply } from './prow-texts.js';

// Plugins not enabled in config/plugins.yaml, with test/fixtures/e2e/commands/plugins.yaml:
// welcome, retitle, milestone, stage, shrug and dog. The dog picture service is a local stand-in.

const DOG = 'https://random.dog/e2e-good-boy.jpg';

let e: E2E;
let dogs: Server;
beforeAll(async () => {
  dogs = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ fileSizeBytes: 1234, url: DOG }));
  });
  await new Promise<void>((r) => dogs.listen(0, '127.0.0.1', r));
  e = await startE2E({
    pluginsPath: fileURLToPath(new URL('../fixtures/e2e/commands/plugins.yaml', import.meta.url)),
    dogApiUrl: `http://127.0.0.1:${(dogs.address() as AddressInfo).port}/woof.json`,
    seed: (s) => {
      // gina has never opened a PR here and belongs to nothing.
      s.users!.push({ login: 'gina', name: 'Gina Newcomer', token: 'gina-token' });
      s.repos![0]!.milestones = ['v1.0', 'v1.1', { title: 'v0.9', state: 'closed' }];
    },
  });
});
afterAll(async () => {
  await e?.close();
  await new Promise((r) => dogs?.close(r));
});

test('welcome: a newcomer\'s first PR is greeted; a second PR and a member\'s PR are not', async () => {
  const { number: first } = await e.act('open-pr', { user: 'gina', title: 'Fix a typo', files: ['README.md:1:1'] });
  await e.until(first, (p) => e.commentsBy(p).length > 0);
  const { number: second } = await e.act('open-pr', { user: 'gina', title: 'Fix another typo', files: ['docs/README.md:1:1'] });
  const { number: member } = await e.act('open-pr', { user: 'carol', title: 'Tidy up', files: ['src/a.ts:1:1'] });
  for (const n of [first, second, member]) await e.settled(n);
  expect(e.commentsBy(await e.issue(first)).map((c) => c.body)).toEqual([`Welcome @gina! It looks like this is your first PR to ${e.repo} 🎉`]);
  expect(e.commentsBy(await e.issue(second))).toEqual([]);
  expect(e.commentsBy(await e.issue(member))).toEqual([]);
});

test('retitle: trusted users only, no empty titles, no issue-closing keywords', async () => {
  const { number: n } = await e.act('open-pr', { user: 'frank', title: 'fix greeting', files: ['src/greet.ts:1:1'] });
  const { id: byFrank } = await e.act('comment', { number: n, user: 'frank', body: '/retitle Better greeting' });
  const { id: keyword } = await e.act('comment', { number: n, user: 'dave', body: '/retitle Fixes #3: greet' });
  const { id: empty } = await e.act('comment', { number: n, user: 'dave', body: '/retitle' });
  await e.until(n, (p) => e.commentsBy(p).length === 3);
  await e.act('comment', { number: n, user: 'dave', body: 'Let me fix that.\n/retitle Greet everyone by name' });
  await e.until(n, (p) => p.title === 'Greet everyone by name');
  await e.settled(n);
  const pr = await e.issue(n);
  expect(pr.title).toBe('Greet everyone by name');
  const url = (id: number) => commentUrl(e.repo, n, id);
  expect(e.commentsBy(pr).map((c) => c.body)).toEqual([
    reply('frank', 'Re-titling can only be requested by trusted users, like repository collaborators.', '/retitle Better greeting', url(byFrank)),
    reply(
      'dave',
      'Titles may not contain [keywords](https://help.github.com/articles/closing-issues-using-keywords) which can automatically close issues.',
      '/retitle Fixes #3: greet',
      url(keyword),
    ),
    reply('dave', 'Titles may not be empty.', '/retitle', url(empty)),
  ]);
});

test('milestone: the maintainers team sets and clears it; others and closed milestones are refused', async () => {
  const { number: n } = await e.act('open-issue', { user: 'frank', title: 'Plan the first release' });
  const { id: byCarol } = await e.act('comment', { number: n, user: 'carol', body: '/milestone v1.0' });
  await e.until(n, (p) => e.commentsBy(p).length === 1);
  await e.act('comment', { number: n, user: 'alice', body: '/milestone v1.0' });
  await e.until(n, (p) => p.milestone === 'v1.0');
  const { id: closed } = await e.act('comment', { number: n, user: 'bob', body: '/milestone v0.9' });
  await e.until(n, (p) => e.commentsBy(p).length === 2);
  await e.settled(n);
  expect((await e.issue(n)).milestone).toBe('v1.0');
  await e.act('comment', { number: n, user: 'bob', body: '/milestone clear' });
  await e.until(n, (p) => p.milestone === null);
  await e.settled(n);
  const issue = await e.issue(n);
  expect(issue.milestone).toBeNull();
  const url = (id: number) => commentUrl(e.repo, n, id, 'issues');
  expect(e.commentsBy(issue).map((c) => c.body)).toEqual([
    reply(
      'carol',
      'You must be a member of the [demo/maintainers](https://github.com/orgs/demo/teams/maintainers/members) GitHub team to set the milestone. If you believe you should be able to issue the /milestone command, please contact your release team and have them propose you as an additional delegate for this responsibility.',
      '/milestone v1.0',
      url(byCarol),
    ),
    reply(
      'bob',
      'The provided milestone is not valid for this repository. Milestones in this repository: [`v1.0`, `v1.1`]\n\nUse `/milestone clear` to clear the milestone.',
      '/milestone v0.9',
      url(closed),
    ),
  ]);
});

test('stage: one stage/* label at a time, /remove-stage removes it', async () => {
  const { number: n } = await e.act('open-issue', { user: 'frank', title: 'Dark mode' });
  await e.act('comment', { number: n, user: 'dave', body: '/stage alpha' });
  await e.until(n, (p) => p.labels.includes('stage/alpha'));
  await e.act('comment', { number: n, user: 'frank', body: '/stage beta' });
  let issue = await e.until(n, (p) => p.labels.includes('stage/beta'));
  await e.settled(n);
  expect((await e.issue(n)).labels).toEqual(['stage/beta']);
  await e.act('comment', { number: n, user: 'dave', body: '/remove-stage beta' });
  issue = await e.until(n, (p) => p.labels.length === 0);
  await e.settled(n);
  issue = await e.issue(n);
  expect(issue.labels).toEqual([]);
  expect(e.commentsBy(issue)).toEqual([]);
});

test('shrug: /shrug adds the shrug label, /unshrug removes it with a shrug', async () => {
  const { number: n } = await e.act('open-issue', { user: 'frank', title: 'Why is the sky blue?' });
  await e.act('comment', { number: n, user: 'erin', body: '/shrug' });
  await e.until(n, (p) => p.labels.includes('¯\\_(ツ)_/¯'));
  const { id } = await e.act('comment', { number: n, user: 'erin', body: '/unshrug' });
  await e.until(n, (p) => p.labels.length === 0);
  await e.settled(n);
  const issue = await e.issue(n);
  expect(issue.labels).toEqual([]);
  expect(e.commentsBy(issue).map((c) => c.body)).toEqual([reply('erin', '¯\\\\\\_(ツ)\\_/¯', '/unshrug', commentUrl(e.repo, n, id, 'issues'))]);
});

test('dog: /woof shows the picture the service picked, /this-is-fine a fixed one', async () => {
  const { number: n } = await e.act('open-issue', { user: 'frank', title: 'Morale is low' });
  const { id: woof } = await e.act('comment', { number: n, user: 'dave', body: '/woof' });
  const { id: fine } = await e.act('comment', { number: n, user: 'erin', body: '/this-is-fine' });
  await e.until(n, (p) => e.commentsBy(p).length === 2);
  await e.settled(n);
  const issue = await e.issue(n);
  const fineUrl = 'https://storage.googleapis.com/this-is-fine-images/this_is_fine.png';
  expect(e.commentsBy(issue).map((c) => c.body)).toEqual([
    reply('dave', `[![dog image](${DOG})](${DOG})`, '/woof', commentUrl(e.repo, n, woof, 'issues')),
    reply('erin', `[![dog image](${fineUrl})](${fineUrl})`, '/this-is-fine', commentUrl(e.repo, n, fine, 'issues')),
  ]);
});
