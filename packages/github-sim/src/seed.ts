import { parse as parseYaml } from 'yaml';
import { scenarioSchema, type ParsedScenario, type RepoIn } from './scenario-schema.js';
import { seedIssues, type SeedContext } from './seed-issues.js';
import { emptyState, isoSeconds, Store } from './store.js';
import { commitFiles } from './trees.js';
import type { Permission, SimCommit, SimOrg, SimRepo, SimState, SimUser } from './types.js';

// Scenario document → a fresh state. Every reference (user, team, branch, label) is checked and
// every problem reported at once, with the path of the key to fix.

export class SeedError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid scenario:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

export interface RateLimitSetting {
  limit?: number;
  remaining?: number;
  search_limit?: number;
}

/** The document as YAML (YAML is a superset of JSON, so JSON works too). */
export function parseScenarioText(text: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: true }) ?? {};
  } catch (err) {
    throw new SeedError([(err as Error).message]);
  }
}

function maxExplicitId(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((m: number, v) => Math.max(m, maxExplicitId(v)), 0);
  if (value && typeof value === 'object') {
    let m = 0;
    for (const [k, v] of Object.entries(value)) {
      if (k === 'id' && typeof v === 'number') m = Math.max(m, v);
      else m = Math.max(m, maxExplicitId(v));
    }
    return m;
  }
  return 0;
}

export function buildState(input: unknown): { state: SimState; rateLimit?: RateLimitSetting } {
  const parsed = scenarioSchema.safeParse(input ?? {});
  if (!parsed.success) {
    throw new SeedError(parsed.error.issues.map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`));
  }
  const doc = parsed.data;
  const state = emptyState(doc.clock ?? isoSeconds(new Date()), doc.clock_mode ?? (doc.clock ? 'fixed' : 'wall'));
  state.next_id = Math.max(doc.next_id ?? 1, maxExplicitId(doc) + 1);
  const store = new Store(state);
  const problems: string[] = [];
  const ctx: SeedContext = {
    store,
    problems,
    takeId: (given) => given ?? store.nextId(),
    at: (given) => given ?? store.now(),
    needUser: (login, where) => {
      const user = store.user(login);
      if (!user) problems.push(`${where}: unknown user '${login}' (add it under users:)`);
      return user?.login ?? login;
    },
  };
  seedUsers(ctx, doc);
  seedOrgs(ctx, doc);
  (doc.repos ?? []).forEach((r, i) => seedRepo(ctx, r, `repos.${i}`));
  if (problems.length > 0) throw new SeedError(problems);
  return { state, rateLimit: doc.rate_limit };
}

function seedUsers(ctx: SeedContext, doc: ParsedScenario): void {
  (doc.users ?? []).forEach((u, i) => {
    const spec = typeof u === 'string' ? { login: u } : u;
    if (ctx.store.account(spec.login)) {
      ctx.problems.push(`users.${i}: '${spec.login}' appears twice`);
      return;
    }
    const user: SimUser = {
      login: spec.login,
      id: ctx.takeId(spec.id),
      type: spec.type ?? 'User',
      name: spec.name ?? null,
      email: spec.email ?? null,
      site_admin: spec.site_admin ?? false,
      tokens: [...(spec.tokens ?? []), ...(spec.token ? [spec.token] : [])],
      created_at: ctx.at(spec.created_at),
    };
    ctx.store.state.users.push(user);
  });
}

function seedOrgs(ctx: SeedContext, doc: ParsedScenario): void {
  (doc.orgs ?? []).forEach((o, i) => {
    const where = `orgs.${i}`;
    if (ctx.store.account(o.login)) {
      ctx.problems.push(`${where}: '${o.login}' is already a user or organisation`);
      return;
    }
    const org: SimOrg = {
      login: o.login,
      id: ctx.takeId(o.id),
      name: o.name ?? null,
      default_repository_permission: o.default_repository_permission ?? 'read',
      members: (o.members ?? []).map((m, j) => ctx.needUser(m, `${where}.members.${j}`)),
      admins: (o.admins ?? []).map((m, j) => ctx.needUser(m, `${where}.admins.${j}`)),
      teams: [],
      created_at: ctx.at(o.created_at),
    };
    org.teams = (o.teams ?? []).map((t, j) => ({
      id: ctx.takeId(t.id),
      slug: t.slug,
      name: t.name ?? t.slug,
      description: t.description ?? null,
      privacy: t.privacy ?? 'closed',
      members: (t.members ?? []).map((m, k) => ctx.needUser(m, `${where}.teams.${j}.members.${k}`)),
      maintainers: (t.maintainers ?? []).map((m, k) => ctx.needUser(m, `${where}.teams.${j}.maintainers.${k}`)),
    }));
    ctx.store.state.orgs.push(org);
  });
}

function ensureCommit(ctx: SeedContext, repo: SimRepo, sha: string): void {
  repo.commits[sha] ??= { sha, message: '', author: repo.owner, parents: [], date: ctx.store.peekNow() };
}

function seedRepo(ctx: SeedContext, r: RepoIn, where: string): void {
  const { store, problems } = ctx;
  const [owner, name] = r.name.includes('/') ? r.name.split('/', 2) : [r.owner, r.name];
  if (!owner || !name) {
    problems.push(`${where}.name: give the repository as owner/name (or set owner:)`);
    return;
  }
  const account = store.account(owner);
  if (!account) problems.push(`${where}: unknown owner '${owner}' (add it under users: or orgs:)`);
  if (store.repo(owner, name)) {
    problems.push(`${where}: ${owner}/${name} appears twice`);
    return;
  }
  const created = ctx.at(r.created_at);
  const collaborators: Record<string, Permission> = {};
  const collabIn = Array.isArray(r.collaborators) ? Object.fromEntries(r.collaborators.map((c) => [c, 'write' as const])) : (r.collaborators ?? {});
  for (const [login, p] of Object.entries(collabIn)) collaborators[ctx.needUser(login, `${where}.collaborators.${login}`)] = p;
  const org = account?.kind === 'org' ? account.org : undefined;
  for (const slug of Object.keys(r.teams ?? {})) {
    if (!org?.teams.some((t) => t.slug === slug)) problems.push(`${where}.teams.${slug}: no such team in organisation '${owner}'`);
  }
  const repo: SimRepo = {
    id: ctx.takeId(r.id),
    owner: account ? (account.kind === 'user' ? account.user.login : account.org.login) : owner,
    name,
    private: r.private ?? false,
    description: r.description ?? null,
    default_branch: r.default_branch ?? 'main',
    collaborators,
    teams: { ...(r.teams ?? {}) },
    labels: (r.labels ?? []).map((l) => {
      const spec = typeof l === 'string' ? { name: l } : l;
      return { id: ctx.takeId(spec.id), name: spec.name, color: (spec.color ?? 'ededed').toLowerCase(), description: spec.description ?? null, default: spec.default ?? false };
    }),
    milestones: [],
    branches: {},
    trees: {},
    commits: {},
    issues: [],
    statuses: {},
    check_runs: {},
    merges: [...(r.merges ?? [])],
    ...(r.allow_merge_commit === false ? { allow_merge_commit: false } : {}),
    ...(r.allow_squash_merge === false ? { allow_squash_merge: false } : {}),
    ...(r.allow_rebase_merge === false ? { allow_rebase_merge: false } : {}),
    created_at: created,
    updated_at: r.updated_at ?? created,
    pushed_at: r.pushed_at ?? created,
  };
  let number = 0;
  repo.milestones = (r.milestones ?? []).map((m) => {
    const spec = typeof m === 'string' ? { title: m } : m;
    number = Math.max(number + 1, spec.number ?? 0);
    const at = ctx.at(spec.created_at);
    return {
      id: ctx.takeId(spec.id),
      number: spec.number ?? number,
      title: spec.title,
      description: spec.description ?? null,
      state: spec.state ?? 'open',
      due_on: spec.due_on ?? null,
      creator: spec.creator ?? null,
      created_at: at,
      updated_at: spec.updated_at ?? at,
      closed_at: spec.closed_at ?? null,
    };
  });
  store.state.repos.push(repo);
  seedGit(ctx, repo, r);
  seedIssues(ctx, repo, r, where);
}

function seedGit(ctx: SeedContext, repo: SimRepo, r: RepoIn): void {
  const commitsIn: Array<Partial<SimCommit> & { sha?: string }> = Array.isArray(r.commits)
    ? r.commits
    : Object.entries(r.commits ?? {}).map(([sha, c]) => ({ ...c, sha: c.sha ?? sha }));
  for (const c of commitsIn) {
    if (!c.sha) continue;
    repo.commits[c.sha] = { sha: c.sha, message: c.message ?? '', author: c.author ?? repo.owner, parents: c.parents ?? [], date: c.date ?? ctx.store.peekNow() };
  }
  for (const [branch, sha] of Object.entries(r.branches ?? {})) {
    repo.branches[branch] = sha;
    ensureCommit(ctx, repo, sha);
  }
  if (!repo.branches[repo.default_branch]) {
    const root = commitFiles(ctx.store, repo, { parent: null, message: 'Initial commit', author: repo.owner });
    repo.branches[repo.default_branch] = root.sha;
  }
  for (const [ref, files] of Object.entries(r.trees ?? {})) {
    const sha = repo.branches[ref] ?? ref;
    ensureCommit(ctx, repo, sha);
    repo.trees[sha] = { ...(repo.trees[sha] ?? {}), ...files };
  }
  const head = repo.branches[repo.default_branch];
  if (r.files && head) repo.trees[head] = { ...(repo.trees[head] ?? {}), ...r.files };
}
