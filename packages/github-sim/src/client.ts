// A small client for the simulator's scenario API (/_sim/), used by `coxswain sim ...` and handy
// in acceptance suites. Errors carry the simulator's message.

export class SimClientError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ActionResult {
  delivery: string | null;
  status: number | null;
  deliveries: Array<{ delivery: string; event: string; action: string | null; status: number | null; error: string | null }>;
  [key: string]: unknown;
}

/** `owner/repo#12` → parts. */
export function parseIssueRef(ref: string): { repo: string; number: number } {
  const m = /^([^/\s#]+\/[^/\s#]+)#(\d+)$/.exec(ref.trim());
  if (!m) throw new Error(`not an issue reference: '${ref}' (use owner/repo#N)`);
  return { repo: m[1] as string, number: Number(m[2]) };
}

export class SimClient {
  readonly base: string;

  constructor(base: string) {
    this.base = base.replace(/\/+$/, '');
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new SimClientError(0, `cannot reach the GitHub simulator at ${this.base} (${(err as Error).message}); start it with \`coxswain github-sim\` or set GITHUB_API_URL`);
    }
    const text = await res.text();
    const data = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!res.ok) {
      const list = [...(Array.isArray(data.problems) ? data.problems : []), ...(Array.isArray(data.errors) ? data.errors.filter((e) => typeof e === 'string') : [])];
      const problems = list.length > 0 ? `\n  ${list.join('\n  ')}` : '';
      throw new SimClientError(res.status, `${String(data.message ?? res.statusText)}${problems}`);
    }
    return data as T;
  }

  action(name: string, body: Record<string, unknown>): Promise<ActionResult> {
    return this.call('POST', `/_sim/actions/${name}`, body);
  }

  issue(repo: string, number: number): Promise<Record<string, unknown>> {
    return this.call('GET', `/_sim/repos/${repo}/issues/${number}`);
  }

  state(): Promise<Record<string, unknown>> {
    return this.call('GET', '/_sim/state');
  }

  seed(doc: unknown): Promise<Record<string, unknown>> {
    return this.call('POST', '/_sim/seed', doc);
  }

  deliveries(): Promise<Array<Record<string, unknown>>> {
    return this.call('GET', '/_sim/deliveries');
  }
}
