import { getExternalWorkflowHandle, log, ParentClosePolicy, startChild } from '@temporalio/workflow';
import type { EntityState, JobRunRef } from '../core/pr-state.js';
import { TERMINAL_STATES, type Refs } from '../core/job.js';
import type { JobControl } from './execute-action.js';
import { jobWorkflow } from './job.js';
import { abortJobSignal, jobWorkflowId, prWorkflowId } from './messages.js';

// The PR workflow's side of its presubmits: one job workflow per run, started as a child that
// outlives the PR workflow's run (continue-as-new, a quiet close); at most one run per job and head
// SHA at a time, so a storm of `/test all` starts each job once; a run on an older head is
// aborted without a report when a newer one starts (Prow's TerminateOlderJobs).

const MAX_JOBS = 200;
export const SUPERSEDED_DESCRIPTION = 'Aborted: a newer run of this job superseded it.';

const running = (r: JobRunRef | undefined): r is JobRunRef => !!r && !TERMINAL_STATES.includes(r.state);

function refsOf(s: EntityState): Refs {
  return {
    org: s.owner,
    repo: s.repo,
    base_ref: s.baseRef,
    base_sha: s.baseSha,
    pulls: [{ number: s.number, author: s.author, sha: s.headSha, title: s.title, head_ref: s.headRef }],
  };
}

/** Numeric like Prow's build IDs; unique per job across PRs (workflow time, then the PR number). */
function buildIdFor(s: EntityState): string {
  return `${Date.now()}${String(s.number % 10_000).padStart(4, '0')}`;
}

async function abortRun(ref: JobRunRef, description: string, report: boolean): Promise<void> {
  try {
    await getExternalWorkflowHandle(ref.workflowId).signal(abortJobSignal, { description, report });
  } catch (err) {
    // The run already ended: nothing to abort.
    log.info('job run was not running', { workflowId: ref.workflowId, error: String(err) });
  }
}

export const prJobs: JobControl = {
  async run(state, names, retest) {
    const jobs = { ...(state.jobs ?? {}) };
    for (const job of names) {
      const known = jobs[job];
      if (running(known) && known.sha === state.headSha) continue;
      if (!(job in jobs) && Object.keys(jobs).length >= MAX_JOBS) continue;
      if (running(known)) await abortRun(known, SUPERSEDED_DESCRIPTION, false);
      const buildId = buildIdFor(state);
      const workflowId = jobWorkflowId(state.owner, state.repo, job, buildId);
      try {
        await startChild(jobWorkflow, {
          workflowId,
          args: [{ type: 'presubmit', job, owner: state.owner, repo: state.repo, refs: refsOf(state), buildId, parent: prWorkflowId(state.owner, state.repo, state.number), ...(retest ? { retest } : {}) }],
          parentClosePolicy: ParentClosePolicy.ABANDON,
          staticSummary: `${job} on ${state.owner}/${state.repo}#${state.number} at ${state.headSha.slice(0, 7)}`,
        });
      } catch (err) {
        log.warn('could not start a job run', { job, workflowId, error: String(err) });
        continue;
      }
      jobs[job] = { workflowId, buildId, sha: state.headSha, state: 'triggered', description: 'Job triggered.' };
    }
    return { ...state, jobs };
  },

  async abort(state, description) {
    const jobs = { ...(state.jobs ?? {}) };
    for (const [job, ref] of Object.entries(jobs)) {
      if (!running(ref)) continue;
      await abortRun(ref, description, true);
      jobs[job] = { ...ref, state: 'aborted', description };
    }
    return { ...state, jobs };
  },
};
