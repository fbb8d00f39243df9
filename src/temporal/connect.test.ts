import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { clientConnectionOptions, connectOptions, dataConverter, TemporalConnectionError } from './connect.js';

const dir = mkdtempSync(join(tmpdir(), 'coxswain-tls-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

test('no variables: plaintext, nothing else (the dev server)', () => {
  expect(connectOptions('127.0.0.1:7233', {})).toEqual({ address: '127.0.0.1:7233' });
  expect(dataConverter({})).toBeUndefined();
});

test('an API key turns TLS on (as Temporal Cloud needs) unless TEMPORAL_TLS=false says otherwise', () => {
  expect(connectOptions('ns.acct.tmprl.cloud:7233', { TEMPORAL_API_KEY: 'k' })).toEqual({ address: 'ns.acct.tmprl.cloud:7233', tls: {}, apiKey: 'k' });
  expect(connectOptions('127.0.0.1:7233', { TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' })).toEqual({ address: '127.0.0.1:7233', tls: false, apiKey: 'k' });
  expect(clientConnectionOptions(connectOptions('a:1', { TEMPORAL_API_KEY: 'k' }))).toEqual({ address: 'a:1', tls: {}, apiKey: 'k' });
});

test('mTLS from files or inline data, with the server name and CA', () => {
  const crt = file('c.pem', 'CERT');
  const key = file('k.pem', 'KEY');
  const o = connectOptions('t:7233', { TEMPORAL_TLS_CLIENT_CERT_PATH: crt, TEMPORAL_TLS_CLIENT_KEY_PATH: key, TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'CA', TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' });
  expect(o.tls).toEqual({ serverNameOverride: 'temporal.internal', serverRootCACertificate: Buffer.from('CA'), clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') } });
});

test('mistakes name the variable and what to do', () => {
  expect(() => connectOptions('t:1', { TEMPORAL_TLS_CLIENT_CERT_PATH: '/nope/c.pem', TEMPORAL_TLS_CLIENT_KEY_DATA: 'k' })).toThrow('TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read /nope/c.pem: ENOENT');
  expect(() => connectOptions('t:1', { TEMPORAL_TLS_CLIENT_CERT_DATA: 'c' })).toThrow('mTLS needs both TEMPORAL_TLS_CLIENT_CERT_* and TEMPORAL_TLS_CLIENT_KEY_*');
  expect(() => connectOptions('t:1', { TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'a', TEMPORAL_TLS_SERVER_CA_CERT_PATH: 'b' })).toThrow('set only one of TEMPORAL_TLS_SERVER_CA_CERT_DATA and TEMPORAL_TLS_SERVER_CA_CERT_PATH');
  expect(() => connectOptions('t:1', { TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true' })).toThrow(TemporalConnectionError);
  expect(() => dataConverter({ COXSWAIN_PAYLOAD_KEY: 'c2hvcnQ=' })).toThrow('payload key 1 is 5 bytes after base64 decoding; it must be 32');
});

test('docker-compose publishes Temporal’s frontend and Web UI on loopback only; only the webhook is public', () => {
  const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as { services: Record<string, { ports?: string[] }> };
  const published = Object.entries(compose.services).flatMap(([name, svc]) => (svc.ports ?? []).map((p) => [name, String(p)] as const));
  for (const [name, port] of published) {
    if (name.startsWith('coxswain-hook')) continue;
    expect(`${name} ${port}`).toMatch(/ 127\.0\.0\.1:/);
  }
  expect(published.map(([n]) => n)).toEqual(expect.arrayContaining(['temporal', 'temporal-ui']));
});
