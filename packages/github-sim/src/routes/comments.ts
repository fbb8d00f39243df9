import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../auth.js';
import type { SimContext } from '../context.js';
import { ghError, intParam, notFound, paginate, params, parseInput, query } from '../http.js';
import { createComment, deleteComment, editComment } from '../ops-issues.js';
import { commentShape } from '../shapes-issues.js';
import type { SimRepo } from '../types.js';

// Issue and PR conversation comments.

const commentBody = z.object({ body: z.string().min(1) });

export function commentRoutes(app: FastifyInstance, ctx: SimContext): void {
  const commentOf = (req: FastifyRequest, repo: SimRepo) => {
    const found = ctx.store.findComment(repo, intParam(params(req).comment_id));
    if (!found) throw notFound('https://docs.github.com/rest/issues/comments#get-an-issue-comment');
    return found;
  };
  const mayChange = (repo: SimRepo, login: string, author: string) => {
    if (author.toLowerCase() !== login.toLowerCase() && !ctx.can(repo, login, 'write')) {
      throw ghError(403, 'Resource not accessible by personal access token');
    }
  };

  app.get('/repos/:owner/:repo/issues/:issue_number/comments', async (req, reply) => {
    const repo = ctx.repo(req);
    const issue = ctx.issue(req, repo);
    const since = query(req).since;
    const list = since ? issue.comments.filter((c) => Date.parse(c.updated_at) >= Date.parse(since)) : issue.comments;
    const u = ctx.urls(req);
    return paginate(req, reply, list, ctx.perPage).map((c) => commentShape(ctx.store, repo, issue, c, u));
  });

  app.post('/repos/:owner/:repo/issues/:issue_number/comments', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.issue(req, repo);
    const { body } = parseInput(commentBody, req.body);
    const { comment, events } = createComment(ctx.store, repo, issue, actor.login, body);
    ctx.echo(events);
    const shape = commentShape(ctx.store, repo, issue, comment, ctx.urls(req));
    reply.header('location', String(shape.url));
    return reply.code(201).send(shape);
  });

  app.get('/repos/:owner/:repo/issues/comments/:comment_id', async (req) => {
    const repo = ctx.repo(req);
    const { issue, comment } = commentOf(req, repo);
    return commentShape(ctx.store, repo, issue, comment, ctx.urls(req));
  });

  app.patch('/repos/:owner/:repo/issues/comments/:comment_id', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const { issue, comment } = commentOf(req, repo);
    const { body } = parseInput(commentBody, req.body);
    mayChange(repo, actor.login, comment.user);
    ctx.echo(editComment(ctx.store, repo, issue, comment, actor.login, body));
    return commentShape(ctx.store, repo, issue, comment, ctx.urls(req));
  });

  app.delete('/repos/:owner/:repo/issues/comments/:comment_id', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const { issue, comment } = commentOf(req, repo);
    mayChange(repo, actor.login, comment.user);
    ctx.echo(deleteComment(ctx.store, repo, issue, comment, actor.login));
    return reply.code(204).send();
  });
}
