import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, requireActor } from '../auth.js';
import type { SimContext } from '../context.js';
import type { SimEvent } from '../events.js';
import { ghError, paginate, parseInput, query, validationFailed } from '../http.js';
import { editIssue, setState } from '../ops-issues.js';
import { editPullBase, openPull, submitReview } from '../ops-pulls.js';
import { commitOrStub, commitShape } from '../shapes-commits.js';
import { diffEntryShape, pullShape, pullSimpleShape, reviewShape } from '../shapes-issues.js';
import { blobSha } from '../trees.js';
import type { SimIssue } from '../types.js';

// Pull requests: list, open, read, edit, files, commits, reviews.

const createBody = z.object({
  title: z.string().min(1).optional(),
  head: z.string().min(1),
  base: z.string().min(1),
  body: z.string().nullable().optional(),
  draft: z.boolean().optional(),
  maintainer_can_modify: z.boolean().optional(),
  head_repo: z.string().optional(),
  issue: z.number().int().optional(),
});

const updateBody = z.object({
  title: z.string().optional(),
  body: z.string().nullable().optional(),
  state: z.enum(['open', 'closed']).optional(),
  base: z.string().optional(),
  maintainer_can_modify: z.boolean().optional(),
});

const reviewBody = z.object({
  commit_id: z.string().optional(),
  body: z.string().optional(),
  event: z.enum(['APPROVE', 'REQUEST_CHANGES', 'COMMENT']).optional(),
  comments: z
    .array(z.object({ path: z.string(), position: z.number().int().optional(), line: z.number().int().optional(), side: z.enum(['LEFT', 'RIGHT']).optional(), body: z.string() }).passthrough())
    .optional(),
});

const REVIEW_EVENTS = { APPROVE: 'APPROVED', REQUEST_CHANGES: 'CHANGES_REQUESTED', COMMENT: 'COMMENTED' } as const;

function sortPulls(list: SimIssue[], sort: string | undefined, direction: string | undefined): SimIssue[] {
  const key = (i: SimIssue): string | number =>
    sort === 'updated' ? i.updated_at : sort === 'popularity' ? i.comments.length : sort === 'long-running' ? i.created_at : i.created_at;
  const dir = direction === 'asc' ? 1 : direction === 'desc' ? -1 : sort === 'long-running' ? 1 : -1;
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : a.number - b.number) * dir;
  });
}

export function pullRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/repos/:owner/:repo/pulls', async (req, reply) => {
    const repo = ctx.repo(req);
    const q = query(req);
    const state = q.state ?? 'open';
    if (!['open', 'closed', 'all'].includes(state)) throw validationFailed([{ resource: 'PullRequest', field: 'state', code: 'invalid' }]);
    let list = repo.issues.filter((i) => i.pull && (state === 'all' || i.state === state));
    if (q.head) {
      const [owner, ref] = q.head.includes(':') ? q.head.split(':', 2) : [repo.owner, q.head];
      list = list.filter((i) => owner?.toLowerCase() === repo.owner.toLowerCase() && i.pull?.head.ref === ref);
    }
    if (q.base) list = list.filter((i) => i.pull?.base.ref === q.base);
    const u = ctx.urls(req);
    return paginate(req, reply, sortPulls(list, q.sort, q.direction), ctx.perPage).map((i) => pullSimpleShape(ctx.store, repo, i, u));
  });

  app.post('/repos/:owner/:repo/pulls', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const body = parseInput(createBody, req.body);
    const head = body.head.includes(':') ? (body.head.split(':', 2)[1] ?? body.head) : body.head;
    if (!repo.branches[head]) throw validationFailed([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (body.title === undefined && body.issue === undefined) throw validationFailed([{ resource: 'PullRequest', field: 'title', code: 'missing_field' }]);
    const { issue, events } = openPull(ctx.store, repo, actor.login, { title: body.title ?? `#${body.issue}`, body: body.body, head, base: body.base, draft: body.draft });
    if (issue.pull && body.maintainer_can_modify !== undefined) issue.pull.maintainer_can_modify = body.maintainer_can_modify;
    ctx.echo(events);
    reply.header('location', `${ctx.urls(req).api}/repos/${repo.owner}/${repo.name}/pulls/${issue.number}`);
    return reply.code(201).send(pullShape(ctx.store, repo, issue, ctx.urls(req)));
  });

  app.get('/repos/:owner/:repo/pulls/:pull_number', async (req) => {
    const repo = ctx.repo(req);
    return pullShape(ctx.store, repo, ctx.pull(req, repo), ctx.urls(req));
  });

  app.patch('/repos/:owner/:repo/pulls/:pull_number', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.pull(req, repo);
    const body = parseInput(updateBody, req.body);
    const isAuthor = issue.user.toLowerCase() === actor.login.toLowerCase();
    if (!isAuthor && !ctx.can(repo, actor.login, 'write')) throw ghError(403, 'Resource not accessible by personal access token');
    const events: SimEvent[] = [];
    events.push(...editIssue(ctx.store, repo, issue, { title: body.title, body: body.body }, actor.login));
    if (body.base !== undefined) events.push(...editPullBase(ctx.store, repo, issue, actor.login, body.base));
    if (body.maintainer_can_modify !== undefined && issue.pull) issue.pull.maintainer_can_modify = body.maintainer_can_modify;
    if (body.state !== undefined) events.push(...setState(ctx.store, repo, issue, body.state, actor.login));
    ctx.echo(events);
    return pullShape(ctx.store, repo, issue, ctx.urls(req));
  });

  app.get('/repos/:owner/:repo/pulls/:pull_number/files', async (req, reply) => {
    const repo = ctx.repo(req);
    const issue = ctx.pull(req, repo);
    const pull = issue.pull;
    if (!pull) throw ghError(404, 'Not Found');
    const tree = repo.trees[pull.head.sha] ?? {};
    const u = ctx.urls(req);
    return paginate(req, reply, pull.files.slice(0, 3000), ctx.perPage).map((f) =>
      diffEntryShape(repo, pull.head.sha, f, blobSha(tree[f.filename] ?? `${pull.head.sha}:${f.filename}`), u),
    );
  });

  app.get('/repos/:owner/:repo/pulls/:pull_number/commits', async (req, reply) => {
    const repo = ctx.repo(req);
    const pull = ctx.pull(req, repo).pull;
    const u = ctx.urls(req);
    return paginate(req, reply, pull?.commits ?? [], ctx.perPage).map((sha) => commitShape(ctx.store, repo, commitOrStub(ctx.store, repo, sha), u));
  });

  app.get('/repos/:owner/:repo/pulls/:pull_number/reviews', async (req, reply) => {
    const repo = ctx.repo(req);
    const issue = ctx.pull(req, repo);
    const me = actorOf(req)?.login.toLowerCase();
    // Pending reviews are visible to their author only.
    const visible = (issue.pull?.reviews ?? []).filter((r) => r.state !== 'PENDING' || r.user.toLowerCase() === me);
    const u = ctx.urls(req);
    return paginate(req, reply, visible, ctx.perPage).map((r) => reviewShape(ctx.store, repo, issue, r, u));
  });

  app.post('/repos/:owner/:repo/pulls/:pull_number/reviews', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    const issue = ctx.pull(req, repo);
    const body = parseInput(reviewBody, req.body);
    const state = body.event ? REVIEW_EVENTS[body.event] : 'PENDING';
    if ((body.event === 'REQUEST_CHANGES' || body.event === 'COMMENT') && !body.body && !body.comments?.length) {
      throw ghError(422, 'Unprocessable Entity', { errors: [`Review body is required when using ${body.event}`] });
    }
    const comments = body.comments?.map((c) => ({ path: c.path, body: c.body, ...(c.position !== undefined ? { position: c.position } : {}), ...(c.line !== undefined ? { line: c.line } : {}), ...(c.side ? { side: c.side } : {}) }));
    const { review, events } = submitReview(ctx.store, repo, issue, actor.login, state, body.body ?? '', body.commit_id, comments);
    ctx.echo(events);
    return reviewShape(ctx.store, repo, issue, review, ctx.urls(req));
  });
}
