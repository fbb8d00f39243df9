import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { activeRepos, type ActiveRepoSource } from '../../src/config/active-repos.js';
import { buildApp } from '../../src/webhook/app.js';
import { stateQuery } from '../../src/workflows/messages.js';
import { freePort } from '../../src/temporal/ports.js';
import { githubExample } from '../support/fixtures.js';
import { sign } from '../support/sign.js';
import { connectForTest, uniqueRepo, type TestContext } from '../support/temporal.js';

const SECRET = 'test-webhook-secret';
let t: TestContext;
beforeAll(async () => {
  t = await connectForTest();
});
afterAll(async () => {
  await t.close();
});

function commentPayload(owner: string, repo: string, number: number, body: string) {
  const p = githubExample('issue_comment', 'created') as Record<string, any>;
  p.repository.name = repo;
  p.repository.owner.login = owner;
  p.issue.number = number;
  p.issue.pull_request = { url: `https://api.github.com/repos/${owner}/${repo}/pulls/${number}` };
  p.comment.body = body;
  return p;
}

function deliver(
  app: ReturnType<typeof buildApp>,
  body: string,
  opts: { event?: string; delivery?: string; signature?: string; contentType?: string } = {},
) {
  return app.inject({
    method: 'POST',
    url: '/hook',
    headers: {
      'content-type': opts.contentType ?? 'application/json',
      'x-github-event': opts.event ?? 'issue_comment',
      'x-github-delivery': opts.delivery ?? randomUUID(),
      'x-hub-signature-256': opts.signature ?? sign(SECRET, body),
    },
    payload: body,
  });
}

test('a signed delivery reaches the PR workflow; a redelivery is harmless; bad signatures reach nothing', async () => {
  const app = buildApp({ client: t.client, taskQueue: t.taskQueue, webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry() });
  const { owner, repo } = uniqueRepo();
  const worker = await t.newWorker();
  await worker.runUntil(async () => {
    const body = JSON.stringify(commentPayload(owner, repo, 5, '/lgtm'));
    const delivery = randomUUID();
    const first = await deliver(app, body, { delivery });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ workflowIds: [`pr/${owner}/${repo}/5`] });
    expect((await deliver(app, body, { delivery })).statusCode).toBe(200);

    const tampered = body.replace('/lgtm', '/approve');
    expect((await deliver(app, tampered, { signature: sign(SECRET, body) })).statusCode).toBe(401);
    expect((await deliver(app, body, { signature: sign('wrong', body) })).statusCode).toBe(401);

    const handle = t.client.workflow.getHandle(`pr/${owner}/${repo}/5`);
    let state = await handle.query(stateQuery);
    for (let i = 0; i < 100 && state.handled < 1; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await handle.query(stateQuery);
    }
    expect(state.handled).toBe(1);
    expect(state.recentDeliveries).toEqual([delivery]);

    // A tampered delivery for another PR must not have created a workflow at all.
    const other = JSON.stringify(commentPayload(owner, repo, 6, '/hold'));
    expect((await deliver(app, other, { signature: sign('wrong', other) })).statusCode).toBe(401);
    await expect(t.client.workflow.getHandle(`pr/${owner}/${repo}/6`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  });
  await app.close();
});

test('malformed and unknown deliveries get 400 and 202 with a reason; ping gets 200', async () => {
  const app = buildApp({ client: t.client, taskQueue: t.taskQueue, webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry() });
  const notJson = await deliver(app, '{not json');
  expect(notJson.statusCode).toBe(400);
  expect(notJson.json().error).toMatch(/JSON/);
  const missing = await deliver(app, JSON.stringify({ action: 'created', repository: { name: 'r', owner: { login: 'o' } } }));
  expect(missing.statusCode).toBe(400);
  expect(missing.json().error).toMatch(/payload field/);
  expect((await deliver(app, JSON.stringify({ action: 'created' }), { event: 'star' })).statusCode).toBe(202);
  expect((await deliver(app, JSON.stringify({ zen: 'hi' }), { event: 'ping' })).statusCode).toBe(200);
  await app.close();
});

test('when Temporal cannot be reached the hook answers 503, never 2xx', async () => {
  const connection = Connection.lazy({ address: `127.0.0.1:${await freePort()}` });
  const client = new Client({ connection });
  const app = buildApp({ client, taskQueue: 'nowhere', webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry(), signalTimeoutMs: 1500 });
  const { owner, repo } = uniqueRepo();
  const body = JSON.stringify(commentPayload(owner, repo, 1, '/lgtm'));
  const delivery = randomUUID();
  const res = await deliver(app, body, { delivery });
  expect(res.statusCode).toBe(503);
  expect(res.json().error).toMatch(/not stored/);
  // A refused delivery is not remembered as stored: its redelivery is tried again, not waved through.
  expect((await deliver(app, body, { delivery })).statusCode).toBe(503);
  await app.close();
  await connection.close();
});

test('a commit status reaches the open PR whose head is that SHA', async () => {
  const app = buildApp({ client: t.client, taskQueue: t.taskQueue, webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry() });
  const { owner, repo } = uniqueRepo();
  const sha = randomUUID().replace(/-/g, '').padEnd(40, '0');
  const worker = await t.newWorker();
  await worker.runUntil(async () => {
    const pr = githubExample('pull_request', 'opened') as Record<string, any>;
    pr.repository.name = repo;
    pr.repository.owner.login = owner;
    pr.pull_request.number = 3;
    pr.pull_request.head.sha = sha;
    expect((await deliver(app, JSON.stringify(pr), { event: 'pull_request' })).statusCode).toBe(200);

    const status = githubExample('status') as Record<string, any>;
    status.repository.name = repo;
    status.repository.owner.login = owner;
    status.sha = sha;
    status.context = 'pull-hello-unit';
    status.state = 'failure';
    // The PR's head SHA becomes searchable once its workflow has handled the opened event.
    let res = await deliver(app, JSON.stringify(status), { event: 'status' });
    for (let i = 0; i < 100 && res.statusCode === 202; i++) {
      await new Promise((r) => setTimeout(r, 100));
      res = await deliver(app, JSON.stringify(status), { event: 'status' });
    }
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ workflowIds: [`pr/${owner}/${repo}/3`] });
    const handle = t.client.workflow.getHandle(`pr/${owner}/${repo}/3`);
    let state = await handle.query(stateQuery);
    for (let i = 0; i < 100 && !state.contexts['pull-hello-unit']; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = await handle.query(stateQuery);
    }
    expect(state.contexts['pull-hello-unit']).toMatchObject({ state: 'failure' });
  });
  await app.close();
});

test('size, content type, readiness and metrics', async () => {
  const registry = new Registry();
  const app = buildApp({ client: t.client, taskQueue: t.taskQueue, webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry });
  const huge = JSON.stringify({ pad: 'x'.repeat(25 * 1024 * 1024) });
  expect((await deliver(app, huge)).statusCode).toBe(413);
  const form = 'payload=%7B%7D';
  const formRes = await deliver(app, form, { contentType: 'application/x-www-form-urlencoded' });
  expect(formRes.statusCode).toBe(415);
  expect(formRes.json().error).toMatch(/application\/json/);
  expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  await deliver(app, JSON.stringify({ zen: 'hi' }), { event: 'ping' });
  // Metrics are served on a port of their own (serveMetrics), not by the public app.
  expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(404);
  const text = await registry.metrics();
  expect(text).toMatch(/coxswain_webhook_deliveries_total\{event="ping",outcome="ping"\} 1/);
  expect(text).toMatch(/coxswain_webhook_deliveries_total\{event="issue_comment",outcome="invalid"\} 1/);
  await app.close();
});

test('logs never contain the webhook secret or signatures', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'trace' }, { write: (l: string) => lines.push(l) });
  const app = buildApp({ client: t.client, taskQueue: t.taskQueue, webhookSecret: SECRET, logger, registry: new Registry() });
  const body = JSON.stringify(commentPayload('acme', 'secrets', 1, '/lgtm'));
  const goodSig = sign(SECRET, body);
  await deliver(app, body, { signature: sign('wrong', body) });
  await deliver(app, '{bad', {});
  await app.close();
  expect(lines.length).toBeGreaterThan(0);
  const all = lines.join('\n');
  expect(all).not.toContain(SECRET);
  expect(all).not.toContain(goodSig.slice(7));
  expect(all).not.toContain(sign('wrong', body).slice(7));
});

test('a redelivery after the PR workflow ended is answered as a duplicate and starts nothing', async () => {
  const app = buildApp({ client: t.client, taskQueue: t.taskQueue, webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry() });
  const { owner, repo } = uniqueRepo();
  const handle = t.client.workflow.getHandle(`pr/${owner}/${repo}/7`);
  const body = JSON.stringify(commentPayload(owner, repo, 7, '/hold'));
  const delivery = randomUUID();
  expect((await deliver(app, body, { delivery })).statusCode).toBe(200);
  const { runId } = await handle.describe();
  await handle.terminate('the PR workflow ended');

  const again = await deliver(app, body, { delivery });
  expect(again.statusCode).toBe(200);
  expect(again.json()).toEqual({ duplicate: true });
  const after = await handle.describe();
  expect(after.runId).toBe(runId);
  expect(after.status.name).toBe('TERMINATED');

  // Without the window, the same signal-with-start would have started a new run: a new delivery does.
  expect((await deliver(app, body)).statusCode).toBe(200);
  expect((await handle.describe()).runId).not.toBe(runId);
  await handle.terminate('done');
  await app.close();
});

test('events for a repository the configuration has nothing for start no workflow', async () => {
  const { owner, repo } = uniqueRepo();
  const loaded = {
    config: { presubmits: {}, postsubmits: {} },
    plugins: { plugins: { [`${owner}/${repo}`]: { plugins: ['hold'] } } },
  } as unknown as ActiveRepoSource;
  const app = buildApp({
    client: t.client,
    taskQueue: t.taskQueue,
    webhookSecret: SECRET,
    logger: pino({ level: 'silent' }),
    registry: new Registry(),
    isRepoActive: activeRepos(() => loaded),
  });
  const quiet = await deliver(app, JSON.stringify(commentPayload(owner, `${repo}-other`, 1, '/hold')));
  expect(quiet.statusCode).toBe(202);
  await expect(t.client.workflow.getHandle(`pr/${owner}/${repo}-other/1`).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
  const active = await deliver(app, JSON.stringify(commentPayload(owner, repo, 1, '/hold')));
  expect(active.json()).toEqual({ workflowIds: [`pr/${owner}/${repo}/1`] });
  await t.client.workflow.getHandle(`pr/${owner}/${repo}/1`).terminate('done');
  await app.close();
});
