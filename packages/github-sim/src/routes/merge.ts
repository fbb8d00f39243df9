import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../auth.js';
import type { SimContext } from '../context.js';
import { ghError, notFound, parseInput } from '../http.js';
import { mergePull, removeRequestedReviewers, requestReviewers } from '../ops-pulls.js';
import { pullSimpleShape } from '../shapes-issues.js';
import { simpleUser, teamShape } from '../shapes.js';

// Review requests and merging.

const reviewersBody = z.object({
  reviewers: z.array(z.string()).optional(),
  team_reviewers: z.array(z.string()).optional(),
});

const mergeBody = z.object({
  commit_title: z.string().optional(),
  commit_message: z.string().optional(),
  sha: z.string().optional(),
  merge_method: z.enum(['merge', 'squash', 'rebase']).optional(),
});

export function mergeRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/repos/:owner/:repo/pulls/:pull_number/requested_reviewers', async (req) => {
    const repo = ctx.repo(req);
    const pull = ctx.pull(req, repo).pull;
    const org = ctx.store.org(repo.owner);
    const u = ctx.urls(req);
    return {
      users: (pull?.requested_reviewers ?? []).map((l) => simpleUser(ctx.store, l, u)),
      teams: (pull?.requested_teams ?? []).flatMap((slug) => {
        const team = org?.teams.find((t) => t.slug === slug);
        return org && team ? [teamShape(org, team, u)] : [];
      }),
    };
  });

  app.post('/repos/:owner/:repo/pulls/:pull_number/requested_reviewers', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.pull(req, repo);
    const body = parseInput(reviewersBody, req.body);
    if (issue.user.toLowerCase() !== actor.login.toLowerCase()) ctx.require(repo, actor.login, 'triage');
    const events = requestReviewers(ctx.store, repo, issue, actor.login, body.reviewers ?? [], body.team_reviewers ?? []);
    ctx.echo(events);
    return reply.code(201).send(pullSimpleShape(ctx.store, repo, issue, ctx.urls(req)));
  });

  app.delete('/repos/:owner/:repo/pulls/:pull_number/requested_reviewers', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.pull(req, repo);
    const body = parseInput(reviewersBody.extend({ reviewers: z.array(z.string()) }), req.body);
    if (issue.user.toLowerCase() !== actor.login.toLowerCase()) ctx.require(repo, actor.login, 'triage');
    ctx.echo(removeRequestedReviewers(ctx.store, repo, issue, actor.login, body.reviewers, body.team_reviewers ?? []));
    return pullSimpleShape(ctx.store, repo, issue, ctx.urls(req));
  });

  app.get('/repos/:owner/:repo/pulls/:pull_number/merge', async (req, reply) => {
    const repo = ctx.repo(req);
    if (!ctx.pull(req, repo).pull?.merged) throw notFound();
    return reply.code(204).send();
  });

  app.put('/repos/:owner/:repo/pulls/:pull_number/merge', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.pull(req, repo);
    const body = parseInput(mergeBody, req.body);
    if (!ctx.can(repo, actor.login, 'write')) throw ghError(403, 'Resource not accessible by personal access token');
    const { sha, events } = mergePull(ctx.store, repo, issue, actor.login, {
      sha: body.sha,
      method: body.merge_method,
      title: body.commit_title,
      message: body.commit_message,
    });
    ctx.echo(events);
    return { sha, merged: true, message: 'Pull Request successfully merged' };
  });
}
