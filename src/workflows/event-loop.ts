import { allHandlersFinished, condition, log, patched, setDefaultSignalHandler, setHandler, workflowInfo } from '@temporalio/workflow';
import { isEventSignalName } from '../core/signal-name.js';
import type { GithubEvent } from '../core/event.js';
import { githubEventSignal } from './messages.js';

/** Events carried to the next run at most (well under Temporal's 2 MB payload limit). */
export const MAX_CARRIED_BYTES = 512 * 1024;
/** Past this many history events a run continues as new whatever it carries (the server stops at 51,200). */
const HARD_HISTORY_EVENTS = 40_000;

export interface EventLoopOptions<S> {
  state: S;
  /** Events carried over from the previous run. */
  pending?: GithubEvent[];
  maxHistoryEvents: number;
  seen(state: S, deliveryId: string): boolean;
  /** Handles one event; may call activities. Returns the new state. */
  handle(state: S, event: GithubEvent): Promise<S> | S;
  /** Lets the workflow's query read the current state. */
  onState?(state: S): void;
  /** How long to wait for the next event before the loop ends for good (e.g. a closed PR). */
  idleTimeoutMs?(state: S): number | undefined;
  /** Receives the function that queues an event as a signal would (commands from scripts). */
  onEnqueue?(enqueue: (event: GithubEvent) => void): void;
  /** Called when the run stops taking events (it ends or continues as new with what is queued). */
  onHandOver?(): void;
}

/**
 * The entity pattern every Coxswain workflow shares: events arrive as signals, are handled one at
 * a time in arrival order (the workflow is the single writer for its PR, issue or repo), and when
 * the history grows long the loop returns so the caller can continue as new with the state and
 * the events still queued. Redelivered webhooks (same delivery ID) are skipped.
 */
export async function runEventLoop<S>(opts: EventLoopOptions<S>): Promise<{ state: S; pending: GithubEvent[]; idle: boolean }> {
  let state = opts.state;
  const queue: GithubEvent[] = [...(opts.pending ?? [])];
  // History length only moves at workflow-task boundaries, and events handled with local
  // activities alone can all fall in one task: count them too, so a burst cannot overrun the
  // limit. (Runs recorded before this counted history only; they replay as they were.)
  const countHandled = patched('bounded-run-v1');
  let handledThisRun = 0;
  // The queue is handed to the next run as its input, which Temporal caps (2 MB by default): while
  // it is too large to carry, keep handling events here, unless the history itself nears its own
  // limit. (Runs recorded before this carried any queue; they replay as they were.)
  const boundCarry = patched('bounded-carry-v1');
  let queuedBytes = 0;
  const sizeOf = (e: GithubEvent) => JSON.stringify(e).length;
  const canCarry = () => !boundCarry || queuedBytes <= MAX_CARRIED_BYTES || workflowInfo().historyLength >= HARD_HISTORY_EVENTS;
  const shouldContinueAsNew = (max: number) =>
    (historyTooLong(max) || (countHandled && handledThisRun >= Math.max(1, Math.floor(max / 4)))) && canCarry();
  // The events carried in, counted before the handler takes the signals that came with this
  // task (it counts those itself). Runs recorded before 'carry-count-v1' counted those signals
  // twice, which could keep a run from ever handing over; they replay as they were.
  let carriedBytes = 0;
  for (const e of queue) carriedBytes += sizeOf(e);
  const enqueue = (event: GithubEvent) => {
    queue.push(event);
    queuedBytes += sizeOf(event);
  };
  setHandler(githubEventSignal, enqueue);
  // The webhook names each event's signal for what happened (`command:/lgtm`, core/signal-name.ts)
  // so the Web UI's history reads as the PR's story; all of them carry one GithubEvent.
  setDefaultSignalHandler((name, ...args) => {
    if (isEventSignalName(name) && args[0] && typeof args[0] === 'object') enqueue(args[0] as GithubEvent);
    else log.warn('ignoring a signal this workflow does not take', { name });
  });
  opts.onEnqueue?.(enqueue);
  if (patched('carry-count-v1')) queuedBytes += carriedBytes;
  else for (const e of queue) queuedBytes += sizeOf(e);
  opts.onState?.(state);

  for (;;) {
    const ready = () => queue.length > 0 || shouldContinueAsNew(opts.maxHistoryEvents);
    const idleMs = opts.idleTimeoutMs?.(state);
    if (idleMs === undefined) await condition(ready);
    else if (!(await condition(ready, idleMs))) {
      // Quiet for long enough: end. A later event starts a fresh workflow (signal-with-start).
      opts.onHandOver?.();
      await condition(allHandlersFinished);
      return { state, pending: queue, idle: queue.length === 0 };
    }
    if (queue.length === 0) break;
    const event = queue.shift()!;
    queuedBytes -= sizeOf(event);
    if (opts.seen(state, event.deliveryId)) {
      log.info('ignoring redelivered event', { deliveryId: event.deliveryId });
      continue;
    }
    state = await opts.handle(state, event);
    handledThisRun++;
    opts.onState?.(state);
    if (shouldContinueAsNew(opts.maxHistoryEvents)) break;
  }
  // Signals that arrive while handlers finish still land in the queue: wait for the handlers,
  // then give the queue to the next run so nothing is dropped.
  opts.onHandOver?.();
  await condition(allHandlersFinished);
  return { state, pending: queue, idle: false };
}

function historyTooLong(maxHistory: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= maxHistory;
}
