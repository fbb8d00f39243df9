import { ActivityFailure, CancelledFailure, TemporalFailure } from '@temporalio/common';

// The one policy for a GitHub call (or the planner) that failed for good: GitHub refused it, its
// retries ran out, or it timed out. The caller records the reason and goes on with the next action
// or event. A remote activity's failure arrives as an ActivityFailure (the reason in its cause); a
// local activity's arrives as the failure itself (an ApplicationFailure or TimeoutFailure: the SDK
// does not wrap it, temporalio/sdk-core#449). Cancellation and anything else (a bug in workflow
// code) are not refusals and propagate.

/** The reason, when `err` is a failed activity; otherwise undefined. */
export function refusalReason(err: unknown): string | undefined {
  if (err instanceof ActivityFailure) return err.cause?.message ?? err.message;
  if (err instanceof TemporalFailure && !(err instanceof CancelledFailure)) return err.message;
  return undefined;
}

/** The reason a failed activity gives; rethrows anything that is not one. */
export function refusal(err: unknown): string {
  const reason = refusalReason(err);
  if (reason === undefined) throw err;
  return reason;
}

/** What the failure says about its kind (e.g. CherryPickConflict), wherever the SDK put it. */
export function failureOf(err: unknown): { type?: string | null; message: string } | undefined {
  const f = err instanceof ActivityFailure ? err.cause : err;
  if (f instanceof TemporalFailure) return { type: (f as { type?: string | null }).type ?? null, message: f.message };
  return undefined;
}
