import { WorkflowNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { CommandRefused, CoxswainClient, InvalidReference } from '../client/coxswain-client.js';
import { JobNotFound, JobRefused } from '../client/jobs.js';
import { PeriodicNotFound } from '../client/periodic.js';
import { DEFAULT_TEMPORAL_ADDRESS, TemporalConnectionError } from '../temporal/connect.js';

// How every Temporal-facing command connects, and the exit codes scripts rely on:
//   0 done · 1 an error (Temporal unreachable, no such PR/job/periodic, bad input)
//   2 refused (a command or job action the workflow or the rules refused) · 3 a plugin failed
//   4 `replay`: some decisions would change.

export const EXIT = { ok: 0, error: 1, refused: 2, pluginFailed: 3, wouldChange: 4 } as const;

export interface ConnOpts {
  address?: string;
  namespace?: string;
  json?: boolean;
}

/** Adds --address and --namespace (and, with `json`, --json) to a command. */
export function withConnOptions(cmd: Command, json = true): Command {
  cmd
    .option('--address <host:port>', `Temporal frontend (default $TEMPORAL_ADDRESS or ${DEFAULT_TEMPORAL_ADDRESS})`)
    .option('--namespace <ns>', 'Temporal namespace (default $TEMPORAL_NAMESPACE or default)');
  return json ? cmd.option('--json', 'print JSON for scripts') : cmd;
}

export function connect(opts: ConnOpts): Promise<CoxswainClient> {
  return CoxswainClient.connect({
    address: opts.address ?? process.env.TEMPORAL_ADDRESS ?? DEFAULT_TEMPORAL_ADDRESS,
    namespace: opts.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'coxswain',
    env: process.env,
  });
}

export function fail(message: string, code: number = EXIT.error): void {
  process.stderr.write(`coxswain: ${message}\n`);
  process.exitCode = code;
}

/**
 * Connects, runs `fn`, and turns the errors a user can cause into one line on stderr and an exit
 * code; anything else is a bug and keeps its stack trace.
 */
export async function withClient(what: string, opts: ConnOpts, fn: (c: CoxswainClient) => Promise<void>): Promise<void> {
  let client: CoxswainClient;
  try {
    client = await connect(opts);
  } catch (err) {
    if (!(err instanceof TemporalConnectionError)) throw err;
    return fail(err.message);
  }
  try {
    await fn(client);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) fail(`no workflow for ${what} yet (Coxswain starts one on the first webhook for it)`);
    else if (err instanceof CommandRefused || err instanceof JobRefused) fail(`${what}: refused: ${err.message}`, EXIT.refused);
    else if (err instanceof JobNotFound || err instanceof PeriodicNotFound || err instanceof InvalidReference) fail(err.message);
    else if (isUnavailable(err)) fail(`Temporal stopped answering (${(err as Error).message})`);
    else throw err;
  } finally {
    await client.close();
  }
}

/** gRPC UNAVAILABLE / DEADLINE_EXCEEDED: Temporal went away mid-call. */
function isUnavailable(err: unknown): boolean {
  const code = (err as { code?: unknown; cause?: { code?: unknown } }).code ?? (err as { cause?: { code?: unknown } }).cause?.code;
  return code === 14 || code === 4;
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}
