import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { authenticate, RateLimiter, type RateLimitOptions } from './auth.js';
import { SimContext } from './context.js';
import { conditionalGet } from './etag.js';
import { gitHttpRoutes } from './git-http.js';
import { DOCS, GhError } from './http.js';
import { commentRoutes } from './routes/comments.js';
import { gitRoutes } from './routes/git.js';
import { issueRoutes } from './routes/issues.js';
import { labelRoutes } from './routes/labels.js';
import { mergeRoutes } from './routes/merge.js';
import { orgRoutes } from './routes/orgs.js';
import { pullRoutes } from './routes/pulls.js';
import { repoRoutes } from './routes/repos.js';
import { searchRoutes } from './routes/search.js';
import { simActionRoutes } from './routes/sim-actions.js';
import { simRoutes } from './routes/sim.js';
import { statusRoutes } from './routes/statuses.js';
import { userRoutes } from './routes/users.js';
import { buildState, SeedError } from './seed.js';
import { Store } from './store.js';
import { WebhookSender, type WebhookConfig } from './webhooks.js';

export interface GithubSimOptions {
  store?: Store;
  /** A scenario document to seed from (instead of `store`); its `rate_limit` applies too. */
  scenario?: unknown;
  webhook?: WebhookConfig;
  /** Page size when the client gives no per_page (GitHub: 30). */
  perPageDefault?: number;
  rateLimit?: RateLimitOptions;
  /** Base URL for `url` fields in webhook payloads; default: where the server listens. */
  baseUrl?: string;
  /**
   * Host of `html_url` links (GitHub: https://github.com, while the API is api.github.com);
   * default: the API's own host.
   */
  htmlUrl?: string;
  /** Log requests with pino (tokens and signatures redacted). */
  log?: boolean;
  /** How long a webhook receiver may take to answer (GitHub: 10 s). */
  webhookTimeoutMs?: number;
}

/** Tokens and signatures in request logs are replaced before writing. */
const REDACT = ['req.headers.authorization', 'req.headers["x-hub-signature-256"]', 'req.headers["x-hub-signature"]'];
const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'];

/**
 * The GitHub simulator as a fastify app: GitHub's REST routes (with auth, rate limits, pagination
 * and webhooks for writes) plus the scenario API under /_sim/. server.ts only listens.
 */
export function buildGithubSim(opts: GithubSimOptions = {}): FastifyInstance {
  const app = Fastify({
    ...(opts.log ? { loggerInstance: pino({ redact: { paths: REDACT, censor: '[redacted]' } }).child({ component: 'github-sim' }) as FastifyBaseLogger } : { logger: false }),
    exposeHeadRoutes: false,
    bodyLimit: 50 * 1024 * 1024,
    routerOptions: { maxParamLength: 1000 },
  });
  const seeded = opts.scenario !== undefined ? buildState(opts.scenario) : undefined;
  const store = seeded ? new Store(seeded.state) : (opts.store ?? new Store());
  const webhooks = new WebhookSender({ ...opts.webhook }, opts.webhookTimeoutMs);
  const limiter = new RateLimiter(opts.rateLimit);
  const rl = seeded?.rateLimit;
  if (rl) limiter.configure({ limit: rl.limit, remaining: rl.remaining, searchLimit: rl.search_limit });
  const baseUrl = () => {
    if (opts.baseUrl) return opts.baseUrl.replace(/\/+$/, '');
    const addr = app.server.address();
    if (!addr || typeof addr !== 'object') return 'http://127.0.0.1';
    const any = addr.address === '0.0.0.0' || addr.address === '::';
    const host = any ? '127.0.0.1' : addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    return `http://${host}:${addr.port}`;
  };
  const ctx = new SimContext(store, webhooks, limiter, opts.perPageDefault ?? 30, baseUrl, opts.htmlUrl?.replace(/\/+$/, ''));
  app.decorate('githubSim', ctx);

  // GitHub answers an empty body as if it were `{}`; octokit sends one for body-less PUTs.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new GhError(400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' }), undefined);
    }
  });
  app.addContentTypeParser(YAML_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, String(body)));

  app.setErrorHandler((err: FastifyError | GhError | SeedError, req, reply) => {
    if (err instanceof GhError) return reply.code(err.status).send(err.body);
    if (err instanceof SeedError) return reply.code(400).send({ message: 'invalid scenario', problems: err.problems });
    const status = (err as FastifyError).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ message: err.message, documentation_url: DOCS, status: String(status) });
    }
    req.log.error({ err }, 'github-sim failed');
    return reply.code(500).send({ message: 'Server Error', documentation_url: DOCS, status: '500' });
  });
  app.setNotFoundHandler((_req, reply) => reply.code(404).send({ message: 'Not Found', documentation_url: DOCS, status: '404' }));
  app.addHook('onClose', async () => webhooks.close());
  // Answers a fault holds back must not keep the server from closing.
  app.addHook('preClose', async () => ctx.faults.releaseHeld());

  // GitHub's REST routes: authenticated and rate-limited.
  app.register(async (api) => {
    api.addHook('onRequest', authenticate(store, limiter));
    api.addHook('onSend', conditionalGet(limiter));
    for (const routes of [userRoutes, repoRoutes, orgRoutes, pullRoutes, mergeRoutes, issueRoutes, commentRoutes, labelRoutes, statusRoutes, searchRoutes, gitRoutes]) {
      routes(api, ctx);
    }
    ctx.faults.install(api);
  });
  // Git over smart HTTP (clone and fetch, no push), from repositories made of the state: no auth for
  // public repositories, no rate limit.
  gitHttpRoutes(app, ctx);
  // The scenario API: no auth, no rate limit.
  app.register(async (sim) => {
    simRoutes(sim, ctx);
    simActionRoutes(sim, ctx);
  });
  return app;
}

/** The simulator's context (store, webhooks, limiter) behind an app from buildGithubSim. */
export function simContext(app: FastifyInstance): SimContext {
  const ctx = (app as FastifyInstance & { githubSim?: SimContext }).githubSim;
  if (!ctx) throw new Error('not a GitHub simulator app');
  return ctx;
}
