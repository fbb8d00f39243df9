import type { SimEvent } from './events.js';
import { ghError, validationFailed } from './http.js';
import { isCollaborator } from './permissions.js';
import { fullName, type Store } from './store.js';
import { commitFiles, diffTrees, lineDelta } from './trees.js';
import type { MergeMethod, ReviewState, SimChangedFile, SimIssue, SimRepo, SimReview, SimReviewComment } from './types.js';

// Pull-request life: open, push, review requests, reviews, edits and merge. Each returns the
// webhook events GitHub would send.

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const DOCS_REVIEWERS = 'https://docs.github.com/rest/pulls/review-requests#request-reviewers-for-a-pull-request';
const DOCS_MERGE = 'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request';

export type FileSpec = Partial<SimChangedFile> & { filename: string; content?: string };

function pullOf(issue: SimIssue) {
  if (!issue.pull) throw ghError(404, 'Not Found');
  return issue.pull;
}

/** Changed files as given, or (when none are given) the diff between the base and head trees. */
export function changedFiles(repo: SimRepo, baseSha: string, headSha: string, files: FileSpec[] | undefined): SimChangedFile[] {
  if (files && files.length > 0) {
    const base = repo.trees[baseSha] ?? {};
    return files.map((f) => {
      const delta = f.content !== undefined ? lineDelta(base[f.filename], f.content) : { additions: 0, deletions: 0 };
      return {
        filename: f.filename,
        status: f.status ?? (f.content !== undefined && base[f.filename] === undefined ? 'added' : 'modified'),
        additions: f.additions ?? delta.additions,
        deletions: f.deletions ?? delta.deletions,
        ...(f.patch !== undefined ? { patch: f.patch } : {}),
        ...(f.previous_filename !== undefined ? { previous_filename: f.previous_filename } : {}),
      };
    });
  }
  const base = repo.trees[baseSha];
  const head = repo.trees[headSha];
  return base && head ? diffTrees(base, head) : [];
}

export interface NewPull {
  title: string;
  body?: string | null;
  /** Head branch; created when the repository does not have it. */
  head: string;
  headSha?: string;
  base?: string;
  draft?: boolean;
  files?: FileSpec[];
  mergeable?: boolean | null;
}

export function openPull(store: Store, repo: SimRepo, actor: string, spec: NewPull): { issue: SimIssue; events: SimEvent[] } {
  const base = spec.base ?? repo.default_branch;
  const baseSha = repo.branches[base];
  if (!baseSha) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  const clash = repo.issues.find((i) => i.pull && i.state === 'open' && i.pull.head.ref === spec.head && i.pull.base.ref === base);
  if (clash) {
    throw validationFailed([{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${spec.head}.` }]);
  }
  let headSha = spec.headSha ?? repo.branches[spec.head];
  if (!headSha || spec.files?.some((f) => f.content !== undefined)) {
    const parent = headSha ?? baseSha;
    headSha = commitFiles(store, repo, { parent, files: spec.files, message: spec.title, author: actor, sha: spec.headSha }).sha;
  } else if (!repo.commits[headSha]) {
    commitFiles(store, repo, { parent: baseSha, message: spec.title, author: actor, sha: headSha });
  }
  if (headSha === baseSha) {
    throw validationFailed([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${spec.head}` }]);
  }
  repo.branches[spec.head] = headSha;
  const at = store.now();
  const issue: SimIssue = {
    id: store.nextId(),
    number: store.nextNumber(repo),
    title: spec.title,
    body: spec.body ?? null,
    user: actor,
    state: 'open',
    state_reason: null,
    locked: false,
    labels: [],
    assignees: [],
    milestone: null,
    comments: [],
    deleted_comments: [],
    reactions: [],
    created_at: at,
    updated_at: at,
    closed_at: null,
    closed_by: null,
    pull: {
      draft: spec.draft ?? false,
      merged: false,
      merged_at: null,
      merged_by: null,
      merge_commit_sha: null,
      mergeable: spec.mergeable === undefined ? true : spec.mergeable,
      maintainer_can_modify: false,
      head: { ref: spec.head, sha: headSha },
      base: { ref: base, sha: baseSha },
      files: changedFiles(repo, baseSha, headSha, spec.files),
      commits: [headSha],
      requested_reviewers: [],
      requested_teams: [],
      reviews: [],
    },
  };
  repo.issues.push(issue);
  repo.pushed_at = at;
  return { issue, events: [{ name: 'pull_request', action: 'opened', repo, issue, sender: actor }] };
}

/** A push to the PR's head branch: a new head SHA (and changed files); sends `synchronize`. */
export function pushPull(store: Store, repo: SimRepo, issue: SimIssue, actor: string, spec: { sha?: string; files?: FileSpec[]; message?: string }): SimEvent[] {
  const pull = pullOf(issue);
  if (spec.sha && spec.sha === pull.head.sha) throw ghError(422, `${spec.sha} is already the head of #${issue.number}`);
  const before = pull.head.sha;
  const commit = commitFiles(store, repo, { parent: before, files: spec.files, message: spec.message ?? `Update ${issue.title}`, author: actor, sha: spec.sha });
  pull.head.sha = commit.sha;
  pull.commits.push(commit.sha);
  repo.branches[pull.head.ref] = commit.sha;
  if (spec.files && spec.files.length > 0) {
    const fresh = changedFiles(repo, pull.base.sha, commit.sha, spec.files);
    pull.files = [...pull.files.filter((f) => !fresh.some((n) => n.filename === f.filename)), ...fresh];
  } else if (repo.trees[pull.base.sha] && repo.trees[commit.sha] && pull.files.length === 0) {
    pull.files = changedFiles(repo, pull.base.sha, commit.sha, undefined);
  }
  const at = store.now();
  repo.pushed_at = at;
  store.touch(repo, issue, at);
  return [{ name: 'pull_request', action: 'synchronize', repo, issue, sender: actor, before, after: commit.sha }];
}

export function requestReviewers(store: Store, repo: SimRepo, issue: SimIssue, actor: string, users: string[], teams: string[]): SimEvent[] {
  const pull = pullOf(issue);
  if (users.some((u) => same(u, issue.user))) {
    throw ghError(422, 'Review cannot be requested from pull request author.', {}, DOCS_REVIEWERS);
  }
  const org = store.org(repo.owner);
  const badUser = users.some((u) => !store.user(u) || !isCollaborator(store, repo, u));
  const badTeam = teams.some((t) => !org?.teams.some((x) => x.slug === t));
  if (badUser || badTeam) {
    throw ghError(
      422,
      `Reviews may only be requested from collaborators. One or more of the users or teams you specified is not a collaborator of the ${fullName(repo)} repository.`,
      {},
      DOCS_REVIEWERS,
    );
  }
  const events: SimEvent[] = [];
  const at = store.now();
  for (const u of users) {
    const login = store.user(u)?.login ?? u;
    if (pull.requested_reviewers.some((r) => same(r, login))) continue;
    pull.requested_reviewers.push(login);
    events.push({ name: 'pull_request', action: 'review_requested', repo, issue, sender: actor, requested_reviewer: login });
  }
  for (const slug of teams) {
    if (pull.requested_teams.includes(slug)) continue;
    pull.requested_teams.push(slug);
    events.push({ name: 'pull_request', action: 'review_requested', repo, issue, sender: actor, requested_team: slug });
  }
  if (events.length > 0) store.touch(repo, issue, at);
  return events;
}

export function removeRequestedReviewers(store: Store, repo: SimRepo, issue: SimIssue, actor: string, users: string[], teams: string[]): SimEvent[] {
  const pull = pullOf(issue);
  const events: SimEvent[] = [];
  const at = store.now();
  for (const u of users) {
    const index = pull.requested_reviewers.findIndex((r) => same(r, u));
    if (index < 0) continue;
    const [login = u] = pull.requested_reviewers.splice(index, 1);
    events.push({ name: 'pull_request', action: 'review_request_removed', repo, issue, sender: actor, requested_reviewer: login });
  }
  for (const slug of teams) {
    if (!pull.requested_teams.includes(slug)) continue;
    pull.requested_teams = pull.requested_teams.filter((t) => t !== slug);
    events.push({ name: 'pull_request', action: 'review_request_removed', repo, issue, sender: actor, requested_team: slug });
  }
  if (events.length > 0) store.touch(repo, issue, at);
  return events;
}

/**
 * A review. Submitted ones take the reviewer off the requested reviewers and send
 * `pull_request_review.submitted`, as on GitHub; a PENDING one (no event) sends nothing.
 */
export function submitReview(
  store: Store,
  repo: SimRepo,
  issue: SimIssue,
  actor: string,
  state: ReviewState,
  body: string,
  commitId?: string,
  comments?: SimReviewComment[],
): { review: SimReview; events: SimEvent[] } {
  const pull = pullOf(issue);
  if (same(actor, issue.user) && (state === 'APPROVED' || state === 'CHANGES_REQUESTED')) {
    const verb = state === 'APPROVED' ? 'approve' : 'request changes on';
    // This endpoint's 422 lists its errors as plain strings.
    throw ghError(422, 'Unprocessable Entity', { errors: [`Can not ${verb} your own pull request`] }, 'https://docs.github.com/rest/pulls/reviews#create-a-review-for-a-pull-request');
  }
  const at = store.now();
  const review: SimReview = { id: store.nextId(), user: actor, state, body, submitted_at: at, commit_id: commitId ?? pull.head.sha };
  if (comments && comments.length > 0) review.comments = comments;
  pull.reviews.push(review);
  if (state === 'PENDING') return { review, events: [] };
  pull.requested_reviewers = pull.requested_reviewers.filter((r) => !same(r, actor));
  store.touch(repo, issue, at);
  return { review, events: [{ name: 'pull_request_review', action: 'submitted', repo, issue, review, sender: actor }] };
}

export function mergePull(
  store: Store,
  repo: SimRepo,
  issue: SimIssue,
  actor: string,
  opts: { sha?: string; method?: MergeMethod; title?: string; message?: string },
): { sha: string; events: SimEvent[] } {
  const pull = pullOf(issue);
  if (issue.state === 'closed' || pull.merged || pull.mergeable === false) {
    throw ghError(405, 'Pull Request is not mergeable', {}, DOCS_MERGE);
  }
  if (pull.draft) throw ghError(405, 'Pull Request is still a draft', {}, DOCS_MERGE);
  if (opts.sha && opts.sha !== pull.head.sha) {
    throw ghError(409, 'Head branch was modified. Review and try the merge again.', {}, DOCS_MERGE);
  }
  const method = opts.method ?? 'merge';
  // GitHub's answers when the repository's settings forbid the method.
  const forbidden = { merge: repo.allow_merge_commit === false && 'Merge commits', squash: repo.allow_squash_merge === false && 'Squash merges', rebase: repo.allow_rebase_merge === false && 'Rebase merges' }[method];
  if (forbidden) throw ghError(405, `${forbidden} are not allowed on this repository.`, {}, DOCS_MERGE);
  const baseHead = repo.branches[pull.base.ref] ?? pull.base.sha;
  const headTree = repo.trees[pull.head.sha];
  const changed = pull.files.map((f) => ({ ...f, content: headTree?.[f.filename] }));
  const message = opts.title ?? (method === 'squash' ? `${issue.title} (#${issue.number})` : `Merge pull request #${issue.number} from ${repo.owner}/${pull.head.ref}`);
  const parents = method === 'merge' ? [baseHead, pull.head.sha] : [baseHead];
  const commit = commitFiles(store, repo, { parent: baseHead, files: changed, message, author: actor, parents });
  repo.branches[pull.base.ref] = commit.sha;
  const at = store.now();
  Object.assign(pull, { merged: true, merged_at: at, merged_by: actor, merge_commit_sha: commit.sha, mergeable: null });
  Object.assign(issue, { state: 'closed', closed_at: at, closed_by: actor });
  repo.merges.push({ number: issue.number, sha: commit.sha, method, by: actor, head_sha: pull.head.sha, base: pull.base.ref, merged_at: at });
  repo.pushed_at = at;
  store.touch(repo, issue, at);
  return { sha: commit.sha, events: [{ name: 'pull_request', action: 'closed', repo, issue, sender: actor }] };
}

export interface PullEdit {
  title?: string;
  body?: string | null;
  base?: string;
  maintainer_can_modify?: boolean;
}

export function editPullBase(store: Store, repo: SimRepo, issue: SimIssue, actor: string, base: string): SimEvent[] {
  const pull = pullOf(issue);
  if (base === pull.base.ref) return [];
  const sha = repo.branches[base];
  if (!sha) throw validationFailed([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
  const from = pull.base;
  pull.base = { ref: base, sha };
  store.touch(repo, issue, store.now());
  return [{ name: 'pull_request', action: 'edited', repo, issue, sender: actor, changes: { base: { ref: { from: from.ref }, sha: { from: from.sha } } } }];
}
