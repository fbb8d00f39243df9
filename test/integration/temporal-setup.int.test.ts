import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client, Connection, WorkflowIdConflictPolicy } from '@temporalio/client';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { ensureNamespaceAndSearchAttributes } from '../../src/temporal/namespace-setup.js';
import { freePort, PortInUseError } from '../../src/temporal/ports.js';
import { githubEventSignal, prWorkflowId, stateQuery } from '../../src/workflows/messages.js';
import { prWorkflow } from '../../src/workflows/pr.js';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/workflows/search-attributes.js';
import { prEvent } from '../support/events.js';
import { connectForTest, testAddress } from '../support/temporal.js';

test('on a Temporal it did not start, Coxswain creates a missing namespace and its search attributes, once', async () => {
  const connection = await Connection.connect({ address: testAddress() });
  try {
    const namespace = `ns-${randomUUID().slice(0, 8)}`;
    const first = await ensureNamespaceAndSearchAttributes(connection, namespace);
    expect(first.createdNamespace).toBe(true);
    expect(first.createdAttributes.sort()).toEqual(ALL_SEARCH_ATTRIBUTES.map((k) => k.name).sort());
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    for (const k of ALL_SEARCH_ATTRIBUTES) expect(Object.keys(customAttributes)).toContain(k.name);

    const again = await ensureNamespaceAndSearchAttributes(connection, namespace);
    expect(again).toEqual({ createdNamespace: false, createdAttributes: [] });
  } finally {
    await connection.close();
  }
});

test('the dev server refuses a port in use and names the variable that moves it', async () => {
  const blocker = createServer();
  const port = await freePort();
  await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r));
  try {
    const attempt = startDevServer({
      cliPath: process.env.COXSWAIN_TEST_TEMPORAL_CLI!,
      port,
      uiPort: await freePort(),
      dbFile: join(process.env.COXSWAIN_TEST_DIR!, 'unused.db'),
    });
    await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
    await expect(attempt).rejects.toThrow(`port ${port} (for the Temporal dev server) is already in use; set TEMPORAL_DEV_PORT`);
  } finally {
    blocker.close();
  }
});

test('workflows survive a restart of the dev server (state is kept in its database file)', async () => {
  const dbFile = join(process.env.COXSWAIN_TEST_DIR!, `restart-${randomUUID()}.db`);
  const start = async () =>
    startDevServer({ cliPath: process.env.COXSWAIN_TEST_TEMPORAL_CLI!, port: await freePort(), uiPort: await freePort(), dbFile });
  const t = await connectForTest();
  const workflowId = prWorkflowId('acme', 'persist', 1);

  let server = await start();
  let connection = await Connection.connect({ address: server.address });
  await new Client({ connection }).workflow.signalWithStart(prWorkflow, {
    workflowId,
    taskQueue: t.taskQueue,
    args: [{ owner: 'acme', repo: 'persist', number: 1, kind: 'pr' }],
    signal: githubEventSignal,
    signalArgs: [prEvent({ labels: ['kind/bug'] })],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
  });
  await connection.close();
  await server.stop();

  server = await start();
  connection = await Connection.connect({ address: server.address });
  try {
    const client = new Client({ connection });
    const description = await client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');
    // No worker has run it yet: the signal is still in the history, waiting to be handled.
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    expect(history.events?.some((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'githubEvent')).toBe(true);
    expect(stateQuery.name).toBe('state');
  } finally {
    await connection.close();
    await server.stop();
    await t.close();
  }
});
