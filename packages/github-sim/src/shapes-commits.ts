import { minimalRepo } from './shapes-repos.js';
import { nodeId, simpleUser, type Json, type Urls } from './shapes.js';
import type { Store } from './store.js';
import { blobSha, treeSha, type DirEntry } from './trees.js';
import type { SimCheckRun, SimCommit, SimRepo, SimStatus, StatusState } from './types.js';

// Commits, branches, file contents, commit statuses and check runs as GitHub's JSON.

const repoApi = (repo: SimRepo, u: Urls) => `${u.api}/repos/${repo.owner}/${repo.name}`;
const repoHtml = (repo: SimRepo, u: Urls) => `${u.html}/${repo.owner}/${repo.name}`;

function gitUser(store: Store, login: string, date: string): Json {
  const user = store.user(login);
  return { name: user?.name ?? login, email: user?.email ?? `${login}@users.noreply.simulator`, date };
}

/** GitHub's "Commit" (branch head, PR commits). */
export function commitShape(store: Store, repo: SimRepo, c: SimCommit, u: Urls): Json {
  const api = `${repoApi(repo, u)}/commits/${c.sha}`;
  return {
    url: api,
    sha: c.sha,
    node_id: nodeId('Commit', c.sha),
    html_url: `${repoHtml(repo, u)}/commit/${c.sha}`,
    comments_url: `${api}/comments`,
    commit: {
      url: `${repoApi(repo, u)}/git/commits/${c.sha}`,
      author: gitUser(store, c.author, c.date),
      committer: gitUser(store, c.author, c.date),
      message: c.message,
      tree: { sha: treeSha(repo, c.sha), url: `${repoApi(repo, u)}/git/trees/${treeSha(repo, c.sha)}` },
      comment_count: 0,
      verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
    },
    author: store.account(c.author) ? simpleUser(store, c.author, u) : null,
    committer: store.account(c.author) ? simpleUser(store, c.author, u) : null,
    parents: c.parents.map((p) => ({ sha: p, url: `${repoApi(repo, u)}/commits/${p}`, html_url: `${repoHtml(repo, u)}/commit/${p}` })),
  };
}

/** GitHub's "Git Commit" (`GET .../git/commits/{sha}`). */
export function gitCommitShape(store: Store, repo: SimRepo, c: SimCommit, u: Urls): Json {
  const tree = treeSha(repo, c.sha);
  return {
    sha: c.sha,
    node_id: nodeId('Commit', c.sha),
    url: `${repoApi(repo, u)}/git/commits/${c.sha}`,
    html_url: `${repoHtml(repo, u)}/commit/${c.sha}`,
    author: gitUser(store, c.author, c.date),
    committer: gitUser(store, c.author, c.date),
    tree: { sha: tree, url: `${repoApi(repo, u)}/git/trees/${tree}` },
    message: c.message,
    parents: c.parents.map((p) => ({ sha: p, url: `${repoApi(repo, u)}/git/commits/${p}`, html_url: `${repoHtml(repo, u)}/commit/${p}` })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

/** A commit record for a SHA the repository knows only by name (seeded branch heads). */
export function commitOrStub(store: Store, repo: SimRepo, sha: string): SimCommit {
  return repo.commits[sha] ?? { sha, message: '', author: repo.owner, parents: [], date: repo.created_at };
}

/** GitHub's "Branch With Protection". */
export function branchShape(store: Store, repo: SimRepo, name: string, sha: string, u: Urls): Json {
  const api = `${repoApi(repo, u)}/branches/${encodeURIComponent(name)}`;
  return {
    name,
    commit: commitShape(store, repo, commitOrStub(store, repo, sha), u),
    _links: { html: `${repoHtml(repo, u)}/tree/${name}`, self: api },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
    protection_url: `${api}/protection`,
  };
}

/** Base64 as GitHub sends it: wrapped at 60 characters, with a trailing newline. */
function base64Wrapped(content: string): string {
  const b64 = Buffer.from(content, 'utf8').toString('base64');
  return b64.length === 0 ? '' : `${(b64.match(/.{1,60}/g) ?? []).join('\n')}\n`;
}

/** A file ("Content File", with base64 content) or a directory entry, at `ref`. */
export function contentShape(repo: SimRepo, entry: DirEntry, ref: string, u: Urls, withContent: boolean): Json {
  const path = entry.path.split('/').map(encodeURIComponent).join('/');
  const self = `${repoApi(repo, u)}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const sha = entry.type === 'file' ? blobSha(entry.content ?? '') : blobSha(`tree:${entry.path}`);
  const git = `${repoApi(repo, u)}/git/${entry.type === 'file' ? 'blobs' : 'trees'}/${sha}`;
  const html = `${repoHtml(repo, u)}/${entry.type === 'file' ? 'blob' : 'tree'}/${ref}/${path}`;
  const out: Json = {
    type: entry.type,
    size: entry.type === 'file' ? Buffer.byteLength(entry.content ?? '', 'utf8') : 0,
    name: entry.name,
    path: entry.path,
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: entry.type === 'file' ? `${u.html}/raw/${repo.owner}/${repo.name}/${ref}/${path}` : null,
    _links: { self, git, html },
  };
  if (withContent && entry.type === 'file') {
    out.content = base64Wrapped(entry.content ?? '');
    out.encoding = 'base64';
  }
  return out;
}

export function statusShape(store: Store, repo: SimRepo, sha: string, s: SimStatus, u: Urls): Json {
  const creator = simpleUser(store, s.creator, u);
  return {
    url: `${repoApi(repo, u)}/statuses/${sha}`,
    avatar_url: creator.avatar_url,
    id: s.id,
    node_id: nodeId('StatusContext', s.id),
    state: s.state,
    description: s.description,
    target_url: s.target_url,
    context: s.context,
    created_at: s.created_at,
    updated_at: s.updated_at,
    creator,
  };
}

/** The newest status of each context, newest first. */
export function latestPerContext(statuses: SimStatus[]): SimStatus[] {
  const seen = new Map<string, SimStatus>();
  for (const s of [...statuses].reverse()) if (!seen.has(s.context)) seen.set(s.context, s);
  return [...seen.values()];
}

/** GitHub's rule: failure if any error/failure, pending if any pending or none at all, else success. */
export function combinedState(latest: SimStatus[]): StatusState {
  if (latest.some((s) => s.state === 'error' || s.state === 'failure')) return 'failure';
  if (latest.length === 0 || latest.some((s) => s.state === 'pending')) return 'pending';
  return 'success';
}

export function combinedStatusShape(store: Store, repo: SimRepo, sha: string, u: Urls): Json {
  const latest = latestPerContext(repo.statuses[sha] ?? []);
  return {
    state: combinedState(latest),
    statuses: latest.map((s) => {
      const full = statusShape(store, repo, sha, s, u);
      delete full.creator;
      return full;
    }),
    sha,
    total_count: latest.length,
    repository: minimalRepo(store, repo, u),
    commit_url: `${repoApi(repo, u)}/commits/${sha}`,
    url: `${repoApi(repo, u)}/commits/${sha}/status`,
  };
}

/** The GitHub App a check run claims (GitHub only lets apps create check runs; here any token may). */
function appShape(store: Store, repo: SimRepo, login: string, u: Urls): Json {
  const user = store.user(login);
  const id = user?.id ?? 0;
  const at = user?.created_at ?? repo.created_at;
  return {
    id,
    slug: login.replace(/\[bot\]$/, ''),
    node_id: nodeId('Integration', id),
    owner: simpleUser(store, repo.owner, u),
    name: login,
    description: null,
    external_url: `${u.html}/apps/${login}`,
    html_url: `${u.html}/apps/${login}`,
    created_at: at,
    updated_at: at,
    permissions: { checks: 'write', metadata: 'read', pull_requests: 'write', statuses: 'write' },
    events: ['pull_request', 'issue_comment'],
  };
}

export function checkRunShape(store: Store, repo: SimRepo, c: SimCheckRun, u: Urls): Json {
  const api = `${repoApi(repo, u)}/check-runs/${c.id}`;
  const prs = repo.issues.filter((i) => i.pull && i.state === 'open' && i.pull.head.sha === c.head_sha);
  const side = (b: { ref: string; sha: string }) => ({ ref: b.ref, sha: b.sha, repo: { id: repo.id, url: repoApi(repo, u), name: repo.name } });
  return {
    id: c.id,
    head_sha: c.head_sha,
    node_id: nodeId('CheckRun', c.id),
    external_id: c.external_id,
    url: api,
    html_url: `${repoHtml(repo, u)}/runs/${c.id}`,
    details_url: c.details_url,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.started_at,
    completed_at: c.completed_at,
    output: { ...c.output, annotations_count: 0, annotations_url: `${api}/annotations` },
    name: c.name,
    check_suite: { id: c.id },
    app: appShape(store, repo, c.creator, u),
    pull_requests: prs.map((i) => ({
      id: i.id,
      number: i.number,
      url: `${repoApi(repo, u)}/pulls/${i.number}`,
      head: side(i.pull?.head ?? { ref: '', sha: '' }),
      base: side(i.pull?.base ?? { ref: '', sha: '' }),
    })),
  };
}
