import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import type { ActivityDeps } from '../../src/activities/index.js';
import { createWorker } from '../../src/worker/create-worker.js';
import { startGithubSim, type RunningSim } from '@coxswain/github-sim/server.js';
import { activityDeps } from './github.js';

// Per-test-file helpers: a client and a worker on a task queue of its own, against the shared
// dev server started by global-setup.ts.

export function testAddress(): string {
  const address = process.env.COXSWAIN_TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('integration tests need the dev server from test/support/global-setup.ts');
  return address;
}

export function bundlePath(): string {
  return process.env.COXSWAIN_TEST_WORKFLOW_BUNDLE!;
}

export interface TestContext {
  client: Client;
  connection: Connection;
  nativeConnection: NativeConnection;
  taskQueue: string;
  newWorker(deps?: ActivityDeps): Promise<Worker>;
  close(): Promise<void>;
}

export async function connectForTest(): Promise<TestContext> {
  quietRuntime();
  const address = testAddress();
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  const client = new Client({ connection, namespace: 'default' });
  const taskQueue = `test-${randomUUID()}`;
  // Workers need a GitHub to talk to: by default an empty simulator (no users, no repos), so
  // reads answer 401/404 at once and the workflow goes on with what the events say.
  let emptyGithub: RunningSim | undefined;
  const defaultDeps = async (): Promise<ActivityDeps> => {
    emptyGithub ??= await startGithubSim({ seed: null });
    return activityDeps({ baseUrl: emptyGithub.url });
  };
  return {
    client,
    connection,
    nativeConnection,
    taskQueue,
    newWorker: async (deps?: ActivityDeps) =>
      createWorker({
        connection: nativeConnection,
        namespace: 'default',
        taskQueue,
        deps: deps ?? (await defaultDeps()),
        workflowBundle: { codePath: bundlePath() },
      }),
    async close() {
      await emptyGithub?.close();
      await connection.close();
      await nativeConnection.close();
    },
  };
}

/** A fresh repo name per test so workflow IDs never collide between tests or runs. */
export function uniqueRepo(): { owner: string; repo: string } {
  return { owner: 'acme', repo: `r-${randomUUID().slice(0, 8)}` };
}

// Worker lifecycle chatter at INFO drowns test output; keep warnings and errors.
export function quietRuntime(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed in this process by an earlier test file.
  }
}
