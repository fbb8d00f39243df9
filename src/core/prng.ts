// A small deterministic pseudo-random generator for decisions that Prow makes at random
// (blunderbuss's reviewer picks, approve's shuffled approver suggestions). Plugins run inside
// Temporal workflows, so the same seed must give the same sequence on every replay: seed it from
// the PR number. (Prow uses Go's math/rand; the sequences differ, the distribution is the same.)
// Pure: no I/O, no Math.random().

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n); n must be > 0. */
  intn(n: number): number;
  /** A random permutation of 0..n-1 (like Go's rand.Perm). */
  perm(n: number): number[];
}

/** mulberry32: 32-bit state, good enough spread for picking people from short lists. */
export function rng(seed: number): Rng {
  let state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const intn = (n: number): number => {
    if (!(n > 0)) throw new Error(`intn needs a positive bound, got ${n}`);
    return Math.floor(next() * n);
  };
  const perm = (n: number): number[] => {
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = intn(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  };
  return { next, intn, perm };
}
