import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { freePort } from '../../src/temporal/ports.js';
import { buildApp } from '../../src/webhook/app.js';
import { createWorker } from '../../src/worker/create-worker.js';
import { stateQuery } from '../../src/workflows/messages.js';
import { githubExample } from '../support/fixtures.js';
import { startGithubSim } from '@coxswain/github-sim/server.js';
import { activityDeps } from '../support/github.js';
import { sign } from '../support/sign.js';
import { bundlePath } from '../support/temporal.js';

const SECRET = 's3cret';

test('Temporal stopped mid-run: the hook answers 503, then accepts the redelivery once Temporal is back; nothing is lost', async () => {
  const port = await freePort();
  const dbFile = join(process.env.COXSWAIN_TEST_DIR!, `outage-${randomUUID()}.db`);
  const start = async () =>
    startDevServer({ cliPath: process.env.COXSWAIN_TEST_TEMPORAL_CLI!, port, uiPort: await freePort(), dbFile });
  let server = await start();
  // The hook's connection is lazy and outlives the outage, as in production.
  const connection = Connection.lazy({ address: server.address });
  const client = new Client({ connection });
  const app = buildApp({ client, taskQueue: 'outage', webhookSecret: SECRET, logger: pino({ level: 'silent' }), registry: new Registry(), signalTimeoutMs: 2000 });
  const payload = (n: number) => {
    const p = githubExample('issue_comment', 'created') as Record<string, any>;
    p.repository.owner.login = 'acme';
    p.repository.name = 'outage';
    p.issue.number = n;
    p.issue.pull_request = { url: 'x' };
    p.comment.body = `/hold ${n}`;
    return JSON.stringify(p);
  };
  const deliver = (body: string, delivery: string) =>
    app.inject({
      method: 'POST',
      url: '/hook',
      headers: { 'content-type': 'application/json', 'x-github-event': 'issue_comment', 'x-github-delivery': delivery, 'x-hub-signature-256': sign(SECRET, body) },
      payload: body,
    });

  try {
    expect((await deliver(payload(1), 'before-outage')).statusCode).toBe(200);
    await server.stop();
    const during = await deliver(payload(1), 'during-outage');
    expect(during.statusCode).toBe(503);

    server = await start();
    // GitHub's redelivery carries the same delivery ID.
    let again = await deliver(payload(1), 'during-outage');
    for (let i = 0; i < 20 && again.statusCode === 503; i++) again = await deliver(payload(1), 'during-outage');
    expect(again.statusCode).toBe(200);

    const native = await NativeConnection.connect({ address: server.address });
    const github = await startGithubSim({ seed: null });
    const worker = await createWorker({ connection: native, namespace: 'default', taskQueue: 'outage', deps: activityDeps({ baseUrl: github.url }), workflowBundle: { codePath: bundlePath() } });
    await worker.runUntil(async () => {
      const handle = client.workflow.getHandle('pr/acme/outage/1');
      let state = await handle.query(stateQuery);
      for (let i = 0; i < 100 && state.handled < 2; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = await handle.query(stateQuery);
      }
      expect(state.recentDeliveries).toEqual(['before-outage', 'during-outage']);
    });
    await native.close();
    await github.close();
  } finally {
    await app.close();
    await connection.close();
    await server.stop();
  }
});
