import { stringify as toYaml } from 'yaml';
import { simGet, simPost, startSim, type Sim } from '../test/harness.js';
import { CLOCK, testScenario } from '../test/scenario.js';
import { buildGithubSim } from './app.js';
import { demoSeed } from './demo-seed.js';
import { buildState, SeedError } from './seed.js';

// The scenario contract: POST /_sim/seed (YAML or JSON) replaces the state, GET /_sim/state gives
// it back in the same shape, and seeding that output again changes nothing.

let sim: Sim;

beforeEach(async () => {
  sim = await startSim(testScenario());
});
afterEach(() => sim.close());

async function seedYaml(doc: unknown): Promise<Response> {
  return fetch(`${sim.url}/_sim/seed`, { method: 'POST', headers: { 'content-type': 'application/yaml' }, body: toYaml(doc) });
}

describe('seed and state', () => {
  it('round-trips: seeding the state read back gives the same state', async () => {
    // Some history first, so the state holds merges, deleted comments, statuses and reviews.
    const octokit = sim.octokit();
    await octokit.rest.issues.addLabels({ owner: 'acme', repo: 'widgets', issue_number: 1, labels: ['lgtm'] });
    const c = await octokit.rest.issues.createComment({ owner: 'acme', repo: 'widgets', issue_number: 4, body: 'gone soon' });
    await octokit.rest.issues.deleteComment({ owner: 'acme', repo: 'widgets', comment_id: c.data.id });
    await simPost(sim.url, '/_sim/actions/review', { repo: 'acme/widgets', number: 1, user: 'dave', state: 'approve' });
    await octokit.rest.pulls.merge({ owner: 'acme', repo: 'widgets', pull_number: 1 });
    await sim.octokit('alice-token').rest.repos.update({ owner: 'acme', repo: 'widgets', allow_rebase_merge: false });
    const first = await simGet<{ repos: Array<{ merges: unknown[]; allow_rebase_merge?: boolean; issues: Array<{ deleted_comments: unknown[] }> }> }>(sim.url, '/_sim/state');
    expect(first.repos[0]?.merges).toHaveLength(1);
    expect(first.repos[0]?.issues[0]?.deleted_comments).toHaveLength(1);
    expect(first.repos[0]).toMatchObject({ allow_rebase_merge: false });
    const seeded = await seedYaml(first);
    expect(seeded.status).toBe(200);
    const second = await simGet(sim.url, '/_sim/state');
    expect(second).toEqual(first);
    const json = await simPost(sim.url, '/_sim/seed', second);
    expect(json.status).toBe(200);
    expect(await simGet(sim.url, '/_sim/state')).toEqual(first);
  });

  it('replaces what was there', async () => {
    const res = await seedYaml({ clock: CLOCK, users: ['solo'], repos: [{ name: 'solo/one' }] });
    expect(await res.json()).toEqual({ seeded: { users: 1, orgs: 0, repos: 1, pulls: 0, issues: 0 } });
    const state = await simGet<{ users: Array<{ login: string }>; repos: Array<{ owner: string; name: string }> }>(sim.url, '/_sim/state');
    expect(state.users.map((u) => u.login)).toEqual(['solo']);
    expect(state.repos.map((r) => `${r.owner}/${r.name}`)).toEqual(['solo/one']);
    expect((await fetch(`${sim.url}/repos/acme/widgets`)).status).toBe(404);
  });

  it('reports every problem with the path of the key to fix', async () => {
    const res = await seedYaml({
      users: ['alice'],
      repos: [{ name: 'ghost/repo' }, { name: 'alice/r', collaborators: { bob: 'write' }, pulls: [{ title: 'x', user: 'carol', base: 'nope' }] }],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string; problems: string[] };
    expect(body.message).toBe('invalid scenario');
    expect(body.problems).toEqual([
      "repos.0: unknown owner 'ghost' (add it under users: or orgs:)",
      "repos.1.collaborators.bob: unknown user 'bob' (add it under users:)",
      "repos.1.pulls.0.user: unknown user 'carol' (add it under users:)",
      "repos.1.pulls.0.base: no branch 'nope' in alice/r (add it under branches:)",
    ]);
  });

  it('rejects unknown keys and bad values by path', () => {
    expect(() => buildState({ users: [{ login: 'a', tokn: 'x' }] })).toThrow(SeedError);
    try {
      buildState({ repos: [{ name: 'a/b', pulls: [{ title: 't', user: 'a', reviews: [{ user: 'a', state: 'LOVE' }] }] }] });
    } catch (err) {
      expect((err as SeedError).problems.join('\n')).toContain("repos.0.pulls.0.reviews.0.state: unknown review state 'LOVE'");
    }
    expect.assertions(2);
  });

  it('stamps deterministic timestamps from a fixed clock, one second per write', async () => {
    const octokit = sim.octokit();
    const a = await octokit.rest.issues.createComment({ owner: 'acme', repo: 'widgets', issue_number: 4, body: 'a' });
    const b = await octokit.rest.issues.createComment({ owner: 'acme', repo: 'widgets', issue_number: 4, body: 'b' });
    expect(Date.parse(b.data.created_at) - Date.parse(a.data.created_at)).toBe(1000);
    expect(Date.parse(a.data.created_at)).toBeGreaterThan(Date.parse(CLOCK));
    expect(b.data.id).toBeGreaterThan(a.data.id);
    const clock = await simPost(sim.url, '/_sim/clock', { now: '2030-01-01T00:00:00Z' });
    expect(clock.body).toEqual({ clock: '2030-01-01T00:00:00Z', clock_mode: 'fixed' });
    const c = await octokit.rest.issues.createComment({ owner: 'acme', repo: 'widgets', issue_number: 4, body: 'c' });
    expect(c.data.created_at).toBe('2030-01-01T00:00:00Z');
  });

  it('reads one PR back with its facts', async () => {
    await simPost(sim.url, '/_sim/actions/status', { repo: 'acme/widgets', number: 1, user: 'bot', context: 'ci/lint', state: 'pending' });
    const pr = await simGet<Record<string, unknown>>(sim.url, '/_sim/repos/acme/widgets/issues/1');
    expect(pr).toMatchObject({
      repo: 'acme/widgets',
      kind: 'pull',
      number: 1,
      title: 'Add widgets',
      state: 'open',
      labels: ['kind/bug'],
      assignees: ['bob'],
      milestone: 'v1.0',
      requested_reviewers: ['dave'],
      requested_teams: ['docs'],
      comments: [expect.objectContaining({ user: 'alice', body: 'Looks good', id: expect.any(Number) })],
      combined_status: { state: 'pending', contexts: { 'ci/test': 'success', 'ci/lint': 'pending' } },
    });
    expect((await fetch(`${sim.url}/_sim/repos/acme/widgets/issues/77`)).status).toBe(404);
  });

  it('returns the state as YAML on request', async () => {
    const res = await fetch(`${sim.url}/_sim/state?format=yaml`);
    expect(res.headers.get('content-type')).toMatch(/yaml/);
    expect(await res.text()).toContain('name: widgets');
  });
});

describe('demo seed', () => {
  it('loads with OWNERS files, the labels and PR #1 by frank', async () => {
    const app = buildGithubSim({ scenario: demoSeed });
    try {
      const get = async (url: string) => (await app.inject({ url, headers: { authorization: 'token playground-token' } })).json();
      expect((await get('/user')).login).toBe('coxswain-bot');
      const owners = await get('/repos/demo/hello/contents/OWNERS');
      expect(Buffer.from(owners.content, 'base64').toString()).toMatch(/approvers:\n {2}- alice\n {2}- bob\nreviewers:\n {2}- carol\n {2}- dave/);
      const docs = await get('/repos/demo/hello/contents/docs%2FOWNERS');
      expect(Buffer.from(docs.content, 'base64').toString()).toBe('approvers:\n  - erin\n');
      expect((await get('/repos/demo/hello/contents/OWNERS_ALIASES')).name).toBe('OWNERS_ALIASES');
      const pr = await get('/repos/demo/hello/pulls/1');
      expect(pr).toMatchObject({ title: 'Add a greeting', user: { login: 'frank' }, additions: 42, deletions: 1, changed_files: 2 });
      const labels = (await get('/repos/demo/hello/labels?per_page=100')).map((l: { name: string }) => l.name);
      expect(labels).toEqual(expect.arrayContaining(['lgtm', 'approved', 'do-not-merge/hold', 'size/XXL', 'help wanted', 'good first issue', 'lifecycle/rotten']));
      expect(labels).toHaveLength(20);
      const frank = await app.inject({ url: '/repos/demo/hello/collaborators/frank', headers: { authorization: 'token playground-token' } });
      expect(frank.statusCode).toBe(404);
    } finally {
      await app.close();
    }
  });
});

describe('wall clock', () => {
  it('follows real time when the scenario sets no clock', async () => {
    const live = await startSim({ users: [{ login: 'u', token: 't' }], repos: [{ name: 'u/r', issues: [{ title: 'x', user: 'u' }] }] });
    try {
      const before = Date.now() - 1000;
      const c = await live.octokit('t').rest.issues.createComment({ owner: 'u', repo: 'r', issue_number: 1, body: 'now' });
      expect(Date.parse(c.data.created_at)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(Date.parse(c.data.created_at)).toBeLessThanOrEqual(Date.now() + 1000);
      expect((await simGet<{ clock_mode: string }>(live.url, '/_sim/state')).clock_mode).toBe('wall');
    } finally {
      await live.close();
    }
  });
});
