import type { PrView, Vote } from '../plugins/types.js';
import type { GithubEvent } from './event.js';
import { genericComment } from './commands.js';
import type { MergeRequirements } from './why.js';

// The part of a PR's (or issue's) life the workflow keeps between events: what plugins see
// (PrView) plus the workflow's own bookkeeping. Pure: the workflow folds events into it with
// `applyEvent`, tests call it directly.

export interface EntityState extends PrView {
  kind: 'pr' | 'issue';
  baseSha: string;
  /** True once the PR's current state was read from GitHub (switching Coxswain on for open PRs). */
  loaded: boolean;
  botLogin: string;
  /** Merge requirements as of the last event (answers the `why` query without I/O). */
  requirements?: MergeRequirements;
  /** Quiet period after which a closed PR's workflow ends (from the worker's settings). */
  closedQuietMs?: number;
  /** Plugins enabled in plugins.yaml that Coxswain does not implement. */
  unsupportedPlugins?: string[];
  /** Events handled over the whole life of the workflow, across continue-as-new. */
  handled: number;
  /** Recent delivery IDs, oldest first, so a redelivered webhook is a no-op. Bounded. */
  recentDeliveries: string[];
  /** The last few things that happened, newest last, for the `state` query. Bounded. */
  recent: Array<{ deliveryId: string; kind: string; action: string; actor: string }>;
  /** Events some plugins could not decide on (a plugin failed or a fact was unreadable). Bounded. */
  failures: Array<{ deliveryId: string; plugin: string; reason: string }>;
}

export const MAX_REMEMBERED_DELIVERIES = 500;
export const MAX_RECENT = 20;
export const MAX_FAILURES = 20;
const MAX_FAILURE_REASON = 500;
export const MAX_VOTES = 500;
export const MAX_COMMENTERS = 200;

/** Lines approve and lgtm recompute from (Prow reads them from the whole comment history). */
export const VOTE_LINE = /^\/(approve|remove-approve|lgtm|remove-lgtm)\b[^\r\n]*$/gim;

/** The vote lines in a comment or review body, in order. */
export function voteLines(body: string): string[] {
  return [...body.matchAll(VOTE_LINE)].map((m) => m[0].trim());
}

export function initialState(owner: string, repo: string, number: number, kind: 'pr' | 'issue'): EntityState {
  return {
    owner,
    repo,
    number,
    kind,
    isPR: kind === 'pr',
    title: '',
    body: '',
    author: '',
    state: 'open',
    draft: false,
    mergeable: null,
    headSha: '',
    headRef: '',
    headRepoIsFork: false,
    baseRef: '',
    baseSha: '',
    labels: [],
    assignees: [],
    requestedReviewers: [],
    contexts: {},
    votes: [],
    botComments: {},
    memory: {},
    commenters: [],
    loaded: false,
    botLogin: '',
    handled: 0,
    recentDeliveries: [],
    recent: [],
    failures: [],
  };
}

/** Notes that plugins could not decide on an event; the newest few are kept. */
export function recordFailures(s: EntityState, deliveryId: string, failures: Array<{ plugin: string; reason: string }>): EntityState {
  if (failures.length === 0) return s;
  const added = failures.map((f) => ({ deliveryId, plugin: f.plugin, reason: f.reason.slice(0, MAX_FAILURE_REASON) }));
  return { ...s, failures: [...(s.failures ?? []), ...added].slice(-MAX_FAILURES) };
}

/** State carried over from an older run may predate fields added since; fill them in. */
export function upgradeState(s: Partial<EntityState> & Pick<EntityState, 'owner' | 'repo' | 'number' | 'kind'>): EntityState {
  return { ...initialState(s.owner, s.repo, s.number, s.kind), ...s, isPR: s.kind === 'pr' };
}

export function alreadyHandled(state: EntityState, deliveryId: string): boolean {
  return state.recentDeliveries.includes(deliveryId);
}

/** Folds one event into the state. Returns a new object; the input is not changed. */
export function applyEvent(prev: EntityState, event: GithubEvent): EntityState {
  const s: EntityState = {
    ...prev,
    labels: [...prev.labels],
    contexts: { ...prev.contexts },
    handled: prev.handled + 1,
    recentDeliveries: [...prev.recentDeliveries, event.deliveryId].slice(-MAX_REMEMBERED_DELIVERIES),
    recent: [...prev.recent, { deliveryId: event.deliveryId, kind: event.kind, action: event.action, actor: event.actor }].slice(-MAX_RECENT),
  };
  switch (event.kind) {
    case 'pull_request':
      // A new head SHA starts with no results.
      if (event.headSha !== prev.headSha) s.contexts = {};
      s.title = event.title;
      s.body = event.body;
      s.author = event.author;
      s.headSha = event.headSha;
      s.baseRef = event.baseRef;
      if (event.baseSha) s.baseSha = event.baseSha;
      if (event.headRef !== undefined) s.headRef = event.headRef;
      if (event.headRepoIsFork !== undefined) s.headRepoIsFork = event.headRepoIsFork;
      if (event.mergeable !== undefined) s.mergeable = event.mergeable;
      if (event.requestedReviewers) s.requestedReviewers = [...event.requestedReviewers].sort();
      if (event.milestone !== undefined) s.milestone = event.milestone;
      s.draft = event.draft;
      s.state = event.merged ? 'merged' : event.state;
      s.labels = applyLabelChange(event.labels, event.action, event.label);
      s.assignees = [...event.assignees].sort();
      break;
    case 'issue':
      s.title = event.title;
      s.body = event.body;
      s.author = event.author;
      if (prev.state !== 'merged') s.state = event.state;
      s.labels = applyLabelChange(event.labels, event.action, event.label);
      s.assignees = [...event.assignees].sort();
      break;
    case 'status':
      if (event.sha === s.headSha) s.contexts[event.context] = { state: event.state, description: event.description };
      break;
    case 'review':
      if (event.action === 'submitted' || event.action === 'dismissed') {
        const url = `https://github.com/${s.owner}/${s.repo}/pull/${s.number}#pullrequestreview`;
        s.votes = appendVotes(s.votes, [{ login: event.actor, at: event.at ?? '', source: 'review', text: event.reviewState, url }]);
      }
      break;
    case 'comment':
    case 'push':
      break;
  }
  const c = genericComment(event, s);
  // Votes come from comments and reviews only: Prow's approve never counts the PR body.
  if (c && c.source !== 'body') {
    if (c.action === 'created' && c.source === 'comment' && !s.commenters.some((x) => x.toLowerCase() === c.author.toLowerCase())) {
      s.commenters = [...s.commenters, c.author].slice(-MAX_COMMENTERS);
    }
    // Prow re-reads the current comments on every event: an edited comment votes with its new
    // text, a deleted one no longer votes.
    if (c.commentId !== undefined && c.action !== 'created') s.votes = s.votes.filter((v) => v.commentId !== c.commentId);
    if (c.action !== 'deleted') {
      const lines = voteLines(c.body);
      const url = c.url;
      const votes = lines.map((text): Vote => ({ login: c.author, at: event.at ?? '', source: 'comment', text, url, ...(c.commentId !== undefined ? { commentId: c.commentId } : {}) }));
      if (votes.length > 0) s.votes = appendVotes(s.votes, votes);
    }
  }
  return s;
}

function appendVotes(votes: Vote[], more: Vote[]): Vote[] {
  return [...votes, ...more].slice(-MAX_VOTES);
}

// GitHub's payload carries the full label list after the change; trust it, but make sure the
// label named by labeled/unlabeled is reflected even if the list was truncated.
function applyLabelChange(labels: string[], action: string, label?: string): string[] {
  const set = new Set(labels);
  if (label && action === 'labeled') set.add(label);
  if (label && action === 'unlabeled') set.delete(label);
  return [...set].sort();
}
