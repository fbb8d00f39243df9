// The typed client for scripts: `import { CoxswainClient } from 'coxswain/client'`.
export { CoxswainClient, CommandRefused, InvalidReference, parseRef } from './coxswain-client.js';
export { JobsClient, JobNotFound, JobRefused, jobRunOf, type JobRun, type JobListFilter } from './jobs.js';
export { PeriodicClient, PeriodicNotFound, type Periodic } from './periodic.js';
export type { CommandOutcome, CommandRequest } from '../core/cli-command.js';
export type { EntityState } from '../core/pr-state.js';
export type { TimelineEntry } from '../core/timeline.js';
export type { PoolView } from '../workflows/messages.js';
