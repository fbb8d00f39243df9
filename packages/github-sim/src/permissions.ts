import type { Store } from './store.js';
import { PERMISSIONS, type Permission, type SimIssue, type SimRepo } from './types.js';

// Who may do what on a repository, as GitHub computes it: the highest of the direct collaborator
// permission, the permissions of the owner organisation's teams the user is in, the organisation's
// base permission for its members, and admin for organisation owners and the owning user.

export function rank(p: Permission | 'none'): number {
  return p === 'none' ? -1 : PERMISSIONS.indexOf(p);
}

function max(a: Permission | 'none', b: Permission | 'none'): Permission | 'none' {
  return rank(a) >= rank(b) ? a : b;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** The user's access to the repository, `none` when they have no access of their own. */
export function effectivePermission(store: Store, repo: SimRepo, login: string): Permission | 'none' {
  if (same(repo.owner, login)) return 'admin';
  let best: Permission | 'none' = 'none';
  for (const [who, p] of Object.entries(repo.collaborators)) if (same(who, login)) best = max(best, p);
  const org = store.org(repo.owner);
  if (org) {
    if (org.admins.some((a) => same(a, login))) return 'admin';
    if (org.members.some((m) => same(m, login))) best = max(best, org.default_repository_permission);
    for (const [slug, p] of Object.entries(repo.teams)) {
      const team = org.teams.find((t) => t.slug === slug);
      if (team && [...team.members, ...team.maintainers].some((m) => same(m, login))) best = max(best, p);
    }
  }
  return best;
}

/** What `GET .../collaborators/{u}/permission` calls `permission` (maintain reads as write, triage as read). */
export function legacyPermission(p: Permission | 'none'): 'admin' | 'write' | 'read' | 'none' {
  if (p === 'admin') return 'admin';
  if (p === 'maintain' || p === 'write') return 'write';
  if (p === 'triage' || p === 'read') return 'read';
  return 'none';
}

export function hasPermission(store: Store, repo: SimRepo, login: string, need: Permission): boolean {
  return rank(effectivePermission(store, repo, login)) >= rank(need);
}

export function isCollaborator(store: Store, repo: SimRepo, login: string): boolean {
  return effectivePermission(store, repo, login) !== 'none';
}

export function isOrgMember(store: Store, orgLogin: string, login: string): boolean {
  const org = store.org(orgLogin);
  return !!org && [...org.members, ...org.admins].some((m) => same(m, login));
}

/**
 * Whether GitHub lets `login` be assigned: people with access to the repository (collaborators and
 * members of the owner organisation) and, on that issue, anyone who has commented on it.
 */
export function canBeAssigned(store: Store, repo: SimRepo, login: string, issue?: SimIssue): boolean {
  if (!store.user(login)) return false;
  if (isCollaborator(store, repo, login) || isOrgMember(store, repo.owner, login)) return true;
  return !!issue && issue.comments.some((c) => same(c.user, login));
}

/** GitHub's author_association of `login` on this repository. */
export function authorAssociation(store: Store, repo: SimRepo, login: string): string {
  if (same(repo.owner, login)) return 'OWNER';
  const org = store.org(repo.owner);
  if (org?.admins.some((a) => same(a, login))) return 'OWNER';
  if (isOrgMember(store, repo.owner, login)) return 'MEMBER';
  if (isCollaborator(store, repo, login)) return 'COLLABORATOR';
  const authored = repo.issues.some((i) => i.pull?.merged && same(i.user, login));
  return authored ? 'CONTRIBUTOR' : 'NONE';
}

/** Everyone with access to the repository, with their permission (GitHub's `affiliation=all`). */
export function collaborators(store: Store, repo: SimRepo): Array<{ login: string; permission: Permission }> {
  const logins = new Set<string>([repo.owner, ...Object.keys(repo.collaborators)]);
  const org = store.org(repo.owner);
  if (org) {
    logins.delete(org.login);
    for (const m of [...org.admins, ...org.members]) logins.add(m);
    for (const slug of Object.keys(repo.teams)) {
      const team = org.teams.find((t) => t.slug === slug);
      for (const m of [...(team?.members ?? []), ...(team?.maintainers ?? [])]) logins.add(m);
    }
  }
  const out: Array<{ login: string; permission: Permission }> = [];
  for (const login of logins) {
    const user = store.user(login);
    const p = effectivePermission(store, repo, login);
    if (user && p !== 'none') out.push({ login: user.login, permission: p });
  }
  return out.sort((a, b) => (store.user(a.login)?.id ?? 0) - (store.user(b.login)?.id ?? 0));
}
