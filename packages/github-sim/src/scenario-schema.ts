import { z } from 'zod';
import type { ReviewState } from './types.js';

// The scenario document accepted by POST /_sim/seed (YAML or JSON). This is a stable contract used
// by acceptance suites outside this repository: add optional fields, never rename or remove.
// `GET /_sim/state` returns the same shape with every optional field filled in, so its output can be
// seeded back as it is. Unknown keys are rejected so that a typo fails loudly.

const login = z.string().min(1);
const time = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO 8601 time such as 2024-05-01T12:00:00Z' });
const id = z.number().int().positive();
export const permission = z.enum(['admin', 'maintain', 'write', 'triage', 'read']);

const REVIEW_STATES: Record<string, ReviewState> = {
  approve: 'APPROVED',
  approved: 'APPROVED',
  'request-changes': 'CHANGES_REQUESTED',
  request_changes: 'CHANGES_REQUESTED',
  changes_requested: 'CHANGES_REQUESTED',
  comment: 'COMMENTED',
  commented: 'COMMENTED',
  dismissed: 'DISMISSED',
  pending: 'PENDING',
};

/** `approve`, `request-changes`, `comment` (the CLI's words) or GitHub's `APPROVED`, `CHANGES_REQUESTED`, ... */
export function normalizeReviewState(s: string): ReviewState | undefined {
  return REVIEW_STATES[s.toLowerCase()];
}

export const reviewState = z.string().transform((s, ctx) => {
  const state = normalizeReviewState(s);
  if (!state) {
    ctx.addIssue({ code: 'custom', message: `unknown review state '${s}' (use APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED or approve, request-changes, comment)` });
    return z.NEVER;
  }
  return state;
});

const userIn = z.union([
  login,
  z.strictObject({
    login,
    id: id.optional(),
    type: z.enum(['User', 'Bot']).optional(),
    name: z.string().nullable().optional(),
    email: z.string().nullable().optional(),
    site_admin: z.boolean().optional(),
    /** One token, or several (`tokens`): requests with it act as this user. */
    token: z.string().min(1).optional(),
    tokens: z.array(z.string().min(1)).optional(),
    created_at: time.optional(),
  }),
]);

const teamIn = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'team slugs are lower case letters, digits, - and _'),
  id: id.optional(),
  name: z.string().optional(),
  description: z.string().nullable().optional(),
  privacy: z.enum(['closed', 'secret']).optional(),
  members: z.array(login).optional(),
  maintainers: z.array(login).optional(),
});

const orgIn = z.strictObject({
  login,
  id: id.optional(),
  name: z.string().nullable().optional(),
  default_repository_permission: z.union([permission, z.literal('none')]).optional(),
  members: z.array(login).optional(),
  admins: z.array(login).optional(),
  teams: z.array(teamIn).optional(),
  created_at: time.optional(),
});

const labelIn = z.union([
  z.string().min(1),
  z.strictObject({
    name: z.string().min(1),
    id: id.optional(),
    color: z.string().regex(/^[0-9a-fA-F]{6}$/, 'colors are 6 hex digits without #').optional(),
    description: z.string().nullable().optional(),
    default: z.boolean().optional(),
  }),
]);

const milestoneIn = z.union([
  z.string().min(1),
  z.strictObject({
    title: z.string().min(1),
    id: id.optional(),
    number: id.optional(),
    description: z.string().nullable().optional(),
    state: z.enum(['open', 'closed']).optional(),
    due_on: time.nullable().optional(),
    creator: login.nullable().optional(),
    created_at: time.optional(),
    updated_at: time.optional(),
    closed_at: time.nullable().optional(),
  }),
]);

const reactionIn = z.strictObject({
  id: id.optional(),
  user: login,
  content: z.enum(['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes']),
  created_at: time.optional(),
});

const commentIn = z.strictObject({
  id: id.optional(),
  user: login,
  body: z.string(),
  created_at: time.optional(),
  updated_at: time.optional(),
  reactions: z.array(reactionIn).optional(),
});

const deletedCommentIn = commentIn.extend({ deleted_at: time.optional(), deleted_by: login.optional() });

export const reviewCommentIn = z.strictObject({
  path: z.string().min(1),
  position: z.number().int().optional(),
  line: z.number().int().optional(),
  side: z.enum(['LEFT', 'RIGHT']).optional(),
  body: z.string(),
});

const reviewIn = z.strictObject({
  id: id.optional(),
  user: login,
  state: reviewState,
  body: z.string().nullable().optional(),
  submitted_at: time.optional(),
  commit_id: z.string().optional(),
  comments: z.array(reviewCommentIn).optional(),
});

export const statusIn = z.strictObject({
  id: id.optional(),
  context: z.string().min(1).optional(),
  state: z.enum(['error', 'failure', 'pending', 'success']),
  description: z.string().nullable().optional(),
  target_url: z.string().nullable().optional(),
  creator: login.optional(),
  created_at: time.optional(),
  updated_at: time.optional(),
});

const checkRunIn = z.strictObject({
  id: id.optional(),
  name: z.string().min(1),
  head_sha: z.string().optional(),
  status: z.enum(['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending']).optional(),
  conclusion: z.string().nullable().optional(),
  details_url: z.string().nullable().optional(),
  external_id: z.string().nullable().optional(),
  started_at: time.nullable().optional(),
  completed_at: time.nullable().optional(),
  output: z.strictObject({ title: z.string().nullable().optional(), summary: z.string().nullable().optional(), text: z.string().nullable().optional() }).optional(),
  creator: login.optional(),
});

export const fileIn = z.union([
  z.string().min(1),
  z.strictObject({
    filename: z.string().min(1),
    status: z.enum(['added', 'removed', 'modified', 'renamed', 'copied', 'changed', 'unchanged']).optional(),
    additions: z.number().int().nonnegative().optional(),
    deletions: z.number().int().nonnegative().optional(),
    patch: z.string().optional(),
    previous_filename: z.string().optional(),
    /** The file's new content: written into the head commit's files. */
    content: z.string().optional(),
  }),
]);

const commitIn = z.strictObject({
  sha: z.string().regex(/^[0-9a-f]{4,40}$/, 'SHAs are hex'),
  message: z.string().optional(),
  author: login.optional(),
  parents: z.array(z.string()).optional(),
  date: time.optional(),
});

const branchRef = z.union([z.string().min(1), z.strictObject({ ref: z.string().min(1), sha: z.string().optional() })]);

const issueFields = {
  number: id.optional(),
  id: id.optional(),
  title: z.string().min(1),
  body: z.string().nullable().optional(),
  user: login,
  state: z.enum(['open', 'closed']).optional(),
  state_reason: z.enum(['completed', 'not_planned', 'reopened', 'duplicate']).nullable().optional(),
  locked: z.boolean().optional(),
  labels: z.array(z.string().min(1)).optional(),
  assignees: z.array(login).optional(),
  milestone: z.string().nullable().optional(),
  comments: z.array(commentIn).optional(),
  deleted_comments: z.array(deletedCommentIn).optional(),
  reactions: z.array(reactionIn).optional(),
  created_at: time.optional(),
  updated_at: time.optional(),
  closed_at: time.nullable().optional(),
  closed_by: login.nullable().optional(),
};

const issueIn = z.strictObject(issueFields);

const pullIn = z.strictObject({
  ...issueFields,
  draft: z.boolean().optional(),
  merged: z.boolean().optional(),
  merged_at: time.nullable().optional(),
  merged_by: login.nullable().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  mergeable: z.boolean().nullable().optional(),
  maintainer_can_modify: z.boolean().optional(),
  /** Head branch name (default `pr-N`), or `{ref, sha}`. */
  head: branchRef.optional(),
  /** Base branch name (default: the repository's default branch), or `{ref, sha}`. */
  base: branchRef.optional(),
  files: z.array(fileIn).optional(),
  commits: z.array(z.union([z.string(), commitIn])).optional(),
  requested_reviewers: z.array(login).optional(),
  requested_teams: z.array(z.string()).optional(),
  reviews: z.array(reviewIn).optional(),
  /** Statuses on the head commit. */
  statuses: z.array(statusIn).optional(),
  /** Check runs on the head commit. */
  check_runs: z.array(checkRunIn).optional(),
});

const mergeIn = z.strictObject({
  number: id,
  sha: z.string(),
  method: z.enum(['merge', 'squash', 'rebase']),
  by: login,
  head_sha: z.string(),
  base: z.string(),
  merged_at: time,
});

const repoIn = z.strictObject({
  /** `owner/name`, or just the name with `owner` set. */
  name: z.string().min(1),
  owner: login.optional(),
  id: id.optional(),
  private: z.boolean().optional(),
  description: z.string().nullable().optional(),
  default_branch: z.string().min(1).optional(),
  /** Which merge methods the repository allows (GitHub's settings; default all). */
  allow_merge_commit: z.boolean().optional(),
  allow_squash_merge: z.boolean().optional(),
  allow_rebase_merge: z.boolean().optional(),
  /** login → permission; a plain list means `write` for each. */
  collaborators: z.union([z.record(z.string(), permission), z.array(login)]).optional(),
  /** Team slug (of the owning organisation) → permission. */
  teams: z.record(z.string(), permission).optional(),
  labels: z.array(labelIn).optional(),
  milestones: z.array(milestoneIn).optional(),
  /** Branch name → head SHA. The default branch, when not given, gets a generated commit holding `files`. */
  branches: z.record(z.string(), z.string()).optional(),
  /** Files at the default branch's head: path → content. */
  files: z.record(z.string(), z.string()).optional(),
  /** Files at other commits: SHA or branch name → (path → content). */
  trees: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  commits: z.union([z.record(z.string(), commitIn.partial({ sha: true })), z.array(commitIn)]).optional(),
  pulls: z.array(pullIn).optional(),
  issues: z.array(issueIn).optional(),
  /** Commit SHA (or branch name) → statuses, oldest first. */
  statuses: z.record(z.string(), z.array(statusIn)).optional(),
  check_runs: z.record(z.string(), z.array(checkRunIn)).optional(),
  merges: z.array(mergeIn).optional(),
  created_at: time.optional(),
  updated_at: time.optional(),
  pushed_at: time.optional(),
});

export const scenarioSchema = z.strictObject({
  /** The simulator's clock. Set: timestamps start here and move one second per write. Unset: wall clock. */
  clock: time.optional(),
  clock_mode: z.enum(['fixed', 'wall']).optional(),
  next_id: id.optional(),
  users: z.array(userIn).optional(),
  orgs: z.array(orgIn).optional(),
  repos: z.array(repoIn).optional(),
  /** Rate limits (not part of the state read back): `limit` per hour for REST, `search_limit` per minute. */
  rate_limit: z.strictObject({ limit: z.number().int().nonnegative().optional(), remaining: z.number().int().nonnegative().optional(), search_limit: z.number().int().nonnegative().optional() }).optional(),
});

export type Scenario = z.input<typeof scenarioSchema>;
export type ParsedScenario = z.output<typeof scenarioSchema>;
export type RepoIn = z.output<typeof repoIn>;
export type PullIn = z.output<typeof pullIn>;
export type IssueIn = z.output<typeof issueIn>;
export type FileIn = z.output<typeof fileIn>;
export type StatusIn = z.output<typeof statusIn>;
export type CheckRunIn = z.output<typeof checkRunIn>;
export type CommentIn = z.output<typeof commentIn>;
