import { WorkflowNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { CoxswainClient } from '../client/coxswain-client.js';
import { DEFAULT_TEMPORAL_ADDRESS, TemporalConnectionError } from '../temporal/connect.js';

interface ConnOpts {
  issue?: boolean;
  address?: string;
  namespace?: string;
}

function connect(opts: ConnOpts): Promise<CoxswainClient> {
  return CoxswainClient.connect({
    address: opts.address ?? process.env.TEMPORAL_ADDRESS ?? DEFAULT_TEMPORAL_ADDRESS,
    namespace: opts.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default',
    env: process.env,
  });
}

async function withClient(ref: string, opts: ConnOpts, fn: (c: CoxswainClient) => Promise<void>): Promise<void> {
  let client: CoxswainClient;
  try {
    client = await connect(opts);
  } catch (err) {
    // TLS files and payload keys come from Temporal's environment variables, as for the worker.
    if (!(err instanceof TemporalConnectionError)) throw err;
    process.stderr.write(`coxswain: ${err.message}\n`);
    process.exitCode = 1;
    return;
  }
  try {
    await fn(client);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      process.stderr.write(`coxswain: no workflow for ${ref} yet (Coxswain starts one on the first webhook for it)\n`);
      process.exitCode = 1;
    } else throw err;
  } finally {
    await client.close();
  }
}

export function registerState(program: Command): void {
  program
    .command('why')
    .description('list what stands between a pull request and merge')
    .argument('<ref>', 'owner/repo#number')
    .option('--address <host:port>', `Temporal frontend (default $TEMPORAL_ADDRESS or ${DEFAULT_TEMPORAL_ADDRESS})`)
    .option('--namespace <ns>', 'Temporal namespace (default $TEMPORAL_NAMESPACE or default)')
    .action((ref: string, opts: ConnOpts) =>
      withClient(ref, opts, async (client) => {
        const blockers = await client.why(ref);
        process.stdout.write(blockers.length === 0 ? `${ref}: nothing blocks the merge\n` : blockers.map((b) => `- ${b}\n`).join(''));
      }),
    );
  program
    .command('state')
    .description("print the state Coxswain's workflow holds for a PR or issue (JSON)")
    .argument('<ref>', 'owner/repo#number')
    .option('--issue', 'the reference is an issue, not a pull request')
    .option('--address <host:port>', `Temporal frontend (default $TEMPORAL_ADDRESS or ${DEFAULT_TEMPORAL_ADDRESS})`)
    .option('--namespace <ns>', 'Temporal namespace (default $TEMPORAL_NAMESPACE or default)')
    .action((ref: string, opts: ConnOpts) =>
      withClient(ref, opts, async (client) => {
        const state = await client.state(ref, opts.issue ? 'issue' : 'pr');
        process.stdout.write(JSON.stringify(state, null, 2) + '\n');
      }),
    );
}
