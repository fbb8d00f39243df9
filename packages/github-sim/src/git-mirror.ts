import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from './store.js';
import type { Tree } from './trees.js';
import type { SimChangedFile, SimRepo } from './types.js';

// Real bare git repositories made from the simulator's state, so `git clone` / `git fetch` work
// against it (served by git-http.ts). Each branch is a commit holding the files the store keeps
// for its SHA, with the store's history as parents; each PR is `refs/pull/<n>/head`. The store knows
// only names and line counts of most PR files, so a PR whose head does not carry their content gets
// one more commit on top of its head writing deterministic placeholder lines (and deleting removed
// files). Git's SHAs differ from the simulator's made-up ones. The same state always gives the same
// git SHAs: dates, authors and contents all come from the state.

/** One commit to write: `id` is the simulator's SHA, or `pull/<n>` for a PR's placeholder commit. */
export interface PlannedCommit {
  id: string;
  parents: string[];
  files: Tree;
  message: string;
  author: { name: string; email: string };
  /** Seconds since the epoch (author and committer date). */
  date: number;
}

export interface MirrorPlan {
  /** Parents before children. */
  commits: PlannedCommit[];
  /** Full ref name → commit id. */
  refs: Record<string, string>;
  /** The default branch's ref, when the repository has it. */
  head: string | null;
}

const hasControl = (s: string) => [...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

/** A ref name git accepts (a subset of check-ref-format's rules, enough to skip odd branch names). */
export function validRefName(name: string): boolean {
  if (!name || name.startsWith('/') || name.endsWith('/') || name.endsWith('.') || name.includes('..') || name.includes('//') || name.includes('@{')) return false;
  if (name === '@' || /[ \x7f~^:?*[\\]/.test(name) || hasControl(name)) return false;
  return name.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock'));
}

/** A path git can hold in a tree: relative, no empty, `.`, `..` or `.git` segments. */
function validPath(path: string): boolean {
  if (!path || hasControl(path)) return false;
  return path.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..' && seg.toLowerCase() !== '.git');
}

/** The files git can write: invalid paths dropped, and a file that is also a directory of another dropped. */
function cleanTree(tree: Tree): Tree {
  const paths = Object.keys(tree).filter(validPath).sort();
  const out: Tree = {};
  for (let i = 0; i < paths.length; i++) {
    const p = paths[i] ?? '';
    const next = paths[i + 1];
    if (next !== undefined && next.startsWith(`${p}/`)) continue;
    out[p] = tree[p] ?? '';
  }
  return out;
}

/** Deterministic stand-in for a PR file's content: the base's lines less `deletions` from the end, plus `additions` lines. */
export function placeholderContent(file: Pick<SimChangedFile, 'filename' | 'additions' | 'deletions'>, number: number, before: string | undefined): string {
  const lines = before === undefined || before === '' ? [] : before.replace(/\n$/, '').split('\n');
  const kept = lines.slice(0, Math.max(0, lines.length - Math.max(0, file.deletions)));
  const added = Array.from({ length: Math.max(0, Math.min(file.additions, 100_000)) }, (_, i) => `Line ${i + 1} of ${file.filename}, from pull request #${number}.`);
  const all = [...kept, ...added];
  return all.length === 0 ? '' : `${all.join('\n')}\n`;
}

/** The PR's files applied to its head tree where the head does not already hold them; undefined when nothing changes. */
function overlayPull(head: Tree, base: Tree, files: SimChangedFile[], number: number): Tree | undefined {
  const out: Tree = { ...head };
  let changed = false;
  for (const f of files) {
    if (f.status === 'removed') {
      if (f.filename in out) {
        delete out[f.filename];
        changed = true;
      }
      continue;
    }
    if (f.status === 'copied' || f.status === 'unchanged') continue;
    let before = out[f.filename];
    if (f.status === 'renamed' && f.previous_filename && f.previous_filename in out && out[f.filename] === undefined) {
      before = out[f.previous_filename];
      delete out[f.previous_filename];
      changed = true;
    }
    // Content the head really carries (given with `content`) stays as it is.
    if (out[f.filename] !== undefined && out[f.filename] !== base[f.filename]) continue;
    const content = placeholderContent(f, number, before);
    if (out[f.filename] !== content) {
      out[f.filename] = content;
      changed = true;
    }
  }
  return changed ? out : undefined;
}

/** What the bare repository should hold for `repo`, from the store alone. */
export function planMirror(store: Store, repo: SimRepo): MirrorPlan {
  const person = (login: string) => {
    const user = store.user(login);
    const clean = (s: string) => s.replace(/[<>\n\r]/g, '').trim() || 'unknown';
    return { name: clean(user?.name ?? login), email: `${clean(user?.login ?? login)}@users.noreply.github.com` };
  };
  const epoch = (iso: string | undefined) => {
    const ms = Date.parse(iso ?? '');
    return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
  };
  const commits: PlannedCommit[] = [];
  const done = new Map<string, PlannedCommit>();

  // Parents first, without recursion (histories can be long).
  const visit = (root: string) => {
    const stack: Array<{ sha: string; expanded: boolean }> = [{ sha: root, expanded: false }];
    const onStack = new Set<string>();
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (done.has(top.sha)) {
        stack.pop();
        continue;
      }
      const record = repo.commits[top.sha];
      const parents = (record?.parents ?? []).filter((p) => repo.commits[p] !== undefined && !onStack.has(p));
      if (!top.expanded) {
        top.expanded = true;
        onStack.add(top.sha);
        for (const p of [...parents].reverse()) if (!done.has(p)) stack.push({ sha: p, expanded: false });
        continue;
      }
      stack.pop();
      onStack.delete(top.sha);
      const parentCommits = parents.map((p) => done.get(p)).filter((c): c is PlannedCommit => c !== undefined);
      const files = cleanTree(repo.trees[top.sha] ?? parentCommits[0]?.files ?? {});
      const planned: PlannedCommit = {
        id: top.sha,
        parents: parentCommits.map((c) => c.id),
        files,
        message: record?.message || '(no message)',
        author: person(record?.author ?? repo.owner),
        date: epoch(record?.date ?? store.state.clock),
      };
      done.set(top.sha, planned);
      commits.push(planned);
    }
  };

  const refs: Record<string, string> = {};
  for (const branch of Object.keys(repo.branches).sort()) {
    const sha = repo.branches[branch];
    if (!sha || !validRefName(`refs/heads/${branch}`)) continue;
    visit(sha);
    refs[`refs/heads/${branch}`] = sha;
  }
  const pulls = repo.issues.filter((i) => i.pull).sort((a, b) => a.number - b.number);
  for (const issue of pulls) {
    const pull = issue.pull!;
    visit(pull.head.sha);
    const head = done.get(pull.head.sha)!;
    const base = cleanTree(repo.trees[pull.base.sha] ?? {});
    const overlay = overlayPull(head.files, base, pull.files, issue.number);
    let id = head.id;
    if (overlay) {
      id = `pull/${issue.number}`;
      const planned: PlannedCommit = {
        id,
        parents: [head.id],
        files: cleanTree(overlay),
        message: `${issue.title}\n\nThe files of #${issue.number} (placeholder content written by the GitHub simulator).`,
        author: person(issue.user),
        date: head.date,
      };
      commits.push(planned);
    }
    refs[`refs/pull/${issue.number}/head`] = id;
  }
  const headRef = `refs/heads/${repo.default_branch}`;
  return { commits, refs, head: refs[headRef] !== undefined ? headRef : null };
}

/** git fast-import's input for the plan; commits get marks after the blobs. */
function fastImportStream(plan: MirrorPlan): { input: Buffer; marks: Map<string, number> } {
  const chunks: Buffer[] = [];
  const text = (s: string) => chunks.push(Buffer.from(s, 'utf8'));
  const data = (s: string) => {
    const bytes = Buffer.from(s, 'utf8');
    text(`data ${bytes.length}\n`);
    chunks.push(bytes);
    text('\n');
  };
  const blobs = new Map<string, number>();
  let mark = 0;
  for (const c of plan.commits) {
    for (const content of Object.values(c.files)) {
      if (blobs.has(content)) continue;
      blobs.set(content, ++mark);
      text(`blob\nmark :${mark}\n`);
      data(content);
    }
  }
  const marks = new Map<string, number>();
  // A path is taken to the end of the line; only one starting with a quote needs C-style quoting.
  const quote = (p: string) => (p.startsWith('"') ? JSON.stringify(p) : p);
  for (const c of plan.commits) {
    marks.set(c.id, ++mark);
    const who = `${c.author.name} <${c.author.email}> ${c.date} +0000`;
    text(`reset refs/coxswain-sim/scratch\ncommit refs/coxswain-sim/scratch\nmark :${mark}\nauthor ${who}\ncommitter ${who}\n`);
    data(c.message);
    c.parents.forEach((p, i) => text(`${i === 0 ? 'from' : 'merge'} :${marks.get(p)}\n`));
    text('deleteall\n');
    for (const [path, content] of Object.entries(c.files)) text(`M 100644 :${blobs.get(content)} ${quote(path)}\n`);
    text('\n');
  }
  text('done\n');
  return { input: Buffer.concat(chunks), marks };
}

/** Runs git; rejects with its stderr when it fails. */
export function runGit(args: string[], opts: { cwd?: string; input?: Buffer | string; env?: Record<string, string> } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: opts.cwd, env: { ...gitEnv(), ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`git ${args[0]} failed (${code}): ${Buffer.concat(err).toString('utf8').trim()}`));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

/** A clean environment for git: no user or system config, nothing inherited from a surrounding repository. */
export function gitEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: tmpdir(),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    LANG: 'C',
  };
}

/** A path segment the mirror may use as a directory name. */
function safeSegment(s: string): boolean {
  return /^[A-Za-z0-9._-]+$/.test(s) && s !== '.' && s !== '..' && !s.startsWith('.');
}

/**
 * The bare repositories, under one temporary directory: `<root>/<owner>/<name>.git`, made on first
 * use and brought up to date whenever the plan (so the repository's state) has changed.
 */
export class GitMirror {
  private rootDir: Promise<string> | undefined;
  private readonly fingerprints = new Map<string, string>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly store: Store) {}

  /** GIT_PROJECT_ROOT for git http-backend. */
  root(): Promise<string> {
    this.rootDir ??= mkdtemp(join(tmpdir(), 'github-sim-git-'));
    return this.rootDir;
  }

  /** `<owner>/<name>.git` under the root, up to date with the store; undefined when the names cannot be a path. */
  async sync(repo: SimRepo): Promise<string | undefined> {
    if (!safeSegment(repo.owner) || !safeSegment(repo.name)) return undefined;
    const rel = `${repo.owner}/${repo.name}.git`;
    // One update at a time per repository; later requests wait for the one in progress.
    const previous = this.queues.get(rel) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.update(repo, rel));
    this.queues.set(rel, next);
    try {
      await next;
    } finally {
      if (this.queues.get(rel) === next) this.queues.delete(rel);
    }
    return rel;
  }

  private async update(repo: SimRepo, rel: string): Promise<void> {
    const plan = planMirror(this.store, repo);
    const fingerprint = createHash('sha1').update(JSON.stringify(plan)).digest('hex');
    if (this.fingerprints.get(rel) === fingerprint) return;
    const dir = join(await this.root(), rel);
    const exists = await stat(join(dir, 'HEAD')).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await runGit(['init', '--bare', '--quiet', '--template=', dir]);
      await runGit(['config', 'uploadpack.allowReachableSHA1InWant', 'true'], { cwd: dir });
    }
    const { input, marks } = fastImportStream(plan);
    const marksFile = join(dir, 'coxswain-sim-marks');
    await runGit(['fast-import', '--quiet', '--force', '--done', `--export-marks=${marksFile}`], { cwd: dir, input });
    const shaOfMark = new Map<number, string>();
    for (const line of (await readFile(marksFile, 'utf8')).split('\n')) {
      const m = /^:(\d+) ([0-9a-f]{40,64})$/.exec(line.trim());
      if (m) shaOfMark.set(Number(m[1]), m[2]!);
    }
    await rm(marksFile, { force: true });
    const wanted = new Map<string, string>();
    for (const [ref, id] of Object.entries(plan.refs)) {
      const sha = shaOfMark.get(marks.get(id) ?? -1);
      if (sha) wanted.set(ref, sha);
    }
    const existing = (await runGit(['for-each-ref', '--format=%(refname)'], { cwd: dir })).split('\n').filter(Boolean);
    const commands = [
      ...existing.filter((ref) => !wanted.has(ref)).map((ref) => `delete ${ref}\n`),
      ...[...wanted].map(([ref, sha]) => `update ${ref} ${sha}\n`),
    ].join('');
    if (commands) await runGit(['update-ref', '--stdin'], { cwd: dir, input: commands });
    await runGit(['symbolic-ref', 'HEAD', plan.head ?? `refs/heads/${validRefName(`refs/heads/${repo.default_branch}`) ? repo.default_branch : 'main'}`], { cwd: dir });
    this.fingerprints.set(rel, fingerprint);
  }

  async close(): Promise<void> {
    const root = this.rootDir;
    this.rootDir = undefined;
    this.fingerprints.clear();
    if (root) await rm(await root, { recursive: true, force: true });
  }
}
