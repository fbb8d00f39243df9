import type { FastifyRequest } from 'fastify';
import { actorOf } from './auth.js';
import type { RateLimiter } from './auth.js';
import { renderEvent, type SimEvent } from './events.js';
import { Faults } from './faults.js';
import { ghError, intParam, notFound, origin, params } from './http.js';
import { effectivePermission, rank } from './permissions.js';
import type { Urls } from './shapes.js';
import type { Store } from './store.js';
import type { Permission, SimIssue, SimRepo } from './types.js';
import type { WebhookSender } from './webhooks.js';

// What every route shares: the store, the webhook sender, the rate limiter, and lookups that answer
// GitHub's 404 (or 403) when something is missing or out of reach.

export interface DeliveryResult {
  delivery: string;
  event: string;
  action: string | null;
  /** The receiver's HTTP status; null when nothing answered. */
  status: number | null;
  error: string | null;
}

export class SimContext {
  /** Faults armed through /_sim/faults for the REST routes. */
  readonly faults = new Faults();

  constructor(
    readonly store: Store,
    readonly webhooks: WebhookSender,
    readonly limiter: RateLimiter,
    readonly perPage: number,
    private readonly baseUrl: () => string,
    private readonly htmlUrl?: string,
  ) {}

  /** URLs in responses point back at the host the client used. */
  urls(req: FastifyRequest): Urls {
    const o = origin(req);
    return { api: o, html: this.htmlUrl ?? o };
  }

  /** URLs in webhook payloads (no request to take the host from). */
  webhookUrls(): Urls {
    const base = this.baseUrl();
    return { api: base, html: this.htmlUrl ?? base };
  }

  /** Webhooks for writes made through the REST API: sent in the background when echoApiWrites is on. */
  echo(events: SimEvent[]): void {
    if (!this.webhooks.echoApiWrites) return;
    for (const ev of events) this.webhooks.enqueue(renderEvent(this.store, ev, this.webhookUrls()), 'api');
  }

  /** Webhooks for scenario actions: always sent; resolves with what the receiver answered. */
  async deliver(events: SimEvent[]): Promise<DeliveryResult[]> {
    const queued = events.map((ev) => this.webhooks.enqueue(renderEvent(this.store, ev, this.webhookUrls()), 'action'));
    const out: DeliveryResult[] = [];
    for (const { delivery, done } of queued) {
      const attempt = await done;
      out.push({ delivery: delivery.id, event: delivery.event, action: delivery.action, status: attempt.status, error: attempt.error });
    }
    return out;
  }

  /** The repository in the path; 404 when missing or private and the caller has no access. */
  repo(req: FastifyRequest): SimRepo {
    const { owner = '', repo: name = '' } = params(req);
    const repo = this.store.repo(owner, name);
    if (!repo) throw notFound();
    const actor = actorOf(req);
    if (repo.private && (!actor || effectivePermission(this.store, repo, actor.login) === 'none')) throw notFound();
    return repo;
  }

  issue(req: FastifyRequest, repo: SimRepo): SimIssue {
    const p = params(req);
    const issue = this.store.issue(repo, intParam(p.issue_number ?? p.pull_number));
    if (!issue) throw notFound();
    return issue;
  }

  pull(req: FastifyRequest, repo: SimRepo): SimIssue {
    const issue = this.issue(req, repo);
    if (!issue.pull) throw notFound();
    return issue;
  }

  can(repo: SimRepo, login: string, need: Permission): boolean {
    return rank(effectivePermission(this.store, repo, login)) >= rank(need);
  }

  /** 403 unless `login` has at least `need` on the repository. */
  require(repo: SimRepo, login: string, need: Permission): void {
    if (!this.can(repo, login, need)) throw ghError(403, 'Resource not accessible by personal access token');
  }
}
