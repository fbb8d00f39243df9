import { rng } from './prng.js';

describe('deterministic PRNG', () => {
  it('gives the same sequence for the same seed', () => {
    const a = rng(42);
    const b = rng(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('gives different sequences for different seeds', () => {
    expect(rng(1).perm(10)).not.toEqual(rng(2).perm(10));
  });

  it.each([1, 2, 7, 100])('intn(%i) stays in range', (n) => {
    const r = rng(9);
    for (let i = 0; i < 200; i++) {
      const v = r.intn(n);
      expect(Number.isInteger(v) && v >= 0 && v < n).toBe(true);
    }
  });

  it('perm is a permutation', () => {
    expect([...rng(5).perm(12)].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(rng(5).perm(0)).toEqual([]);
  });

  it('refuses a non-positive bound', () => {
    expect(() => rng(1).intn(0)).toThrow('positive bound');
  });
});
