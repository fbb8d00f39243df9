import { createHash } from 'node:crypto';
import type { Store } from './store.js';
import type { SimChangedFile, SimCommit, SimRepo } from './types.js';

// Files at commits: each known commit SHA maps to the whole set of files (path → content) as they
// are at that commit. Enough to read OWNERS files at a branch or SHA and to derive a PR's diff.

export type Tree = Record<string, string>;

/** Git's blob SHA for a file's content (what the contents API reports as `sha`). */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

export function treeAt(repo: SimRepo, sha: string): Tree | undefined {
  return repo.trees[sha];
}

export interface DirEntry {
  name: string;
  path: string;
  type: 'file' | 'dir';
  content?: string;
}

/** The file at `path`, or the directory listing when `path` is a directory ('' is the root). */
export function lookupPath(tree: Tree, path: string): DirEntry | DirEntry[] | undefined {
  const clean = path.replace(/^\/+|\/+$/g, '');
  const file = tree[clean];
  if (file !== undefined) return { name: clean.split('/').pop() ?? clean, path: clean, type: 'file', content: file };
  const prefix = clean === '' ? '' : `${clean}/`;
  const entries = new Map<string, DirEntry>();
  for (const p of Object.keys(tree).sort()) {
    if (!p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length);
    const [name = '', ...deeper] = rest.split('/');
    if (deeper.length === 0) entries.set(name, { name, path: p, type: 'file', content: tree[p] });
    else if (!entries.has(name)) entries.set(name, { name, path: `${prefix}${name}`, type: 'dir' });
  }
  return entries.size > 0 ? [...entries.values()] : undefined;
}

/** A new tree: `base` with the given files written (content) or removed (status `removed`). */
export function applyFiles(base: Tree, files: Array<{ filename: string; status?: string; content?: string; previous_filename?: string }>): Tree {
  const out: Tree = { ...base };
  for (const f of files) {
    if (f.status === 'removed') {
      delete out[f.filename];
      continue;
    }
    if (f.previous_filename && f.status === 'renamed') {
      const before = out[f.previous_filename];
      delete out[f.previous_filename];
      if (f.content === undefined && before !== undefined) out[f.filename] = before;
    }
    if (f.content !== undefined) out[f.filename] = f.content;
  }
  return out;
}

function lineCounts(content: string | undefined): Map<string, number> {
  const m = new Map<string, number>();
  if (content === undefined || content === '') return m;
  for (const line of content.replace(/\n$/, '').split('\n')) m.set(line, (m.get(line) ?? 0) + 1);
  return m;
}

/** Lines added and removed between two versions of a file (a multiset diff: good enough for sizes). */
export function lineDelta(before: string | undefined, after: string | undefined): { additions: number; deletions: number } {
  const a = lineCounts(before);
  const b = lineCounts(after);
  let additions = 0;
  let deletions = 0;
  for (const [line, n] of b) additions += Math.max(0, n - (a.get(line) ?? 0));
  for (const [line, n] of a) deletions += Math.max(0, n - (b.get(line) ?? 0));
  return { additions, deletions };
}

/** The files that differ between two trees, as a PR's changed files. */
export function diffTrees(base: Tree, head: Tree): SimChangedFile[] {
  const paths = [...new Set([...Object.keys(base), ...Object.keys(head)])].sort();
  const out: SimChangedFile[] = [];
  for (const p of paths) {
    const before = base[p];
    const after = head[p];
    if (before === after) continue;
    const status = before === undefined ? 'added' : after === undefined ? 'removed' : 'modified';
    out.push({ filename: p, status, ...lineDelta(before, after) });
  }
  return out;
}

/**
 * Records a new commit on top of `parent`: its tree is the parent's with `files` applied (files
 * without content leave the tree as it is). Returns the commit.
 */
export function commitFiles(
  store: Store,
  repo: SimRepo,
  opts: { parent: string | null; files?: Array<{ filename: string; status?: string; content?: string; previous_filename?: string }>; message: string; author: string; sha?: string; parents?: string[] },
): SimCommit {
  const sha = opts.sha ?? store.newSha(repo);
  const base = opts.parent ? (repo.trees[opts.parent] ?? {}) : {};
  if (!repo.trees[sha]) repo.trees[sha] = applyFiles(base, opts.files ?? []);
  const commit: SimCommit = {
    sha,
    message: opts.message,
    author: opts.author,
    parents: opts.parents ?? (opts.parent ? [opts.parent] : []),
    date: store.peekNow(),
  };
  repo.commits[sha] ??= commit;
  return repo.commits[sha];
}

/** A tree SHA derived from the files (equal trees, equal SHAs); unique per commit when its files are unknown. */
export function treeSha(repo: SimRepo, commitSha: string): string {
  const tree = repo.trees[commitSha];
  if (!tree) return createHash('sha1').update(`tree-of:${commitSha}`).digest('hex');
  return treeShaOf(tree);
}

/** The SHA of a set of files (path → content): equal files, equal SHAs. */
export function treeShaOf(tree: Tree): string {
  const listing = Object.keys(tree)
    .sort()
    .map((p) => `${p}\0${blobSha(tree[p] ?? '')}\n`)
    .join('');
  return createHash('sha1').update(`tree ${listing}`).digest('hex');
}
