// Jest loads globalSetup outside its ESM/TypeScript pipeline, so this file is plain JavaScript and
// uses the compiled code in dist/ (`npm test` builds first): the same start-up code `npm start` runs.
//
// One real Temporal dev server for the whole integration run, on free ports with a throwaway
// database, plus one workflow bundle shared by every test file.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default async function globalSetup() {
  if (!existsSync(new URL('../../dist/temporal/dev-server.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it for you)');
  }
  const { bundleWorkflowCode } = await import('@temporalio/worker');
  const { resolveTemporalCli } = await import('../../dist/temporal/cli-path.js');
  const { startDevServer } = await import('../../dist/temporal/dev-server.js');
  const { freePort } = await import('../../dist/temporal/ports.js');
  const { WORKFLOWS_PATH } = await import('../../dist/worker/create-worker.js');

  const dir = mkdtempSync(join(tmpdir(), 'coxswain-test-'));
  const [cliPath, bundle] = await Promise.all([
    resolveTemporalCli(),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger }),
  ]);
  const server = await startDevServer({
    cliPath,
    port: await freePort(),
    uiPort: await freePort(),
    dbFile: join(dir, 'temporal.db'),
  });
  globalThis.__COXSWAIN_DEV_SERVER__ = server;
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, bundle.code);
  process.env.COXSWAIN_TEST_TEMPORAL_ADDRESS = server.address;
  process.env.COXSWAIN_TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.COXSWAIN_TEST_DIR = dir;
  process.env.COXSWAIN_TEST_TEMPORAL_CLI = cliPath;
}

const noop = () => undefined;
const quietLogger = { log: noop, trace: noop, debug: noop, info: noop, warn: noop, error: console.error };
