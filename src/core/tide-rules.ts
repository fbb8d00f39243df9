// The parts of config.yaml's `tide:` and `branch-protection:` that Tide's pure rules read, as
// plain types (config/tide.schema.ts and branch-protection.schema.ts parse the files into these).
export type { TideQuery } from './why.js';

type Method = 'merge' | 'squash' | 'rebase';

export interface ContextOptions {
  'skip-unknown-contexts'?: boolean | undefined;
  'required-contexts'?: string[] | undefined;
  'required-if-present-contexts'?: string[] | undefined;
  'optional-contexts'?: string[] | undefined;
  'optional-regex-contexts'?: string[] | undefined;
  'from-branch-protection'?: boolean | undefined;
}

export interface TideRules {
  merge_method?: Record<string, Method | Record<string, Method | Record<string, Method>>> | undefined;
  merge_commit_template?: Record<string, { title?: string | undefined; body?: string | undefined }> | undefined;
  merge_label?: string | undefined;
  squash_label?: string | undefined;
  rebase_label?: string | undefined;
  batch_size_limit?: Record<string, number> | undefined;
  prioritize_existing_batches?: Record<string, boolean> | undefined;
  priority?: Array<{ labels?: string[] | undefined }> | undefined;
  display_all_tide_queries_in_status?: boolean | undefined;
  context_options?:
    | (ContextOptions & { orgs?: Record<string, ContextOptions & { repos?: Record<string, ContextOptions & { branches?: Record<string, ContextOptions> | undefined }> | undefined }> | undefined })
    | undefined;
}

interface ProtectionPolicy {
  unmanaged?: boolean | undefined;
  protect?: boolean | undefined;
  required_status_checks?: { contexts?: string[] | undefined } | undefined;
  require_manually_triggered_jobs?: boolean | undefined;
  exclude?: string[] | undefined;
  include?: string[] | undefined;
}

export interface BranchProtectionRules extends ProtectionPolicy {
  'protect-tested-repos'?: boolean | undefined;
  orgs?: Record<string, ProtectionPolicy & { repos?: Record<string, ProtectionPolicy & { branches?: Record<string, ProtectionPolicy> | undefined }> | undefined }> | undefined;
}
