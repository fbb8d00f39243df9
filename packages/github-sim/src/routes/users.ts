import type { FastifyInstance } from 'fastify';
import { actorOf, requireActor } from '../auth.js';
import type { SimContext } from '../context.js';
import { notFound, params } from '../http.js';
import { privateUser, publicUser } from '../shapes.js';

// GET /user, GET /users/{username}, GET /rate_limit.

export function userRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/user', async (req) => privateUser(ctx.store, requireActor(req), ctx.urls(req)));

  app.get('/users/:username', async (req) => {
    const account = ctx.store.account(params(req).username ?? '');
    if (!account) throw notFound('https://docs.github.com/rest/users/users#get-a-user');
    const login = account.kind === 'user' ? account.user.login : account.org.login;
    return publicUser(ctx.store, login, ctx.urls(req));
  });

  // Does not count against the limit, as on GitHub.
  app.get('/rate_limit', async (req) => {
    const actor = actorOf(req);
    const key = actor ? `user:${actor.id}` : `ip:${req.ip}`;
    const view = (resource: 'core' | 'search') => {
      const v = ctx.limiter.peek(key, resource, !actor);
      return { limit: v.limit, remaining: v.remaining, reset: v.reset, used: v.used, resource };
    };
    const core = view('core');
    return { resources: { core, search: view('search') }, rate: core };
  });
}
