import { Webhooks } from '@octokit/webhooks';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { signalTargets, prsWithHead } from './deliver.js';
import { HookMetrics, type DeliveryOutcome } from './metrics.js';
import { toSignal, type Target } from './to-signal.js';

export interface AppDeps {
  client: Client;
  taskQueue: string;
  /** HMAC secret for X-Hub-Signature-256. */
  webhookSecret: string;
  logger: FastifyBaseLogger;
  /** Served at GET /metrics; the hook's own metrics are registered on it. */
  registry: Registry;
  /** Give up on Temporal after this long and answer 503; GitHub waits 10 s for an answer. */
  signalTimeoutMs?: number;
}

// GitHub caps webhook payloads at 25 MB.
const MAX_BODY = 25 * 1024 * 1024;

/**
 * The webhook app as a fastify instance (server.ts only listens; tests use inject()). It verifies,
 * normalises and signals; it decides nothing. It answers 2xx only once Temporal has stored the
 * signal, so GitHub records a failed delivery (and can redeliver) whenever that did not happen.
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({ loggerInstance: deps.logger, bodyLimit: MAX_BODY });
  const webhooks = new Webhooks({ secret: deps.webhookSecret });
  const metrics = new HookMetrics(deps.registry);
  const timeoutMs = deps.signalTimeoutMs ?? 8000;

  // Keep the raw bytes: the signature is over them, not over re-serialised JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_req, reply) => {
    try {
      await deps.client.withDeadline(Date.now() + 2000, () => deps.client.workflowService.getSystemInfo({}));
      return { ok: true };
    } catch {
      return reply.code(503).send({ ok: false, error: 'Temporal is not reachable' });
    }
  });
  app.get('/metrics', async (_req, reply) => reply.type(deps.registry.contentType).send(await deps.registry.metrics()));

  app.post('/hook', async (req, reply) => {
    const started = process.hrtime.bigint();
    const name = header(req.headers['x-github-event']) ?? 'unknown';
    const delivery = header(req.headers['x-github-delivery']);
    const signature = header(req.headers['x-hub-signature-256']);
    const log = req.log.child({ delivery, event: name });
    const done = (outcome: DeliveryOutcome, code: number, body: object) => {
      metrics.deliveries.inc({ event: name, outcome });
      return reply.code(code).send(body);
    };

    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    if (!signature) return done('bad_signature', 401, { error: 'missing X-Hub-Signature-256 header' });
    if (!(await webhooks.verify(raw, signature).catch(() => false))) {
      log.warn('rejected delivery with a bad signature');
      return done('bad_signature', 401, { error: 'signature does not match the payload (check GITHUB_WEBHOOK_SECRET)' });
    }
    const contentType = header(req.headers['content-type']) ?? '';
    if (!contentType.startsWith('application/json')) {
      return done('invalid', 415, { error: 'set the webhook content type to application/json' });
    }
    if (!delivery || name === 'unknown') return done('invalid', 400, { error: 'missing X-GitHub-Event or X-GitHub-Delivery header' });
    if (name === 'ping') return done('ping', 200, { ok: true });

    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      return done('invalid', 400, { error: 'body is not valid JSON' });
    }
    const mapping = toSignal(name, delivery, payload);
    if (mapping.outcome === 'invalid') {
      log.warn({ reason: mapping.reason }, 'rejected malformed payload');
      return done('invalid', 400, { error: mapping.reason });
    }
    if (mapping.outcome === 'ignore') return done('ignored', 202, { ignored: mapping.reason });

    try {
      let targets: Target[];
      await deps.client.withDeadline(Date.now() + timeoutMs, async () => {
        targets = mapping.outcome === 'by-sha' ? await prsWithHead(deps.client, mapping.owner, mapping.repo, mapping.sha) : mapping.targets;
        if (targets.length > 0) await signalTargets(deps.client, deps.taskQueue, targets, mapping.event);
      });
      const ids = targets!.map((t) => t.workflowId);
      if (ids.length === 0) return done('ignored', 202, { ignored: 'no open pull request has this head SHA' });
      metrics.signalSeconds.observe({ event: name }, Number(process.hrtime.bigint() - started) / 1e9);
      log.info({ workflowIds: ids }, 'signalled');
      return done('signalled', 200, { workflowIds: ids });
    } catch (err) {
      log.error({ err: { message: (err as Error).message } }, 'could not store the event in Temporal');
      return done('unavailable', 503, { error: 'event not stored: Temporal is unavailable; GitHub may redeliver it' });
    }
  });

  return app;
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
