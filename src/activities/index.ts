// Activities are the only place workflow decisions touch the outside world. Each external system
// gets its own factory with injected dependencies; this file assembles them for the worker.
import { createGithubActivities, type GithubActivityDeps } from './github.js';

export interface ActivityDeps {
  github: GithubActivityDeps;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createGithubActivities(deps.github),
  };
}

export type Activities = ReturnType<typeof createActivities>;
