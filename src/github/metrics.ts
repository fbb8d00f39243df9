import type { Octokit } from '@octokit/core';
import { Counter, Gauge, type Registry } from 'prom-client';

export interface GithubCall {
  route: string;
  method: string;
  status: number;
  /** The request's parameters (owner, repo, issue_number, ...). */
  params: Record<string, unknown>;
}

/**
 * The route template of a request: Octokit gives templates (`/repos/{owner}/{repo}/issues/{issue_number}`)
 * except for a paginated list's pages, which are full URLs naming one repository and PR. Those are
 * folded into a template too, so the metric has one series per route, not one per PR.
 */
export function routeTemplate(url: string): string {
  if (url.includes('{')) return url;
  return url
    .replace(/^https?:\/\/[^/]+(?:\/api\/v3)?/, '')
    .replace(/[?#].*$/, '')
    .replace(/^\/repos\/[^/]+\/[^/]+/, '/repos/{owner}/{repo}')
    .replace(/^\/orgs\/[^/]+/, '/orgs/{org}')
    .replace(/\/teams\/[^/]+/, '/teams/{team_slug}')
    .replace(/\/users\/[^/]+/, '/users/{username}')
    .replace(/\/\d+(?=\/|$)/g, '/{number}');
}

/** GitHub API use, by route template and status: the basis for "API calls per event". */
export class GithubMetrics {
  readonly calls: Counter<'route' | 'status'>;
  readonly rateLimitRemaining: Gauge<'resource'>;

  constructor(registry: Registry) {
    this.calls = new Counter({
      name: 'coxswain_github_api_calls_total',
      help: 'GitHub API calls by route template and HTTP status',
      labelNames: ['route', 'status'],
      registers: [registry],
    });
    this.rateLimitRemaining = new Gauge({
      name: 'coxswain_github_rate_limit_remaining',
      help: 'x-ratelimit-remaining from the last GitHub response',
      labelNames: ['resource'],
      registers: [registry],
    });
  }

  private readonly listeners: Array<(call: GithubCall) => void> = [];

  /** Calls `fn` after every GitHub request (benchmarks time writes with it). */
  onCall(fn: (call: GithubCall) => void): void {
    this.listeners.push(fn);
  }

  instrument(octokit: Pick<Octokit, 'hook'>): void {
    octokit.hook.wrap('request', async (request, options) => {
      const route = `${options.method} ${routeTemplate(options.url)}`;
      const params = options as unknown as Record<string, unknown>;
      try {
        const response = await request(options);
        this.record(route, response.status, response.headers, options.method, params);
        return response;
      } catch (err) {
        const e = err as { status?: number; response?: { headers?: Record<string, unknown> } };
        this.record(route, e.status ?? 0, e.response?.headers, options.method, params);
        throw err;
      }
    });
  }

  private record(route: string, status: number, headers: Record<string, unknown> | undefined, method: string, params: Record<string, unknown>): void {
    this.calls.inc({ route, status: String(status) });
    for (const fn of this.listeners) fn({ route, method, status, params });
    const remaining = headers?.['x-ratelimit-remaining'];
    if (remaining !== undefined) {
      this.rateLimitRemaining.set({ resource: String(headers?.['x-ratelimit-resource'] ?? 'core') }, Number(remaining));
    }
  }
}
