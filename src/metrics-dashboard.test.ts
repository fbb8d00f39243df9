import { readFileSync } from 'node:fs';
import { createActivityMetrics } from './activities/metrics.js';
import { GithubMetrics } from './github/metrics.js';
import { createRegistry } from './metrics.js';
import { HookMetrics } from './webhook/metrics.js';

// The Grafana dashboard (deploy/grafana/coxswain-dashboard.json) names only metrics Coxswain
// registers or the Temporal SDK exports, so a renamed metric cannot leave a panel silently empty.

interface Panel {
  type: string;
  title: string;
  datasource?: { type?: string; uid?: string };
  targets?: Array<{ expr: string; datasource?: { uid?: string } }>;
  panels?: Panel[];
}
const dashboard = JSON.parse(readFileSync(new URL('../deploy/grafana/coxswain-dashboard.json', import.meta.url), 'utf8')) as {
  panels: Panel[];
  templating: { list: Array<{ name: string; type: string; query: string }> };
};
const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr })));

/** Every metric a process of Coxswain registers: default process metrics, hook, GitHub calls, activities. */
function registered(): Map<string, string> {
  const registry = createRegistry();
  new HookMetrics(registry);
  new GithubMetrics(registry);
  createActivityMetrics(registry);
  return new Map(registry.getMetricsAsArray().map((m) => [m.name, String(m.type)]));
}

/**
 * The Temporal SDK's metrics (Prometheus exporter, prefix temporal_, durations in seconds) as the
 * worker exports them: counters without _total, histograms with _bucket/_sum/_count.
 */
const TEMPORAL: Record<string, 'counter' | 'gauge' | 'histogram'> = {
  temporal_workflow_task_schedule_to_start_latency: 'histogram',
  temporal_workflow_task_execution_latency: 'histogram',
  temporal_workflow_task_replay_latency: 'histogram',
  temporal_workflow_endtoend_latency: 'histogram',
  temporal_activity_schedule_to_start_latency: 'histogram',
  temporal_activity_execution_latency: 'histogram',
  temporal_activity_succeed_endtoend_latency: 'histogram',
  temporal_local_activity_execution_latency: 'histogram',
  temporal_request_latency: 'histogram',
  temporal_long_request_latency: 'histogram',
  temporal_activity_execution_failed: 'counter',
  temporal_workflow_task_execution_failed: 'counter',
  temporal_workflow_completed: 'counter',
  temporal_workflow_failed: 'counter',
  temporal_workflow_task_queue_poll_succeed: 'counter',
  temporal_request: 'counter',
  temporal_worker_task_slots_available: 'gauge',
  temporal_worker_task_slots_used: 'gauge',
  temporal_sticky_cache_size: 'gauge',
  temporal_num_pollers: 'gauge',
};

/** A series name as a PromQL expression uses it, resolved to its metric (histogram parts to the histogram). */
function resolve(series: string, known: Map<string, string>): string | undefined {
  if (known.has(series)) return series;
  const m = /^(.*)_(bucket|sum|count)$/.exec(series);
  const base = m?.[1];
  const type = base === undefined ? undefined : known.get(base);
  return type === 'histogram' || type === 'summary' ? base : undefined;
}

test('every metric the dashboard queries is one Coxswain registers or the Temporal SDK exports', () => {
  const known = new Map([...registered(), ...Object.entries(TEMPORAL)]);
  const unknown: string[] = [];
  const used = new Set<string>();
  for (const { panel, expr } of exprs) {
    const names = expr.match(/\b(?:coxswain|temporal)_[A-Za-z0-9_]+/g) ?? [];
    if (names.length === 0) unknown.push(`${panel}: no Coxswain or Temporal metric in ${expr}`);
    for (const n of names) {
      const metric = resolve(n, known);
      if (metric) used.add(metric);
      else unknown.push(`${panel}: ${n}`);
    }
  }
  expect(unknown).toEqual([]);
  // The panels the dashboard promises, each backed by its metric.
  for (const name of [
    'coxswain_webhook_deliveries_total',
    'coxswain_webhook_signal_seconds',
    'coxswain_plugin_handle_duration_seconds',
    'coxswain_plugin_handle_errors_total',
    'coxswain_prowjob_state_transitions_total',
    'coxswain_tide_pool_size',
    'coxswain_tide_merges_total',
    'coxswain_tide_sync_duration_seconds',
    'coxswain_github_api_calls_total',
    'coxswain_github_rate_limit_remaining',
    'temporal_workflow_task_execution_latency',
    'temporal_activity_execution_latency',
  ]) {
    expect([name, used.has(name)]).toEqual([name, true]);
  }
});

test('the histogram quantiles read buckets, and rates read counters', () => {
  const known = new Map([...registered(), ...Object.entries(TEMPORAL)]);
  for (const { panel, expr } of exprs) {
    for (const [, series] of expr.matchAll(/histogram_quantile\([^,]+,\s*sum by \([^)]*\) \(rate\(([A-Za-z0-9_]+)/g)) {
      expect([panel, series!.endsWith('_bucket') && known.get(series!.replace(/_bucket$/, ''))]).toEqual([panel, 'histogram']);
    }
    for (const [, series] of expr.matchAll(/\b(?:rate|increase)\(([A-Za-z0-9_]+)[{[]/g)) {
      const metric = resolve(series!, known);
      expect([panel, series!.endsWith('_bucket') || known.get(metric ?? '') === 'counter']).toEqual([panel, true]);
    }
  }
});

test('every panel reads the Prometheus data source the dashboard asks for', () => {
  expect(dashboard.templating.list).toContainEqual(expect.objectContaining({ name: 'datasource', type: 'datasource', query: 'prometheus' }));
  expect(panels.length).toBeGreaterThan(0);
  for (const p of panels) {
    expect([p.title, p.datasource?.uid]).toEqual([p.title, '${datasource}']);
    for (const t of p.targets ?? []) expect([p.title, t.datasource?.uid]).toEqual([p.title, '${datasource}']);
  }
});
