import type { FastifyInstance } from 'fastify';
import { actorOf } from '../auth.js';
import type { SimContext } from '../context.js';
import { paginate, query, validationFailed } from '../http.js';
import { effectivePermission } from '../permissions.js';
import { parseQuery, searchIssues } from '../search.js';
import { issueShape } from '../shapes-issues.js';

// GET /search/issues: issues and pull requests matching GitHub's search syntax (see search.ts).

export function searchRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/search/issues', async (req, reply) => {
    const q = query(req);
    if (!q.q) throw validationFailed([{ resource: 'Search', field: 'q', code: 'missing' }]);
    const actor = actorOf(req);
    const visible = ctx.store.state.repos.filter((r) => !r.private || (actor && effectivePermission(ctx.store, r, actor.login) !== 'none'));
    const hits = searchIssues(visible, parseQuery(q.q), q.sort, q.order);
    const u = ctx.urls(req);
    const items = paginate(req, reply, hits.slice(0, 1000), ctx.perPage).map(({ repo, issue }) => ({ ...issueShape(ctx.store, repo, issue, u), score: 1 }));
    return { total_count: hits.length, incomplete_results: false, search_type: 'lexical', items };
  });
}
