// Activities are the only place workflow decisions touch the outside world. Each external system
// gets its own factory with injected dependencies; this file assembles them for the worker.
// (GitHub, OWNERS and job executors arrive with their issues.)

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ActivityDeps {}

export function createActivities(_deps: ActivityDeps) {
  return {};
}

export type Activities = ReturnType<typeof createActivities>;
