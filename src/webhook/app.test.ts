import { createHmac, randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import type { Client } from '@temporalio/client';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { githubExample } from '../../test/support/fixtures.js';
import { buildApp, type AppDeps } from './app.js';

// The hook's intake against a stand-in Temporal client whose signals the test holds, fails or
// lets through: admission, ordering of checks, the delivery window, the repo filter. The real
// client is exercised in test/integration/webhook.int.test.ts.

const SECRET = 'unit-secret';
const sign = (body: Buffer | string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

type Mode = 'accept' | 'hold' | 'refuse';
function stubTemporal() {
  const signals: string[] = [];
  const held: Array<() => void> = [];
  const waiting: Array<{ n: number; resolve: () => void }> = [];
  const state = { mode: 'accept' as Mode };
  const client = {
    withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn(),
    workflow: {
      signalWithStart: (_type: string, opts: { workflowId: string }) =>
        new Promise<void>((resolve, reject) => {
          signals.push(opts.workflowId);
          for (const w of waiting.filter((x) => signals.length >= x.n)) w.resolve();
          if (state.mode === 'accept') resolve();
          else if (state.mode === 'refuse') reject(new Error('Temporal is down'));
          else held.push(resolve);
        }),
      // eslint-disable-next-line require-yield
      list: async function* () {
        signals.push('list');
      },
    },
  } as unknown as Client;
  return {
    client,
    signals,
    state,
    /** Resolves once `n` signals have reached Temporal (held or not). */
    signalsReached: (n: number) => new Promise<void>((resolve) => (signals.length >= n ? resolve() : waiting.push({ n, resolve }))),
    releaseAll: () => held.splice(0).forEach((r) => r()),
  };
}

function makeApp(overrides: Partial<AppDeps> = {}) {
  const temporal = stubTemporal();
  const registry = new Registry();
  const app = buildApp({ client: temporal.client, taskQueue: 'q', webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry, ...overrides });
  return { app, temporal, registry };
}

function comment(owner = 'acme', repo = 'web', number = 1) {
  const p = githubExample('issue_comment', 'created') as Record<string, any>;
  p.repository.name = repo;
  p.repository.owner.login = owner;
  p.issue.number = number;
  p.issue.pull_request = { url: `https://api.github.com/repos/${owner}/${repo}/pulls/${number}` };
  p.comment.body = '/lgtm';
  return JSON.stringify(p);
}

type Headers = Record<string, string | undefined>;
function deliver(app: ReturnType<typeof buildApp>, body: Buffer | string, headers: Headers = {}) {
  const all: Headers = {
    'content-type': 'application/json',
    'x-github-event': 'issue_comment',
    'x-github-delivery': randomUUID(),
    'x-hub-signature-256': sign(body),
    ...headers,
  };
  return app.inject({ method: 'POST', url: '/hook', headers: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<string, string>, payload: body });
}

async function metricsText(registry: Registry) {
  return registry.metrics();
}

describe('the signature', () => {
  test('is checked over the bytes as sent, not over their UTF-8 decoding', async () => {
    const { app } = makeApp();
    // {"zen":"<0xff>"}: not UTF-8, signed over its bytes (as GitHub signs whatever it sends).
    const signed = Buffer.concat([Buffer.from('{"zen":"'), Buffer.from([0xff]), Buffer.from('"}')]);
    expect((await deliver(app, signed, { 'x-github-event': 'ping' })).statusCode).toBe(200);
    // Another invalid byte decodes to the same text; a signature over that text must not pass.
    const other = Buffer.from(signed);
    other[8] = 0xfe;
    const overDecodedText = sign(other.toString('utf8'));
    expect((await deliver(app, other, { 'x-github-event': 'ping', 'x-hub-signature-256': overDecodedText })).statusCode).toBe(401);
    await app.close();
  });

  test('comes before the content type, the headers and the JSON', async () => {
    const { app, temporal } = makeApp();
    const bad = sign('something else');
    const cases: Headers[] = [
      { 'x-hub-signature-256': bad, 'content-type': 'application/x-www-form-urlencoded' },
      { 'x-hub-signature-256': bad, 'x-github-event': undefined },
      { 'x-hub-signature-256': bad, 'x-github-delivery': undefined },
      { 'x-hub-signature-256': bad, 'x-github-event': 'ping' },
      { 'x-hub-signature-256': undefined, 'content-type': 'text/plain' },
    ];
    for (const headers of cases) expect((await deliver(app, '{not json', headers)).statusCode).toBe(401);
    expect(temporal.signals).toEqual([]);
    await app.close();
  });

  test('unsigned event names never become metric labels', async () => {
    const { app, registry } = makeApp();
    for (let i = 0; i < 20; i++) await deliver(app, '{}', { 'x-github-event': `evil_${i}`, 'x-hub-signature-256': sign('{}', 'wrong') });
    const text = await metricsText(registry);
    expect(text).toMatch(/coxswain_webhook_deliveries_total\{event="unknown",outcome="bad_signature"\} 20/);
    expect(text).not.toMatch(/evil_/);
    // Prow's prow_webhook_response_codes: every answer counted by its status.
    expect(text).toMatch(/coxswain_webhook_response_codes_total\{code="401"\} 20/);
    await app.close();
  });
});

describe('admission', () => {
  test('at most maxInFlight deliveries at once; more are refused unread with 503 and Retry-After, and the slots come back', async () => {
    const { app, temporal, registry } = makeApp({ limits: { maxInFlight: 2, retryAfterSeconds: 7 } });
    temporal.state.mode = 'hold';
    const first = deliver(app, comment('acme', 'web', 1));
    const second = deliver(app, comment('acme', 'web', 2));
    await temporal.signalsReached(2);
    const third = await deliver(app, comment('acme', 'web', 3));
    expect(third.statusCode).toBe(503);
    expect(third.headers['retry-after']).toBe('7');
    expect(third.json().error).toMatch(/too many deliveries in flight/);
    expect(temporal.signals).toHaveLength(2);
    expect(await metricsText(registry)).toMatch(/coxswain_webhook_in_flight 2/);

    temporal.releaseAll();
    expect((await first).statusCode).toBe(200);
    expect((await second).statusCode).toBe(200);
    temporal.state.mode = 'accept';
    // The refused one is redelivered and now accepted: nothing lost.
    expect((await deliver(app, comment('acme', 'web', 3))).statusCode).toBe(200);
    const text = await metricsText(registry);
    expect(text).toMatch(/outcome="busy"\} 1/);
    expect(text).toMatch(/coxswain_webhook_in_flight 0/);
    await app.close();
  });

  test('declared bytes in flight are bounded too', async () => {
    const body = comment();
    const { app, temporal } = makeApp({ limits: { maxInFlight: 10, maxBytesInFlight: Buffer.byteLength(body) + 10 } });
    temporal.state.mode = 'hold';
    const first = deliver(app, body);
    await temporal.signalsReached(1);
    expect((await deliver(app, comment('acme', 'web', 2))).statusCode).toBe(503);
    temporal.releaseAll();
    expect((await first).statusCode).toBe(200);
    await app.close();
  });

  test('requests refused before the handler (too large, bad length) give their slot back', async () => {
    const { app } = makeApp({ limits: { maxInFlight: 1, maxBodyBytes: 100 } });
    for (let i = 0; i < 3; i++) expect((await deliver(app, JSON.stringify({ pad: 'x'.repeat(200) }))).statusCode).toBe(413);
    expect((await deliver(app, '{}', { 'x-github-event': 'ping' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('the delivery window', () => {
  test('a redelivery of an accepted delivery is answered 200 duplicate without a signal', async () => {
    const { app, temporal, registry } = makeApp();
    const body = comment();
    const delivery = randomUUID();
    expect((await deliver(app, body, { 'x-github-delivery': delivery })).json()).toEqual({ workflowIds: ['pr/acme/web/1'] });
    const again = await deliver(app, body, { 'x-github-delivery': delivery });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ duplicate: true });
    expect(temporal.signals).toEqual(['pr/acme/web/1']);
    expect(await metricsText(registry)).toMatch(/event="issue_comment",outcome="duplicate"\} 1/);
    await app.close();
  });

  test('a delivery Temporal refused is not recorded: its redelivery is signalled', async () => {
    const { app, temporal } = makeApp();
    const body = comment();
    const delivery = randomUUID();
    temporal.state.mode = 'refuse';
    expect((await deliver(app, body, { 'x-github-delivery': delivery })).statusCode).toBe(503);
    temporal.state.mode = 'accept';
    const again = await deliver(app, body, { 'x-github-delivery': delivery });
    expect(again.json()).toEqual({ workflowIds: ['pr/acme/web/1'] });
    expect(temporal.signals).toEqual(['pr/acme/web/1', 'pr/acme/web/1']);
    await app.close();
  });

  test('is bounded: a delivery pushed out of the window is signalled again', async () => {
    const { app, temporal } = makeApp({ deliveryWindow: { max: 2 } });
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    for (const id of ids) await deliver(app, comment(), { 'x-github-delivery': id });
    expect((await deliver(app, comment(), { 'x-github-delivery': ids[2] })).json()).toEqual({ duplicate: true });
    expect((await deliver(app, comment(), { 'x-github-delivery': ids[0] })).statusCode).toBe(200);
    expect(temporal.signals).toHaveLength(4);
    await app.close();
  });
});

describe('repositories the configuration has nothing for', () => {
  test('are answered 202 and reach no workflow; others are signalled', async () => {
    const asked: string[] = [];
    const { app, temporal } = makeApp({ isRepoActive: (o, r) => (asked.push(`${o}/${r}`), o === 'acme' && r === 'web') });
    const quiet = await deliver(app, comment('acme', 'other'));
    expect(quiet.statusCode).toBe(202);
    expect(quiet.json().ignored).toMatch(/acme\/other/);
    const status = githubExample('status') as Record<string, any>;
    status.repository.owner.login = 'acme';
    status.repository.name = 'other';
    expect((await deliver(app, JSON.stringify(status), { 'x-github-event': 'status' })).statusCode).toBe(202);
    expect(temporal.signals).toEqual([]);
    expect((await deliver(app, comment('acme', 'web'))).statusCode).toBe(200);
    expect(temporal.signals).toEqual(['pr/acme/web/1']);
    expect(asked).toContain('acme/other');
    await app.close();
  });
});

test('an unexpected failure in the hook is answered 503 (redeliverable), not 500', async () => {
  const { app, registry } = makeApp({
    isRepoActive: () => {
      throw new Error('boom');
    },
  });
  const res = await deliver(app, comment());
  expect(res.statusCode).toBe(503);
  expect(res.json().error).toMatch(/internal error/);
  expect(await metricsText(registry)).toMatch(/outcome="error"\} 1/);
  await app.close();
});

test('/metrics is not served beside the public webhook', async () => {
  const { app } = makeApp();
  expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  await app.close();
});

describe('on a real socket', () => {
  function rawConnect(port: number): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
      s.once('error', reject);
    });
  }
  const closed = (s: Socket) => new Promise<string>((resolve) => {
    let got = '';
    s.on('data', (d) => (got += d.toString()));
    s.once('close', () => resolve(got));
  });

  test('a client that never finishes its headers is cut off with 408', async () => {
    const { app } = makeApp({ limits: { headersTimeoutMs: 200, requestTimeoutMs: 300 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const s = await rawConnect((app.server.address() as { port: number }).port);
    const answer = closed(s);
    s.write('POST /hook HTTP/1.1\r\nHost: x\r\nX-GitHub-Event: ping\r\n');
    expect(await answer).toMatch(/^HTTP\/1\.1 408/);
    await app.close();
  });

  test('a client that stops sending its body is cut off, and its slot comes back', async () => {
    const { app } = makeApp({ limits: { maxInFlight: 1, headersTimeoutMs: 200, requestTimeoutMs: 300 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as { port: number }).port;
    const s = await rawConnect(port);
    const answer = closed(s);
    s.write('POST /hook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":');
    await answer;
    // The slot is free again: a whole delivery gets in.
    const body = '{"zen":"hi"}';
    const res = await fetch(`http://127.0.0.1:${port}/hook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'ping', 'x-github-delivery': 'd', 'x-hub-signature-256': sign(body) },
      body,
    });
    expect(res.status).toBe(200);
    await app.close();
  });
});

describe('job logs behind the statuses Details links', () => {
  const logs: Record<string, string> = { 'local/default/pull-unit-123': 'ok\n<script>x</script>' };
  const jobLog = async (w: { agent: string; namespace: string; runName: string }) => logs[`${w.agent}/${w.namespace}/${w.runName}`];

  it('serves a run it knows as plain text that a browser will not sniff', async () => {
    const { app } = makeApp({ jobLog });
    const res = await app.inject({ method: 'GET', url: '/jobs/local/default/pull-unit-123/log' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.body).toBe(logs['local/default/pull-unit-123']);
  });

  it.each(['/jobs/local/default/other-1/log', '/jobs/jenkins/default/pull-unit-123/log', '/jobs/local/..%2F..%2Fetc/passwd/log', '/jobs/local/Default/pull-unit-123/log'])(
    '%s is 404 (unknown run, unknown agent, names that are not Kubernetes names)',
    async (url) => {
      const seen: string[] = [];
      const { app } = makeApp({ jobLog: async (w) => (seen.push(w.runName), undefined) });
      expect((await app.inject({ method: 'GET', url })).statusCode).toBe(404);
      if (!url.includes('other-1')) expect(seen).toEqual([]);
    },
  );

  it('is not served without a log reader', async () => {
    const { app } = makeApp();
    expect((await app.inject({ method: 'GET', url: '/jobs/local/default/pull-unit-123/log' })).statusCode).toBe(404);
  });
});
