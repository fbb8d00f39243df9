import type { GithubEvent } from './event.js';

// The part of a PR's (or issue's) life the workflow keeps between events. Pure: the workflow
// folds events into it with `applyEvent`, tests call it directly.

export interface EntityState {
  owner: string;
  repo: string;
  number: number;
  kind: 'pr' | 'issue';
  title: string;
  author: string;
  state: 'open' | 'closed' | 'merged';
  headSha: string;
  draft: boolean;
  labels: string[];
  assignees: string[];
  /** Latest status or check result per context on the current head SHA. */
  contexts: Record<string, { state: string; description: string }>;
  /** Events handled over the whole life of the workflow, across continue-as-new. */
  handled: number;
  /** Recent delivery IDs, oldest first, so a redelivered webhook is a no-op. Bounded. */
  recentDeliveries: string[];
  /** The last few things that happened, newest last, for the `state` query. Bounded. */
  recent: Array<{ deliveryId: string; kind: string; action: string; actor: string }>;
}

export const MAX_REMEMBERED_DELIVERIES = 500;
export const MAX_RECENT = 20;

/** State carried over from an older run may predate fields added since; fill them in. */
export function upgradeState(s: EntityState): EntityState {
  return { ...s, contexts: s.contexts ?? {} };
}

export function initialState(owner: string, repo: string, number: number, kind: 'pr' | 'issue'): EntityState {
  return {
    owner,
    repo,
    number,
    kind,
    title: '',
    author: '',
    state: 'open',
    headSha: '',
    draft: false,
    labels: [],
    assignees: [],
    contexts: {},
    handled: 0,
    recentDeliveries: [],
    recent: [],
  };
}

export function alreadyHandled(state: EntityState, deliveryId: string): boolean {
  return state.recentDeliveries.includes(deliveryId);
}

/** Folds one event into the state. Returns a new object; the input is not changed. */
export function applyEvent(prev: EntityState, event: GithubEvent): EntityState {
  const s: EntityState = {
    ...prev,
    contexts: { ...(prev.contexts ?? {}) },
    labels: [...prev.labels],
    assignees: [...prev.assignees],
    handled: prev.handled + 1,
    recentDeliveries: [...prev.recentDeliveries, event.deliveryId].slice(-MAX_REMEMBERED_DELIVERIES),
    recent: [
      ...prev.recent,
      { deliveryId: event.deliveryId, kind: event.kind, action: event.action, actor: event.actor },
    ].slice(-MAX_RECENT),
  };
  switch (event.kind) {
    case 'pull_request':
      // A new head SHA starts with no results.
      if (event.headSha !== prev.headSha) s.contexts = {};
      s.title = event.title;
      s.author = event.author;
      s.headSha = event.headSha;
      s.draft = event.draft;
      s.state = event.merged ? 'merged' : event.state;
      s.labels = applyLabelChange(event.labels, event.action, event.label);
      s.assignees = [...event.assignees].sort();
      break;
    case 'issue':
      s.title = event.title;
      s.author = event.author;
      s.state = event.state;
      s.labels = applyLabelChange(event.labels, event.action, event.label);
      s.assignees = [...event.assignees].sort();
      break;
    case 'status':
      if (event.sha === s.headSha) s.contexts[event.context] = { state: event.state, description: event.description };
      break;
    case 'comment':
    case 'review':
    case 'push':
      // Commands are decided by the plugins; the skeleton only records that they arrived.
      break;
  }
  return s;
}

// GitHub's payload carries the full label list after the change; trust it, but make sure the
// label named by labeled/unlabeled is reflected even if the list was truncated.
function applyLabelChange(labels: string[], action: string, label?: string): string[] {
  const set = new Set(labels);
  if (label && action === 'labeled') set.add(label);
  if (label && action === 'unlabeled') set.delete(label);
  return [...set].sort();
}
