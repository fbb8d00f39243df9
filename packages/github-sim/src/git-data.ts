import { nodeId, type Json, type Urls } from './shapes.js';
import type { Store } from './store.js';
import { blobSha, treeShaOf, type Tree } from './trees.js';
import type { SimRepo } from './types.js';

// Git objects as the Git Data API names them. The simulator keeps files per commit (trees.ts);
// a tree SHA is derived from its files, a blob SHA from its content. Trees created through the API
// that no commit holds yet, and directory trees handed out in listings, are kept here per
// repository (not part of the scenario state: a commit copies its files into the repository).

const loose = new WeakMap<SimRepo, Map<string, Tree>>();

function looseTrees(repo: SimRepo): Map<string, Tree> {
  let m = loose.get(repo);
  if (!m) loose.set(repo, (m = new Map()));
  return m;
}

/** Keeps a tree so later calls can name it by its SHA; returns that SHA. */
export function rememberTree(repo: SimRepo, files: Tree): string {
  const sha = treeShaOf(files);
  looseTrees(repo).set(sha, files);
  return sha;
}

/** The files of a tree SHA, or (as GitHub also accepts) of a commit SHA or branch name. */
export function findTree(store: Store, repo: SimRepo, sha: string): Tree | undefined {
  const kept = loose.get(repo)?.get(sha);
  if (kept) return kept;
  const commit = store.resolveRef(repo, sha);
  if (commit && repo.trees[commit]) return repo.trees[commit];
  for (const files of Object.values(repo.trees)) if (treeShaOf(files) === sha) return files;
  return undefined;
}

/** The content of the blob with this SHA, from any file the repository knows. */
export function findBlob(repo: SimRepo, sha: string): string | undefined {
  for (const files of [...Object.values(repo.trees), ...(loose.get(repo)?.values() ?? [])]) {
    for (const content of Object.values(files)) if (blobSha(content) === sha) return content;
  }
  return undefined;
}

/** The files under directory `dir`, with paths relative to it. */
export function subtree(files: Tree, dir: string): Tree {
  const prefix = `${dir}/`;
  return Object.fromEntries(Object.entries(files).filter(([p]) => p.startsWith(prefix)).map(([p, c]) => [p.slice(prefix.length), c]));
}

/** `files` without `path` and everything under it. */
export function withoutPath(files: Tree, path: string): Tree {
  return Object.fromEntries(Object.entries(files).filter(([p]) => p !== path && !p.startsWith(`${path}/`)));
}

export interface TreeEntry {
  path: string;
  mode: string;
  type: 'blob' | 'tree';
  sha: string;
  size?: number;
}

/** A tree's entries as GitHub lists them: the top level, or (recursive) every file and directory. */
export function listTree(repo: SimRepo, files: Tree, recursive: boolean): TreeEntry[] {
  const out = new Map<string, TreeEntry>();
  for (const path of Object.keys(files).sort()) {
    const parts = path.split('/');
    const dirs = recursive ? parts.length - 1 : Math.min(1, parts.length - 1);
    for (let i = 1; i <= dirs; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!out.has(dir)) out.set(dir, { path: dir, mode: '040000', type: 'tree', sha: rememberTree(repo, subtree(files, dir)) });
    }
    if (recursive || parts.length === 1) {
      const content = files[path] ?? '';
      out.set(path, { path, mode: '100644', type: 'blob', sha: blobSha(content), size: Buffer.byteLength(content, 'utf8') });
    }
  }
  return [...out.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Whether `ancestor` is `sha` or one of its ancestors (a fast-forward from it). */
export function isAncestor(repo: SimRepo, ancestor: string, sha: string): boolean {
  const seen = new Set<string>();
  const todo = [sha];
  while (todo.length > 0) {
    const at = todo.pop() as string;
    if (at === ancestor) return true;
    if (seen.has(at)) continue;
    seen.add(at);
    todo.push(...(repo.commits[at]?.parents ?? []));
  }
  return false;
}

const repoApi = (repo: SimRepo, u: Urls) => `${u.api}/repos/${repo.owner}/${repo.name}`;

/** GitHub's "Git Reference" for a branch. */
export function gitRefShape(repo: SimRepo, branch: string, sha: string, u: Urls): Json {
  const ref = `refs/heads/${branch}`;
  return {
    ref,
    node_id: nodeId('Ref', `${repo.id}:${ref}`),
    url: `${repoApi(repo, u)}/git/${ref}`,
    object: { type: 'commit', sha, url: `${repoApi(repo, u)}/git/commits/${sha}` },
  };
}

/** GitHub's "Git Tree". */
export function gitTreeShape(repo: SimRepo, sha: string, entries: TreeEntry[], u: Urls): Json {
  return {
    sha,
    url: `${repoApi(repo, u)}/git/trees/${sha}`,
    tree: entries.map((e) => ({ ...e, url: `${repoApi(repo, u)}/git/${e.type === 'tree' ? 'trees' : 'blobs'}/${e.sha}` })),
    truncated: false,
  };
}
