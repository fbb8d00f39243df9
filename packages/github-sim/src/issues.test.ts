import { simContext, simGet, startSim, type Sim } from '../test/harness.js';
import { testScenario } from '../test/scenario.js';

// Issues and PRs through the issues API: labels, assignees (filtered as GitHub filters them),
// comments (deleted ones remembered), state and milestones.

let sim: Sim;
const r = { owner: 'acme', repo: 'widgets' };

beforeEach(async () => {
  sim = await startSim(testScenario());
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

interface IssueView {
  labels: string[];
  assignees: string[];
  comments: Array<{ id: number; user: string; body: string }>;
  deleted_comments: Array<{ id: number; body: string; deleted_by: string }>;
  state: string;
  state_reason: string | null;
  milestone: string | null;
  title: string;
}
const view = (n: number) => simGet<IssueView>(sim.url, `/_sim/repos/acme/widgets/issues/${n}`);

describe('labels', () => {
  it('answers 404 "Label does not exist" when removing a label the issue does not have', async () => {
    expect(await failure(sim.octokit().rest.issues.removeLabel({ ...r, issue_number: 1, name: 'lgtm' }))).toEqual({ status: 404, message: 'Label does not exist' });
  });

  it('removes labels whose names need encoding (slashes, spaces)', async () => {
    const octokit = sim.octokit();
    await octokit.rest.issues.addLabels({ ...r, issue_number: 1, labels: ['do-not-merge/hold', 'help wanted'] });
    await octokit.rest.issues.removeLabel({ ...r, issue_number: 1, name: 'do-not-merge/hold' });
    const left = await octokit.rest.issues.removeLabel({ ...r, issue_number: 1, name: 'help wanted' });
    expect(left.data.map((l) => l.name)).toEqual(['kind/bug']);
  });

  it('creates a label the repository lacks when adding it to an issue', async () => {
    const octokit = sim.octokit();
    await octokit.rest.issues.addLabels({ ...r, issue_number: 4, labels: ['needs-triage'] });
    const label = (await octokit.rest.issues.listLabelsForRepo({ ...r, per_page: 100 })).data.find((l) => l.name === 'needs-triage');
    expect(label).toMatchObject({ color: 'ededed' });
    expect((await view(4)).labels).toEqual(['kind/bug', 'needs-triage']);
  });

  it('replaces labels with PUT and clears them with DELETE', async () => {
    const octokit = sim.octokit();
    const set = await octokit.rest.issues.setLabels({ ...r, issue_number: 1, labels: ['lgtm', 'approved'] });
    expect(set.data.map((l) => l.name)).toEqual(['lgtm', 'approved']);
    await octokit.rest.issues.removeAllLabels({ ...r, issue_number: 1 });
    expect((await view(1)).labels).toEqual([]);
  });

  it('refuses label changes from people without triage access', async () => {
    expect((await failure(sim.octokit('frank-token').rest.issues.addLabels({ ...r, issue_number: 4, labels: ['lgtm'] }))).status).toBe(403);
  });
});

describe('assignees', () => {
  it('keeps members and collaborators, drops everyone else silently', async () => {
    const res = await sim.octokit().rest.issues.addAssignees({ ...r, issue_number: 3, assignees: ['dave', 'outsider', 'frank', 'nobody', 'carol'] });
    expect(res.status).toBe(201);
    expect(res.data.assignees?.map((a) => a.login)).toEqual(['dave', 'carol']);
  });

  it('accepts someone who commented on the issue', async () => {
    const octokit = sim.octokit();
    await sim.octokit('frank-token').rest.issues.createComment({ ...r, issue_number: 1, body: '/assign' });
    const res = await octokit.rest.issues.addAssignees({ ...r, issue_number: 1, assignees: ['frank'] });
    expect(res.data.assignees?.map((a) => a.login)).toEqual(['bob', 'frank']);
    expect((await octokit.rest.issues.checkUserCanBeAssigned({ ...r, assignee: 'dave' })).status).toBe(204);
  });

  it('stops at ten assignees', async () => {
    const scenario = testScenario();
    const many = Array.from({ length: 12 }, (_, i) => `dev${i}`);
    scenario.users = [...(scenario.users ?? []), ...many];
    scenario.repos![0]!.collaborators = { ...(scenario.repos![0]!.collaborators as Record<string, 'write'>), ...Object.fromEntries(many.map((m) => [m, 'write' as const])) };
    const big = await startSim(scenario);
    try {
      const res = await big.octokit().rest.issues.addAssignees({ ...r, issue_number: 4, assignees: many });
      expect(res.data.assignees).toHaveLength(10);
    } finally {
      await big.close();
    }
  });

  it('removes assignees', async () => {
    const res = await sim.octokit().rest.issues.removeAssignees({ ...r, issue_number: 1, assignees: ['bob'] });
    expect(res.data.assignees).toEqual([]);
  });
});

describe('comments and state', () => {
  it('remembers deleted comments with who deleted them', async () => {
    const octokit = sim.octokit();
    const c = await octokit.rest.issues.createComment({ ...r, issue_number: 4, body: 'temporary' });
    await octokit.rest.issues.updateComment({ ...r, comment_id: c.data.id, body: 'temporary (edited)' });
    await octokit.rest.issues.deleteComment({ ...r, comment_id: c.data.id });
    const v = await view(4);
    expect(v.comments.map((x) => x.body)).toEqual(['Still crashing']);
    expect(v.deleted_comments).toEqual([expect.objectContaining({ id: c.data.id, body: 'temporary (edited)', deleted_by: 'bot' })]);
    expect((await failure(octokit.rest.issues.getComment({ ...r, comment_id: c.data.id }))).status).toBe(404);
  });

  it('only lets the author or a writer edit a comment', async () => {
    const c = await sim.octokit('alice-token').rest.issues.createComment({ ...r, issue_number: 4, body: 'mine' });
    expect((await failure(sim.octokit('frank-token').rest.issues.updateComment({ ...r, comment_id: c.data.id, body: 'hijack' }))).status).toBe(403);
  });

  it('closes with a reason, reopens, and sets title and milestone', async () => {
    const octokit = sim.octokit();
    await octokit.rest.issues.update({ ...r, issue_number: 4, state: 'closed', state_reason: 'not_planned', title: 'Renamed', milestone: 1 });
    let v = await view(4);
    expect(v).toMatchObject({ state: 'closed', state_reason: 'not_planned', title: 'Renamed', milestone: 'v1.0' });
    await octokit.rest.issues.update({ ...r, issue_number: 4, state: 'open' });
    v = await view(4);
    expect(v).toMatchObject({ state: 'open', state_reason: 'reopened' });
  });

  it('lets the author close their own issue, not others', async () => {
    expect((await sim.octokit('frank-token').rest.issues.update({ ...r, issue_number: 4, state: 'closed' })).data.state).toBe('closed');
    expect((await failure(sim.octokit('erin-token').rest.pulls.update({ ...r, pull_number: 3, title: 'x' }))).status).toBe(403);
  });

  it('records reactions once per user and content', async () => {
    const octokit = sim.octokit();
    expect((await octokit.rest.reactions.createForIssue({ ...r, issue_number: 4, content: 'eyes' })).status).toBe(201);
    expect((await octokit.rest.reactions.createForIssue({ ...r, issue_number: 4, content: 'eyes' })).status).toBe(200);
    const state = await simGet<{ reactions: Array<{ user: string; content: string }> }>(sim.url, '/_sim/repos/acme/widgets/issues/4');
    expect(state.reactions).toEqual([expect.objectContaining({ user: 'bot', content: 'eyes' })]);
    expect(simContext(sim.app).store.state.repos[0]?.issues.find((i) => i.number === 4)?.reactions).toHaveLength(1);
  });
});
