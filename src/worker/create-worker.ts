import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { NativeConnection} from '@temporalio/worker';
import { Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.js';

// index.ts when running from source (tests), index.js when running the build in dist/.
const tsEntry = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));
export const WORKFLOWS_PATH = existsSync(tsEntry) ? tsEntry : fileURLToPath(new URL('../workflows/index.js', import.meta.url));

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  deps: ActivityDeps;
  /** Encrypting data converter (COXSWAIN_PAYLOAD_KEY), if configured. */
  dataConverter?: WorkerOptions['dataConverter'];
  /** Pre-built bundle (tests build it once); otherwise the worker bundles at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: createActivities(opts.deps),
    ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
    ...(opts.workflowBundle ? { workflowBundle: opts.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
  });
}
