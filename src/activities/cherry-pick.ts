import { ApplicationFailure } from '@temporalio/common';
import type { GithubClients } from '../github/clients.js';
import { classifyGithubError, githubStatus } from './github-errors.js';
import type { IssueRef } from './github.js';

// Prow's cherrypicker clones the repository, `git am`s the PR's patch onto the target branch and
// pushes a branch. Without git, the same through GitHub's Git Data API: the PR's files as they are
// at its head are written onto the target branch's tree in one new commit (parent: the target
// branch's head, message: the PR's title), on branch `cherry-pick-<N>-to-<branch>`, and a PR is
// opened against the target branch. A file the target branch has changed since the PR's base (or
// lacks, or already has when the PR adds it) is a conflict, refused as `git am` would, never
// overwritten. Safe to retry: an open PR from that branch is reused, and so is a branch whose
// commit is the one this would make.

export interface CherryPickRequest {
  targetBranch: string;
  title: string;
  body: string;
  /** Assigned to the new PR (Prow's --use-prow-assignments, on by default); failures are ignored. */
  requester: string;
}

export interface CherryPickResult {
  number: number;
  url: string;
  /** The PR was already open (a cherry-pick done before): nothing was written. */
  existing: boolean;
}

type Octokit = Awaited<ReturnType<GithubClients['forRepo']>>;
type Mode = '100644' | '100755' | '040000' | '160000' | '120000';
interface Entry {
  mode: Mode;
  type: 'blob' | 'tree' | 'commit';
  sha: string;
}
type NewEntry = { path: string; mode: Mode; type: 'blob' | 'tree' | 'commit'; sha: string | null };
interface ChangedFile {
  filename: string;
  status: string;
  previous_filename?: string;
}

/** Refusals that retrying cannot fix; the workflow answers each in Prow's words (plugins/cherrypick.ts). */
const refuse = (message: string, type: 'CherryPickConflict' | 'CherryPickNoBranch' | 'CherryPickUnmerged' | 'CherryPickTooLarge') =>
  ApplicationFailure.nonRetryable(message, type);

export function createCherryPickActivities({ clients }: { clients: GithubClients }) {
  return {
    async cherryPick(r: IssueRef, req: CherryPickRequest): Promise<CherryPickResult> {
      const where = `${r.owner}/${r.repo}`;
      const gh = async <T>(what: string, fn: (o: Octokit) => Promise<T>): Promise<T> => {
        try {
          return await fn(await clients.forRepo(r.owner, r.repo));
        } catch (err) {
          throw classifyGithubError(err, `cherry-pick ${where}#${r.number} onto ${req.targetBranch}: ${what}`);
        }
      };
      const repo = { owner: r.owner, repo: r.repo };
      const branch = `cherry-pick-${r.number}-to-${req.targetBranch}`;
      const openPR = async () => {
        const { data } = await gh('list pull requests', (o) => o.rest.pulls.list({ ...repo, state: 'open', head: `${r.owner}:${branch}`, per_page: 100 }));
        return data[0];
      };
      const refSha = async (name: string): Promise<string | undefined> => {
        try {
          const o = await clients.forRepo(r.owner, r.repo);
          return (await o.rest.git.getRef({ ...repo, ref: `heads/${name}` })).data.object.sha;
        } catch (err) {
          if (githubStatus(err) === 404) return undefined;
          throw classifyGithubError(err, `read branch ${name} of ${where}`);
        }
      };
      const tree = async (sha: string) => {
        const { data } = await gh(`read tree ${sha.slice(0, 7)}`, (o) => o.rest.git.getTree({ ...repo, tree_sha: sha, recursive: 'true' }));
        if (data.truncated) throw refuse(`the tree of ${sha} is too large to read through the API`, 'CherryPickTooLarge');
        const files = new Map<string, Entry>();
        for (const e of data.tree) if (e.type !== 'tree' && e.path && e.sha) files.set(e.path, { mode: e.mode as Mode, type: e.type as Entry['type'], sha: e.sha });
        return { sha: data.sha, files };
      };

      const { data: pr } = await gh('read the pull request', (o) => o.rest.pulls.get({ ...repo, pull_number: r.number }));
      if (!pr.merged) throw refuse(`${where}#${r.number} is not merged`, 'CherryPickUnmerged');
      const already = await openPR();
      if (already) return { number: already.number, url: already.html_url, existing: true };
      const target = await refSha(req.targetBranch);
      if (!target) throw refuse(`${where} has no branch ${req.targetBranch}`, 'CherryPickNoBranch');

      const files: ChangedFile[] = await gh('list the changed files', (o) => o.paginate(o.rest.pulls.listFiles, { ...repo, pull_number: r.number, per_page: 100 }));
      if (files.length >= 3000) throw refuse(`${where}#${r.number} changes ${files.length} files, more than GitHub lists`, 'CherryPickTooLarge');
      // The PR's base version of each file: at the parent of its first commit (its merge base).
      const { data: first } = await gh('list the commits', (o) => o.rest.pulls.listCommits({ ...repo, pull_number: r.number, per_page: 1 }));
      const mergeBase = first[0]?.parents[0]?.sha ?? pr.base.sha;
      const [base, head, onto] = await Promise.all([tree(mergeBase), tree(pr.head.sha), tree(target)]);

      const { entries, problems } = planFiles(files, base.files, head.files, onto.files);
      if (problems.length > 0) throw refuse([`Applying: ${pr.title}`, ...problems, `Patch failed at 0001 ${pr.title}`].join('\n'), 'CherryPickConflict');
      const { data: newTree } = await gh('create a tree', (o) => o.rest.git.createTree({ ...repo, base_tree: onto.sha, tree: entries }));
      if (newTree.sha === onto.sha) throw refuse(`Applying: ${pr.title}\nNo changes -- Patch already applied.`, 'CherryPickConflict');

      // The branch: a previous attempt's commit is reused; anything else there is replaced (Prow force-pushes).
      const existingRef = await refSha(branch);
      let reuse = false;
      if (existingRef) {
        const { data: c } = await gh(`read commit ${existingRef.slice(0, 7)}`, (o) => o.rest.git.getCommit({ ...repo, commit_sha: existingRef }));
        reuse = c.tree.sha === newTree.sha && c.parents.length === 1 && c.parents[0]?.sha === target;
      }
      if (!reuse) {
        const { data: commit } = await gh('create a commit', (o) => o.rest.git.createCommit({ ...repo, message: pr.title, tree: newTree.sha, parents: [target] }));
        const move = () => gh(`move branch ${branch}`, (o) => o.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.sha, force: true }));
        if (existingRef) await move();
        else {
          try {
            const o = await clients.forRepo(r.owner, r.repo);
            await o.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.sha });
          } catch (err) {
            if (githubStatus(err) !== 422) throw classifyGithubError(err, `create branch ${branch} in ${where}`);
            await move(); // created meanwhile
          }
        }
      }

      let created: { number: number; html_url: string };
      try {
        const o = await clients.forRepo(r.owner, r.repo);
        created = (await o.rest.pulls.create({ ...repo, title: req.title, body: req.body, head: branch, base: req.targetBranch })).data;
      } catch (err) {
        const raced = githubStatus(err) === 422 ? await openPR() : undefined;
        if (raced) return { number: raced.number, url: raced.html_url, existing: false };
        throw classifyGithubError(err, `open the cherry-pick of ${where}#${r.number} onto ${req.targetBranch}`);
      }
      await gh('assign the requester', (o) => o.rest.issues.addAssignees({ ...repo, issue_number: created.number, assignees: [req.requester] })).catch(() => undefined);
      return { number: created.number, url: created.html_url, existing: false };
    },
  };
}

/**
 * The tree entries that apply the PR's changes onto the target branch, or the files that do not
 * apply (`git am`'s words): a file the PR changes or removes must be on the target branch as it was
 * at the PR's base; a file it adds must not be there (unless identical).
 */
export function planFiles(files: ChangedFile[], base: Map<string, Entry>, head: Map<string, Entry>, onto: Map<string, Entry>): { entries: NewEntry[]; problems: string[] } {
  const entries: NewEntry[] = [];
  const problems: string[] = [];
  const missing = (p: string) => problems.push(`error: ${p}: does not exist in index`);
  const differs = (p: string) => problems.push(`error: patch failed: ${p}`, `error: ${p}: patch does not apply`);
  const exists = (p: string) => problems.push(`error: ${p}: already exists in working directory`);
  const write = (p: string) => {
    const h = head.get(p);
    if (h) entries.push({ path: p, ...h });
    else problems.push(`error: ${p}: not found at the PR's head`);
  };
  const remove = (p: string, e: Entry) => entries.push({ path: p, mode: e.mode, type: e.type, sha: null });
  /** The target's file is the PR's base version (or, for changes, already the PR's version). */
  const unchanged = (p: string, t: Entry, orHead: boolean) => t.sha === base.get(p)?.sha || (orHead && t.sha === head.get(p)?.sha);
  for (const f of files) {
    const p = f.filename;
    const t = onto.get(p);
    switch (f.status) {
      case 'unchanged':
        break;
      case 'added':
      case 'copied':
        if (t && t.sha !== head.get(p)?.sha) exists(p);
        else write(p);
        break;
      case 'removed':
        if (!t) missing(p);
        else if (!unchanged(p, t, false)) differs(p);
        else remove(p, t);
        break;
      case 'renamed': {
        const prev = f.previous_filename ?? '';
        const tp = onto.get(prev);
        if (!tp) missing(prev);
        else if (!unchanged(prev, tp, false)) differs(prev);
        else if (t && t.sha !== head.get(p)?.sha) exists(p);
        else {
          remove(prev, tp);
          write(p);
        }
        break;
      }
      default: // modified, changed (mode only)
        if (!t) missing(p);
        else if (!unchanged(p, t, true)) differs(p);
        else write(p);
    }
  }
  return { entries, problems };
}
