import { combinedState, latestPerContext } from './shapes-commits.js';
import type { Store } from './store.js';
import type { SimIssue, SimRepo } from './types.js';

// The state in the scenario's shape (GET /_sim/state): seedable as it is. Pull requests carry their
// head commit's statuses and check runs, and `combined_status`, as read-only facts (seeding them
// back is harmless: statuses are matched by ID).

export function exportIssue(store: Store, repo: SimRepo, issue: SimIssue): Record<string, unknown> {
  const { pull, ...rest } = structuredClone(issue);
  if (!pull) return rest;
  const statuses = structuredClone(repo.statuses[pull.head.sha] ?? []);
  return {
    number: rest.number,
    id: rest.id,
    title: rest.title,
    body: rest.body,
    user: rest.user,
    state: rest.state,
    state_reason: rest.state_reason,
    locked: rest.locked,
    draft: pull.draft,
    merged: pull.merged,
    merged_at: pull.merged_at,
    merged_by: pull.merged_by,
    merge_commit_sha: pull.merge_commit_sha,
    mergeable: pull.mergeable,
    maintainer_can_modify: pull.maintainer_can_modify,
    head: pull.head,
    base: pull.base,
    labels: rest.labels,
    assignees: rest.assignees,
    milestone: rest.milestone,
    requested_reviewers: pull.requested_reviewers,
    requested_teams: pull.requested_teams,
    files: pull.files,
    commits: pull.commits,
    reviews: pull.reviews,
    statuses,
    check_runs: structuredClone(repo.check_runs[pull.head.sha] ?? []),
    comments: rest.comments,
    deleted_comments: rest.deleted_comments,
    reactions: rest.reactions,
    created_at: rest.created_at,
    updated_at: rest.updated_at,
    closed_at: rest.closed_at,
    closed_by: rest.closed_by,
  };
}

/** Read-only summary added to GET /_sim/repos/{o}/{r}/issues/{n} for pull requests. */
export function combinedStatusFact(repo: SimRepo, issue: SimIssue): { state: string; contexts: Record<string, string> } | undefined {
  if (!issue.pull) return undefined;
  const latest = latestPerContext(repo.statuses[issue.pull.head.sha] ?? []);
  return { state: combinedState(latest), contexts: Object.fromEntries(latest.map((s) => [s.context, s.state])) };
}

export function exportRepo(store: Store, repo: SimRepo): Record<string, unknown> {
  const r = structuredClone(repo);
  return {
    owner: r.owner,
    name: r.name,
    id: r.id,
    private: r.private,
    description: r.description,
    default_branch: r.default_branch,
    collaborators: r.collaborators,
    teams: r.teams,
    labels: r.labels,
    milestones: r.milestones,
    branches: r.branches,
    trees: r.trees,
    commits: r.commits,
    pulls: repo.issues.filter((i) => i.pull).map((i) => exportIssue(store, repo, i)),
    issues: repo.issues.filter((i) => !i.pull).map((i) => exportIssue(store, repo, i)),
    statuses: r.statuses,
    check_runs: r.check_runs,
    merges: r.merges,
    ...(r.allow_merge_commit === false ? { allow_merge_commit: false } : {}),
    ...(r.allow_squash_merge === false ? { allow_squash_merge: false } : {}),
    ...(r.allow_rebase_merge === false ? { allow_rebase_merge: false } : {}),
    created_at: r.created_at,
    updated_at: r.updated_at,
    pushed_at: r.pushed_at,
  };
}

export function exportState(store: Store): Record<string, unknown> {
  const s = store.state;
  return {
    clock: store.peekNow(),
    clock_mode: s.clock_mode,
    next_id: s.next_id,
    users: structuredClone(s.users),
    orgs: structuredClone(s.orgs),
    repos: s.repos.map((r) => exportRepo(store, r)),
  };
}
