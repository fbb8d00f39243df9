// Signals and queries shared by the webhook, the CLI, the typed client and the workflows.
// Import-light on purpose: only @temporalio/workflow's definers and pure types.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CommandOutcome, CommandRequest } from '../core/cli-command.js';
import type { GithubEvent } from '../core/event.js';
import type { EntityState } from '../core/pr-state.js';
import type { RepoState } from '../core/repo-state.js';
import type { JobRequest, JobState } from '../core/job.js';
import type { PoolAction, PoolBatch, PoolMemory } from '../core/merge-pool.js';
import type { PoolPr, TideStatus } from '../core/tide-status.js';

/** One normalised GitHub delivery for this PR or issue. */
export const githubEventSignal = defineSignal<[GithubEvent]>('githubEvent');

/**
 * A slash command from a script or the CLI, as `as` would write it in a comment: validated before
 * it is accepted, handled in order with the webhooks, answered with what changed.
 */
export const commandUpdate = defineUpdate<CommandOutcome, [CommandRequest]>('command');

/** The workflow's current view of the PR or issue. */
export const stateQuery = defineQuery<EntityState>('state');

/** What stands between this PR and merge, in plain words (empty: nothing). */
export const whyQuery = defineQuery<string[]>('why');

/** The repository workflow's view: branch heads. */
export const repoStateQuery = defineQuery<RepoState>('repoState');

export function repoWorkflowId(owner: string, repo: string): string {
  return `repo/${owner}/${repo}`;
}

export function prWorkflowId(owner: string, repo: string, number: number): string {
  return `pr/${owner}/${repo}/${number}`;
}

export function issueWorkflowId(owner: string, repo: string, number: number): string {
  return `issue/${owner}/${repo}/${number}`;
}

export interface EntityWorkflowInput {
  owner: string;
  repo: string;
  number: number;
  kind: 'pr' | 'issue';
  /** Carried across continue-as-new. */
  state?: EntityState;
  /** Events received but not yet handled when the run continued as new. */
  pending?: GithubEvent[];
  /**
   * Continue as new once history reaches this many events (the server also suggests it near
   * its own limits). Tests set it low to prove the hand-over loses nothing.
   */
  maxHistoryEvents?: number;
  /** How long a closed PR/issue's workflow waits for another event before it ends. */
  closedQuietMs?: number;
}

export interface RepoWorkflowInput {
  owner: string;
  repo: string;
  state?: RepoState;
  pending?: GithubEvent[];
  maxHistoryEvents?: number;
}

/** One job run (`job/{owner}/{repo}/{job}/{buildId}`; periodics: `periodic/{job}` plus Temporal's suffix). */
export type JobWorkflowInput = JobRequest;

/** Stop a run. `report: false`: a newer run superseded it, and GitHub hears only of the newer one (as in Prow). */
export const abortJobSignal = defineSignal<[{ description: string; report: boolean }]>('abortJob');

/** Where the run stands now. */
export const jobStatusQuery = defineQuery<{ state: JobState; description: string; runName?: string; url?: string }>('jobStatus');

export function jobWorkflowId(owner: string, repo: string, job: string, buildId: string): string {
  return `job/${owner}/${repo}/${job}/${buildId}`;
}

export function periodicScheduleId(job: string): string {
  return `periodic/${job}`;
}

/** The per-job limiter (`job-limit/{job}`): max_concurrency runs of one job at a time, the rest wait in order. */
export const acquireJobSlotSignal = defineSignal<[{ workflowId: string; max: number }]>('acquireJobSlot');
export const releaseJobSlotSignal = defineSignal<[{ workflowId: string }]>('releaseJobSlot');
/** Sent by the limiter to the run it lets go. */
export const jobSlotGrantedSignal = defineSignal<[]>('jobSlotGranted');
export const jobLimitQuery = defineQuery<{ running: string[]; waiting: string[] }>('jobLimit');

export function jobLimitWorkflowId(job: string): string {
  return `job-limit/${job}`;
}

/** The merge pool of one branch (Tide's subpool): `tide/{owner}/{repo}/{branch}`. */
export function mergePoolWorkflowId(owner: string, repo: string, branch: string): string {
  return `tide/${owner}/${repo}/${branch}`;
}

/** A PR workflow's report of what its PR's mergeability rests on (sent when it changes). */
export const poolPrSignal = defineSignal<[PoolPr]>('poolPr');

/** Re-read GitHub now (the CLI, or anything that knows the pool missed a change). */
export const poolSyncSignal = defineSignal<[{ reason: string; blockers?: boolean }]>('poolSync');

export interface MergePoolInput {
  owner: string;
  repo: string;
  branch: string;
  state?: MergePoolState;
  maxHistoryEvents?: number;
}

/** What a pool carries across continue-as-new. */
export interface MergePoolState {
  prs: Record<string, PoolPr>;
  memory: PoolMemory;
  /** The `tide` status last written per PR (written again only when it changes). */
  written: Record<string, { sha: string; state: string; description: string }>;
  /** The latest actions, newest last, with when and on which base. Bounded. */
  actions: Array<PoolAction & { at: string; baseSha: string }>;
  baseSha?: string;
  merged: number;
  /** Open blocker issues for the branch, as of the last read. */
  blockers?: number[];
  /** Workflow time of the last read of blocker issues. */
  blockersReadAt?: number;
  /** Workflow time of the last read of GitHub's open PRs. */
  reconciledAt?: number;
}

/** The pool as the `pool` query shows it. */
export interface PoolView {
  owner: string;
  repo: string;
  branch: string;
  baseSha?: string;
  /** In merge order. */
  pool: Array<{ number: number; sha: string; readiness?: string; status: TideStatus; reasons: string[] }>;
  /** Open PRs on the branch that are not in the pool, and why. */
  outside: Array<{ number: number; status: TideStatus; reasons: string[] }>;
  batch?: PoolBatch;
  bisect: number[][];
  actions: MergePoolState['actions'];
  merged: number;
}

export const poolQuery = defineQuery<PoolView>('pool');

/** One PR's place in the pool: position (1 = next to merge) and what blocks it. */
export const poolPrQuery = defineQuery<{ position?: number; reasons: string[]; status?: TideStatus }, [number]>('poolPr');
