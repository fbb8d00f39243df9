import { runtimeOptions } from './runtime.js';

// The runtime's options (installing it is once per process, so the options are what is tested).

test('SDK metrics are off unless a port is given; then Prometheus on that port, durations in seconds', () => {
  expect(runtimeOptions('info').telemetryOptions?.metrics).toBeUndefined();
  expect(runtimeOptions('info', { metricsPort: 0 }).telemetryOptions?.metrics).toBeUndefined();
  expect(runtimeOptions('info', { metricsPort: 9465 }).telemetryOptions?.metrics).toEqual({ prometheus: { bindAddress: '0.0.0.0:9465', useSecondsForDurations: true } });
});

test('the SDK logs at WARN unless LOG_LEVEL is debug or trace; signals are left to the caller when asked', () => {
  expect(runtimeOptions('info').telemetryOptions?.logging).toEqual({ filter: expect.stringContaining('temporalio_sdk_core=WARN') });
  expect(runtimeOptions('debug').telemetryOptions?.logging).toEqual({ filter: expect.stringContaining('temporalio_sdk_core=DEBUG') });
  expect(runtimeOptions('info').shutdownSignals).toBeUndefined();
  expect(runtimeOptions('info', { handleSignals: false }).shutdownSignals).toEqual([]);
});
