import { WorkflowNotFoundError } from '@temporalio/client';
import type { Command } from 'commander';
import { CommandRefused, CoxswainClient } from '../client/coxswain-client.js';
import type { CommandOutcome } from '../core/cli-command.js';
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
    taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'coxswain',
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
    } else if (err instanceof CommandRefused) {
      process.stderr.write(`coxswain: ${ref}: refused: ${err.message}\n`);
      process.exitCode = 2;
    } else throw err;
  } finally {
    await client.close();
  }
}

function describeOutcome(ref: string, o: CommandOutcome): string {
  const lines: string[] = [];
  if (o.queued) lines.push(`${ref}: accepted; the workflow continued as new and handles it next`);
  for (const l of o.labelsAdded) lines.push(`+ label ${l}`);
  for (const l of o.labelsRemoved) lines.push(`- label ${l}`);
  for (const a of o.assigneesAdded) lines.push(`+ assignee ${a}`);
  for (const a of o.assigneesRemoved) lines.push(`- assignee ${a}`);
  if (o.state) lines.push(`state ${o.state.from} → ${o.state.to}`);
  for (const r of o.replies) lines.push(`bot: ${r.split('\n')[0]}`);
  for (const f of o.failures) lines.push(`! ${f.plugin}: ${f.reason}`);
  if (lines.length === 0) lines.push(`${ref}: handled; nothing changed`);
  return lines.join('\n') + '\n';
}

export function registerState(program: Command): void {
  const pr = program.command('pr').description('a pull request: show its state, why it is not merging, give it a command');
  pr.command('command')
    .description('give a PR a slash command as a GitHub user would in a comment (same plugins, same rights); prints what changed')
    .argument('<ref>', 'owner/repo#number')
    .argument('<body...>', 'the command, e.g. /hold or /assign @bob')
    .requiredOption('--as <login>', 'the GitHub user the command is given as')
    .option('--issue', 'the reference is an issue, not a pull request')
    .option('--json', 'print the outcome as JSON')
    .option('--address <host:port>', `Temporal frontend (default $TEMPORAL_ADDRESS or ${DEFAULT_TEMPORAL_ADDRESS})`)
    .option('--namespace <ns>', 'Temporal namespace (default $TEMPORAL_NAMESPACE or default)')
    .action((ref: string, body: string[], opts: ConnOpts & { as: string; json?: boolean }) =>
      withClient(ref, opts, async (client) => {
        const outcome = await client.command(ref, body.join(' '), { as: opts.as, kind: opts.issue ? 'issue' : 'pr' });
        process.stdout.write(opts.json ? JSON.stringify(outcome, null, 2) + '\n' : describeOutcome(ref, outcome));
        if (outcome.failures.length > 0) process.exitCode = 3;
      }),
    );
  pr.command('show')
    .description("the state the PR's workflow holds (JSON)")
    .argument('<ref>', 'owner/repo#number')
    .option('--address <host:port>', `Temporal frontend (default $TEMPORAL_ADDRESS or ${DEFAULT_TEMPORAL_ADDRESS})`)
    .option('--namespace <ns>', 'Temporal namespace (default $TEMPORAL_NAMESPACE or default)')
    .action((ref: string, opts: ConnOpts) => withClient(ref, opts, async (client) => void process.stdout.write(JSON.stringify(await client.state(ref), null, 2) + '\n')));
  pr.command('why')
    .description('what stands between the PR and merge')
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
    .command('pool')
    .description("print a branch's merge pool: PRs in merge order, the others and why, the batch, the last actions")
    .argument('<repo>', 'owner/repo or owner/repo:branch (default branch main)')
    .option('--json', 'print the pool as JSON')
    .option('--address <host:port>', `Temporal frontend (default $TEMPORAL_ADDRESS or ${DEFAULT_TEMPORAL_ADDRESS})`)
    .option('--namespace <ns>', 'Temporal namespace (default $TEMPORAL_NAMESPACE or default)')
    .action((ref: string, opts: ConnOpts & { json?: boolean }) => {
      const m = /^([\w.-]+)\/([\w.-]+)(?::(\S+))?$/.exec(ref.trim());
      if (!m) {
        process.stderr.write(`coxswain: "${ref}" is not a repository; write it as owner/repo or owner/repo:branch\n`);
        process.exitCode = 1;
        return Promise.resolve();
      }
      const [, owner, repo, branch = 'main'] = m;
      return withClient(`the merge pool of ${owner}/${repo}:${branch}`, opts, async (client) => {
        const v = await client.pool(owner!, repo!, branch);
        if (opts.json) {
          process.stdout.write(JSON.stringify(v, null, 2) + '\n');
          return;
        }
        const lines = [`${owner}/${repo}:${branch} at ${v.baseSha?.slice(0, 7) ?? '?'}: ${v.pool.length} in the pool, ${v.merged} merged`];
        v.pool.forEach((p, i) => lines.push(`  ${i + 1}. #${p.number} ${p.readiness ?? ''}${p.reasons.length ? ` (${p.reasons.join('; ')})` : ''}`));
        for (const p of v.outside) lines.push(`  -  #${p.number} ${p.status.description}`);
        if (v.batch) lines.push(`batch: ${v.batch.prs.map((p) => `#${p.number}`).join(', ')}: ${Object.entries(v.batch.jobs).map(([j, r]) => `${j} ${r.state}`).join(', ')}`);
        if (v.bisect.length) lines.push(`to bisect: ${v.bisect.map((g) => g.map((n) => `#${n}`).join(' ')).join(' | ')}`);
        for (const a of v.actions.slice(-10)) lines.push(`${a.at} ${a.kind} ${a.reason}`);
        process.stdout.write(lines.join('\n') + '\n');
      });
    });
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
