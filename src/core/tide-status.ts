// The `tide` commit status on a PR, with Prow's texts (pkg/tide/status.go: requirementDiff,
// expectedStatus, poolStatus, retestingStatus; pkg/tide/github.go: isAllowedToMerge). Pure: the
// merge pool computes it for every open PR of its branch and writes it only when it changes.
// The plain shape of a config/tide.schema.ts query; core may not import config (layering lint rule).
import type { TideQuery } from './tide-rules.js';

export const TIDE_CONTEXT = 'tide';
/** GitHub refuses longer status descriptions. */
export const MAX_STATUS_DESCRIPTION = 140;
/** Prow lists labels and contexts up to about this many characters, then stops. */
const MAX_LIST_CHARS = 50;

const IN_POOL = 'In merge pool.';
const IN_POOL_DESPITE_BLOCKED = 'In merge pool (despite BLOCKED).';
const NOT_MERGEABLE = 'Not mergeable.';

/** What the pool knows about one open PR (also used by other modules; define it here). */
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
  /** Commit statuses/check runs on the head: context -> state ('success'|'pending'|'failure'|'error'|'expected') and description. */
  contexts: Record<string, { state: string; description: string }>;
  /** GitHub review decision is APPROVED (for reviewApprovedRequired). Undefined: unknown -> treat as not approved. */
  reviewApproved?: boolean;
}

export type BlocksPolicy = 'ignore' | 'permit' | 'block';

export interface StatusInput {
  pr: PoolPr;
  org: string;
  repo: string;
  /** tide.queries already filtered to those covering org/repo. */
  queries: TideQuery[];
  displayAllQueries?: boolean;
  /** The PR is in the merge pool (matches a query, contexts OK). */
  inPool: boolean;
  /** Required contexts that are failing or missing (when not in pool because of contexts). */
  failingContexts?: string[];
  /** In pool but its required jobs are being (re)run on the current base. */
  retesting?: string[];
  /** Open blocker issue numbers for this branch. */
  blockers?: number[];
  /** Merge-method problem text, e.g. 'PR has conflicting merge method override labels'. */
  mergeMethodProblem?: string;
  /** GitHub reports BLOCKED and policy (github_merge_blocks_policy) */
  githubBlocked?: boolean;
  blocksPolicy?: BlocksPolicy;
}

export interface TideStatus {
  state: 'success' | 'pending' | 'error';
  description: string;
}

/** What requirementDiff needs beyond the PR and the query (Prow reads these from the PR and config). */
export interface DiffExtras {
  /** Required contexts failing or missing on the head; Prow derives them from its context checker. */
  failingContexts?: string[];
  githubBlocked?: boolean;
  blocksPolicy?: BlocksPolicy;
}

/**
 * Prow's truncation: 137 characters and "...". Prow cuts bytes; we cut UTF-16 units (GitHub counts
 * characters), stepping back off a lone high surrogate so the result stays valid text.
 */
export function truncateDescription(s: string): string {
  if (s.length <= MAX_STATUS_DESCRIPTION) return s;
  let end = MAX_STATUS_DESCRIPTION - 3;
  const last = s.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${s.slice(0, end)}...`;
}

// Go's sort.Strings order (code units here; identical for the ASCII names labels and jobs use).
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Each listed item after the first costs at least 2 characters (", "), so no more than this many
// can ever be shown: keeping only the smallest ones spares sorting thousands of long names.
const MAX_LISTED = Math.floor(MAX_LIST_CHARS / 2) + 2;

/** The smallest `k` items in sorted order, in one pass with a short sorted buffer. */
function smallest(items: string[], k: number): string[] {
  const top: string[] = [];
  for (const item of items) {
    if (top.length === k && byCodeUnit(item, top[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byCodeUnit(top[mid]!, item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, item);
    if (top.length > k) top.pop();
  }
  return top;
}

/** Prow's truncate over the sorted list: the first items that fit in about 50 characters, at least one. */
function fit(items: string[]): string[] {
  const sorted = smallest(items, MAX_LISTED);
  let chars = sorted[0]!.length;
  let i = 1;
  for (; i < sorted.length; i++) {
    if (chars + sorted[i]!.length > MAX_LIST_CHARS) break;
    chars += sorted[i]!.length + 2; // ", "
  }
  return sorted.slice(0, i);
}

/** "Needs x label." / "Needs x, y labels." with Prow's sorting and list cut. */
function listed(items: string[], one: (x: string) => string, many: (xs: string) => string): string {
  const shown = fit(items);
  return shown.length === 1 ? one(shown[0]!) : many(shown.join(', '));
}

// github.NormLogin: logins compare case-insensitively, with an optional leading "@".
const normLogin = (login: string) => {
  const l = login.toLowerCase();
  return l.startsWith('@') ? l.slice(1) : l;
};

/**
 * Prow's requirementDiff: the first unmet requirement (with Prow's leading space, without
 * "Not mergeable.") and a weight: branch 2000, author 1000, milestone 100, GitHub BLOCKED under the
 * block policy 100, review 50, one per missing/forbidden label and per failing context. The text
 * order is Prow's: branch, author, milestone, labels, forbidden labels, contexts, review, BLOCKED.
 * Extras are an addition to the two-argument form: Prow reads contexts and merge state off its PR.
 */
export function requirementDiff(pr: PoolPr, q: TideQuery, extras: DiffExtras = {}): { description: string; weight: number } {
  let description = '';
  let weight = 0;
  const unmet = (w: number, text: string) => {
    weight += w;
    if (description === '') description = text;
  };

  const branchDenied = (q.excludedBranches ?? []).includes(pr.baseRef);
  const branchAllowed = !q.includedBranches?.length || q.includedBranches.includes(pr.baseRef);
  if (branchDenied || !branchAllowed) unmet(2000, ` Merging to branch ${pr.baseRef} is forbidden.`);

  const author = normLogin(q.author ?? '');
  if (author !== '' && normLogin(pr.author) !== author) unmet(1000, ` Must be by author ${author}.`);

  if (q.milestone && pr.milestone !== q.milestone) unmet(100, ` Must be in milestone ${q.milestone}.`);

  const has = new Set(pr.labels);
  const missing: string[] = [];
  for (const entry of q.labels ?? []) {
    // "a,b": either label will do.
    const alternatives = entry.split(',');
    // split/join rather than replaceAll: several times faster on entries full of commas.
    if (!alternatives.some((l) => has.has(l))) missing.push(alternatives.join(' or '));
  }
  if (missing.length > 0) unmet(missing.length, listed(missing, (x) => ` Needs ${x} label.`, (xs) => ` Needs ${xs} labels.`));

  const present = (q.missingLabels ?? []).filter((l) => has.has(l));
  if (present.length > 0) unmet(present.length, listed(present, (x) => ` Should not have ${x} label.`, (xs) => ` Should not have ${xs} labels.`));

  // Prow counts duplicates in the weight but lists each context once.
  const contexts = extras.failingContexts ?? [];
  if (contexts.length > 0) unmet(contexts.length, listed([...new Set(contexts)], (x) => ` Job ${x} has not succeeded.`, (xs) => ` Jobs ${xs} have not succeeded.`));

  if (q.reviewApprovedRequired && pr.reviewApproved !== true) unmet(50, ' PullRequest is missing sufficient approving GitHub review(s)');

  if (extras.blocksPolicy === 'block' && extras.githubBlocked) unmet(100, ' Blocked by GitHub (branch rulesets or protection)');

  return { description, weight };
}

/** Prow's TideQuery.ForRepo: an org match decides alone (minus excludedRepos), else repos must list it. */
export function queryCovers(q: TideQuery, org: string, repo: string): boolean {
  const full = `${org}/${repo}`;
  if ((q.orgs ?? []).includes(org)) return !(q.excludedRepos ?? []).includes(full);
  return (q.repos ?? []).includes(full);
}

/**
 * The PR is one the query's GitHub search would return: repo covered and every label, author,
 * milestone, branch and review rule met (contexts are the pool's business). Prow's search has no
 * `-is:draft`, so drafts match here too; the caller decides what a draft means.
 */
export function queryMatches(q: TideQuery, pr: PoolPr, org: string, repo: string): boolean {
  return queryCovers(q, org, repo) && requirementDiff(pr, q).weight === 0;
}

const notMergeable = (reason: string) => truncateDescription(`${NOT_MERGEABLE}${reason}`);

/** Prow's retestingStatus: the sorted job names, or their count when that would not fit. */
function retestingStatus(jobs: string[]): string {
  const prefix = `${NOT_MERGEABLE} Retesting: `;
  // The joined length needs no sorting: only build the list when it will be shown.
  const length = prefix.length + jobs.reduce((n, j) => n + j.length, 0) + jobs.length - 1;
  if (length <= MAX_STATUS_DESCRIPTION) return prefix + [...jobs].sort(byCodeUnit).join(' ');
  return `${NOT_MERGEABLE} Retesting ${jobs.length} job${jobs.length > 1 ? 's' : ''}.`;
}

/**
 * Prow's expectedStatus. Order, as Prow has it: merge conflict, merge method, GitHub BLOCKED under
 * the block policy (all errors, for any PR); then for PRs outside the pool blocker issues (error) and
 * the closest query's diff (pending); then retesting (pending); then success. Prow names blocker
 * issues only on PRs outside the pool: a PR in the pool keeps "In merge pool." while the branch is
 * blocked.
 */
export function expectedStatus(input: StatusInput): TideStatus {
  const { pr } = input;
  if (pr.mergeable === false) return { state: 'error', description: notMergeable(' PR has a merge conflict.') };
  if (input.mergeMethodProblem) return { state: 'error', description: notMergeable(` ${input.mergeMethodProblem}`) };
  if (input.githubBlocked && input.blocksPolicy === 'block') {
    return { state: 'error', description: notMergeable(' PR is blocked from merging by GitHub (check branch protection, required reviews, or rulesets)') };
  }

  if (!input.inPool) {
    const blockers = input.blockers ?? [];
    if (blockers.length > 0) {
      return { state: 'error', description: notMergeable(` Merging is blocked by issue${blockers.length > 1 ? 's' : ''} ${blockers.join(', ')}.`) };
    }
    const extras: DiffExtras = { failingContexts: input.failingContexts ?? [], githubBlocked: input.githubBlocked, blocksPolicy: input.blocksPolicy };
    // A query already met means the pool is just behind GitHub: fall through as Prow does.
    let fulfilled = false;
    let shown = '';
    let best = -1;
    for (const q of input.queries) {
      const { description, weight } = requirementDiff(pr, q, extras);
      if (weight === 0) {
        fulfilled = true;
        break;
      }
      if (input.displayAllQueries) {
        if (weight >= 2000) continue; // a query for another branch says nothing useful
        if (shown !== '') shown = `${shown.endsWith('.') ? shown.slice(0, -1) : shown} OR`;
        shown += description;
      } else if (best === -1 || weight < best) {
        best = weight;
        shown = description;
      }
    }
    if (!fulfilled) {
      if (input.displayAllQueries && shown === '') shown = ` No Tide query for branch ${pr.baseRef} found.`;
      return { state: 'pending', description: notMergeable(shown) };
    }
  }

  if (input.retesting?.length) return { state: 'pending', description: truncateDescription(retestingStatus(input.retesting)) };
  if (input.githubBlocked && input.blocksPolicy === 'permit') return { state: 'success', description: IN_POOL_DESPITE_BLOCKED };
  return { state: 'success', description: IN_POOL };
}
