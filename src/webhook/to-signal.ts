import type { z } from 'zod';
import { compactBody } from '../core/compact-body.js';
import type { GithubEvent, StatusEvent } from '../core/event.js';
import { issueWorkflowId, prWorkflowId, repoWorkflowId } from '../workflows/messages.js';
import {
  checkRunPayload,
  checkSuitePayload,
  issueCommentPayload,
  issuesPayload,
  pullRequestPayload,
  pullRequestReviewCommentPayload,
  pullRequestReviewPayload,
  pushPayload,
  statusPayload,
} from './payloads.js';

// Pure: (event name, delivery ID, payload) → which workflows get which signal. Decides nothing
// about commands; that is the workflows' job.

export interface Target {
  workflowType: 'prWorkflow' | 'issueWorkflow' | 'repoWorkflow';
  workflowId: string;
  owner: string;
  repo: string;
  /** PR or issue number; absent for the repository workflow. */
  number?: number;
}

export type Mapping =
  | { outcome: 'route'; targets: Target[]; event: GithubEvent }
  /** A commit result with no PR numbers: deliver to the open PRs whose head is `sha`. */
  | { outcome: 'by-sha'; owner: string; repo: string; sha: string; event: StatusEvent }
  | { outcome: 'ignore'; reason: string }
  | { outcome: 'invalid'; reason: string };

type Repository = { name: string; owner: { login: string } };

export function toSignal(eventName: string, deliveryId: string, payload: unknown): Mapping {
  switch (eventName) {
    case 'pull_request':
      return parse(pullRequestPayload, payload, (p) => {
        const pr = p.pull_request;
        return route(entity('pr', p.repository, pr.number), {
          kind: 'pull_request',
          deliveryId,
          actor: p.sender.login,
          at: pr.updated_at,
          action: p.action,
          title: pr.title,
          author: pr.user.login,
          headSha: pr.head.sha,
          baseRef: pr.base.ref,
          ...(pr.base.sha ? { baseSha: pr.base.sha } : {}),
          ...(pr.head.ref ? { headRef: pr.head.ref } : {}),
          // A deleted head repository (null) is not this repository: Prow compares full names, "" included.
          headRepoIsFork: !pr.head.repo || !pr.base.repo || pr.head.repo.full_name !== pr.base.repo.full_name,
          ...(pr.mergeable !== undefined ? { mergeable: pr.mergeable } : {}),
          requestedReviewers: (pr.requested_reviewers ?? []).flatMap((r) => (r.login ? [r.login] : [])),
          ...(pr.milestone ? { milestone: pr.milestone.title } : {}),
          draft: pr.draft ?? false,
          state: pr.state,
          merged: pr.merged ?? false,
          labels: pr.labels.map((l) => l.name),
          assignees: (pr.assignees ?? []).map((a) => a.login),
          body: pr.body ?? '',
          ...(p.label ? { label: p.label.name } : {}),
          ...(p.changes?.base ? { baseChanged: true } : {}),
          ...(pr.merged && pr.merge_commit_sha ? { mergeSha: pr.merge_commit_sha } : {}),
          ...(pr.base.repo?.default_branch ? { defaultBranch: pr.base.repo.default_branch } : {}),
        });
      });
    case 'issues':
      if (!ISSUE_ACTIONS.has(actionOf(payload))) return ignoreAction(eventName, payload);
      return parse(issuesPayload, payload, (p) => {
        const is = p.issue;
        // Issue events about a PR's conversation still belong to the PR's workflow.
        return route(entity(is.pull_request ? 'pr' : 'issue', p.repository, is.number), {
          kind: 'issue',
          deliveryId,
          actor: p.sender.login,
          action: p.action,
          title: is.title,
          author: is.user.login,
          state: is.state,
          labels: is.labels.map((l) => l.name),
          assignees: (is.assignees ?? []).map((a) => a.login),
          body: is.body ?? '',
          ...(p.label ? { label: p.label.name } : {}),
        });
      });
    case 'issue_comment':
      return parse(issueCommentPayload, payload, (p) =>
        route(entity(p.issue.pull_request ? 'pr' : 'issue', p.repository, p.issue.number), {
          kind: 'comment',
          deliveryId,
          actor: p.comment.user.login,
          at: p.comment.created_at,
          action: p.action,
          commentId: p.comment.id,
          body: compactBody(p.comment.body),
          on: p.issue.pull_request ? 'pull_request' : 'issue',
          ...(p.comment.html_url ? { url: p.comment.html_url } : {}),
        }),
      );
    case 'pull_request_review':
      return parse(pullRequestReviewPayload, payload, (p) =>
        route(entity('pr', p.repository, p.pull_request.number), {
          kind: 'review',
          deliveryId,
          actor: p.review.user.login,
          at: p.review.submitted_at ?? undefined,
          action: p.action,
          reviewState: reviewState(p.review.state, p.action),
          body: compactBody(p.review.body ?? ''),
        }),
      );
    case 'pull_request_review_comment':
      return parse(pullRequestReviewCommentPayload, payload, (p) =>
        route(entity('pr', p.repository, p.pull_request.number), {
          kind: 'comment',
          deliveryId,
          actor: p.comment.user.login,
          at: p.comment.created_at,
          action: p.action,
          commentId: p.comment.id,
          body: compactBody(p.comment.body),
          on: 'review_thread',
          ...(p.comment.html_url ? { url: p.comment.html_url } : {}),
        }),
      );
    case 'push':
      return parse(pushPayload, payload, (p) => {
        // Push payloads name the owner by `name` (user/org) and sometimes `login`.
        const owner = p.repository.owner.login ?? p.repository.owner.name ?? '';
        return route(
          { workflowType: 'repoWorkflow', workflowId: repoWorkflowId(owner, p.repository.name), owner, repo: p.repository.name },
          { kind: 'push', deliveryId, actor: p.sender.login, action: 'push', ref: p.ref, before: p.before, after: p.after, deleted: p.deleted ?? false, changedFiles: pushedFiles(p.commits) },
        );
      });
    case 'status':
      return parse(statusPayload, payload, (p) => ({
        outcome: 'by-sha',
        owner: p.repository.owner.login,
        repo: p.repository.name,
        sha: p.sha,
        event: {
          kind: 'status',
          action: 'status',
          deliveryId,
          actor: p.sender.login,
          sha: p.sha,
          context: p.context,
          state: p.state,
          description: p.description ?? '',
          ...(p.target_url ? { targetUrl: p.target_url } : {}),
        },
      }));
    case 'check_run':
      return parse(checkRunPayload, payload, (p) => {
        const c = p.check_run;
        return toPrs(p.repository, c.pull_requests, c.head_sha, {
          kind: 'status',
          action: 'check_run',
          deliveryId,
          actor: p.sender.login,
          sha: c.head_sha,
          context: c.name,
          state: checkState(c.status, c.conclusion),
          description: c.output?.title ?? '',
          ...(c.details_url ? { targetUrl: c.details_url } : {}),
        });
      });
    case 'check_suite':
      return parse(checkSuitePayload, payload, (p) => {
        const c = p.check_suite;
        return toPrs(p.repository, c.pull_requests, c.head_sha, {
          kind: 'status',
          action: 'check_suite',
          deliveryId,
          actor: p.sender.login,
          sha: c.head_sha,
          context: c.app?.name ?? 'check suite',
          state: checkState(c.status ?? 'queued', c.conclusion),
          description: '',
        });
      });
    default:
      return { outcome: 'ignore', reason: `event "${eventName}" is not used by Coxswain` };
  }
}

// Issue actions that can change what the plugins see; pinning, locking and typing cannot.
const ISSUE_ACTIONS = new Set([
  'opened', 'edited', 'deleted', 'closed', 'reopened', 'labeled', 'unlabeled',
  'assigned', 'unassigned', 'milestoned', 'demilestoned', 'transferred',
]);

function actionOf(payload: unknown): string {
  return typeof payload === 'object' && payload !== null && typeof (payload as { action?: unknown }).action === 'string'
    ? (payload as { action: string }).action
    : '';
}

function ignoreAction(eventName: string, payload: unknown): Mapping {
  return { outcome: 'ignore', reason: `${eventName}.${actionOf(payload)} is not used by Coxswain` };
}

function parse<S extends z.ZodType>(schema: S, payload: unknown, build: (p: z.infer<S>) => Mapping): Mapping {
  const r = schema.safeParse(payload);
  if (!r.success) {
    const first = r.error.issues[0]!;
    return { outcome: 'invalid', reason: `payload field ${first.path.join('.') || '(root)'}: ${first.message}` };
  }
  return build(r.data);
}

function entity(kind: 'pr' | 'issue', repository: Repository, number: number): Target {
  const owner = repository.owner.login;
  const repo = repository.name;
  return {
    workflowType: kind === 'pr' ? 'prWorkflow' : 'issueWorkflow',
    workflowId: kind === 'pr' ? prWorkflowId(owner, repo, number) : issueWorkflowId(owner, repo, number),
    owner,
    repo,
    number,
  };
}

function route(target: Target, event: GithubEvent): Mapping {
  return { outcome: 'route', targets: [target], event };
}

/** Check payloads list the PRs of the same repository; forks leave the list empty. */
function toPrs(repository: Repository, prs: Array<{ number: number }>, sha: string, event: StatusEvent): Mapping {
  if (prs.length === 0) return { outcome: 'by-sha', owner: repository.owner.login, repo: repository.name, sha, event };
  return { outcome: 'route', targets: prs.map((p) => entity('pr', repository, p.number)), event };
}

function checkState(status: string, conclusion?: string | null): StatusEvent['state'] {
  if (status !== 'completed') return 'pending';
  switch (conclusion) {
    case 'success':
    case 'neutral':
    case 'skipped':
      return 'success';
    case 'failure':
    case 'timed_out':
    case 'action_required':
    case 'cancelled':
    case 'stale':
      return 'failure';
    default:
      return 'error';
  }
}

function reviewState(state: string, action: string): 'approved' | 'changes_requested' | 'commented' | 'dismissed' {
  if (action === 'dismissed') return 'dismissed';
  switch (state.toLowerCase()) {
    case 'approved':
      return 'approved';
    case 'changes_requested':
      return 'changes_requested';
    case 'dismissed':
      return 'dismissed';
    default:
      return 'commented';
  }
}

/** The paths a push touched (Prow's postsubmit change list), bounded: a push event names at most 20 commits. */
function pushedFiles(commits: Array<{ added?: string[]; modified?: string[]; removed?: string[] }> | undefined): string[] {
  const out = new Set<string>();
  for (const c of commits ?? []) for (const f of [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])]) if (out.size < 3000) out.add(f.slice(0, 1024));
  return [...out];
}
