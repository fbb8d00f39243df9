import { proxySinks, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

// Workflow code for `coxswain replay` (bundled into the replay worker's workflows, never into the
// real worker's): while a recorded history replays on today's workflow code, hands out each
// planner call's input (the PR's state and the event, computed by the replaying code: the
// history does not hold a local activity's input) and its recorded result (from the history's
// marker). Adds no command, so the replay stays what it would be without it.

export const REPLAY_SINK = 'coxswainReplay';

export interface ReplayCaptureSinks extends Sinks {
  [REPLAY_SINK]: {
    /** A planner call and what it answered then. */
    planned(input: unknown, result: unknown): void;
    /** A planner call that failed then (its message). */
    planFailed(input: unknown, error: string): void;
  };
}

const sinks = proxySinks<ReplayCaptureSinks>();

function messageOf(err: unknown): string {
  const e = err as { message?: unknown; cause?: { message?: unknown } };
  const text = typeof e.cause?.message === 'string' && e.cause.message ? e.cause.message : e.message;
  return typeof text === 'string' ? text : String(err);
}

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      async scheduleLocalActivity(input, next) {
        if (input.activityType !== 'planEvent') return next(input);
        let result: unknown;
        try {
          result = await next(input);
        } catch (err) {
          // A local activity's retry after a backoff comes back through here: only the last attempt counts.
          if ((err as { backoff?: unknown }).backoff === undefined) sinks[REPLAY_SINK].planFailed(input.args[0], messageOf(err));
          throw err;
        }
        sinks[REPLAY_SINK].planned(input.args[0], result);
        return result;
      },
    },
  ],
});
