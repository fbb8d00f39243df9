import { proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';

// Every activity a workflow calls, and the one retry policy they share: GitHub outages and rate
// limits are waited out (rate limits at the time GitHub gives, activities/github-errors.ts);
// requests GitHub refuses fail at once (non-retryable) and reach the workflow as a failure that
// `refusal()` (refusal.ts) turns into the reason to record.

const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

/**
 * Short GitHub calls and the planner run as local activities: in the worker that runs the
 * workflow, inside the same workflow task, recorded as one marker each. A command that needs one
 * write costs one workflow task, with no round trip through the server's task queues.
 */
export const local = proxyLocalActivities<Activities>({ startToCloseTimeout: '1 minute', retry: RETRY });

/** The planner may wait on several GitHub reads (OWNERS files, team members). */
export const planner = proxyLocalActivities<Activities>({ startToCloseTimeout: '2 minutes', retry: RETRY });

/**
 * Calls that are long (a cherry-pick clones and pushes) or that histories recorded before writes
 * became local activities made this way: through the task queue, any worker may take them.
 */
export const remote = proxyActivities<Activities>({ startToCloseTimeout: '1 minute', retry: RETRY });

/** Reading the worker's own config (histories from before the planner): local and quick. */
export const config = proxyLocalActivities<Activities>({ startToCloseTimeout: '10 seconds' });

export { refusal } from './refusal.js';
