// The shared model: what Coxswain knows of a PR or issue (PrView), the facts read from GitHub for a
// decision (Facts, asked for with FactRequest), and what a decision asks to be done (Action). The
// core computes with it, plugins decide with it, activities fill it and the workflow carries it out.
/** What a plugin sees of the PR or issue (kept by the workflow, refreshed from events). */
export interface PrView {
  owner: string;
  repo: string;
  number: number;
  isPR: boolean;
  title: string;
  body: string;
  author: string;
  state: 'open' | 'closed' | 'merged';
  draft: boolean;
  /** GitHub's `mergeable` for the PR (null while GitHub computes it). */
  mergeable: boolean | null;
  headSha: string;
  /** The PR's head branch (for branchcleaner) and whether it lives in the same repository. */
  headRef: string;
  headRepoIsFork: boolean;
  baseRef: string;
  labels: string[];
  assignees: string[];
  requestedReviewers: string[];
  milestone?: string;
  /** Latest status/check state per context on the head SHA. */
  contexts: Record<string, { state: string; description: string }>;
  /** Slash-command and review history approve/lgtm recompute from (oldest first, bounded). */
  votes: Vote[];
  /** IDs of the bot's own comments by tag (`approve-notifier`, `lgtm-removed`, `help`...). */
  botComments: Record<string, number[]>;
  /** Values plugins asked the workflow to remember (e.g. approve's last notifier text). */
  memory: Record<string, string>;
  /** Logins that have commented on this PR/issue (GitHub lets them be assigned). */
  commenters: string[];
  /** The latest run of each presubmit the PR's workflow started (trigger reports only on the latest). */
  jobs?: Record<string, { buildId: string; sha: string; state: string }>;
}

/** One approval-relevant act, from a comment line or a review, in time order. */
export interface Vote {
  login: string;
  at: string;
  source: 'comment' | 'review';
  /** The command as written (`/approve no-issue`) or, for a review, its state. */
  text: string;
  /** Link to the comment or review (approve's notifier links each approval to it). */
  url?: string;
  /** The comment the vote was written in: editing or deleting it changes the vote, as in Prow. */
  commentId?: number;
}

export interface ChangedFile {
  filename: string;
  additions: number;
  deletions: number;
  status: string;
  /** GitHub's `blob_url` for the file (blockade links to it); optional for older recorded facts. */
  blobUrl?: string;
  /** A renamed file's earlier path (config-updater deletes the key it was stored under). */
  previousFilename?: string;
}

/** A parsed OWNERS file (Prow's SimpleConfig / FullConfig). */
export interface OwnersFile {
  /** Directory the file sits in, '' for the repository root. */
  dir: string;
  approvers: string[];
  reviewers: string[];
  requiredReviewers: string[];
  labels: string[];
  emeritusApprovers: string[];
  noParentOwners: boolean;
  autoApproveUnownedSubfolders: boolean;
  /** `filters:` in the full form: regex → its own approvers/reviewers/labels. */
  filters: Array<{ pattern: string; approvers: string[]; reviewers: string[]; requiredReviewers: string[]; labels: string[] }>;
}

/** OWNERS files that cover a PR's changed files, read at its base, plus OWNERS_ALIASES. */
export interface OwnersData {
  files: OwnersFile[];
  aliases: Record<string, string[]>;
}

/** One of the bot's own comments. `edited`: changed since it was written (Prow trusts only unedited notices). */
export interface BotComment {
  id: number;
  body: string;
  edited: boolean;
}

/** Bounds on the botComments fact: enough for every notice a plugin looks for, whatever else the bot said. */
export const MAX_BOT_COMMENTS = 200;
export const MAX_BOT_COMMENT_BODY = 4096;

/** Facts the workflow gathered for this decision. Keys: logins lower-cased. */
export interface Facts {
  collaborators: Record<string, boolean>;
  /** `${org}/${login}` → member of that org. */
  orgMembers: Record<string, boolean>;
  /** login → admin | maintain | write | triage | read | none. */
  permissions: Record<string, string>;
  /** `${org}/${teamSlug}` → member logins. */
  teams: Record<string, string[]>;
  repoLabels?: string[];
  changedFiles?: ChangedFile[];
  owners?: OwnersData;
  /** All of the repository's collaborators (lower-cased), from one paginated list call. */
  collaboratorList?: string[];
  /** Commit SHA → its git tree SHA (lgtm's store_tree_hash). */
  commitTrees?: Record<string, string>;
  /** The bot's own comments on this issue or PR as GitHub has them now, oldest first (lgtm's notices). */
  botComments?: BotComment[];
  /** Context → state of the latest status on the PR's head, as GitHub has it now (trigger's /retest). */
  headContexts?: Record<string, string>;
  /** `${ref}:${path}` → file content, or null if absent. */
  files: Record<string, string | null>;
  /** Image URL for /meow, or an error text when the image service failed. */
  catImage?: { url: string } | { error: string };
  /** Image URL for /woof and /bark (random.dog), or an error text when the service failed. */
  dogImage?: { url: string } | { error: string };
  /** The PR's commits (dco, invalidcommitmsg). `authorLogin`: the GitHub user the commit is
   *  attributed to, if any; `parents`: parent count (2+ = merge commit). */
  commits?: Array<{ sha: string; message: string; authorName: string; authorEmail: string; authorLogin?: string; parents?: number }>;
  /** login → number of PRs that person has opened in this repository (welcome). */
  authorPrCount: Record<string, number>;
  /** GitHub's `mergeable` for the PR as of now (needs-rebase; null while GitHub computes it). */
  mergeable?: boolean | null;
  /** The repository's milestones (milestone plugin). */
  milestones?: Array<{ number: number; title: string; state: 'open' | 'closed' }>;
}

export type FactRequest =
  | { kind: 'collaborator'; login: string }
  | { kind: 'orgMember'; org: string; login: string }
  | { kind: 'permission'; login: string }
  | { kind: 'team'; org: string; slug: string }
  | { kind: 'repoLabels' }
  | { kind: 'changedFiles' }
  | { kind: 'owners' }
  /** Every collaborator of the repository (Prow's ListCollaborators, used to filter OWNERS). */
  | { kind: 'collaboratorList' }
  /** The tree SHA of a commit (GetSingleCommit → commit.tree.sha). */
  | { kind: 'commitTree'; sha: string }
  /**
   * The bot's own comments on this issue or PR, read from GitHub now (Prow's ListIssueComments
   * filtered by BotUserChecker): what the bot said before, whoever ran it then (Prow, or a
   * workflow that has ended). Bounded: the newest MAX_BOT_COMMENTS, bodies cut at MAX_BOT_COMMENT_BODY.
   */
  | { kind: 'botComments' }
  /** The latest status per context on the head SHA, read now (Prow's GetCombinedStatus). */
  | { kind: 'headContexts' }
  | { kind: 'file'; path: string; ref: string }
  | { kind: 'catImage'; category: string; movie: boolean }
  | { kind: 'dogImage' }
  | { kind: 'commits' }
  | { kind: 'authorPrCount'; login: string }
  | { kind: 'milestones' }
  /** The PR's mergeability read from GitHub now (webhooks carry a stale or null value). */
  | { kind: 'mergeable' };

export type Action =
  | { type: 'addLabels'; labels: string[] }
  | { type: 'removeLabel'; label: string }
  /** `tag` files the new comment's ID under botComments[tag] so it can be edited or pruned later. */
  | { type: 'comment'; body: string; tag?: string }
  | { type: 'editComment'; commentId: number; body: string }
  | { type: 'deleteComment'; commentId: number }
  /**
   * GitHub silently drops users it cannot assign; with `refusalReply`, the workflow answers with
   * `refusalText`, the plugin's words with `{{logins}}` where the refused logins go.
   */
  | { type: 'assign'; logins: string[]; refusalReply?: ReplyTo; refusalText?: string }
  | { type: 'unassign'; logins: string[] }
  /** `refused`: entries known to fail without asking GitHub (teams of another org); the refusal reply lists them too. */
  | { type: 'requestReview'; logins: string[]; teams?: string[]; refusalReply?: ReplyTo; refusalText?: string; refused?: string[] }
  | { type: 'unrequestReview'; logins: string[]; teams?: string[] }
  | { type: 'close'; reason?: 'completed' | 'not_planned' }
  | { type: 'reopen' }
  | { type: 'setTitle'; title: string }
  | { type: 'setMilestone'; milestone: number | null }
  | { type: 'react'; content: '+1' | 'heart' | 'hooray' | 'laugh' | 'rocket' | 'eyes'; commentId?: number }
  | { type: 'status'; context: string; state: 'pending' | 'success' | 'failure' | 'error'; description: string; targetUrl?: string }
  /** Delete a branch of this repository (branchcleaner, after a merge). */
  | { type: 'deleteBranch'; ref: string }
  /** A PR review (event COMMENT) with comments on files; `position` is the line in the diff. */
  | { type: 'review'; body: string; comments: Array<{ path: string; position: number; body: string }> }
  /** Remember (value) or forget (null) a value in PrView.memory. */
  | { type: 'remember'; key: string; value: string | null }
  /**
   * Cherry-pick this merged PR onto targetBranch in a new PR (cherrypicker); the outcome answers
   * replyTo (none: a label asked) with the plugin's text for it from `replies`.
   */
  /**
   * Run these presubmits on the PR's head (trigger). The workflow starts one job workflow per job,
   * at most one at a time per job and head SHA, and supersedes a run on an older head.
   */
  | { type: 'runJobs'; jobs: string[]; retest?: boolean }
  /** Abort the PR's presubmits that have not finished (a push, a close, a conversion to draft). */
  | { type: 'abortJobs'; description: string }
  | { type: 'cherryPick'; targetBranch: string; title: string; body: string; requester: string; replyTo?: ReplyTo; replies?: CherryPickReplies }
  /**
   * Write ConfigMaps from files of this repository at the merge commit `sha` (config-updater), one
   * activity per ConfigMap; then answer replyTo with the summaries of those written: `replies.one`
   * ({{summary}}) for one, `replies.many` ({{count}}, {{list}}: each summary through
   * `replies.item`) for several, nothing when none was. A ConfigMap that could not be written is
   * recorded as the plugin's failure.
   */
  | { type: 'updateConfigMaps'; sha: string; maps: Array<ConfigMapWrite & { summary: string }>; replyTo: ReplyTo; replies: { one: string; many: string; item: string } };

/** One ConfigMap to write: each key set from a file (gzipped if asked), or deleted (no file). */
export interface ConfigMapWrite {
  /** A context of the worker's kubeconfig; `default`: its current context (Prow's default cluster alias). */
  cluster: string;
  namespace: string;
  name: string;
  updates: Array<{ key: string; file?: string; gzip?: boolean }>;
}

/**
 * The cherry-pick plugin's replies, by outcome: `created` ({{number}}: the new PR), `existing`
 * ({{url}}: the PR already there), a failure by its type ({{message}}: what went wrong), and
 * `unaddressed` ({{text}}: one of those) when a label asked rather than a comment.
 */
export interface CherryPickReplies {
  created: string;
  existing: string;
  failures: Record<string, string>;
  failed: string;
  unaddressed: string;
}

/** Where a reply quotes from: the command's author and the comment it came in. */
export interface ReplyTo {
  login: string;
  body: string;
  url: string;
}

export function emptyFacts(): Facts {
  return { collaborators: {}, orgMembers: {}, permissions: {}, teams: {}, files: {}, authorPrCount: {} };
}

/** Facts from a later round added to those already known (maps merged, other facts replaced). */
export function mergeFacts(a: Facts, b: Facts): Facts {
  const defined = Object.fromEntries(Object.entries(b).filter(([, v]) => v !== undefined));
  return {
    ...a,
    ...defined,
    collaborators: { ...a.collaborators, ...b.collaborators },
    orgMembers: { ...a.orgMembers, ...b.orgMembers },
    permissions: { ...a.permissions, ...b.permissions },
    teams: { ...a.teams, ...b.teams },
    files: { ...a.files, ...b.files },
    authorPrCount: { ...a.authorPrCount, ...b.authorPrCount },
    ...(a.commitTrees || b.commitTrees ? { commitTrees: { ...a.commitTrees, ...b.commitTrees } } : {}),
  };
}
