import type { PrView, Vote } from './model.js';
import type { GithubEvent } from './event.js';
import type { JobState } from './job.js';
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
  /** Workflow time of the last failed attempt to learn botLogin (retried at most once a minute). */
  botLoginTriedAt?: number;
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
  /**
   * Label writes this workflow made whose webhooks have not come back yet (`+name`, `-name`), oldest
   * first. Their echo is not news (the write already changed the state), and one that arrives late
   * must not undo a later change. Bounded.
   */
  ownLabelWrites?: string[];
  /** What the bot answered to the last command given from a script (core/cli-command.ts). */
  cliReplies?: { deliveryId: string; bodies: string[] };
  /** Fingerprint of the last report sent to the merge pool (core/pool-report.ts). */
  poolReport?: string;
  /** The latest run of each presubmit on this PR (trigger's runs). Bounded by the repo's presubmits. */
  jobs?: Record<string, JobRunRef>;
}

/** What the PR workflow knows of one job run it started. */
export interface JobRunRef {
  workflowId: string;
  buildId: string;
  sha: string;
  state: JobState;
  description: string;
  url?: string;
}

export const MAX_REMEMBERED_DELIVERIES = 500;
export const MAX_RECENT = 20;
export const MAX_FAILURES = 20;
export const MAX_OWN_LABEL_WRITES = 50;
const MAX_FAILURE_REASON = 500;
export const MAX_COMMENTERS = 200;
/** People whose votes are remembered (those who voted most recently); each keeps a few votes. */
export const MAX_VOTERS = 200;
/** Reviews kept per person: enough for a dismissal to uncover the one before. */
const REVIEWS_PER_VOTER = 3;
/** A vote line longer than this says nothing more (`/approve no-issue` is the longest that matters). */
const MAX_VOTE_TEXT = 200;
/** Commit statuses and checks remembered for the head (GitHub keeps up to 1000 per commit). */
export const MAX_CONTEXTS = 300;

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

export interface ApplyOptions {
  /**
   * Labels change only by what label events say changed, and the echo of the workflow's own label
   * write is skipped; the list other events carry is ignored (it is as it was when GitHub sent the
   * event, and a late webhook would roll labels back). Off for histories recorded before.
   */
  labelDeltas?: boolean;
}

/** Folds one event into the state. Returns a new object; the input is not changed. */
export function applyEvent(prev: EntityState, event: GithubEvent, opts: ApplyOptions = {}): EntityState {
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
      Object.assign(s, labelsAfter(prev, event, opts));
      s.assignees = [...event.assignees].sort();
      break;
    case 'issue':
      s.title = event.title;
      s.body = event.body;
      s.author = event.author;
      if (prev.state !== 'merged') s.state = event.state;
      Object.assign(s, labelsAfter(prev, event, opts));
      s.assignees = [...event.assignees].sort();
      break;
    case 'status':
      if (event.sha === s.headSha && (event.context in s.contexts || Object.keys(s.contexts).length < MAX_CONTEXTS)) {
        s.contexts[event.context] = { state: event.state, description: event.description.slice(0, 140) };
      }
      break;
    case 'review':
      if (event.action === 'submitted' || event.action === 'dismissed') {
        const url = `https://github.com/${s.owner}/${s.repo}/pull/${s.number}#pullrequestreview`;
        s.votes = appendVotes(s.votes, [{ login: event.actor, at: event.at ?? '', source: 'review', text: event.reviewState, url }]);
      }
      break;
    case 'job': {
      // Only the run the workflow knows as the job's latest: a late word from a superseded run is old news.
      const known = s.jobs?.[event.job];
      if (known && known.buildId === event.buildId) s.jobs = { ...s.jobs, [event.job]: { ...known, state: event.action, description: event.description.slice(0, 140), ...(event.url ? { url: event.url } : {}) } };
      break;
    }
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
  return compactVotes([...votes, ...more]);
}

const voteFamily = (v: Vote) => (v.source === 'review' ? 'review' : /^\/(?:remove-)?lgtm\b/i.test(v.text) ? 'lgtm' : 'approve');
const withdraws = (v: Vote) => (v.source === 'review' ? v.text === 'changes_requested' : /^\/remove-|\bcancel\b/i.test(v.text));

/**
 * The votes that can still change an outcome, whatever people write. Approve and lgtm apply votes
 * in order and a person's last word wins, so per person only their latest approve-family and
 * lgtm-family command lines matter (a comment with 500 `/remove-approve` lines is one vote), and
 * a person whose latest words all withdraw has no vote at all. A dismissed review voids that
 * person's latest review before it (as GitHub shows it DISMISSED); 'commented' reviews never vote.
 * At most MAX_VOTERS people, those who voted last, are remembered. Order is kept.
 */
export function compactVotes(votes: Vote[]): Vote[] {
  const live: Vote[] = [];
  for (const v of votes) {
    if (v.source === 'review' && v.text === 'dismissed') {
      for (let j = live.length - 1; j >= 0; j--) {
        const w = live[j]!;
        if (w.source === 'review' && w.login.toLowerCase() === v.login.toLowerCase()) {
          live.splice(j, 1);
          break;
        }
      }
      continue;
    }
    if (v.source === 'review' && v.text !== 'approved' && v.text !== 'changes_requested') continue;
    live.push(v.text.length > MAX_VOTE_TEXT ? { ...v, text: v.text.slice(0, MAX_VOTE_TEXT) } : v);
  }
  const kept: Vote[] = [];
  const seen = new Map<string, { families: Set<string>; reviews: number; grants: boolean }>();
  for (let i = live.length - 1; i >= 0; i--) {
    const v = live[i]!;
    const who = v.login.toLowerCase();
    let p = seen.get(who);
    if (!p) {
      if (seen.size >= MAX_VOTERS) continue;
      seen.set(who, (p = { families: new Set(), reviews: 0, grants: false }));
    }
    const family = voteFamily(v);
    if (family === 'review') {
      // A newer review replaces an older one unless a dismissal may uncover it.
      if (p.reviews >= REVIEWS_PER_VOTER) continue;
      p.reviews++;
    } else {
      if (p.families.has(family)) continue;
      p.families.add(family);
    }
    if (!withdraws(v)) p.grants = true;
    kept.push(v);
  }
  return kept.reverse().filter((v) => seen.get(v.login.toLowerCase())!.grants);
}

/** The labels after a pull_request or issue event (and what is left of the own writes to expect). */
function labelsAfter(prev: EntityState, event: { action: string; actor: string; label?: string; labels: string[] }, opts: ApplyOptions): Pick<EntityState, 'labels' | 'ownLabelWrites'> {
  const change = event.label && (event.action === 'labeled' || event.action === 'unlabeled') ? `${event.action === 'labeled' ? '+' : '-'}${event.label}` : undefined;
  if (!opts.labelDeltas) return { labels: applyLabelChange(event.labels, event.action, event.label) };
  // Other events carry the list as it was when GitHub sent them, possibly before changes already
  // applied here: the labels come from GitHub on the first event and change only by label events.
  if (!change) return { labels: prev.labels };
  const own = prev.ownLabelWrites ?? [];
  const i = own.indexOf(change);
  if (i >= 0 && prev.botLogin !== '' && event.actor.toLowerCase() === prev.botLogin.toLowerCase()) {
    return { labels: prev.labels, ownLabelWrites: [...own.slice(0, i), ...own.slice(i + 1)] };
  }
  return { labels: applyLabelChange(prev.labels, event.action, event.label) };
}

/** Records label writes this workflow just made, so their webhooks are known when they come back. */
export function recordOwnLabelWrites(s: EntityState, changes: string[]): EntityState {
  return { ...s, ownLabelWrites: [...(s.ownLabelWrites ?? []), ...changes].slice(-MAX_OWN_LABEL_WRITES) };
}

// GitHub's payload carries the full label list after the change; trust it, but make sure the
// label named by labeled/unlabeled is reflected even if the list was truncated.
function applyLabelChange(labels: string[], action: string, label?: string): string[] {
  const set = new Set(labels);
  if (label && action === 'labeled') set.add(label);
  if (label && action === 'unlabeled') set.delete(label);
  return [...set].sort();
}
