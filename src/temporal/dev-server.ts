import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Connection } from '@temporalio/client';
import { devServerSearchAttributeFlags } from '../workflows/search-attributes.js';
import { assertPortFree } from './ports.js';

export interface DevServerOptions {
  /** Path of the `temporal` binary (see temporal/ensure-cli.sh). */
  cliPath: string;
  port: number;
  uiPort: number;
  /** SQLite file: workflows survive a restart of the server. */
  dbFile: string;
  namespace?: string;
  /** Names of the variables that set the ports, for the "port in use" message. */
  portVariables?: { port: string; uiPort: string };
  startTimeoutMs?: number;
  /** Where the server's own output goes; default: dropped unless it fails to start. */
  onOutput?: (line: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` with Coxswain's search attributes registered, and resolves
 * once the frontend answers. The Web UI comes with it.
 */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const vars = opts.portVariables ?? { port: 'TEMPORAL_DEV_PORT', uiPort: 'TEMPORAL_UI_PORT' };
  await assertPortFree(opts.port, vars.port, 'the Temporal dev server');
  await assertPortFree(opts.uiPort, vars.uiPort, 'the Temporal Web UI');
  mkdirSync(dirname(opts.dbFile), { recursive: true });
  const namespace = opts.namespace ?? 'default';
  const args = [
    'server',
    'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(opts.port),
    '--ui-port', String(opts.uiPort),
    '--db-filename', opts.dbFile,
    '--log-level', 'warn',
    ...(namespace !== 'default' ? ['--namespace', namespace] : []),
    ...devServerSearchAttributeFlags(),
  ];
  const child = spawn(opts.cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // If this process dies (an uncaught error in a script, process.exit), take the server with it
  // rather than leave it running on its ports.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      tail.push(line);
      if (tail.length > 30) tail.shift();
      opts.onOutput?.(line);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);

  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? `code ${code}`}`;
      process.removeListener('exit', killOnExit);
      resolve();
    });
    child.once('error', (err) => {
      exited = `could not be started: ${err.message}`;
      resolve();
    });
  });

  const address = `127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited) throw new Error(`temporal server start-dev ${exited}:\n${tail.join('\n')}`);
    if (await answers(address, namespace)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`temporal server start-dev did not answer on ${address} in time:\n${tail.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    address,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    process: child,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

async function answers(address: string, namespace: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: 1000 });
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}
