// Prow's approvers package (pkg/plugins/approve/approvers/owners.go), ported: which OWNERS files
// a PR needs approval in, who approved, which are still unapproved, and whom to suggest (a greedy
// set cover over a shuffled list, seeded by the PR number). Pure.
import type { RepoOwners } from '../../core/owners.js';
import { rng } from '../../core/prng.js';

export type How = 'Approved' | 'LGTM' | 'Author self-approved';

export interface Approval {
  /** As the approver wrote it (case kept). */
  login: string;
  how: How;
  reference: string;
  noIssue: boolean;
}

/** Go's filepath.Dir: '.' for a bare name. */
function goDir(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}
const canon = (p: string): string => (p === '.' ? '' : p);
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();
function intersects(a: Set<string> | undefined, b: Set<string>): number {
  let n = 0;
  for (const x of a ?? []) if (b.has(x)) n++;
  return n;
}

/** The OWNERS side of a PR: its files, the OWNERS directories that must approve them. */
export class PrOwners {
  readonly ownersSet: Set<string>;
  private readonly fileOwners: Map<string, string>;

  constructor(
    readonly repo: RepoOwners,
    readonly files: string[],
    readonly seed: number,
  ) {
    this.fileOwners = new Map(files.map((f) => [f, repo.findApproverOwnersForFile(f)]));
    // GetOwnersSet: files below an OWNERS with auto_approve_unowned_subfolders need no approval.
    const set = new Set<string>();
    for (const f of files) {
      const of = this.ownersOf(f);
      if (goDir(goDir(f)).includes(of) && repo.isAutoApproveUnownedSubfolders(of)) continue;
      set.add(of);
    }
    // removeSubdirs: drop directories that have an ancestor in the set, unless no_parent_owners.
    for (const dir of sorted(set)) {
      let path = dir;
      while (!repo.isNoParentOwners(path) && canon(path) !== '') {
        path = goDir(path);
        if (set.has(canon(path))) {
          set.delete(dir);
          break;
        }
      }
    }
    this.ownersSet = set;
  }

  private approversMemo?: Map<string, Set<string>>;
  private leafMemo?: Map<string, Set<string>>;
  /** Distinct (OWNERS dir, approvers) pairs of the files that need approval: what `unapproved` checks. */
  private groupsMemo?: Array<{ dir: string; approvers: Set<string> }>;

  ownersOf(file: string): string {
    return this.fileOwners.get(file) ?? this.repo.findApproverOwnersForFile(file);
  }

  private byOwners(pick: (file: string) => Set<string>): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const f of this.files) {
      const of = this.ownersOf(f);
      if (!this.ownersSet.has(of)) continue;
      const set = out.get(of) ?? new Set<string>();
      for (const p of pick(f)) set.add(p);
      out.set(of, set);
    }
    return out;
  }

  /** OWNERS dir → everyone who can approve its files (GetApprovers). */
  approvers(): Map<string, Set<string>> {
    return (this.approversMemo ??= this.byOwners((f) => this.repo.approvers(f)));
  }

  leafApprovers(): Map<string, Set<string>> {
    return (this.leafMemo ??= this.byOwners((f) => this.repo.leafApprovers(f)));
  }

  private groups(): Array<{ dir: string; approvers: Set<string> }> {
    if (!this.groupsMemo) {
      const seen = new Map<string, { dir: string; approvers: Set<string> }>();
      for (const f of this.files) {
        const dir = this.ownersOf(f);
        if (!this.ownersSet.has(dir)) continue;
        const approvers = this.repo.approvers(f);
        seen.set(`${dir}\n${sorted(approvers).join(' ')}`, { dir, approvers });
      }
      this.groupsMemo = [...seen.values()];
    }
    return this.groupsMemo;
  }

  /** OWNERS dirs not yet approved by any of `current` (lower-case logins). */
  unapproved(current: Set<string>): Set<string> {
    const out = new Set<string>();
    for (const g of this.groups()) if (!out.has(g.dir) && intersects(g.approvers, current) === 0) out.add(g.dir);
    return out;
  }

  filesApproved(current: Set<string>): boolean {
    return this.files.length > 0 && this.unapproved(current).size === 0;
  }

  /** Leaf approvers (repeats kept, as Prow does), sorted, then shuffled with the PR number. */
  shuffledApprovers(): string[] {
    const list = [...this.leafApprovers().values()].flatMap((s) => [...s]).sort();
    return rng(this.seed).perm(list.length).map((i) => list[i]!);
  }

  /** Greedy cover of the OWNERS dirs from `potential`, in that order (GetSuggestedApprovers). */
  suggest(reverse: Map<string, Set<string>>, potential: string[]): Set<string> {
    const chosen = new Set<string>();
    while (!this.filesApproved(chosen)) {
      const unapproved = this.unapproved(chosen);
      let best = '';
      let max = 0;
      for (const person of potential) {
        const can = reverse.get(person);
        // Prow compares the overlap with the size of everything the person can approve.
        if (intersects(can, unapproved) > max && !chosen.has(person)) {
          max = can?.size ?? 0;
          best = person;
        }
      }
      if (!best) return chosen;
      chosen.add(best);
    }
    return chosen;
  }

  /** Suggested approvers who would still approve something `known` leaves unapproved. */
  keepCovering(reverse: Map<string, Set<string>>, known: Set<string>, potential: string[]): Set<string> {
    const unapproved = this.unapproved(known);
    return new Set(sorted(this.suggest(reverse, potential)).filter((p) => intersects(reverse.get(p), unapproved) > 0));
  }
}

export function reverseMap(m: Map<string, Set<string>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [dir, people] of m) for (const p of people) out.set(p, new Set([...(out.get(p) ?? []), dir]));
  return out;
}

/** Who approved, plus the issue requirement and a manual label (Prow's Approvers). */
export class Approvals {
  readonly approvals = new Map<string, Approval>();
  readonly assignees = new Set<string>();
  associatedIssue = 0;
  requireIssue = false;
  manuallyApproved = false;

  constructor(readonly owners: PrOwners) {}

  /** A later approval replaces an earlier one, except that a plain one never replaces a no-issue one. */
  add(login: string, reference: string, noIssue: boolean, how: How): void {
    const key = login.toLowerCase();
    if (this.approvals.get(key)?.noIssue && !noIssue) return;
    this.approvals.set(key, { login, how, reference, noIssue });
  }

  remove(login: string): void {
    this.approvals.delete(login.toLowerCase());
  }

  current(): Set<string> {
    return new Set(this.approvals.keys());
  }

  /** Approvals in login order. */
  list(): Approval[] {
    return sorted(this.approvals.keys()).map((k) => this.approvals.get(k)!);
  }

  /** no-issue approvals by people who can approve at least one of the OWNERS dirs. */
  noIssue(): Approval[] {
    const reverse = reverseMap(this.owners.approvers());
    return this.list().filter((a) => a.noIssue && (reverse.get(a.login.toLowerCase())?.size ?? 0) > 0);
  }

  filesApproved(): boolean {
    return this.owners.filesApproved(this.current());
  }

  requirementsMet(): boolean {
    return this.filesApproved() && (!this.requireIssue || this.associatedIssue !== 0 || this.noIssue().length > 0);
  }

  isApproved(): boolean {
    return this.requirementsMet() || this.manuallyApproved;
  }

  /** Each OWNERS dir in order: approved or not, and which current approvers can approve in it. */
  files(): Array<{ dir: string; approved: boolean; approvers: string[] }> {
    const potential = this.owners.approvers();
    const unapproved = this.owners.unapproved(this.current());
    const cased = [...this.approvals.values()].map((a) => a.login);
    return sorted(this.owners.ownersSet).map((dir) => {
      const can = potential.get(dir) ?? new Set<string>();
      return { dir, approved: !unapproved.has(dir), approvers: sorted(new Set(cased.filter((l) => can.has(l.toLowerCase())))) };
    });
  }

  /** Suggested approvers (GetCCs): a cover from leaf approvers, plus assignees worth keeping. */
  ccs(): string[] {
    const o = this.owners;
    const current = this.current();
    const suggested = o.keepCovering(reverseMap(o.leafApprovers()), new Set([...current, ...this.assignees]), o.shuffledApprovers());
    const approversAndSuggested = new Set([...current, ...suggested]);
    const everyone = sorted(new Set([...approversAndSuggested, ...this.assignees]));
    const keepAssignees = o.keepCovering(reverseMap(o.approvers()), approversAndSuggested, everyone);
    return sorted(new Set([...suggested, ...keepAssignees]));
  }

  assignedCCs(): string[] {
    return this.ccs().filter((c) => this.assignees.has(c));
  }

  suggestedCCs(): string[] {
    return this.ccs().filter((c) => !this.assignees.has(c));
  }
}
