import { LRUCache } from 'lru-cache';

/**
 * Reads that many events repeat (collaborators, membership, repo labels) are kept for a short
 * TTL; reads pinned to a commit SHA (OWNERS at a SHA, changed files of a head SHA) never change
 * and are kept until evicted. Concurrent identical reads share one request.
 */
export class ReadCache {
  private readonly entries: LRUCache<string, { value: Promise<unknown> }>;

  constructor(opts: { max?: number; ttlMs?: number } = {}) {
    this.entries = new LRUCache({ max: opts.max ?? 10_000, ttl: opts.ttlMs ?? 60_000, ttlAutopurge: false });
  }

  /** `immutable`: the key names a commit SHA, so the value can never go stale. */
  get<T>(key: string, load: () => Promise<T>, opts: { immutable?: boolean } = {}): Promise<T> {
    const found = this.entries.get(key);
    if (found) return found.value as Promise<T>;
    const value = load();
    this.entries.set(key, { value }, opts.immutable ? { ttl: 0 } : undefined);
    // A failed read is not remembered.
    value.catch(() => this.entries.delete(key));
    return value;
  }
}
