import { nodeId, simpleUser, type Json, type Urls } from './shapes.js';
import type { Store } from './store.js';
import type { Permission, SimRepo } from './types.js';

// Repositories as GitHub's JSON: "Minimal Repository", "Repository" and "Full Repository".

function repoUrls(repo: SimRepo, u: Urls): Json {
  const full = `${repo.owner}/${repo.name}`;
  const api = `${u.api}/repos/${full}`;
  const host = new URL(u.html).host;
  return {
    html_url: `${u.html}/${full}`,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://${host}/${full}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@${host}:${full}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    hooks_url: `${api}/hooks`,
    clone_url: `${u.html}/${full}.git`,
    svn_url: `${u.html}/${full}`,
  };
}

/** GitHub's "Minimal Repository" (combined status, search results). */
export function minimalRepo(store: Store, repo: SimRepo, u: Urls): Json {
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: `${repo.owner}/${repo.name}`,
    owner: simpleUser(store, repo.owner, u),
    private: repo.private,
    description: repo.description,
    fork: false,
    ...repoUrls(repo, u),
  };
}

/** GitHub's "Repository" (PR head/base, webhooks); with `full` the extra fields of `GET /repos/{o}/{r}`. */
export function repoShape(store: Store, repo: SimRepo, u: Urls, opts: { full?: boolean; permission?: Permission | 'none' } = {}): Json {
  const open = repo.issues.filter((i) => i.state === 'open').length;
  const p = opts.permission ?? 'none';
  const at = (need: Permission[]) => need.includes(p as Permission);
  const org = store.org(repo.owner);
  const out: Json = {
    ...minimalRepo(store, repo, u),
    homepage: null,
    language: null,
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 0,
    default_branch: repo.default_branch,
    open_issues_count: open,
    open_issues: open,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: true,
    has_wiki: true,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: repo.private ? 'private' : 'public',
    pushed_at: repo.pushed_at,
    created_at: repo.created_at,
    updated_at: repo.updated_at,
    permissions: {
      admin: at(['admin']),
      maintain: at(['admin', 'maintain']),
      push: at(['admin', 'maintain', 'write']),
      triage: at(['admin', 'maintain', 'write', 'triage']),
      pull: p !== 'none' || !repo.private,
    },
    allow_forking: true,
    web_commit_signoff_required: false,
    mirror_url: null,
    license: null,
  };
  if (opts.full) {
    Object.assign(out, {
      network_count: 0,
      subscribers_count: 0,
      allow_squash_merge: repo.allow_squash_merge !== false,
      allow_merge_commit: repo.allow_merge_commit !== false,
      allow_rebase_merge: repo.allow_rebase_merge !== false,
      allow_auto_merge: false,
      delete_branch_on_merge: false,
      ...(org ? { organization: simpleUser(store, org.login, u) } : {}),
    });
  }
  return out;
}
