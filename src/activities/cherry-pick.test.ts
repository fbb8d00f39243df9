import { Octokit } from '@octokit/rest';
import { createCherryPickActivities, planFiles } from './cherry-pick.js';
import { startGithubSim, type RunningSim } from '@coxswain/github-sim/server.js';
import type { Scenario } from '@coxswain/github-sim/scenario-schema.js';
import { githubDeps } from '../../test/support/github.js';

// The cherry-pick activity against the GitHub simulator: a PR merged into main is cherry-picked
// onto release-1.0 through the Git Data API, without clobbering what the release branch changed.

const FILES = { 'README.md': '# widgets\n', 'src/a.go': 'package a\n', 'docs/old.md': 'old\n', 'notes.md': 'notes\n' };
const scenario: Scenario = {
  clock: '2024-05-01T12:00:00Z',
  users: [{ login: 'alice', token: 'alice-token' }, { login: 'bot', type: 'Bot', token: 'bot-token' }, 'frank'],
  orgs: [{ login: 'acme', admins: ['alice'], members: ['bot'] }],
  repos: [
    {
      name: 'acme/widgets',
      collaborators: { bot: 'write' },
      files: FILES,
      branches: { 'release-1.0': 'fe11000000000000000000000000000000000001' },
      // The release branch has diverged on notes.md and has a file of its own.
      trees: { 'release-1.0': { ...FILES, 'notes.md': 'release notes\n', RELEASE: '1.0\n' } },
    },
  ],
};

let sim: RunningSim;
let gh: Octokit;
let act: ReturnType<typeof createCherryPickActivities>;
const r = { owner: 'acme', repo: 'widgets' };
const request = (n: number, targetBranch = 'release-1.0') => ({ targetBranch, title: `[${targetBranch}] Change ${n}`, body: `This is an automated cherry-pick of #${n}\n\n/assign alice`, requester: 'alice' });

async function simAction(name: string, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(`${sim.url}/_sim/actions/${name}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ repo: 'acme/widgets', ...body }) });
  return (await res.json()) as Record<string, unknown>;
}

/** Opens a PR by frank with these files and merges it as the bot; its number. */
async function mergedPR(title: string, files: Array<Record<string, unknown>>, merge = true): Promise<number> {
  const { number } = (await simAction('open-pr', { user: 'frank', title, head: `pr-${title.replace(/\W+/g, '-')}`, files })) as { number: number };
  if (merge) await gh.rest.pulls.merge({ ...r, pull_number: number, merge_method: 'squash' });
  return number;
}

const text = async (ref: string, path: string) => {
  const { data } = await gh.rest.repos.getContent({ ...r, path, ref });
  return Buffer.from((data as { content: string }).content, 'base64').toString('utf8');
};
const branchSha = async (b: string) => (await gh.rest.git.getRef({ ...r, ref: `heads/${b}` })).data.object.sha;

beforeAll(async () => {
  sim = await startGithubSim({ port: 0, seed: scenario });
  gh = new Octokit({ baseUrl: sim.url, auth: 'bot-token', log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} } });
  act = createCherryPickActivities(githubDeps(sim.url, 'bot-token'));
});
afterAll(async () => {
  await sim?.close();
});

describe('cherryPick activity', () => {
  let n: number;
  let made: { number: number; url: string; existing: boolean };
  const releaseHead = 'fe11000000000000000000000000000000000001';

  beforeAll(async () => {
    n = await mergedPR('Change README', [
      { filename: 'README.md', content: '# widgets\n\nNow with docs.\n' },
      { filename: 'src/b.go', content: 'package b\n' },
      { filename: 'docs/old.md', status: 'removed' },
    ]);
    made = await act.cherryPick({ ...r, number: n }, request(n));
  });

  it('opens a PR against the target branch with the title and body asked for, assigned to the requester', async () => {
    expect(made.existing).toBe(false);
    const { data: pr } = await gh.rest.pulls.get({ ...r, pull_number: made.number });
    expect(pr).toMatchObject({ state: 'open', title: `[release-1.0] Change ${n}`, body: `This is an automated cherry-pick of #${n}\n\n/assign alice`, html_url: made.url });
    expect(pr.base.ref).toBe('release-1.0');
    expect(pr.head.ref).toBe(`cherry-pick-${n}-to-release-1.0`);
    expect(pr.assignees?.map((a) => a.login)).toEqual(['alice']);
  });

  it("carries exactly the PR's changes onto the release branch, keeping the branch's own files", async () => {
    const { data: files } = await gh.rest.pulls.listFiles({ ...r, pull_number: made.number });
    expect(files.map((f) => `${f.status} ${f.filename}`).sort()).toEqual(['added src/b.go', 'modified README.md', 'removed docs/old.md']);
    const head = `cherry-pick-${n}-to-release-1.0`;
    expect(await text(head, 'README.md')).toBe('# widgets\n\nNow with docs.\n');
    expect(await text(head, 'RELEASE')).toBe('1.0\n');
    expect(await text(head, 'notes.md')).toBe('release notes\n');
    const { data: commit } = await gh.rest.git.getCommit({ ...r, commit_sha: await branchSha(head) });
    expect(commit.message).toBe('Change README');
    expect(commit.parents.map((p) => p.sha)).toEqual([releaseHead]);
  });

  it('reuses the open PR when asked again, writing nothing', async () => {
    const before = await branchSha(`cherry-pick-${n}-to-release-1.0`);
    await expect(act.cherryPick({ ...r, number: n }, request(n))).resolves.toEqual({ ...made, existing: true });
    expect(await branchSha(`cherry-pick-${n}-to-release-1.0`)).toBe(before);
  });

  it("reuses the branch an interrupted attempt left (no second commit) and opens the PR", async () => {
    const before = await branchSha(`cherry-pick-${n}-to-release-1.0`);
    await gh.rest.pulls.update({ ...r, pull_number: made.number, state: 'closed' });
    const again = await act.cherryPick({ ...r, number: n }, request(n));
    expect(again.existing).toBe(false);
    expect(again.number).not.toBe(made.number);
    expect(await branchSha(`cherry-pick-${n}-to-release-1.0`)).toBe(before);
  });

  it('refuses a file the release branch changed since the PR\'s base, as git am would, and writes nothing', async () => {
    const m = await mergedPR('Change notes', [
      { filename: 'notes.md', content: 'notes, improved\n' },
      { filename: 'RELEASE', content: 'main has no release\n' },
    ]);
    const err = act.cherryPick({ ...r, number: m }, request(m));
    await expect(err).rejects.toMatchObject({ type: 'CherryPickConflict', nonRetryable: true });
    await expect(err).rejects.toThrow(
      'Applying: Change notes\nerror: patch failed: notes.md\nerror: notes.md: patch does not apply\nerror: RELEASE: already exists in working directory\nPatch failed at 0001 Change notes',
    );
    await expect(gh.rest.git.getRef({ ...r, ref: `heads/cherry-pick-${m}-to-release-1.0` })).rejects.toMatchObject({ status: 404 });
  });

  it('refuses an unmerged PR and a missing branch', async () => {
    const open = await mergedPR('Still open', [{ filename: 'src/c.go', content: 'package c\n' }], false);
    await expect(act.cherryPick({ ...r, number: open }, request(open))).rejects.toMatchObject({ type: 'CherryPickUnmerged', nonRetryable: true });
    await expect(act.cherryPick({ ...r, number: n }, request(n, 'release-9.9'))).rejects.toMatchObject({ type: 'CherryPickNoBranch', nonRetryable: true });
  });
});

describe('planFiles', () => {
  const e = (sha: string) => ({ mode: '100644' as const, type: 'blob' as const, sha });
  const m = (o: Record<string, string | undefined>) => {
    const out = new Map<string, ReturnType<typeof e>>();
    for (const [p, s] of Object.entries(o)) if (s) out.set(p, e(s));
    return out;
  };

  it.each([
    { name: 'a rename moves the file', file: { filename: 'b', status: 'renamed', previous_filename: 'a' }, base: { a: '1' }, head: { b: '1' }, onto: { a: '1' }, want: ['a -', 'b 1'] },
    { name: 'a rename of a file the branch changed', file: { filename: 'b', status: 'renamed', previous_filename: 'a' }, base: { a: '1' }, head: { b: '1' }, onto: { a: '2' }, want: ['error: patch failed: a', 'error: a: patch does not apply'] },
    { name: 'a change to a file the branch lacks', file: { filename: 'a', status: 'modified' }, base: { a: '1' }, head: { a: '2' }, onto: {}, want: ['error: a: does not exist in index'] },
    { name: 'a change the branch already has', file: { filename: 'a', status: 'modified' }, base: { a: '1' }, head: { a: '2' }, onto: { a: '2' }, want: ['a 2'] },
    { name: 'an added file the branch has identically', file: { filename: 'a', status: 'added' }, base: {}, head: { a: '2' }, onto: { a: '2' }, want: ['a 2'] },
    { name: 'a removal of a file the branch changed', file: { filename: 'a', status: 'removed' }, base: { a: '1' }, head: {}, onto: { a: '3' }, want: ['error: patch failed: a', 'error: a: patch does not apply'] },
  ])('$name', ({ file, base, head, onto, want }) => {
    const { entries, problems } = planFiles([file], m(base), m(head), m(onto));
    expect([...entries.map((x) => `${x.path} ${x.sha ?? '-'}`), ...problems]).toEqual(want);
  });
});
