import { createHash } from 'node:crypto';
import type { SimComment, SimIssue, SimLabel, SimOrg, SimRepo, SimState, SimUser } from './types.js';

/** GitHub's timestamp format: ISO 8601 in UTC, whole seconds. */
export function isoSeconds(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const DEFAULT_CLOCK = '2024-01-01T00:00:00Z';

export function emptyState(clock: string = DEFAULT_CLOCK, mode: SimState['clock_mode'] = 'fixed'): SimState {
  return { clock, clock_mode: mode, next_id: 1, users: [], orgs: [], repos: [] };
}

export type Account = { kind: 'user'; user: SimUser } | { kind: 'org'; org: SimOrg };

/**
 * The in-memory GitHub: the state plus the lookups and counters every route shares. Mutations of
 * issues, pulls and so on live in ops-*.ts; this class only hands out IDs, SHAs and timestamps and
 * finds things.
 */
export class Store {
  state: SimState;

  constructor(state: SimState = emptyState()) {
    this.state = state;
  }

  replace(state: SimState): void {
    this.state = state;
  }

  /**
   * The time of the write in progress. A fixed clock then moves on one second, so timestamps are
   * predictable and strictly increasing; a wall clock follows real time (never going back).
   */
  now(): string {
    const at = this.peekNow();
    this.state.clock = this.state.clock_mode === 'fixed' ? isoSeconds(new Date(Date.parse(at) + 1000)) : at;
    return at;
  }

  /** Current clock reading, without moving it. */
  peekNow(): string {
    if (this.state.clock_mode === 'wall') {
      const wall = isoSeconds(new Date());
      if (Date.parse(wall) > Date.parse(this.state.clock)) return wall;
    }
    return this.state.clock;
  }

  setClock(iso: string): void {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) throw new Error(`not an ISO 8601 time: ${iso}`);
    this.state.clock = isoSeconds(new Date(ms));
    this.state.clock_mode = 'fixed';
  }

  advanceClock(seconds: number): void {
    this.state.clock = isoSeconds(new Date(Date.parse(this.peekNow()) + seconds * 1000));
  }

  nextId(): number {
    return this.state.next_id++;
  }

  /** A new, deterministic 40-hex SHA (the same seed and the same history give the same SHAs). */
  newSha(repo: SimRepo): string {
    return createHash('sha1').update(`${repo.owner}/${repo.name}#${this.nextId()}`).digest('hex');
  }

  user(login: string): SimUser | undefined {
    const l = login.toLowerCase();
    return this.state.users.find((u) => u.login.toLowerCase() === l);
  }

  org(login: string): SimOrg | undefined {
    const l = login.toLowerCase();
    return this.state.orgs.find((o) => o.login.toLowerCase() === l);
  }

  account(login: string): Account | undefined {
    const user = this.user(login);
    if (user) return { kind: 'user', user };
    const org = this.org(login);
    return org ? { kind: 'org', org } : undefined;
  }

  userByToken(token: string): SimUser | undefined {
    return this.state.users.find((u) => u.tokens.includes(token));
  }

  repo(owner: string, name: string): SimRepo | undefined {
    const o = owner.toLowerCase();
    const n = name.toLowerCase();
    return this.state.repos.find((r) => r.owner.toLowerCase() === o && r.name.toLowerCase() === n);
  }

  issue(repo: SimRepo, number: number): SimIssue | undefined {
    return repo.issues.find((i) => i.number === number);
  }

  findComment(repo: SimRepo, id: number): { issue: SimIssue; comment: SimComment } | undefined {
    for (const issue of repo.issues) {
      const comment = issue.comments.find((c) => c.id === id);
      if (comment) return { issue, comment };
    }
    return undefined;
  }

  label(repo: SimRepo, name: string): SimLabel | undefined {
    const n = name.toLowerCase();
    return repo.labels.find((l) => l.name.toLowerCase() === n);
  }

  /** The repository's label, created (grey, as GitHub does) when the repository does not have it yet. */
  ensureLabel(repo: SimRepo, name: string): SimLabel {
    const found = this.label(repo, name);
    if (found) return found;
    const label: SimLabel = { id: this.nextId(), name, color: 'ededed', description: null, default: false };
    repo.labels.push(label);
    return label;
  }

  /** The next issue/PR number: numbers are shared by issues and pull requests. */
  nextNumber(repo: SimRepo): number {
    return repo.issues.reduce((max, i) => Math.max(max, i.number), 0) + 1;
  }

  /** The SHA a ref (branch name or known SHA) points at. */
  resolveRef(repo: SimRepo, ref: string): string | undefined {
    const branch = repo.branches[ref] ?? repo.branches[ref.replace(/^(refs\/)?heads\//, '')];
    if (branch) return branch;
    if (repo.commits[ref] || repo.trees[ref]) return ref;
    if (/^[0-9a-f]{7,39}$/.test(ref)) {
      return Object.keys(repo.commits).find((sha) => sha.startsWith(ref));
    }
    return undefined;
  }

  touch(repo: SimRepo, issue: SimIssue, at: string): void {
    issue.updated_at = at;
    repo.updated_at = at;
  }
}

export function fullName(repo: SimRepo): string {
  return `${repo.owner}/${repo.name}`;
}
