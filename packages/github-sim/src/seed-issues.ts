import { normalizeFile } from './files.js';
import type { CheckRunIn, CommentIn, IssueIn, PullIn, RepoIn, StatusIn } from './scenario-schema.js';
import type { Store } from './store.js';
import { changedFiles } from './ops-pulls.js';
import { commitFiles } from './trees.js';
import type { SimCheckRun, SimComment, SimIssue, SimPullFields, SimRepo, SimStatus } from './types.js';

// Seeding pull requests, issues, their comments and reviews, and commit statuses and check runs.

export interface SeedContext {
  store: Store;
  problems: string[];
  /** The given ID, or the next free one. */
  takeId(given?: number): number;
  /** The given time, or the clock's (which then moves on). */
  at(given?: string): string;
  /** The login as the store spells it; records a problem when nobody has it. */
  needUser(login: string, where: string): string;
}

function byId<T extends { id: number }>(list: T[]): T[] {
  return list.sort((a, b) => a.id - b.id);
}

export function addStatuses(ctx: SeedContext, repo: SimRepo, sha: string, list: StatusIn[], where: string): void {
  const into = (repo.statuses[sha] ??= []);
  list.forEach((s, i) => {
    if (s.id !== undefined && into.some((x) => x.id === s.id)) return;
    const at = ctx.at(s.created_at);
    const status: SimStatus = {
      id: ctx.takeId(s.id),
      context: s.context ?? 'default',
      state: s.state,
      description: s.description ?? null,
      target_url: s.target_url ?? null,
      creator: s.creator ? ctx.needUser(s.creator, `${where}.${i}.creator`) : repo.owner,
      created_at: at,
      updated_at: s.updated_at ?? at,
    };
    into.push(status);
  });
  byId(into);
}

export function addCheckRuns(ctx: SeedContext, repo: SimRepo, sha: string, list: CheckRunIn[], where: string): void {
  const into = (repo.check_runs[sha] ??= []);
  list.forEach((c, i) => {
    if (c.id !== undefined && into.some((x) => x.id === c.id)) return;
    const status = c.status ?? (c.conclusion ? 'completed' : 'queued');
    const run: SimCheckRun = {
      id: ctx.takeId(c.id),
      name: c.name,
      head_sha: sha,
      status,
      conclusion: c.conclusion ?? null,
      details_url: c.details_url ?? null,
      external_id: c.external_id ?? null,
      started_at: c.started_at ?? null,
      completed_at: c.completed_at ?? null,
      output: { title: c.output?.title ?? null, summary: c.output?.summary ?? null, text: c.output?.text ?? null },
      creator: c.creator ? ctx.needUser(c.creator, `${where}.${i}.creator`) : repo.owner,
    };
    into.push(run);
  });
  byId(into);
}

function comments(ctx: SeedContext, list: CommentIn[] | undefined, where: string): SimComment[] {
  return (list ?? []).map((c, i) => {
    const at = ctx.at(c.created_at);
    return {
      id: ctx.takeId(c.id),
      user: ctx.needUser(c.user, `${where}.${i}.user`),
      body: c.body,
      created_at: at,
      updated_at: c.updated_at ?? at,
      reactions: (c.reactions ?? []).map((r, j) => ({ id: ctx.takeId(r.id), user: ctx.needUser(r.user, `${where}.${i}.reactions.${j}.user`), content: r.content, created_at: ctx.at(r.created_at) })),
    };
  });
}

function issueBase(ctx: SeedContext, repo: SimRepo, spec: IssueIn | PullIn, number: number, where: string, isPull: boolean): SimIssue {
  const created = ctx.at(spec.created_at);
  const issue: SimIssue = {
    id: ctx.takeId(spec.id),
    number,
    title: spec.title,
    body: spec.body ?? null,
    user: ctx.needUser(spec.user, `${where}.user`),
    state: spec.state ?? 'open',
    state_reason: spec.state_reason ?? null,
    locked: spec.locked ?? false,
    labels: (spec.labels ?? []).map((l) => ctx.store.ensureLabel(repo, l).name),
    assignees: (spec.assignees ?? []).map((a, i) => ctx.needUser(a, `${where}.assignees.${i}`)),
    milestone: spec.milestone ?? null,
    comments: comments(ctx, spec.comments, `${where}.comments`),
    deleted_comments: [],
    reactions: (spec.reactions ?? []).map((r, j) => ({ id: ctx.takeId(r.id), user: ctx.needUser(r.user, `${where}.reactions.${j}.user`), content: r.content, created_at: ctx.at(r.created_at) })),
    created_at: created,
    updated_at: created,
    closed_at: null,
    closed_by: null,
  };
  issue.deleted_comments = comments(ctx, spec.deleted_comments, `${where}.deleted_comments`).map((c, i) => {
    const d = spec.deleted_comments?.[i];
    return { ...c, deleted_at: d?.deleted_at ?? c.updated_at, deleted_by: d?.deleted_by ?? c.user };
  });
  if (issue.milestone !== null && !repo.milestones.some((m) => m.title === issue.milestone)) {
    ctx.problems.push(`${where}.milestone: no milestone '${issue.milestone}' in ${repo.owner}/${repo.name} (add it under milestones:)`);
  }
  if (issue.state === 'closed') {
    issue.closed_at = spec.closed_at ?? ctx.at();
    issue.closed_by = spec.closed_by ?? null;
    if (spec.state_reason === undefined) issue.state_reason = isPull ? null : 'completed';
  }
  const times = [created, ...issue.comments.map((c) => c.updated_at), issue.closed_at ?? created].sort();
  issue.updated_at = spec.updated_at ?? times[times.length - 1] ?? created;
  return issue;
}

function seedPull(ctx: SeedContext, repo: SimRepo, spec: PullIn, number: number, where: string): SimIssue {
  const issue = issueBase(ctx, repo, spec, number, where, true);
  const baseRef = typeof spec.base === 'string' ? spec.base : (spec.base?.ref ?? repo.default_branch);
  const baseSha = (typeof spec.base === 'object' ? spec.base.sha : undefined) ?? repo.branches[baseRef];
  if (!baseSha) ctx.problems.push(`${where}.base: no branch '${baseRef}' in ${repo.owner}/${repo.name} (add it under branches:)`);
  const headRef = typeof spec.head === 'string' ? spec.head : (spec.head?.ref ?? `pr-${number}`);
  const files = (spec.files ?? []).map(normalizeFile);
  let headSha = (typeof spec.head === 'object' ? spec.head.sha : undefined) ?? repo.branches[headRef];
  if (!headSha || !repo.commits[headSha]) {
    headSha = commitFiles(ctx.store, repo, { parent: baseSha ?? null, files, message: spec.title, author: issue.user, sha: headSha }).sha;
  }
  const merged = spec.merged ?? false;
  if (merged && spec.state === 'open') ctx.problems.push(`${where}: a merged pull request is closed (drop state: open)`);
  if (merged) {
    issue.state = 'closed';
    issue.closed_at ??= spec.closed_at ?? ctx.at();
  }
  if (issue.state === 'open') repo.branches[headRef] ??= headSha;
  const commits = (spec.commits ?? [headSha]).map((c) => {
    const sha = typeof c === 'string' ? c : c.sha;
    if (typeof c === 'object') repo.commits[sha] = { sha, message: c.message ?? '', author: c.author ?? issue.user, parents: c.parents ?? [], date: c.date ?? issue.created_at };
    repo.commits[sha] ??= { sha, message: spec.title, author: issue.user, parents: baseSha ? [baseSha] : [], date: issue.created_at };
    return sha;
  });
  const pull: SimPullFields = {
    draft: spec.draft ?? false,
    merged,
    merged_at: spec.merged_at ?? (merged ? issue.closed_at : null),
    merged_by: spec.merged_by ?? null,
    merge_commit_sha: spec.merge_commit_sha ?? null,
    mergeable: spec.mergeable === undefined ? true : spec.mergeable,
    maintainer_can_modify: spec.maintainer_can_modify ?? false,
    head: { ref: headRef, sha: headSha },
    base: { ref: baseRef, sha: baseSha ?? '' },
    files: changedFiles(repo, baseSha ?? '', headSha, files),
    commits,
    requested_reviewers: (spec.requested_reviewers ?? []).map((r, i) => ctx.needUser(r, `${where}.requested_reviewers.${i}`)),
    requested_teams: spec.requested_teams ?? [],
    reviews: (spec.reviews ?? []).map((r, i) => ({
      id: ctx.takeId(r.id),
      user: ctx.needUser(r.user, `${where}.reviews.${i}.user`),
      state: r.state,
      body: r.body ?? '',
      submitted_at: ctx.at(r.submitted_at),
      commit_id: r.commit_id ?? headSha,
      ...(r.comments ? { comments: r.comments } : {}),
    })),
  };
  const org = ctx.store.org(repo.owner);
  pull.requested_teams.forEach((t, i) => {
    if (!org?.teams.some((x) => x.slug === t)) ctx.problems.push(`${where}.requested_teams.${i}: no team '${t}' in '${repo.owner}'`);
  });
  issue.pull = pull;
  addStatuses(ctx, repo, headSha, spec.statuses ?? [], `${where}.statuses`);
  addCheckRuns(ctx, repo, headSha, spec.check_runs ?? [], `${where}.check_runs`);
  return issue;
}

/** Pull requests and issues share numbers: explicit ones are kept, the rest take the lowest free ones. */
export function seedIssues(ctx: SeedContext, repo: SimRepo, r: RepoIn, where: string): void {
  const taken = new Set<number>();
  const entries = [
    ...(r.pulls ?? []).map((spec, i) => ({ spec, pull: true, where: `${where}.pulls.${i}` })),
    ...(r.issues ?? []).map((spec, i) => ({ spec, pull: false, where: `${where}.issues.${i}` })),
  ];
  for (const e of entries) {
    if (e.spec.number === undefined) continue;
    if (taken.has(e.spec.number)) ctx.problems.push(`${e.where}.number: #${e.spec.number} is used twice`);
    taken.add(e.spec.number);
  }
  let next = 1;
  for (const e of entries) {
    let number = e.spec.number;
    if (number === undefined) {
      while (taken.has(next)) next++;
      number = next;
      taken.add(number);
    }
    const issue = e.pull ? seedPull(ctx, repo, e.spec as PullIn, number, e.where) : issueBase(ctx, repo, e.spec as IssueIn, number, e.where, false);
    repo.issues.push(issue);
  }
  repo.issues.sort((a, b) => a.number - b.number);
  for (const [ref, list] of Object.entries(r.statuses ?? {})) {
    const sha = repo.branches[ref] ?? ref;
    repo.commits[sha] ??= { sha, message: '', author: repo.owner, parents: [], date: ctx.store.peekNow() };
    addStatuses(ctx, repo, sha, list, `${where}.statuses.${ref}`);
  }
  for (const [ref, list] of Object.entries(r.check_runs ?? {})) {
    const sha = repo.branches[ref] ?? ref;
    repo.commits[sha] ??= { sha, message: '', author: repo.owner, parents: [], date: ctx.store.peekNow() };
    addCheckRuns(ctx, repo, sha, list, `${where}.check_runs.${ref}`);
  }
}
