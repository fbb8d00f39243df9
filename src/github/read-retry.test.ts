import { createServer, type Server } from 'node:http';
import { Octokit } from '@octokit/rest';
import { retryReads } from './read-retry.js';

// A real HTTP server answers from a script per path: what a read or a write meets when GitHub
// has a bad moment.

let server: Server;
let url = '';
const script = new Map<string, number[]>();
const hits = new Map<string, number>();
beforeAll(async () => {
  server = createServer((req, res) => {
    const key = `${req.method} ${req.url}`;
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const status = script.get(key)?.shift() ?? 200;
    if (status === 0) return req.socket.destroy(); // no answer at all
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(status < 300 ? { number: 1 } : { message: `status ${status}` }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});
afterAll(() => new Promise((r) => server.close(r)));
beforeEach(() => {
  script.clear();
  hits.clear();
});

function client(retries = 2) {
  const waits: number[] = [];
  const octokit = new Octokit({ baseUrl: url, log: { debug() {}, info() {}, warn() {}, error() {} } });
  retryReads(octokit, { retries, doNotRetry: [404, 422], sleep: async (ms) => void waits.push(ms) });
  return { octokit, waits };
}

const GET = 'GET /repos/o/r/issues/1';
const POST = 'POST /repos/o/r/issues/1/labels';

test('a read answered 502 and then not at all is tried again, waiting 1 s then 4 s', async () => {
  script.set(GET, [502, 0, 200]);
  const { octokit, waits } = client();
  const { data } = await octokit.rest.issues.get({ owner: 'o', repo: 'r', issue_number: 1 });
  expect(data).toEqual({ number: 1 });
  expect(hits.get(GET)).toBe(3);
  expect(waits).toEqual([1000, 4000]);
});

test('a read that keeps failing gives up after its retries with the last answer', async () => {
  script.set(GET, [503, 503, 503, 200]);
  const { octokit } = client(2);
  await expect(octokit.rest.issues.get({ owner: 'o', repo: 'r', issue_number: 1 })).rejects.toMatchObject({ status: 503 });
  expect(hits.get(GET)).toBe(3);
});

test('an answer another try cannot change is not tried again', async () => {
  script.set(GET, [404]);
  const { octokit, waits } = client();
  await expect(octokit.rest.issues.get({ owner: 'o', repo: 'r', issue_number: 1 })).rejects.toMatchObject({ status: 404 });
  expect(hits.get(GET)).toBe(1);
  expect(waits).toEqual([]);
});

test('a write answered 502 is not sent again (GitHub may have done it)', async () => {
  script.set(POST, [502, 200]);
  const { octokit } = client();
  await expect(octokit.rest.issues.addLabels({ owner: 'o', repo: 'r', issue_number: 1, labels: ['x'] })).rejects.toMatchObject({ status: 502 });
  expect(hits.get(POST)).toBe(1);
});
