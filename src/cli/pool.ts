import type { Command } from 'commander';
import type { PoolView } from '../workflows/messages.js';
import { fail, printJson, withClient, withConnOptions, type ConnOpts } from './connection.js';

// `coxswain pool show owner/repo[:branch]`: a branch's merge pool as Tide's page shows it.

export function describePool(where: string, v: PoolView): string {
  const lines = [`${where} at ${v.baseSha?.slice(0, 7) ?? '?'}: ${v.pool.length} in the pool, ${v.merged} merged`];
  v.pool.forEach((p, i) => lines.push(`  ${i + 1}. #${p.number} ${p.readiness ?? ''}${p.reasons.length ? ` (${p.reasons.join('; ')})` : ''}`));
  for (const p of v.outside) lines.push(`  -  #${p.number} ${p.status.description}`);
  if (v.batch) lines.push(`batch: ${v.batch.prs.map((p) => `#${p.number}`).join(', ')}: ${Object.entries(v.batch.jobs).map(([j, r]) => `${j} ${r.state}`).join(', ')}`);
  if (v.bisect.length) lines.push(`to bisect: ${v.bisect.map((g) => g.map((n) => `#${n}`).join(' ')).join(' | ')}`);
  for (const a of v.actions.slice(-10)) lines.push(`${a.at} ${a.kind} ${a.reason}`);
  return lines.join('\n') + '\n';
}

function show(ref: string, opts: ConnOpts): Promise<void> {
  const m = /^([\w.-]+)\/([\w.-]+)(?::(\S+))?$/.exec(ref.trim());
  if (!m) return Promise.resolve(fail(`"${ref}" is not a repository; write it as owner/repo or owner/repo:branch`));
  const [, owner, repo, branch = 'main'] = m;
  const where = `${owner}/${repo}:${branch}`;
  return withClient(`the merge pool of ${where}`, opts, async (client) => {
    const v = await client.pool(`${owner}/${repo}`, branch).state();
    if (opts.json) printJson(v);
    else process.stdout.write(describePool(where, v));
  });
}

export function registerPool(program: Command): void {
  const pool = program.command('pool').description("a branch's merge pool (Tide)");
  withConnOptions(
    pool
      .command('show', { isDefault: true })
      .description('PRs in merge order, the others and why, the batch, the last actions')
      .argument('<repo>', 'owner/repo or owner/repo:branch (default branch main)'),
  ).action(show);
}
