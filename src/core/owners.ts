// OWNERS semantics as Prow's repoowners resolves them (prow.md §2.1): who approves and reviews a
// file (inherited upward unless `no_parent_owners`), the nearest OWNERS directory with approvers,
// labels per file, `filters:` regexps on the path relative to the OWNERS directory, aliases
// expanded at load, and approvers/reviewers intersected with the repo's collaborators unless the
// repo is in `owners.skip_collaborators`. Pure: the activity reads the files, this only resolves.
import type { OwnersData, OwnersFile } from './model.js';
import { normLogin } from './commands.js';
import { compileGoRegexp, type GoRegexp } from './go-regexp.js';

export { parseAliases, parseAliasesStrict, parseOwners, parseOwnersStrict } from './owners-parse.js';

export const DEFAULT_OWNERS_FILE = 'OWNERS';
export const DEFAULT_OWNERS_ALIASES_FILE = 'OWNERS_ALIASES';

/** `dir/OWNERS` for every directory from each changed file's directory up to the root. */
export function ownersPathsFor(changedFiles: string[], filename = DEFAULT_OWNERS_FILE): string[] {
  const out = new Set<string>();
  for (const file of changedFiles) {
    for (let d = parentDir(file); ; d = parentDir(d)) {
      out.add(d === '' ? filename : `${d}/${filename}`);
      if (d === '') break;
    }
  }
  return [...out].sort();
}

/** Prow's `SkipCollaborators(org, repo)`: the list names the org or the org/repo. */
export function skipsCollaborators(list: readonly string[] | undefined, org: string, repo: string): boolean {
  return (list ?? []).some((e) => e === org || e === `${org}/${repo}`);
}

/** `owners.filenames` for org/repo (the org/repo entry, else the org's), defaults filled in. */
export function ownersFilenames(
  filenames: Record<string, { owners?: string; owners_aliases?: string }> | undefined,
  org: string,
  repo: string,
): { owners: string; ownersAliases: string } {
  const entry = filenames?.[`${org}/${repo}`] ?? filenames?.[org];
  return { owners: entry?.owners || DEFAULT_OWNERS_FILE, ownersAliases: entry?.owners_aliases || DEFAULT_OWNERS_ALIASES_FILE };
}

/** `dir` without trailing "/" (a scan: /\/+$/ is quadratic on a long run of slashes mid-path). */
function trimTrailingSlashes(dir: string): string {
  let end = dir.length;
  while (end > 0 && dir[end - 1] === '/') end--;
  return dir.slice(0, end);
}

/** Go's filepath.Dir for repository paths, with the root as ''. */
export function parentDir(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

type Role = 'approvers' | 'reviewers' | 'requiredReviewers' | 'labels';
type Entry = { re: GoRegexp | null; people: Set<string> };

/** The resolved OWNERS of a repository at one base commit. Logins are lower-case. */
export class RepoOwners {
  private readonly roles: Record<Role, Map<string, Entry[]>> = {
    approvers: new Map(),
    reviewers: new Map(),
    requiredReviewers: new Map(),
    labels: new Map(),
  };
  private readonly noParent = new Set<string>();
  private readonly autoApprove = new Set<string>();

  /** `collaborators`: the repo's collaborators, or undefined to skip the filtering. */
  constructor(data: OwnersData, collaborators?: readonly string[]) {
    const aliases = new Map(Object.entries(data.aliases).map(([k, v]) => [normLogin(k), v.map(normLogin)]));
    const collabs = collaborators && new Set(collaborators.map(normLogin));
    const people = (logins: string[], filter: boolean): Set<string> => {
      const expanded = expandAliases(logins.map(normLogin), aliases);
      return filter && collabs ? new Set([...expanded].filter((l) => collabs.has(l))) : expanded;
    };
    for (const file of data.files) {
      const dir = file.dir === '.' ? '' : trimTrailingSlashes(file.dir);
      if (file.noParentOwners) this.noParent.add(dir);
      if (file.autoApproveUnownedSubfolders) this.autoApprove.add(dir);
      type Cfg = { re: GoRegexp | null; c: Omit<OwnersFile['filters'][number], 'pattern'> };
      const configs: Cfg[] = file.approvers.length + file.reviewers.length + file.requiredReviewers.length + file.labels.length > 0
        ? [{ re: null, c: file }]
        : file.filters.flatMap((f): Cfg[] => {
            if (f.pattern === '.*') return [{ re: null, c: f }];
            try {
              return [{ re: compileGoRegexp(f.pattern), c: f }];
            } catch {
              return []; // Prow skips a filter whose regexp does not compile.
            }
          });
      for (const { re, c } of configs) {
        if (c.approvers.length > 0) this.add('approvers', dir, { re, people: people(c.approvers, true) });
        if (c.reviewers.length > 0) this.add('reviewers', dir, { re, people: people(c.reviewers, true) });
        if (c.requiredReviewers.length > 0) this.add('requiredReviewers', dir, { re, people: people(c.requiredReviewers, false) });
        if (c.labels.length > 0) this.add('labels', dir, { re, people: new Set(c.labels) });
      }
    }
  }

  private add(role: Role, dir: string, entry: Entry): void {
    const list = this.roles[role].get(dir) ?? [];
    this.roles[role].set(dir, [...list, entry]);
  }

  /** Layers of people for a file, nearest OWNERS first (Prow's entriesForFile). */
  private layers(path: string, role: Role, leafOnly: boolean): string[][] {
    const out: string[][] = [];
    const seen = new Set<string>();
    let d = path === '.' ? '' : path;
    for (;;) {
      const rel = d === '' ? path : path.slice(d.length + 1);
      const layer: string[] = [];
      for (const { re, people } of this.roles[role].get(d) ?? []) {
        if (re && !re.test(rel)) continue;
        for (const p of [...people].sort()) {
          if (!seen.has(p)) {
            seen.add(p);
            layer.push(p);
          }
        }
      }
      out.push(layer.sort());
      if (leafOnly && seen.size > 0) break;
      if (d === '') break;
      if (this.noParent.has(d) && seen.size > 0) break;
      d = parentDir(d);
    }
    return out.filter((l) => l.length > 0);
  }

  /** The nearest directory (never the root, which is '' anyway) with a non-empty entry for the file. */
  private nearest(path: string, role: Role): string {
    for (let d = path; d !== ''; d = parentDir(d)) {
      const rel = path.slice(d.length + 1);
      if ((this.roles[role].get(d) ?? []).some(({ re, people }) => (!re || re.test(rel)) && people.size > 0)) return d;
    }
    return '';
  }

  /** Everyone who can approve the file: its OWNERS and every parent's, up to `no_parent_owners`. */
  approvers(path: string): Set<string> {
    return new Set(this.layers(path, 'approvers', false).flat());
  }
  approverLayers(path: string): string[][] {
    return this.layers(path, 'approvers', false);
  }
  /** The approvers of the nearest OWNERS that has any for the file. */
  leafApprovers(path: string): Set<string> {
    return new Set(this.layers(path, 'approvers', true).flat());
  }
  reviewerLayers(path: string): string[][] {
    return this.layers(path, 'reviewers', false);
  }
  reviewers(path: string): Set<string> {
    return new Set(this.layers(path, 'reviewers', false).flat());
  }
  leafReviewers(path: string): Set<string> {
    return new Set(this.layers(path, 'reviewers', true).flat());
  }
  requiredReviewers(path: string): Set<string> {
    return new Set(this.layers(path, 'requiredReviewers', false).flat());
  }
  /** Labels from every OWNERS covering the file (owners-label). */
  labels(path: string): Set<string> {
    return new Set(this.layers(path, 'labels', false).flat());
  }
  topLevelApprovers(): Set<string> {
    return new Set(this.layers('', 'approvers', true).flat());
  }
  /** The directory of the nearest OWNERS file with approvers for the file ('' = root). */
  findApproverOwnersForFile(path: string): string {
    return this.nearest(path, 'approvers');
  }
  findReviewersOwnersForFile(path: string): string {
    return this.nearest(path, 'reviewers');
  }
  isNoParentOwners(dir: string): boolean {
    return this.noParent.has(dir);
  }
  isAutoApproveUnownedSubfolders(dir: string): boolean {
    return this.autoApprove.has(dir);
  }
}

/** Prow's ExpandAliases: each login that names an alias is replaced by its members (one level). */
function expandAliases(logins: string[], aliases: Map<string, string[]>): Set<string> {
  const out = new Set(logins);
  for (const login of [...out].sort()) {
    const members = aliases.get(login);
    if (members) {
      out.delete(login);
      for (const m of members) out.add(m);
    }
  }
  return out;
}
