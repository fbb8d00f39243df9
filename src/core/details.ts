// The "current details" the Temporal Web UI shows for a PR or issue workflow (markdown): where it
// stands and what happened last, so the UI reads as the PR's story. Pure.
import type { EntityState } from './pr-state.js';

export function entityDetails(s: EntityState): string {
  const kind = s.kind === 'pr' ? 'PR' : 'Issue';
  const lines = [
    `**${kind} ${s.owner}/${s.repo}#${s.number}**${s.title ? `: ${s.title.slice(0, 200)}` : ''}${s.author ? ` by ${s.author}` : ''} (${s.state}${s.draft ? ', draft' : ''})`,
    '',
    `Labels: ${s.labels.length ? s.labels.map((l) => `\`${l}\``).join(' ') : 'none'}`,
    `Assignees: ${s.assignees.length ? s.assignees.join(', ') : 'none'}`,
  ];
  if (s.kind === 'pr' && s.headSha) lines.push(`Head: \`${s.headSha.slice(0, 7)}\` → ${s.baseRef || '?'}`);
  const contexts = Object.entries(s.contexts).slice(0, 20);
  if (contexts.length) lines.push(`Checks: ${contexts.map(([c, v]) => `${c} ${v.state}`).join(', ')}`);
  if (s.recent.length) {
    lines.push('', 'Recent events:');
    for (const r of s.recent.slice(-5)) lines.push(`- ${r.kind}${r.action ? ` ${r.action}` : ''}${r.actor ? ` by ${r.actor}` : ''}${r.deliveryId.startsWith('cli/') ? ' (from a script)' : ''}`);
  }
  if (s.failures.length) lines.push('', `Last failure: ${s.failures.at(-1)!.plugin}: ${s.failures.at(-1)!.reason.slice(0, 200)}`);
  return lines.join('\n');
}
