import type { Octokit } from '@octokit/core';

// A read GitHub answers with a server error, or that never reaches it, is tried again a few
// times inside the call, with the waits @octokit/plugin-retry uses (1 s, 4 s, 9 s …). Writes are
// not: GitHub may have done a write it answered 502 to, and posting twice is worse than failing
// (Temporal retries the activity after its own look). Not that plugin itself: it schedules every
// request through a fresh Bottleneck limiter, which added about 6 ms to each call, more than the
// call itself to a nearby server (bench/github-call.ts compares this client with plain Octokit).

export interface ReadRetryOptions {
  /** Tries after the first. */
  retries: number;
  /** Statuses that another try cannot change. */
  doNotRetry: readonly number[];
  /** The wait before try n+1 is baseDelayMs × n². */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function retryReads(octokit: Pick<Octokit, 'hook'>, opts: ReadRetryOptions): void {
  const base = opts.baseDelayMs ?? 1000;
  const sleep = opts.sleep ?? sleepFor;
  octokit.hook.wrap('request', async (request, options) => {
    const read = options.method === 'GET' || options.method === 'HEAD';
    for (let tried = 1; ; tried++) {
      try {
        return await request(options);
      } catch (err) {
        const status = (err as { status?: unknown }).status;
        // Octokit reports a request that got no answer (connection refused, reset) as status 500.
        const retryable = typeof status === 'number' && status >= 400 && !opts.doNotRetry.includes(status);
        if (!read || !retryable || tried > opts.retries) throw err;
        await sleep(base * tried * tried);
      }
    }
  });
}
