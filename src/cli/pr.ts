import type { Command } from 'commander';
import type { CoxswainClient } from '../client/coxswain-client.js';
import type { CommandOutcome } from '../core/cli-command.js';
import type { EntityState } from '../core/pr-state.js';
import type { TimelineEntry } from '../core/timeline.js';
import { EXIT, printJson, withClient, withConnOptions, type ConnOpts } from './connection.js';

// `coxswain pr show|why|command|history owner/repo#N`: one PR (or, with --issue, issue) through
// its workflow. `coxswain why` and `coxswain state` are the older spellings of `pr why` and
// `pr show --json`.

type PrOpts = ConnOpts & { issue?: boolean };

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

export function describeState(ref: string, s: EntityState): string {
  const lines = [
    `${ref}: ${s.title}${s.author ? ` (by ${s.author})` : ''}`,
    `  ${s.state}${s.draft ? ', draft' : ''}${s.kind === 'pr' ? ` · ${s.headRef} → ${s.baseRef} at ${s.headSha.slice(0, 7)}` : ''}`,
    `  labels: ${s.labels.join(', ') || 'none'}`,
    `  assignees: ${s.assignees.join(', ') || 'none'}`,
  ];
  for (const [c, v] of Object.entries(s.contexts)) lines.push(`  check ${c}: ${v.state}${v.description ? ` (${v.description})` : ''}`);
  for (const [j, r] of Object.entries(s.jobs ?? {})) lines.push(`  job ${j}: ${r.state} · ${r.workflowId}`);
  for (const f of s.failures.slice(-3)) lines.push(`  failed: ${f.plugin}: ${f.reason}`);
  return lines.join('\n') + '\n';
}

export function describeTimeline(entries: TimelineEntry[]): string {
  if (entries.length === 0) return 'nothing recorded in this run yet\n';
  const mark = { event: ' ', command: '>', decision: '=', did: '+', failed: '!', continued: '~' } as const;
  return entries.map((e) => `${e.at.replace('T', ' ').replace(/\.\d+Z$/, 'Z')} ${mark[e.kind]} ${e.text}${e.who ? `  (${e.who})` : ''}`).join('\n') + '\n';
}

async function printWhy(client: CoxswainClient, ref: string, json?: boolean): Promise<void> {
  const blockers = await client.why(ref);
  if (json) return printJson({ ref, mergeable: blockers.length === 0, blockers });
  process.stdout.write(blockers.length === 0 ? `${ref}: nothing blocks the merge\n` : blockers.map((b) => `- ${b}\n`).join(''));
}

export function registerPr(program: Command): void {
  const pr = program.command('pr').description('one pull request (or, with --issue, issue): its state, why it is not merging, its history; give it a command');
  withConnOptions(
    pr
      .command('show')
      .description("what Coxswain's workflow knows of the PR: state, labels, assignees, checks, job runs")
      .argument('<ref>', 'owner/repo#number')
      .option('--issue', 'the reference is an issue, not a pull request'),
  ).action((ref: string, opts: PrOpts) =>
    withClient(ref, opts, async (client) => {
      const state = await client.state(ref, opts.issue ? 'issue' : 'pr');
      if (opts.json) printJson(state);
      else process.stdout.write(describeState(ref, state));
    }),
  );
  withConnOptions(pr.command('why').description('what stands between the PR and merge (exit 0 either way)').argument('<ref>', 'owner/repo#number')).action((ref: string, opts: PrOpts) =>
    withClient(ref, opts, (client) => printWhy(client, ref, opts.json)),
  );
  withConnOptions(
    pr
      .command('command')
      .description('give the PR a slash command as a GitHub user would in a comment (same plugins, same rights); prints what changed. Exit 2: refused before handling; 3: a plugin failed')
      .argument('<ref>', 'owner/repo#number')
      .argument('<body...>', 'the command, e.g. /hold or /assign @bob')
      .requiredOption('--as <login>', 'the GitHub user the command is given as')
      .option('--issue', 'the reference is an issue, not a pull request'),
  ).action((ref: string, body: string[], opts: PrOpts & { as: string }) =>
    withClient(ref, opts, async (client) => {
      const outcome = await client.command(ref, body.join(' '), { as: opts.as, kind: opts.issue ? 'issue' : 'pr' });
      if (opts.json) printJson(outcome);
      else process.stdout.write(describeOutcome(ref, outcome));
      if (outcome.failures.length > 0) process.exitCode = EXIT.pluginFailed;
    }),
  );
  withConnOptions(
    pr
      .command('history')
      .description("the PR's life from its workflow's history: events and who gave them (>: from a script), what the plugins decided (=), what Coxswain did (+), what failed (!)")
      .argument('<ref>', 'owner/repo#number')
      .option('--issue', 'the reference is an issue, not a pull request')
      .option('--limit <n>', 'the newest n entries', '100'),
  ).action((ref: string, opts: PrOpts & { limit: string }) =>
    withClient(ref, opts, async (client) => {
      const all = await client.history(ref, opts.issue ? 'issue' : 'pr');
      const n = Number(opts.limit);
      const entries = Number.isInteger(n) && n > 0 ? all.slice(-n) : all;
      if (opts.json) printJson(entries);
      else process.stdout.write(describeTimeline(entries));
    }),
  );

  // The older spellings, kept for scripts written against them.
  withConnOptions(program.command('why').description('same as `pr why`').argument('<ref>', 'owner/repo#number')).action((ref: string, opts: PrOpts) =>
    withClient(ref, opts, (client) => printWhy(client, ref, opts.json)),
  );
  withConnOptions(program.command('state').description('same as `pr show --json`').argument('<ref>', 'owner/repo#number').option('--issue', 'the reference is an issue, not a pull request'), false).action(
    (ref: string, opts: PrOpts) => withClient(ref, opts, async (client) => printJson(await client.state(ref, opts.issue ? 'issue' : 'pr'))),
  );
}
