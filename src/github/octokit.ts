import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import type { Logger } from 'pino';
import type { GithubMetrics } from './metrics.js';
import { retryReads } from './read-retry.js';
import { createsContent, WriteSpacing } from './write-spacing.js';

// Octokit as Coxswain uses it: reads tried again on server errors (read-retry.ts), auth by token
// or GitHub App, any GitHub-compatible server at GITHUB_API_URL, content-creating writes spaced per
// client (write-spacing.ts), and every call counted by route and status. Rate-limit answers are not
// waited out inside a call: the activity turns them into a Temporal retry at the time GitHub
// gave (activities/github-errors.ts), so no worker slot sleeps on them.
export const CoxswainOctokit = Octokit;
export type CoxswainOctokit = Octokit;

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
   * Pause between content-creating writes of one client. GitHub asks integrations to wait a second
   * between them to stay clear of secondary rate limits; a simulator or GHES with limits off can
   * take 0.
   */
  writeIntervalMs?: number;
  /** Shared by the clients of one token or installation (defaults to one of its own). */
  spacing?: WriteSpacing;
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
  const spacing = opts.spacing ?? new WriteSpacing(opts.writeIntervalMs ?? 1000);
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
  });
  // Innermost: the hooks below (spacing, metrics) see one call however many tries it took.
  retryReads(octokit, { retries: opts.retries ?? 2, doNotRetry: [400, 401, 403, 404, 405, 409, 410, 422, 429, 451] });
  octokit.hook.before('request', async (options) => {
    if (createsContent(options.method, options.url)) await spacing.turn();
  });
  if (opts.metrics) opts.metrics.instrument(octokit);
  return octokit;
}

// Keys pasted into env vars often carry literal "\n" instead of newlines.
function normalisePem(pem: string): string {
  return pem.includes('\\n') ? pem.replace(/\\n/g, '\n') : pem;
}
