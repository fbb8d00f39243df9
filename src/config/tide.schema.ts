// `tide:` as Prow's pkg/config/tide.go spells it (note the camelCase query keys and the
// kebab-case context_options keys).
import { z } from 'zod';
import { bool, duration, int, o, opaque, str, strList, strMap } from './schema-kit.js';

export const mergeMethod = z.enum(['merge', 'squash', 'rebase']);

export const tideQuerySchema = z.object({
  orgs: o(strList),
  repos: o(strList),
  excludedRepos: o(strList),
  author: o(str),
  labels: o(strList),
  missingLabels: o(strList),
  includedBranches: o(strList),
  excludedBranches: o(strList),
  milestone: o(str),
  reviewApprovedRequired: o(bool),
});

const contextPolicy = {
  'skip-unknown-contexts': o(bool),
  'required-contexts': o(strList),
  'required-if-present-contexts': o(strList),
  'optional-contexts': o(strList),
  'optional-regex-contexts': o(strList),
  'from-branch-protection': o(bool),
  'overwrite-pending-contexts': o(bool),
};
const branchPolicy = z.object(contextPolicy);
const repoPolicy = z.object({ ...contextPolicy, branches: o(z.record(z.string(), branchPolicy)) });
const orgPolicy = z.object({ ...contextPolicy, repos: o(z.record(z.string(), repoPolicy)) });

// merge_method: {org: method} | {org: {repo: method}} | {org: {repo: {branch-regexp: method}}}
const repoMerge = z.union([mergeMethod, z.record(z.string(), mergeMethod)]);
const orgMerge = z.union([mergeMethod, z.record(z.string(), repoMerge)]);

export const tideSchema = z.object({
  sync_period: o(duration),
  status_update_period: o(duration),
  max_goroutines: o(int),
  queries: o(z.array(tideQuerySchema)),
  merge_method: o(z.record(z.string(), orgMerge)),
  merge_commit_template: o(z.record(z.string(), z.object({ title: o(str), body: o(str) }))),
  target_url: o(str),
  target_urls: o(strMap),
  pr_status_base_url: o(str),
  pr_status_base_urls: o(strMap),
  blocker_label: o(str),
  squash_label: o(str),
  rebase_label: o(str),
  merge_label: o(str),
  context_options: o(z.object({ ...contextPolicy, orgs: o(z.record(z.string(), orgPolicy)) })),
  batch_size_limit: o(z.record(z.string(), int)),
  prioritize_existing_batches: o(z.record(z.string(), bool)),
  github_merge_blocks_policy: o(z.record(z.string(), z.enum(['ignore', 'permit', 'block']))),
  priority: o(z.array(z.object({ labels: o(strList) }))),
  display_all_tide_queries_in_status: o(bool),
  gerrit: o(opaque),
});

export type TideConfig = z.output<typeof tideSchema>;
export type TideQuery = z.output<typeof tideQuerySchema>;
