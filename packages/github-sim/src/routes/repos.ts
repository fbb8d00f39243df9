import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, requireActor } from '../auth.js';
import type { SimContext } from '../context.js';
import { ghError, notFound, paginate, params, parseInput, query } from '../http.js';
import { canBeAssigned, collaborators, effectivePermission, legacyPermission } from '../permissions.js';
import { branchShape, contentShape } from '../shapes-commits.js';
import { repoShape } from '../shapes-repos.js';
import { collaboratorShape } from '../shapes.js';
import { lookupPath } from '../trees.js';
import type { Permission } from '../types.js';

// Repository, branch, file contents, collaborators and assignability.

const repoUpdate = z.object({
  description: z.string().nullable().optional(),
  allow_merge_commit: z.boolean().optional(),
  allow_squash_merge: z.boolean().optional(),
  allow_rebase_merge: z.boolean().optional(),
});

const DOCS_CONTENTS = 'https://docs.github.com/rest/repos/contents#get-repository-content';

export function repoRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/repos/:owner/:repo', async (req) => {
    const repo = ctx.repo(req);
    const actor = actorOf(req);
    const permission = actor ? effectivePermission(ctx.store, repo, actor.login) : 'none';
    return repoShape(ctx.store, repo, ctx.urls(req), { full: true, permission });
  });

  // GitHub's "Update a repository", for the merge settings (admins only).
  app.patch('/repos/:owner/:repo', async (req) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    ctx.require(repo, actor.login, 'admin');
    const body = parseInput(repoUpdate, req.body);
    for (const key of ['allow_merge_commit', 'allow_squash_merge', 'allow_rebase_merge'] as const) {
      if (body[key] !== undefined) repo[key] = body[key];
    }
    if (body.description !== undefined) repo.description = body.description;
    repo.updated_at = ctx.store.now();
    return repoShape(ctx.store, repo, ctx.urls(req), { full: true, permission: effectivePermission(ctx.store, repo, actor.login) });
  });

  app.get('/repos/:owner/:repo/branches/:branch', async (req) => {
    const repo = ctx.repo(req);
    const name = params(req).branch ?? '';
    const sha = repo.branches[name];
    if (!sha) throw ghError(404, 'Branch not found', {}, 'https://docs.github.com/rest/branches/branches#get-a-branch');
    return branchShape(ctx.store, repo, name, sha, ctx.urls(req));
  });

  // The path may hold slashes (docs/OWNERS), sent as they are or encoded as %2F.
  app.get('/repos/:owner/:repo/contents/*', async (req) => {
    const repo = ctx.repo(req);
    const path = decodeURIComponent(params(req)['*'] ?? '');
    const ref = query(req).ref || repo.default_branch;
    const sha = ctx.store.resolveRef(repo, ref);
    if (!sha) throw ghError(404, `No commit found for the ref ${ref}`, {}, DOCS_CONTENTS);
    const found = lookupPath(repo.trees[sha] ?? {}, path);
    if (!found) throw notFound(DOCS_CONTENTS);
    const u = ctx.urls(req);
    return Array.isArray(found) ? found.map((e) => contentShape(repo, e, ref, u, false)) : contentShape(repo, found, ref, u, true);
  });

  app.get('/repos/:owner/:repo/collaborators', async (req, reply) => {
    const repo = ctx.repo(req);
    const q = query(req);
    let list = collaborators(ctx.store, repo);
    if (q.affiliation === 'direct') list = list.filter((c) => Object.keys(repo.collaborators).some((l) => l.toLowerCase() === c.login.toLowerCase()));
    if (q.affiliation === 'outside') {
      const org = ctx.store.org(repo.owner);
      const inOrg = (l: string) => !!org && [...org.members, ...org.admins].some((m) => m.toLowerCase() === l.toLowerCase());
      list = list.filter((c) => !inOrg(c.login) && c.login.toLowerCase() !== repo.owner.toLowerCase());
    }
    if (q.permission) {
      const legacy: Record<string, Permission> = { pull: 'read', push: 'write' };
      const need = legacy[q.permission] ?? (q.permission as Permission);
      list = list.filter((c) => c.permission === need);
    }
    const u = ctx.urls(req);
    return paginate(req, reply, list, ctx.perPage).map((c) => collaboratorShape(ctx.store, c.login, c.permission, u));
  });

  app.get('/repos/:owner/:repo/collaborators/:username', async (req, reply) => {
    const repo = ctx.repo(req);
    const login = params(req).username ?? '';
    if (!ctx.store.user(login) || effectivePermission(ctx.store, repo, login) === 'none') throw notFound();
    return reply.code(204).send();
  });

  app.get('/repos/:owner/:repo/collaborators/:username/permission', async (req) => {
    const repo = ctx.repo(req);
    const user = ctx.store.user(params(req).username ?? '');
    if (!user) throw notFound();
    const p = effectivePermission(ctx.store, repo, user.login);
    const shown: Permission | 'none' = p === 'none' && !repo.private ? 'read' : p;
    return {
      permission: legacyPermission(shown),
      role_name: shown,
      user: collaboratorShape(ctx.store, user.login, shown, ctx.urls(req)),
    };
  });

  app.get('/repos/:owner/:repo/assignees/:assignee', async (req, reply) => {
    const repo = ctx.repo(req);
    if (!canBeAssigned(ctx.store, repo, params(req).assignee ?? '')) throw notFound();
    return reply.code(204).send();
  });
}
