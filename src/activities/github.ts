import { Context } from '@temporalio/activity';
import { isBotUser } from '../core/bot-notices.js';
import { MAX_BOT_COMMENT_BODY, MAX_BOT_COMMENTS, type BotComment } from '../core/model.js';
import type { GithubAccess } from '../github/access.js';
import type { GithubClients } from '../github/clients.js';
import { createGithubEntityActivities } from './github-entity.js';
import { classifyGithubError, githubStatus } from './github-errors.js';

// One activity per GitHub action or fact. Each takes plain data and returns plain data, so
// workflow histories stay small and readable in the Web UI.

export interface Repo {
  owner: string;
  repo: string;
}
export interface IssueRef extends Repo {
  number: number;
}

export type GithubActivityDeps = GithubAccess;

export function createGithubActivities({ clients, cache }: GithubActivityDeps) {
  const call = async <T>(what: string, r: Repo, fn: (o: Awaited<ReturnType<GithubClients['forRepo']>>) => Promise<T>): Promise<T> => {
    try {
      return await fn(await clients.forRepo(r.owner, r.repo));
    } catch (err) {
      throw classifyGithubError(err, what);
    }
  };
  const key = (r: Repo, ...parts: Array<string | number>) => [`${r.owner}/${r.repo}`.toLowerCase(), ...parts].join('|');

  return {
    ...createGithubEntityActivities({ clients, cache }),

    async botLogin(): Promise<string> {
      try {
        return await clients.botLogin();
      } catch (err) {
        throw classifyGithubError(err, 'read the bot login');
      }
    },

    // ---- writes ----
    async addLabels(r: IssueRef, labels: string[]): Promise<void> {
      await call(`add labels ${labels.join(', ')} to ${r.owner}/${r.repo}#${r.number}`, r, (o) =>
        o.rest.issues.addLabels({ owner: r.owner, repo: r.repo, issue_number: r.number, labels }),
      );
    },
    /** Removing a label that is not there is success: the goal is that it is absent. */
    async removeLabel(r: IssueRef, label: string): Promise<{ removed: boolean }> {
      try {
        const o = await clients.forRepo(r.owner, r.repo);
        await o.rest.issues.removeLabel({ owner: r.owner, repo: r.repo, issue_number: r.number, name: label });
        return { removed: true };
      } catch (err) {
        if (githubStatus(err) === 404) return { removed: false };
        throw classifyGithubError(err, `remove label ${label} from ${r.owner}/${r.repo}#${r.number}`);
      }
    },
    async createComment(r: IssueRef, body: string): Promise<{ id: number }> {
      const what = `comment on ${r.owner}/${r.repo}#${r.number}`;
      // A retry may follow a write GitHub accepted but whose answer was lost (a timeout, a 502,
      // a worker that died): look for it before writing again.
      const since = retrySince();
      if (since !== undefined) {
        const bot = await clients.botLogin().catch(() => '');
        const earlier = await call(what, r, (o) =>
          o.paginate(o.rest.issues.listComments, { owner: r.owner, repo: r.repo, issue_number: r.number, since: new Date(since).toISOString(), per_page: 100 }),
        );
        const same = earlier.find((c) => c.body === body && (!bot || c.user?.login?.toLowerCase() === bot.toLowerCase()) && Date.parse(c.created_at) >= since);
        if (same) return { id: same.id };
      }
      const { data } = await call(what, r, (o) => o.rest.issues.createComment({ owner: r.owner, repo: r.repo, issue_number: r.number, body }));
      return { id: data.id };
    },
    async editComment(r: Repo, commentId: number, body: string): Promise<void> {
      await call(`edit comment ${commentId}`, r, (o) => o.rest.issues.updateComment({ owner: r.owner, repo: r.repo, comment_id: commentId, body }));
    },
    async deleteComment(r: Repo, commentId: number): Promise<void> {
      try {
        const o = await clients.forRepo(r.owner, r.repo);
        await o.rest.issues.deleteComment({ owner: r.owner, repo: r.repo, comment_id: commentId });
      } catch (err) {
        if (githubStatus(err) === 404) return; // already gone
        throw classifyGithubError(err, `delete comment ${commentId}`);
      }
    },
    /** GitHub silently drops users it cannot assign; report who actually is assigned. */
    async addAssignees(r: IssueRef, logins: string[]): Promise<{ assignees: string[] }> {
      const { data } = await call(`assign ${logins.join(', ')} to ${r.owner}/${r.repo}#${r.number}`, r, (o) =>
        o.rest.issues.addAssignees({ owner: r.owner, repo: r.repo, issue_number: r.number, assignees: logins }),
      );
      return { assignees: (data.assignees ?? []).map((a) => a.login) };
    },
    async removeAssignees(r: IssueRef, logins: string[]): Promise<{ assignees: string[] }> {
      const { data } = await call(`unassign ${logins.join(', ')} from ${r.owner}/${r.repo}#${r.number}`, r, (o) =>
        o.rest.issues.removeAssignees({ owner: r.owner, repo: r.repo, issue_number: r.number, assignees: logins }),
      );
      return { assignees: (data.assignees ?? []).map((a) => a.login) };
    },
    async requestReviewers(r: IssueRef, reviewers: string[], teamReviewers: string[] = []): Promise<void> {
      await call(`request review from ${[...reviewers, ...teamReviewers].join(', ')} on ${r.owner}/${r.repo}#${r.number}`, r, (o) =>
        o.rest.pulls.requestReviewers({ owner: r.owner, repo: r.repo, pull_number: r.number, reviewers, team_reviewers: teamReviewers }),
      );
    },
    async removeRequestedReviewers(r: IssueRef, reviewers: string[], teamReviewers: string[] = []): Promise<void> {
      await call(`remove review requests on ${r.owner}/${r.repo}#${r.number}`, r, (o) =>
        o.rest.pulls.removeRequestedReviewers({ owner: r.owner, repo: r.repo, pull_number: r.number, reviewers, team_reviewers: teamReviewers }),
      );
    },
    async setIssueState(r: IssueRef, state: 'open' | 'closed', stateReason?: 'completed' | 'not_planned' | 'reopened'): Promise<void> {
      await call(`${state === 'open' ? 'reopen' : 'close'} ${r.owner}/${r.repo}#${r.number}`, r, (o) =>
        o.rest.issues.update({ owner: r.owner, repo: r.repo, issue_number: r.number, state, ...(stateReason ? { state_reason: stateReason } : {}) }),
      );
    },
    async setTitle(r: IssueRef, title: string): Promise<void> {
      await call(`retitle ${r.owner}/${r.repo}#${r.number}`, r, (o) => o.rest.issues.update({ owner: r.owner, repo: r.repo, issue_number: r.number, title }));
    },
    async setMilestone(r: IssueRef, milestone: number | null): Promise<void> {
      await call(`set milestone on ${r.owner}/${r.repo}#${r.number}`, r, (o) =>
        o.rest.issues.update({ owner: r.owner, repo: r.repo, issue_number: r.number, milestone }),
      );
    },
    async createReview(r: IssueRef, body: string, comments: Array<{ path: string; position: number; body: string }>): Promise<void> {
      const since = retrySince();
      if (since !== undefined) {
        const bot = (await clients.botLogin().catch(() => '')).toLowerCase();
        const earlier = await call(`read reviews of ${r.owner}/${r.repo}#${r.number}`, r, (o) =>
          o.paginate(o.rest.pulls.listReviews, { owner: r.owner, repo: r.repo, pull_number: r.number, per_page: 100 }),
        );
        if (earlier.some((v) => v.body === body && (!bot || v.user?.login?.toLowerCase() === bot) && Date.parse(v.submitted_at ?? '') >= since)) return;
      }
      await call(`review ${r.owner}/${r.repo}#${r.number}`, r, (o) =>
        o.rest.pulls.createReview({ owner: r.owner, repo: r.repo, pull_number: r.number, event: 'COMMENT', body, comments }),
      );
    },
    async deleteBranch(r: Repo, ref: string): Promise<void> {
      try {
        const o = await clients.forRepo(r.owner, r.repo);
        await o.rest.git.deleteRef({ owner: r.owner, repo: r.repo, ref: `heads/${ref}` });
      } catch (err) {
        if (githubStatus(err) === 422 || githubStatus(err) === 404) return; // already gone
        throw classifyGithubError(err, `delete branch ${ref} of ${r.owner}/${r.repo}`);
      }
    },
    async addReaction(r: Repo, target: { commentId: number } | { issueNumber: number }, content: '+1' | 'heart' | 'hooray' | 'laugh' | 'rocket' | 'eyes'): Promise<void> {
      await call('add a reaction', r, (o) =>
        'commentId' in target
          ? o.rest.reactions.createForIssueComment({ owner: r.owner, repo: r.repo, comment_id: target.commentId, content })
          : o.rest.reactions.createForIssue({ owner: r.owner, repo: r.repo, issue_number: target.issueNumber, content }),
      );
    },
    async createStatus(r: Repo, sha: string, status: { context: string; state: 'pending' | 'success' | 'failure' | 'error'; description?: string; targetUrl?: string }): Promise<void> {
      await call(`set status ${status.context} on ${sha.slice(0, 7)}`, r, (o) =>
        o.rest.repos.createCommitStatus({
          owner: r.owner,
          repo: r.repo,
          sha,
          context: status.context,
          state: status.state,
          // GitHub rejects descriptions over 140 characters.
          ...(status.description ? { description: status.description.slice(0, 140) } : {}),
          ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
        }),
      );
    },
    // ---- reads (cached) ----
    async isCollaborator(r: Repo, login: string): Promise<boolean> {
      return cache.get(key(r, 'collaborator', login.toLowerCase()), async () => {
        try {
          const o = await clients.forRepo(r.owner, r.repo);
          await o.rest.repos.checkCollaborator({ owner: r.owner, repo: r.repo, username: login });
          return true;
        } catch (err) {
          if (githubStatus(err) === 404) return false;
          throw classifyGithubError(err, `check whether ${login} is a collaborator of ${r.owner}/${r.repo}`);
        }
      });
    },
    async permission(r: Repo, login: string): Promise<string> {
      return cache.get(key(r, 'permission', login.toLowerCase()), async () => {
        try {
          const o = await clients.forRepo(r.owner, r.repo);
          const { data } = await o.rest.repos.getCollaboratorPermissionLevel({ owner: r.owner, repo: r.repo, username: login });
          return data.permission;
        } catch (err) {
          if (githubStatus(err) === 404) return 'none';
          throw classifyGithubError(err, `read ${login}'s permission on ${r.owner}/${r.repo}`);
        }
      });
    },
    async isOrgMember(r: Repo, org: string, login: string): Promise<boolean> {
      return cache.get(key({ owner: org, repo: '' }, 'member', login.toLowerCase()), async () => {
        try {
          const o = await clients.forRepo(r.owner, r.repo);
          const res = await o.rest.orgs.checkMembershipForUser({ org, username: login });
          return (res.status as number) === 204;
        } catch (err) {
          if (githubStatus(err) === 404 || githubStatus(err) === 302) return false;
          throw classifyGithubError(err, `check whether ${login} is a member of ${org}`);
        }
      });
    },
    async teamMembers(r: Repo, org: string, teamSlug: string): Promise<string[]> {
      return cache.get(key({ owner: org, repo: '' }, 'team', teamSlug.toLowerCase()), () =>
        call(`list members of ${org}/${teamSlug}`, r, async (o) =>
          (await o.paginate(o.rest.teams.listMembersInOrg, { org, team_slug: teamSlug, per_page: 100 })).map((m) => m.login),
        ),
      );
    },
    /** Every collaborator of the repository, lower-cased. */
    async collaboratorList(r: Repo): Promise<string[]> {
      return cache.get(key(r, 'collaborators'), () =>
        call(`list collaborators of ${r.owner}/${r.repo}`, r, async (o) =>
          (await o.paginate(o.rest.repos.listCollaborators, { owner: r.owner, repo: r.repo, per_page: 100 })).map((c) => c.login.toLowerCase()),
        ),
      );
    },
    /** The git tree of a commit (lgtm's store_tree_hash); commits never change, so cached for good. */
    async commitTree(r: Repo, sha: string): Promise<string> {
      return cache.get(
        key(r, 'tree', sha),
        () => call(`read commit ${sha.slice(0, 7)} of ${r.owner}/${r.repo}`, r, async (o) => (await o.rest.git.getCommit({ owner: r.owner, repo: r.repo, commit_sha: sha })).data.tree.sha),
        { immutable: true },
      );
    },
    /**
     * The bot's own comments on an issue or PR, read now (never cached: a decision rests on them),
     * oldest first: the newest MAX_BOT_COMMENTS, bodies cut at MAX_BOT_COMMENT_BODY.
     */
    async botComments(r: IssueRef): Promise<BotComment[]> {
      const what = `read comments of ${r.owner}/${r.repo}#${r.number}`;
      const bot = await clients.botLogin().catch((err) => {
        throw classifyGithubError(err, 'read the bot login');
      });
      const all = await call(what, r, (o) => o.paginate(o.rest.issues.listComments, { owner: r.owner, repo: r.repo, issue_number: r.number, per_page: 100 }));
      return all
        .filter((c) => isBotUser(c.user?.login ?? '', bot))
        .slice(-MAX_BOT_COMMENTS)
        .map((c) => ({ id: c.id, body: (c.body ?? '').slice(0, MAX_BOT_COMMENT_BODY), edited: c.updated_at !== c.created_at }));
    },
    /**
     * The latest status per context on a commit, read now (Prow's GetCombinedStatus, for
     * /retest): never cached, a decision rests on it. Newest first from GitHub; at most 1,000 read.
     */
    async headContexts(r: Repo, sha: string): Promise<Record<string, string>> {
      const out: Record<string, string> = {};
      let pages = 0;
      const list = await call(`read statuses of ${sha.slice(0, 7)} in ${r.owner}/${r.repo}`, r, (o) =>
        o.paginate(o.rest.repos.listCommitStatusesForRef, { owner: r.owner, repo: r.repo, ref: sha, per_page: 100 }, (res, done) => {
          if (++pages >= 10) done();
          return res.data;
        }),
      );
      for (const st of list) if (!(st.context in out)) out[st.context] = st.state;
      return out;
    },
    async repoLabels(r: Repo): Promise<string[]> {
      return cache.get(key(r, 'labels'), () =>
        call(`list labels of ${r.owner}/${r.repo}`, r, async (o) =>
          (await o.paginate(o.rest.issues.listLabelsForRepo, { owner: r.owner, repo: r.repo, per_page: 100 })).map((l) => l.name),
        ),
      );
    },
    /** A file's text at a ref, or null if it does not exist there. Pinned by SHA: cached for good. */
    async readFile(r: Repo, path: string, ref: string): Promise<string | null> {
      const load = async () => {
        try {
          const o = await clients.forRepo(r.owner, r.repo);
          const { data } = await o.rest.repos.getContent({ owner: r.owner, repo: r.repo, path, ref });
          if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) return null;
          return Buffer.from(data.content, 'base64').toString('utf8');
        } catch (err) {
          if (githubStatus(err) === 404) return null;
          throw classifyGithubError(err, `read ${path} at ${ref} in ${r.owner}/${r.repo}`);
        }
      };
      return /^[0-9a-f]{40}$/.test(ref) ? cache.get(key(r, 'file', ref, path), load, { immutable: true }) : load();
    },
    /** GitHub's current `mergeable` for a PR (not cached: other merges change it). */
    async pullMergeable(r: IssueRef): Promise<boolean | null> {
      const { data } = await call(`read ${r.owner}/${r.repo}#${r.number}`, r, (o) => o.rest.pulls.get({ owner: r.owner, repo: r.repo, pull_number: r.number }));
      return data.mergeable ?? null;
    },
    /** Changed files of a PR at a head SHA, with line counts. Cached by SHA. */
    async changedFiles(r: IssueRef, headSha: string): Promise<Array<{ filename: string; additions: number; deletions: number; status: string; previousFilename?: string }>> {
      return cache.get(
        key(r, 'files', r.number, headSha),
        () =>
          call(`list changed files of ${r.owner}/${r.repo}#${r.number}`, r, async (o) =>
            (await o.paginate(o.rest.pulls.listFiles, { owner: r.owner, repo: r.repo, pull_number: r.number, per_page: 100 })).map((f) => ({
              filename: f.filename,
              additions: f.additions,
              deletions: f.deletions,
              status: f.status,
              ...(f.previous_filename ? { previousFilename: f.previous_filename } : {}),
            })),
          ),
        { immutable: true },
      );
    },
  };
}

export type GithubActivities = ReturnType<typeof createGithubActivities>;

/** Clock skew allowed between this worker and GitHub when looking for an earlier attempt's write. */
const SKEW_MS = 60_000;

/**
 * On a retry of an activity (attempt > 1), the time from which an earlier attempt's write could be
 * on GitHub; undefined on the first attempt, or outside an activity (direct calls, tests).
 */
function retrySince(): number | undefined {
  let info: { attempt: number; scheduledTimestampMs: number };
  try {
    info = Context.current().info;
  } catch {
    return undefined;
  }
  return info.attempt > 1 ? info.scheduledTimestampMs - SKEW_MS : undefined;
}
