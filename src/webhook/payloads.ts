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
  pull_request: issueLike.extend({
    draft: z.boolean().optional(),
    merged: z.boolean().nullable().optional(),
    head: z.object({ sha: z.string() }),
    base: z.object({ ref: z.string() }),
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
  comment: z.object({ id: z.number(), body: z.string(), user, created_at: z.string().optional() }),
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
  comment: z.object({ id: z.number(), body: z.string(), user, created_at: z.string().optional() }),
});
