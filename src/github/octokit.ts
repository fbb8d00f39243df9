import { createAppAuth } from '@octokit/auth-app';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Octokit } from '@octokit/rest';
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import type { GithubMetrics } from './metrics.js';

// Octokit as Coxswain uses it: official throttling and retry plugins (no hand-made limiter),
// auth by token or GitHub App, any GitHub-compatible server at GITHUB_API_URL, and every call
// counted by route and status.
export const CoxswainOctokit = Octokit.plugin(throttling, retry);
export type CoxswainOctokit = InstanceType<typeof CoxswainOctokit>;

export interface GithubAuth {
  token?: string;
  appId?: string;
  privateKey?: string;
  installationId?: number;
}

export interface OctokitOptions {
  baseUrl: string;
  auth: GithubAuth;
  log: Logger;
  metrics?: GithubMetrics;
  /**
   * Spacing between writes. GitHub asks integrations to wait a second between mutating calls to
   * stay clear of secondary rate limits; a simulator or GHES with limits off can take 0.
   */
  writeIntervalMs?: number;
  /** Retries inside one call for 5xx before the error goes to Temporal's activity retry. */
  retries?: number;
}

export function createOctokit(opts: OctokitOptions): CoxswainOctokit {
  const { auth, log } = opts;
  const authOptions = auth.appId
    ? {
        authStrategy: createAppAuth,
        // The App's own client has no installation (auth-app refuses installationId: undefined).
        auth: { appId: auth.appId, privateKey: normalisePem(auth.privateKey ?? ''), ...(auth.installationId !== undefined ? { installationId: auth.installationId } : {}) },
      }
    : auth.token
      ? { auth: auth.token }
      : {};
  const writeIntervalMs = opts.writeIntervalMs ?? 1000;
  const write = new Bottleneck.Group({ id: 'coxswain-write', maxConcurrent: 1, minTime: writeIntervalMs });
  // Writes that notify people (comments, review requests, reviews, merges) are spaced further:
  // Octokit's own default is 3 s, kept for the default 1 s interval. Without this group Octokit
  // used its process-wide 3 s limiter whatever the interval, so 0 did not remove the spacing.
  const notifications = new Bottleneck.Group({ id: 'coxswain-notifications', maxConcurrent: 1, minTime: 3 * writeIntervalMs });
  const octokit = new CoxswainOctokit({
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    userAgent: 'coxswain',
    ...authOptions,
    log: {
      debug: () => undefined,
      info: () => undefined,
      warn: (msg: string) => log.warn({ component: 'octokit' }, msg),
      error: (msg: string) => log.error({ component: 'octokit' }, msg),
    },
    retry: { retries: opts.retries ?? 2, doNotRetry: [400, 401, 403, 404, 405, 409, 410, 422, 429, 451] },
    throttle: {
      write,
      notifications,
      // Wait inside the call only for short pauses; longer ones surface as errors that the
      // activity turns into a Temporal retry at the time GitHub asked for (activities/errors.ts).
      onRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        log.warn({ retryAfter, route: `${options.method} ${options.url}` }, 'GitHub rate limit reached');
        return retryAfter <= 5 && retryCount < 1;
      },
      onSecondaryRateLimit: (retryAfter: number, options: { method: string; url: string }, _o: unknown, retryCount: number) => {
        log.warn({ retryAfter, route: `${options.method} ${options.url}` }, 'GitHub secondary rate limit');
        return retryAfter <= 5 && retryCount < 1;
      },
    },
  });
  // Octokit retries 5xx inside a call; for a write that would post twice when GitHub did the
  // write but answered 502. Writes are retried by Temporal only, whose retry looks first.
  octokit.hook.before('request', (options) => {
    if (options.method !== 'GET' && options.method !== 'HEAD') options.request = { ...options.request, retries: 0 } as typeof options.request;
  });
  if (opts.metrics) opts.metrics.instrument(octokit);
  return octokit;
}

// Keys pasted into env vars often carry literal "\n" instead of newlines.
function normalisePem(pem: string): string {
  return pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
}
