// Builders for plugin tests (table-driven, no fake GitHub): a PR view, events and facts.
import type { CommentEvent, PullRequestEvent, ReviewEvent } from '../core/event.js';
import { emptyFacts, type Facts, type PrView } from '../core/model.js';

export function prView(over: Partial<PrView> = {}): PrView {
  return {
    owner: 'org',
    repo: 'repo',
    number: 1,
    isPR: true,
    title: 'A change',
    body: '',
    author: 'author',
    state: 'open',
    draft: false,
    mergeable: true,
    headSha: 'a'.repeat(40),
    headRef: 'feature',
    headRepoIsFork: false,
    baseRef: 'main',
    labels: [],
    assignees: [],
    requestedReviewers: [],
    contexts: {},
    votes: [],
    botComments: {},
    memory: {},
    commenters: [],
    ...over,
  };
}

let nextId = 1000;

export function comment(body: string, actor = 'alice', over: Partial<CommentEvent> = {}): CommentEvent {
  const id = nextId++;
  return { kind: 'comment', deliveryId: `d${id}`, actor, action: 'created', commentId: id, body, on: 'issue', ...over };
}

export function prEvent(action: string, over: Partial<PullRequestEvent> = {}): PullRequestEvent {
  return {
    kind: 'pull_request',
    deliveryId: `d${nextId++}`,
    actor: 'author',
    action,
    title: 'A change',
    author: 'author',
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

export function review(state: ReviewEvent['reviewState'], actor = 'alice', body = ''): ReviewEvent {
  return { kind: 'review', deliveryId: `d${nextId++}`, actor, action: 'submitted', reviewState: state, body };
}

export function facts(over: Partial<Facts> = {}): Facts {
  return { ...emptyFacts(), ...over };
}
