// Everything the worker bundles as workflow code.
export { prWorkflow, issueWorkflow } from './pr.js';
export { repoWorkflow } from './repo.js';
export { jobWorkflow } from './job.js';
export { jobLimitWorkflow } from './job-limit.js';
export { mergePoolWorkflow } from './tide.js';
