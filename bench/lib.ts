// Small helpers shared by the benchmarks: a bounded-concurrency load loop and percentiles.

export interface LoadResult {
  count: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<number, number>;
}

/** Runs `n` requests with at most `concurrency` in flight; records latency (ms) and status. */
export async function runLoad(n: number, concurrency: number, request: (i: number) => Promise<number>): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t0 = performance.now();
        const status = await request(i);
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { count: n, seconds, perSecond: n / seconds, p50: pct(latencies, 0.5), p99: pct(latencies, 0.99), statuses };
}

export function pct(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function envInt(name: string, def: number): number {
  const v = process.env[name];
  return v ? Number(v) : def;
}

export function fmt(n: number, digits = 1): string {
  return n.toFixed(digits);
}
