import { WorkflowNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { CoxswainClient } from '../client/coxswain-client.js';

export function registerState(program: Command): void {
  program
    .command('state')
    .description("print the state Coxswain's workflow holds for a PR or issue (JSON)")
    .argument('<ref>', 'owner/repo#number')
    .option('--issue', 'the reference is an issue, not a pull request')
    .option('--address <host:port>', 'Temporal frontend (default $TEMPORAL_ADDRESS or 127.0.0.1:7233)')
    .option('--namespace <ns>', 'Temporal namespace (default $TEMPORAL_NAMESPACE or default)')
    .action(async (ref: string, opts: { issue?: boolean; address?: string; namespace?: string }) => {
      const client = await CoxswainClient.connect({
        address: opts.address ?? process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
        namespace: opts.namespace ?? process.env.TEMPORAL_NAMESPACE ?? 'default',
      });
      try {
        const state = await client.state(ref, opts.issue ? 'issue' : 'pr');
        process.stdout.write(JSON.stringify(state, null, 2) + '\n');
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) {
          process.stderr.write(`coxswain: no workflow for ${ref} yet (Coxswain starts one on the first webhook for it)\n`);
          process.exitCode = 1;
        } else throw err;
      } finally {
        await client.close();
      }
    });
}
