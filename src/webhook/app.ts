import { Webhooks } from '@octokit/webhooks';
import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { githubEventSignal, type EntityWorkflowInput } from '../workflows/messages.js';
import { toSignal } from './to-signal.js';

export interface AppDeps {
  client: Client;
  taskQueue: string;
  /** HMAC secret for X-Hub-Signature-256. */
  webhookSecret: string;
  logger: FastifyBaseLogger;
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

  // Keep the raw bytes: the signature is over them, not over re-serialised JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.get('/healthz', async () => ({ ok: true }));

  app.post('/hook', async (req, reply) => {
    const name = header(req.headers['x-github-event']);
    const delivery = header(req.headers['x-github-delivery']);
    const signature = header(req.headers['x-hub-signature-256']);
    const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    if (!signature) return reply.code(401).send({ error: 'missing X-Hub-Signature-256 header' });
    if (!(await webhooks.verify(raw, signature).catch(() => false))) {
      return reply.code(401).send({ error: 'signature does not match the payload (check GITHUB_WEBHOOK_SECRET)' });
    }
    if (!name || !delivery) {
      return reply.code(400).send({ error: 'missing X-GitHub-Event or X-GitHub-Delivery header' });
    }
    if (name === 'ping') return reply.code(200).send({ ok: true, pong: true });

    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      return reply.code(400).send({ error: 'body is not valid JSON' });
    }
    const mapping = toSignal(name, delivery, payload);
    const log = req.log.child({ delivery, event: name });
    if (mapping.outcome === 'invalid') {
      log.warn({ reason: mapping.reason }, 'rejected malformed payload');
      return reply.code(400).send({ error: mapping.reason });
    }
    if (mapping.outcome === 'ignore') return reply.code(202).send({ ignored: mapping.reason });

    const { route } = mapping;
    const input: EntityWorkflowInput = {
      owner: route.owner,
      repo: route.repo,
      number: route.number,
      kind: route.workflowType === 'prWorkflow' ? 'pr' : 'issue',
    };
    try {
      await deps.client.withDeadline(Date.now() + (deps.signalTimeoutMs ?? 8000), () =>
        deps.client.workflow.signalWithStart(route.workflowType, {
          workflowId: route.workflowId,
          taskQueue: deps.taskQueue,
          args: [input],
          signal: githubEventSignal,
          signalArgs: [route.event],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        }),
      );
    } catch (err) {
      log.error({ err: { message: (err as Error).message }, workflowId: route.workflowId }, 'could not signal Temporal');
      return reply.code(503).send({ error: 'event not stored: Temporal is unavailable; GitHub may redeliver it' });
    }
    log.info({ workflowId: route.workflowId }, 'signalled');
    return reply.code(200).send({ workflowId: route.workflowId });
  });

  return app;
}

function header(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
