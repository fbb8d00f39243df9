import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

// Plugins are pure, but they are code reading text anyone on GitHub writes: one that loops, runs
// slow or eats memory must cost its own decision, not the worker. Inside a Temporal workflow a
// task that does not yield is killed by the deadlock detector and retried forever (and once took
// the whole process down); on the worker's main thread it would stall every PR and the webhook.
// So plugin calls run in a worker thread with a watchdog: a call that runs past its budget has its
// thread terminated (which stops even `while (true) {}`), that plugin is reported as failed, and
// the other calls of the batch run again on a fresh thread.

export interface SandboxCall {
  plugin: string;
  op: 'needs' | 'decide' | 'failSafe';
  input: unknown;
}

export interface SandboxRequest {
  id: number;
  calls: SandboxCall[];
}

export interface SandboxReply {
  id: number;
  results: Array<{ value: unknown } | { error: string }>;
}

export type SandboxResult = { ok: true; value: unknown } | { ok: false; error: string };

export interface PluginSandboxOptions {
  /** Extra plugin modules the thread loads (see plugin-modules.ts). */
  pluginModules?: string[];
  /** How long one plugin call may run before its thread is terminated. */
  callBudgetMs?: number;
  /** Heap limit of the thread: a plugin that allocates without bound kills only the thread. */
  maxHeapMb?: number;
}

const DEFAULT_BUDGET_MS = 1000;

/** plugin-thread.js beside this file in dist/; from the TypeScript sources (tests), the built one. */
function threadEntry(): string {
  const here = fileURLToPath(import.meta.url);
  const built = here.replace(/plugin-sandbox\.[jt]s$/, 'plugin-thread.js');
  if (existsSync(built)) return built;
  const fromDist = built.replace(/([/\\])src([/\\])activities([/\\])/, '$1dist$2activities$3');
  if (existsSync(fromDist)) return fromDist;
  throw new Error(`plugin thread not found at ${built} or ${fromDist}: run \`npm run build\``);
}

export class PluginSandbox {
  private thread: Worker | undefined;
  private progress = new Int32Array(new SharedArrayBuffer(8));
  private nextId = 1;
  /** One batch at a time: the watchdog reads one progress slot. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly budgetMs: number;
  private closed = false;

  constructor(private readonly opts: PluginSandboxOptions = {}) {
    this.budgetMs = opts.callBudgetMs ?? DEFAULT_BUDGET_MS;
  }

  /** Runs the calls in order; each gets a result or the reason it has none. Never rejects. */
  run(calls: SandboxCall[]): Promise<SandboxResult[]> {
    const next = this.queue.then(() => this.runBatch(calls));
    this.queue = next.catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
    const t = this.thread;
    this.thread = undefined;
    await t?.terminate();
  }

  private start(): Worker {
    if (this.closed) throw new Error('plugin sandbox is closed');
    this.progress = new Int32Array(new SharedArrayBuffer(8));
    const t = new Worker(threadEntry(), {
      workerData: { progress: this.progress.buffer, pluginModules: this.opts.pluginModules ?? [] },
      resourceLimits: { maxOldGenerationSizeMb: this.opts.maxHeapMb ?? 256 },
      stdout: false,
      stderr: false,
    });
    // The thread must not keep the process alive on its own.
    t.unref();
    this.thread = t;
    return t;
  }

  private async runBatch(calls: SandboxCall[]): Promise<SandboxResult[]> {
    const results: Array<SandboxResult | undefined> = calls.map(() => undefined);
    let pending = calls.map((_, i) => i);
    while (pending.length > 0) {
      const outcome = await this.attempt(pending.map((i) => calls[i]!));
      if (outcome.kind === 'done') {
        outcome.results.forEach((r, j) => (results[pending[j]!] = 'error' in r ? { ok: false, error: r.error } : { ok: true, value: r.value }));
        break;
      }
      // The thread was lost while call `culprit` ran: that call fails, the others run again.
      const culprit = pending[outcome.index];
      if (culprit === undefined) {
        pending.forEach((i) => (results[i] = { ok: false, error: outcome.reason }));
        break;
      }
      results[culprit] = { ok: false, error: outcome.reason };
      pending = pending.filter((i) => i !== culprit);
    }
    return results.map((r) => r ?? { ok: false, error: 'not run' });
  }

  private attempt(calls: SandboxCall[]): Promise<{ kind: 'done'; results: SandboxReply['results'] } | { kind: 'lost'; index: number; reason: string }> {
    const thread = this.thread ?? this.start();
    const progress = this.progress;
    const id = this.nextId++;
    return new Promise((resolve) => {
      let lastSeq = -1;
      let settled = false;
      const finish = (v: Parameters<typeof resolve>[0]) => {
        if (settled) return;
        settled = true;
        clearInterval(watchdog);
        thread.off('message', onMessage);
        thread.off('error', onError);
        thread.off('exit', onExit);
        resolve(v);
      };
      const lose = (reason: string) => {
        const index = Atomics.load(progress, 0) - 1;
        if (this.thread === thread) this.thread = undefined;
        void thread.terminate();
        finish({ kind: 'lost', index, reason });
      };
      const onMessage = (m: SandboxReply) => {
        if (m.id === id) finish({ kind: 'done', results: m.results });
      };
      const onError = (err: Error) => {
        const oom = (err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
        lose(oom ? 'ran out of memory' : `crashed: ${err.message}`);
      };
      const onExit = (code: number) => lose(`its thread exited (code ${code})`);
      // A call still running at two ticks in a row has had at least the whole budget.
      const watchdog = setInterval(() => {
        const seq = Atomics.load(progress, 1);
        if (Atomics.load(progress, 0) !== 0 && seq === lastSeq) lose(`ran longer than ${this.budgetMs} ms`);
        lastSeq = seq;
      }, this.budgetMs);
      thread.on('message', onMessage);
      thread.on('error', onError);
      thread.on('exit', onExit);
      thread.postMessage({ id, calls } satisfies SandboxRequest);
    });
  }
}
