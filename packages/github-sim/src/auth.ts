import type { FastifyReply, FastifyRequest } from 'fastify';
import { ghError } from './http.js';
import type { Store } from './store.js';
import type { SimUser } from './types.js';

// Tokens and rate limits as GitHub applies them. `Authorization: token X` or `Bearer X` names the
// user; an unknown token is a 401 "Bad credentials". Every authenticated response carries the
// x-ratelimit-* headers of its bucket (core: per hour, search: per minute), each request takes one
// unit, and an empty bucket answers 403 with GitHub's message and x-ratelimit-remaining: 0.

export interface RateLimitOptions {
  /** Requests per hour per user (GitHub: 5000). */
  limit?: number;
  /** Search requests per minute per user (GitHub: 30). */
  searchLimit?: number;
  /** Requests per hour without a token (GitHub: 60). */
  anonymousLimit?: number;
}

type Resource = 'core' | 'search';

interface Bucket {
  limit: number;
  used: number;
  /** Epoch seconds. */
  reset: number;
}

export interface BucketView {
  limit: number;
  remaining: number;
  used: number;
  reset: number;
  resource: Resource;
}

export class RateLimiter {
  private buckets = new Map<string, Bucket>();
  private startRemaining: number | undefined;

  constructor(private opts: RateLimitOptions = {}) {}

  /** New limits; every bucket starts afresh (with `remaining` left in this window, if given). */
  configure(opts: RateLimitOptions & { remaining?: number }): void {
    this.opts = { ...this.opts, ...opts };
    this.startRemaining = opts.remaining;
    this.buckets.clear();
  }

  private limitFor(resource: Resource, anonymous: boolean): number {
    if (resource === 'search') return anonymous ? 10 : (this.opts.searchLimit ?? 30);
    return anonymous ? (this.opts.anonymousLimit ?? 60) : (this.opts.limit ?? 5000);
  }

  private bucket(key: string, resource: Resource, anonymous: boolean): Bucket {
    const now = Math.floor(Date.now() / 1000);
    const id = `${resource}:${key}`;
    let b = this.buckets.get(id);
    if (!b || b.reset <= now) {
      const limit = this.limitFor(resource, anonymous);
      const used = b === undefined && this.startRemaining !== undefined ? Math.max(0, limit - this.startRemaining) : 0;
      b = { limit, used, reset: now + (resource === 'search' ? 60 : 3600) };
      this.buckets.set(id, b);
    }
    return b;
  }

  peek(key: string, resource: Resource, anonymous = false): BucketView {
    const b = this.bucket(key, resource, anonymous);
    return { limit: b.limit, used: b.used, remaining: Math.max(0, b.limit - b.used), reset: b.reset, resource };
  }

  /** Gives one unit back (GitHub does not count conditional requests answered 304). */
  refund(key: string, resource: Resource, anonymous = false): BucketView {
    const b = this.bucket(key, resource, anonymous);
    b.used = Math.max(0, b.used - 1);
    return this.peek(key, resource, anonymous);
  }

  /** Takes one unit; `exceeded` when none was left. */
  take(key: string, resource: Resource, anonymous = false): BucketView & { exceeded: boolean } {
    const b = this.bucket(key, resource, anonymous);
    const exceeded = b.used >= b.limit;
    if (!exceeded) b.used++;
    return { ...this.peek(key, resource, anonymous), exceeded };
  }
}

const actors = new WeakMap<FastifyRequest, SimUser>();
const charged = new WeakMap<FastifyRequest, { key: string; resource: Resource; anonymous: boolean }>();
let requestCounter = 0;

/** Refunds the unit a request took (for 304 Not Modified answers) and updates its headers. */
export function refundRequest(limiter: RateLimiter, req: FastifyRequest, reply: FastifyReply): void {
  const c = charged.get(req);
  if (c) setRateLimitHeaders(reply, limiter.refund(c.key, c.resource, c.anonymous));
}

/** The token's user, if the request carried a valid token. */
export function actorOf(req: FastifyRequest): SimUser | undefined {
  return actors.get(req);
}

/** The token's user; a 401 "Requires authentication" without one. */
export function requireActor(req: FastifyRequest): SimUser {
  const user = actors.get(req);
  if (!user) throw ghError(401, 'Requires authentication', {}, 'https://docs.github.com/rest');
  return user;
}

export function setRateLimitHeaders(reply: FastifyReply, view: BucketView): void {
  reply.header('x-ratelimit-limit', String(view.limit));
  reply.header('x-ratelimit-remaining', String(view.remaining));
  reply.header('x-ratelimit-used', String(view.used));
  reply.header('x-ratelimit-reset', String(view.reset));
  reply.header('x-ratelimit-resource', view.resource);
}

/** The onRequest hook for GitHub's routes. */
export function authenticate(store: Store, limiter: RateLimiter) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    reply.header('x-github-request-id', `SIM:${(++requestCounter).toString(16).toUpperCase().padStart(8, '0')}`);
    reply.header('x-github-api-version-selected', '2022-11-28');
    const header = req.headers.authorization;
    let user: SimUser | undefined;
    if (header) {
      const m = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
      user = m?.[1] ? store.userByToken(m[1]) : undefined;
      if (!user) throw ghError(401, 'Bad credentials', {}, 'https://docs.github.com/rest');
      actors.set(req, user);
    }
    const path = req.url.split('?')[0] ?? '';
    const resource: Resource = path.startsWith('/search/') ? 'search' : 'core';
    const key = user ? `user:${user.id}` : `ip:${req.ip}`;
    if (path === '/rate_limit') {
      setRateLimitHeaders(reply, limiter.peek(key, 'core', !user));
      return;
    }
    const view = limiter.take(key, resource, !user);
    if (!view.exceeded) charged.set(req, { key, resource, anonymous: !user });
    setRateLimitHeaders(reply, view);
    if (view.exceeded) {
      const who = user ? `user ID ${user.id}` : `${req.ip}`;
      const hint = user ? '' : " (But here's the good news: Authenticated requests get a higher rate limit. Check out the documentation for more details.)";
      throw ghError(403, `API rate limit exceeded for ${who}.${hint}`, {}, 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api');
    }
  };
}
