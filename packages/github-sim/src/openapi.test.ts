import type { Octokit } from '@octokit/rest';
import { loadOpenApi, jsonSchemaOf, operationFor, Validators, type OpenApi } from '../test/openapi.js';
import { simContext, simPost, startSim, type Sim } from '../test/harness.js';

// Conformance with GitHub's own OpenAPI description: every REST route the simulator registers
// must be a GitHub operation, must have been driven (with @octokit/rest, as Coxswain uses it) to a
// 2xx answer, and every request body, response body and webhook payload seen must validate against
// GitHub's schemas. A new route without a call below fails the "exercised" check.

interface Exchange {
  method: string;
  route: string;
  status: number;
  requestBody: unknown;
  responseBody: string;
}

const doc: OpenApi = loadOpenApi();
const validators = new Validators();
const routes: Array<{ method: string; url: string }> = [];
const exchanges: Exchange[] = [];
let sim: Sim;

const owner = 'acme';
const repo = 'widgets';

/** Runs a call that may fail with an HTTP error; the exchange is recorded either way. */
async function attempt(fn: () => Promise<unknown>): Promise<number> {
  try {
    const res = (await fn()) as { status: number };
    return res.status;
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (typeof status !== 'number') throw err;
    return status;
  }
}

async function driveEverything(bot: Octokit, frank: Octokit): Promise<Record<string, number>> {
  const r = { owner, repo };
  const seen: Record<string, number> = {};
  const call = async (name: string, fn: () => Promise<unknown>) => {
    seen[name] = await attempt(fn);
  };
  await call('user', () => bot.rest.users.getAuthenticated());
  await call('user.alice', () => bot.rest.users.getByUsername({ username: 'alice' }));
  await call('user.org', () => bot.rest.users.getByUsername({ username: 'acme' }));
  await call('user.missing', () => bot.rest.users.getByUsername({ username: 'nobody' }));
  await call('rate', () => bot.rest.rateLimit.get());
  await call('repo', () => bot.rest.repos.get(r));
  await call('repo.update', () => sim.octokit('alice-token').rest.repos.update({ ...r, allow_rebase_merge: true }));
  await call('branch', () => bot.rest.repos.getBranch({ ...r, branch: 'main' }));
  await call('branch.missing', () => bot.rest.repos.getBranch({ ...r, branch: 'nope' }));
  await call('content', () => bot.rest.repos.getContent({ ...r, path: 'OWNERS' }));
  await call('content.nested', () => bot.rest.repos.getContent({ ...r, path: 'docs/OWNERS', ref: 'main' }));
  await call('content.dir', () => bot.rest.repos.getContent({ ...r, path: 'docs' }));
  await call('content.missing', () => bot.rest.repos.getContent({ ...r, path: 'nope/OWNERS' }));
  await call('collaborators', () => bot.rest.repos.listCollaborators({ ...r, per_page: 3 }));
  await call('collaborator.yes', () => bot.rest.repos.checkCollaborator({ ...r, username: 'dave' }));
  await call('collaborator.no', () => bot.rest.repos.checkCollaborator({ ...r, username: 'outsider' }));
  await call('permission', () => bot.rest.repos.getCollaboratorPermissionLevel({ ...r, username: 'erin' }));
  await call('permission.none', () => bot.rest.repos.getCollaboratorPermissionLevel({ ...r, username: 'outsider' }));
  await call('assignable', () => bot.rest.issues.checkUserCanBeAssigned({ ...r, assignee: 'bob' }));
  await call('assignable.no', () => bot.rest.issues.checkUserCanBeAssigned({ ...r, assignee: 'outsider' }));
  await call('members', () => bot.rest.orgs.listMembers({ org: owner }));
  await call('member.yes', () => bot.rest.orgs.checkMembershipForUser({ org: owner, username: 'bob' }));
  await call('member.no', () => bot.rest.orgs.checkMembershipForUser({ org: owner, username: 'dave' }));
  await call('teams', () => bot.rest.teams.list({ org: owner }));
  await call('team.members', () => bot.rest.teams.listMembersInOrg({ org: owner, team_slug: 'core' }));
  await call('team.membership', () => bot.rest.teams.getMembershipForUserInOrg({ org: owner, team_slug: 'core', username: 'alice' }));
  await call('team.membership.no', () => bot.rest.teams.getMembershipForUserInOrg({ org: owner, team_slug: 'core', username: 'dave' }));
  await call('pulls', () => bot.rest.pulls.list({ ...r, state: 'all', base: 'main', per_page: 2 }));
  await call('pulls.head', () => bot.rest.pulls.list({ ...r, head: 'acme:widgets' }));
  await call('pull.create', () => bot.rest.pulls.create({ ...r, title: 'A feature', head: 'feature', base: 'main', body: 'New.' }));
  await call('pull.create.dup', () => bot.rest.pulls.create({ ...r, title: 'Again', head: 'feature', base: 'main' }));
  await call('pull', () => bot.rest.pulls.get({ ...r, pull_number: 1 }));
  await call('pull.missing', () => bot.rest.pulls.get({ ...r, pull_number: 99 }));
  await call('pull.update', () => bot.rest.pulls.update({ ...r, pull_number: 1, title: 'Add widgets (v2)' }));
  await call('pull.files', () => bot.rest.pulls.listFiles({ ...r, pull_number: 1 }));
  await call('pull.commits', () => bot.rest.pulls.listCommits({ ...r, pull_number: 1 }));
  await call('pull.reviews', () => bot.rest.pulls.listReviews({ ...r, pull_number: 1 }));
  await call('reviewers', () => bot.rest.pulls.listRequestedReviewers({ ...r, pull_number: 1 }));
  await call('reviewers.add', () => bot.rest.pulls.requestReviewers({ ...r, pull_number: 1, reviewers: ['alice'], team_reviewers: ['core'] }));
  await call('reviewers.author', () => bot.rest.pulls.requestReviewers({ ...r, pull_number: 1, reviewers: ['frank'] }));
  await call('reviewers.outsider', () => bot.rest.pulls.requestReviewers({ ...r, pull_number: 1, reviewers: ['outsider'] }));
  await call('reviewers.remove', () => bot.rest.pulls.removeRequestedReviewers({ ...r, pull_number: 1, reviewers: ['dave'] }));
  await call('issue', () => bot.rest.issues.get({ ...r, issue_number: 4 }));
  await call('issue.pr', () => bot.rest.issues.get({ ...r, issue_number: 1 }));
  await call('issue.update', () =>
    bot.rest.issues.update({ ...r, issue_number: 4, title: 'Widgets crash on start', milestone: 1, labels: ['kind/bug', 'help wanted'], assignees: ['bob'] }),
  );
  await call('issue.close', () => bot.rest.issues.update({ ...r, issue_number: 4, state: 'closed', state_reason: 'not_planned' }));
  await call('comments', () => bot.rest.issues.listComments({ ...r, issue_number: 1 }));
  await call('comment.create', () => bot.rest.issues.createComment({ ...r, issue_number: 1, body: 'Thanks!' }));
  const created = await bot.rest.issues.createComment({ ...r, issue_number: 1, body: 'To edit' });
  const id = created.data.id;
  await call('comment', () => bot.rest.issues.getComment({ ...r, comment_id: id }));
  await call('comment.missing', () => bot.rest.issues.getComment({ ...r, comment_id: 999999 }));
  await call('comment.update', () => bot.rest.issues.updateComment({ ...r, comment_id: id, body: 'Edited' }));
  await call('comment.react', () => bot.rest.reactions.createForIssueComment({ ...r, comment_id: id, content: 'heart' }));
  await call('comment.react.again', () => bot.rest.reactions.createForIssueComment({ ...r, comment_id: id, content: 'heart' }));
  await call('comment.delete', () => bot.rest.issues.deleteComment({ ...r, comment_id: id }));
  await call('issue.react', () => bot.rest.reactions.createForIssue({ ...r, issue_number: 1, content: '+1' }));
  await call('labels.issue', () => bot.rest.issues.listLabelsOnIssue({ ...r, issue_number: 1 }));
  await call('labels.add', () => bot.rest.issues.addLabels({ ...r, issue_number: 1, labels: ['lgtm', 'brand-new'] }));
  await call('labels.set', () => bot.rest.issues.setLabels({ ...r, issue_number: 3, labels: ['do-not-merge/hold'] }));
  await call('labels.remove', () => bot.rest.issues.removeLabel({ ...r, issue_number: 1, name: 'lgtm' }));
  await call('labels.remove.absent', () => bot.rest.issues.removeLabel({ ...r, issue_number: 1, name: 'lgtm' }));
  await call('labels.clear', () => bot.rest.issues.removeAllLabels({ ...r, issue_number: 3 }));
  await call('assignees.add', () => bot.rest.issues.addAssignees({ ...r, issue_number: 1, assignees: ['dave', 'outsider'] }));
  await call('assignees.remove', () => bot.rest.issues.removeAssignees({ ...r, issue_number: 1, assignees: ['bob'] }));
  await call('labels.repo', () => bot.rest.issues.listLabelsForRepo({ ...r, per_page: 2 }));
  await call('label.create', () => bot.rest.issues.createLabel({ ...r, name: 'size/XS', color: '009900', description: 'Tiny' }));
  await call('label.create.dup', () => bot.rest.issues.createLabel({ ...r, name: 'lgtm', color: '15dd18' }));
  await call('milestones', () => bot.rest.issues.listMilestones({ ...r, state: 'all' }));
  const head = (await bot.rest.pulls.get({ ...r, pull_number: 1 })).data.head.sha;
  await call('status.create', () => bot.rest.repos.createCommitStatus({ ...r, sha: head, state: 'pending', context: 'ci/lint', description: 'Linting' }));
  await call('status.unknown', () => bot.rest.repos.createCommitStatus({ ...r, sha: '0'.repeat(40), state: 'success' }));
  await call('status.combined', () => bot.rest.repos.getCombinedStatusForRef({ ...r, ref: head }));
  await call('status.list', () => bot.rest.repos.listCommitStatusesForRef({ ...r, ref: head }));
  await call('checks.create', () => bot.rest.checks.create({ ...r, name: 'lint', head_sha: head, status: 'in_progress' }));
  await call('checks.list', () => bot.rest.checks.listForRef({ ...r, ref: head }));
  await call('search', () => bot.rest.search.issuesAndPullRequests({ q: 'is:pr is:open repo:acme/widgets label:kind/bug -label:do-not-merge/hold base:main' }));
  await call('merge.check.no', () => bot.rest.pulls.checkIfMerged({ ...r, pull_number: 1 }));
  await call('merge.unmergeable', () => bot.rest.pulls.merge({ ...r, pull_number: 2 }));
  await call('merge.stale', () => bot.rest.pulls.merge({ ...r, pull_number: 1, sha: 'f'.repeat(40) }));
  await call('merge.forbidden', () => frank.rest.pulls.merge({ ...r, pull_number: 1 }));
  await call('review.create', () =>
    bot.rest.pulls.createReview({ ...r, pull_number: 1, event: 'COMMENT', body: 'Lint says:', comments: [{ path: 'src/widget.go', position: 1, body: 'unused func' }] }),
  );
  await call('review.own', () => frank.rest.pulls.createReview({ ...r, pull_number: 1, event: 'APPROVE' }));
  await call('git.commit', () => bot.rest.git.getCommit({ ...r, commit_sha: head }));
  await call('git.commit.missing', () => bot.rest.git.getCommit({ ...r, commit_sha: 'a'.repeat(40) }));
  await driveGitData(bot, seen);
  await call('merge', () => bot.rest.pulls.merge({ ...r, pull_number: 1, sha: head, merge_method: 'squash' }));
  await call('merge.check.yes', () => bot.rest.pulls.checkIfMerged({ ...r, pull_number: 1 }));
  await call('git.deleteRef', () => bot.rest.git.deleteRef({ ...r, ref: 'heads/widgets' }));
  await call('git.deleteRef.again', () => bot.rest.git.deleteRef({ ...r, ref: 'heads/widgets' }));
  return seen;
}

/** The Git Data API as Coxswain's cherry-pick uses it: read trees, build a commit, create and move a branch. */
async function driveGitData(bot: Octokit, seen: Record<string, number>): Promise<void> {
  const r = { owner, repo };
  const call = async (name: string, fn: () => Promise<unknown>) => {
    seen[name] = await attempt(fn);
  };
  await call('git.ref', () => bot.rest.git.getRef({ ...r, ref: 'heads/main' }));
  await call('git.ref.missing', () => bot.rest.git.getRef({ ...r, ref: 'heads/nope' }));
  const main = (await bot.rest.git.getRef({ ...r, ref: 'heads/main' })).data.object.sha;
  const feature = (await bot.rest.git.getRef({ ...r, ref: 'heads/feature' })).data.object.sha;
  const baseTree = (await bot.rest.git.getCommit({ ...r, commit_sha: main })).data.tree.sha;
  await call('git.tree', () => bot.rest.git.getTree({ ...r, tree_sha: baseTree }));
  await call('git.tree.missing', () => bot.rest.git.getTree({ ...r, tree_sha: 'b'.repeat(40) }));
  const listing = (await bot.rest.git.getTree({ ...r, tree_sha: main, recursive: 'true' })).data.tree;
  const owners = listing.find((e) => e.path === 'OWNERS')?.sha ?? '';
  const tree = await bot.rest.git.createTree({
    ...r,
    base_tree: baseTree,
    tree: [
      { path: 'src/new.go', mode: '100644', type: 'blob', content: 'package main\n' },
      { path: 'OWNERS.copy', mode: '100644', type: 'blob', sha: owners },
      { path: 'docs/OWNERS', mode: '100644', type: 'blob', sha: null },
    ],
  });
  seen['git.tree.create'] = tree.status;
  await call('git.tree.create.unknown', () => bot.rest.git.createTree({ ...r, tree: [{ path: 'x', mode: '100644', type: 'blob', sha: 'c'.repeat(40) }] }));
  const commit = await bot.rest.git.createCommit({ ...r, message: 'Add new.go', tree: tree.data.sha, parents: [main] });
  seen['git.commit.create'] = commit.status;
  await call('git.commit.create.orphan', () => bot.rest.git.createCommit({ ...r, message: 'x', tree: tree.data.sha, parents: ['d'.repeat(40)] }));
  await call('git.ref.create', () => bot.rest.git.createRef({ ...r, ref: 'refs/heads/release-1.0', sha: commit.data.sha }));
  await call('git.ref.create.dup', () => bot.rest.git.createRef({ ...r, ref: 'refs/heads/release-1.0', sha: main }));
  await call('git.ref.update.nonff', () => bot.rest.git.updateRef({ ...r, ref: 'heads/release-1.0', sha: feature }));
  await call('git.ref.update', () => bot.rest.git.updateRef({ ...r, ref: 'heads/release-1.0', sha: feature, force: true }));
}

/** Every scenario action, so each kind of webhook payload is produced at least once. */
async function driveActions(url: string): Promise<void> {
  const base = { repo: 'acme/widgets' };
  const opened = await simPost(url, '/_sim/actions/open-pr', { ...base, user: 'frank', title: 'Sim PR', files: ['README.md:1:0'], labels: ['kind/bug'] });
  const number = opened.body.number as number;
  await simPost(url, '/_sim/actions/push', { ...base, number, files: [{ filename: 'README.md', content: 'hi\n' }] });
  const comment = await simPost(url, '/_sim/actions/comment', { ...base, number, user: 'alice', body: '/lgtm' });
  await simPost(url, '/_sim/actions/edit-comment', { ...base, id: comment.body.id, body: '/lgtm cancel' });
  await simPost(url, '/_sim/actions/delete-comment', { ...base, id: comment.body.id });
  await simPost(url, '/_sim/actions/review', { ...base, number, user: 'dave', state: 'approve', body: 'LGTM' });
  await simPost(url, '/_sim/actions/label', { ...base, number, user: 'alice', label: 'approved' });
  await simPost(url, '/_sim/actions/unlabel', { ...base, number, user: 'alice', label: 'approved' });
  await simPost(url, '/_sim/actions/status', { ...base, number, context: 'ci/e2e', state: 'failure', user: 'bot' });
  await simPost(url, '/_sim/actions/close', { ...base, number, user: 'frank' });
  await simPost(url, '/_sim/actions/reopen', { ...base, number, user: 'frank' });
  const issue = await simPost(url, '/_sim/actions/open-issue', { ...base, user: 'frank', title: 'An issue', labels: ['help wanted'] });
  await simPost(url, '/_sim/actions/comment', { ...base, number: issue.body.number, user: 'carol', body: '/assign' });
  await simPost(url, '/_sim/actions/label', { ...base, number: issue.body.number, user: 'carol', label: 'kind/bug' });
  await simPost(url, '/_sim/actions/close', { ...base, number: issue.body.number, user: 'carol' });
}

let driven: Record<string, number>;

beforeAll(async () => {
  sim = await startSim(undefined, { webhook: { echoApiWrites: true } }, (app) => {
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const m of methods) routes.push({ method: String(m), url: route.url });
    });
    app.addHook('onSend', async (req, reply, payload) => {
      exchanges.push({
        method: req.method,
        route: req.routeOptions.url ?? '',
        status: reply.statusCode,
        // Octokit sends an empty body on body-less PUTs: that is no body, not an empty string.
        requestBody: req.body === '' ? undefined : req.body,
        responseBody: typeof payload === 'string' ? payload : '',
      });
      return payload;
    });
  });
  driven = await driveEverything(sim.octokit('bot-token'), sim.octokit('frank-token'));
  await driveActions(sim.url);
  await simContext(sim.app).webhooks.idle();
});

afterAll(async () => {
  await sim?.close();
});

// Git's smart HTTP (git-http.ts: clone and fetch, push refused) is not part of the REST API.
const GIT_HTTP = /^\/:owner\/:repo\/(info\/refs|git-upload-pack|git-receive-pack)$/;
const githubRoutes = () => routes.filter((r) => !r.url.startsWith('/_sim') && !GIT_HTTP.test(r.url));

describe('conformance with GitHub OpenAPI', () => {
  it('registers the REST routes Coxswain needs', () => {
    expect(githubRoutes().length).toBeGreaterThanOrEqual(50);
  });

  it('answers the driven calls with GitHub status codes', () => {
    expect(driven).toMatchObject({
      'user.missing': 404,
      'content.missing': 404,
      'collaborator.yes': 204,
      'collaborator.no': 404,
      'assignable.no': 404,
      'pull.create': 201,
      'pull.create.dup': 422,
      'reviewers.author': 422,
      'reviewers.outsider': 422,
      'labels.remove.absent': 404,
      'label.create.dup': 422,
      'comment.react': 201,
      'comment.react.again': 200,
      'status.unknown': 422,
      'merge.unmergeable': 405,
      'merge.stale': 409,
      'merge.forbidden': 403,
      merge: 200,
      'merge.check.no': 404,
      'merge.check.yes': 204,
      'review.create': 200,
      'review.own': 422,
      'git.commit': 200,
      'git.commit.missing': 404,
      'git.ref': 200,
      'git.ref.missing': 404,
      'git.tree': 200,
      'git.tree.missing': 404,
      'git.tree.create': 201,
      'git.tree.create.unknown': 422,
      'git.commit.create': 201,
      'git.commit.create.orphan': 422,
      'git.ref.create': 201,
      'git.ref.create.dup': 422,
      'git.ref.update.nonff': 422,
      'git.ref.update': 200,
      'git.deleteRef': 204,
      'git.deleteRef.again': 422,
    });
  });

  it('registers only routes that exist in GitHub OpenAPI', () => {
    const unknown = githubRoutes()
      .filter((r) => !operationFor(doc, r.method, r.url))
      .map((r) => `${r.method} ${r.url}`);
    expect(unknown).toEqual([]);
  });

  it('has exercised every registered route with a 2xx answer', () => {
    const ok = new Set(exchanges.filter((e) => e.status < 300).map((e) => `${e.method} ${e.route}`));
    const missing = githubRoutes()
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => !ok.has(k));
    expect(missing).toEqual([]);
  });

  it('sends request bodies and answers responses that validate against GitHub schemas', () => {
    const problems: string[] = [];
    const basicError = jsonSchemaOf((doc.paths['/repos/{owner}/{repo}/issues/{issue_number}']?.get?.responses as Record<string, { content: unknown }>)['404']?.content);
    for (const e of exchanges.filter((x) => x.route && !x.route.startsWith('/_sim'))) {
      const found = operationFor(doc, e.method, e.route);
      if (!found) continue;
      const where = `${e.method} ${e.route} (${found.operationId}) ${e.status}`;
      const reqSchema = jsonSchemaOf((found.op.requestBody as { content?: unknown } | undefined)?.content);
      if (reqSchema && e.requestBody !== undefined) {
        const v = validators.get(`${found.operationId}:request`, reqSchema);
        if (!v(e.requestBody)) problems.push(...Validators.describe(v).map((m) => `${where} request ${m}`));
      }
      const responses = found.op.responses as Record<string, { content?: unknown }>;
      const documented = responses[String(e.status)];
      if (!documented) {
        if (e.status < 400) problems.push(`${where}: status ${e.status} is not documented for this operation`);
        else {
          const v = validators.get('basic-error', basicError);
          if (!v(JSON.parse(e.responseBody || '{}'))) problems.push(...Validators.describe(v).map((m) => `${where} error body ${m}`));
        }
        continue;
      }
      const schema = jsonSchemaOf(documented.content);
      if (!schema) {
        // An error documented without a body: GitHub still sends its error body ({message, documentation_url}).
        const body = e.responseBody === '' ? undefined : JSON.parse(e.responseBody);
        if (e.status < 400 && body !== undefined) problems.push(`${where}: expected an empty body, got ${e.responseBody.slice(0, 80)}`);
        if (e.status >= 400 && body !== undefined && !validators.get('basic-error', basicError)(body)) problems.push(`${where}: not a GitHub error body`);
        continue;
      }
      const v = validators.get(`${found.operationId}:${e.status}`, schema);
      if (!v(JSON.parse(e.responseBody))) problems.push(...Validators.describe(v).map((m) => `${where} response ${m}`));
    }
    expect(problems).toEqual([]);
  });

  it('sends webhook payloads that validate against GitHub webhook schemas', () => {
    const deliveries = simContext(sim.app).webhooks.deliveries;
    const problems: string[] = [];
    const kinds = new Set<string>();
    for (const d of deliveries) {
      const key = d.action ? `${d.event.replace(/_/g, '-')}-${d.action.replace(/_/g, '-')}` : d.event.replace(/_/g, '-');
      kinds.add(key);
      const hook = doc['x-webhooks'][key]?.post as { requestBody?: { content?: unknown } } | undefined;
      const schema = jsonSchemaOf(hook?.requestBody?.content);
      if (!schema) {
        problems.push(`${key}: no webhook schema in GitHub's description`);
        continue;
      }
      const v = validators.get(`webhook:${key}`, schema);
      if (!v(d.payload)) problems.push(...Validators.describe(v).map((m) => `${key} ${m}`));
    }
    expect(problems).toEqual([]);
    expect([...kinds].sort()).toEqual(
      expect.arrayContaining([
        'issue-comment-created',
        'issue-comment-deleted',
        'issue-comment-edited',
        'issues-closed',
        'issues-labeled',
        'issues-opened',
        'pull-request-assigned',
        'pull-request-closed',
        'pull-request-edited',
        'pull-request-labeled',
        'pull-request-opened',
        'pull-request-reopened',
        'pull-request-review-request-removed',
        'pull-request-review-requested',
        'pull-request-review-submitted',
        'pull-request-synchronize',
        'pull-request-unassigned',
        'pull-request-unlabeled',
        'status',
      ]),
    );
  });
});
