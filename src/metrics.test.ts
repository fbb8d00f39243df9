import { Counter, Registry } from 'prom-client';
import { serveMetrics } from './metrics.js';

test('serveMetrics serves the registry at GET /metrics on its own port, and nothing else', async () => {
  const registry = new Registry();
  new Counter({ name: 'coxswain_test_total', help: 'test', registers: [registry] }).inc(3);
  const server = await serveMetrics(registry, 0, '127.0.0.1');
  try {
    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(registry.contentType);
    expect(await res.text()).toMatch(/coxswain_test_total 3/);
    expect((await fetch(`http://127.0.0.1:${server.port}/hook`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
  } finally {
    await server.close();
  }
});

test('serveMetrics fails (does not hang) when its port is taken', async () => {
  const first = await serveMetrics(new Registry(), 0, '127.0.0.1');
  try {
    await expect(serveMetrics(new Registry(), first.port, '127.0.0.1')).rejects.toThrow(/EADDRINUSE/);
  } finally {
    await first.close();
  }
});
