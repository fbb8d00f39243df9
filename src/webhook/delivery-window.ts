import { LRUCache } from 'lru-cache';

export interface DeliveryWindowOptions {
  /** Most deliveries remembered; the oldest are forgotten first. */
  max?: number;
  /** How long a delivery is remembered (GitHub lets a delivery be redelivered for 3 days). */
  ttlMs?: number;
  /** A clock for tests. */
  now?: () => number;
}

export const DEFAULT_DELIVERY_WINDOW = { max: 100_000, ttlMs: 72 * 3600 * 1000 } as const;

/**
 * The delivery IDs Temporal accepted recently. A PR's workflow drops repeats of the deliveries it
 * has seen, but a redelivery that arrives after that workflow ended would start a new one and act
 * again: this window answers it in the hook. Bounded in entries (about 100 bytes each) and age.
 */
export class DeliveryWindow {
  private readonly seen: LRUCache<string, true>;

  constructor(opts: DeliveryWindowOptions = {}) {
    const clock = opts.now;
    this.seen = new LRUCache<string, true>({
      max: opts.max ?? DEFAULT_DELIVERY_WINDOW.max,
      ttl: opts.ttlMs ?? DEFAULT_DELIVERY_WINDOW.ttlMs,
      ...(clock ? { perf: { now: clock }, ttlResolution: 0 } : {}),
    });
  }

  has(delivery: string): boolean {
    return this.seen.has(delivery);
  }

  /** Call only once Temporal has accepted the delivery: a refused one must stay redeliverable. */
  add(delivery: string): void {
    this.seen.set(delivery, true);
  }

  get size(): number {
    return this.seen.size;
  }
}
