import { continueAsNew, log, ParentClosePolicy, patched, setHandler, startChild } from '@temporalio/workflow';
import type { GithubEvent } from '../core/event.js';
import { applyRepoEvent, initialRepoState, repoAlreadyHandled, type RepoState } from '../core/repo-state.js';
import { runEventLoop } from './event-loop.js';
import { local, refusal } from './activities.js';
import { jobWorkflow } from './job.js';
import { jobWorkflowId, repoStateQuery, type RepoWorkflowInput } from './messages.js';

/**
 * One workflow per repository (`repo/{owner}/{repo}`) receives pushes: it knows each branch's
 * head (the merge pool's base SHA) and starts the postsubmits a push runs.
 */
export async function repoWorkflow(input: RepoWorkflowInput): Promise<void> {
  let current: RepoState = input.state ?? initialRepoState(input.owner, input.repo);
  setHandler(repoStateQuery, () => current);
  const { state, pending } = await runEventLoop({
    state: current,
    pending: input.pending,
    maxHistoryEvents: input.maxHistoryEvents ?? 10_000,
    seen: repoAlreadyHandled,
    handle: async (s, event) => {
      const after = applyRepoEvent(s, event);
      // Histories recorded before postsubmits ran made no calls here; they replay that way.
      if (event.kind === 'push' && patched('postsubmits-v1')) await startPostsubmits(after, event);
      return after;
    },
    onState: (s) => (current = s),
  });
  await continueAsNew<typeof repoWorkflow>({ ...input, state, pending });
}

/** Prow's trigger on push: the postsubmits whose branches and changes match, one job workflow each; not on a branch deletion. */
async function startPostsubmits(s: RepoState, event: Extract<GithubEvent, { kind: 'push' }>): Promise<void> {
  if (event.deleted || !event.ref.startsWith('refs/heads/') || /^0+$/.test(event.after)) return;
  const branch = event.ref.slice('refs/heads/'.length);
  let jobs: string[];
  try {
    jobs = await local.selectPostsubmits({ owner: s.owner, repo: s.repo, branch, changes: event.changedFiles ?? [] });
  } catch (err) {
    log.warn('could not select postsubmits', { error: refusal(err) });
    return;
  }
  for (const job of jobs) {
    const buildId = `${Date.now()}${String(s.handled % 10_000).padStart(4, '0')}`;
    const workflowId = jobWorkflowId(s.owner, s.repo, job, buildId);
    try {
      await startChild(jobWorkflow, {
        workflowId,
        args: [{ type: 'postsubmit', job, owner: s.owner, repo: s.repo, buildId, refs: { org: s.owner, repo: s.repo, base_ref: branch, base_sha: event.after } }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      log.warn('could not start a postsubmit', { job, workflowId, error: String(err) });
    }
  }
}
