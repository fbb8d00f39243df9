import { compileGoRegexp } from '../core/go-regexp.js';
import type { Plugin } from './types.js';

// Prow's branchcleaner plugin (pkg/plugins/branchcleaner): when a PR is merged from a branch of
// the same repository (not a fork), its head branch is deleted, unless the branch is listed in
// `branch_cleaner.preserved_branches` for the org/repo or the org — each entry matching the branch
// exactly or as an unanchored Go regexp.

export interface BranchCleanerCfg {
  /** Entries for "org/repo", then for "org". */
  preserved: string[];
}

/** Prow's IsPreservedBranch: an exact name or a regexp that matches anywhere in the branch. */
export function isPreserved(branch: string, preserved: string[]): boolean {
  return preserved.some((p) => {
    if (p === branch) return true;
    try {
      return compileGoRegexp(p).test(branch);
    } catch {
      return false; // Prow ignores entries that are not valid regexps
    }
  });
}

export const branchcleaner: Plugin<BranchCleanerCfg> = {
  name: 'branchcleaner',
  help: {
    description:
      "The branchcleaner plugin automatically deletes source branches for merged PRs between two branches on the same repository. This is helpful to keep repos that don't allow forking clean.",
    commands: [],
    config: 'branch_cleaner: {preserved_branches: {org|org/repo: [branch or regexp]}}',
  },
  config(plugins, org, repo) {
    const pb = plugins.branch_cleaner?.preserved_branches ?? {};
    return { preserved: [...(pb[`${org}/${repo}`] ?? []), ...(pb[org] ?? [])] };
  },
  needs: () => [],
  decide({ event, state, config }) {
    if (event.kind !== 'pull_request' || event.action !== 'closed' || !event.merged || !state.isPR) return [];
    if (event.headRepoIsFork ?? state.headRepoIsFork) return [];
    const ref = event.headRef ?? state.headRef;
    if (!ref || isPreserved(ref, config.preserved)) return [];
    return [{ type: 'deleteBranch', ref }];
  },
};
