import { collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per process; served at GET /metrics. */
export function createRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'coxswain_' });
  return registry;
}
