// Tide's per-repository rules from config.yaml, as Prow reads them (pkg/config/tide.go,
// pkg/config/branch_protection.go, pkg/tide/blockers): which contexts must pass, the merge method,
// batch limits, priorities, blocker issues and merge commit templates. Pure; every pattern from
// config is Go RE2 (re2js), linear in its input.
import { RE2JS } from 're2js';
import type { BranchProtectionRules, TideRules as TideConfig } from './tide-rules.js';
import { shouldRunOnBranch } from './brancher.js';
import { compileGoRegexp, type GoRegexp } from './go-regexp.js';
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

// The branch-protection fields Prow's Policy.defined() looks at besides those Tide reads; any config
// shape (the parsed schema's) is accepted, only their presence matters.
type ProtectionLayer = NonNullable<BranchProtectionRules['orgs']>[string] & {
  enforce_admins?: unknown;
  restrictions?: unknown;
  required_pull_request_reviews?: unknown;
  required_linear_history?: unknown;
  allow_force_pushes?: unknown;
  allow_deletions?: unknown;
  require_signed_commits?: unknown;
};
export type BranchProtection = BranchProtectionRules & {
  allow_disabled_policies?: boolean | undefined;
  allow_disabled_job_policies?: boolean | undefined;
  protect_repos_with_optional_jobs?: boolean | undefined;
  orgs?: Record<string, ProtectionLayer & { repos?: Record<string, ProtectionLayer & { branches?: Record<string, ProtectionLayer> | undefined }> | undefined }> | undefined;
};

interface MergedPolicy {
  protect?: boolean;
  unmanaged?: boolean;
  manual?: boolean;
  /** undefined: no required_status_checks anywhere (Prow's nil ContextPolicy). */
  contexts?: string[];
  /** Some other protection setting is present (Prow's Policy.defined() minus protect/contexts/manual). */
  other: boolean;
}

/** Prow's Policy.Apply: a set child boolean wins, context lists union. */
function applyLayer(p: MergedPolicy, l: ProtectionLayer | undefined): MergedPolicy {
  if (!l) return p;
  const other = ['enforce_admins', 'restrictions', 'required_pull_request_reviews', 'required_linear_history', 'allow_force_pushes', 'allow_deletions', 'require_signed_commits'] as const;
  const rsc = l.required_status_checks;
  return {
    protect: l.protect ?? p.protect,
    unmanaged: l.unmanaged ?? p.unmanaged,
    manual: l.require_manually_triggered_jobs ?? p.manual,
    contexts: rsc ? uniqSorted([...(p.contexts ?? []), ...(rsc.contexts ?? [])]) : p.contexts,
    other: p.other || other.some((k) => l[k] !== undefined && l[k] !== null),
  };
}

/** Prow's BranchRequirements: which presubmit contexts a branch requires, requires if present, or ignores. */
export function branchRequirements(branch: string, presubmits: PresubmitTrigger[], requireManuallyTriggeredJobs: boolean | undefined): { required: string[]; requiredIfPresent: string[]; optional: string[] } {
  const required: string[] = [];
  const requiredIfPresent: string[] = [];
  const optional: string[] = [];
  for (const p of presubmits) {
    if (!shouldRunOnBranch(p, branch)) continue;
    const conditional = !!(p.run_if_changed || p.skip_if_only_changed);
    if (p.optional || p.skip_report) optional.push(p.context);
    else if (requireManuallyTriggeredJobs && !p.always_run && !conditional) required.push(p.context);
    // Conditional and manual jobs may never report on a PR, so they cannot be required outright.
    else if (conditional || !p.always_run) requiredIfPresent.push(p.context);
    else required.push(p.context);
  }
  return { required, requiredIfPresent, optional };
}

/**
 * Prow's GetBranchProtection + GetPolicy over its own `branch-protection:` config (not GitHub's):
 * global → org → repo → branch, booleans override and contexts add up; only orgs listed under
 * `orgs` count. Prow job contexts join when the branch has required jobs (protect-tested-repos then
 * turns protection on). `exclude`/`include` are not read: in Prow only the branchprotector honours
 * them, Tide does not. A config Prow rejects comes back as `error` (Tide then logs and ignores it).
 */
export function branchProtectionFor(
  bp: BranchProtection | undefined,
  org: string,
  repo: string,
  branch: string,
  presubmits: PresubmitTrigger[],
): { protect: boolean; contexts: string[]; requireManuallyTriggeredJobs?: boolean } | { error: string } | undefined {
  const o = bp?.orgs?.[org];
  if (!bp || !o) return undefined;
  const r = o.repos?.[repo];
  const b = r?.branches?.[branch];
  let policy = applyLayer(applyLayer(applyLayer(applyLayer({ other: false }, bp), o), r), b);
  if (b && policy.protect === undefined && policy.unmanaged !== true) return { error: 'defined branch policies must set protect or unmanaged=true' };
  const reqs = branchRequirements(branch, presubmits, policy.manual);
  const manage = reqs.required.length > 0 || (!!bp.protect_repos_with_optional_jobs && reqs.requiredIfPresent.length + reqs.optional.length > 0);
  if (manage) {
    if (policy.protect === false) return bp.allow_disabled_job_policies ? undefined : { error: 'required prow jobs require branch protection' };
    policy = { ...policy, contexts: uniqSorted([...(policy.contexts ?? []), ...reqs.required]), protect: bp['protect-tested-repos'] ? true : policy.protect };
  }
  const defined = policy.contexts !== undefined || policy.manual !== undefined || policy.other;
  if (policy.protect === false && defined && !bp.allow_disabled_policies) return { error: `${org}/${repo}=${branch} defines a policy, which requires protect: true` };
  if (!defined && policy.protect === undefined) return undefined;
  return { protect: policy.protect === true, contexts: policy.contexts ?? [], ...(policy.manual !== undefined ? { requireManuallyTriggeredJobs: policy.manual } : {}) };
}

/** Prow's GetTideContextPolicy for one branch. */
export function contextPolicyFor(args: { tide?: TideConfig; branchProtection?: BranchProtection; presubmits: PresubmitTrigger[]; org: string; repo: string; branch: string }): ContextPolicy {
  const opts = contextOptionsFor(args.tide, args.org, args.repo, args.branch);
  const required = new Set(opts['required-contexts'] ?? []);
  const requiredIfPresent = new Set(opts['required-if-present-contexts'] ?? []);
  const optional = new Set(opts['optional-contexts'] ?? []);
  let manual: boolean | undefined;
  if (opts['from-branch-protection']) {
    const bp = branchProtectionFor(args.branchProtection, args.org, args.repo, args.branch, args.presubmits);
    if (bp && !('error' in bp)) {
      manual = bp.requireManuallyTriggeredJobs;
      if (bp.protect) for (const c of bp.contexts) required.add(c);
    }
  }
  const reqs = branchRequirements(args.branch, args.presubmits, manual);
  for (const c of reqs.required) required.add(c);
  for (const c of reqs.requiredIfPresent) requiredIfPresent.add(c);
  for (const c of reqs.optional) optional.add(c);
  // skip_report jobs post no context, so they are never seen reporting.
  const jobs = args.presubmits.filter((p) => !p.skip_report && shouldRunOnBranch(p, args.branch));
  return {
    required: uniqSorted(required),
    requiredIfPresent: uniqSorted(requiredIfPresent),
    optional: uniqSorted(optional),
    optionalRegex: uniqSorted(opts['optional-regex-contexts'] ?? []),
    skipUnknown: !!opts['skip-unknown-contexts'],
    jobContexts: uniqSorted(jobs.map((p) => p.context)),
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

// Prow refuses to load a config with a bad regexp; should one get here, it matches nothing rather
// than throwing inside a pool's decision.
function tryRegexp(pattern: string): GoRegexp | undefined {
  try {
    return compileGoRegexp(pattern);
  } catch {
    return undefined;
  }
}

// A pool checks every context of every PR against one policy: look them up in sets.
const policySets = new WeakMap<ContextPolicy, { optional: Set<string>; required: Set<string>; optionalRegex: Array<{ test(s: string): boolean }> }>();
function setsOf(p: ContextPolicy) {
  let s = policySets.get(p);
  if (!s) {
    s = { optional: new Set(p.optional), required: new Set([...p.required, ...p.requiredIfPresent]), optionalRegex: p.optionalRegex.flatMap((re) => tryRegexp(re) ?? []) };
    policySets.set(p, s);
  }
  return s;
}

/**
 * Prow's unsuccessfulContexts: every non-optional context that is not success (the `tide` context
 * itself aside), plus required ones never reported (MissingRequiredContexts). Pending (or
 * EXPECTED) ones are split out; whether a pending Prow job may stay is the caller's business.
 */
export function unsuccessfulContexts(p: ContextPolicy, contexts: Record<string, { state: string; description: string }>): { missing: string[]; failing: string[]; pending: string[] } {
  const missing = p.required.filter((c) => !Object.hasOwn(contexts, c));
  const failing: string[] = [];
  const pending: string[] = [];
  for (const [ctx, c] of Object.entries(contexts)) {
    if (ctx === 'tide' || isOptionalContext(p, ctx)) continue;
    // GitHub spells states lower case in REST and upper case in GraphQL.
    const state = c.state.toLowerCase();
    if (state === 'success') continue;
    if (state === 'pending' || state === 'expected') pending.push(ctx);
    else failing.push(ctx);
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
      if (isMethod(m) && tryRegexp(key)?.test(branch)) return m;
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
// GitHub caps issue titles at 256 characters; the cap only guards against a malformed caller.
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
const TEMPLATE_FIELDS = ['Number', 'Title', 'Body', 'HeadRefName', 'Author.Login'] as const;
const isTrimSpace = (ch: string | undefined) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';

type Piece = { text: string } | { field: (typeof TEMPLATE_FIELDS)[number] };

/**
 * Split a Go template into text and plain `{{ .Field }}` actions, honouring `{{- ` / ` -}}`
 * whitespace trimming as text/template does. Anything else (pipes, if, range, comments, unknown
 * fields, an unclosed `{{`) → undefined. One left-to-right pass, no regexps.
 */
function parseTemplate(tpl: string): Piece[] | undefined {
  const pieces: Piece[] = [];
  let i = 0;
  let trimNext = false;
  while (i < tpl.length) {
    const open = tpl.indexOf('{{', i);
    let text = tpl.slice(i, open === -1 ? tpl.length : open);
    if (trimNext) {
      let k = 0;
      while (k < text.length && isTrimSpace(text[k])) k++;
      text = text.slice(k);
    }
    if (open === -1) {
      pieces.push({ text });
      break;
    }
    const close = tpl.indexOf('}}', open + 2);
    if (close === -1) return undefined;
    let inner = tpl.slice(open + 2, close);
    // Go only treats "{{- " / " -}}" (dash next to a space) as trim markers.
    if (inner.startsWith('- ') || inner.startsWith('-\t') || inner.startsWith('-\n') || inner.startsWith('-\r')) {
      let k = text.length;
      while (k > 0 && isTrimSpace(text[k - 1])) k--;
      text = text.slice(0, k);
      inner = inner.slice(1);
    }
    trimNext = inner.length >= 2 && inner.endsWith('-') && isTrimSpace(inner[inner.length - 2]);
    if (trimNext) inner = inner.slice(0, -1);
    pieces.push({ text });
    const name = inner.trim();
    const field = TEMPLATE_FIELDS.find((f) => name === `.${f}`);
    if (!field) return undefined;
    pieces.push({ field });
    i = close + 2;
  }
  return pieces;
}

/** Cut at `max` UTF-16 units without splitting a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/**
 * merge_commit_template ("org/repo", then org, as Prow's MergeCommitTemplate): Go templates over
 * the PR. Coxswain fills plain `{{ .Field }}` references (Number, Title, Body, HeadRefName,
 * Author.Login); a template with anything else is left to GitHub's default rather than
 * half-rendered. Output stops growing at the cap, so a template repeating `{{ .Body }}` over a
 * huge body costs no more than the cap.
 */
export function mergeCommitFor(tide: TideConfig | undefined, org: string, repo: string, pr: { number: number; title: string; body?: string; headRef: string; author: string }): { title?: string; message?: string } {
  const t = tide?.merge_commit_template?.[`${org}/${repo}`] ?? tide?.merge_commit_template?.[org];
  if (!t) return {};
  const values: Record<(typeof TEMPLATE_FIELDS)[number], string> = { Number: String(pr.number), Title: pr.title, Body: pr.body ?? '', HeadRefName: pr.headRef, 'Author.Login': pr.author };
  const render = (tpl: string | undefined, max: number): string | undefined => {
    // Prow parses only non-empty templates; an empty one leaves GitHub's default.
    if (!tpl || tpl.length > MAX_COMMIT_BODY) return undefined;
    const pieces = parseTemplate(tpl);
    if (!pieces) return undefined;
    const out: string[] = [];
    let len = 0;
    for (const piece of pieces) {
      if (len > max) break;
      const s = 'text' in piece ? piece.text : values[piece.field];
      // Only what can still fit is kept: bounded memory whatever the PR body.
      const part = s.slice(0, max + 1 - len);
      out.push(part);
      len += part.length;
    }
    return cut(out.join(''), max);
  };
  const title = render(t.title, MAX_COMMIT_TITLE);
  const message = render(t.body, MAX_COMMIT_BODY);
  return { ...(title !== undefined ? { title } : {}), ...(message !== undefined ? { message } : {}) };
}
