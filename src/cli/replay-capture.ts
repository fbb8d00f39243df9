import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { HistoryAndWorkflowId } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { ReplayError, Worker, type InjectedSinks } from '@temporalio/worker';
import type { EventPlan, PlanInput } from '../activities/plan-event.js';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import { REPLAY_SINK, type ReplayCaptureSinks } from './replay-interceptor.js';

// The "current code" half of `coxswain replay`: each recorded history is replayed on today's
// workflow code (Temporal's replay worker, as the replay test does), which says whether it still
// replays (a nondeterminism error otherwise) and, through replay-interceptor.ts, hands out every
// planner call the history made: its input, which the history does not hold, and the result it
// recorded, decoded with the given data converter (the payload codec when histories are encrypted).

const tsInterceptor = fileURLToPath(new URL('./replay-interceptor.ts', import.meta.url));
export const REPLAY_INTERCEPTOR_PATH = existsSync(tsInterceptor) ? tsInterceptor : fileURLToPath(new URL('./replay-interceptor.js', import.meta.url));

export interface RecordedPlan {
  input: PlanInput;
  /** What the planner answered then, or the message it failed with. */
  recorded: EventPlan | { error: string };
}

export interface ReplayedRun {
  workflowId: string;
  runId: string;
  /** The planner calls of the run, in order. */
  plans: RecordedPlan[];
  /** Set when today's workflow code cannot replay the history (what it would break on). */
  nondeterminism?: string;
  /** Set when a workflow task failed during the replay (e.g. a payload it cannot decode: no key). */
  replayFailed?: string;
}

export interface ReplayCaptureOptions {
  dataConverter?: DataConverter | undefined;
  /** Bundle-time hook for tests: a different workflows entry. Default: the worker's. */
  workflowsPath?: string;
}

/** Replays each history in turn (one bundle for all) and returns what each run's planner was asked and answered. */
export async function replayAndCapture(histories: AsyncIterable<HistoryAndWorkflowId> | Iterable<HistoryAndWorkflowId>, opts: ReplayCaptureOptions = {}): Promise<ReplayedRun[]> {
  const byRun = new Map<string, RecordedPlan[]>();
  const record = (runId: string, plan: RecordedPlan) => byRun.set(runId, [...(byRun.get(runId) ?? []), plan]);
  const plain = <T>(v: unknown): T => JSON.parse(JSON.stringify(v ?? null)) as T;
  const sinks: InjectedSinks<ReplayCaptureSinks> = {
    [REPLAY_SINK]: {
      planned: { fn: (info, input, result) => void record(info.runId, { input: plain(input), recorded: plain(result) }), callDuringReplay: true },
      planFailed: { fn: (info, input, error) => void record(info.runId, { input: plain(input), recorded: { error } }), callDuringReplay: true },
    },
  };
  const out: ReplayedRun[] = [];
  const results = Worker.runReplayHistories(
    {
      workflowsPath: opts.workflowsPath ?? WORKFLOWS_PATH,
      interceptors: { workflowModules: [REPLAY_INTERCEPTOR_PATH] },
      sinks,
      replayName: 'coxswain-replay',
      ...(opts.dataConverter ? { dataConverter: opts.dataConverter } : {}),
    },
    histories,
  );
  for await (const r of results) {
    out.push({
      workflowId: r.workflowId,
      runId: r.runId,
      plans: byRun.get(r.runId) ?? [],
      ...(r.error ? (r.error instanceof ReplayError ? { replayFailed: taskFailure(r.error) } : { nondeterminism: failureText(r.error) }) : {}),
    });
    byRun.delete(r.runId);
  }
  return out;
}

/** Core's text for a failed replay holds the workflow task failure's Debug form: its message is what to show. */
function failureText(err: Error): string {
  const m = /message: "((?:[^"\\]|\\.)*)"/.exec(err.message);
  return m ? m[1]!.replace(/\\"/g, '"').split('\\n')[0]!.trim() : oneLine(err);
}

function taskFailure(err: Error): string {
  const text = failureText(err);
  return /binary\/encrypted/.test(text) ? `${text} (the history is encrypted: set COXSWAIN_PAYLOAD_KEY or COXSWAIN_PAYLOAD_KEY_FILE as for the worker)` : text;
}

function oneLine(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  const text = err.message || (cause instanceof Error ? cause.message : '') || err.name;
  return text.split('\n')[0]!.trim();
}
