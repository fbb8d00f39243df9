import { readSettings, SettingsError } from './settings.js';

test('METRICS_PORT: 9463 by default; 0 or "off" turn the metrics server off; nonsense is refused', () => {
  expect(readSettings({}).METRICS_PORT).toBe(9463);
  expect(readSettings({ METRICS_PORT: '9100' }).METRICS_PORT).toBe(9100);
  expect(readSettings({ METRICS_PORT: '0' }).METRICS_PORT).toBe(0);
  expect(readSettings({ METRICS_PORT: 'off' }).METRICS_PORT).toBe(0);
  expect(readSettings({ METRICS_PORT: 'OFF' }).METRICS_PORT).toBe(0);
  expect(() => readSettings({ METRICS_PORT: 'nine' })).toThrow(SettingsError);
  expect(() => readSettings({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
});

test('WEBHOOK_MAX_IN_FLIGHT: 64 by default, at least 1', () => {
  expect(readSettings({}).WEBHOOK_MAX_IN_FLIGHT).toBe(64);
  expect(readSettings({ WEBHOOK_MAX_IN_FLIGHT: '8' }).WEBHOOK_MAX_IN_FLIGHT).toBe(8);
  expect(() => readSettings({ WEBHOOK_MAX_IN_FLIGHT: '0' })).toThrow(/WEBHOOK_MAX_IN_FLIGHT/);
});
