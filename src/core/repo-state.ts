import type { GithubEvent } from './event.js';
import { MAX_REMEMBERED_DELIVERIES } from './pr-state.js';

/** What the repository's own workflow (`repo/{owner}/{repo}`) keeps: branch heads from pushes. */
export interface RepoState {
  owner: string;
  repo: string;
  branches: Record<string, string>;
  handled: number;
  recentDeliveries: string[];
}

export function initialRepoState(owner: string, repo: string): RepoState {
  return { owner, repo, branches: {}, handled: 0, recentDeliveries: [] };
}

export function repoAlreadyHandled(s: RepoState, deliveryId: string): boolean {
  return s.recentDeliveries.includes(deliveryId);
}

export function applyRepoEvent(prev: RepoState, event: GithubEvent): RepoState {
  const s: RepoState = {
    ...prev,
    branches: { ...prev.branches },
    handled: prev.handled + 1,
    recentDeliveries: [...prev.recentDeliveries, event.deliveryId].slice(-MAX_REMEMBERED_DELIVERIES),
  };
  if (event.kind === 'push' && event.ref.startsWith('refs/heads/')) {
    const branch = event.ref.slice('refs/heads/'.length);
    if (event.deleted) delete s.branches[branch];
    else s.branches[branch] = event.after;
  }
  return s;
}
