import { ApplicationFailure } from '@temporalio/common';

interface HttpError {
  status: number;
  message: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

function isHttpError(err: unknown): err is HttpError {
  return typeof err === 'object' && err !== null && typeof (err as { status?: unknown }).status === 'number';
}

/** Seconds GitHub asked us to wait, from Retry-After or the rate-limit reset time. */
export function retryDelayMs(headers: Record<string, string | number | undefined> = {}, nowMs = Date.now()): number | undefined {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && !Number.isNaN(Number(retryAfter))) return Number(retryAfter) * 1000;
  if (String(headers['x-ratelimit-remaining']) === '0' && headers['x-ratelimit-reset'] !== undefined) {
    return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - nowMs) + 1000;
  }
  return undefined;
}

function isRateLimited(err: HttpError): boolean {
  const h = err.response?.headers ?? {};
  return err.status === 429 || (err.status === 403 && (String(h['x-ratelimit-remaining']) === '0' || /rate limit/i.test(err.message)));
}

/**
 * Turns a GitHub error into what Temporal should do with it. Rate limits retry at the time GitHub
 * gave; other 4xx cannot be fixed by retrying and fail at once with a message that says what was
 * refused; 5xx and network errors go back unchanged, so the activity's retry policy handles them.
 */
export function classifyGithubError(err: unknown, what: string): unknown {
  if (!isHttpError(err)) return err;
  if (isRateLimited(err)) {
    return ApplicationFailure.create({
      type: 'GithubRateLimited',
      message: `${what}: GitHub rate limit (${err.status}); retrying when it resets`,
      nextRetryDelay: retryDelayMs(err.response?.headers) ?? 60_000,
    });
  }
  if (err.status >= 400 && err.status < 500) {
    const hint = err.status === 401 ? ' (check GITHUB_TOKEN or the GitHub App credentials)' : '';
    return ApplicationFailure.nonRetryable(`${what}: GitHub answered ${err.status}: ${err.message}${hint}`, `Github${err.status}`, {
      status: err.status,
    });
  }
  return err;
}

export function githubStatus(err: unknown): number | undefined {
  return isHttpError(err) ? err.status : undefined;
}
