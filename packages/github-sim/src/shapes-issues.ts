import { authorAssociation } from './permissions.js';
import { repoShape } from './shapes-repos.js';
import { labelShape, milestoneShape, nodeId, nullableUser, simpleUser, teamShape, type Json, type Urls } from './shapes.js';
import type { Store } from './store.js';
import type { SimChangedFile, SimComment, SimIssue, SimReaction, SimRepo, SimReview } from './types.js';

// Issues, pull requests, comments, reviews, reactions and changed files as GitHub's JSON.

const repoApi = (repo: SimRepo, u: Urls) => `${u.api}/repos/${repo.owner}/${repo.name}`;
const repoHtml = (repo: SimRepo, u: Urls) => `${u.html}/${repo.owner}/${repo.name}`;

export function reactionRollup(reactions: SimReaction[], url: string): Json {
  const count = (c: string) => reactions.filter((r) => r.content === c).length;
  return {
    url,
    total_count: reactions.length,
    '+1': count('+1'),
    '-1': count('-1'),
    laugh: count('laugh'),
    hooray: count('hooray'),
    confused: count('confused'),
    heart: count('heart'),
    rocket: count('rocket'),
    eyes: count('eyes'),
  };
}

function labelsOf(store: Store, repo: SimRepo, issue: SimIssue, u: Urls): Json[] {
  return issue.labels.map((name) => {
    const label = store.label(repo, name) ?? { id: 0, name, color: 'ededed', description: null, default: false };
    return labelShape(repo, label, u);
  });
}

function milestoneOf(store: Store, repo: SimRepo, issue: SimIssue, u: Urls): Json | null {
  const m = repo.milestones.find((x) => x.title === issue.milestone);
  return m ? milestoneShape(store, repo, m, u) : null;
}

/** GitHub's "Issue" (also what the issues API returns for a pull request). */
export function issueShape(store: Store, repo: SimRepo, issue: SimIssue, u: Urls): Json {
  const api = `${repoApi(repo, u)}/issues/${issue.number}`;
  const kind = issue.pull ? 'pull' : 'issues';
  const out: Json = {
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PullRequest' : 'Issue', issue.id),
    url: api,
    repository_url: repoApi(repo, u),
    labels_url: `${api}/labels{/name}`,
    comments_url: `${api}/comments`,
    events_url: `${api}/events`,
    html_url: `${repoHtml(repo, u)}/${kind}/${issue.number}`,
    number: issue.number,
    state: issue.state,
    state_reason: issue.state_reason,
    title: issue.title,
    body: issue.body,
    user: simpleUser(store, issue.user, u),
    labels: labelsOf(store, repo, issue, u),
    assignee: nullableUser(store, issue.assignees[0] ?? null, u),
    assignees: issue.assignees.map((a) => simpleUser(store, a, u)),
    milestone: milestoneOf(store, repo, issue, u),
    locked: issue.locked,
    active_lock_reason: null,
    comments: issue.comments.length,
    closed_at: issue.closed_at,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_by: nullableUser(store, issue.closed_by, u),
    author_association: authorAssociation(store, repo, issue.user),
    reactions: reactionRollup(issue.reactions, `${api}/reactions`),
    timeline_url: `${api}/timeline`,
    performed_via_github_app: null,
  };
  if (issue.pull) {
    out.draft = issue.pull.draft;
    out.pull_request = {
      url: `${repoApi(repo, u)}/pulls/${issue.number}`,
      html_url: `${repoHtml(repo, u)}/pull/${issue.number}`,
      diff_url: `${repoHtml(repo, u)}/pull/${issue.number}.diff`,
      patch_url: `${repoHtml(repo, u)}/pull/${issue.number}.patch`,
      merged_at: issue.pull.merged_at,
    };
  }
  return out;
}

function pullOf(issue: SimIssue) {
  if (!issue.pull) throw new Error(`#${issue.number} is not a pull request`);
  return issue.pull;
}

/** GitHub's "Pull Request Simple" (list, review requests). */
export function pullSimpleShape(store: Store, repo: SimRepo, issue: SimIssue, u: Urls): Json {
  const pull = pullOf(issue);
  const api = `${repoApi(repo, u)}/pulls/${issue.number}`;
  const html = `${repoHtml(repo, u)}/pull/${issue.number}`;
  const org = store.org(repo.owner);
  const branch = (b: { ref: string; sha: string }) => ({
    label: `${repo.owner}:${b.ref}`,
    ref: b.ref,
    sha: b.sha,
    user: simpleUser(store, repo.owner, u),
    repo: repoShape(store, repo, u),
  });
  // GitHub's "Pull Request Simple" spells a missing label description as a string.
  const labels = labelsOf(store, repo, issue, u).map((l) => ({ ...l, description: l.description ?? '' }));
  return {
    url: api,
    id: issue.id,
    node_id: nodeId('PullRequest', issue.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoApi(repo, u)}/issues/${issue.number}`,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    review_comment_url: `${repoApi(repo, u)}/pulls/comments{/number}`,
    comments_url: `${repoApi(repo, u)}/issues/${issue.number}/comments`,
    statuses_url: `${repoApi(repo, u)}/statuses/${pull.head.sha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: simpleUser(store, issue.user, u),
    body: issue.body,
    labels,
    milestone: milestoneOf(store, repo, issue, u),
    active_lock_reason: null,
    created_at: issue.created_at,
    updated_at: issue.updated_at,
    closed_at: issue.closed_at,
    merged_at: pull.merged_at,
    merge_commit_sha: pull.merge_commit_sha,
    assignee: nullableUser(store, issue.assignees[0] ?? null, u),
    assignees: issue.assignees.map((a) => simpleUser(store, a, u)),
    requested_reviewers: pull.requested_reviewers.map((r) => simpleUser(store, r, u)),
    requested_teams: pull.requested_teams.flatMap((slug) => {
      const team = org?.teams.find((t) => t.slug === slug);
      return org && team ? [teamShape(org, team, u)] : [];
    }),
    head: branch(pull.head),
    base: branch(pull.base),
    _links: {
      self: { href: api },
      html: { href: html },
      issue: { href: `${repoApi(repo, u)}/issues/${issue.number}` },
      comments: { href: `${repoApi(repo, u)}/issues/${issue.number}/comments` },
      review_comments: { href: `${api}/comments` },
      review_comment: { href: `${repoApi(repo, u)}/pulls/comments{/number}` },
      commits: { href: `${api}/commits` },
      statuses: { href: `${repoApi(repo, u)}/statuses/${pull.head.sha}` },
    },
    author_association: authorAssociation(store, repo, issue.user),
    auto_merge: null,
    draft: pull.draft,
  };
}

export function mergeableState(issue: SimIssue): string {
  const pull = pullOf(issue);
  if (pull.merged || issue.state === 'closed') return 'unknown';
  if (pull.draft) return 'draft';
  if (pull.mergeable === null) return 'unknown';
  return pull.mergeable ? 'clean' : 'dirty';
}

/** GitHub's "Pull Request" (`GET .../pulls/{n}`, webhooks). */
export function pullShape(store: Store, repo: SimRepo, issue: SimIssue, u: Urls): Json {
  const pull = pullOf(issue);
  return {
    ...pullSimpleShape(store, repo, issue, u),
    merged: pull.merged,
    mergeable: issue.state === 'open' ? pull.mergeable : null,
    rebaseable: issue.state === 'open' ? pull.mergeable : null,
    mergeable_state: mergeableState(issue),
    merged_by: nullableUser(store, pull.merged_by, u),
    comments: issue.comments.length,
    review_comments: 0,
    maintainer_can_modify: pull.maintainer_can_modify,
    commits: pull.commits.length,
    additions: pull.files.reduce((n, f) => n + f.additions, 0),
    deletions: pull.files.reduce((n, f) => n + f.deletions, 0),
    changed_files: pull.files.length,
  };
}

/** GitHub's "Issue Comment". */
export function commentShape(store: Store, repo: SimRepo, issue: SimIssue, c: SimComment, u: Urls): Json {
  const api = `${repoApi(repo, u)}/issues/comments/${c.id}`;
  return {
    id: c.id,
    node_id: nodeId('IssueComment', c.id),
    url: api,
    html_url: `${repoHtml(repo, u)}/${issue.pull ? 'pull' : 'issues'}/${issue.number}#issuecomment-${c.id}`,
    body: c.body,
    user: simpleUser(store, c.user, u),
    created_at: c.created_at,
    updated_at: c.updated_at,
    issue_url: `${repoApi(repo, u)}/issues/${issue.number}`,
    author_association: authorAssociation(store, repo, c.user),
    performed_via_github_app: null,
    reactions: reactionRollup(c.reactions, `${api}/reactions`),
  };
}

export function reviewShape(store: Store, repo: SimRepo, issue: SimIssue, r: SimReview, u: Urls): Json {
  const html = `${repoHtml(repo, u)}/pull/${issue.number}#pullrequestreview-${r.id}`;
  const pr = `${repoApi(repo, u)}/pulls/${issue.number}`;
  return {
    id: r.id,
    node_id: nodeId('PullRequestReview', r.id),
    user: simpleUser(store, r.user, u),
    body: r.body,
    state: r.state,
    html_url: html,
    pull_request_url: pr,
    _links: { html: { href: html }, pull_request: { href: pr } },
    submitted_at: r.submitted_at,
    commit_id: r.commit_id,
    author_association: authorAssociation(store, repo, r.user),
  };
}

export function reactionShape(store: Store, r: SimReaction, u: Urls): Json {
  return {
    id: r.id,
    node_id: nodeId('Reaction', r.id),
    user: simpleUser(store, r.user, u),
    content: r.content,
    created_at: r.created_at,
  };
}

/** GitHub's "Diff Entry" for `GET .../pulls/{n}/files`. */
export function diffEntryShape(repo: SimRepo, headSha: string, f: SimChangedFile, blob: string, u: Urls): Json {
  const path = f.filename.split('/').map(encodeURIComponent).join('/');
  return {
    sha: blob,
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${repoHtml(repo, u)}/blob/${headSha}/${path}`,
    raw_url: `${repoHtml(repo, u)}/raw/${headSha}/${path}`,
    contents_url: `${repoApi(repo, u)}/contents/${path}?ref=${headSha}`,
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
    ...(f.previous_filename !== undefined ? { previous_filename: f.previous_filename } : {}),
  };
}
