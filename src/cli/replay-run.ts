import type { HistoryAndWorkflowId } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createActivities } from '../activities/index.js';
import type { PlanInput } from '../activities/plan-event.js';
import type { CoxswainClient } from '../client/coxswain-client.js';
import type { LoadedConfig } from '../config/load.js';
import { describeEvent, diffPlans, type PlanOutcome } from '../core/replay-diff.js';
import type { Settings } from '../settings.js';
import { dataConverter } from '../temporal/connect.js';
import { githubFromSettings } from '../worker/deps.js';
import { replayAndCapture, type RecordedPlan } from './replay-capture.js';

// The work of `coxswain replay` (src/cli/replay.ts), loaded only when it runs: the replay worker,
// the plugins and the GitHub clients are not what the other commands need to start.

export interface EventChange {
  deliveryId: string;
  /** The event in a few words (`comment created by alice: /lgtm`). */
  event: string;
  /** The differences, one a line (`- addLabels lgtm`). */
  lines: string[];
  added: string[];
  removed: string[];
}

export interface PrReplay {
  ref: string;
  workflowId: string;
  runId?: string;
  /** Events the plugins decided on in this run. */
  events: number;
  changes: EventChange[];
  /** Today's workflow code cannot replay this history: what it breaks on. */
  nondeterminism?: string;
  /** What could not be checked (the history unreadable, an event not decided again). */
  errors: string[];
  wouldChange: boolean;
}

export interface ReplayReport {
  checked: number;
  wouldChange: number;
  errors: number;
  prs: PrReplay[];
}

/** Replay cannot decide anything again (GitHub unreadable): nothing is checked. */
export class ReplayRefused extends Error {}

const refOf = (workflowId: string) => {
  const m = /^pr\/([^/]+)\/([^/]+)\/(\d+)$/.exec(workflowId);
  return m ? `${m[1]}/${m[2]}#${m[3]}` : workflowId;
};

/**
 * Why GitHub cannot answer the planner's reads, asked once before any event is decided again:
 * without the worker's credentials every read fails, and each decision that reads GitHub would
 * show as a plugin failure, a "change" that says nothing about the config.
 */
export async function githubProblem(clients: { botLogin(): Promise<string> }, apiUrl: string): Promise<string | undefined> {
  try {
    await clients.botLogin();
    return undefined;
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    const why = err instanceof Error ? err.message : String(err);
    if (status === 401 || status === 403) {
      return `GitHub at ${apiUrl} refused the credentials (${status}: ${why}): replay reads GitHub as the worker does; give it the worker's GITHUB_TOKEN, or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY`;
    }
    return `cannot read GitHub at ${apiUrl} (${why}); GITHUB_API_URL says where`;
  }
}

/** The planner, with the given config and GitHub as the worker reads it (GITHUB_API_URL, GITHUB_TOKEN or the App). */
export async function replanner(settings: Settings, loaded: LoadedConfig): Promise<(input: PlanInput) => Promise<PlanOutcome | { unavailable: string }>> {
  const github = githubFromSettings(settings, pino({ level: 'silent' }), new Registry());
  const problem = await githubProblem(github.clients, settings.GITHUB_API_URL);
  if (problem) throw new ReplayRefused(problem);
  const { planEvent } = createActivities({
    github,
    config: () => loaded,
    catApiUrl: settings.COXSWAIN_CAT_API_URL,
    closedQuietMs: settings.COXSWAIN_CLOSED_QUIET_MS,
    ...(settings.COXSWAIN_REPLY_FOOTER ? { footer: settings.COXSWAIN_REPLY_FOOTER } : {}),
  });
  return async (input) => {
    try {
      return await planEvent(input);
    } catch (err) {
      // The planner failing for good is a decision as recorded; GitHub down or rate-limited (the
      // worker would retry) means this event could not be decided again now.
      if (err instanceof ApplicationFailure && err.nonRetryable) return { error: err.message };
      return { unavailable: err instanceof Error ? err.message : String(err) };
    }
  };
}

/** Replays and decides again; the report says per PR what would change. */
export async function runReplay(
  client: CoxswainClient,
  opts: { workflowIds: string[]; plan: (input: PlanInput) => Promise<PlanOutcome | { unavailable: string }>; env?: NodeJS.ProcessEnv },
): Promise<ReplayReport> {
  const prs = new Map<string, PrReplay>(opts.workflowIds.map((id) => [id, { ref: refOf(id), workflowId: id, events: 0, changes: [], errors: [], wouldChange: false }]));
  async function* histories(): AsyncGenerator<HistoryAndWorkflowId> {
    for (const [id, pr] of prs) {
      try {
        const history = await client.temporal.workflow.getHandle(id).fetchHistory();
        yield { workflowId: id, history };
      } catch (err) {
        if (err instanceof WorkflowNotFoundError || (err as { code?: unknown }).code === 5) pr.errors.push(`no workflow for ${pr.ref}`);
        else pr.errors.push(`cannot read its history: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }
  const runs = await replayAndCapture(histories(), { dataConverter: dataConverter(opts.env ?? process.env) });
  for (const run of runs) {
    const pr = prs.get(run.workflowId)!;
    pr.runId = run.runId;
    pr.events = run.plans.length;
    if (run.nondeterminism) pr.nondeterminism = run.nondeterminism;
    if (run.replayFailed) pr.errors.push(`its history does not replay: ${run.replayFailed}`);
    for (const p of run.plans) await decideAgain(pr, p, opts.plan);
    pr.wouldChange = pr.changes.length > 0 || pr.nondeterminism !== undefined;
  }
  const list = [...prs.values()];
  return { checked: list.filter((p) => p.runId !== undefined).length, wouldChange: list.filter((p) => p.wouldChange).length, errors: list.filter((p) => p.errors.length > 0).length, prs: list };
}

async function decideAgain(pr: PrReplay, p: RecordedPlan, plan: (input: PlanInput) => Promise<PlanOutcome | { unavailable: string }>): Promise<void> {
  const event = p.input?.event;
  const what = event ? describeEvent(event) : 'an event';
  const now = await plan(p.input);
  if ('unavailable' in now) {
    pr.errors.push(`could not decide again on ${what}: ${now.unavailable}`);
    return;
  }
  const diff = diffPlans(p.recorded, now);
  if (diff.changed) pr.changes.push({ deliveryId: event?.deliveryId ?? '', event: what, lines: diff.lines, added: diff.added, removed: diff.removed });
}

/** PR workflows of this deployment (its task queue), newest first, one per PR. */
export async function listPrWorkflows(client: CoxswainClient, repo: string | undefined, limit: number): Promise<string[]> {
  const where = [`WorkflowType = 'prWorkflow'`, `TaskQueue = '${client.taskQueue.replace(/'/g, '')}'`];
  if (repo) where.push(`WorkflowId STARTS_WITH "pr/${repo}/"`);
  const ids = new Set<string>();
  let scanned = 0;
  // One entry per run: a PR that continued as new is listed once per run.
  for await (const wf of client.temporal.workflow.list({ query: where.join(' AND ') })) {
    if (++scanned > limit * 20) break;
    ids.add(wf.workflowId);
    if (ids.size >= limit) break;
  }
  return [...ids];
}

