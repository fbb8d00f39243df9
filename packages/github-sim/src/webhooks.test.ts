import { createHmac, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { simGet, simPost, startSim, type Sim } from '../test/harness.js';
import { testScenario } from '../test/scenario.js';

// Webhooks as GitHub sends them, checked by a tiny receiver: signed with HMAC-SHA256 over the exact
// body, a UUID delivery ID, GitHub-shaped payloads, the receiver's status reported back, and
// redelivery with the same ID and bytes. REST writes by the bot come back as webhooks too.

const SECRET = 'sim-secret';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Received {
  headers: Record<string, string | string[] | undefined>;
  raw: string;
  payload: Record<string, any>;
}

let receiver: FastifyInstance;
let received: Received[];
let answers: number[];
let sim: Sim;

beforeEach(async () => {
  received = [];
  answers = [];
  receiver = Fastify();
  receiver.removeAllContentTypeParsers();
  receiver.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  receiver.post('/hook', async (req, reply) => {
    const raw = String(req.body);
    received.push({ headers: req.headers, raw, payload: JSON.parse(raw) });
    return reply.code(answers.shift() ?? 200).send({ ok: true });
  });
  await receiver.listen({ port: 0, host: '127.0.0.1' });
  const addr = receiver.server.address();
  const port = addr && typeof addr === 'object' ? addr.port : 0;
  sim = await startSim(testScenario(), { webhook: { url: `http://127.0.0.1:${port}/hook`, secret: SECRET } });
});

afterEach(async () => {
  await sim.close();
  await receiver.close();
});

function signatureOk(r: Received): boolean {
  const expected = Buffer.from(`sha256=${createHmac('sha256', SECRET).update(r.raw).digest('hex')}`);
  const got = Buffer.from(String(r.headers['x-hub-signature-256']));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

const repo = 'acme/widgets';

describe('webhooks', () => {
  it('sends a signed issue_comment.created shaped like GitHub, and reports the receiver status', async () => {
    const res = await simPost(sim.url, '/_sim/actions/comment', { repo, number: 1, user: 'alice', body: '/lgtm' });
    expect(res.status).toBe(200);
    expect(received).toHaveLength(1);
    const [hook] = received as [Received];
    expect(signatureOk(hook)).toBe(true);
    expect(hook.headers['x-github-event']).toBe('issue_comment');
    expect(hook.headers['x-github-delivery']).toMatch(UUID);
    expect(hook.headers['content-type']).toBe('application/json');
    expect(res.body).toMatchObject({ delivery: hook.headers['x-github-delivery'], status: 200, id: hook.payload.comment.id });
    expect(hook.payload).toMatchObject({
      action: 'created',
      sender: { login: 'alice' },
      repository: { name: 'widgets', full_name: 'acme/widgets', owner: { login: 'acme' } },
      issue: { number: 1, title: 'Add widgets', state: 'open', user: { login: 'frank' }, labels: [{ name: 'kind/bug' }], assignees: [{ login: 'bob' }] },
      comment: { body: '/lgtm', user: { login: 'alice' }, created_at: expect.stringMatching(/Z$/) },
    });
    expect(hook.payload.issue.pull_request).toBeDefined();
  });

  it('reports a 503 and redelivers the same bytes under the same delivery ID', async () => {
    answers.push(503);
    const first = await simPost(sim.url, '/_sim/actions/label', { repo, number: 1, user: 'alice', label: 'lgtm' });
    expect(first.body.status).toBe(503);
    const list = await simGet<Array<{ id: string; status: number; event: string; action: string }>>(sim.url, '/_sim/deliveries');
    expect(list).toEqual([expect.objectContaining({ id: first.body.delivery, status: 503, event: 'pull_request', action: 'labeled' })]);
    const again = await simPost(sim.url, `/_sim/deliveries/${String(first.body.delivery)}/redeliver`, {});
    expect(again.body).toMatchObject({ delivery: first.body.delivery, status: 200 });
    expect(received).toHaveLength(2);
    expect(received[1]?.headers['x-github-delivery']).toBe(first.body.delivery);
    expect(received[1]?.raw).toBe(received[0]?.raw);
    expect(signatureOk(received[1] as Received)).toBe(true);
  });

  it('echoes REST writes by the bot as webhooks with the bot as sender', async () => {
    await sim.octokit('bot-token').rest.issues.addLabels({ owner: 'acme', repo: 'widgets', issue_number: 1, labels: ['lgtm'] });
    await simGet(sim.url, '/_sim/deliveries'); // waits until queued deliveries are out
    expect(received.map((r) => `${String(r.headers['x-github-event'])}.${r.payload.action}`)).toEqual(['pull_request.labeled']);
    expect(received[0]?.payload).toMatchObject({ sender: { login: 'bot', type: 'Bot' }, label: { name: 'lgtm' }, pull_request: { number: 1 } });
  });

  it('stops echoing REST writes when echoApiWrites is off, but still sends actions', async () => {
    await simPost(sim.url, '/_sim/webhook', { echoApiWrites: false });
    await sim.octokit().rest.issues.createComment({ owner: 'acme', repo: 'widgets', issue_number: 4, body: 'quiet' });
    await simPost(sim.url, '/_sim/actions/comment', { repo, number: 4, user: 'frank', body: 'loud' });
    expect(received.map((r) => r.payload.comment.body)).toEqual(['loud']);
    expect(received[0]?.payload.issue.pull_request).toBeUndefined();
  });

  it('sends review, push, status and issue events with their GitHub fields', async () => {
    const review = await simPost(sim.url, '/_sim/actions/review', { repo, number: 1, user: 'dave', state: 'approve', body: 'ok' });
    expect(review.body.status).toBe(200);
    const push = await simPost(sim.url, '/_sim/actions/push', { repo, number: 1 });
    await simPost(sim.url, '/_sim/actions/status', { repo, number: 1, context: 'ci/test', state: 'failure', user: 'bot' });
    await simPost(sim.url, '/_sim/actions/open-issue', { repo, user: 'frank', title: 'New bug' });
    const [r1, r2, r3, r4] = received;
    expect(r1?.headers['x-github-event']).toBe('pull_request_review');
    expect(r1?.payload).toMatchObject({ action: 'submitted', review: { state: 'approved', body: 'ok', user: { login: 'dave' } }, pull_request: { number: 1 } });
    expect(r2?.payload).toMatchObject({ action: 'synchronize', after: push.body.head_sha, pull_request: { head: { sha: push.body.head_sha, ref: 'widgets' }, base: { ref: 'main' } } });
    expect(r2?.payload.before).not.toBe(r2?.payload.after);
    expect(r3?.headers['x-github-event']).toBe('status');
    expect(r3?.payload).toMatchObject({ sha: push.body.head_sha, context: 'ci/test', state: 'failure', sender: { login: 'bot' } });
    expect(r4?.headers['x-github-event']).toBe('issues');
    expect(r4?.payload).toMatchObject({ action: 'opened', issue: { number: 5, title: 'New bug', user: { login: 'frank' } } });
  });

  it('reports an unreachable receiver as status null with the reason', async () => {
    await simPost(sim.url, '/_sim/webhook', { url: 'http://127.0.0.1:1/hook' });
    const res = await simPost(sim.url, '/_sim/actions/close', { repo, number: 4, user: 'frank' });
    expect(res.body.status).toBeNull();
    expect(res.body.deliveries).toEqual([expect.objectContaining({ event: 'issues', action: 'closed', status: null, error: expect.any(String) })]);
  });
});
