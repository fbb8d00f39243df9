import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../auth.js';
import type { SimContext } from '../context.js';
import { paginate, params, parseInput, query, validationFailed } from '../http.js';
import { addLabels, removeLabel, setLabels } from '../ops-issues.js';
import { labelShape, milestoneShape } from '../shapes.js';
import type { SimIssue, SimRepo } from '../types.js';
import { labelNames, namesOf } from './issues.js';

// Repository labels, labels on issues/PRs, milestones.

const createLabel = z.object({
  name: z.string().min(1),
  color: z
    .string()
    .regex(/^#?[0-9a-fA-F]{6}$/)
    .optional(),
  description: z.string().nullable().optional(),
});

export function labelRoutes(app: FastifyInstance, ctx: SimContext): void {
  const issueLabels = (repo: SimRepo, issue: SimIssue, u: ReturnType<SimContext['urls']>) =>
    issue.labels.map((n) => labelShape(repo, ctx.store.ensureLabel(repo, n), u));

  app.get('/repos/:owner/:repo/labels', async (req, reply) => {
    const repo = ctx.repo(req);
    const u = ctx.urls(req);
    return paginate(req, reply, repo.labels, ctx.perPage).map((l) => labelShape(repo, l, u));
  });

  app.post('/repos/:owner/:repo/labels', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    ctx.require(repo, actor.login, 'write');
    const body = parseInput(createLabel, req.body);
    if (ctx.store.label(repo, body.name)) throw validationFailed([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
    const label = ctx.store.ensureLabel(repo, body.name);
    label.color = (body.color ?? 'ededed').replace(/^#/, '').toLowerCase();
    label.description = body.description ?? null;
    return reply.code(201).send(labelShape(repo, label, ctx.urls(req)));
  });

  app.get('/repos/:owner/:repo/milestones', async (req, reply) => {
    const repo = ctx.repo(req);
    const q = query(req);
    const state = q.state ?? 'open';
    const list = repo.milestones.filter((m) => state === 'all' || m.state === state);
    const sorted = q.sort === 'completeness' ? list : [...list].sort((a, b) => ((a.due_on ?? '9') < (b.due_on ?? '9') ? -1 : 1));
    if (q.direction === 'desc') sorted.reverse();
    const u = ctx.urls(req);
    return paginate(req, reply, sorted, ctx.perPage).map((m) => milestoneShape(ctx.store, repo, m, u));
  });

  app.get('/repos/:owner/:repo/issues/:issue_number/labels', async (req, reply) => {
    const repo = ctx.repo(req);
    const issue = ctx.issue(req, repo);
    const all = issueLabels(repo, issue, ctx.urls(req));
    return paginate(req, reply, all, ctx.perPage);
  });

  app.post('/repos/:owner/:repo/issues/:issue_number/labels', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.issue(req, repo);
    ctx.require(repo, actor.login, 'triage');
    const names = namesOf(parseInput(labelNames, req.body));
    ctx.echo(addLabels(ctx.store, repo, issue, names, actor.login));
    return issueLabels(repo, issue, ctx.urls(req));
  });

  app.put('/repos/:owner/:repo/issues/:issue_number/labels', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.issue(req, repo);
    ctx.require(repo, actor.login, 'triage');
    const names = namesOf(parseInput(labelNames, req.body));
    ctx.echo(setLabels(ctx.store, repo, issue, names, actor.login));
    return issueLabels(repo, issue, ctx.urls(req));
  });

  app.delete('/repos/:owner/:repo/issues/:issue_number/labels', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.issue(req, repo);
    ctx.require(repo, actor.login, 'triage');
    ctx.echo(setLabels(ctx.store, repo, issue, [], actor.login));
    return reply.code(204).send();
  });

  app.delete('/repos/:owner/:repo/issues/:issue_number/labels/:name', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.issue(req, repo);
    ctx.require(repo, actor.login, 'triage');
    ctx.echo(removeLabel(ctx.store, repo, issue, params(req).name ?? '', actor.login));
    return issueLabels(repo, issue, ctx.urls(req));
  });
}
