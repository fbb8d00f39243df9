import { registerPages, type PagesDeps } from '../web/pages.js';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { signalTargets, prsWithHead } from './deliver.js';
import { DeliveryWindow, type DeliveryWindowOptions } from './delivery-window.js';
import { HookMetrics, type DeliveryOutcome } from './metrics.js';
import { toSignal, type Target } from './to-signal.js';
import { verifySignature } from './verify.js';

export interface AppDeps {
  client: Client;
  taskQueue: string;
  /** HMAC secret for X-Hub-Signature-256. */
  webhookSecret: string;
  logger: FastifyBaseLogger;
  /** The hook's own metrics are registered on it (served elsewhere: see serveMetrics). */
  registry: Registry;
  /** Give up on Temporal after this long and answer 503; GitHub waits 10 s for an answer. */
  signalTimeoutMs?: number;
  /**
   * Does the configuration give Coxswain anything to do for this repository (see
   * config/active-repos.ts)? Events for other repositories are answered 202 and start nothing.
   * Called on every event, so it may follow a reloaded configuration. Default: every repository.
   */
  isRepoActive?: (owner: string, repo: string) => boolean;
  /** Bounds on what the hook takes on at once (defaults in DEFAULT_LIMITS). */
  limits?: Partial<HookLimits>;
  /** The window of accepted delivery IDs (redeliveries within it are answered without a signal). */
  deliveryWindow?: DeliveryWindowOptions;
  /**
   * A job run's log, for the Details link of its commit status (`GET /jobs/{agent}/{namespace}/{run}/log`);
   * undefined: no such run here. Without it the route is not served.
   */
  jobLog?: (where: { agent: string; namespace: string; runName: string }) => Promise<string | undefined>;
  /** The pages (jobs, merge pools, PRs, command help, badges): links to the Web UI, the running config. */
  pages?: Omit<PagesDeps, 'client'>;
}

/** A Kubernetes object name (DNS-1123 label): what a run's name and namespace always are. */
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const AGENTS = new Set(['kubernetes', 'tekton-pipeline', 'local']);

export interface HookLimits {
  /** Deliveries on /hook being received or handled at once; more are answered 503 unread. */
  maxInFlight: number;
  /** Bytes those deliveries may declare together (a body without Content-Length counts as maxBodyBytes). */
  maxBytesInFlight: number;
  maxBodyBytes: number;
  /** Retry-After on a 503 for a full hook. */
  retryAfterSeconds: number;
  /** A request's headers must arrive within this long (slow senders are cut off with 408). */
  headersTimeoutMs: number;
  /** The whole request, body included, must arrive within this long. */
  requestTimeoutMs: number;
  /** A socket idle this long mid-request is closed. */
  connectionTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  maxHeaderBytes: number;
  /** Open connections (idle keep-alive ones included); more are refused by the server. */
  maxConnections: number;
}

export const DEFAULT_LIMITS: HookLimits = {
  maxInFlight: 64,
  maxBytesInFlight: 256 * 1024 * 1024,
  // GitHub caps webhook payloads at 25 MB.
  maxBodyBytes: 25 * 1024 * 1024,
  retryAfterSeconds: 5,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 30_000,
  // Longer than the 60 s idle timeout of common load balancers, so they close first.
  keepAliveTimeoutMs: 72_000,
  maxHeaderBytes: 16 * 1024,
  maxConnections: 4096,
};

/** Known to the hook: 'unknown' until the signature is verified (unsigned headers are not metric labels). */
const EVENT_NAME = /^[a-z_]{1,64}$/;
/** GitHub's delivery IDs are UUIDs; anything much longer is not one. */
const MAX_DELIVERY_ID = 128;
/** GitHub has about 70 event types. */
const MAX_EVENT_LABELS = 200;

interface InFlight {
  bytes: number;
  handling: boolean;
  released: boolean;
}
declare module 'fastify' {
  interface FastifyRequest {
    coxswainInFlight?: InFlight;
  }
}

/**
 * The webhook app as a fastify instance (server.ts only listens; tests use inject()). It verifies,
 * normalises and signals; it decides nothing. It answers 2xx only once Temporal has stored the
 * signal, so GitHub records a failed delivery (and can redeliver) whenever that did not happen.
 * Its answers are 2xx, 4xx (the delivery itself is wrong) or 503 (try again later), never another 5xx.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const limits: HookLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const timeoutMs = deps.signalTimeoutMs ?? 8000;
  const app = Fastify({
    loggerInstance: deps.logger,
    bodyLimit: limits.maxBodyBytes,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      maxHeaderSize: limits.maxHeaderBytes,
      // Node checks the two timeouts above this often (default 30 s).
      connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
    },
  });
  app.server.maxConnections = limits.maxConnections;
  const metrics = new HookMetrics(deps.registry);
  const window = new DeliveryWindow(deps.deliveryWindow);
  const isRepoActive = deps.isRepoActive ?? (() => true);
  let inFlight = 0;
  let bytesInFlight = 0;

  // Metric labels for event names: only from signed deliveries, and a bounded number of them.
  const labels = new Set<string>();
  const eventLabel = (claimed: string | undefined): string => {
    if (!claimed || !EVENT_NAME.test(claimed)) return 'unknown';
    if (labels.has(claimed)) return claimed;
    if (labels.size >= MAX_EVENT_LABELS) return 'other';
    labels.add(claimed);
    return claimed;
  };

  const release = (slot: InFlight | undefined) => {
    if (!slot || slot.released) return;
    slot.released = true;
    inFlight -= 1;
    bytesInFlight -= slot.bytes;
    metrics.inFlight.set(inFlight);
  };

  // Keep the raw bytes: the signature is over them, not over decoded or re-serialised JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, req, reply) => {
    const status = err.statusCode ?? 500;
    const onHook = req.routeOptions.url === '/hook';
    if (status >= 400 && status < 500) {
      if (onHook) metrics.deliveries.inc({ event: 'unknown', outcome: 'invalid' });
      return reply.code(status).send({ error: err.message });
    }
    if (err.code === 'FST_ERR_HANDLER_TIMEOUT') {
      if (onHook) metrics.deliveries.inc({ event: 'unknown', outcome: 'unavailable' });
      return reply.code(503).send({ error: 'event not stored in time; GitHub may redeliver it' });
    }
    req.log.error({ err: { message: err.message, stack: err.stack } }, 'unexpected error in the hook');
    if (onHook) metrics.deliveries.inc({ event: 'unknown', outcome: 'error' });
    return reply.code(503).send({ error: 'internal error: event not stored; GitHub may redeliver it' });
  });

  app.get('/healthz', async () => ({ ok: true }));
  registerPages(app, { client: deps.client, taskQueue: deps.taskQueue, ...deps.pages });
  if (deps.jobLog) {
    const jobLog = deps.jobLog;
    app.get<{ Params: { agent: string; namespace: string; run: string } }>('/jobs/:agent/:namespace/:run/log', async (req, reply) => {
      const { agent, namespace, run } = req.params;
      if (!AGENTS.has(agent) || !DNS_LABEL.test(namespace) || !DNS_LABEL.test(run)) return reply.code(404).send('no such job run\n');
      const text = await jobLog({ agent, namespace, runName: run }).catch(() => undefined);
      if (text === undefined) return reply.code(404).send('no such job run\n');
      return reply.type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(text);
    });
  }
  app.get('/readyz', async (_req, reply) => {
    try {
      await deps.client.withDeadline(Date.now() + 2000, () => deps.client.workflowService.getSystemInfo({}));
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false, error: 'Temporal is not reachable' });
    }
  });

  // Admission before the body is read: a full hook refuses at once, so it never holds more than
  // maxInFlight bodies (and maxBytesInFlight bytes of them) in memory. (Node discards the unread
  // body of a refused request as it arrives, so the connection stays usable.)
  const admit = async (req: FastifyRequest, reply: FastifyReply) => {
    const declared = Number(header(req.headers['content-length']));
    const bytes = Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, limits.maxBodyBytes) : limits.maxBodyBytes;
    if (inFlight >= limits.maxInFlight || (inFlight > 0 && bytesInFlight + bytes > limits.maxBytesInFlight)) {
      metrics.deliveries.inc({ event: 'unknown', outcome: 'busy' });
      return reply
        .code(503)
        .header('retry-after', String(limits.retryAfterSeconds))
        .send({ error: 'too many deliveries in flight: event not stored; GitHub may redeliver it' });
    }
    const slot: InFlight = { bytes, handling: false, released: false };
    inFlight += 1;
    bytesInFlight += bytes;
    metrics.inFlight.set(inFlight);
    req.coxswainInFlight = slot;
    // A request that never reaches the handler (aborted, too large, timed out) frees its slot when
    // its response ends; one that does frees it when the handler is done with Temporal.
    reply.raw.once('close', () => {
      if (!slot.handling) release(slot);
    });
  };

  app.post(
    '/hook',
    {
      onRequest: admit,
      onResponse: async (req, reply) => {
        metrics.responseCodes.inc({ code: String(reply.statusCode) });
        if (!req.coxswainInFlight?.handling) release(req.coxswainInFlight);
      },
      // Backstop for everything, body reading included; the signal itself gives up at timeoutMs.
      handlerTimeout: timeoutMs + 2000,
    },
    async (req, reply) => {
      const slot = req.coxswainInFlight;
      if (slot) slot.handling = true;
      try {
        return await handle(req, reply);
      } finally {
        release(slot);
      }
    },
  );

  async function handle(req: FastifyRequest, reply: FastifyReply) {
    const started = process.hrtime.bigint();
    const claimed = header(req.headers['x-github-event']);
    const delivery = header(req.headers['x-github-delivery']);
    const signature = header(req.headers['x-hub-signature-256']);
    const log = req.log.child({ delivery: delivery?.slice(0, MAX_DELIVERY_ID), event: claimed?.slice(0, 64) });
    let name = 'unknown';
    const done = (outcome: DeliveryOutcome, code: number, body: object) => {
      metrics.deliveries.inc({ event: name, outcome });
      if (reply.sent) return reply;
      return reply.code(code).send(body);
    };

    // 1. The signature, over the bytes as received, before anything else looks at them.
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!signature) return done('bad_signature', 401, { error: 'missing X-Hub-Signature-256 header' });
    if (!verifySignature(deps.webhookSecret, raw, signature)) {
      log.warn('rejected delivery with a bad signature');
      return done('bad_signature', 401, { error: 'signature does not match the payload (check GITHUB_WEBHOOK_SECRET)' });
    }
    name = eventLabel(claimed);
    // 2. Content type, then headers.
    const contentType = header(req.headers['content-type']) ?? '';
    if (!contentType.startsWith('application/json')) {
      return done('invalid', 415, { error: 'set the webhook content type to application/json' });
    }
    if (!delivery || !claimed) return done('invalid', 400, { error: 'missing X-GitHub-Event or X-GitHub-Delivery header' });
    if (!EVENT_NAME.test(claimed)) return done('invalid', 400, { error: 'X-GitHub-Event is not an event name' });
    if (delivery.length > MAX_DELIVERY_ID) return done('invalid', 400, { error: 'X-GitHub-Delivery is too long' });
    if (claimed === 'ping') return done('ping', 200, { ok: true });
    // A redelivery of an event Temporal already has: its workflow may have ended since, and a new
    // one would act on it again.
    if (window.has(delivery)) {
      log.info('duplicate delivery: already stored');
      return done('duplicate', 200, { duplicate: true });
    }
    // 3. The payload.
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString('utf8'));
    } catch {
      return done('invalid', 400, { error: 'body is not valid JSON' });
    }
    const mapping = toSignal(claimed, delivery, payload);
    if (mapping.outcome === 'invalid') {
      log.warn({ reason: mapping.reason }, 'rejected malformed payload');
      return done('invalid', 400, { error: mapping.reason });
    }
    if (mapping.outcome === 'ignore') return done('ignored', 202, { ignored: mapping.reason });
    // 4. Only repositories the configuration gives Coxswain something to do for.
    const repoOf = mapping.outcome === 'by-sha' ? mapping : mapping.targets[0];
    if (repoOf && !isRepoActive(repoOf.owner, repoOf.repo)) {
      return done('ignored', 202, { ignored: `no plugin, job or Tide query is configured for ${repoOf.owner}/${repoOf.repo}` });
    }
    const routed = mapping.outcome === 'route' ? mapping.targets.filter((t) => isRepoActive(t.owner, t.repo)) : [];

    try {
      let targets: Target[];
      await deps.client.withDeadline(Date.now() + timeoutMs, async () => {
        targets = mapping.outcome === 'by-sha' ? await prsWithHead(deps.client, mapping.owner, mapping.repo, mapping.sha) : routed;
        if (targets.length > 0) await signalTargets(deps.client, deps.taskQueue, targets, mapping.event);
      });
      const ids = targets!.map((t) => t.workflowId);
      if (ids.length === 0) return done('ignored', 202, { ignored: 'no open pull request has this head SHA' });
      window.add(delivery);
      metrics.signalSeconds.observe({ event: name }, Number(process.hrtime.bigint() - started) / 1e9);
      log.info({ workflowIds: ids }, 'signalled');
      return done('signalled', 200, { workflowIds: ids });
    } catch (err) {
      log.error({ err: { message: (err as Error).message } }, 'could not store the event in Temporal');
      return done('unavailable', 503, { error: 'event not stored: Temporal is unavailable; GitHub may redeliver it' });
    }
  }

  return app;
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
