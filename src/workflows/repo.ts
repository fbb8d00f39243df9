import { continueAsNew, setHandler } from '@temporalio/workflow';
import { applyRepoEvent, initialRepoState, repoAlreadyHandled, type RepoState } from '../core/repo-state.js';
import { runEventLoop } from './event-loop.js';
import { repoStateQuery, type RepoWorkflowInput } from './messages.js';

/**
 * One workflow per repository (`repo/{owner}/{repo}`) receives pushes: it knows each branch's
 * head (the merge pool's base SHA) and is where postsubmits start.
 */
export async function repoWorkflow(input: RepoWorkflowInput): Promise<void> {
  let current: RepoState = input.state ?? initialRepoState(input.owner, input.repo);
  setHandler(repoStateQuery, () => current);
  const { state, pending } = await runEventLoop({
    state: current,
    pending: input.pending,
    maxHistoryEvents: input.maxHistoryEvents ?? 10_000,
    seen: repoAlreadyHandled,
    handle: applyRepoEvent,
    onState: (s) => (current = s),
  });
  await continueAsNew<typeof repoWorkflow>({ ...input, state, pending });
}
