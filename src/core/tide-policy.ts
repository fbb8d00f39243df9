// Tide's per-repository rules from config.yaml, as Prow reads them (pkg/config/tide.go,
// pkg/config/branch_protection.go, pkg/tide/blockers): which contexts must pass, the merge method,
// batch limits, priorities, blocker issues and merge commit templates. Pure; every pattern from
// config is Go RE2 (re2js), linear in its input.
import { RE2JS } from 're2js';
import type { BranchProtectionRules as BranchProtection, TideRules as TideConfig } from './tide-rules.js';
import { shouldRunOnBranch } from './brancher.js';
import { compileGoRegexp } from './go-regexp.js';
import type { PresubmitTrigger } from './job-select.js';

export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface ContextPolicy {
  required: string[];
  requiredIfPresent: string[];
  optional: string[];
  /** Go regexps: a context that matches is optional. */
  optionalRegex: string[];
  skipUnknown: boolean;
  /** Contexts of the presubmits that could run on the branch (Prow jobs finish and report). */
  jobContexts: string[];
}

type PolicyOptions = {
  'skip-unknown-contexts'?: boolean | undefined;
  'required-contexts'?: string[] | undefined;
  'required-if-present-contexts'?: string[] | undefined;
  'optional-contexts'?: string[] | undefined;
  'optional-regex-contexts'?: string[] | undefined;
  'from-branch-protection'?: boolean | undefined;
};

const uniqSorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** Prow's mergeTideContextPolicy: lists add up, a set boolean overrides. */
function mergeOptions(a: PolicyOptions, b: PolicyOptions | undefined): PolicyOptions {
  if (!b) return a;
  return {
    'skip-unknown-contexts': b['skip-unknown-contexts'] ?? a['skip-unknown-contexts'],
    'from-branch-protection': b['from-branch-protection'] ?? a['from-branch-protection'],
    'required-contexts': [...(a['required-contexts'] ?? []), ...(b['required-contexts'] ?? [])],
    'required-if-present-contexts': [...(a['required-if-present-contexts'] ?? []), ...(b['required-if-present-contexts'] ?? [])],
    'optional-contexts': [...(a['optional-contexts'] ?? []), ...(b['optional-contexts'] ?? [])],
    'optional-regex-contexts': [...(a['optional-regex-contexts'] ?? []), ...(b['optional-regex-contexts'] ?? [])],
  };
}

/** context_options: global, then org, repo and branch (ParseTideContextPolicyOptions). */
function contextOptionsFor(tide: TideConfig | undefined, org: string, repo: string, branch: string): PolicyOptions {
  const top = tide?.context_options ?? {};
  let opts = mergeOptions({}, top);
  const o = top.orgs?.[org];
  if (o) {
    opts = mergeOptions(opts, o);
    const r = o.repos?.[repo];
    if (r) {
      opts = mergeOptions(opts, r);
      opts = mergeOptions(opts, r.branches?.[branch]);
    }
  }
  return opts;
}

/**
 * Prow's branch-protection policy for org/repo/branch (global → org → repo → branch; required
 * contexts add up, booleans override): whether the branch is protected and its required contexts.
 */
export function branchProtectionFor(bp: BranchProtection | undefined, org: string, repo: string, branch: string, hasPresubmits: boolean): { protect: boolean; contexts: string[]; requireManuallyTriggeredJobs?: boolean } {
  if (!bp) return { protect: false, contexts: [] };
  const o = bp.orgs?.[org];
  const r = o?.repos?.[repo];
  const b = r?.branches?.[branch];
  const layers = [bp, o, r, b].filter((x): x is NonNullable<typeof x> => !!x);
  let protect: boolean | undefined;
  let unmanaged = false;
  let manual: boolean | undefined;
  const contexts: string[] = [];
  for (const l of layers) {
    if (l.protect !== undefined) protect = l.protect;
    if (l.unmanaged !== undefined) unmanaged = l.unmanaged;
    if (l.require_manually_triggered_jobs !== undefined) manual = l.require_manually_triggered_jobs;
    contexts.push(...(l.required_status_checks?.contexts ?? []));
  }
  // exclude/include are branch regexps at the repo level (and above).
  for (const l of layers) {
    if (l.exclude?.some((p) => compileGoRegexp(p).test(branch))) return { protect: false, contexts: [] };
    if (l.include?.length && !l.include.some((p) => compileGoRegexp(p).test(branch))) return { protect: false, contexts: [] };
  }
  // protect-tested-repos: a repository with presubmits is protected unless it says otherwise.
  if (protect === undefined && bp['protect-tested-repos'] && hasPresubmits) protect = true;
  if (protect === undefined && contexts.length > 0) protect = true;
  return { protect: !!protect && !unmanaged, contexts: uniqSorted(contexts), ...(manual !== undefined ? { requireManuallyTriggeredJobs: manual } : {}) };
}

/** Prow's GetTideContextPolicy for one branch. */
export function contextPolicyFor(args: { tide?: TideConfig; branchProtection?: BranchProtection; presubmits: PresubmitTrigger[]; org: string; repo: string; branch: string }): ContextPolicy {
  const opts = contextOptionsFor(args.tide, args.org, args.repo, args.branch);
  const required = new Set(opts['required-contexts'] ?? []);
  const requiredIfPresent = new Set(opts['required-if-present-contexts'] ?? []);
  const optional = new Set(opts['optional-contexts'] ?? []);
  const jobs = args.presubmits.filter((p) => shouldRunOnBranch(p, args.branch));
  let manual: boolean | undefined;
  if (opts['from-branch-protection']) {
    const bp = branchProtectionFor(args.branchProtection, args.org, args.repo, args.branch, jobs.length > 0);
    manual = bp.requireManuallyTriggeredJobs;
    if (bp.protect) for (const c of bp.contexts) required.add(c);
  }
  // BranchRequirements: reported jobs are required (always_run, or manual when branch protection
  // says so) or required-if-present (conditional and manual ones); the rest are optional.
  for (const p of jobs) {
    if (p.optional || p.skip_report) optional.add(p.context);
    else if (p.run_if_changed || p.skip_if_only_changed) requiredIfPresent.add(p.context);
    else if (p.always_run || manual) required.add(p.context);
    else requiredIfPresent.add(p.context);
  }
  return {
    required: uniqSorted(required),
    requiredIfPresent: uniqSorted(requiredIfPresent),
    optional: uniqSorted(optional),
    optionalRegex: uniqSorted(opts['optional-regex-contexts'] ?? []),
    skipUnknown: !!opts['skip-unknown-contexts'],
    jobContexts: uniqSorted(jobs.filter((p) => !p.skip_report).map((p) => p.context)),
  };
}

/** Prow's IsOptional: listed or matching optional first, then required ones are not, then skip-unknown. */
export function isOptionalContext(p: ContextPolicy, ctx: string): boolean {
  const s = setsOf(p);
  if (s.optional.has(ctx)) return true;
  if (s.optionalRegex.some((re) => re.test(ctx))) return true;
  if (s.required.has(ctx)) return false;
  return p.skipUnknown;
}

// A pool checks every context of every PR against one policy: look them up in sets.
const policySets = new WeakMap<ContextPolicy, { optional: Set<string>; required: Set<string>; optionalRegex: Array<{ test(s: string): boolean }> }>();
function setsOf(p: ContextPolicy) {
  let s = policySets.get(p);
  if (!s) {
    s = { optional: new Set(p.optional), required: new Set([...p.required, ...p.requiredIfPresent]), optionalRegex: p.optionalRegex.map((re) => compileGoRegexp(re)) };
    policySets.set(p, s);
  }
  return s;
}

/** Required contexts missing, and non-optional contexts failing or pending, on a head. */
export function unsuccessfulContexts(p: ContextPolicy, contexts: Record<string, { state: string; description: string }>): { missing: string[]; failing: string[]; pending: string[] } {
  const missing = p.required.filter((c) => !(c in contexts));
  const failing: string[] = [];
  const pending: string[] = [];
  for (const [ctx, c] of Object.entries(contexts)) {
    if (isOptionalContext(p, ctx)) continue;
    if (c.state === 'failure' || c.state === 'error') failing.push(ctx);
    else if (c.state === 'pending' || c.state === 'expected') pending.push(ctx);
  }
  return { missing, failing: failing.sort(), pending: pending.sort() };
}

function isMethod(x: unknown): x is MergeMethod {
  return x === 'merge' || x === 'squash' || x === 'rebase';
}

/** Prow's OrgRepoBranchMergeMethod over Coxswain's merge_method shapes. */
function configuredMethod(tide: TideConfig | undefined, org: string, repo: string, branch: string): MergeMethod {
  const mm = (tide?.merge_method ?? {}) as Record<string, unknown>;
  const shorthandBranch = mm[`${org}/${repo}@${branch}`];
  if (isMethod(shorthandBranch)) return shorthandBranch;
  const orgEntry = mm[org];
  const repos = orgEntry && typeof orgEntry === 'object' ? (orgEntry as Record<string, unknown>) : undefined;
  const repoEntry = repos ? (repos[repo] ?? repos['*']) : undefined;
  if (repoEntry && typeof repoEntry === 'object') {
    const branches = repoEntry as Record<string, unknown>;
    for (const key of Object.keys(branches).sort()) {
      const m = branches[key];
      if (isMethod(m) && compileGoRegexp(key).test(branch)) return m;
    }
  }
  const shorthand = mm[`${org}/${repo}`];
  if (isMethod(shorthand)) return shorthand;
  if (isMethod(repoEntry)) return repoEntry;
  if (isMethod(orgEntry)) return orgEntry;
  return 'merge';
}

/** The merge method for a PR: config, then the per-PR override labels; two different ones are a problem. */
export function mergeMethodFor(tide: TideConfig | undefined, org: string, repo: string, branch: string, labels: string[]): { method: MergeMethod } | { problem: string } {
  const has = new Set(labels);
  const wanted = new Set<MergeMethod>();
  if (tide?.merge_label && has.has(tide.merge_label)) wanted.add('merge');
  if (tide?.squash_label && has.has(tide.squash_label)) wanted.add('squash');
  if (tide?.rebase_label && has.has(tide.rebase_label)) wanted.add('rebase');
  if (wanted.size > 1) return { problem: 'PR has conflicting merge method override labels' };
  return { method: wanted.size === 1 ? [...wanted][0]! : configuredMethod(tide, org, repo, branch) };
}

/** batch_size_limit: "org/repo", then org, then "*"; 0 (unlimited) when unset, -1 = no batches. */
export function batchSizeLimitFor(tide: TideConfig | undefined, org: string, repo: string): number {
  const m = tide?.batch_size_limit ?? {};
  return m[`${org}/${repo}`] ?? m[org] ?? m['*'] ?? 0;
}

/** prioritize_existing_batches: "org/repo", then org, then "*"; true when unset (Prow's default). */
export function prioritizeExistingBatchesFor(tide: TideConfig | undefined, org: string, repo: string): boolean {
  const m = tide?.prioritize_existing_batches ?? {};
  return m[`${org}/${repo}`] ?? m[org] ?? m['*'] ?? true;
}

/** Index of the first `priority` set whose labels the PR all has ("a,b": either); none: after them all. */
export function priorityRank(priority: TideConfig['priority'], labels: string[]): number {
  const sets = priority ?? [];
  const has = new Set(labels);
  const i = sets.findIndex((p) => (p.labels ?? []).every((entry) => entry.split(',').some((l) => has.has(l))));
  return i === -1 ? sets.length : i;
}

// Prow's branchRE: `branch:` tokens in a blocker issue's title scope it to those branches.
const BRANCH_RE = RE2JS.compile('(?im)\\bbranch:[^\\w-]*([\\w-./]+)\\b');
const MAX_TITLE = 1024;

function branchesIn(title: string): string[] {
  const out: string[] = [];
  const m = BRANCH_RE.matcher(title.slice(0, MAX_TITLE));
  while (m.find()) out.push(m.group(1) ?? '');
  return out;
}

/** Open blocker issues that block `branch`: those naming no branch, or naming this one. */
export function blockingIssues(issues: Array<{ number: number; title: string }>, branch: string): number[] {
  return issues
    .filter((i) => {
      const named = branchesIn(i.title);
      return named.length === 0 || named.includes(branch);
    })
    .map((i) => i.number)
    .sort((a, b) => a - b);
}

const MAX_COMMIT_TITLE = 256;
const MAX_COMMIT_BODY = 65_536;
const FIELD = /\{\{-?\s*\.([A-Za-z.]+)\s*-?\}\}/g;

/**
 * merge_commit_template ("org/repo", then org): Go templates over the PR. Coxswain fills plain
 * `{{ .Field }}` references (Number, Title, Body, HeadRefName, Author.Login); a template with
 * anything else is left to GitHub's default rather than half-rendered.
 */
export function mergeCommitFor(tide: TideConfig | undefined, org: string, repo: string, pr: { number: number; title: string; body?: string; headRef: string; author: string }): { title?: string; message?: string } {
  const t = tide?.merge_commit_template?.[`${org}/${repo}`] ?? tide?.merge_commit_template?.[org];
  if (!t) return {};
  const fields: Record<string, string> = { Number: String(pr.number), Title: pr.title, Body: pr.body ?? '', HeadRefName: pr.headRef, 'Author.Login': pr.author };
  const render = (tpl: string | undefined, max: number): string | undefined => {
    if (tpl === undefined || tpl.length > MAX_COMMIT_BODY) return undefined;
    // Anything template-like besides plain fields (conditions, pipes) is not rendered: GitHub's default wins.
    if (tpl.replace(FIELD, '').includes('{{')) return undefined;
    let ok = true;
    const out = tpl.replace(FIELD, (_m, name: string) => {
      if (!(name in fields)) ok = false;
      return fields[name] ?? '';
    });
    if (!ok) return undefined;
    return out.slice(0, max);
  };
  const title = render(t.title, MAX_COMMIT_TITLE);
  const message = render(t.body, MAX_COMMIT_BODY);
  return { ...(title !== undefined ? { title } : {}), ...(message !== undefined ? { message } : {}) };
}
