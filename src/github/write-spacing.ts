// GitHub's secondary rate limits count content-creating requests (comments, reviews, review
// requests, issues, pull requests, merges, commits and refs: about 80 a minute per user or App
// installation), and GitHub asks integrations to leave a pause between them. Coxswain spaces those
// writes per client (one token or one installation), so one busy repository never slows another,
// and lets everything else through at once: reads, and writes that only toggle labels or
// assignees, which a command like /hold or /lgtm needs at once.
//
// Octokit's throttling plugin does this with Bottleneck, but three Bottleneck queues per call cost
// about 15 ms even when nothing waits (measured: bench/chatops.ts); this costs nothing unless a
// write must really wait.

/** Whether GitHub's content-creation limit counts this request (Octokit's method and URL template). */
export function createsContent(method: string, url: string): boolean {
  const m = method.toUpperCase();
  if (m === 'GET' || m === 'HEAD' || m === 'DELETE') return false;
  // Labels and assignees change an issue's fields; they create nothing anyone is notified of.
  return !/\/(labels|assignees)(\/|$|\{)/.test(url);
}

export class WriteSpacing {
  private next = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when this client may send its next content-creating request, and books that slot. */
  async turn(): Promise<void> {
    if (this.intervalMs <= 0) return;
    const now = this.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await this.sleep(at - now);
  }
}
