import { familyOf, type SimEvent } from './events.js';
import { ghError, validationFailed } from './http.js';
import { canBeAssigned } from './permissions.js';
import type { Store } from './store.js';
import type { ReactionContent, SimComment, SimIssue, SimReaction, SimRepo, StateReason } from './types.js';

// State changes on issues and pull requests (labels, assignees, comments, state, edits), shared by
// the REST routes and the scenario actions. Each returns the webhook events GitHub would send.

const MAX_ASSIGNEES = 10;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function addLabels(store: Store, repo: SimRepo, issue: SimIssue, names: string[], actor: string): SimEvent[] {
  const events: SimEvent[] = [];
  const at = store.now();
  for (const name of names) {
    const label = store.ensureLabel(repo, name);
    if (issue.labels.some((l) => same(l, label.name))) continue;
    issue.labels.push(label.name);
    events.push({ name: familyOf(issue), action: 'labeled', repo, issue, sender: actor, label: label.name });
  }
  if (events.length > 0) store.touch(repo, issue, at);
  return events;
}

export function removeLabel(store: Store, repo: SimRepo, issue: SimIssue, name: string, actor: string): SimEvent[] {
  const index = issue.labels.findIndex((l) => same(l, name));
  if (index < 0) {
    throw ghError(404, 'Label does not exist', {}, 'https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue');
  }
  const [removed = name] = issue.labels.splice(index, 1);
  store.touch(repo, issue, store.now());
  return [{ name: familyOf(issue), action: 'unlabeled', repo, issue, sender: actor, label: removed }];
}

export function setLabels(store: Store, repo: SimRepo, issue: SimIssue, names: string[], actor: string): SimEvent[] {
  const wanted = names.map((n) => store.ensureLabel(repo, n).name);
  const events: SimEvent[] = [];
  for (const l of [...issue.labels]) {
    if (!wanted.some((w) => same(w, l))) events.push(...removeLabel(store, repo, issue, l, actor));
  }
  events.push(...addLabels(store, repo, issue, wanted, actor));
  return events;
}

/** Adds the assignees GitHub accepts; the others are dropped silently, as GitHub does. */
export function addAssignees(store: Store, repo: SimRepo, issue: SimIssue, logins: string[], actor: string): SimEvent[] {
  const events: SimEvent[] = [];
  const at = store.now();
  for (const login of logins) {
    const user = store.user(login);
    if (!user || !canBeAssigned(store, repo, user.login, issue)) continue;
    if (issue.assignees.some((a) => same(a, user.login))) continue;
    if (issue.assignees.length >= MAX_ASSIGNEES) break;
    issue.assignees.push(user.login);
    events.push({ name: familyOf(issue), action: 'assigned', repo, issue, sender: actor, assignee: user.login });
  }
  if (events.length > 0) store.touch(repo, issue, at);
  return events;
}

export function removeAssignees(store: Store, repo: SimRepo, issue: SimIssue, logins: string[], actor: string): SimEvent[] {
  const events: SimEvent[] = [];
  const at = store.now();
  for (const login of logins) {
    const index = issue.assignees.findIndex((a) => same(a, login));
    if (index < 0) continue;
    const [gone = login] = issue.assignees.splice(index, 1);
    events.push({ name: familyOf(issue), action: 'unassigned', repo, issue, sender: actor, assignee: gone });
  }
  if (events.length > 0) store.touch(repo, issue, at);
  return events;
}

export function setAssignees(store: Store, repo: SimRepo, issue: SimIssue, logins: string[], actor: string): SimEvent[] {
  const drop = issue.assignees.filter((a) => !logins.some((l) => same(l, a)));
  return [...removeAssignees(store, repo, issue, drop, actor), ...addAssignees(store, repo, issue, logins, actor)];
}

export function createComment(store: Store, repo: SimRepo, issue: SimIssue, actor: string, body: string): { comment: SimComment; events: SimEvent[] } {
  if (issue.locked && !same(actor, repo.owner)) throw ghError(403, 'Unable to create comment because issue is locked.');
  const at = store.now();
  const comment: SimComment = { id: store.nextId(), user: actor, body, created_at: at, updated_at: at, reactions: [] };
  issue.comments.push(comment);
  store.touch(repo, issue, at);
  return { comment, events: [{ name: 'issue_comment', action: 'created', repo, issue, comment, sender: actor }] };
}

export function editComment(store: Store, repo: SimRepo, issue: SimIssue, comment: SimComment, actor: string, body: string): SimEvent[] {
  const from = comment.body;
  comment.body = body;
  comment.updated_at = store.now();
  return [{ name: 'issue_comment', action: 'edited', repo, issue, comment, sender: actor, changes: { body: { from } } }];
}

export function deleteComment(store: Store, repo: SimRepo, issue: SimIssue, comment: SimComment, actor: string): SimEvent[] {
  const at = store.now();
  issue.comments = issue.comments.filter((c) => c.id !== comment.id);
  issue.deleted_comments.push({ ...comment, deleted_at: at, deleted_by: actor });
  return [{ name: 'issue_comment', action: 'deleted', repo, issue, comment, sender: actor }];
}

export function setState(
  store: Store,
  repo: SimRepo,
  issue: SimIssue,
  state: 'open' | 'closed',
  actor: string,
  reason?: StateReason | null,
): SimEvent[] {
  if (issue.state === state) {
    if (reason !== undefined && state === 'closed') issue.state_reason = reason;
    return [];
  }
  if (state === 'open' && issue.pull?.merged) {
    throw validationFailed([{ resource: 'PullRequest', code: 'custom', field: 'state', message: 'state cannot be changed. The pull request cannot be reopened because it has been merged.' }]);
  }
  const at = store.now();
  issue.state = state;
  if (state === 'closed') {
    issue.closed_at = at;
    issue.closed_by = actor;
    issue.state_reason = issue.pull ? null : (reason ?? 'completed');
  } else {
    issue.closed_at = null;
    issue.closed_by = null;
    issue.state_reason = issue.pull ? null : 'reopened';
  }
  store.touch(repo, issue, at);
  return [{ name: familyOf(issue), action: state === 'closed' ? 'closed' : 'reopened', repo, issue, sender: actor }];
}

export interface IssueEdit {
  title?: string;
  body?: string | null;
  milestone?: string | null;
}

export function editIssue(store: Store, repo: SimRepo, issue: SimIssue, edit: IssueEdit, actor: string): SimEvent[] {
  const events: SimEvent[] = [];
  const changes: Record<string, { from: unknown }> = {};
  if (edit.title !== undefined && edit.title !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = edit.title;
  }
  if (edit.body !== undefined && edit.body !== issue.body) {
    changes.body = { from: issue.body ?? '' };
    issue.body = edit.body;
  }
  const family = familyOf(issue);
  if (Object.keys(changes).length > 0) events.push({ name: family, action: 'edited', repo, issue, sender: actor, changes });
  if (edit.milestone !== undefined && edit.milestone !== issue.milestone) {
    const before = issue.milestone;
    issue.milestone = edit.milestone;
    if (edit.milestone !== null) events.push({ name: family, action: 'milestoned', repo, issue, sender: actor, milestone: edit.milestone });
    else if (before !== null) events.push({ name: family, action: 'demilestoned', repo, issue, sender: actor, milestone: before });
  }
  if (events.length > 0) store.touch(repo, issue, store.now());
  return events;
}

export interface NewIssue {
  title: string;
  body?: string | null;
  labels?: string[];
  assignees?: string[];
  milestone?: string | null;
}

export function openIssue(store: Store, repo: SimRepo, actor: string, spec: NewIssue): { issue: SimIssue; events: SimEvent[] } {
  const at = store.now();
  const issue: SimIssue = {
    id: store.nextId(),
    number: store.nextNumber(repo),
    title: spec.title,
    body: spec.body ?? null,
    user: actor,
    state: 'open',
    state_reason: null,
    locked: false,
    labels: (spec.labels ?? []).map((l) => store.ensureLabel(repo, l).name),
    assignees: [],
    milestone: spec.milestone ?? null,
    comments: [],
    deleted_comments: [],
    reactions: [],
    created_at: at,
    updated_at: at,
    closed_at: null,
    closed_by: null,
  };
  repo.issues.push(issue);
  issue.assignees = (spec.assignees ?? []).filter((a) => canBeAssigned(store, repo, a, issue)).slice(0, MAX_ASSIGNEES);
  return { issue, events: [{ name: 'issues', action: 'opened', repo, issue, sender: actor }] };
}

/** Adds a reaction; an identical one (same user and content) is returned as it is, not added again. */
export function addReaction(store: Store, reactions: SimReaction[], actor: string, content: ReactionContent): { reaction: SimReaction; created: boolean } {
  const existing = reactions.find((r) => same(r.user, actor) && r.content === content);
  if (existing) return { reaction: existing, created: false };
  const reaction: SimReaction = { id: store.nextId(), user: actor, content, created_at: store.now() };
  reactions.push(reaction);
  return { reaction, created: true };
}
