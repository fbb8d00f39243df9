import { simContext, simGet, simPost, startSim, type Sim } from '../test/harness.js';
import { testScenario } from '../test/scenario.js';

// Pull requests through @octokit/rest: merge rules (405, 409, success), review requests (422 for
// the author and non-collaborators), files read at branches and SHAs, reviews and pushes.

let sim: Sim;
const r = { owner: 'acme', repo: 'widgets' };

beforeEach(async () => {
  sim = await startSim(testScenario(), { webhook: { echoApiWrites: true } });
});
afterEach(() => sim.close());

async function failure(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { status: number; response: { data: { message: string } } };
    return { status: e.status, message: e.response.data.message };
  }
  throw new Error('expected the request to fail');
}

describe('merge', () => {
  it('answers 405 when the PR is not mergeable or already closed', async () => {
    const octokit = sim.octokit();
    expect(await failure(octokit.rest.pulls.merge({ ...r, pull_number: 2 }))).toEqual({ status: 405, message: 'Pull Request is not mergeable' });
    await octokit.rest.pulls.update({ ...r, pull_number: 1, state: 'closed' });
    expect(await failure(octokit.rest.pulls.merge({ ...r, pull_number: 1 }))).toEqual({ status: 405, message: 'Pull Request is not mergeable' });
  });

  it('answers 409 when the head moved since the given sha', async () => {
    const octokit = sim.octokit();
    const before = (await octokit.rest.pulls.get({ ...r, pull_number: 1 })).data.head.sha;
    await simPost(sim.url, '/_sim/actions/push', { repo: 'acme/widgets', number: 1 });
    expect(await failure(octokit.rest.pulls.merge({ ...r, pull_number: 1, sha: before }))).toEqual({
      status: 409,
      message: 'Head branch was modified. Review and try the merge again.',
    });
  });

  it('merges: PR closed and merged, base branch moved, merge recorded, pull_request.closed sent by the bot', async () => {
    const octokit = sim.octokit();
    const pr = (await octokit.rest.pulls.get({ ...r, pull_number: 1 })).data;
    const baseBefore = (await octokit.rest.repos.getBranch({ ...r, branch: 'main' })).data.commit.sha;
    const res = await octokit.rest.pulls.merge({ ...r, pull_number: 1, sha: pr.head.sha, merge_method: 'squash' });
    expect(res.data).toMatchObject({ merged: true, message: 'Pull Request successfully merged' });
    const after = (await octokit.rest.pulls.get({ ...r, pull_number: 1 })).data;
    expect(after).toMatchObject({ state: 'closed', merged: true, merge_commit_sha: res.data.sha, merged_by: { login: 'bot' } });
    const baseAfter = (await octokit.rest.repos.getBranch({ ...r, branch: 'main' })).data.commit.sha;
    expect(baseAfter).toBe(res.data.sha);
    expect(baseAfter).not.toBe(baseBefore);
    // The merged file is on main now.
    const file = await octokit.rest.repos.getContent({ ...r, path: 'src/widget.go' });
    expect(Buffer.from((file.data as { content: string }).content, 'base64').toString()).toContain('func widget()');
    const state = await simGet<{ repos: Array<{ merges: unknown[] }> }>(sim.url, '/_sim/state');
    expect(state.repos[0]?.merges).toEqual([expect.objectContaining({ number: 1, sha: res.data.sha, method: 'squash', by: 'bot', head_sha: pr.head.sha })]);
    await simContext(sim.app).webhooks.idle();
    const closed = simContext(sim.app).webhooks.deliveries.find((d) => d.event === 'pull_request' && d.action === 'closed');
    expect(closed?.payload).toMatchObject({ action: 'closed', number: 1, pull_request: { merged: true, state: 'closed' }, sender: { login: 'bot' } });
  });

  it("honours the repository's merge settings: a forbidden method is GitHub's 405, nothing changes; PATCH switches it back", async () => {
    const octokit = sim.octokit();
    const admin = sim.octokit('alice-token');
    const updated = await admin.rest.repos.update({ ...r, allow_squash_merge: false });
    expect(updated.data).toMatchObject({ allow_squash_merge: false, allow_merge_commit: true, allow_rebase_merge: true });
    expect((await octokit.rest.repos.get(r)).data.allow_squash_merge).toBe(false);
    expect(await failure(octokit.rest.pulls.merge({ ...r, pull_number: 1, merge_method: 'squash' }))).toEqual({ status: 405, message: 'Squash merges are not allowed on this repository.' });
    expect((await octokit.rest.pulls.get({ ...r, pull_number: 1 })).data.merged).toBe(false);
    await admin.rest.repos.update({ ...r, allow_merge_commit: false, allow_squash_merge: true });
    expect(await failure(octokit.rest.pulls.merge({ ...r, pull_number: 1, merge_method: 'merge' }))).toEqual({ status: 405, message: 'Merge commits are not allowed on this repository.' });
    expect((await octokit.rest.pulls.merge({ ...r, pull_number: 1, merge_method: 'squash' })).data.merged).toBe(true);
  });

  it('refuses a repository settings change by a non-admin', async () => {
    expect((await failure(sim.octokit('frank-token').rest.repos.update({ ...r, allow_squash_merge: false }))).status).toBe(403);
  });

  it('refuses a merge by someone without write access', async () => {
    expect((await failure(sim.octokit('frank-token').rest.pulls.merge({ ...r, pull_number: 1 }))).status).toBe(403);
  });
});

describe('review requests', () => {
  it('answers 422 when requesting the author or a non-collaborator', async () => {
    const octokit = sim.octokit();
    expect(await failure(octokit.rest.pulls.requestReviewers({ ...r, pull_number: 1, reviewers: ['frank'] }))).toEqual({
      status: 422,
      message: 'Review cannot be requested from pull request author.',
    });
    const outsider = await failure(octokit.rest.pulls.requestReviewers({ ...r, pull_number: 1, reviewers: ['outsider'] }));
    expect(outsider.status).toBe(422);
    expect(outsider.message).toMatch(/^Reviews may only be requested from collaborators/);
  });

  it('adds and removes reviewers; a review takes the reviewer off the list', async () => {
    const octokit = sim.octokit();
    await octokit.rest.pulls.requestReviewers({ ...r, pull_number: 1, reviewers: ['alice', 'erin'] });
    await octokit.rest.pulls.removeRequestedReviewers({ ...r, pull_number: 1, reviewers: ['erin'] });
    let list = await octokit.rest.pulls.listRequestedReviewers({ ...r, pull_number: 1 });
    expect(list.data.users.map((u) => u.login)).toEqual(['dave', 'alice']);
    expect(list.data.teams.map((t) => t.slug)).toEqual(['docs']);
    await simPost(sim.url, '/_sim/actions/review', { repo: 'acme/widgets', number: 1, user: 'dave', state: 'approve' });
    list = await octokit.rest.pulls.listRequestedReviewers({ ...r, pull_number: 1 });
    expect(list.data.users.map((u) => u.login)).toEqual(['alice']);
    const reviews = await octokit.rest.pulls.listReviews({ ...r, pull_number: 1 });
    expect(reviews.data.map((x) => [x.user?.login, x.state])).toEqual([
      ['carol', 'COMMENTED'],
      ['dave', 'APPROVED'],
    ]);
  });
});

describe('files and contents', () => {
  it('reads OWNERS at the default branch, a branch and a SHA, and 404s a missing file', async () => {
    const octokit = sim.octokit();
    const read = async (path: string, ref?: string) => {
      const res = await octokit.rest.repos.getContent({ ...r, path, ref });
      return Buffer.from((res.data as { content: string }).content, 'base64').toString();
    };
    expect(await read('docs/OWNERS')).toBe('approvers:\n  - carol\n');
    expect(await read('OWNERS', 'feature')).toBe('approvers:\n  - alice\n');
    const sha = (await octokit.rest.repos.getBranch({ ...r, branch: 'main' })).data.commit.sha;
    expect(await read('OWNERS_ALIASES', sha)).toContain('core:');
    expect((await failure(octokit.rest.repos.getContent({ ...r, path: 'nope/OWNERS' }))).status).toBe(404);
    expect((await failure(octokit.rest.repos.getContent({ ...r, path: 'OWNERS', ref: 'no-such-branch' }))).status).toBe(404);
  });

  it('lists changed files with counts, and a push changes the head and the files', async () => {
    const octokit = sim.octokit();
    const files = await octokit.rest.pulls.listFiles({ ...r, pull_number: 1 });
    expect(files.data.map((f) => [f.filename, f.status, f.additions, f.deletions])).toEqual([
      ['src/widget.go', 'added', 3, 0],
      ['docs/widgets.md', 'added', 30, 0],
    ]);
    const pushed = await simPost(sim.url, '/_sim/actions/push', { repo: 'acme/widgets', number: 1, files: ['README.md:5:2'] });
    const pr = await octokit.rest.pulls.get({ ...r, pull_number: 1 });
    expect(pr.data.head.sha).toBe(pushed.body.head_sha);
    expect(pr.data.changed_files).toBe(3);
    expect((await octokit.rest.pulls.listCommits({ ...r, pull_number: 1 })).data).toHaveLength(2);
  });

  it('opens a PR from an existing branch with files from the tree diff', async () => {
    const octokit = sim.octokit();
    const created = await octokit.rest.pulls.create({ ...r, title: 'Feature', head: 'feature', base: 'main' });
    expect(created.status).toBe(201);
    expect(created.data.number).toBe(5);
    const files = await octokit.rest.pulls.listFiles({ ...r, pull_number: 5 });
    expect(files.data.find((f) => f.filename === 'src/feature.go')).toMatchObject({ status: 'added', additions: 1 });
    const open = await octokit.rest.pulls.list({ ...r, head: 'acme:feature' });
    expect(open.data.map((p) => p.number)).toEqual([5]);
  });
});

describe('search', () => {
  it('finds open PRs by repo, labels, missing labels and base branch', async () => {
    const octokit = sim.octokit();
    await octokit.rest.issues.addLabels({ ...r, issue_number: 3, labels: ['kind/bug', 'do-not-merge/hold'] });
    const q = 'is:pr state:open repo:acme/widgets label:kind/bug -label:"do-not-merge/hold" base:main';
    const res = await octokit.rest.search.issuesAndPullRequests({ q });
    expect(res.data.items.map((i) => i.number)).toEqual([1]);
    expect(res.data.items[0]?.pull_request).toBeDefined();
    const issues = await octokit.rest.search.issuesAndPullRequests({ q: 'is:issue repo:acme/widgets label:kind/bug' });
    expect(issues.data.items.map((i) => i.number)).toEqual([4]);
  });
});

describe('reviews and git data', () => {
  it('creates reviews through the API: approvals count, inline comments are kept, pending ones stay private', async () => {
    const bot = sim.octokit('bot-token');
    await bot.rest.pulls.createReview({ ...r, pull_number: 1, event: 'APPROVE' });
    await bot.rest.pulls.createReview({ ...r, pull_number: 1, body: 'draft', comments: [{ path: 'src/widget.go', line: 3, body: 'hmm' }] });
    expect((await sim.octokit('bot-token').rest.pulls.listReviews({ ...r, pull_number: 1 })).data.map((x) => x.state)).toEqual(['COMMENTED', 'APPROVED', 'PENDING']);
    expect((await sim.octokit('alice-token').rest.pulls.listReviews({ ...r, pull_number: 1 })).data.map((x) => x.state)).toEqual(['COMMENTED', 'APPROVED']);
    const pr = await simGet<{ reviews: Array<{ state: string; comments?: unknown[] }> }>(sim.url, '/_sim/repos/acme/widgets/issues/1');
    expect(pr.reviews[2]).toMatchObject({ state: 'PENDING', comments: [{ path: 'src/widget.go', line: 3, body: 'hmm' }] });
    expect(await failure(sim.octokit('frank-token').rest.pulls.createReview({ ...r, pull_number: 1, event: 'APPROVE' }))).toEqual({ status: 422, message: 'Unprocessable Entity' });
  });

  it('gives equal trees equal tree SHAs', async () => {
    const octokit = sim.octokit();
    const head = (await octokit.rest.pulls.get({ ...r, pull_number: 1 })).data.head.sha;
    const pushed = await simPost(sim.url, '/_sim/actions/push', { repo: 'acme/widgets', number: 1 });
    const a = await octokit.rest.git.getCommit({ ...r, commit_sha: head });
    const b = await octokit.rest.git.getCommit({ ...r, commit_sha: String(pushed.body.head_sha) });
    expect(b.data.parents.map((p) => p.sha)).toEqual([head]);
    expect(b.data.tree.sha).toBe(a.data.tree.sha);
    const changed = await simPost(sim.url, '/_sim/actions/push', { repo: 'acme/widgets', number: 1, files: [{ filename: 'x.txt', content: 'x\n' }] });
    expect((await octokit.rest.git.getCommit({ ...r, commit_sha: String(changed.body.head_sha) })).data.tree.sha).not.toBe(a.data.tree.sha);
  });

  it('deletes a branch and closes its open PR, as GitHub does', async () => {
    const octokit = sim.octokit();
    expect((await octokit.rest.git.deleteRef({ ...r, ref: 'heads/wip' })).status).toBe(204);
    expect((await octokit.rest.pulls.get({ ...r, pull_number: 3 })).data.state).toBe('closed');
    expect((await failure(octokit.rest.repos.getBranch({ ...r, branch: 'wip' }))).status).toBe(404);
    expect((await failure(octokit.rest.git.deleteRef({ ...r, ref: 'heads/main' }))).status).toBe(422);
  });
});
