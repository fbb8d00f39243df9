import { randomBytes } from 'node:crypto';
import { codecServerFromSettings, startCodecServer, type CodecServer } from './codec-server.js';
import { dataConverter } from './connect.js';
import { freePort } from './ports.js';
import { EncryptionCodec, parseKeys } from './encryption-codec.js';

const UI = 'http://localhost:8233';
const codec = new EncryptionCodec(parseKeys(randomBytes(32).toString('base64')));
let server: CodecServer;
beforeAll(async () => {
  server = await startCodecServer({ codec, port: 0, origins: [UI, 'http://127.0.0.1:8233/'] });
});
afterAll(async () => {
  await server.close();
});

const b64 = (s: string) => Buffer.from(s).toString('base64');
const jsonPayload = (value: unknown) => ({ metadata: { encoding: b64('json/plain') }, data: b64(JSON.stringify(value)) });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(server.url.replace(/\/codec$/, path), { method: 'POST', headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers }, body: JSON.stringify(body) });

test('listens on loopback at /codec by default', () => {
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/codec$/);
});

test('encode then decode over HTTP gives back the payload; the encoded one is ciphertext', async () => {
  const res = await post('/codec/encode', { payloads: [jsonPayload({ body: '/lgtm secret' })] }, { origin: UI });
  expect(res.status).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe(UI);
  const { payloads: sealed } = (await res.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
  expect(Buffer.from(sealed[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
  expect(Buffer.from(sealed[0]!.data, 'base64').toString('latin1')).not.toContain('secret');

  const opened = await post('/codec/decode', { payloads: sealed }, { origin: 'http://127.0.0.1:8233' });
  expect(opened.status).toBe(200);
  expect(await opened.json()).toEqual({ payloads: [jsonPayload({ body: '/lgtm secret' })] });
});

test('a payload the keys cannot open is left as it is; the rest of the page still decodes', async () => {
  const other = new EncryptionCodec(parseKeys(randomBytes(32).toString('base64')));
  const [foreign] = await other.encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"x"') }]);
  const foreignJson = { metadata: Object.fromEntries(Object.entries(foreign!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])), data: Buffer.from(foreign!.data!).toString('base64') };
  const [ours] = (await (await post('/codec/encode', { payloads: [jsonPayload('mine')] })).json() as { payloads: unknown[] }).payloads;
  const res = await post('/codec/decode', { payloads: [foreignJson, ours] });
  expect(await res.json()).toEqual({ payloads: [foreignJson, jsonPayload('mine')] });
});

test('the Web UI’s preflight is answered for its origin; other origins get nothing decoded', async () => {
  const pre = await fetch(server.url + '/decode', {
    method: 'OPTIONS',
    headers: { origin: UI, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace', 'access-control-request-private-network': 'true' },
  });
  expect(pre.status).toBe(204);
  expect(pre.headers.get('access-control-allow-origin')).toBe(UI);
  expect(pre.headers.get('access-control-allow-headers')).toContain('x-namespace');
  expect(pre.headers.get('access-control-allow-private-network')).toBe('true');

  const [sealed] = (await (await post('/codec/encode', { payloads: [jsonPayload('private')] })).json() as { payloads: unknown[] }).payloads;
  // A page elsewhere (or one that rebinds its own name to 127.0.0.1) sends its own Origin.
  for (const origin of ['http://evil.example', 'http://evil.example:8233', 'null']) {
    const res = await post('/codec/decode', { payloads: [sealed] }, { origin });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(await res.text()).not.toContain(b64(JSON.stringify('private')));
  }
  expect((await fetch(server.url + '/decode', { method: 'OPTIONS', headers: { origin: 'http://evil.example' } })).status).toBe(403);
});

test('wrong paths, methods and bodies are refused with a reason', async () => {
  expect((await post('/decode', { payloads: [] })).status).toBe(404);
  expect((await fetch(server.url + '/decode')).status).toBe(405);
  const notJson = await fetch(server.url + '/decode', { method: 'POST', body: 'nope' });
  expect([notJson.status, await notJson.text()]).toEqual([400, 'body is not JSON']);
  const shape = await post('/codec/decode', { payload: [] });
  expect([shape.status, await shape.text()]).toEqual([400, 'body must be {"payloads": [...]}']);
  const bad = await post('/codec/decode', { payloads: [{ metadata: { encoding: 5 } }] });
  expect(bad.status).toBe(400);
  expect(await post('/codec/decode', { payloads: [] }).then((r) => r.json())).toEqual({ payloads: [] });
});

test('an oversized body is refused', async () => {
  const small = await startCodecServer({ codec, port: 0, origins: [], maxBodyBytes: 1024 });
  try {
    const res = await fetch(small.url + '/decode', { method: 'POST', body: JSON.stringify({ payloads: [jsonPayload('x'.repeat(2000))] }) });
    expect(res.status).toBe(413);
  } finally {
    await small.close();
  }
});

test('from settings: off by default; needs a payload key; serves the listed origins', async () => {
  const settings = { COXSWAIN_CODEC_PORT: 0, COXSWAIN_CODEC_HOST: '127.0.0.1', COXSWAIN_CODEC_ORIGINS: 'http://ui.internal:8080, http://localhost:8080' };
  const converter = dataConverter({ COXSWAIN_PAYLOAD_KEY: randomBytes(32).toString('base64') });
  expect(await codecServerFromSettings(settings, converter)).toBeUndefined();
  await expect(codecServerFromSettings({ ...settings, COXSWAIN_CODEC_PORT: 1 }, undefined)).rejects.toThrow('COXSWAIN_CODEC_PORT is set but there is nothing to decode: set COXSWAIN_PAYLOAD_KEY');
  const port = await freePort();
  const s = (await codecServerFromSettings({ ...settings, COXSWAIN_CODEC_PORT: port }, converter))!;
  try {
    expect(s.url).toBe(`http://127.0.0.1:${port}/codec`);
    const [sealed] = await converter!.payloadCodecs![0]!.encode([{ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from('"hi"') }]);
    const body = { payloads: [{ metadata: Object.fromEntries(Object.entries(sealed!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])), data: Buffer.from(sealed!.data!).toString('base64') }] };
    const res = await fetch(`${s.url}/decode`, { method: 'POST', headers: { origin: 'http://ui.internal:8080' }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ payloads: [jsonPayload('hi')] });
    expect((await fetch(`${s.url}/decode`, { method: 'POST', headers: { origin: 'http://localhost:8233' }, body: JSON.stringify(body) })).status).toBe(403);
  } finally {
    await s.close();
  }
});
