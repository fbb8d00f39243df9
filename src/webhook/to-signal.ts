import type { z } from 'zod';
import type { GithubEvent } from '../core/event.js';
import { issueWorkflowId, prWorkflowId } from '../workflows/messages.js';
import {
  issueCommentPayload,
  issuesPayload,
  pullRequestPayload,
  pullRequestReviewCommentPayload,
  pullRequestReviewPayload,
} from './payloads.js';

// Pure: (event name, delivery ID, payload) → which workflow gets which signal. Decides nothing
// about commands; that is the workflow's job.

export interface Route {
  workflowType: 'prWorkflow' | 'issueWorkflow';
  workflowId: string;
  owner: string;
  repo: string;
  number: number;
  event: GithubEvent;
}

export type Mapping =
  | { outcome: 'route'; route: Route }
  | { outcome: 'ignore'; reason: string }
  | { outcome: 'invalid'; reason: string };

export function toSignal(eventName: string, deliveryId: string, payload: unknown): Mapping {
  switch (eventName) {
    case 'pull_request':
      return parse(pullRequestPayload, payload, (p) => {
        const pr = p.pull_request;
        return route('pr', p.repository, pr.number, {
          kind: 'pull_request',
          deliveryId,
          actor: p.sender.login,
          at: pr.updated_at,
          action: p.action,
          title: pr.title,
          author: pr.user.login,
          headSha: pr.head.sha,
          baseRef: pr.base.ref,
          draft: pr.draft ?? false,
          state: pr.state,
          merged: pr.merged ?? false,
          labels: pr.labels.map((l) => l.name),
          assignees: (pr.assignees ?? []).map((a) => a.login),
          body: pr.body ?? '',
          ...(p.label ? { label: p.label.name } : {}),
        });
      });
    case 'issues':
      if (!ISSUE_ACTIONS.has(actionOf(payload))) return ignoreAction(eventName, payload);
      return parse(issuesPayload, payload, (p) => {
        const is = p.issue;
        // Issue events about a PR's conversation still belong to the PR's workflow.
        return route(is.pull_request ? 'pr' : 'issue', p.repository, is.number, {
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
        route(p.issue.pull_request ? 'pr' : 'issue', p.repository, p.issue.number, {
          kind: 'comment',
          deliveryId,
          actor: p.comment.user.login,
          at: p.comment.created_at,
          action: p.action,
          commentId: p.comment.id,
          body: p.comment.body,
          on: p.issue.pull_request ? 'pull_request' : 'issue',
        }),
      );
    case 'pull_request_review':
      return parse(pullRequestReviewPayload, payload, (p) =>
        route('pr', p.repository, p.pull_request.number, {
          kind: 'review',
          deliveryId,
          actor: p.review.user.login,
          at: p.review.submitted_at ?? undefined,
          action: p.action,
          reviewState: reviewState(p.review.state, p.action),
          body: p.review.body ?? '',
        }),
      );
    case 'pull_request_review_comment':
      return parse(pullRequestReviewCommentPayload, payload, (p) =>
        route('pr', p.repository, p.pull_request.number, {
          kind: 'comment',
          deliveryId,
          actor: p.comment.user.login,
          at: p.comment.created_at,
          action: p.action,
          commentId: p.comment.id,
          body: p.comment.body,
          on: 'review_thread',
        }),
      );
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

function route(kind: 'pr' | 'issue', repository: { name: string; owner: { login: string } }, number: number, event: GithubEvent): Mapping {
  const owner = repository.owner.login;
  const repo = repository.name;
  return {
    outcome: 'route',
    route: {
      workflowType: kind === 'pr' ? 'prWorkflow' : 'issueWorkflow',
      workflowId: kind === 'pr' ? prWorkflowId(owner, repo, number) : issueWorkflowId(owner, repo, number),
      owner,
      repo,
      number,
      event,
    },
  };
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
