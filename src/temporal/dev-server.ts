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
  /** The guard shell that owns the server (see GUARD below). */
  process: ChildProcess;
  /** The `temporal` process itself. */
  serverPid: number;
  stop(): Promise<void>;
}

/**
 * The server runs under a small shell guard that reads a pipe from this process: when this process
 * ends in any way (exit, crash, abort, SIGKILL), the kernel closes the pipe, the guard sees EOF and
 * stops the server. An 'exit' handler alone cannot do that: SIGKILL and aborts run no handler.
 * SIGTERM/SIGINT to the guard are passed on; the guard reports the server's pid first.
 */
const GUARD = [
  'exec 3<&0',
  '"$@" </dev/null &',
  'server=$!',
  'echo "coxswain-dev-server-pid $server" >&2',
  'trap \'kill -TERM "$server" 2>/dev/null\' TERM INT HUP',
  '{ cat <&3 >/dev/null; kill -TERM "$server" 2>/dev/null; sleep 10; kill -KILL "$server" 2>/dev/null; } &',
  'watcher=$!',
  'exec 3<&-',
  'code=0',
  'while kill -0 "$server" 2>/dev/null; do wait "$server"; code=$?; done',
  'kill "$watcher" 2>/dev/null',
  'exit "$code"',
].join('\n');

const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

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
    // Write-ahead log, synced at checkpoints: a commit survives the server's or Coxswain's crash
    // (only a power cut can lose the last ones), and each signal costs one append, not an fsync.
    ...SQLITE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p]),
    ...(namespace !== 'default' ? ['--namespace', namespace] : []),
    ...devServerSearchAttributeFlags(),
  ];
  // stdin is the pipe the guard watches; nothing is ever written to it.
  const child = spawn('/bin/sh', ['-c', GUARD, 'coxswain-dev-server', opts.cliPath, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let serverPid = 0;
  const gotPid = new Promise<void>((resolve) => {
    const onPid = (chunk: Buffer) => {
      const m = /coxswain-dev-server-pid (\d+)/.exec(chunk.toString());
      if (!m) return;
      serverPid = Number(m[1]);
      child.stderr!.off('data', onPid);
      resolve();
    };
    child.stderr!.on('data', onPid);
    child.once('exit', () => resolve());
  });
  const tail: string[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      if (line.startsWith('coxswain-dev-server-pid ')) continue;
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
      child.kill('SIGTERM');
      throw new Error(`temporal server start-dev did not answer on ${address} in time:\n${tail.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  await gotPid;
  return {
    address,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    process: child,
    serverPid,
    async stop() {
      if (exited) return;
      // The guard passes SIGTERM on; closing its pipe makes it SIGKILL the server 10 s later.
      child.kill('SIGTERM');
      child.stdin?.end();
      await exitPromise;
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
