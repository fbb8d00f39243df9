// The `tide` commit status on a PR, with Prow's texts (pkg/tide/status.go: requirementDiff,
// expectedStatus, retestingStatus). Pure: the merge pool computes it for every open PR of its
// branch and writes it only when it changes.
import type { TideQuery } from './tide-rules.js';

export const TIDE_CONTEXT = 'tide';
/** GitHub refuses longer status descriptions. */
export const MAX_STATUS_DESCRIPTION = 140;
/** Prow lists labels and contexts up to about this many characters, then stops. */
const MAX_LIST_CHARS = 50;

/** What the pool knows about one open PR (the PR workflow reports it; reconciliation reads it from GitHub). */
export interface PoolPr {
  number: number;
  author: string;
  title: string;
  body?: string;
  headSha: string;
  headRef: string;
  baseRef: string;
  labels: string[];
  milestone?: string;
  draft: boolean;
  /** GitHub's mergeable: false = merge conflict, null = not computed yet. */
  mergeable: boolean | null;
  state: 'open' | 'closed' | 'merged';
  /** Statuses on the head: context -> state (success, pending, failure, error) and description. */
  contexts: Record<string, { state: string; description: string }>;
  /** GitHub's review decision is APPROVED (reviewApprovedRequired); unknown counts as not approved. */
  reviewApproved?: boolean;
}

export interface TideStatus {
  state: 'success' | 'pending' | 'error';
  description: string;
}

/** Prow's truncation: 137 characters and "...". */
export function truncateDescription(s: string): string {
  return s.length > MAX_STATUS_DESCRIPTION ? `${s.slice(0, MAX_STATUS_DESCRIPTION - 3)}...` : s;
}

/** The first items of a sorted list that fit in about 50 characters (at least one), as Prow cuts them. */
function fit(items: string[]): string[] {
  let chars = items[0]!.length;
  let i = 1;
  for (; i < items.length; i++) {
    if (chars + items[i]!.length > MAX_LIST_CHARS) break;
    chars += items[i]!.length + 2;
  }
  return items.slice(0, i);
}

const sorted = (xs: string[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

function branchAllowed(q: TideQuery, branch: string): boolean {
  if (q.excludedBranches?.includes(branch)) return false;
  return !q.includedBranches?.length || q.includedBranches.includes(branch);
}

/**
 * Prow's requirementDiff for one query: the first unmet requirement (without "Not mergeable.")
 * and a weight (branch 2000, author 1000, milestone 100, review 50, one per label or context).
 * `failingContexts` are the required contexts that are failing or missing on the head.
 */
export function requirementDiff(pr: PoolPr, q: TideQuery, failingContexts: string[] = []): { description: string; weight: number } {
  let desc = '';
  let weight = 0;
  const first = (text: string) => {
    if (desc === '') desc = text;
  };
  if (!branchAllowed(q, pr.baseRef)) {
    weight += 2000;
    first(` Merging to branch ${pr.baseRef} is forbidden.`);
  }
  const author = (q.author ?? '').toLowerCase();
  if (author && pr.author.toLowerCase() !== author) {
    weight += 1000;
    first(` Must be by author ${author}.`);
  }
  if (q.milestone && pr.milestone !== q.milestone) {
    weight += 100;
    first(` Must be in milestone ${q.milestone}.`);
  }
  const has = new Set(pr.labels);
  const missing: string[] = [];
  for (const entry of q.labels ?? []) {
    // "a,b": either label will do.
    if (!entry.split(',').some((l) => has.has(l))) missing.push(entry.replaceAll(',', ' or '));
  }
  weight += missing.length;
  if (missing.length > 0) {
    const shown = fit(sorted(missing));
    first(shown.length === 1 ? ` Needs ${shown[0]} label.` : ` Needs ${shown.join(', ')} labels.`);
  }
  const present = (q.missingLabels ?? []).filter((l) => has.has(l));
  weight += present.length;
  if (present.length > 0) {
    const shown = fit(sorted(present));
    first(shown.length === 1 ? ` Should not have ${shown[0]} label.` : ` Should not have ${shown.join(', ')} labels.`);
  }
  const contexts = [...new Set(failingContexts)];
  weight += contexts.length;
  if (contexts.length > 0) {
    const shown = fit(sorted(contexts));
    first(shown.length === 1 ? ` Job ${shown[0]} has not succeeded.` : ` Jobs ${shown.join(', ')} have not succeeded.`);
  }
  if (q.reviewApprovedRequired && !pr.reviewApproved) {
    weight += 50;
    first(' PullRequest is missing sufficient approving GitHub review(s)');
  }
  return { description: desc, weight };
}

/** The query covers org/repo (orgs, repos, excludedRepos). */
export function queryCovers(q: TideQuery, org: string, repo: string): boolean {
  const full = `${org}/${repo}`;
  return ((q.repos ?? []).includes(full) || (q.orgs ?? []).includes(org)) && !(q.excludedRepos ?? []).includes(full);
}

/** The PR meets every requirement of the query except contexts (the pool checks those against the base). */
export function queryMatches(q: TideQuery, pr: PoolPr, org: string, repo: string): boolean {
  return queryCovers(q, org, repo) && requirementDiff(pr, q).weight === 0;
}

export interface StatusInput {
  pr: PoolPr;
  org: string;
  repo: string;
  /** tide.queries covering org/repo. */
  queries: TideQuery[];
  displayAllQueries?: boolean;
  /** The PR is in the merge pool. */
  inPool: boolean;
  /** Required contexts failing or missing on the head. */
  failingContexts?: string[];
  /** In the pool, but these required jobs have no passing result on the current base yet. */
  retesting?: string[];
  /** Open blocker issues for the branch. */
  blockers?: number[];
  /** Why GitHub would not take the merge (conflict, merge method labels): an error status. */
  mergeMethodProblem?: string;
}

const notMergeable = (reason: string) => truncateDescription(`Not mergeable.${reason}`);

/** Prow's expectedStatus. */
export function expectedStatus(input: StatusInput): TideStatus {
  const { pr } = input;
  if (pr.mergeable === false) return { state: 'error', description: notMergeable(' PR has a merge conflict.') };
  if (input.mergeMethodProblem) return { state: 'error', description: notMergeable(` ${input.mergeMethodProblem}`) };
  // Prow names blockers only on PRs outside the pool; a blocked pool merges nothing, so Coxswain
  // says so on every PR.
  const blockers = input.blockers ?? [];
  if (blockers.length > 0) {
    return { state: 'error', description: notMergeable(` Merging is blocked by issue${blockers.length > 1 ? 's' : ''} ${blockers.join(', ')}.`) };
  }
  if (!input.inPool) {
    let best = '';
    let bestWeight = -1;
    for (const q of input.queries) {
      const { description, weight } = requirementDiff(pr, q, input.failingContexts ?? []);
      if (weight === 0) {
        best = '';
        bestWeight = 0;
        break;
      }
      if (input.displayAllQueries) {
        if (weight >= 2000) continue;
        best = best ? `${best.replace(/\.$/, '')} OR${description}` : description;
      } else if (bestWeight === -1 || weight < bestWeight) {
        bestWeight = weight;
        best = description;
      }
    }
    if (input.displayAllQueries && best === '' && bestWeight !== 0) best = ` No Tide query for branch ${pr.baseRef} found.`;
    return { state: 'pending', description: notMergeable(best) };
  }
  if (input.retesting?.length) {
    const jobs = sorted(input.retesting);
    const all = `Not mergeable. Retesting: ${jobs.join(' ')}`;
    return { state: 'pending', description: all.length > MAX_STATUS_DESCRIPTION ? `Not mergeable. Retesting ${jobs.length} job${jobs.length > 1 ? 's' : ''}.` : all };
  }
  return { state: 'success', description: 'In merge pool.' };
}
