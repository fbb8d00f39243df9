import { fileURLToPath } from 'node:url';
import { startE2E, type E2E } from '../support/e2e.js';
import { FOOTER, commentUrl, reply, simple } from './prow-texts.js';

// Checks on a PR's commits and body, with test/fixtures/e2e/commit-checks/plugins.yaml: dco,
// invalidcommitmsg and release-note. The simulator writes one commit per open-pr (its message is
// the PR title) and one per push (its message is the push's `message`).

const SIGNED = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';

let e: E2E;
beforeAll(async () => {
  e = await startE2E({
    pluginsPath: fileURLToPath(new URL('../fixtures/e2e/commit-checks/plugins.yaml', import.meta.url)),
    seed: (s) => {
      // PR #2, from before Coxswain: one commit, signed off.
      s.repos![0]!.pulls!.push({
        number: 2,
        title: 'Add the docs index',
        user: 'dave',
        head: 'docs-index',
        body: '```release-note\nNONE\n```',
        files: ['docs/index.md:3:0'],
        commits: [{ sha: SIGNED, message: 'Add the docs index\n\nSigned-off-by: Dave Reviewer <dave@example.com>', author: 'dave' }],
      });
    },
  });
});
afterAll(async () => {
  await e?.close();
});

const ABOUT = `${FOOTER} I understand the commands that are listed [here](https://go.k8s.io/bot-commands).`;
const shaLine = (sha: string, subject: string) => `- [${sha.slice(0, 7)}](https://github.com/${e.repo}/commits/${sha}) ${subject}`;
const isDco = (c: { body: string }) => c.body.startsWith('Thanks for your pull request.');
const isInvalidMsg = (c: { body: string }) => c.body.startsWith('<!-- [prow:invalid-commit-message] -->');

test('dco: unsigned commits get dco-signoff: no, a failing dco status and one comment listing them', async () => {
  const { number: n, head_sha: first } = await e.act('open-pr', { user: 'carol', title: 'Add a farewell', files: ['src/bye.ts:4:0'] });
  await e.until(n, (p) => p.labels.includes('dco-signoff: no'));
  // A signed-off commit on top: the first one is still unsigned, so the comment is posted afresh.
  const { head_sha: second } = await e.act('push', { number: n, message: 'Say it nicely\n\nSigned-off-by: Carol Reviewer <carol@example.com>', files: ['src/bye.ts:5:1'] });
  await e.until(n, (p) => p.head.sha === second && p.deleted_comments.length > 0);
  await e.settled(n);
  const pr = await e.issue(n);
  expect(pr.labels).toContain('dco-signoff: no');
  expect(pr.labels).not.toContain('dco-signoff: yes');
  const contributing = `https://github.com/${e.repo}/blob/master/CONTRIBUTING.md`;
  // Statuses belong to commits: each head got its own failing dco status.
  for (const sha of [first, second]) {
    const statuses = await e.rest('alice', 'GET', `/repos/${e.repo}/commits/${sha}/statuses`);
    expect(statuses.map((s: any) => [s.context, s.state, s.description, s.target_url, s.creator?.login])).toEqual([
      ['dco', 'failure', 'Commits in PR missing Signed-off-by', contributing, 'coxswain-bot'],
    ]);
  }
  const dco = e.commentsBy(pr).filter(isDco);
  expect(dco).toHaveLength(1);
  expect(dco[0]!.body).toBe(
    "Thanks for your pull request. Before we can look at it, you'll need to add a 'DCO signoff' to your commits.\n\n" +
      `:memo: **Please follow instructions in the [contributing guide](${contributing}) to update your commits with the DCO**\n\n` +
      'Full details of the Developer Certificate of Origin can be found at [developercertificate.org](https://developercertificate.org/).\n\n' +
      `**The list of commits missing DCO signoff**:\n\n${shaLine(first, 'Add a farewell')}\n\n` +
      `<details>\n\n${ABOUT}\n</details>\n`,
  );
});

test('dco: /check-dco on a PR whose commits are all signed off sets dco-signoff: yes and a green status', async () => {
  await e.act('comment', { number: 2, user: 'dave', body: '/check-dco' });
  await e.until(2, (p) => p.labels.includes('dco-signoff: yes'));
  await e.settled(2);
  const pr = await e.issue(2);
  expect(pr.labels).not.toContain('dco-signoff: no');
  expect(pr.combined_status.contexts).toEqual({ dco: 'success' });
  expect(pr.statuses.map((s: any) => [s.context, s.state, s.description])).toEqual([['dco', 'success', 'All commits have Signed-off-by']]);
  expect(e.commentsBy(pr).filter(isDco)).toEqual([]);
});

test('invalidcommitmsg: a fixup! commit and an issue-closing title get the label and one comment', async () => {
  const { number: fixup } = await e.act('open-pr', { user: 'carol', title: 'Tidy the docs', files: ['docs/README.md:2:2'] });
  await e.settled(fixup);
  expect((await e.issue(fixup)).labels).not.toContain('do-not-merge/invalid-commit-message');
  const { head_sha: sha } = await e.act('push', { number: fixup, message: 'fixup! Tidy the docs', files: ['docs/README.md:3:2'] });
  await e.until(fixup, (p) => p.labels.includes('do-not-merge/invalid-commit-message'));
  await e.settled(fixup);
  let pr = await e.issue(fixup);
  expect(e.commentsBy(pr).filter(isInvalidMsg).map((c) => c.body)).toEqual([
    '<!-- [prow:invalid-commit-message] -->\n\nInvalid commit message issues detected\n\n' +
      '### Fixup/amend/squash commits\n\nTemporary commits like fixup!, amend!, or squash! are not allowed.\n\n' +
      'Use [git rebase --autosquash](https://git-scm.com/docs/git-rebase#Documentation/git-rebase.txt---autosquash) to fix them.\n\n' +
      `${shaLine(sha, 'fixup! Tidy the docs')}\n\n${ABOUT}`,
  ]);

  const { number: closing, head_sha: head } = await e.act('open-pr', { user: 'dave', title: 'Fixes #1: greet everyone', files: ['src/greet.ts:2:0'] });
  await e.until(closing, (p) => p.labels.includes('do-not-merge/invalid-commit-message'));
  await e.settled(closing);
  pr = await e.issue(closing);
  const keywords = '[Keywords](https://help.github.com/articles/closing-issues-using-keywords)';
  expect(e.commentsBy(pr).filter(isInvalidMsg).map((c) => c.body)).toEqual([
    '<!-- [prow:invalid-commit-message] -->\n\nInvalid commit message issues detected\n\n' +
      `### Invalid commit messages\n\n${keywords} which can automatically close issues and hashtag(#) mentions are not allowed.\n\n${shaLine(head, 'Fixes #1: greet everyone')}\n\n` +
      `### Invalid PR title\n\n${keywords} are not allowed in PR titles.\n\nUse \`/retitle <new-title>\` to fix it.\n\n${ABOUT}`,
  ]);
});

test('release-note: a PR without a note is held until its author says /release-note-none; a note gets release-note', async () => {
  const needed =
    'Adding the "do-not-merge/release-note-label-needed" label because no release-note block was detected, please follow our [release note process](https://git.k8s.io/community/contributors/guide/release-notes.md) to remove it.';
  const isNeeded = (c: { body: string }) => c.body === simple(needed);

  const { number: n } = await e.act('open-pr', { user: 'frank', title: 'Add a banner', body: 'Adds a banner.', files: ['src/banner.ts:9:0'] });
  await e.until(n, (p) => p.labels.includes('do-not-merge/release-note-label-needed'));
  await e.settled(n);
  let pr = await e.issue(n);
  expect(e.commentsBy(pr).filter(isNeeded)).toHaveLength(1);

  await e.act('comment', { number: n, user: 'frank', body: '/release-note-none' });
  await e.until(n, (p) => p.labels.includes('release-note-none') && !p.labels.includes('do-not-merge/release-note-label-needed'));
  await e.settled(n);
  pr = await e.issue(n);
  expect(pr.labels.filter((l: string) => l.includes('release-note'))).toEqual(['release-note-none']);
  expect(e.commentsBy(pr).filter(isNeeded)).toEqual([]);

  // Someone else, neither the author nor an org member, may not. (As in Prow, any later PR event
  // would count that /release-note-none all the same: Prow greps every comment for it.)
  const { number: other } = await e.act('open-pr', { user: 'carol', title: 'Add a footer', files: ['src/footer.ts:9:0'] });
  await e.until(other, (p) => p.labels.includes('do-not-merge/release-note-label-needed'));
  await e.settled(other);
  const { id: refused } = await e.act('comment', { number: other, user: 'frank', body: '/release-note-none' });
  await e.until(other, (p) => e.commentsBy(p).some((c) => c.body.startsWith('@frank')));
  await e.settled(other);
  pr = await e.issue(other);
  expect(pr.labels).toContain('do-not-merge/release-note-label-needed');
  expect(e.commentsBy(pr).filter((c) => c.body.startsWith('@frank')).map((c) => c.body)).toEqual([
    reply('frank', 'you can only set the release note label to release-note-none if you are the PR author or an org member.', '/release-note-none', commentUrl(e.repo, other, refused)),
  ]);

  const { number: noted } = await e.act('open-pr', { user: 'carol', title: 'Add a header', body: 'Header.\n\n```release-note\nThe page has a header.\n```', files: ['src/header.ts:9:0'] });
  await e.until(noted, (p) => p.labels.includes('release-note'));
  await e.settled(noted);
  pr = await e.issue(noted);
  expect(pr.labels.filter((l: string) => l.includes('release-note'))).toEqual(['release-note']);
  expect(e.commentsBy(pr).filter(isNeeded)).toEqual([]);
});
