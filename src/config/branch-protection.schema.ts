// `branch-protection:` as Prow's pkg/config/branch_protection.go spells it. Tide's
// `from-branch-protection` reads required contexts from here, not from GitHub.
import { z } from 'zod';
import { bool, int, o, strList } from './schema-kit.js';

const usersTeams = z.object({ users: o(strList), teams: o(strList) });

const policy = {
  unmanaged: o(bool),
  protect: o(bool),
  required_status_checks: o(z.object({ contexts: o(strList), strict: o(bool) })),
  enforce_admins: o(bool),
  restrictions: o(z.object({ apps: o(strList), users: o(strList), teams: o(strList) })),
  require_manually_triggered_jobs: o(bool),
  required_pull_request_reviews: o(z.object({
    dismissal_restrictions: o(usersTeams),
    dismiss_stale_reviews: o(bool),
    require_code_owner_reviews: o(bool),
    required_approving_review_count: o(int),
    bypass_pull_request_allowances: o(usersTeams),
  })),
  required_linear_history: o(bool),
  allow_force_pushes: o(bool),
  allow_deletions: o(bool),
  require_signed_commits: o(bool),
  exclude: o(strList),
  include: o(strList),
};

const branch = z.object(policy);
const repo = z.object({ ...policy, branches: o(z.record(z.string(), branch)) });
const org = z.object({ ...policy, repos: o(z.record(z.string(), repo)) });

export const branchProtectionSchema = z.object({
  ...policy,
  'protect-tested-repos': o(bool),
  allow_disabled_policies: o(bool),
  allow_disabled_job_policies: o(bool),
  protect_repos_with_optional_jobs: o(bool),
  orgs: o(z.record(z.string(), org)),
});

export type BranchProtection = z.output<typeof branchProtectionSchema>;
