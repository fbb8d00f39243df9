import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DOCS } from './http.js';

// Fault injection for GitHub's REST routes (scenario API: /_sim/faults). The faults that matter
// for a client are the ones where GitHub did the write but the client never learnt it: the
// request is applied to the state as usual, then the answer is replaced by a 502 or held back.
// A plain 502 (nothing applied) is there too, for checking what a client retries.

export type FaultMode = 'commit-then-502' | 'commit-then-delay' | '502';
export const FAULT_MODES: readonly FaultMode[] = ['commit-then-502', 'commit-then-delay', '502'];

export interface FaultSpec {
  /** HTTP method, upper case, or `*` for any. */
  method: string;
  /** Path (no query): `*` matches one segment, `**` any number of segments. */
  path: string;
  mode: FaultMode;
  /** How many matching requests it applies to (default 1). */
  times?: number;
  /** commit-then-delay: how long the answer is held (default 10 000 ms). */
  delay_ms?: number;
}

export interface Fault {
  id: number;
  method: string;
  path: string;
  mode: FaultMode;
  times: number;
  delay_ms: number;
  /** Requests it has applied to so far. */
  hits: number;
}

interface Armed extends Fault {
  pattern: RegExp;
  waiters: Array<() => void>;
}

const BAD_GATEWAY = { message: 'Server Error', documentation_url: DOCS, status: '502' };

/** `/repos/*\/*\/issues/*\/comments` → a regexp over the request path. */
export function pathPattern(path: string): RegExp {
  const parts = path.split('/').map((seg) =>
    seg === '**' ? '.*' : seg.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*'),
  );
  return new RegExp(`^${parts.join('/')}/?$`);
}

/**
 * The armed faults. A fault applies to the next `times` requests that match its method and path
 * and that the route answers with success (a refused request wrote nothing, so it does not use
 * the fault up); mode `502` applies before the route runs.
 */
export class Faults {
  private armed: Armed[] = [];
  private nextId = 1;
  private readonly held = new Set<() => void>();

  add(spec: FaultSpec): Fault {
    const fault: Armed = {
      id: this.nextId++,
      method: spec.method.toUpperCase(),
      path: spec.path,
      mode: spec.mode,
      times: spec.times ?? 1,
      delay_ms: spec.delay_ms ?? 10_000,
      hits: 0,
      pattern: pathPattern(spec.path),
      waiters: [],
    };
    this.armed.push(fault);
    return view(fault);
  }

  list(): Fault[] {
    return this.armed.map(view);
  }

  /** Disarms every fault (or one); answers held back are sent at once. */
  clear(id?: number): boolean {
    if (id === undefined) {
      this.armed = [];
      this.releaseHeld();
      return true;
    }
    const before = this.armed.length;
    this.armed = this.armed.filter((f) => f.id !== id);
    return this.armed.length < before;
  }

  /** Resolves once fault `id` has applied to a request (in-process tests wait on it). */
  hit(id: number): Promise<void> {
    const f = this.armed.find((x) => x.id === id);
    if (!f) return Promise.reject(new Error(`no fault ${id}`));
    if (f.hits > 0) return Promise.resolve();
    return new Promise((resolve) => f.waiters.push(resolve));
  }

  /** Sends every held answer now (the server is closing). */
  releaseHeld(): void {
    for (const release of [...this.held]) release();
  }

  private take(req: FastifyRequest, modes: FaultMode[]): Armed | undefined {
    const path = req.url.split('?')[0] ?? '';
    const f = this.armed.find((x) => modes.includes(x.mode) && x.hits < x.times && (x.method === '*' || x.method === req.method) && x.pattern.test(path));
    if (!f) return undefined;
    f.hits++;
    for (const w of f.waiters.splice(0)) w();
    return f;
  }

  /** Hooks for the REST routes' scope: `502` before the route, the commit-then modes after it. */
  install(api: FastifyInstance): void {
    api.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
      if (this.take(req, ['502'])) return reply.code(502).send(BAD_GATEWAY);
    });
    api.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      if (reply.statusCode >= 400) return payload;
      const f = this.take(req, ['commit-then-502', 'commit-then-delay']);
      if (!f) return payload;
      if (f.mode === 'commit-then-502') {
        reply.code(502).header('content-type', 'application/json; charset=utf-8');
        reply.removeHeader('etag');
        reply.removeHeader('location');
        return JSON.stringify(BAD_GATEWAY);
      }
      await new Promise<void>((resolve) => {
        const release = () => {
          clearTimeout(timer);
          this.held.delete(release);
          resolve();
        };
        const timer = setTimeout(release, f.delay_ms);
        this.held.add(release);
      });
      return payload;
    });
  }
}

function view(f: Armed): Fault {
  return { id: f.id, method: f.method, path: f.path, mode: f.mode, times: f.times, delay_ms: f.delay_ms, hits: f.hits };
}
