import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { pino } from 'pino';
import { GithubClients } from './clients.js';

// A GitHub App's installation client is kept per repository; a 401 from it (the App was
// reinstalled or its token revoked) must make the next call look the installation up again.

let server: Server;
let url = '';
const seen: string[] = [];
let refuseNext = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/repos/o/r/installation') return json(200, { id: 7 });
    if (req.url === '/app/installations/7/access_tokens') return json(201, { token: `t${seen.length}`, expires_at: new Date(Date.now() + 3600_000).toISOString() });
    if (req.url?.startsWith('/repos/o/r/labels')) {
      if (refuseNext > 0) {
        refuseNext--;
        return json(401, { message: 'Bad credentials' });
      }
      return json(200, []);
    }
    json(404, { message: 'Not Found' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise((r) => server.close(r)));

test('after a 401 the installation is looked up again; otherwise it is kept', async () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const clients = new GithubClients({ baseUrl: url, auth: { appId: '1', privateKey }, log: pino({ level: 'silent' }), writeIntervalMs: 0 });
  const lookups = () => seen.filter((s) => s === 'GET /repos/o/r/installation').length;

  await (await clients.forRepo('o', 'r')).rest.issues.listLabelsForRepo({ owner: 'o', repo: 'r' });
  await (await clients.forRepo('o', 'r')).rest.issues.listLabelsForRepo({ owner: 'o', repo: 'r' });
  expect(lookups()).toBe(1);

  // auth-app itself retries a 401 with a fresh token a few times; a 401 that persists reaches us.
  refuseNext = 1000;
  await expect((await clients.forRepo('o', 'r')).rest.issues.listLabelsForRepo({ owner: 'o', repo: 'r' })).rejects.toMatchObject({ status: 401 });
  refuseNext = 0;
  await (await clients.forRepo('o', 'r')).rest.issues.listLabelsForRepo({ owner: 'o', repo: 'r' });
  expect(lookups()).toBe(2);
});
