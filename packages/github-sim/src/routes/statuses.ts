import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../auth.js';
import type { SimContext } from '../context.js';
import { ghError, paginate, params, parseInput, query } from '../http.js';
import { createCheckRun, createStatus } from '../ops-statuses.js';
import { checkRunShape, combinedStatusShape, statusShape } from '../shapes-commits.js';
import type { SimRepo } from '../types.js';

// Commit statuses and check runs.

const statusBody = z.object({
  state: z.enum(['error', 'failure', 'pending', 'success']),
  target_url: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  context: z.string().optional(),
});

const checkRunBody = z.object({
  name: z.string().min(1),
  head_sha: z.string().min(1),
  details_url: z.string().optional(),
  external_id: z.string().optional(),
  status: z.enum(['queued', 'in_progress', 'completed', 'waiting', 'requested', 'pending']).optional(),
  started_at: z.string().optional(),
  conclusion: z.enum(['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'stale', 'timed_out']).optional(),
  completed_at: z.string().optional(),
  output: z.object({ title: z.string(), summary: z.string(), text: z.string().optional() }).passthrough().optional(),
  actions: z.array(z.unknown()).optional(),
});

export function statusRoutes(app: FastifyInstance, ctx: SimContext): void {
  const shaOf = (req: FastifyRequest, repo: SimRepo): string => {
    const ref = params(req).ref ?? '';
    const sha = ctx.store.resolveRef(repo, ref);
    if (!sha) throw ghError(404, `No commit found for SHA: ${ref}`, {}, 'https://docs.github.com/rest/commits/statuses');
    return sha;
  };

  app.post('/repos/:owner/:repo/statuses/:sha', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    ctx.require(repo, actor.login, 'write');
    const body = parseInput(statusBody, req.body);
    const { status, events, sha } = createStatus(ctx.store, repo, actor.login, params(req).sha ?? '', body);
    ctx.echo(events);
    return reply.code(201).send(statusShape(ctx.store, repo, sha, status, ctx.urls(req)));
  });

  app.get('/repos/:owner/:repo/commits/:ref/status', async (req) => {
    const repo = ctx.repo(req);
    return combinedStatusShape(ctx.store, repo, shaOf(req, repo), ctx.urls(req));
  });

  app.get('/repos/:owner/:repo/commits/:ref/statuses', async (req, reply) => {
    const repo = ctx.repo(req);
    const sha = shaOf(req, repo);
    const newestFirst = [...(repo.statuses[sha] ?? [])].reverse();
    const u = ctx.urls(req);
    return paginate(req, reply, newestFirst, ctx.perPage).map((s) => statusShape(ctx.store, repo, sha, s, u));
  });

  app.get('/repos/:owner/:repo/commits/:ref/check-runs', async (req, reply) => {
    const repo = ctx.repo(req);
    const sha = shaOf(req, repo);
    const q = query(req);
    let runs = [...(repo.check_runs[sha] ?? [])].reverse();
    if (q.check_name) runs = runs.filter((r) => r.name === q.check_name);
    if (q.status) runs = runs.filter((r) => r.status === q.status);
    if ((q.filter ?? 'latest') === 'latest') runs = runs.filter((r, i) => runs.findIndex((x) => x.name === r.name) === i);
    const u = ctx.urls(req);
    const page = paginate(req, reply, runs, ctx.perPage).map((r) => checkRunShape(ctx.store, repo, r, u));
    return { total_count: runs.length, check_runs: page };
  });

  app.post('/repos/:owner/:repo/check-runs', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    ctx.require(repo, actor.login, 'write');
    const body = parseInput(checkRunBody, req.body);
    const run = createCheckRun(ctx.store, repo, actor.login, body);
    return reply.code(201).send(checkRunShape(ctx.store, repo, run, ctx.urls(req)));
  });
}
