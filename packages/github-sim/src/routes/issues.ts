import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../auth.js';
import type { SimContext } from '../context.js';
import type { SimEvent } from '../events.js';
import { ghError, params, parseInput, validationFailed, intParam } from '../http.js';
import { addAssignees, addReaction, editIssue, removeAssignees, setAssignees, setLabels, setState } from '../ops-issues.js';
import { issueShape, reactionShape } from '../shapes-issues.js';
import type { SimRepo } from '../types.js';

// Issues (and PRs through the issues API): read, edit, assignees, reactions.

export const labelNames = z.union([
  z.array(z.union([z.string(), z.object({ name: z.string() })])),
  z.object({ labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).optional() }),
  z.string(),
]);

export function namesOf(input: z.output<typeof labelNames>): string[] {
  const list = typeof input === 'string' ? [input] : Array.isArray(input) ? input : (input.labels ?? []);
  return list.map((l) => (typeof l === 'string' ? l : l.name));
}

const updateBody = z.object({
  title: z.union([z.string(), z.number()]).nullable().optional(),
  body: z.string().nullable().optional(),
  assignee: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']).optional(),
  state_reason: z.enum(['completed', 'not_planned', 'duplicate', 'reopened']).nullable().optional(),
  milestone: z.union([z.string(), z.number()]).nullable().optional(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).optional(),
  assignees: z.array(z.string()).optional(),
});

const assigneesBody = z.object({ assignees: z.array(z.string()).optional() });
const reactionBody = z.object({ content: z.enum(['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes']) });

function milestoneTitle(repo: SimRepo, value: string | number | null): string | null {
  if (value === null) return null;
  const m = repo.milestones.find((x) => x.number === Number(value));
  if (!m) throw validationFailed([{ resource: 'Issue', field: 'milestone', code: 'invalid', value: String(value) }]);
  return m.title;
}

export function issueRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/repos/:owner/:repo/issues/:issue_number', async (req) => {
    const repo = ctx.repo(req);
    return issueShape(ctx.store, repo, ctx.issue(req, repo), ctx.urls(req));
  });

  app.patch('/repos/:owner/:repo/issues/:issue_number', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.issue(req, repo);
    const body = parseInput(updateBody, req.body);
    const triage = ctx.can(repo, actor.login, 'triage');
    const isAuthor = issue.user.toLowerCase() === actor.login.toLowerCase();
    if (!triage && !isAuthor) throw ghError(403, 'Resource not accessible by personal access token');
    const events: SimEvent[] = [];
    const title = body.title === null || body.title === undefined ? undefined : String(body.title);
    events.push(...editIssue(ctx.store, repo, issue, { title, body: body.body }, actor.login));
    // Without triage access GitHub ignores labels, assignees and milestone silently.
    if (triage) {
      if (body.milestone !== undefined) events.push(...editIssue(ctx.store, repo, issue, { milestone: milestoneTitle(repo, body.milestone) }, actor.login));
      if (body.labels !== undefined) events.push(...setLabels(ctx.store, repo, issue, body.labels.map((l) => (typeof l === 'string' ? l : l.name)), actor.login));
      const assignees = body.assignees ?? (body.assignee !== undefined ? (body.assignee === null ? [] : [body.assignee]) : undefined);
      if (assignees !== undefined) events.push(...setAssignees(ctx.store, repo, issue, assignees, actor.login));
    }
    if (body.state !== undefined) events.push(...setState(ctx.store, repo, issue, body.state, actor.login, body.state_reason));
    else if (body.state_reason !== undefined && issue.state === 'closed' && !issue.pull) issue.state_reason = body.state_reason;
    ctx.echo(events);
    return issueShape(ctx.store, repo, issue, ctx.urls(req));
  });

  app.post('/repos/:owner/:repo/issues/:issue_number/assignees', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.issue(req, repo);
    const body = parseInput(assigneesBody, req.body);
    if (ctx.can(repo, actor.login, 'triage')) ctx.echo(addAssignees(ctx.store, repo, issue, body.assignees ?? [], actor.login));
    return reply.code(201).send(issueShape(ctx.store, repo, issue, ctx.urls(req)));
  });

  app.delete('/repos/:owner/:repo/issues/:issue_number/assignees', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.issue(req, repo);
    const body = parseInput(assigneesBody, req.body);
    if (ctx.can(repo, actor.login, 'triage')) ctx.echo(removeAssignees(ctx.store, repo, issue, body.assignees ?? [], actor.login));
    return issueShape(ctx.store, repo, issue, ctx.urls(req));
  });

  app.post('/repos/:owner/:repo/issues/:issue_number/reactions', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.issue(req, repo);
    const { content } = parseInput(reactionBody, req.body);
    const { reaction, created } = addReaction(ctx.store, issue.reactions, actor.login, content);
    return reply.code(created ? 201 : 200).send(reactionShape(ctx.store, reaction, ctx.urls(req)));
  });

  app.post('/repos/:owner/:repo/issues/comments/:comment_id/reactions', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const found = ctx.store.findComment(repo, intParam(params(req).comment_id));
    if (!found) throw ghError(404, 'Not Found');
    const { content } = parseInput(reactionBody, req.body);
    const { reaction, created } = addReaction(ctx.store, found.comment.reactions, actor.login, content);
    return reply.code(created ? 201 : 200).send(reactionShape(ctx.store, reaction, ctx.urls(req)));
  });
}
