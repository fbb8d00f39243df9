import { createHmac, randomUUID } from 'node:crypto';
import type { RenderedEvent } from './events.js';
import { isoSeconds } from './store.js';

// Webhook deliveries as GitHub makes them: one POST per event with X-GitHub-Event,
// X-GitHub-Delivery (a UUID) and, when a secret is set, X-Hub-Signature-256 (HMAC-SHA256 of the
// exact body). Deliveries go out one at a time, in order; each is kept with its attempts so tests
// can read what was sent and redeliver (same delivery ID and bytes, as GitHub's "Redeliver").

export interface WebhookConfig {
  url?: string;
  secret?: string;
  /** Also send the webhooks GitHub sends for writes made through the REST API (default true). */
  echoApiWrites?: boolean;
}

export interface DeliveryAttempt {
  /** The receiver's HTTP status; null when nothing answered (no URL, refused, timed out). */
  status: number | null;
  error: string | null;
  /** Wall-clock time of the attempt. */
  at: string;
  redelivery: boolean;
}

export interface Delivery {
  id: string;
  event: string;
  action: string | null;
  repository: string | null;
  sender: string | null;
  /** `action` (a /_sim/actions call) or `api` (a REST write echoed back). */
  source: 'action' | 'api';
  payload: Record<string, unknown>;
  attempts: DeliveryAttempt[];
  /** The exact bytes sent (and resent on redelivery). */
  body: string;
}

/** What /_sim/deliveries lists for one delivery (the payload only on the single-delivery route). */
export function deliverySummary(d: Delivery) {
  const last = d.attempts[d.attempts.length - 1];
  return {
    id: d.id,
    event: d.event,
    action: d.action,
    repository: d.repository,
    sender: d.sender,
    source: d.source,
    status: last?.status ?? null,
    error: last?.error ?? null,
    pending: d.attempts.length === 0,
    attempts: d.attempts,
  };
}

export function sign(secret: string, body: string, algo: 'sha256' | 'sha1' = 'sha256'): string {
  return `${algo}=${createHmac(algo, secret).update(body).digest('hex')}`;
}

const MAX_KEPT = 5000;

export class WebhookSender {
  readonly deliveries: Delivery[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private readonly aborter = new AbortController();

  constructor(
    public config: WebhookConfig = {},
    private readonly timeoutMs = 10_000,
  ) {}

  get echoApiWrites(): boolean {
    return this.config.echoApiWrites ?? true;
  }

  /** Queues the event; `done` settles once the receiver answered (or the attempt failed). */
  enqueue(ev: RenderedEvent, source: Delivery['source']): { delivery: Delivery; done: Promise<DeliveryAttempt> } {
    const repo = ev.payload.repository as { full_name?: string } | undefined;
    const sender = ev.payload.sender as { login?: string } | undefined;
    const delivery: Delivery = {
      id: randomUUID(),
      event: ev.name,
      action: ev.action,
      repository: repo?.full_name ?? null,
      sender: sender?.login ?? null,
      source,
      payload: ev.payload,
      attempts: [],
      body: JSON.stringify(ev.payload),
    };
    this.deliveries.push(delivery);
    if (this.deliveries.length > MAX_KEPT) this.deliveries.splice(0, this.deliveries.length - MAX_KEPT);
    return { delivery, done: this.schedule(delivery, false) };
  }

  async redeliver(id: string): Promise<DeliveryAttempt | undefined> {
    const delivery = this.find(id);
    return delivery ? this.schedule(delivery, true) : undefined;
  }

  find(id: string): Delivery | undefined {
    return this.deliveries.find((d) => d.id === id);
  }

  /** Resolves once every queued delivery has been attempted. */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.chain;
      await seen;
    } while (seen !== this.chain);
  }

  close(): void {
    this.aborter.abort();
  }

  private schedule(delivery: Delivery, redelivery: boolean): Promise<DeliveryAttempt> {
    const run = this.chain.then(() => this.attempt(delivery, redelivery));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async attempt(delivery: Delivery, redelivery: boolean): Promise<DeliveryAttempt> {
    const record = (status: number | null, error: string | null): DeliveryAttempt => {
      const attempt = { status, error, at: isoSeconds(new Date()), redelivery };
      delivery.attempts.push(attempt);
      return attempt;
    };
    const { url, secret } = this.config;
    if (!url) return record(null, 'no webhook URL configured');
    if (this.aborter.signal.aborted) return record(null, 'simulator closed');
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/coxswain-sim',
      'x-github-event': delivery.event,
      'x-github-delivery': delivery.id,
      'x-github-hook-id': '1',
      'x-github-hook-installation-target-type': 'repository',
    };
    if (secret) {
      headers['x-hub-signature-256'] = sign(secret, delivery.body);
      headers['x-hub-signature'] = sign(secret, delivery.body, 'sha1');
    }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: delivery.body,
        signal: AbortSignal.any([this.aborter.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      await res.arrayBuffer().catch(() => undefined);
      return record(res.status, res.ok ? null : `receiver answered ${res.status}`);
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } };
      const cause = e.cause?.code ?? e.cause?.errors?.[0]?.code ?? e.cause?.message;
      const reason = e.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (cause ?? e.message);
      return record(null, reason);
    }
  }
}
