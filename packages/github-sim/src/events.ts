import { commitShape, commitOrStub } from './shapes-commits.js';
import { commentShape, issueShape, pullShape, reviewShape } from './shapes-issues.js';
import { repoShape } from './shapes-repos.js';
import { labelShape, milestoneShape, nodeId, orgShape, simpleUser, teamShape, type Json, type Urls } from './shapes.js';
import type { Store } from './store.js';
import type { SimComment, SimIssue, SimRepo, SimReview, SimStatus } from './types.js';

// What happened, as the webhook GitHub would send for it. Ops return SimEvents; renderEvent turns
// one into the payload right away (so it shows the state just after the change), and webhooks.ts
// delivers it.

interface Base {
  repo: SimRepo;
  /** Login of the person (or bot) who did it: the payload's `sender`. */
  sender: string;
}

export type SimEvent =
  | (Base & {
      name: 'pull_request' | 'issues';
      action: string;
      issue: SimIssue;
      label?: string;
      assignee?: string;
      requested_reviewer?: string;
      requested_team?: string;
      before?: string;
      after?: string;
      changes?: Json;
      milestone?: string;
    })
  | (Base & { name: 'issue_comment'; action: 'created' | 'edited' | 'deleted'; issue: SimIssue; comment: SimComment; changes?: Json })
  | (Base & { name: 'pull_request_review'; action: 'submitted' | 'edited' | 'dismissed'; issue: SimIssue; review: SimReview })
  | (Base & { name: 'status'; sha: string; status: SimStatus });

export interface RenderedEvent {
  name: string;
  action: string | null;
  payload: Json;
}

/** `pull_request` for pull requests, `issues` for issues: the event family of label, close, etc. */
export function familyOf(issue: SimIssue): 'pull_request' | 'issues' {
  return issue.pull ? 'pull_request' : 'issues';
}

function common(store: Store, ev: SimEvent, u: Urls): Json {
  const org = store.org(ev.repo.owner);
  return {
    repository: repoShape(store, ev.repo, u),
    ...(org ? { organization: orgShape(org, u) } : {}),
    sender: simpleUser(store, ev.sender, u),
  };
}

export function renderEvent(store: Store, ev: SimEvent, u: Urls): RenderedEvent {
  switch (ev.name) {
    case 'pull_request':
    case 'issues': {
      const label = ev.label !== undefined ? store.label(ev.repo, ev.label) : undefined;
      const org = store.org(ev.repo.owner);
      const team = ev.requested_team ? org?.teams.find((t) => t.slug === ev.requested_team) : undefined;
      const milestone = ev.milestone ? ev.repo.milestones.find((m) => m.title === ev.milestone) : undefined;
      const subject =
        ev.name === 'pull_request'
          ? { number: ev.issue.number, pull_request: pullShape(store, ev.repo, ev.issue, u) }
          : { issue: issueShape(store, ev.repo, ev.issue, u) };
      const payload: Json = {
        action: ev.action,
        ...subject,
        ...(ev.before !== undefined ? { before: ev.before, after: ev.after } : {}),
        ...(ev.changes ? { changes: ev.changes } : {}),
        ...(label ? { label: labelShape(ev.repo, label, u) } : {}),
        ...(ev.assignee ? { assignee: simpleUser(store, ev.assignee, u) } : {}),
        ...(ev.requested_reviewer ? { requested_reviewer: simpleUser(store, ev.requested_reviewer, u) } : {}),
        ...(org && team ? { requested_team: teamShape(org, team, u) } : {}),
        ...(milestone ? { milestone: milestoneShape(store, ev.repo, milestone, u) } : {}),
        ...common(store, ev, u),
      };
      return { name: ev.name, action: ev.action, payload };
    }
    case 'issue_comment':
      return {
        name: ev.name,
        action: ev.action,
        payload: {
          action: ev.action,
          ...(ev.changes ? { changes: ev.changes } : {}),
          issue: issueShape(store, ev.repo, ev.issue, u),
          comment: commentShape(store, ev.repo, ev.issue, ev.comment, u),
          ...common(store, ev, u),
        },
      };
    case 'pull_request_review': {
      const review = reviewShape(store, ev.repo, ev.issue, ev.review, u);
      // Webhook payloads spell review states in lower case ("approved"), unlike the REST API.
      review.state = ev.review.state.toLowerCase();
      const pr = pullShape(store, ev.repo, ev.issue, u);
      return {
        name: ev.name,
        action: ev.action,
        payload: { action: ev.action, review, pull_request: pr, ...common(store, ev, u) },
      };
    }
    case 'status': {
      const commit = commitShape(store, ev.repo, commitOrStub(store, ev.repo, ev.sha), u);
      const branches = Object.entries(ev.repo.branches)
        .filter(([, sha]) => sha === ev.sha)
        .map(([name, sha]) => ({ name, commit: { sha, url: `${u.api}/repos/${ev.repo.owner}/${ev.repo.name}/commits/${sha}` }, protected: false }));
      const creator = simpleUser(store, ev.status.creator, u);
      return {
        name: 'status',
        action: null,
        payload: {
          id: ev.status.id,
          sha: ev.sha,
          name: `${ev.repo.owner}/${ev.repo.name}`,
          target_url: ev.status.target_url,
          avatar_url: creator.avatar_url,
          context: ev.status.context,
          description: ev.status.description,
          state: ev.status.state,
          commit: { ...commit, node_id: nodeId('Commit', ev.sha) },
          branches,
          created_at: ev.status.created_at,
          updated_at: ev.status.updated_at,
          ...common(store, ev, u),
        },
      };
    }
  }
}
