import {
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { GithubEvent } from '../core/event.js';
import { alreadyHandled, applyEvent, initialState, type EntityState } from '../core/pr-state.js';
import { githubEventSignal, stateQuery, type EntityWorkflowInput } from './messages.js';
import { AUTHOR, HEAD_SHA, LABELS, NUMBER, REPO, STATE } from './search-attributes.js';

const DEFAULT_MAX_HISTORY_EVENTS = 10_000;

/**
 * The single writer for one pull request (`pr/{owner}/{repo}/{number}`). Webhooks arrive as
 * signals and are handled one at a time in arrival order, so two commands sent together never race.
 */
export async function prWorkflow(input: EntityWorkflowInput): Promise<void> {
  return runEntity(input);
}

/** The same life for an issue (`issue/{owner}/{repo}/{number}`). */
export async function issueWorkflow(input: EntityWorkflowInput): Promise<void> {
  return runEntity(input);
}

async function runEntity(input: EntityWorkflowInput): Promise<void> {
  let state: EntityState = input.state ?? initialState(input.owner, input.repo, input.number, input.kind);
  const queue: GithubEvent[] = [...(input.pending ?? [])];
  const maxHistory = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;

  setHandler(githubEventSignal, (event) => {
    queue.push(event);
  });
  setHandler(stateQuery, () => state);

  publishSearchAttributes(state);

  for (;;) {
    await condition(() => queue.length > 0 || shouldContinueAsNew(maxHistory));
    if (queue.length === 0) break;
    const event = queue.shift()!;
    if (alreadyHandled(state, event.deliveryId)) {
      log.info('ignoring redelivered event', { deliveryId: event.deliveryId });
      continue;
    }
    const before = state;
    state = applyEvent(state, event);
    if (searchAttributesChanged(before, state)) publishSearchAttributes(state);
    if (shouldContinueAsNew(maxHistory)) break;
  }

  // Signals that arrive while handlers finish are still queued in memory: wait for handlers,
  // then hand the queue to the next run so nothing is dropped.
  await condition(allHandlersFinished);
  // continueAsNew keeps the workflow type (prWorkflow or issueWorkflow) of the current run.
  await continueAsNew<typeof prWorkflow>({ ...input, state, pending: queue });
}

function shouldContinueAsNew(maxHistory: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= maxHistory;
}

function searchAttributesChanged(a: EntityState, b: EntityState): boolean {
  return (
    a.state !== b.state ||
    a.author !== b.author ||
    a.headSha !== b.headSha ||
    a.labels.join('\n') !== b.labels.join('\n')
  );
}

function publishSearchAttributes(s: EntityState): void {
  upsertSearchAttributes([
    { key: REPO, value: `${s.owner}/${s.repo}` },
    { key: NUMBER, value: s.number },
    { key: STATE, value: s.state },
    { key: LABELS, value: s.labels },
    ...(s.author ? [{ key: AUTHOR, value: s.author }] : []),
    ...(s.headSha ? [{ key: HEAD_SHA, value: s.headSha }] : []),
  ]);
}
