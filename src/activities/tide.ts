import { Context, getClient } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { LoadedConfig, TideConfig, TideQuery } from '../config/load.js';
import { parseGoDuration } from '../config/go-duration.js';
import { shouldRunOnBranch } from '../core/brancher.js';
import { presubmitTriggers, type PresubmitTrigger } from '../core/job-select.js';
import { batchSizeLimitFor, blockingIssues, contextPolicyFor, mergeCommitFor, prioritizeExistingBatchesFor, type ContextPolicy, type MergeMethod } from '../core/tide-policy.js';
import type { PoolAction } from '../core/merge-pool.js';
import { queryMatches, type PoolPr } from '../core/tide-status.js';
import { queriesFor } from '../core/why.js';
import type { GithubAccess } from '../github/access.js';
import { classifyGithubError, githubStatus } from './github-errors.js';
import type { TideMetrics } from './metrics.js';

// The merge pool's facts and its two writes that are not plain GitHub calls: the merge (SHA
// guarded and safe to repeat) and telling a pool that a PR changed (signal-with-start).

/** What the pool needs of config.yaml for one branch, read on every decision (config may reload). */
export interface TideSetup {
  /** Some Tide query covers the repository: otherwise nothing merges here. */
  covered: boolean;
  queries: TideQuery[];
  policy: ContextPolicy;
  presubmits: PresubmitTrigger[];
  /** tide: without the parts the pool does not read (gerrit). */
  tide?: TideConfig;
  batchSizeLimit: number;
  prioritizeExistingBatches: boolean;
  blockerLabel?: string;
  /** How often the pool re-reads GitHub to repair anything missed (tide.sync_period; default 5m). */
  reconcileMs: number;
  targetUrl?: string;
}

/** The pool re-reads GitHub this often unless config.yaml says `tide.sync_period`. */
export const DEFAULT_RECONCILE_MS = 5 * 60_000;
/** Open PRs one pool reads at most when it reconciles. */
const MAX_POOL_PRS = 1000;
const MAX_CONTEXTS = 300;

/** `moved`: the head changed since it was tested (not GitHub's refusal: the new head is tested again). */
export type MergeResult = { merged: true; sha: string; already: boolean } | { merged: false; refused: string; moved?: boolean };

export interface TideActivityDeps {
  github: GithubAccess;
  config: () => LoadedConfig;
  /** Pool sizes, merges, syncs and decisions (none: not counted). */
  metrics?: TideMetrics;
}

export function tideSetupFor(config: LoadedConfig['config'], owner: string, repo: string, branch: string): TideSetup {
  const tide = config.tide;
  const presubmits = presubmitTriggers(config, owner, repo).filter((p) => shouldRunOnBranch(p, branch));
  const queries = queriesFor(tide?.queries, owner, repo);
  const { gerrit: _gerrit, ...rest } = tide ?? {};
  const url = tide?.target_urls?.[`${owner}/${repo}`] ?? tide?.target_urls?.[owner] ?? tide?.target_urls?.['*'] ?? tide?.target_url;
  return {
    covered: queries.length > 0,
    queries,
    policy: contextPolicyFor({ ...(tide ? { tide } : {}), ...(config['branch-protection'] ? { branchProtection: config['branch-protection'] } : {}), presubmits, org: owner, repo, branch }),
    presubmits,
    ...(tide ? { tide: rest } : {}),
    batchSizeLimit: batchSizeLimitFor(tide, owner, repo),
    prioritizeExistingBatches: prioritizeExistingBatchesFor(tide, owner, repo),
    ...(tide?.blocker_label ? { blockerLabel: tide.blocker_label } : {}),
    reconcileMs: (tide?.sync_period && parseGoDuration(tide.sync_period)) || DEFAULT_RECONCILE_MS,
    ...(url ? { targetUrl: url } : {}),
  };
}

export function createTideActivities(deps: TideActivityDeps) {
  const { clients } = deps.github;
  const call = async <T>(what: string, owner: string, repo: string, fn: (o: Awaited<ReturnType<typeof clients.forRepo>>) => Promise<T>): Promise<T> => {
    try {
      return await fn(await clients.forRepo(owner, repo));
    } catch (err) {
      throw classifyGithubError(err, what);
    }
  };

  const activities = {
    async tideSetup(input: { owner: string; repo: string; branch: string }): Promise<TideSetup> {
      return tideSetupFor(deps.config().config, input.owner, input.repo, input.branch);
    },

    /** The branch's head now: the base every result must be current for. */
    async branchHead(input: { owner: string; repo: string; branch: string }): Promise<string> {
      return call(`read branch ${input.branch} of ${input.owner}/${input.repo}`, input.owner, input.repo, async (o) =>
        (await o.rest.repos.getBranch({ owner: input.owner, repo: input.repo, branch: input.branch })).data.commit.sha,
      );
    },

    /** Open issues with the blocker label that block this branch (Prow's blockers). */
    async blockerIssues(input: { owner: string; repo: string; branch: string; label: string }): Promise<number[]> {
      const q = `is:issue state:open repo:${input.owner}/${input.repo} label:"${input.label.replace(/"/g, '')}"`;
      const items = await call(`search blocker issues of ${input.owner}/${input.repo}`, input.owner, input.repo, async (o) =>
        (await o.rest.search.issuesAndPullRequests({ q, per_page: 100 })).data.items,
      );
      return blockingIssues(items.filter((i) => !i.pull_request).map((i) => ({ number: i.number, title: i.title })), input.branch);
    },

    /**
     * The open PRs on the branch as GitHub has them now, with the statuses on their heads: the
     * pool's repair for anything its signals missed, and its start when it takes over from Prow.
     */
    async listPoolPrs(input: { owner: string; repo: string; branch: string }): Promise<PoolPr[]> {
      const { owner, repo, branch } = input;
      const pulls = await call(`list open PRs on ${owner}/${repo}:${branch}`, owner, repo, (o) =>
        o.paginate(o.rest.pulls.list, { owner, repo, state: 'open', base: branch, per_page: 100 }, (res, done) => {
          if (res.data.length >= MAX_POOL_PRS) done();
          return res.data;
        }),
      );
      const out: PoolPr[] = [];
      for (const p of pulls.slice(0, MAX_POOL_PRS)) {
        Context.current().heartbeat();
        const statuses = await call(`read statuses of ${p.head.sha.slice(0, 7)} in ${owner}/${repo}`, owner, repo, async (o) =>
          (await o.rest.repos.listCommitStatusesForRef({ owner, repo, ref: p.head.sha, per_page: 100 })).data,
        );
        const contexts: PoolPr['contexts'] = {};
        for (const st of statuses) {
          if (st.context in contexts || Object.keys(contexts).length >= MAX_CONTEXTS) continue;
          contexts[st.context] = { state: st.state, description: (st.description ?? '').slice(0, 140) };
        }
        out.push({
          number: p.number,
          author: p.user?.login ?? '',
          title: p.title.slice(0, 256),
          headSha: p.head.sha,
          headRef: p.head.ref,
          baseRef: p.base.ref,
          labels: p.labels.map((l) => l.name ?? '').filter(Boolean),
          ...(p.milestone?.title ? { milestone: p.milestone.title } : {}),
          draft: !!p.draft,
          mergeable: null,
          state: 'open',
          contexts,
        });
      }
      return out;
    },

    /**
     * Merges PR `number` only if its head is still `sha`. Safe to repeat: a retry after a crash
     * (the merge went through, its answer was lost) finds the PR merged and says so, so a PR is
     * never merged twice and a merge is never lost. GitHub's refusals (not mergeable, method not
     * allowed, protected branch, head moved) come back as `refused`, not as retries.
     */
    async merge(input: { owner: string; repo: string; number: number; sha: string; method: MergeMethod; title?: string; message?: string }): Promise<MergeResult> {
      const { owner, repo, number } = input;
      const read = () => call(`read ${owner}/${repo}#${number}`, owner, repo, async (o) => (await o.rest.pulls.get({ owner, repo, pull_number: number })).data);
      const before = await read();
      if (before.merged) return { merged: true, sha: before.merge_commit_sha ?? '', already: true };
      if (before.state !== 'open') return { merged: false, refused: 'the pull request is closed' };
      if (before.head.sha !== input.sha) return { merged: false, refused: `the head moved to ${before.head.sha.slice(0, 7)} after it was tested`, moved: true };
      try {
        const o = await clients.forRepo(owner, repo);
        const { data } = await o.rest.pulls.merge({
          owner,
          repo,
          pull_number: number,
          sha: input.sha,
          merge_method: input.method,
          ...(input.title !== undefined ? { commit_title: input.title } : {}),
          ...(input.message !== undefined ? { commit_message: input.message } : {}),
        });
        return { merged: true, sha: data.sha, already: false };
      } catch (err) {
        const status = githubStatus(err);
        const classified = classifyGithubError(err, `merge ${owner}/${repo}#${number}`);
        if (classified instanceof ApplicationFailure && classified.type === 'GithubRateLimited') throw classified;
        if (status === 405 || status === 409 || status === 422 || status === 403) {
          // The answer may be lost after the merge was made: GitHub's state is the truth.
          const after = await read();
          if (after.merged) return { merged: true, sha: after.merge_commit_sha ?? '', already: true };
          // "Base branch was modified": GitHub merges one PR at a time; try again shortly (Prow retries it too).
          if (/base branch was modified/i.test(messageOf(err))) throw ApplicationFailure.retryable(`merge ${owner}/${repo}#${number}: ${messageOf(err)}`, 'BaseBranchModified');
          if (status === 409 || after.head.sha !== input.sha) return { merged: false, refused: `the head moved to ${after.head.sha.slice(0, 7)} after it was tested`, moved: true };
          return { merged: false, refused: `${messageOf(err)} (${status})` };
        }
        throw classified;
      }
    },

    /** Merge commit title and message from tide.merge_commit_template. */
    async mergeCommit(input: { owner: string; repo: string; pr: { number: number; title: string; body?: string; headRef: string; author: string } }): Promise<{ title?: string; message?: string }> {
      return mergeCommitFor(deps.config().config.tide, input.owner, input.repo, input.pr);
    },

    /**
     * A marker in the pool's history for each decision that changed (MERGE, TRIGGER_BATCH, WAIT,
     * BLOCKED...) with its reason: the history reads as the pool's log. Does nothing else.
     */
    async poolAction(action: PoolAction): Promise<{ kind: string; reason: string }> {
      return { kind: action.kind, reason: action.reason };
    },

    /**
     * Asks every running pool of the repository to read GitHub again now, blocker issues included
     * (a blocker issue changed). The pools are found in Temporal's visibility store.
     */
    async pokeMergePools(input: { owner: string; repo: string; reason: string }): Promise<number> {
      const client = getClient();
      const prefix = `tide/${input.owner}/${input.repo}/`.replace(/"/g, '');
      let n = 0;
      for await (const wf of client.workflow.list({ query: `WorkflowType = 'mergePoolWorkflow' AND ExecutionStatus = 'Running' AND WorkflowId STARTS_WITH "${prefix}"` })) {
        await client.workflow.getHandle(wf.workflowId).signal('poolSync', { reason: input.reason, blockers: true }).catch(() => undefined);
        if (++n >= 1000) break;
      }
      return n;
    },

    /** Tells the pool of `branch` that a PR changed, starting the pool if it is not running. */
    async notifyMergePool(input: { owner: string; repo: string; branch: string; pr: PoolPr }): Promise<void> {
      const info = Context.current().info;
      await getClient().workflow.signalWithStart('mergePoolWorkflow', {
        workflowId: `tide/${input.owner}/${input.repo}/${input.branch}`,
        taskQueue: info.taskQueue,
        args: [{ owner: input.owner, repo: input.repo, branch: input.branch }],
        signal: 'poolPr',
        signalArgs: [input.pr],
        staticSummary: `Merge pool ${input.owner}/${input.repo}:${input.branch} (Tide)`,
      });
    },
  };
  return deps.metrics ? counted(activities, deps.metrics, deps.config) : activities;
}

/** The pool an activity works for, from its workflow id (`tide/{owner}/{repo}/{branch}`; the branch may hold slashes). */
export function poolOfWorkflowId(workflowId: string): { org: string; repo: string; branch: string } | undefined {
  const m = /^tide\/([^/]+)\/([^/]+)\/(.+)$/.exec(workflowId);
  return m ? { org: m[1]!, repo: m[2]!, branch: m[3]! } : undefined;
}

interface CountedActivities {
  listPoolPrs(input: { owner: string; repo: string; branch: string }): Promise<PoolPr[]>;
  merge(input: { owner: string; repo: string; number: number; sha: string; method: MergeMethod; title?: string; message?: string }): Promise<MergeResult>;
  poolAction(action: PoolAction): Promise<{ kind: string; reason: string }>;
}

/**
 * The activities, counted (Prow's Tide metrics). The merge's and the decision's pool is the
 * calling workflow's (its id), so no workflow input changes for them.
 */
function counted<T extends CountedActivities>(activities: T, metrics: TideMetrics, config: () => LoadedConfig): T {
  const poolOfCaller = () => poolOfWorkflowId(Context.current().info.workflowExecution?.workflowId ?? '');
  return {
    ...activities,
    async listPoolPrs(input: { owner: string; repo: string; branch: string }): Promise<PoolPr[]> {
      const pool = { org: input.owner, repo: input.repo, branch: input.branch };
      const started = performance.now();
      let prs: PoolPr[];
      try {
        prs = await activities.listPoolPrs(input);
      } catch (err) {
        metrics.poolErrors.inc(pool);
        throw err;
      }
      metrics.syncSeconds.observe(pool, (performance.now() - started) / 1000);
      // Prow's pool: the open PRs some query selects (their statuses and tests decide the rest).
      // The list does not carry reviews: a query's review rule is left to the pool's decision.
      const queries = queriesFor(config().config.tide?.queries, input.owner, input.repo).map((q) => (q.reviewApprovedRequired ? { ...q, reviewApprovedRequired: false } : q));
      metrics.poolSize.set(pool, queries.length === 0 ? 0 : prs.filter((pr) => queries.some((q) => queryMatches(q, pr, input.owner, input.repo))).length);
      return prs;
    },
    async merge(input: Parameters<CountedActivities['merge']>[0]): Promise<MergeResult> {
      const count = (result: string) => metrics.merges.inc({ org: input.owner, repo: input.repo, branch: poolOfCaller()?.branch ?? '', method: input.method, result });
      let r: MergeResult;
      try {
        r = await activities.merge(input);
      } catch (err) {
        count('error');
        throw err;
      }
      count(r.merged ? (r.already ? 'already_merged' : 'merged') : r.moved ? 'head_moved' : 'refused');
      return r;
    },
    async poolAction(action: PoolAction): Promise<{ kind: string; reason: string }> {
      const pool = poolOfCaller();
      if (pool) metrics.actions.inc({ ...pool, action: action.kind });
      return activities.poolAction(action);
    },
  };
}

function messageOf(err: unknown): string {
  const data = (err as { response?: { data?: { message?: unknown } } }).response?.data;
  const m = typeof data?.message === 'string' ? data.message : err instanceof Error ? err.message : String(err);
  return m.slice(0, 300);
}

export type TideActivities = ReturnType<typeof createTideActivities>;
