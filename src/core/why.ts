// "Why isn't my PR merging?": a plain list of what stands between a PR and merge, from the Tide
// queries and required contexts that apply to it. Pure; the workflow answers the `why` query with it.

/** One of Tide's `queries` (Prow's keys; config/tide.schema.ts reads them from config.yaml). */
export interface TideQuery {
  orgs?: string[];
  repos?: string[];
  excludedRepos?: string[];
  author?: string;
  labels?: string[];
  missingLabels?: string[];
  includedBranches?: string[];
  excludedBranches?: string[];
  milestone?: string;
  reviewApprovedRequired?: boolean;
}

export interface MergeRequirements {
  /** Tide queries that cover this repository (already filtered by org/repo). */
  queries: TideQuery[];
  /** Contexts that must be green: always_run non-optional presubmits and configured ones. */
  requiredContexts: string[];
  /** tide.blocker_label: open issues with it pause merging (the issue's workflow tells the pools). */
  blockerLabel?: string;
}

export interface WhyInput {
  state: 'open' | 'closed' | 'merged';
  author: string;
  baseRef: string;
  labels: string[];
  milestone?: string;
  contexts: Record<string, { state: string; description: string }>;
  /** From the approve plugin: OWNERS directories still unapproved and whom to ask. */
  approval?: { files: string[]; ask: string[] };
}

/** Blockers for the query that is closest to being satisfied (as Tide picks for its status). */
export function whyNotMergeable(pr: WhyInput, req: MergeRequirements): string[] {
  if (pr.state === 'merged') return [];
  if (pr.state === 'closed') return ['the pull request is closed'];
  if (req.queries.length === 0) return ['no Tide query in config.yaml covers this repository, so nothing merges it'];
  const perQuery = req.queries.map((q) => queryBlockers(pr, q));
  const best = perQuery.reduce((a, b) => (b.length < a.length ? b : a));
  return [...best, ...approvalBlockers(pr), ...contextBlockers(pr, req.requiredContexts)];
}

function approvalBlockers(pr: WhyInput): string[] {
  if (!pr.approval || pr.approval.files.length === 0) return [];
  const files = pr.approval.files.map((d) => (d ? `${d}/OWNERS` : 'OWNERS')).join(', ');
  const ask = pr.approval.ask.length > 0 ? `; ask ${pr.approval.ask.join(', ')}` : '';
  return [`needs /approve from an approver in ${files}${ask}`];
}

/** The approve plugin's note of what approval still needs, if it left one. */
export function approvalFromMemory(memory: Record<string, string>): WhyInput['approval'] {
  const raw = memory['approve.missing'];
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as { files?: unknown; ask?: unknown };
    return Array.isArray(v.files) && Array.isArray(v.ask) ? { files: v.files.map(String), ask: v.ask.map(String) } : undefined;
  } catch {
    return undefined;
  }
}

function queryBlockers(pr: WhyInput, q: TideQuery): string[] {
  const out: string[] = [];
  const has = new Set(pr.labels);
  if (q.includedBranches?.length && !q.includedBranches.includes(pr.baseRef)) out.push(`merging to branch ${pr.baseRef} is not allowed`);
  if (q.excludedBranches?.includes(pr.baseRef)) out.push(`merging to branch ${pr.baseRef} is forbidden`);
  if (q.author && q.author.toLowerCase() !== pr.author.toLowerCase()) out.push(`must be by author ${q.author}`);
  if (q.milestone && q.milestone !== pr.milestone) out.push(`must be in milestone ${q.milestone}`);
  for (const entry of q.labels ?? []) {
    // "a,b" means either label will do.
    const alternatives = entry.split(',').map((l) => l.trim());
    if (!alternatives.some((l) => has.has(l))) out.push(`needs label ${alternatives.join(' or ')}`);
  }
  for (const l of q.missingLabels ?? []) if (has.has(l)) out.push(`must not have label ${l}`);
  if (q.reviewApprovedRequired) out.push('needs an approving GitHub review (checked by GitHub)');
  return out;
}

function contextBlockers(pr: WhyInput, required: string[]): string[] {
  const out: string[] = [];
  for (const ctx of required) {
    const c = pr.contexts[ctx];
    if (!c) out.push(`context ${ctx} has not reported yet`);
    else if (c.state !== 'success') out.push(`context ${ctx} is ${c.state}${c.description ? `: ${c.description}` : ''}`);
  }
  for (const [ctx, c] of Object.entries(pr.contexts)) {
    if (!required.includes(ctx) && (c.state === 'failure' || c.state === 'error')) out.push(`context ${ctx} is ${c.state}`);
  }
  return out;
}

/** The queries of `tide.queries` that cover org/repo (orgs/repos/excludedRepos). */
export function queriesFor(queries: TideQuery[] | undefined, org: string, repo: string): TideQuery[] {
  const full = `${org}/${repo}`;
  return (queries ?? []).filter(
    (q) => ((q.repos ?? []).includes(full) || (q.orgs ?? []).includes(org)) && !(q.excludedRepos ?? []).includes(full),
  );
}
