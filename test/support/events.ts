import { randomUUID } from 'node:crypto';
import type { CommentEvent, PullRequestEvent } from '../../src/core/event.js';

export function prEvent(over: Partial<PullRequestEvent> = {}): PullRequestEvent {
  return {
    kind: 'pull_request',
    deliveryId: randomUUID(),
    actor: 'alice',
    action: 'opened',
    title: 'Add a greeting',
    author: 'alice',
    headSha: 'a'.repeat(40),
    baseRef: 'main',
    draft: false,
    state: 'open',
    merged: false,
    labels: [],
    assignees: [],
    body: '',
    ...over,
  };
}

export function commentEvent(over: Partial<CommentEvent> = {}): CommentEvent {
  return {
    kind: 'comment',
    deliveryId: randomUUID(),
    actor: 'bob',
    action: 'created',
    commentId: Math.floor(Math.random() * 1e9),
    body: '/lgtm',
    on: 'issue',
    ...over,
  };
}
