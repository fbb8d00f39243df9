import { fileURLToPath } from 'node:url';
import { startE2E, type E2E } from '../support/e2e.js';
import { FOOTER, reply, simple } from './prow-texts.js';

// Repository policies, with test/fixtures/e2e/repo-policy/plugins.yaml: blockade, owners-label,
// verify-owners, needs-rebase (an external plugin in Prow), branchcleaner and
// require-matching-label (with label, so /kind can satisfy it).

let e: E2E;
beforeAll(async () => {
  e = await startE2E({
    pluginsPath: fileURLToPath(new URL('../fixtures/e2e/repo-policy/plugins.yaml', import.meta.url)),
    seed: (s) => {
      const repo = s.repos![0]!;
      repo.files = {
        ...repo.files,
        // api/ has its own OWNERS with labels; area/missing does not exist in the repository.
        'api/OWNERS': 'approvers:\n- alice\nlabels:\n- area/api\n- area/missing\n',
        'vendor/README.md': 'Vendored code.\n',
      };
      repo.labels = [...(repo.labels ?? []), { name: 'area/api', color: 'c5def5' }];
    },
  });
});
afterAll(async () => {
  await e?.close();
});

test('blockade: a PR touching a protected path is labelled and told why; exceptions pass', async () => {
  const { number: n, head_sha: head } = await e.act('open-pr', {
    user: 'carol',
    title: 'Bump the vendored lib',
    files: ['vendor/lib.go:10:2', 'vendor/README.md:1:0', 'src/use.go:3:0'],
  });
  const { number: readme } = await e.act('open-pr', { user: 'carol', title: 'Explain vendoring', files: ['vendor/README.md:4:0'] });
  await e.until(n, (p) => p.labels.includes('do-not-merge/blocked-paths'));
  await e.settled(n);
  await e.settled(readme);
  const pr = await e.issue(n);
  expect(e.commentsBy(pr).map((c) => c.body)).toEqual([
    '@carol: Adding label: `do-not-merge/blocked-paths` because PR changes a protected file.\n\n<details>\n\n' +
      '#### Reasons for blocking this PR:\n[Vendored code is only updated by the vendoring bot.]\n' +
      `- [vendor/lib.go](https://github.com/${e.repo}/blob/${head}/vendor/lib.go)\n\n` +
      `\n\n${FOOTER}\n</details>`,
  ]);
  const other = await e.issue(readme);
  expect(other.labels).not.toContain('do-not-merge/blocked-paths');
  expect(e.commentsBy(other)).toEqual([]);
});

test('owners-label: labels from the OWNERS files covering the changes, if the repository has them', async () => {
  const { number: n } = await e.act('open-pr', { user: 'dave', title: 'Serve v1', files: ['api/server.go:5:0'] });
  await e.until(n, (p) => p.labels.includes('area/api'));
  await e.settled(n);
  expect((await e.issue(n)).labels).toEqual(['area/api']);
});

test('verify-owners: an OWNERS file with a banned label gets a review and the label until it is fixed', async () => {
  const body = 'Adds an OWNERS file for v2.';
  const { number: n } = await e.act('open-pr', {
    user: 'frank',
    title: 'Own api/v2',
    body,
    files: [{ filename: 'api/v2/OWNERS', content: 'approvers:\n- alice\nlabels:\n- lgtm\n' }],
  });
  let pr = await e.until(n, (p) => p.labels.includes('do-not-merge/invalid-owners-file') && p.reviews.length > 0);
  await e.settled(n);
  pr = await e.issue(n);
  expect(pr.reviews).toHaveLength(1);
  const review = pr.reviews[0];
  expect([review.user, review.state]).toEqual(['coxswain-bot', 'COMMENTED']);
  expect(review.body).toBe(reply('frank', '1 invalid OWNERS file', body, `https://github.com/${e.repo}/pull/${n}`));
  expect(review.comments.map((c: any) => [c.path, c.position, c.body])).toEqual([['api/v2/OWNERS', 1, 'File contains banned labels: [lgtm].']]);

  await e.act('push', { number: n, files: [{ filename: 'api/v2/OWNERS', content: 'approvers:\n- alice\n' }] });
  pr = await e.until(n, (p) => !p.labels.includes('do-not-merge/invalid-owners-file'));
  await e.settled(n);
  pr = await e.issue(n);
  expect(pr.labels).not.toContain('do-not-merge/invalid-owners-file');
  expect(pr.reviews).toHaveLength(1);
});

test('needs-rebase: a PR GitHub cannot merge is labelled and told; once mergeable, label and comment go', async () => {
  const { number: n } = await e.act('open-pr', { user: 'carol', title: 'Old branch', mergeable: false, files: ['src/old.ts:2:0'] });
  let pr = await e.until(n, (p) => p.labels.includes('needs-rebase'));
  await e.settled(n);
  pr = await e.issue(n);
  const notices = e.commentsBy(pr);
  expect(notices.map((c) => c.body)).toEqual([simple('PR needs rebase.')]);

  await e.act('set-mergeable', { number: n, mergeable: true });
  await e.act('push', { number: n, message: 'Rebase on main' });
  pr = await e.until(n, (p) => !p.labels.includes('needs-rebase'));
  await e.settled(n);
  pr = await e.issue(n);
  expect(e.commentsBy(pr)).toEqual([]);
  expect(pr.deleted_comments.map((c: { id: number }) => c.id)).toEqual([notices[0]!.id]);
});

// Prow's needs-rebase reads the PR from GitHub on every comment (GitHub sends no webhook when
// another merge makes this PR conflict), so Coxswain asks for a fresh `mergeable` fact too.
test('needs-rebase: a PR that stops being mergeable is labelled on its next comment, as Prow checks on comments', async () => {
  const { number: n } = await e.act('open-pr', { user: 'carol', title: 'Fresh branch', files: ['src/fresh.ts:2:0'] });
  await e.settled(n);
  expect((await e.issue(n)).labels).not.toContain('needs-rebase');
  // Another PR merged into main and this one now conflicts; GitHub sends no webhook for that.
  await e.act('set-mergeable', { number: n, mergeable: false });
  await e.act('comment', { number: n, user: 'dave', body: 'Any news here?' });
  await e.settled(n);
  const pr = await e.issue(n);
  expect(pr.labels).toContain('needs-rebase');
  expect(e.commentsBy(pr).map((c) => c.body)).toEqual([simple('PR needs rebase.')]);
});

test('branchcleaner: a merged PR\'s branch is deleted, a preserved branch is kept', async () => {
  const { number: n } = await e.act('open-pr', { user: 'carol', title: 'Clean up', head: 'feature/cleanup', files: ['src/clean.ts:3:0'] });
  const { number: kept } = await e.act('open-pr', { user: 'carol', title: 'Release fixes', head: 'release-2.0', files: ['src/fix.ts:3:0'] });
  await e.settled(n);
  await e.settled(kept);
  for (const number of [n, kept]) await e.rest('alice', 'PUT', `/repos/${e.repo}/pulls/${number}/merge`, { merge_method: 'squash' });
  await e.until(n, (p) => p.merged);
  await e.settled(n);
  await e.settled(kept);
  const branch = (b: string) => e.rest('alice', 'GET', `/repos/${e.repo}/branches/${encodeURIComponent(b)}`);
  await expect(branch('feature/cleanup')).rejects.toThrow(/404/);
  await expect(branch('release-2.0')).resolves.toMatchObject({ name: 'release-2.0' });
});

test('require-matching-label: an issue without a kind/* label is flagged until /kind gives it one', async () => {
  const { number: n } = await e.act('open-issue', { user: 'frank', title: 'The logo is blurry' });
  let issue = await e.until(n, (p) => p.labels.includes('needs-kind'));
  await e.settled(n);
  issue = await e.issue(n);
  const flagged = e.commentsBy(issue);
  expect(flagged.map((c) => c.body)).toEqual([simple('Please say what kind of issue this is with `/kind bug` or `/kind feature`.')]);

  await e.act('comment', { number: n, user: 'dave', body: '/kind bug' });
  issue = await e.until(n, (p) => p.labels.includes('kind/bug') && !p.labels.includes('needs-kind'));
  await e.settled(n);
  issue = await e.issue(n);
  expect(issue.labels).toEqual(['kind/bug']);
  expect(e.commentsBy(issue)).toEqual([]);
  expect(issue.deleted_comments.map((c: { id: number }) => c.id)).toEqual([flagged[0]!.id]);
});
