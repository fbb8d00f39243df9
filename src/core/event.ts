// Coxswain's own small event type. The webhook normalises GitHub's payloads into this shape, so
// workflow code never sees raw webhook JSON and old histories stay readable when GitHub adds fields.

/** What a GitHub delivery means for one PR or issue. */
export type GithubEvent =
  | CommentEvent
  | PullRequestEvent
  | IssueEvent
  | ReviewEvent
  | StatusEvent
  | PushEvent
  | JobEvent;

interface EventBase {
  /** X-GitHub-Delivery: redeliveries carry the same ID and are ignored by the workflow. */
  deliveryId: string;
  /** Login of the user who caused the event. */
  actor: string;
  /** ISO time GitHub gave for the change (not the time we received it). */
  at?: string;
}

export interface CommentEvent extends EventBase {
  kind: 'comment';
  action: 'created' | 'edited' | 'deleted';
  commentId: number;
  body: string;
  /** Where the comment was made: the issue/PR conversation or a review thread. */
  on: 'issue' | 'pull_request' | 'review_thread';
  /** The comment's web link as GitHub gave it (GitHub Enterprise has its own host). */
  url?: string;
  /** Given from a script or the CLI (a Temporal Update), not written on GitHub. */
  via?: 'cli';
}

export interface PullRequestEvent extends EventBase {
  kind: 'pull_request';
  action: string;
  title: string;
  author: string;
  headSha: string;
  baseRef: string;
  /** Optional: events recorded before these fields existed lack them. */
  baseSha?: string;
  headRef?: string;
  headRepoIsFork?: boolean;
  mergeable?: boolean | null;
  requestedReviewers?: string[];
  milestone?: string;
  draft: boolean;
  state: 'open' | 'closed';
  merged: boolean;
  labels: string[];
  assignees: string[];
  body: string;
  /** The label a labeled/unlabeled event is about. */
  label?: string;
  /** An `edited` event that changed the PR's base branch or SHA (trigger runs the jobs again). */
  baseChanged?: boolean;
  /** The merge commit, once merged (GitHub's `merge_commit_sha`); config-updater reads files there. */
  mergeSha?: string;
  /** The repository's default branch (config-updater acts only on merges into it). */
  defaultBranch?: string;
}

export interface IssueEvent extends EventBase {
  kind: 'issue';
  action: string;
  title: string;
  author: string;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
  body: string;
  label?: string;
}

export interface ReviewEvent extends EventBase {
  kind: 'review';
  action: 'submitted' | 'edited' | 'dismissed';
  reviewState: 'approved' | 'changes_requested' | 'commented' | 'dismissed';
  body: string;
}

/** A commit status or a check run/suite result on a commit (both become "contexts"). */
export interface StatusEvent extends EventBase {
  kind: 'status';
  action: 'status' | 'check_run' | 'check_suite';
  sha: string;
  context: string;
  state: 'pending' | 'success' | 'failure' | 'error';
  description: string;
  targetUrl?: string;
}

/** A push to a branch (postsubmits, and the merge pool's base SHA). */
export interface PushEvent extends EventBase {
  kind: 'push';
  action: 'push';
  ref: string;
  before: string;
  after: string;
  deleted: boolean;
  /** Files the pushed commits added, modified or removed (postsubmits' run_if_changed); bounded. */
  changedFiles?: string[];
}

/** A job run of this PR changed state (sent by the job workflow, not by GitHub). */
export interface JobEvent extends EventBase {
  kind: 'job';
  action: 'triggered' | 'pending' | 'success' | 'failure' | 'aborted' | 'error';
  job: string;
  buildId: string;
  workflowId: string;
  sha: string;
  description: string;
  url?: string;
  /** A run superseded by a newer one: GitHub hears nothing of it (Prow's TerminateOlderJobs). */
  unreported?: boolean;
}
