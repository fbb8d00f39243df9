import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

// What the worker's activities count, under Prow's names where one maps (each help text names
// it). Observed in activities only: workflow code is deterministic and replayed, and must not
// touch the process's metrics. Every factory takes these as optional, so tests, benchmarks and
// `coxswain replay` run without a registry.

/** Plugin handling, observed in planEvent (Prow's hook: prow_plugin_handle_duration_seconds, prow_plugin_handle_errors). */
export class PluginMetrics {
  readonly handleSeconds: Histogram<'event_type' | 'took_action'>;
  readonly handleErrors: Counter<'event_type' | 'plugin'>;

  constructor(registry: Registry) {
    this.handleSeconds = new Histogram({
      name: 'coxswain_plugin_handle_duration_seconds',
      help:
        'Time to decide one event with every enabled plugin (facts read from GitHub included), by event type and whether any action came of it. ' +
        "Prow: prow_plugin_handle_duration_seconds, which is per plugin; Coxswain's plugins decide together in one sandbox call, so this is per event",
      labelNames: ['event_type', 'took_action'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 40],
      registers: [registry],
    });
    this.handleErrors = new Counter({
      name: 'coxswain_plugin_handle_errors_total',
      help:
        'Plugins that could not decide on an event (failed, timed out, returned nonsense or lacked a fact), by event type and plugin; plugin "*" is the whole event. ' +
        'Prow: prow_plugin_handle_errors',
      labelNames: ['event_type', 'plugin'],
      registers: [registry],
    });
  }
}

/** Job runs, observed in the job activities (Prow's prowjob_state_transitions, and the pending part of its prowjobs gauge). */
export class JobMetrics {
  readonly transitions: Counter<'job_name' | 'type' | 'org' | 'repo' | 'base_ref' | 'from' | 'state'>;
  readonly running: Gauge<'job_name' | 'type' | 'agent'>;

  constructor(registry: Registry) {
    this.transitions = new Counter({
      name: 'coxswain_prowjob_state_transitions_total',
      help:
        'Job runs entering a state (triggered, pending, success, failure, error, aborted), with the state they left (from) and the repository they test (empty for periodics without refs). ' +
        'Prow: prowjob_state_transitions',
      labelNames: ['job_name', 'type', 'org', 'repo', 'base_ref', 'from', 'state'],
      registers: [registry],
    });
    this.running = new Gauge({
      name: 'coxswain_job_runs_watched',
      help: "Job runs this worker is watching now (started and not yet final), by job, type and agent. Prow: the pending part of the prowjobs gauge (prowjobs{state=\"pending\"}), per worker",
      labelNames: ['job_name', 'type', 'agent'],
      registers: [registry],
    });
  }
}

/** The merge pools, observed in the Tide activities (Prow's Tide: pooledprs, merges, syncdur, tidepoolerrors). */
export class TideMetrics {
  readonly poolSize: Gauge<'org' | 'repo' | 'branch'>;
  readonly merges: Counter<'org' | 'repo' | 'branch' | 'method' | 'result'>;
  readonly syncSeconds: Histogram<'org' | 'repo' | 'branch'>;
  readonly poolErrors: Counter<'org' | 'repo' | 'branch'>;
  readonly actions: Counter<'org' | 'repo' | 'branch' | 'action'>;

  constructor(registry: Registry) {
    this.poolSize = new Gauge({
      name: 'coxswain_tide_pool_size',
      help:
        "Open PRs of the branch that some Tide query selects, as of the pool's last read of GitHub (listPoolPrs; every tide.sync_period). " +
        "Prow: Tide's pooledprs",
      labelNames: ['org', 'repo', 'branch'],
      registers: [registry],
    });
    this.merges = new Counter({
      name: 'coxswain_tide_merges_total',
      help:
        'Merge attempts by the pool, one per PR, by method and result (merged, already_merged, refused, head_moved, error: an attempt that will be retried). ' +
        "Prow: Tide's merges (a histogram of PRs merged together); PRs merged are result=\"merged\"",
      labelNames: ['org', 'repo', 'branch', 'method', 'result'],
      registers: [registry],
    });
    this.syncSeconds = new Histogram({
      name: 'coxswain_tide_sync_duration_seconds',
      help: "Time for a pool to read the branch's open PRs and their statuses from GitHub (listPoolPrs). Prow: Tide's syncdur (a gauge of the last sync loop)",
      labelNames: ['org', 'repo', 'branch'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [registry],
    });
    this.poolErrors = new Counter({
      name: 'coxswain_tide_pool_errors_total',
      help: "Pool syncs that could not read the branch's open PRs (the pool keeps its last picture and retries). Prow: tidepoolerrors",
      labelNames: ['org', 'repo', 'branch'],
      registers: [registry],
    });
    this.actions = new Counter({
      name: 'coxswain_tide_pool_actions_total',
      help: "Pool decisions that changed (MERGE, MERGE_BATCH, TRIGGER, TRIGGER_BATCH, WAIT, BLOCKED), as recorded in the pool's history. Prow: the Action of Tide's pool (no metric of its own)",
      labelNames: ['org', 'repo', 'branch', 'action'],
      registers: [registry],
    });
  }
}

export interface ActivityMetrics {
  plugins: PluginMetrics;
  jobs: JobMetrics;
  tide: TideMetrics;
}

/** Every activity metric, registered in `registry` (once per registry: prom-client refuses a name twice). */
export function createActivityMetrics(registry: Registry): ActivityMetrics {
  return { plugins: new PluginMetrics(registry), jobs: new JobMetrics(registry), tide: new TideMetrics(registry) };
}
