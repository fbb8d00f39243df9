// `coxswain sim show`: one PR or issue from GET /_sim/repos/{o}/{r}/issues/{n}, for people.

interface Shown {
  repo?: string;
  kind?: string;
  number?: number;
  title?: string;
  user?: string;
  state?: string;
  state_reason?: string | null;
  draft?: boolean;
  merged?: boolean;
  merged_by?: string | null;
  mergeable?: boolean | null;
  head?: { ref: string; sha: string };
  base?: { ref: string; sha: string };
  labels?: string[];
  assignees?: string[];
  milestone?: string | null;
  requested_reviewers?: string[];
  requested_teams?: string[];
  reviews?: Array<{ user: string; state: string; body: string }>;
  combined_status?: { state: string; contexts: Record<string, string> };
  statuses?: Array<{ context: string; state: string; description: string | null; target_url: string | null }>;
  comments?: Array<{ id: number; user: string; body: string; created_at: string }>;
  deleted_comments?: unknown[];
}

const list = (xs: string[] | undefined) => (xs && xs.length > 0 ? xs.join(', ') : '(none)');

export function renderIssue(data: Record<string, unknown>): string {
  const d = data as Shown;
  const lines: string[] = [];
  const state = d.merged ? `merged by ${d.merged_by ?? '?'}` : `${d.state}${d.state_reason ? ` (${d.state_reason})` : ''}`;
  lines.push(`${d.repo}#${d.number} [${d.kind === 'pull' ? 'PR' : 'issue'}, ${state}${d.draft ? ', draft' : ''}] ${d.title}`);
  lines.push(`  author:     ${d.user}`);
  if (d.kind === 'pull' && d.head && d.base) {
    const mergeable = d.mergeable === null ? 'unknown' : d.mergeable ? 'yes' : 'no';
    lines.push(`  branches:   ${d.head.ref} (${d.head.sha.slice(0, 7)}) → ${d.base.ref}; mergeable: ${mergeable}`);
  }
  lines.push(`  labels:     ${list(d.labels)}`);
  lines.push(`  assignees:  ${list(d.assignees)}`);
  if (d.milestone) lines.push(`  milestone:  ${d.milestone}`);
  if (d.kind === 'pull') {
    lines.push(`  reviewers:  ${list([...(d.requested_reviewers ?? []), ...(d.requested_teams ?? []).map((t) => `team:${t}`)])}`);
    for (const r of d.reviews ?? []) lines.push(`  review:     ${r.user} ${r.state}${r.body ? `: ${r.body}` : ''}`);
    const contexts = Object.keys(d.combined_status?.contexts ?? {}).length;
    lines.push(`  status:     ${contexts > 0 ? d.combined_status?.state : '(no statuses)'}`);
    const latest = new Map<string, NonNullable<Shown['statuses']>[number]>();
    for (const s of d.statuses ?? []) latest.set(s.context, s);
    for (const s of latest.values()) {
      lines.push(`    ${s.context}: ${s.state}${s.description ? ` (${s.description})` : ''}${s.target_url ? ` ${s.target_url}` : ''}`);
    }
  }
  const comments = d.comments ?? [];
  lines.push(`  comments:   ${comments.length}${d.deleted_comments?.length ? ` (+${d.deleted_comments.length} deleted)` : ''}`);
  for (const c of comments) {
    const body = c.body.replace(/\s+$/, '').split('\n').join('\n      ');
    lines.push(`    [${c.id}] ${c.user} at ${c.created_at}:\n      ${body}`);
  }
  return lines.join('\n');
}
