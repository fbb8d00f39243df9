import { DefaultLogger, makeTelemetryFilterString, Runtime, type RuntimeOptions } from '@temporalio/worker';

export interface RuntimeSettings {
  /** false: leave Ctrl-C to the caller (npm start stops the hook, the worker and Temporal in order). */
  handleSignals?: boolean;
  /**
   * The SDK's own Prometheus endpoint (TEMPORAL_METRICS_PORT): workflow and activity task
   * latencies, polls, slots, sticky cache, as `temporal_*` at GET /metrics on this port. 0 or
   * unset: none.
   */
  metricsPort?: number;
}

/**
 * The options of the SDK's runtime, with Coxswain's log level: the SDK's own logs at WARN unless
 * LOG_LEVEL asks for debug or trace. SDK metrics use seconds, as Coxswain's own metrics do.
 */
export function runtimeOptions(logLevel: string, opts: RuntimeSettings = {}): RuntimeOptions {
  const verbose = logLevel === 'debug' || logLevel === 'trace';
  return {
    logger: new DefaultLogger(verbose ? 'DEBUG' : 'WARN'),
    ...(opts.handleSignals === false ? { shutdownSignals: [] } : {}),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: verbose ? 'DEBUG' : 'WARN' }) },
      ...(opts.metricsPort ? { metrics: { prometheus: { bindAddress: `0.0.0.0:${opts.metricsPort}`, useSecondsForDurations: true } } } : {}),
    },
  };
}

/**
 * Installs the Temporal SDK's process-wide runtime. The SDK allows this once per process, before
 * any NativeConnection or Worker: the worker's and npm start's entry points call it, nothing else.
 */
export function installRuntime(logLevel: string, opts: RuntimeSettings = {}): void {
  Runtime.install(runtimeOptions(logLevel, opts));
}
