import { continueAsNew, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { alreadyHandled, applyEvent, initialState, upgradeState, type EntityState } from '../core/pr-state.js';
import { runEventLoop } from './event-loop.js';
import { stateQuery, type EntityWorkflowInput } from './messages.js';
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
  let current: EntityState = input.state ? upgradeState(input.state) : initialState(input.owner, input.repo, input.number, input.kind);
  setHandler(stateQuery, () => current);
  publishSearchAttributes(current);

  const { state, pending } = await runEventLoop({
    state: current,
    pending: input.pending,
    maxHistoryEvents: input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS,
    seen: alreadyHandled,
    handle: (before, event) => {
      const after = applyEvent(before, event);
      if (searchAttributesChanged(before, after)) publishSearchAttributes(after);
      return after;
    },
    onState: (s) => (current = s),
  });
  // continueAsNew keeps the workflow type (prWorkflow or issueWorkflow) of the current run.
  await continueAsNew<typeof prWorkflow>({ ...input, state, pending });
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
