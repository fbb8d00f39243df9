import type { FastifyInstance } from 'fastify';
import { requireActor } from '../auth.js';
import type { SimContext } from '../context.js';
import type { SimEvent } from '../events.js';
import { ghError, params } from '../http.js';
import { setState } from '../ops-issues.js';
import { gitCommitShape } from '../shapes-commits.js';
import { gitDataRoutes } from './git-data.js';

// Git data: commits (for their tree SHA) and deleting a branch ref; trees, new commits and refs in git-data.ts.

export function gitRoutes(app: FastifyInstance, ctx: SimContext): void {
  gitDataRoutes(app, ctx);

  app.get('/repos/:owner/:repo/git/commits/:commit_sha', async (req) => {
    const repo = ctx.repo(req);
    const commit = repo.commits[params(req).commit_sha ?? ''];
    if (!commit) throw ghError(404, 'Not Found', {}, 'https://docs.github.com/rest/git/commits#get-a-commit-object');
    return gitCommitShape(ctx.store, repo, commit, ctx.urls(req));
  });

  // `heads/branch`, sent as it is or with the slash encoded.
  app.delete('/repos/:owner/:repo/git/refs/*', async (req, reply) => {
    const actor = requireActor(req);
    const repo = ctx.repo(req);
    ctx.require(repo, actor.login, 'write');
    const ref = decodeURIComponent(params(req)['*'] ?? '');
    const branch = ref.replace(/^refs\//, '').replace(/^heads\//, '');
    if (!ref.replace(/^refs\//, '').startsWith('heads/') || repo.branches[branch] === undefined) {
      throw ghError(422, 'Reference does not exist', {}, 'https://docs.github.com/rest/git/refs#delete-a-reference');
    }
    if (branch === repo.default_branch) throw ghError(422, 'Cannot delete the default branch', {}, 'https://docs.github.com/rest/git/refs#delete-a-reference');
    delete repo.branches[branch];
    // GitHub closes the open pull requests whose head branch is deleted.
    const events: SimEvent[] = [];
    for (const issue of repo.issues) {
      if (issue.pull && issue.state === 'open' && issue.pull.head.ref === branch) events.push(...setState(ctx.store, repo, issue, 'closed', actor.login));
    }
    ctx.echo(events);
    return reply.code(204).send();
  });
}
