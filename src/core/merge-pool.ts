// The merge pool's decision (Tide's takeAction), pure: given the open PRs of one branch as the
// PR workflows last reported them, the base SHA, the context policy and what the pool is already
// doing (a batch, the bisection queue, merges GitHub refused), say what to do next and what `tide`
// status each PR should carry. The workflow (workflows/tide.ts) reads the facts with activities,
// calls `decide`, writes the statuses and carries the action out.
import type { TideRules as TideConfig, TideQuery } from './tide-rules.js';
import type { JobState } from './job.js';
import type { PresubmitTrigger } from './job-select.js';
import { isOptionalContext, mergeMethodFor, priorityRank, type ContextPolicy, type MergeMethod } from './tide-policy.js';
import { expectedStatus, queryMatches, truncateDescription, type PoolPr, type StatusInput, type TideStatus } from './tide-status.js';

export type PoolActionKind = 'MERGE' | 'MERGE_BATCH' | 'TRIGGER' | 'TRIGGER_BATCH' | 'WAIT' | 'BLOCKED';

/** One PR at one head, as a batch or an action names it. */
export interface PrAtSha {
  number: number;
  sha: string;
}

export interface PoolAction {
  kind: PoolActionKind;
  prs: PrAtSha[];
  /** Jobs to run (TRIGGER, TRIGGER_BATCH). */
  jobs: string[];
  /** Why, in words a person reads in the history and the `pool` query. */
  reason: string;
}

/** A batch in flight: its PRs at their heads, the base it runs on, and its jobs' runs. */
export interface PoolBatch {
  prs: PrAtSha[];
  baseSha: string;
  jobs: Record<string, { workflowId: string; state: JobState }>;
}

/** What the pool remembers between decisions (carried across continue-as-new). */
export interface PoolMemory {
  batch?: PoolBatch;
  /** Groups still to test after a failed batch, first first (Prow has no bisection). */
  bisect: number[][];
  /** Merges GitHub refused, by PR: out of the pool until the head changes. */
  refused: Record<string, { sha: string; reason: string }>;
  /** The bisected PR being tested alone: if it fails, the failed batch is explained. */
  suspect?: PrAtSha;
  /** Serial runs the pool started, by PR: counted as pending until their statuses arrive. */
  triggered: Record<string, { sha: string; baseSha: string; at: number }>;
}

export function emptyMemory(): PoolMemory {
  return { bisect: [], refused: {}, triggered: {} };
}

export interface PoolInputs {
  org: string;
  repo: string;
  branch: string;
  baseSha: string;
  /** Open PRs on this branch as last reported (any order). */
  prs: PoolPr[];
  /** tide.queries covering org/repo. */
  queries: TideQuery[];
  policy: ContextPolicy;
  /** Presubmits that could run on this branch (to map contexts to jobs). */
  presubmits: PresubmitTrigger[];
  tide?: TideConfig;
  batchSizeLimit: number;
  prioritizeExistingBatches: boolean;
  /** Open blocker issues for this branch. */
  blockers: number[];
  /** Workflow time, for expiring serial triggers that never reported. */
  now: number;
}

/** A PR's standing on the current base. */
export type Readiness = 'success' | 'pending' | 'missing';

export interface PrView {
  pr: PoolPr;
  inPool: boolean;
  readiness?: Readiness;
  /** Required jobs without a current result (to run on this base). */
  stale: string[];
  /** Why it is not in the pool, or what it waits for. */
  reasons: string[];
  status: TideStatus;
  method?: MergeMethod;
}

export interface Decision {
  action: PoolAction;
  memory: PoolMemory;
  /** Pool members in merge order, and every PR's status. */
  views: PrView[];
  /** A batch dropped without a result (its PRs changed): the workflow stops its runs. */
  abandonedBatch?: PoolBatch;
}

/** A serial run that never reported is forgotten after this long. */
const TRIGGER_TTL_MS = 2 * 3600 * 1000;
/** crier's suffix: the base the result was produced on (core/job-env.ts descriptionWithBaseSha). */
const BASE_SHA_SUFFIX = / BaseSHA:([0-9a-f]{40})$/;

export function baseShaOf(description: string): string | undefined {
  return BASE_SHA_SUFFIX.exec(description.slice(-60))?.[1];
}

/** Presubmit contexts a PR must have green on the current base, and their jobs. */
function requiredJobs(inputs: PoolInputs, pr: PoolPr): Array<{ context: string; job: string }> {
  const required = new Set(inputs.policy.required);
  const ifPresent = new Set(inputs.policy.requiredIfPresent);
  const out: Array<{ context: string; job: string }> = [];
  for (const p of inputs.presubmits) {
    if (isOptionalContext(inputs.policy, p.context)) continue;
    if (required.has(p.context) || (ifPresent.has(p.context) && p.context in pr.contexts)) out.push({ context: p.context, job: p.name });
  }
  return out;
}

/** Prow's filter: contexts on the head that keep a PR out of the pool whatever the base. */
function contextProblems(inputs: PoolInputs, pr: PoolPr): string[] {
  const jobContexts = new Set(inputs.policy.jobContexts);
  const out = new Set<string>();
  for (const ctx of inputs.policy.required) {
    if (!(ctx in pr.contexts) && !jobContexts.has(ctx)) out.add(ctx);
  }
  for (const [ctx, c] of Object.entries(pr.contexts)) {
    if (ctx === 'tide' || isOptionalContext(inputs.policy, ctx)) continue;
    if (c.state === 'failure' || c.state === 'error') out.add(ctx);
    // Pending is fine only for Prow jobs (they finish and report); others may never.
    else if ((c.state === 'pending' || c.state === 'expected') && !jobContexts.has(ctx)) out.add(ctx);
  }
  // A required job that never ran: Tide does not start first runs (run /test).
  for (const { context } of requiredJobs(inputs, pr)) {
    if (!(context in pr.contexts) && inputs.policy.required.includes(context)) out.add(context);
  }
  return [...out].sort();
}

/** Whether the PR's required jobs passed on this base; `stale` jobs need a run, `notCurrent` contexts lack a pass. */
function readinessOf(inputs: PoolInputs, pr: PoolPr, memory: PoolMemory): { readiness: Readiness; stale: string[]; notCurrent: string[] } {
  const stale: string[] = [];
  const notCurrent: string[] = [];
  let pending = false;
  for (const { context, job } of requiredJobs(inputs, pr)) {
    const c = pr.contexts[context];
    const current = c && baseShaOf(c.description) === inputs.baseSha;
    if (current && c.state === 'success') continue;
    notCurrent.push(context);
    if (current && c.state === 'pending') pending = true;
    else stale.push(job);
  }
  if (notCurrent.length === 0) return { readiness: 'success', stale, notCurrent };
  if (stale.length === 0 && pending) return { readiness: 'pending', stale, notCurrent };
  const t = memory.triggered[String(pr.number)];
  if (t && t.sha === pr.headSha && t.baseSha === inputs.baseSha) return { readiness: 'pending', stale, notCurrent };
  return { readiness: 'missing', stale, notCurrent };
}

/** Priority label sets first, then the oldest PR (lowest number). */
function byPriority(tide: TideConfig | undefined) {
  return (a: PrView, b: PrView) => priorityRank(tide?.priority, a.pr.labels) - priorityRank(tide?.priority, b.pr.labels) || a.pr.number - b.pr.number;
}

function view(inputs: PoolInputs, pr: PoolPr, memory: PoolMemory): PrView {
  const base = { pr, stale: [] as string[] };
  const failing = contextProblems(inputs, pr);
  const statusOf = (inPool: boolean, extra: Partial<StatusInput> = {}) =>
    expectedStatus({
      pr,
      org: inputs.org,
      repo: inputs.repo,
      queries: inputs.queries,
      inPool,
      blockers: inputs.blockers,
      failingContexts: failing,
      ...(inputs.tide?.display_all_tide_queries_in_status ? { displayAllQueries: true } : {}),
      ...extra,
    });
  const matched = inputs.queries.some((q) => queryMatches(q, pr, inputs.org, inputs.repo));
  if (!matched || pr.draft || pr.state !== 'open' || pr.baseRef !== inputs.branch) {
    return { ...base, inPool: false, reasons: [pr.draft ? 'draft' : 'does not match a Tide query'], status: statusOf(false) };
  }
  if (pr.mergeable === false) return { ...base, inPool: false, reasons: ['merge conflict'], status: statusOf(false) };
  const method = mergeMethodFor(inputs.tide, inputs.org, inputs.repo, inputs.branch, pr.labels);
  if ('problem' in method) return { ...base, inPool: false, reasons: [method.problem], status: statusOf(false, { mergeMethodProblem: method.problem }) };
  const refused = memory.refused[String(pr.number)];
  if (refused && refused.sha === pr.headSha) {
    return { ...base, inPool: false, reasons: [`GitHub refused the merge: ${refused.reason}`], status: { state: 'error', description: truncateDescription(`Not mergeable. GitHub refused the merge: ${refused.reason}`) } };
  }
  if (failing.length > 0) return { ...base, inPool: false, reasons: failing.map((c) => `${c} has not succeeded`), status: statusOf(false) };
  const { readiness, stale, notCurrent } = readinessOf(inputs, pr, memory);
  const reasons = readiness === 'success' ? [] : readiness === 'pending' ? [`${notCurrent.join(', ')} running on the current base`] : [`needs ${stale.join(', ')} on the current base`];
  // Prow names blockers only on PRs outside the pool; a blocked pool merges nothing, so Coxswain
  // says so on the PRs in it too.
  const blocked = inputs.blockers.length > 0 ? { state: 'error' as const, description: truncateDescription(`Not mergeable. Merging is blocked by issue${inputs.blockers.length > 1 ? 's' : ''} ${inputs.blockers.join(', ')}.`) } : undefined;
  return { pr, inPool: true, readiness, stale, reasons, method: method.method, status: blocked ?? statusOf(true, readiness === 'success' ? {} : { retesting: notCurrent }) };
}

const at = (v: PrView): PrAtSha => ({ number: v.pr.number, sha: v.pr.headSha });
const action = (kind: PoolActionKind, prs: PrAtSha[], reason: string, jobs: string[] = []): PoolAction => ({ kind, prs, jobs, reason });

function batchOutcome(b: PoolBatch): 'success' | 'failure' | 'pending' {
  const states = Object.values(b.jobs).map((j) => j.state);
  if (states.some((s) => s === 'failure' || s === 'error' || s === 'aborted')) return 'failure';
  return states.length > 0 && states.every((s) => s === 'success') ? 'success' : 'pending';
}

/** Splits a failed batch: the halves are tested in turn, ahead of anything new. */
export function bisect(group: number[]): number[][] {
  if (group.length < 2) return [];
  const mid = Math.ceil(group.length / 2);
  return [group.slice(0, mid), group.slice(mid)];
}

/** Jobs a batch runs: every required job of any of its PRs. */
function batchJobs(inputs: PoolInputs, views: PrView[]): string[] {
  return [...new Set(views.flatMap((v) => requiredJobs(inputs, v.pr).map((j) => j.job)))].sort();
}

/** Tide's takeAction, with bisection of failed batches. */
export function decide(inputs: PoolInputs, before: PoolMemory): Decision {
  const memory: PoolMemory = { ...before, bisect: before.bisect.map((g) => [...g]), refused: { ...before.refused }, triggered: { ...before.triggered } };
  const open = new Map(inputs.prs.map((p) => [p.number, p]));
  // Forget what no longer applies: refusals of an older head, runs that never reported.
  for (const [n, r] of Object.entries(memory.refused)) if (open.get(Number(n))?.headSha !== r.sha) delete memory.refused[n];
  for (const [n, t] of Object.entries(memory.triggered)) {
    if (open.get(Number(n))?.headSha !== t.sha || t.baseSha !== inputs.baseSha || inputs.now - t.at > TRIGGER_TTL_MS) delete memory.triggered[n];
  }
  const views = inputs.prs.map((p) => view(inputs, p, memory)).sort(byPriority(inputs.tide));
  const pool = views.filter((v) => v.inPool);
  const inPool = new Map(pool.map((v) => [v.pr.number, v]));
  // A bisected PR that failed alone explains the failed batch: the rest go back to one batch
  // instead of the halves still queued.
  if (memory.suspect) {
    const v = views.find((x) => x.pr.number === memory.suspect!.number);
    if (v && !v.inPool && v.pr.headSha === memory.suspect.sha) memory.bisect = [];
    if (!v || !inPool.has(v.pr.number) || v.readiness === 'success') delete memory.suspect;
  }
  // Bisection groups keep only PRs still in the pool at the same place in line.
  memory.bisect = memory.bisect.map((g) => g.filter((n) => inPool.has(n))).filter((g) => g.length > 0);

  let abandonedBatch: PoolBatch | undefined;
  if (memory.batch) {
    const b = memory.batch;
    const valid = b.baseSha === inputs.baseSha && b.prs.every((p) => inPool.get(p.number)?.pr.headSha === p.sha);
    const outcome = batchOutcome(b);
    if (!valid) {
      if (outcome === 'pending') abandonedBatch = b;
      delete memory.batch;
    } else if (outcome === 'failure') {
      // Test the halves next instead of the same batch again.
      memory.bisect = [...bisect(b.prs.map((p) => p.number)), ...memory.bisect];
      delete memory.batch;
    }
  }
  const decision = (a: PoolAction): Decision => ({ action: a, memory, views, ...(abandonedBatch ? { abandonedBatch } : {}) });

  if (inputs.blockers.length > 0) {
    return decision(action('BLOCKED', [], `merging to ${inputs.branch} is blocked by issue${inputs.blockers.length > 1 ? 's' : ''} ${inputs.blockers.join(', ')}`));
  }
  if (pool.length === 0) return decision(action('WAIT', [], 'no pull request is in the pool'));

  const batch = memory.batch;
  if (batch && batchOutcome(batch) === 'success') {
    return decision(action('MERGE_BATCH', batch.prs, `batch ${batch.prs.map((p) => `#${p.number}`).join(', ')} passed on ${inputs.baseSha.slice(0, 7)}`));
  }
  const batchPending = !!batch;
  const successes = pool.filter((v) => v.readiness === 'success');
  if (successes.length > 0 && !batchPending) {
    const top = successes[0]!;
    return decision(action('MERGE', [at(top)], `#${top.pr.number} passed its required jobs on ${inputs.baseSha.slice(0, 7)}`));
  }

  const inBatch = new Set(batch?.prs.map((p) => p.number) ?? []);
  const serialPending = pool.some((v) => v.readiness === 'pending' && !inBatch.has(v.pr.number));
  // While a failed batch is being bisected its parts are tested one at a time: a part tested next
  // to another would be stale as soon as the other merged.
  const bisecting = memory.bisect.length > 0 && serialPending;
  if (!batchPending && inputs.batchSizeLimit !== -1 && !bisecting) {
    // A failed batch's halves come first; then a new batch of everything ready, in order.
    const group = memory.bisect[0];
    let candidates = group ? group.map((n) => inPool.get(n)!) : pool;
    if (inputs.batchSizeLimit > 0) candidates = candidates.slice(0, inputs.batchSizeLimit);
    if (candidates.length > 1) {
      if (group) memory.bisect = memory.bisect.slice(1);
      const jobs = batchJobs(inputs, candidates);
      if (jobs.length > 0) {
        return decision(
          action('TRIGGER_BATCH', candidates.map(at), `${group ? 'bisecting a failed batch: ' : ''}testing ${candidates.map((v) => `#${v.pr.number}`).join(', ')} together on ${inputs.baseSha.slice(0, 7)}`, jobs),
        );
      }
    }
  }

  // Serial: retest one PR on the current base when nothing serial is running or ready.
  if (!serialPending && successes.length === 0) {
    // Halves of a failed batch wait their turn: they are tested after the batch running now.
    const queued = new Set(memory.bisect.flat());
    const single = !batchPending && memory.bisect[0]?.length === 1 ? inPool.get(memory.bisect[0][0]!) : undefined;
    const next = single ?? pool.find((v) => v.readiness === 'missing' && !inBatch.has(v.pr.number) && !queued.has(v.pr.number));
    if (next && next.readiness === 'missing') {
      if (single) {
        memory.bisect = memory.bisect.slice(1);
        memory.suspect = at(single);
      }
      memory.triggered[String(next.pr.number)] = { sha: next.pr.headSha, baseSha: inputs.baseSha, at: inputs.now };
      return decision(action('TRIGGER', [at(next)], `#${next.pr.number} needs ${next.stale.join(', ')} on ${inputs.baseSha.slice(0, 7)}`, next.stale));
    }
  }
  const waitingFor = batchPending ? `batch ${batch!.prs.map((p) => `#${p.number}`).join(', ')} is running` : successes.length > 0 ? 'merges' : 'required jobs to finish';
  return decision(action('WAIT', [], `waiting for ${waitingFor}`));
}

/** Where a PR stands: its place in line (1-based, undefined when out of the pool) and what blocks it. */
export function positionOf(views: PrView[], number: number): { position?: number; reasons: string[]; status?: TideStatus } {
  const pool = views.filter((v) => v.inPool);
  const i = pool.findIndex((v) => v.pr.number === number);
  const v = views.find((x) => x.pr.number === number);
  if (!v) return { reasons: ['the merge pool has not seen this pull request'] };
  return { ...(i >= 0 ? { position: i + 1 } : {}), reasons: v.reasons, status: v.status };
}
