import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DeliveryResult, SimContext } from '../context.js';
import type { SimEvent } from '../events.js';
import { normalizeFile } from '../files.js';
import { ghError, notFound, params, parseInput, splitFullName } from '../http.js';
import { addLabels, createComment, deleteComment, editComment, openIssue, removeLabel, setState } from '../ops-issues.js';
import { openPull, pushPull, submitReview } from '../ops-pulls.js';
import { createStatus } from '../ops-statuses.js';
import { fileIn, reviewState } from '../scenario-schema.js';
import type { SimIssue, SimRepo } from '../types.js';

// POST /_sim/actions/{name}: what people do on GitHub, each changing the state and sending the
// webhook GitHub would send. Answers with the action's result plus `delivery` (the first webhook's
// X-GitHub-Delivery), `status` (what the receiver answered, null when nothing did) and `deliveries`.

const repoRef = { repo: z.string().min(1) };
const target = { ...repoRef, number: z.number().int().positive() };
const user = z.string().min(1);

const schemas = {
  'open-pr': z.object({
    ...repoRef,
    user,
    title: z.string().min(1),
    body: z.string().nullable().optional(),
    head: z.string().optional(),
    head_sha: z.string().optional(),
    base: z.string().optional(),
    draft: z.boolean().optional(),
    mergeable: z.boolean().nullable().optional(),
    files: z.array(fileIn).optional(),
    labels: z.array(z.string()).optional(),
  }),
  'open-issue': z.object({ ...repoRef, user, title: z.string().min(1), body: z.string().nullable().optional(), labels: z.array(z.string()).optional() }),
  push: z.object({ ...target, user: user.optional(), sha: z.string().optional(), message: z.string().optional(), files: z.array(fileIn).optional() }),
  comment: z.object({ ...target, user, body: z.string().min(1) }),
  'edit-comment': z.object({ ...repoRef, id: z.number().int().positive(), user: user.optional(), body: z.string().min(1) }),
  'delete-comment': z.object({ ...repoRef, id: z.number().int().positive(), user: user.optional() }),
  review: z.object({ ...target, user, state: reviewState, body: z.string().optional(), commit_id: z.string().optional() }),
  label: z.object({ ...target, user, label: z.string().min(1) }),
  unlabel: z.object({ ...target, user, label: z.string().min(1) }),
  status: z.object({
    ...repoRef,
    user,
    sha: z.string().optional(),
    number: z.number().int().positive().optional(),
    context: z.string().optional(),
    state: z.enum(['error', 'failure', 'pending', 'success']),
    description: z.string().nullable().optional(),
    target_url: z.string().nullable().optional(),
  }),
  close: z.object({ ...target, user }),
  reopen: z.object({ ...target, user }),
  'set-mergeable': z.object({ ...target, mergeable: z.boolean().nullable() }),
};

export const ACTIONS = Object.keys(schemas);

type Outcome = { result: Record<string, unknown>; events: SimEvent[] };

export function simActionRoutes(app: FastifyInstance, ctx: SimContext): void {
  const repoOf = (full: string): SimRepo => {
    const name = splitFullName(full);
    const repo = name && ctx.store.repo(name.owner, name.name);
    if (!repo) throw ghError(404, `no repository ${full}`);
    return repo;
  };
  const issueOf = (repo: SimRepo, n: number): SimIssue => {
    const issue = ctx.store.issue(repo, n);
    if (!issue) throw ghError(404, `no issue or pull request #${n} in ${repo.owner}/${repo.name}`);
    return issue;
  };
  const pullOf = (repo: SimRepo, n: number): SimIssue => {
    const issue = issueOf(repo, n);
    if (!issue.pull) throw ghError(422, `#${n} in ${repo.owner}/${repo.name} is an issue, not a pull request`);
    return issue;
  };
  const who = (login: string): string => {
    const u = ctx.store.user(login);
    if (!u) throw ghError(422, `unknown user '${login}' (seed it under users:)`);
    return u.login;
  };

  const handlers: { [K in keyof typeof schemas]: (b: z.output<(typeof schemas)[K]>) => Outcome } = {
    'open-pr': (b) => {
      const repo = repoOf(b.repo);
      const actor = who(b.user);
      const { issue, events } = openPull(ctx.store, repo, actor, {
        title: b.title,
        body: b.body,
        head: b.head ?? `pr-${ctx.store.nextNumber(repo)}`,
        headSha: b.head_sha,
        base: b.base,
        draft: b.draft,
        mergeable: b.mergeable,
        files: b.files?.map(normalizeFile),
      });
      const labeled = addLabels(ctx.store, repo, issue, b.labels ?? [], actor);
      return { result: { number: issue.number, head_sha: issue.pull?.head.sha }, events: [...events, ...labeled] };
    },
    'open-issue': (b) => {
      const repo = repoOf(b.repo);
      const actor = who(b.user);
      const { issue, events } = openIssue(ctx.store, repo, actor, { title: b.title, body: b.body });
      const labeled = addLabels(ctx.store, repo, issue, b.labels ?? [], actor);
      return { result: { number: issue.number }, events: [...events, ...labeled] };
    },
    push: (b) => {
      const repo = repoOf(b.repo);
      const issue = pullOf(repo, b.number);
      const events = pushPull(ctx.store, repo, issue, who(b.user ?? issue.user), { sha: b.sha, message: b.message, files: b.files?.map(normalizeFile) });
      return { result: { head_sha: issue.pull?.head.sha }, events };
    },
    comment: (b) => {
      const repo = repoOf(b.repo);
      const { comment, events } = createComment(ctx.store, repo, issueOf(repo, b.number), who(b.user), b.body);
      return { result: { id: comment.id }, events };
    },
    'edit-comment': (b) => {
      const repo = repoOf(b.repo);
      const found = ctx.store.findComment(repo, b.id);
      if (!found) throw notFound();
      return { result: { id: b.id }, events: editComment(ctx.store, repo, found.issue, found.comment, who(b.user ?? found.comment.user), b.body) };
    },
    'delete-comment': (b) => {
      const repo = repoOf(b.repo);
      const found = ctx.store.findComment(repo, b.id);
      if (!found) throw notFound();
      return { result: { id: b.id }, events: deleteComment(ctx.store, repo, found.issue, found.comment, who(b.user ?? found.comment.user)) };
    },
    review: (b) => {
      const repo = repoOf(b.repo);
      const { review, events } = submitReview(ctx.store, repo, pullOf(repo, b.number), who(b.user), b.state, b.body ?? '', b.commit_id);
      return { result: { id: review.id, state: review.state }, events };
    },
    label: (b) => {
      const repo = repoOf(b.repo);
      return { result: {}, events: addLabels(ctx.store, repo, issueOf(repo, b.number), [b.label], who(b.user)) };
    },
    unlabel: (b) => {
      const repo = repoOf(b.repo);
      return { result: {}, events: removeLabel(ctx.store, repo, issueOf(repo, b.number), b.label, who(b.user)) };
    },
    status: (b) => {
      const repo = repoOf(b.repo);
      const ref = b.sha ?? (b.number !== undefined ? pullOf(repo, b.number).pull?.head.sha : undefined);
      if (!ref) throw ghError(422, 'give sha or number');
      const { status, sha, events } = createStatus(ctx.store, repo, who(b.user), ref, b);
      return { result: { id: status.id, sha }, events };
    },
    close: (b) => {
      const repo = repoOf(b.repo);
      return { result: {}, events: setState(ctx.store, repo, issueOf(repo, b.number), 'closed', who(b.user)) };
    },
    reopen: (b) => {
      const repo = repoOf(b.repo);
      return { result: {}, events: setState(ctx.store, repo, issueOf(repo, b.number), 'open', who(b.user)) };
    },
    'set-mergeable': (b) => {
      const repo = repoOf(b.repo);
      const pull = pullOf(repo, b.number).pull;
      if (pull) pull.mergeable = b.mergeable;
      return { result: { mergeable: b.mergeable }, events: [] };
    },
  };

  app.post('/_sim/actions/:name', async (req) => {
    const name = params(req).name ?? '';
    if (!(name in schemas)) throw ghError(404, `unknown action '${name}' (one of: ${ACTIONS.join(', ')})`);
    const key = name as keyof typeof schemas;
    const body = parseInput(schemas[key], req.body);
    const { result, events } = (handlers[key] as (b: unknown) => Outcome)(body);
    const deliveries: DeliveryResult[] = await ctx.deliver(events);
    return { ...result, delivery: deliveries[0]?.delivery ?? null, status: deliveries[0]?.status ?? null, deliveries };
  });
}
