import { WorkflowIdConflictPolicy, type Client } from '@temporalio/client';
import type { GithubEvent } from '../core/event.js';
import { eventSignalName } from '../core/signal-name.js';
import { type EntityWorkflowInput, type RepoWorkflowInput } from '../workflows/messages.js';
import { HEAD_SHA, REPO } from '../workflows/search-attributes.js';
import type { Target } from './to-signal.js';

/**
 * Stores one event in each target workflow (signal-with-start: the first event for a PR starts
 * its workflow). Resolves only once Temporal has accepted every signal.
 */
export async function signalTargets(client: Client, taskQueue: string, targets: Target[], event: GithubEvent): Promise<void> {
  await Promise.all(
    targets.map((t) => {
      const input: EntityWorkflowInput | RepoWorkflowInput =
        t.workflowType === 'repoWorkflow'
          ? { owner: t.owner, repo: t.repo }
          : { owner: t.owner, repo: t.repo, number: t.number!, kind: t.workflowType === 'prWorkflow' ? 'pr' : 'issue' };
      return client.workflow.signalWithStart(t.workflowType, {
        workflowId: t.workflowId,
        taskQueue,
        args: [input],
        // Named for what happened (`command:/lgtm`): the Web UI's history reads as the PR's story.
        signal: eventSignalName(event),
        signalArgs: [event],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        // The Web UI's summary line for the workflow (set when this event starts it).
        staticSummary: summaryOf(t, event),
      });
    }),
  );
}

/** "PR demo/hello#1: Add a greeting (by frank)", or what the event knows of it. */
export function summaryOf(t: Target, event: GithubEvent): string {
  if (t.workflowType === 'repoWorkflow') return `Repository ${t.owner}/${t.repo}: branch heads and postsubmits`;
  const what = `${t.workflowType === 'prWorkflow' ? 'PR' : 'Issue'} ${t.owner}/${t.repo}#${t.number}`;
  const title = 'title' in event && typeof event.title === 'string' ? event.title.slice(0, 120) : '';
  const author = 'author' in event && typeof event.author === 'string' ? event.author : '';
  return title ? `${what}: ${title}${author ? ` (by ${author})` : ''}` : what;
}

/**
 * Open PRs whose head is `sha`, found through the search attributes each PR workflow keeps
 * current: a commit status names a SHA, not a PR.
 */
export async function prsWithHead(client: Client, owner: string, repo: string, sha: string): Promise<Target[]> {
  const query = `WorkflowType = 'prWorkflow' AND ExecutionStatus = 'Running' AND ${REPO.name} = '${escape(`${owner}/${repo}`)}' AND ${HEAD_SHA.name} = '${escape(sha)}'`;
  const targets: Target[] = [];
  for await (const wf of client.workflow.list({ query })) {
    const m = /^pr\/[^/]+\/[^/]+\/(\d+)$/.exec(wf.workflowId);
    if (m) targets.push({ workflowType: 'prWorkflow', workflowId: wf.workflowId, owner, repo, number: Number(m[1]) });
  }
  return targets;
}

function escape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/'/g, "\\'");
}
