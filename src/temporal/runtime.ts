import { DefaultLogger, makeTelemetryFilterString, Runtime } from '@temporalio/worker';

/**
 * The Temporal SDK's process-wide runtime, with Coxswain's log level: the SDK's own logs at WARN
 * unless LOG_LEVEL asks for debug or trace. `handleSignals: false` leaves Ctrl-C to the caller
 * (npm start stops the hook, the worker and Temporal in order).
 */
export function installRuntime(logLevel: string, opts: { handleSignals?: boolean } = {}): void {
  const verbose = logLevel === 'debug' || logLevel === 'trace';
  Runtime.install({
    logger: new DefaultLogger(verbose ? 'DEBUG' : 'WARN'),
    ...(opts.handleSignals === false ? { shutdownSignals: [] } : {}),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: verbose ? 'DEBUG' : 'WARN' }) } },
  });
}
