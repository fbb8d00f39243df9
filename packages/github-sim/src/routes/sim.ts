import type { FastifyInstance } from 'fastify';
import { stringify as toYaml } from 'yaml';
import { z } from 'zod';
import type { SimContext } from '../context.js';
import { ghError, intParam, notFound, params, parseInput, query } from '../http.js';
import { buildState, parseScenarioText } from '../seed.js';
import { FAULT_MODES } from '../faults.js';
import { combinedStatusFact, exportIssue, exportState } from '../state-export.js';
import { deliverySummary } from '../webhooks.js';

// The scenario API (no auth): seed, read back, deliveries, webhook target, clock and rate limits.
// Documented in packages/github-sim/README.md as a stable contract.

const webhookBody = z.object({
  url: z.string().url().nullable().optional(),
  secret: z.string().nullable().optional(),
  echoApiWrites: z.boolean().optional(),
});
const clockBody = z.object({ now: z.string().optional(), advance: z.number().optional(), mode: z.enum(['fixed', 'wall']).optional() });
const rateBody = z.object({
  limit: z.number().int().nonnegative().optional(),
  remaining: z.number().int().nonnegative().optional(),
  search_limit: z.number().int().nonnegative().optional(),
});

const faultBody = z.object({
  method: z.string().min(1),
  path: z.string().startsWith('/'),
  mode: z.enum(FAULT_MODES as [string, ...string[]]).transform((m) => m as (typeof FAULT_MODES)[number]),
  times: z.number().int().positive().optional(),
  delay_ms: z.number().int().nonnegative().optional(),
});

export function simRoutes(app: FastifyInstance, ctx: SimContext): void {
  app.get('/_sim/health', async () => ({ ok: true }));

  app.post('/_sim/seed', async (req) => {
    const doc = typeof req.body === 'string' ? parseScenarioText(req.body) : req.body;
    const { state, rateLimit } = buildState(doc);
    await ctx.webhooks.idle();
    ctx.store.replace(state);
    ctx.webhooks.deliveries.length = 0;
    ctx.faults.clear();
    if (rateLimit) ctx.limiter.configure({ limit: rateLimit.limit, remaining: rateLimit.remaining, searchLimit: rateLimit.search_limit });
    const count = (pull: boolean) => state.repos.reduce((n, r) => n + r.issues.filter((i) => !!i.pull === pull).length, 0);
    return { seeded: { users: state.users.length, orgs: state.orgs.length, repos: state.repos.length, pulls: count(true), issues: count(false) } };
  });

  app.get('/_sim/state', async (req, reply) => {
    const state = exportState(ctx.store);
    if (query(req).format === 'yaml') return reply.type('application/yaml').send(toYaml(state));
    return state;
  });

  app.get('/_sim/repos/:owner/:repo/issues/:number', async (req) => {
    const p = params(req);
    const repo = ctx.store.repo(p.owner ?? '', p.repo ?? '');
    if (!repo) throw notFound();
    const issue = ctx.store.issue(repo, intParam(p.number));
    if (!issue) throw notFound();
    const combined = combinedStatusFact(repo, issue);
    return { repo: `${repo.owner}/${repo.name}`, kind: issue.pull ? 'pull' : 'issue', ...exportIssue(ctx.store, repo, issue), ...(combined ? { combined_status: combined } : {}) };
  });

  app.get('/_sim/deliveries', async (req) => {
    const q = query(req);
    if (q.wait !== 'false') await ctx.webhooks.idle();
    return ctx.webhooks.deliveries.filter((d) => !q.event || d.event === q.event).map(deliverySummary);
  });

  app.get('/_sim/deliveries/:id', async (req) => {
    const d = ctx.webhooks.find(params(req).id ?? '');
    if (!d) throw notFound();
    return { ...deliverySummary(d), payload: d.payload };
  });

  app.post('/_sim/deliveries/:id/redeliver', async (req) => {
    const id = params(req).id ?? '';
    const attempt = await ctx.webhooks.redeliver(id);
    if (!attempt) throw notFound();
    return { delivery: id, status: attempt.status, error: attempt.error };
  });

  const webhookView = () => ({
    url: ctx.webhooks.config.url ?? null,
    secret: ctx.webhooks.config.secret ? '(set)' : null,
    echoApiWrites: ctx.webhooks.echoApiWrites,
  });
  app.get('/_sim/webhook', async () => webhookView());
  app.post('/_sim/webhook', async (req) => {
    const body = parseInput(webhookBody, req.body);
    const c = ctx.webhooks.config;
    if (body.url !== undefined) c.url = body.url ?? undefined;
    if (body.secret !== undefined) c.secret = body.secret ?? undefined;
    if (body.echoApiWrites !== undefined) c.echoApiWrites = body.echoApiWrites;
    return webhookView();
  });

  app.post('/_sim/clock', async (req) => {
    const body = parseInput(clockBody, req.body);
    try {
      if (body.now !== undefined) ctx.store.setClock(body.now);
      if (body.mode !== undefined) ctx.store.state.clock_mode = body.mode;
      if (body.advance !== undefined) ctx.store.advanceClock(body.advance);
    } catch (err) {
      throw ghError(422, (err as Error).message);
    }
    return { clock: ctx.store.peekNow(), clock_mode: ctx.store.state.clock_mode };
  });

  app.get('/_sim/faults', async () => ctx.faults.list());
  app.post('/_sim/faults', async (req, reply) => reply.code(201).send(ctx.faults.add(parseInput(faultBody, req.body))));
  app.delete('/_sim/faults', async () => {
    ctx.faults.clear();
    return [];
  });
  app.delete('/_sim/faults/:id', async (req, reply) => {
    if (!ctx.faults.clear(Number(params(req).id))) throw notFound();
    return reply.code(204).send();
  });

  app.post('/_sim/rate-limit', async (req) => {
    const body = parseInput(rateBody, req.body);
    ctx.limiter.configure({ limit: body.limit, remaining: body.remaining, searchLimit: body.search_limit });
    return { ok: true };
  });
}
