import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireActor } from '../auth.js';
import type { SimContext } from '../context.js';
import type { SimEvent } from '../events.js';
import { findBlob, findTree, gitRefShape, gitTreeShape, isAncestor, listTree, rememberTree, withoutPath } from '../git-data.js';
import { ghError, notFound, params, parseInput, query } from '../http.js';
import { changedFiles } from '../ops-pulls.js';
import { gitCommitShape } from '../shapes-commits.js';
import type { Tree } from '../trees.js';
import type { SimCommit } from '../types.js';

// The Git Data API: read and create trees, create commits, read, create and move branch refs.
// Enough to build a commit without a clone (Coxswain's cherry-pick). Branch refs only (no tags).

const DOCS = 'https://docs.github.com/rest/git';
const MODES = ['100644', '100755', '040000', '160000', '120000'] as const;

const treeBody = z.object({
  base_tree: z.string().optional(),
  tree: z.array(
    z.object({
      path: z.string().min(1),
      mode: z.enum(MODES).optional(),
      type: z.enum(['blob', 'tree', 'commit']).optional(),
      sha: z.string().nullable().optional(),
      content: z.string().optional(),
    }),
  ),
});
const person = z.object({ name: z.string(), email: z.string(), date: z.string().optional() });
const commitBody = z.object({
  message: z.string(),
  tree: z.string(),
  parents: z.array(z.string()).optional(),
  author: person.optional(),
  committer: person.partial().optional(),
  signature: z.string().optional(),
});
const createRefBody = z.object({ ref: z.string(), sha: z.string() });
const updateRefBody = z.object({ sha: z.string(), force: z.boolean().optional() });

const invalidTree = () => ghError(422, 'Invalid tree info', {}, `${DOCS}/trees#create-a-tree`);

/** `heads/x` (as sent, or with the slash encoded) → `x`; undefined for anything but a branch. */
function branchOf(raw: string): string | undefined {
  const ref = decodeURIComponent(raw).replace(/^refs\//, '');
  return ref.startsWith('heads/') && ref.length > 'heads/'.length ? ref.slice('heads/'.length) : undefined;
}

export function gitDataRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/repos/:owner/:repo/git/ref/*', async (req) => {
    const repo = ctx.repo(req);
    const branch = branchOf(params(req)['*'] ?? '');
    const sha = branch === undefined ? undefined : repo.branches[branch];
    if (branch === undefined || !sha) throw notFound(`${DOCS}/refs#get-a-reference`);
    return gitRefShape(repo, branch, sha, ctx.urls(req));
  });

  app.get('/repos/:owner/:repo/git/trees/:tree_sha', async (req) => {
    const repo = ctx.repo(req);
    const files = findTree(ctx.store, repo, params(req).tree_sha ?? '');
    if (!files) throw notFound(`${DOCS}/trees#get-a-tree`);
    // GitHub: any value of `recursive` (even 0 or false) lists the whole tree.
    const recursive = query(req).recursive !== undefined;
    return gitTreeShape(repo, rememberTree(repo, files), listTree(repo, files, recursive), ctx.urls(req));
  });

  app.post('/repos/:owner/:repo/git/trees', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    ctx.require(repo, actor.login, 'write');
    const body = parseInput(treeBody, req.body);
    let files: Tree = {};
    if (body.base_tree !== undefined) files = { ...(findTree(ctx.store, repo, body.base_tree) ?? throwIt(invalidTree())) };
    for (const e of body.tree) {
      const path = e.path.replace(/^\/+|\/+$/g, '');
      if (e.sha === null) {
        files = withoutPath(files, path);
        continue;
      }
      if ((e.sha !== undefined) === (e.content !== undefined) || e.type === 'commit') throw invalidTree();
      if (e.type === 'tree' || e.mode === '040000') {
        const sub = findTree(ctx.store, repo, e.sha ?? '') ?? throwIt(invalidTree());
        files = withoutPath(files, path);
        for (const [p, c] of Object.entries(sub)) files[`${path}/${p}`] = c;
        continue;
      }
      const content = e.content ?? findBlob(repo, e.sha ?? '') ?? throwIt(invalidTree());
      files = withoutPath(files, path);
      files[path] = content;
    }
    const sha = rememberTree(repo, files);
    reply.header('location', `${ctx.urls(req).api}/repos/${repo.owner}/${repo.name}/git/trees/${sha}`);
    return reply.code(201).send(gitTreeShape(repo, sha, listTree(repo, files, false), ctx.urls(req)));
  });

  app.post('/repos/:owner/:repo/git/commits', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    ctx.require(repo, actor.login, 'write');
    const body = parseInput(commitBody, req.body);
    const files = findTree(ctx.store, repo, body.tree);
    if (!files) throw ghError(422, 'Tree SHA does not exist', {}, `${DOCS}/commits#create-a-commit`);
    const parents = body.parents ?? [];
    if (parents.some((p) => !repo.commits[p])) throw ghError(422, 'Parent SHA does not exist or is not a commit object', {}, `${DOCS}/commits#create-a-commit`);
    const sha = ctx.store.newSha(repo);
    // The author is the token's user (the given name and email are not kept).
    const commit: SimCommit = { sha, message: body.message, author: actor.login, parents, date: ctx.store.now() };
    repo.trees[sha] = { ...files };
    repo.commits[sha] = commit;
    reply.header('location', `${ctx.urls(req).api}/repos/${repo.owner}/${repo.name}/git/commits/${sha}`);
    return reply.code(201).send(gitCommitShape(ctx.store, repo, commit, ctx.urls(req)));
  });

  app.post('/repos/:owner/:repo/git/refs', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    ctx.require(repo, actor.login, 'write');
    const body = parseInput(createRefBody, req.body);
    const docs = `${DOCS}/refs#create-a-reference`;
    if (!/^refs\/[^/]+\/.+/.test(body.ref)) throw ghError(422, "Reference name must start with 'refs/' and have at least two slashes.", {}, docs);
    const branch = branchOf(body.ref);
    if (branch === undefined) throw ghError(422, 'Only branch references (refs/heads/...) are simulated', {}, docs);
    if (!repo.commits[body.sha]) throw ghError(422, 'Object does not exist', {}, docs);
    if (repo.branches[branch] !== undefined) throw ghError(422, 'Reference already exists', {}, docs);
    repo.branches[branch] = body.sha;
    repo.pushed_at = ctx.store.now();
    reply.header('location', `${ctx.urls(req).api}/repos/${repo.owner}/${repo.name}/git/refs/heads/${branch}`);
    return reply.code(201).send(gitRefShape(repo, branch, body.sha, ctx.urls(req)));
  });

  app.patch('/repos/:owner/:repo/git/refs/*', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    ctx.require(repo, actor.login, 'write');
    const body = parseInput(updateRefBody, req.body);
    const docs = `${DOCS}/refs#update-a-reference`;
    const branch = branchOf(params(req)['*'] ?? '');
    const before = branch === undefined ? undefined : repo.branches[branch];
    if (branch === undefined || before === undefined) throw ghError(422, 'Reference does not exist', {}, docs);
    if (!repo.commits[body.sha]) throw ghError(422, 'Object does not exist', {}, docs);
    if (!body.force && !isAncestor(repo, before, body.sha)) throw ghError(422, 'Update is not a fast forward', {}, docs);
    repo.branches[branch] = body.sha;
    const at = ctx.store.now();
    repo.pushed_at = at;
    // Open PRs from this branch now end at the new commit: GitHub sends `synchronize`.
    const events: SimEvent[] = [];
    for (const issue of repo.issues) {
      const pull = issue.pull;
      if (!pull || issue.state !== 'open' || pull.head.ref !== branch || pull.head.sha === body.sha) continue;
      Object.assign(pull, { head: { ref: branch, sha: body.sha }, commits: [...pull.commits, body.sha], files: changedFiles(repo, pull.base.sha, body.sha, undefined) });
      ctx.store.touch(repo, issue, at);
      events.push({ name: 'pull_request', action: 'synchronize', repo, issue, sender: actor.login, before, after: body.sha });
    }
    ctx.echo(events);
    return gitRefShape(repo, branch, body.sha, ctx.urls(req));
  });
}

function throwIt(err: Error): never {
  throw err;
}
