// The simulator's whole state. It is also the scenario document's normalised form: `GET /_sim/state`
// returns exactly this, and `POST /_sim/seed` accepts it back (see scenario-schema.ts for the looser
// input form). Field names follow GitHub's (snake_case) wherever GitHub has the same field.

export type Permission = 'admin' | 'maintain' | 'write' | 'triage' | 'read';
export const PERMISSIONS: readonly Permission[] = ['read', 'triage', 'write', 'maintain', 'admin'];

export type IssueState = 'open' | 'closed';
export type StateReason = 'completed' | 'not_planned' | 'reopened' | 'duplicate';
export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
export type StatusState = 'error' | 'failure' | 'pending' | 'success';
export type FileStatus = 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';
export type MergeMethod = 'merge' | 'squash' | 'rebase';

export interface SimUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
  name: string | null;
  email: string | null;
  site_admin: boolean;
  /** API tokens that authenticate as this user (`Authorization: token X` or `Bearer X`). */
  tokens: string[];
  created_at: string;
}

export interface SimTeam {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  privacy: 'closed' | 'secret';
  members: string[];
  maintainers: string[];
}

export interface SimOrg {
  login: string;
  id: number;
  name: string | null;
  /** The organisation's base permission for its members on its repositories. */
  default_repository_permission: Permission | 'none';
  members: string[];
  /** Owners (`role: admin`); also members. */
  admins: string[];
  teams: SimTeam[];
  created_at: string;
}

export interface SimLabel {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface SimMilestone {
  id: number;
  number: number;
  title: string;
  description: string | null;
  state: IssueState;
  due_on: string | null;
  creator: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface SimReaction {
  id: number;
  user: string;
  content: ReactionContent;
  created_at: string;
}

export interface SimComment {
  id: number;
  user: string;
  body: string;
  created_at: string;
  updated_at: string;
  reactions: SimReaction[];
}

export interface SimDeletedComment extends SimComment {
  deleted_at: string;
  deleted_by: string;
}

export interface SimReviewComment {
  path: string;
  position?: number;
  line?: number;
  side?: 'LEFT' | 'RIGHT';
  body: string;
}

export interface SimReview {
  id: number;
  user: string;
  state: ReviewState;
  body: string;
  submitted_at: string;
  commit_id: string;
  /** Inline comments sent with the review (POST .../reviews `comments`). */
  comments?: SimReviewComment[];
}

export interface SimChangedFile {
  filename: string;
  status: FileStatus;
  additions: number;
  deletions: number;
  patch?: string;
  previous_filename?: string;
}

export interface SimCommit {
  sha: string;
  message: string;
  author: string;
  parents: string[];
  date: string;
}

export interface SimStatus {
  id: number;
  context: string;
  state: StatusState;
  description: string | null;
  target_url: string | null;
  creator: string;
  created_at: string;
  updated_at: string;
}

export interface SimCheckRun {
  id: number;
  name: string;
  head_sha: string;
  status: 'queued' | 'in_progress' | 'completed' | 'waiting' | 'requested' | 'pending';
  conclusion: string | null;
  details_url: string | null;
  external_id: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  creator: string;
}

export interface SimMerge {
  number: number;
  sha: string;
  method: MergeMethod;
  by: string;
  head_sha: string;
  base: string;
  merged_at: string;
}

export interface SimPullFields {
  draft: boolean;
  merged: boolean;
  merged_at: string | null;
  merged_by: string | null;
  merge_commit_sha: string | null;
  /** `null` means GitHub has not computed it yet. */
  mergeable: boolean | null;
  maintainer_can_modify: boolean;
  head: { ref: string; sha: string };
  base: { ref: string; sha: string };
  files: SimChangedFile[];
  /** The PR's commits (SHAs, oldest first; each is in the repository's `commits`). */
  commits: string[];
  requested_reviewers: string[];
  requested_teams: string[];
  reviews: SimReview[];
}

export interface SimIssue {
  id: number;
  number: number;
  title: string;
  body: string | null;
  user: string;
  state: IssueState;
  state_reason: StateReason | null;
  locked: boolean;
  labels: string[];
  assignees: string[];
  /** Milestone title. */
  milestone: string | null;
  comments: SimComment[];
  deleted_comments: SimDeletedComment[];
  reactions: SimReaction[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: string | null;
  /** Present on pull requests only. */
  pull?: SimPullFields;
}

export interface SimRepo {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  description: string | null;
  default_branch: string;
  /** Direct collaborators: login → permission. */
  collaborators: Record<string, Permission>;
  /** Teams of the owning organisation with access: team slug → permission. */
  teams: Record<string, Permission>;
  labels: SimLabel[];
  milestones: SimMilestone[];
  /** Branch name → head SHA. */
  branches: Record<string, string>;
  /** Commit SHA → (path → file content): the files as they are at that commit. */
  trees: Record<string, Record<string, string>>;
  /** Every SHA the repository knows (statuses can only be set on these). */
  commits: Record<string, SimCommit>;
  issues: SimIssue[];
  /** Commit SHA → statuses, oldest first. */
  statuses: Record<string, SimStatus[]>;
  /** Commit SHA → check runs, oldest first. */
  check_runs: Record<string, SimCheckRun[]>;
  merges: SimMerge[];
  /** Merge methods the repository allows (absent: allowed, as GitHub's default). */
  allow_merge_commit?: boolean;
  allow_squash_merge?: boolean;
  allow_rebase_merge?: boolean;
  created_at: string;
  updated_at: string;
  pushed_at: string;
}

export interface SimState {
  /** The simulator's clock (ISO 8601, seconds): the time the next write is stamped with. */
  clock: string;
  /** `fixed`: the clock moves only by one second per write. `wall`: it follows real time, never going back. */
  clock_mode: 'fixed' | 'wall';
  /** The next ID handed out (IDs increase monotonically across all kinds of object). */
  next_id: number;
  users: SimUser[];
  orgs: SimOrg[];
  repos: SimRepo[];
}
