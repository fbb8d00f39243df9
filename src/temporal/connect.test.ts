import { randomBytes } from 'node:crypto';
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

test('TEMPORAL_TLS=true alone gives TLS with the system roots; a server name alone turns TLS on too', () => {
  expect(connectOptions('t:7233', { TEMPORAL_TLS: 'true' })).toEqual({ address: 't:7233', tls: {} });
  expect(connectOptions('t:7233', { TEMPORAL_TLS: 'TRUE' })).toEqual({ address: 't:7233', tls: {} });
  expect(connectOptions('t:7233', { TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' })).toEqual({ address: 't:7233', tls: { serverNameOverride: 'temporal.internal' } });
  expect(connectOptions('t:7233', { TEMPORAL_TLS: 'false' })).toEqual({ address: 't:7233', tls: false });
  // Empty (`TEMPORAL_TLS=` in a .env file, or the CLI's raw environment) means not set.
  expect(connectOptions('t:7233', { TEMPORAL_TLS: '', TEMPORAL_API_KEY: '' })).toEqual({ address: 't:7233' });
});

// What the SDK itself does with the same options: an API key without a word about TLS turns TLS on
// in both the client (grpc-js) and the worker (Rust core); Coxswain's TEMPORAL_TLS=false is passed
// as tls: false, which both honour (plaintext, the key still sent), as Temporal's CLI does.
test('the SDK reads these options the same way in the client and in the worker', async () => {
  const { toNativeClientOptions } = await import('@temporalio/worker/lib/connection-options.js');
  const { Connection } = await import('@temporalio/client');
  const native = (env: Parameters<typeof connectOptions>[1]) => toNativeClientOptions(connectOptions('t.example:7233', env));
  const secure = async (env: Parameters<typeof connectOptions>[1]) => {
    const c = Connection.lazy(clientConnectionOptions(connectOptions('t.example:7233', env)));
    try {
      const creds = c.options.credentials as unknown as { _isSecure(): boolean };
      return { secure: creds._isSecure(), serverName: c.options.channelArgs['grpc.ssl_target_name_override'] };
    } finally {
      await c.close();
    }
  };

  expect(native({ TEMPORAL_API_KEY: 'k' })).toMatchObject({ targetUrl: 'https://t.example:7233', apiKey: 'k', tls: { domain: null, serverRootCaCert: null, clientTlsOptions: null } });
  expect(await secure({ TEMPORAL_API_KEY: 'k' })).toEqual({ secure: true, serverName: undefined });
  expect(native({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' })).toMatchObject({ targetUrl: 'http://t.example:7233', apiKey: 'k', tls: null });
  expect(await secure({ TEMPORAL_API_KEY: 'k', TEMPORAL_TLS: 'false' })).toEqual({ secure: false, serverName: undefined });
  expect(native({})).toMatchObject({ targetUrl: 'http://t.example:7233', apiKey: null, tls: null });
  expect(await secure({})).toEqual({ secure: false, serverName: undefined });
  expect(await secure({ TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' })).toEqual({ secure: true, serverName: 'temporal.internal' });

  const crt = file('n.crt', 'CERT');
  const o = native({ TEMPORAL_TLS_CLIENT_CERT_PATH: crt, TEMPORAL_TLS_CLIENT_KEY_DATA: 'KEY', TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'CA', TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' });
  expect(o.targetUrl).toBe('https://t.example:7233');
  expect(o.tls).toEqual({ domain: 'temporal.internal', serverRootCaCert: Buffer.from('CA'), clientTlsOptions: { clientCert: Buffer.from('CERT'), clientPrivateKey: Buffer.from('KEY') } });
});

test('mTLS from files or inline data, with the server name and CA', () => {
  const crt = file('c.pem', 'CERT');
  const key = file('k.pem', 'KEY');
  const o = connectOptions('t:7233', { TEMPORAL_TLS_CLIENT_CERT_PATH: crt, TEMPORAL_TLS_CLIENT_KEY_PATH: key, TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'CA', TEMPORAL_TLS_SERVER_NAME: 'temporal.internal' });
  expect(o.tls).toEqual({ serverNameOverride: 'temporal.internal', serverRootCACertificate: Buffer.from('CA'), clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') } });
});

test('a key file holds one key a line (the first encrypts); what one key encrypts the file decrypts', async () => {
  const [a, b] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
  const fromFile = dataConverter({ COXSWAIN_PAYLOAD_KEY_FILE: file('keys', `${b}\n${a}\n`) })!;
  const fromVar = dataConverter({ COXSWAIN_PAYLOAD_KEY: a })!;
  const payload = { metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') };
  const [sealed] = await fromVar.payloadCodecs![0]!.encode([payload]);
  expect(Buffer.from((await fromFile.payloadCodecs![0]!.decode([sealed!]))[0]!.data!).toString()).toBe('"x"');
});

test('mistakes name the variable and what to do', () => {
  expect(() => connectOptions('t:1', { TEMPORAL_TLS_CLIENT_CERT_PATH: '/nope/c.pem', TEMPORAL_TLS_CLIENT_KEY_DATA: 'k' })).toThrow('TEMPORAL_TLS_CLIENT_CERT_PATH: cannot read /nope/c.pem: ENOENT');
  expect(() => connectOptions('t:1', { TEMPORAL_TLS_CLIENT_CERT_DATA: 'c' })).toThrow('mTLS needs both TEMPORAL_TLS_CLIENT_CERT_* and TEMPORAL_TLS_CLIENT_KEY_*');
  expect(() => connectOptions('t:1', { TEMPORAL_TLS_SERVER_CA_CERT_DATA: 'a', TEMPORAL_TLS_SERVER_CA_CERT_PATH: 'b' })).toThrow('set only one of TEMPORAL_TLS_SERVER_CA_CERT_DATA and TEMPORAL_TLS_SERVER_CA_CERT_PATH');
  expect(() => connectOptions('t:1', { TEMPORAL_TLS_CLIENT_KEY_PATH: join(dir, 'missing.key'), TEMPORAL_TLS_CLIENT_CERT_DATA: 'c' })).toThrow(`TEMPORAL_TLS_CLIENT_KEY_PATH: cannot read ${join(dir, 'missing.key')}: ENOENT`);
  expect(() => connectOptions('t:1', { TEMPORAL_TLS_SERVER_CA_CERT_PATH: dir })).toThrow(`TEMPORAL_TLS_SERVER_CA_CERT_PATH: cannot read ${dir}: EISDIR`);
  expect(() => connectOptions('t:1', { TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true' })).toThrow(TemporalConnectionError);
  expect(() => connectOptions('t:1', { TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'true' })).toThrow('TEMPORAL_TLS_DISABLE_HOST_VERIFICATION is not supported');
  expect(connectOptions('t:1', { TEMPORAL_TLS_DISABLE_HOST_VERIFICATION: 'false' })).toEqual({ address: 't:1' });
  expect(() => connectOptions('t:1', { TEMPORAL_TLS: 'maybe' })).toThrow('TEMPORAL_TLS must be true or false, not "maybe"');
  expect(() => dataConverter({ COXSWAIN_PAYLOAD_KEY_FILE: join(dir, 'no.key') })).toThrow(`COXSWAIN_PAYLOAD_KEY_FILE: cannot read ${join(dir, 'no.key')}: ENOENT`);
  expect(() => dataConverter({ COXSWAIN_PAYLOAD_KEY_FILE: file('k1', 'x'), COXSWAIN_PAYLOAD_KEY: 'y' })).toThrow('set only one of COXSWAIN_PAYLOAD_KEY and COXSWAIN_PAYLOAD_KEY_FILE');
  expect(() => dataConverter({ COXSWAIN_PAYLOAD_KEY: 'c2hvcnQ=' })).toThrow('COXSWAIN_PAYLOAD_KEY: payload key 1 is 5 bytes after base64 decoding; it must be 32');
  expect(() => dataConverter({ COXSWAIN_PAYLOAD_KEY: ' , ' })).toThrow('COXSWAIN_PAYLOAD_KEY: no payload key given');
  expect(() => dataConverter({ COXSWAIN_PAYLOAD_KEY_FILE: file('bad-keys', `${randomBytes(32).toString('base64')}\n${randomBytes(32).toString('hex')}\n`) })).toThrow(/^COXSWAIN_PAYLOAD_KEY_FILE \(.*bad-keys\): payload key 2 is 48 bytes/);
});

test('docker-compose publishes Temporal’s frontend and Web UI on loopback only; only the webhook is public', () => {
  const compose = parse(readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8')) as { services: Record<string, { ports?: string[] }> };
  const published = Object.entries(compose.services).flatMap(([name, svc]) => (svc.ports ?? []).map((p) => [name, String(p)] as const));
  for (const [name, port] of published) {
    if (name.startsWith('coxswain-hook')) continue;
    expect(`${name} ${port}`).toMatch(/ 127\.0\.0\.1:/);
  }
  expect(published.map(([n]) => n)).toEqual(expect.arrayContaining(['temporal', 'temporal-ui']));
  expect(published).toContainEqual(['coxswain-hook', '8888:8888']);
});
