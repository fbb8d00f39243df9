import type { Store } from './store.js';
import type { Permission, SimLabel, SimMilestone, SimOrg, SimRepo, SimTeam, SimUser } from './types.js';

// Factories for GitHub's JSON objects (users, repositories, labels, milestones, teams), with every
// field GitHub's OpenAPI description requires. `Urls` is where the simulator is reached: `url`
// fields point back at it so clients that follow them stay on the simulator.

export interface Urls {
  /** REST base, e.g. http://127.0.0.1:3000 (GitHub: https://api.github.com). */
  api: string;
  /** Web base for html_url fields (GitHub: https://github.com). */
  html: string;
}

export type Json = Record<string, unknown>;

/** GitHub's legacy node IDs: base64 of `0{len}:{Type}{id}`. */
export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString('base64');
}

/** Any account (user, bot or organisation) by login, as GitHub's "Simple User". */
export function simpleUser(store: Store, login: string, u: Urls): Json {
  const account = store.account(login);
  const id = account ? (account.kind === 'user' ? account.user.id : account.org.id) : 0;
  const type = account ? (account.kind === 'user' ? account.user.type : 'Organization') : 'User';
  const name = account?.kind === 'user' ? account.user.login : (account?.org.login ?? login);
  const api = `${u.api}/users/${name}`;
  return {
    login: name,
    id,
    node_id: nodeId(type === 'Organization' ? 'Organization' : type, id),
    avatar_url: `${u.html}/avatars/${name}`,
    gravatar_id: '',
    url: api,
    html_url: `${u.html}/${name}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type,
    user_view_type: 'public',
    site_admin: account?.kind === 'user' ? account.user.site_admin : false,
  };
}

export function nullableUser(store: Store, login: string | null, u: Urls): Json | null {
  return login === null ? null : simpleUser(store, login, u);
}

function publicFields(store: Store, login: string, created: string): Json {
  const account = store.account(login);
  const name = account?.kind === 'user' ? account.user.name : (account?.org.name ?? null);
  const email = account?.kind === 'user' ? account.user.email : null;
  const publicRepos = store.state.repos.filter((r) => r.owner.toLowerCase() === login.toLowerCase() && !r.private).length;
  return {
    name,
    company: null,
    blog: '',
    location: null,
    email,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: publicRepos,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: created,
    updated_at: created,
  };
}

/** `GET /users/{u}`: GitHub's "Public User". */
export function publicUser(store: Store, login: string, u: Urls): Json {
  const account = store.account(login);
  const created = account?.kind === 'user' ? account.user.created_at : (account?.org.created_at ?? store.peekNow());
  return { ...simpleUser(store, login, u), ...publicFields(store, login, created) };
}

/** `GET /user`: GitHub's "Private User" for the token's owner. */
export function privateUser(store: Store, user: SimUser, u: Urls): Json {
  const own = store.state.repos.filter((r) => r.owner.toLowerCase() === user.login.toLowerCase());
  return {
    ...simpleUser(store, user.login, u),
    ...publicFields(store, user.login, user.created_at),
    notification_email: user.email,
    private_gists: 0,
    total_private_repos: own.filter((r) => r.private).length,
    owned_private_repos: own.filter((r) => r.private).length,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
    plan: { name: 'free', space: 976562499, private_repos: 10000, collaborators: 0 },
  };
}

export function labelShape(repo: SimRepo, label: SimLabel, u: Urls): Json {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${u.api}/repos/${repo.owner}/${repo.name}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

export function milestoneShape(store: Store, repo: SimRepo, m: SimMilestone, u: Urls): Json {
  const api = `${u.api}/repos/${repo.owner}/${repo.name}/milestones/${m.number}`;
  const issues = repo.issues.filter((i) => i.milestone === m.title);
  return {
    url: api,
    html_url: `${u.html}/${repo.owner}/${repo.name}/milestone/${m.number}`,
    labels_url: `${api}/labels`,
    id: m.id,
    node_id: nodeId('Milestone', m.id),
    number: m.number,
    state: m.state,
    title: m.title,
    description: m.description,
    creator: nullableUser(store, m.creator, u),
    open_issues: issues.filter((i) => i.state === 'open').length,
    closed_issues: issues.filter((i) => i.state === 'closed').length,
    created_at: m.created_at,
    updated_at: m.updated_at,
    closed_at: m.closed_at,
    due_on: m.due_on,
  };
}

export function teamShape(org: SimOrg, team: SimTeam, u: Urls): Json {
  const api = `${u.api}/organizations/${org.id}/team/${team.id}`;
  return {
    id: team.id,
    node_id: nodeId('Team', team.id),
    url: api,
    html_url: `${u.html}/orgs/${org.login}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: team.description,
    privacy: team.privacy,
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${api}/members{/member}`,
    repositories_url: `${api}/repos`,
    parent: null,
    type: 'organization',
    organization_id: org.id,
  };
}

/** GitHub's "Collaborator": a simple user with its permissions on the repository. */
export function collaboratorShape(store: Store, login: string, p: Permission | 'none', u: Urls): Json {
  const r = ['read', 'triage', 'write', 'maintain', 'admin'].indexOf(p);
  return {
    ...simpleUser(store, login, u),
    permissions: { pull: r >= 0, triage: r >= 1, push: r >= 2, maintain: r >= 3, admin: r >= 4 },
    role_name: p,
  };
}

/** GitHub's "Organization Simple" (the `organization` key of webhook payloads). */
export function orgShape(org: SimOrg, u: Urls): Json {
  const api = `${u.api}/orgs/${org.login}`;
  return {
    login: org.login,
    id: org.id,
    node_id: nodeId('Organization', org.id),
    url: api,
    repos_url: `${api}/repos`,
    events_url: `${api}/events`,
    hooks_url: `${api}/hooks`,
    issues_url: `${api}/issues`,
    members_url: `${api}/members{/member}`,
    public_members_url: `${api}/public_members{/member}`,
    avatar_url: `${u.html}/avatars/${org.login}`,
    description: null,
  };
}
