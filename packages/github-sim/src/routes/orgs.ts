import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SimContext } from '../context.js';
import { ghError, notFound, paginate, params, query } from '../http.js';
import { simpleUser, teamShape } from '../shapes.js';
import type { SimOrg } from '../types.js';

// Organisation members and teams.

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function orgRoutes(app: FastifyInstance, ctx: SimContext): void {
  const orgOf = (req: FastifyRequest): SimOrg => {
    const org = ctx.store.org(params(req).org ?? '');
    if (!org) throw notFound();
    return org;
  };
  const teamOf = (req: FastifyRequest) => {
    const org = orgOf(req);
    const team = org.teams.find((t) => t.slug === params(req).team_slug);
    if (!team) throw notFound();
    return { org, team };
  };

  app.get('/orgs/:org/members', async (req, reply) => {
    const org = orgOf(req);
    const role = query(req).role ?? 'all';
    if (!['all', 'admin', 'member'].includes(role)) {
      throw ghError(422, 'Validation Failed', { errors: [{ resource: 'Search', field: 'role', code: 'invalid' }] });
    }
    const admins = new Set(org.admins.map((a) => a.toLowerCase()));
    const everyone = [...new Set([...org.admins, ...org.members].map((l) => ctx.store.user(l)?.login ?? l))];
    const list = everyone
      .filter((l) => role === 'all' || (role === 'admin') === admins.has(l.toLowerCase()))
      .sort((a, b) => (ctx.store.user(a)?.id ?? 0) - (ctx.store.user(b)?.id ?? 0));
    const u = ctx.urls(req);
    return paginate(req, reply, list, ctx.perPage).map((l) => simpleUser(ctx.store, l, u));
  });

  app.get('/orgs/:org/members/:username', async (req, reply) => {
    const org = orgOf(req);
    const login = params(req).username ?? '';
    if (![...org.members, ...org.admins].some((m) => same(m, login))) throw notFound();
    return reply.code(204).send();
  });

  app.get('/orgs/:org/teams', async (req, reply) => {
    const org = orgOf(req);
    const u = ctx.urls(req);
    return paginate(req, reply, org.teams, ctx.perPage).map((t) => teamShape(org, t, u));
  });

  app.get('/orgs/:org/teams/:team_slug/members', async (req, reply) => {
    const { team } = teamOf(req);
    const role = query(req).role ?? 'all';
    const list = role === 'maintainer' ? team.maintainers : role === 'member' ? team.members : [...team.maintainers, ...team.members];
    const u = ctx.urls(req);
    return paginate(req, reply, [...new Set(list)], ctx.perPage).map((l) => simpleUser(ctx.store, l, u));
  });

  app.get('/orgs/:org/teams/:team_slug/memberships/:username', async (req) => {
    const { org, team } = teamOf(req);
    const login = params(req).username ?? '';
    const role = team.maintainers.some((m) => same(m, login)) ? 'maintainer' : team.members.some((m) => same(m, login)) ? 'member' : undefined;
    if (!role) throw notFound();
    const user = ctx.store.user(login);
    const u = ctx.urls(req);
    return { url: `${u.api}/organizations/${org.id}/team/${team.id}/memberships/${user?.login ?? login}`, role, state: 'active' };
  });
}
