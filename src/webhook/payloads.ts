import { z } from 'zod';

// The parts of GitHub's webhook payloads Coxswain reads, checked at runtime. Anything else in the
// payload is ignored (GitHub adds fields often); a missing field is a 400 that names it.

const user = z.object({ login: z.string() });
const label = z.object({ name: z.string() });
const repository = z.object({ name: z.string(), owner: user });

const issueLike = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']),
  user,
  labels: z.array(label).default([]),
  assignees: z.array(user).nullable().optional(),
  /** Present (non-null) when the issue is a pull request. */
  pull_request: z.object({}).passthrough().nullable().optional(),
});

export const pullRequestPayload = z.object({
  action: z.string(),
  sender: user,
  repository,
  label: label.optional(),
  /** On `edited`: what changed; `base` when the PR was moved to another branch. */
  changes: z.object({ base: z.unknown().optional() }).passthrough().optional(),
  pull_request: issueLike.extend({
    draft: z.boolean().optional(),
    merged: z.boolean().nullable().optional(),
    head: z.object({ sha: z.string(), ref: z.string().optional(), repo: z.object({ full_name: z.string() }).nullable().optional() }),
    base: z.object({ ref: z.string(), sha: z.string().optional(), repo: z.object({ full_name: z.string(), default_branch: z.string().optional() }).optional() }),
    merge_commit_sha: z.string().nullable().optional(),
    mergeable: z.boolean().nullable().optional(),
    requested_reviewers: z.array(z.object({ login: z.string().optional() })).nullable().optional(),
    milestone: z.object({ title: z.string() }).nullable().optional(),
    updated_at: z.string().optional(),
  }),
});

export const issuesPayload = z.object({
  action: z.string(),
  sender: user,
  repository,
  label: label.optional(),
  issue: issueLike,
});

export const issueCommentPayload = z.object({
  action: z.enum(['created', 'edited', 'deleted']),
  sender: user,
  repository,
  issue: issueLike,
  comment: z.object({ id: z.number(), body: z.string(), user, created_at: z.string().optional(), html_url: z.string().optional() }),
});

export const pullRequestReviewPayload = z.object({
  action: z.enum(['submitted', 'edited', 'dismissed']),
  sender: user,
  repository,
  pull_request: z.object({ number: z.number().int().positive() }),
  review: z.object({
    body: z.string().nullable().optional(),
    state: z.string(),
    user,
    submitted_at: z.string().nullable().optional(),
  }),
});

export const pullRequestReviewCommentPayload = z.object({
  action: z.enum(['created', 'edited', 'deleted']),
  sender: user,
  repository,
  pull_request: z.object({ number: z.number().int().positive() }),
  comment: z.object({ id: z.number(), body: z.string(), user, created_at: z.string().optional(), html_url: z.string().optional() }),
});

export const pushPayload = z.object({
  ref: z.string(),
  before: z.string(),
  after: z.string(),
  deleted: z.boolean().optional(),
  sender: user,
  repository: z.object({ name: z.string(), owner: z.object({ login: z.string().optional(), name: z.string().optional() }) }),
  /** GitHub lists at most 20 commits, each with the paths it added, modified and removed. */
  commits: z
    .array(z.object({ added: z.array(z.string()).optional(), modified: z.array(z.string()).optional(), removed: z.array(z.string()).optional() }).passthrough())
    .optional(),
});

export const statusPayload = z.object({
  sha: z.string(),
  context: z.string(),
  state: z.enum(['pending', 'success', 'failure', 'error']),
  description: z.string().nullable().optional(),
  target_url: z.string().nullable().optional(),
  sender: user,
  repository,
});

const checkPullRequests = z.array(z.object({ number: z.number().int().positive() })).default([]);

export const checkRunPayload = z.object({
  action: z.string(),
  sender: user,
  repository,
  check_run: z.object({
    name: z.string(),
    head_sha: z.string(),
    status: z.string(),
    conclusion: z.string().nullable().optional(),
    details_url: z.string().nullable().optional(),
    output: z.object({ title: z.string().nullable().optional() }).partial().nullable().optional(),
    pull_requests: checkPullRequests,
  }),
});

export const checkSuitePayload = z.object({
  action: z.string(),
  sender: user,
  repository,
  check_suite: z.object({
    head_sha: z.string(),
    status: z.string().nullable(),
    conclusion: z.string().nullable().optional(),
    app: z.object({ name: z.string() }).partial().nullable().optional(),
    pull_requests: checkPullRequests,
  }),
});
