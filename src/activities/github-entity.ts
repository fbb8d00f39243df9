import { fileBotComments, isBotUser } from '../core/bot-notices.js';
import { voteLines, type EntityState } from '../core/pr-state.js';
import type { GithubClients } from '../github/clients.js';
import type { ReadCache } from '../github/read-cache.js';
import type { Vote } from '../core/model.js';
import { classifyGithubError } from './github-errors.js';

// Reads that build a PR's picture: the PR itself with its comments and reviews (when Coxswain is
// switched on for a PR that already exists), its commits, the author's history, milestones.


interface Deps {
  clients: GithubClients;
  cache: ReadCache;
}

export function createGithubEntityActivities({ clients, cache }: Deps) {
  const octo = (owner: string, repo: string) => clients.forRepo(owner, repo);
  const fail = (what: string) => (err: unknown) => {
    throw classifyGithubError(err, what);
  };

  return {
    async loadEntity(ref: { owner: string; repo: string; number: number; kind: 'pr' | 'issue' }): Promise<Partial<EntityState>> {
      const { owner, repo, number } = ref;
      const where = `${owner}/${repo}#${number}`;
      const o = await octo(owner, repo);
      const botLogin = await clients.botLogin().catch(fail('read the bot login'));
      const { data: issue } = await o.rest.issues.get({ owner, repo, issue_number: number }).catch(fail(`read ${where}`));
      const comments = await o.paginate(o.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 }).catch(fail(`read comments of ${where}`));
      const votes: Vote[] = [];
      const commenters = new Set<string>();
      const fromBot: Array<{ id: number; body: string }> = [];
      for (const c of comments) {
        const login = c.user?.login ?? '';
        const body = c.body ?? '';
        if (isBotUser(login, botLogin)) {
          fromBot.push({ id: c.id, body });
          continue;
        }
        commenters.add(login);
        for (const text of voteLines(body)) votes.push({ login, at: c.created_at, source: 'comment', text, url: c.html_url, commentId: c.id });
      }
      const base: Partial<EntityState> = {
        title: issue.title,
        body: issue.body ?? '',
        author: issue.user?.login ?? '',
        state: issue.state === 'closed' ? 'closed' : 'open',
        labels: issue.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter(Boolean).sort(),
        assignees: (issue.assignees ?? []).map((a) => a.login).sort(),
        ...(issue.milestone ? { milestone: issue.milestone.title } : {}),
        commenters: [...commenters],
        // The bot's earlier comments (Prow's or an earlier workflow's) that plugins prune or edit.
        botComments: fileBotComments(fromBot),
        botLogin,
        loaded: true,
      };
      if (ref.kind !== 'pr') return { ...base, votes };

      const { data: pr } = await o.rest.pulls.get({ owner, repo, pull_number: number }).catch(fail(`read ${where}`));
      const reviews = await o.paginate(o.rest.pulls.listReviews, { owner, repo, pull_number: number, per_page: 100 }).catch(fail(`read reviews of ${where}`));
      for (const r of reviews) {
        const login = r.user?.login ?? '';
        if (login.toLowerCase() === botLogin.toLowerCase()) continue;
        const state = r.state.toLowerCase();
        votes.push({ login, at: r.submitted_at ?? '', source: 'review', text: state, url: r.html_url });
        for (const text of voteLines(r.body ?? '')) votes.push({ login, at: r.submitted_at ?? '', source: 'comment', text, url: r.html_url });
      }
      votes.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      return {
        ...base,
        votes,
        state: pr.merged ? 'merged' : pr.state === 'closed' ? 'closed' : 'open',
        draft: pr.draft ?? false,
        mergeable: pr.mergeable ?? null,
        headSha: pr.head.sha,
        headRef: pr.head.ref,
        // A deleted head repository (null) is not this repository, as Prow's full-name comparison has it.
        headRepoIsFork: !pr.head.repo || pr.head.repo.full_name !== pr.base.repo.full_name,
        baseRef: pr.base.ref,
        baseSha: pr.base.sha,
        requestedReviewers: (pr.requested_reviewers ?? []).map((u) => u.login).sort(),
      };
    },

    async commits(ref: { owner: string; repo: string; number: number }) {
      const o = await octo(ref.owner, ref.repo);
      const list = await o
        .paginate(o.rest.pulls.listCommits, { owner: ref.owner, repo: ref.repo, pull_number: ref.number, per_page: 100 })
        .catch(fail(`list commits of ${ref.owner}/${ref.repo}#${ref.number}`));
      return list.map((c) => ({ sha: c.sha, message: c.commit.message, authorName: c.commit.author?.name ?? '', authorEmail: c.commit.author?.email ?? '' }));
    },

    /** How many PRs `login` has opened in the repository (welcome's first-time check). */
    async authorPrCount(r: { owner: string; repo: string }, login: string): Promise<number> {
      const o = await octo(r.owner, r.repo);
      const { data } = await o.rest.search
        .issuesAndPullRequests({ q: `is:pr repo:${r.owner}/${r.repo} author:${login}`, per_page: 1 })
        .catch(fail(`search PRs by ${login}`));
      return data.total_count;
    },

    async milestones(r: { owner: string; repo: string }) {
      return cache.get(`${r.owner}/${r.repo}|milestones`.toLowerCase(), async () => {
        const o = await octo(r.owner, r.repo);
        const list = await o
          .paginate(o.rest.issues.listMilestones, { owner: r.owner, repo: r.repo, state: 'all', per_page: 100 })
          .catch(fail(`list milestones of ${r.owner}/${r.repo}`));
        return list.map((m) => ({ number: m.number, title: m.title, state: m.state as 'open' | 'closed' }));
      });
    },
  };
}
