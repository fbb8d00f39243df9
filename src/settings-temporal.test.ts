import { describeSettings, readSettings, SettingsError } from './settings.js';

// Temporal's connection variables: read as Temporal's environment configuration names them, and
// described at start without printing an API key, a private key or a payload key.

test('secrets are described only as set; TLS as on, on with mTLS, or off', () => {
  const s = readSettings({
    TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
    TEMPORAL_API_KEY: 'api-key-value-1234',
    TEMPORAL_TLS_CLIENT_CERT_DATA: '-----BEGIN CERTIFICATE-----cert-body',
    TEMPORAL_TLS_CLIENT_KEY_DATA: '-----BEGIN PRIVATE KEY-----key-body',
    COXSWAIN_PAYLOAD_KEY: 'cGF5bG9hZC1rZXktdmFsdWU=',
  });
  const described = describeSettings(s);
  const text = JSON.stringify(described);
  for (const secret of ['api-key-value-1234', 'cert-body', 'key-body', 'cGF5bG9hZC1rZXktdmFsdWU=']) expect(text).not.toContain(secret);
  expect(described).toMatchObject({ temporalApiKey: '(set)', temporalTls: 'on, mTLS', payloadEncryption: '(on)' });

  expect(describeSettings(readSettings({ TEMPORAL_ADDRESS: 't:7233', TEMPORAL_API_KEY: 'k' })).temporalTls).toBe('on');
  expect(describeSettings(readSettings({ TEMPORAL_ADDRESS: 't:7233', TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'False' })).temporalTls).toBe('off');
  expect(describeSettings(readSettings({ TEMPORAL_ADDRESS: 't:7233' })).temporalTls).toBe('off');
  // npm start's own dev server is plaintext whatever the TLS variables say.
  expect(describeSettings(readSettings({ TEMPORAL_API_KEY: 'k' })).temporalTls).toBe('off (embedded dev server)');
});

test('TEMPORAL_TLS takes true/false in any case and refuses anything else by name', () => {
  expect(readSettings({ TEMPORAL_TLS: 'TRUE' }).TEMPORAL_TLS).toBe('true');
  expect(readSettings({ TEMPORAL_TLS: '' }).TEMPORAL_TLS).toBeUndefined();
  expect(() => readSettings({ TEMPORAL_TLS: 'maybe' })).toThrow(SettingsError);
  expect(() => readSettings({ TEMPORAL_TLS: 'maybe' })).toThrow('TEMPORAL_TLS: TEMPORAL_TLS must be true or false');
});

test('TEMPORAL_METRICS_PORT: off by default; a port turns the SDK metrics on; 0 or "off" keep them off', () => {
  expect(readSettings({}).TEMPORAL_METRICS_PORT).toBe(0);
  expect(readSettings({ TEMPORAL_METRICS_PORT: '9465' }).TEMPORAL_METRICS_PORT).toBe(9465);
  expect(readSettings({ TEMPORAL_METRICS_PORT: 'off' }).TEMPORAL_METRICS_PORT).toBe(0);
  expect(() => readSettings({ TEMPORAL_METRICS_PORT: 'yes' })).toThrow(/TEMPORAL_METRICS_PORT/);
  expect(() => readSettings({ TEMPORAL_METRICS_PORT: '70000' })).toThrow(SettingsError);
});
