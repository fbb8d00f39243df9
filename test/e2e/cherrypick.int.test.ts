import { fileURLToPath } from 'node:url';
import { startE2E, type E2E } from '../support/e2e.js';
import { commentUrl, reply } from './prow-texts.js';

// Prow's cherrypicker (an external plugin, listed under external_plugins) on the real path: an org
// member asks for a cherry-pick on an open PR, the PR merges through GitHub's REST API, and
// Coxswain opens the cherry-pick PR against the release branch through the Git Data API.

const pluginsPath = fileURLToPath(new URL('../fixtures/e2e/cherrypick/plugins.yaml', import.meta.url));
const README = '# hello\n\nA small repository to try Coxswain on.\n';
const RELEASE_HEAD = 'ae10000000000000000000000000000000000001';

let e: E2E;
beforeAll(async () => {
  e = await startE2E({
    pluginsPath,
    seed: (s) => {
      const repo = s.repos![0]!;
      // release-1.0: main's files as of the release, plus a file of its own.
      repo.branches = { 'release-1.0': RELEASE_HEAD };
      repo.trees = { 'release-1.0': { ...(repo.files as Record<string, string>), VERSION: '1.0.0\n' } };
    },
  });
});
afterAll(async () => {
  await e?.close();
});

test('/cherrypick on an open PR: remembered, then a new PR against the release branch once it merges', async () => {
  const fixed = `${README}Now with a greeting.\n`;
  const { number: n } = await e.act('open-pr', { user: 'bob', title: 'Greet the reader', head: 'greet', files: [{ filename: 'README.md', content: fixed }] });
  const asked = await e.act('comment', { number: n, user: 'carol', body: '/cherrypick release-1.0' });
  const url = commentUrl(e.repo, n, asked.id);

  const promise = 'once the present PR merges, I will cherry-pick it on top of `release-1.0` in a new PR and assign it to you.';
  let pr = await e.until(n, (p) => e.commentsBy(p).some((c) => c.body.includes(promise)));
  expect(e.commentsBy(pr).map((c) => c.body)).toContain(reply('carol', promise, '/cherrypick release-1.0', url));
  await e.settled(n);

  await e.rest('alice', 'PUT', `/repos/${e.repo}/pulls/${n}/merge`, { merge_method: 'squash' });
  pr = await e.until(n, (p) => e.commentsBy(p).some((c) => c.body.startsWith('@carol: new pull request created: #')));
  const created = e.commentsBy(pr).find((c) => c.body.startsWith('@carol: new pull request created: #'))!;
  const m = Number(/#(\d+)/.exec(created.body)![1]);
  expect(created.body).toBe(reply('carol', `new pull request created: #${m}`, '/cherrypick release-1.0', url));

  const pick = await e.until(m, (p) => p.assignees.includes('carol'));
  expect(pick).toMatchObject({
    kind: 'pull',
    state: 'open',
    user: 'coxswain-bot',
    title: '[release-1.0] Greet the reader',
    body: `This is an automated cherry-pick of #${n}\n\n/assign carol`,
    base: { ref: 'release-1.0', sha: RELEASE_HEAD },
    head: { ref: `cherry-pick-${n}-to-release-1.0` },
  });
  expect(pick.files.map((f: { filename: string; status: string }) => `${f.status} ${f.filename}`)).toEqual(['modified README.md']);

  // The release branch's own file stays; the PR's change is there.
  const read = async (path: string) => {
    const file = await e.rest('carol', 'GET', `/repos/${e.repo}/contents/${path}?ref=cherry-pick-${n}-to-release-1.0`);
    return Buffer.from(file.content, 'base64').toString('utf8');
  };
  expect(await read('README.md')).toBe(fixed);
  expect(await read('VERSION')).toBe('1.0.0\n');
  await e.settled(n);
  expect((await e.workflowState(n)).memory).not.toHaveProperty(['cherrypick:release-1.0']);
});
