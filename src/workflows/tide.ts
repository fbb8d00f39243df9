import { condition, continueAsNew, getExternalWorkflowHandle, log, ParentClosePolicy, proxyActivities, proxyLocalActivities, setCurrentDetails, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { MergeResult, TideSetup } from '../activities/tide.js';
import type { Refs } from '../core/job.js';
import { decide, emptyMemory, positionOf, type PoolAction, type PoolBatch, type PrView } from '../core/merge-pool.js';
import { TIDE_CONTEXT, type PoolPr } from '../core/tide-status.js';
import { refusal } from './activities.js';
import { jobWorkflow } from './job.js';
import {
  abortJobSignal,
  githubEventSignal,
  jobWorkflowId,
  mergePoolWorkflowId,
  poolPrQuery,
  poolPrSignal,
  poolQuery,
  poolSyncSignal,
  prWorkflowId,
  type MergePoolInput,
  type MergePoolState,
  type PoolView,
} from './messages.js';

// Tide's merge pool for one branch, event-driven: PR workflows signal when a PR's labels, head,
// statuses or state change, batch runs report here when they end, and the pool decides at once
// (core/merge-pool.ts) instead of on a timer. Every `sync_period` it re-reads GitHub's open PRs to
// repair anything a signal missed. It is the only writer of the `tide` status and the only merger
// for its branch, so two merges never race.

/**
 * The merge: a lost answer (a worker killed mid-call) is noticed within the timeout and the
 * retry finds the PR merged (the activity checks first), so a PR is merged exactly once.
 */
const merger = proxyActivities<Activities>({
  startToCloseTimeout: '20 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});
/** Reading every open PR of a branch may take a while on a big repository. */
const reader = proxyActivities<Activities>({ startToCloseTimeout: '5 minutes', heartbeatTimeout: '1 minute', retry: { initialInterval: '1 second', maximumInterval: '1 minute', maximumAttempts: 5 } });

/**
 * The pool's reads and writes: local activities that give up after a few tries, so a GitHub
 * outage or rate limit costs one decision, not a workflow task stuck waiting; the next signal or
 * reconciliation decides again.
 */
const gh = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: { initialInterval: '500 milliseconds', maximumInterval: '5 seconds', maximumAttempts: 3 } });

/** Reads that must not wait out a rate limit inside the pool's workflow task. */
const once = proxyLocalActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 1 } });
const BLOCKERS_EVERY_MS = 60_000;

const MAX_ACTIONS = 50;
const MAX_PRS = 2000;
const DEFAULT_MAX_HISTORY_EVENTS = 10_000;

export async function mergePoolWorkflow(input: MergePoolInput): Promise<void> {
  const { owner, repo, branch } = input;
  const s: MergePoolState = input.state ?? { prs: {}, memory: emptyMemory(), written: {}, actions: [], merged: 0 };
  const self = mergePoolWorkflowId(owner, repo, branch);
  let views: PrView[] = [];
  let dirty = true;
  // A new pool reads GitHub first: it may be taking over open PRs from Prow or an ended pool.
  let reconcileDue = input.state === undefined;
  let reconcileMs: number | undefined;

  setHandler(poolPrSignal, (pr) => {
    if (pr.state !== 'open' || pr.baseRef !== branch) delete s.prs[String(pr.number)];
    else if (String(pr.number) in s.prs || Object.keys(s.prs).length < MAX_PRS) s.prs[String(pr.number)] = pr;
    dirty = true;
  });
  setHandler(githubEventSignal, (event) => {
    // Batch runs report here (the pool is their parent).
    const job = event.kind === 'job' ? s.memory.batch?.jobs[event.job] : undefined;
    if (event.kind !== 'job' || !job || job.workflowId !== event.workflowId) return;
    job.state = event.action;
    dirty = true;
  });
  let blockersDue = input.state === undefined;
  setHandler(poolSyncSignal, (ask) => {
    reconcileDue = true;
    if (ask.blockers) blockersDue = true;
    dirty = true;
  });
  setHandler(poolQuery, (): PoolView => viewOf(input, s, views));
  setHandler(poolPrQuery, (n) => positionOf(views, n));

  for (;;) {
    const woke = await condition(() => dirty || reconcileDue || historyTooLong(input), reconcileMs ?? 5 * 60_000);
    if (historyTooLong(input)) break;
    if (!woke) reconcileDue = true;
    dirty = false;
    if (reconcileDue) {
      reconcileDue = false;
      const readBlockers = blockersDue || Date.now() - (s.blockersReadAt ?? 0) >= BLOCKERS_EVERY_MS;
      blockersDue = false;
      await reconcile(input, s, readBlockers);
    }
    const setup = await sync(input, s, self, (v) => (views = v)).catch((err: unknown) => {
      log.warn('the merge pool could not decide', { error: refusal(err) });
      return undefined;
    });
    if (setup) reconcileMs = setup.setup.reconcileMs;
    // Something was done (a merge moved the base): decide again at once.
    if (setup?.again) dirty = true;
  }
  await continueAsNew<typeof mergePoolWorkflow>({ ...input, state: s });
}

function historyTooLong(input: MergePoolInput): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= (input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS);
}

async function reconcile(input: MergePoolInput, s: MergePoolState, readBlockers: boolean): Promise<void> {
  // GitHub's search allows 30 calls a minute per token: blocker issues are read when an issue's
  // workflow says one changed, and otherwise once a minute at most. A refusal (rate limit) keeps
  // the last answer rather than holding the pool until the limit resets.
  if (readBlockers) {
    try {
      const setup = await gh.tideSetup({ owner: input.owner, repo: input.repo, branch: input.branch });
      s.blockers = setup.blockerLabel ? await once.blockerIssues({ owner: input.owner, repo: input.repo, branch: input.branch, label: setup.blockerLabel }) : [];
      s.blockersReadAt = Date.now();
    } catch (err) {
      log.warn('the merge pool could not read blocker issues; keeping the last ones', { error: refusal(err) });
    }
  }
  try {
    const prs = await reader.listPoolPrs({ owner: input.owner, repo: input.repo, branch: input.branch });
    const known = s.prs;
    s.prs = {};
    for (const pr of prs.slice(0, MAX_PRS)) {
      const old = known[String(pr.number)];
      // The list does not carry mergeability; keep what the PR workflow last said for the same head.
      s.prs[String(pr.number)] = old && old.headSha === pr.headSha ? { ...pr, mergeable: old.mergeable, ...(old.reviewApproved !== undefined ? { reviewApproved: old.reviewApproved } : {}) } : pr;
    }
    s.reconciledAt = Date.now();
  } catch (err) {
    log.warn('the merge pool could not read the open PRs', { error: refusal(err) });
  }
}

async function sync(input: MergePoolInput, s: MergePoolState, self: string, setViews: (v: PrView[]) => void): Promise<{ setup: TideSetup; again: boolean }> {
  const { owner, repo, branch } = input;
  const setup = await gh.tideSetup({ owner, repo, branch });
  const baseSha = await gh.branchHead({ owner, repo, branch });
  s.baseSha = baseSha;
  const blockers = setup.blockerLabel ? (s.blockers ?? []) : [];
  const d = decide(
    {
      org: owner,
      repo,
      branch,
      baseSha,
      prs: Object.values(s.prs),
      queries: setup.queries,
      policy: setup.policy,
      presubmits: setup.presubmits,
      ...(setup.tide ? { tide: setup.tide } : {}),
      batchSizeLimit: setup.batchSizeLimit,
      prioritizeExistingBatches: setup.prioritizeExistingBatches,
      blockers,
      now: Date.now(),
    },
    s.memory,
  );
  s.memory = d.memory;
  setViews(d.views);
  setCurrentDetails(poolDetails(input, baseSha, d.views, d.action));
  if (setup.covered) await writeStatuses(input, s, d.views, setup.targetUrl);
  if (d.abandonedBatch) await abortBatch(d.abandonedBatch, 'Aborted: a PR in the batch changed.');
  await record(s, d.action, baseSha);
  if (!setup.covered) return { setup, again: false };
  switch (d.action.kind) {
    case 'MERGE':
    case 'MERGE_BATCH':
      await merge(input, s, d.action, d.views);
      return { setup, again: true };
    case 'TRIGGER':
      await triggerSerial(input, s, d.action, baseSha);
      return { setup, again: false };
    case 'TRIGGER_BATCH':
      s.memory.batch = await triggerBatch(input, s, d.action, baseSha, self);
      return { setup, again: false };
    default:
      return { setup, again: false };
  }
}

/** The `tide` status on every PR of the branch, written only when it changes. */
async function writeStatuses(input: MergePoolInput, s: MergePoolState, views: PrView[], targetUrl?: string): Promise<void> {
  for (const v of views) {
    const key = String(v.pr.number);
    const before = s.written[key];
    if (before && before.sha === v.pr.headSha && before.state === v.status.state && before.description === v.status.description) continue;
    try {
      await gh.createStatus({ owner: input.owner, repo: input.repo }, v.pr.headSha, {
        context: TIDE_CONTEXT,
        state: v.status.state,
        description: v.status.description,
        ...(targetUrl ? { targetUrl } : {}),
      });
      s.written[key] = { sha: v.pr.headSha, state: v.status.state, description: v.status.description };
    } catch (err) {
      log.warn('could not write the tide status', { number: v.pr.number, error: refusal(err) });
    }
  }
  for (const key of Object.keys(s.written)) if (!(key in s.prs)) delete s.written[key];
}

/**
 * Each decision that changes something is one `poolAction` marker in the history (what and
 * why), so the Web UI reads as the pool's log; a repeated WAIT is not recorded again.
 */
async function record(s: MergePoolState, a: PoolAction, baseSha: string): Promise<void> {
  const last = s.actions.at(-1);
  if (last && last.kind === a.kind && last.reason === a.reason) return;
  s.actions = [...s.actions, { ...a, at: new Date().toISOString(), baseSha }].slice(-MAX_ACTIONS);
  await gh.poolAction(a).catch(() => undefined);
}

async function merge(input: MergePoolInput, s: MergePoolState, a: PoolAction, views: PrView[]): Promise<void> {
  const { owner, repo } = input;
  for (const target of a.prs) {
    const v = views.find((x) => x.pr.number === target.number);
    if (!v) continue;
    let result: MergeResult;
    try {
      const commit = await gh.mergeCommit({ owner, repo, pr: { number: v.pr.number, title: v.pr.title, ...(v.pr.body ? { body: v.pr.body } : {}), headRef: v.pr.headRef, author: v.pr.author } });
      result = await merger.merge({ owner, repo, number: target.number, sha: target.sha, method: v.method ?? 'merge', ...commit });
    } catch (err) {
      result = { merged: false, refused: refusal(err) };
    }
    if (result.merged) {
      delete s.prs[String(target.number)];
      s.merged++;
      continue;
    }
    if (result.moved) continue;
    // Refused for this head: said once on the PR, and the PR waits out of the pool until it changes.
    s.memory.refused[String(target.number)] = { sha: target.sha, reason: result.refused };
    try {
      await gh.createComment({ owner, repo, number: target.number }, `Tide could not merge this pull request: GitHub refused the merge: ${result.refused}\n\nIt stays out of the merge pool until its head changes; fix what GitHub asks (branch protection, merge method, conflicts) and push.`);
    } catch (err) {
      log.warn('could not report the refused merge', { number: target.number, error: refusal(err) });
    }
    // A batch whose merge GitHub refuses for a reason that holds for all (method, permission) stops.
    if (a.kind === 'MERGE_BATCH') break;
  }
  if (a.kind === 'MERGE_BATCH') delete s.memory.batch;
}

function pullsOf(s: MergePoolState, prs: Array<{ number: number; sha: string }>): NonNullable<Refs['pulls']> {
  return prs.map((p) => {
    const pr: PoolPr | undefined = s.prs[String(p.number)];
    return { number: p.number, sha: p.sha, author: pr?.author ?? '', title: pr?.title ?? '', head_ref: pr?.headRef ?? '' };
  });
}

function buildId(s: MergePoolState): string {
  return `${Date.now()}${String(s.actions.length % 10_000).padStart(4, '0')}`;
}

/** Tide's TRIGGER: the PR's required presubmits on the current base; they report to the PR as any run. */
async function triggerSerial(input: MergePoolInput, s: MergePoolState, a: PoolAction, baseSha: string): Promise<void> {
  const target = a.prs[0]!;
  const refs: Refs = { org: input.owner, repo: input.repo, base_ref: input.branch, base_sha: baseSha, pulls: pullsOf(s, [target]) };
  for (const job of a.jobs) {
    const id = buildId(s);
    try {
      await startChild(jobWorkflow, {
        workflowId: jobWorkflowId(input.owner, input.repo, job, id),
        args: [{ type: 'presubmit', job, owner: input.owner, repo: input.repo, refs, buildId: id, parent: prWorkflowId(input.owner, input.repo, target.number) }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `${job} on ${input.owner}/${input.repo}#${target.number}, retest on ${input.branch} at ${baseSha.slice(0, 7)} (merge pool)`,
      });
    } catch (err) {
      log.warn('could not start a retest', { job, number: target.number, error: String(err) });
    }
  }
}

/** Tide's TRIGGER_BATCH: batch runs with every PR's refs; they report to the pool. */
async function triggerBatch(input: MergePoolInput, s: MergePoolState, a: PoolAction, baseSha: string, self: string): Promise<PoolBatch> {
  const refs: Refs = { org: input.owner, repo: input.repo, base_ref: input.branch, base_sha: baseSha, pulls: pullsOf(s, a.prs) };
  const batch: PoolBatch = { prs: a.prs, baseSha, jobs: {} };
  for (const job of a.jobs) {
    const id = buildId(s);
    const workflowId = jobWorkflowId(input.owner, input.repo, job, id);
    try {
      await startChild(jobWorkflow, {
        workflowId,
        args: [{ type: 'batch', job, owner: input.owner, repo: input.repo, refs, buildId: id, parent: self }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        staticSummary: `${job}: batch ${a.prs.map((p) => `#${p.number}`).join(', ')} on ${input.owner}/${input.repo}:${input.branch} at ${baseSha.slice(0, 7)}`,
      });
      batch.jobs[job] = { workflowId, state: 'triggered' };
    } catch (err) {
      log.warn('could not start a batch run', { job, error: String(err) });
      batch.jobs[job] = { workflowId, state: 'error' };
    }
  }
  return batch;
}

async function abortBatch(b: PoolBatch, description: string): Promise<void> {
  for (const j of Object.values(b.jobs)) {
    try {
      await getExternalWorkflowHandle(j.workflowId).signal(abortJobSignal, { description, report: false });
    } catch {
      // Already ended.
    }
  }
}

/** The Web UI's current details for the pool: the line, who is out and why, the last decision. */
function poolDetails(input: MergePoolInput, baseSha: string, views: PrView[], a: PoolAction): string {
  const pool = views.filter((v) => v.inPool);
  const out = views.filter((v) => !v.inPool).slice(0, 20);
  return [
    `**Merge pool ${input.owner}/${input.repo}:${input.branch}** at \`${baseSha.slice(0, 7)}\``,
    '',
    `Last decision: ${a.kind}: ${a.reason}`,
    '',
    `In the pool (merge order): ${pool.length ? pool.map((v) => `#${v.pr.number}${v.readiness ? ` (${v.readiness})` : ''}`).join(', ') : 'none'}`,
    ...(out.length ? ['', 'Not in the pool:', ...out.map((v) => `- #${v.pr.number}: ${v.status.description}`)] : []),
  ].join('\n');
}

function viewOf(input: MergePoolInput, s: MergePoolState, views: PrView[]): PoolView {
  return {
    owner: input.owner,
    repo: input.repo,
    branch: input.branch,
    ...(s.baseSha ? { baseSha: s.baseSha } : {}),
    pool: views.filter((v) => v.inPool).map((v) => ({ number: v.pr.number, sha: v.pr.headSha, ...(v.readiness ? { readiness: v.readiness } : {}), status: v.status, reasons: v.reasons })),
    outside: views.filter((v) => !v.inPool).map((v) => ({ number: v.pr.number, status: v.status, reasons: v.reasons })),
    ...(s.memory.batch ? { batch: s.memory.batch } : {}),
    bisect: s.memory.bisect,
    actions: s.actions,
    merged: s.merged,
  };
}
