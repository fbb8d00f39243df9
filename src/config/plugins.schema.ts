// plugins.yaml as Prow reads it (pkg/plugins/config.go `Configuration`), key for key.
import { z } from 'zod';
import { bool, int, o, opaque, str, strList } from './schema-kit.js';

/** `org: {plugins: [...], excluded_repos: [...]}` (current form). */
export const orgPluginsSchema = z.object({ plugins: o(strList), excluded_repos: o(strList) });
/** `org/repo: [...]` (the older list form, still common: see the Jenkins X seed). */
const pluginsEntry = z.union([strList, orgPluginsSchema]);

const repos = { repos: o(strList) };
const contextMatch = z.object({ context: o(str), description: o(str), state: o(str) });
const reviewerPicker = z.object({
  request_count: o(int),
  max_request_count: o(int),
  exclude_approvers: o(bool),
  use_status_availability: o(bool),
  ignore_drafts: o(bool),
  ignore_authors: o(strList),
  wait_for_status: o(contextMatch),
});

export const approveSchema = z.object({
  ...repos,
  issue_required: o(bool),
  require_self_approval: o(bool),
  lgtm_acts_as_approve: o(bool),
  ignore_review_state: o(bool),
  commandHelpLink: o(str),
  pr_process_link: o(str),
});

export const lgtmSchema = z.object({
  ...repos,
  review_acts_as_lgtm: o(bool),
  store_tree_hash: o(bool),
  trusted_team_for_sticky_lgtm: o(str),
});

export const triggerSchema = z.object({
  ...repos,
  trusted_apps: o(strList),
  trusted_org: o(str),
  join_org_url: o(str),
  only_org_members: o(bool),
  ignore_ok_to_test: o(bool),
  trigger_github_workflows: o(bool),
  org_invite: o(z.object({
    prominent: o(z.object({ disabled: o(bool), merged_pr_threshold: o(int), message: o(str) })),
  })),
});

export const welcomeSchema = z.object({ ...repos, message_template: o(str), always_post: o(bool) });

export const externalPluginSchema = z.object({ name: o(str), endpoint: o(str), events: o(strList) });

const restrictedLabel = z.object({
  label: o(str),
  allowed_teams: o(strList),
  allowed_users: o(strList),
  assign_on: o(z.array(z.object({ label: o(str) }))),
});

export const pluginsConfigSchema = z.object({
  plugins: o(z.record(z.string(), pluginsEntry)),
  external_plugins: o(z.record(z.string(), z.array(externalPluginSchema))),
  owners: o(z.object({
    mdyamlrepos: o(strList),
    skip_collaborators: o(strList),
    labels_denylist: o(strList),
    filenames: o(z.record(z.string(), z.object({ owners: o(str), owners_aliases: o(str) }))),
  })),
  approve: o(z.array(approveSchema)),
  lgtm: o(z.array(lgtmSchema)),
  triggers: o(z.array(triggerSchema)),
  welcome: o(z.array(welcomeSchema)),
  blunderbuss: o(reviewerPicker),
  rifle: o(reviewerPicker),
  size: o(z.object({ s: o(int), m: o(int), l: o(int), xl: o(int), xxl: o(int) })),
  label: o(z.object({
    additional_labels: o(strList),
    restricted_labels: o(z.record(z.string(), z.array(restrictedLabel))),
  })),
  heart: o(z.object({ adorees: o(strList), commentregexp: o(str) })),
  cat: o(z.object({ key_path: o(str) })),
  goose: o(z.object({ key_path: o(str) })),
  help: o(z.object({ help_guidelines_url: o(str), help_guidelines_summary: o(str) })),
  override: o(z.object({
    allow_top_level_owners: o(bool),
    allowed_github_teams: o(z.record(z.string(), strList)),
  })),
  retitle: o(z.object({ allow_closed_issues: o(bool) })),
  repo_milestone: o(z.record(z.string(), z.object({
    maintainers_id: o(int),
    maintainers_team: o(str),
    maintainers_friendly_name: o(str),
  }))),
  milestone_applier: o(z.record(z.string(), z.record(z.string(), str))),
  blockades: o(z.array(z.object({
    ...repos,
    branchregexp: o(str),
    blockregexps: o(strList),
    exceptionregexps: o(strList),
    explanation: o(str),
  }))),
  branch_cleaner: o(z.object({ preserved_branches: o(z.record(z.string(), strList)) })),
  cherry_pick_approved: o(z.array(z.object({
    org: o(str),
    repo: o(str),
    branchregexp: o(str),
    approvers: o(strList),
    allow_missing_approved_label: o(bool),
    allow_missing_lgtm_label: o(bool),
  }))),
  cherry_pick_unapproved: o(z.object({ branchregexp: o(str), comment: o(str) })),
  config_updater: o(z.object({
    maps: o(z.record(z.string(), z.object({
      name: o(str),
      partitioned_names: o(strList),
      key: o(str),
      gzip: o(bool),
      /** Older Prow's single target namespace (before `clusters`); read as `clusters: {default: [namespace]}`. */
      namespace: o(str),
      clusters: o(z.record(z.string(), strList)),
      cluster_groups: o(strList),
      use_full_path_as_key: o(bool),
      allowed_repos: o(strList),
      denied_repos: o(strList),
    }))),
    cluster_groups: o(z.record(z.string(), z.object({ clusters: o(strList), namespaces: o(strList) }))),
    gzip: o(bool),
  })),
  dco: o(z.record(z.string(), z.object({
    skip_dco_check_for_members: o(bool),
    skip_dco_check_for_collaborators: o(bool),
    trusted_apps: o(strList),
    trusted_org: o(str),
    contributing_repo: o(str),
    contributing_branch: o(str),
    contributing_path: o(str),
  }))),
  golint: o(z.object({ minimum_confidence: o(z.number()) })),
  invalid_commit_msg: o(z.array(z.object({
    ...repos,
    checks: o(z.array(z.object({ name: o(str), disabled: o(bool) }))),
  }))),
  release_note: o(z.object({ guidelines_url: o(str) })),
  require_matching_label: o(z.array(z.object({
    org: o(str),
    repo: o(str),
    branch: o(str),
    prs: o(bool),
    issues: o(bool),
    regexp: o(str),
    missing_label: o(str),
    missing_comment: o(str),
    grace_period: o(str),
  }))),
  sigmention: o(z.object({ regexp: o(str) })),
  slack: o(z.object({
    mentionchannels: o(strList),
    mergewarnings: o(z.array(z.object({
      ...repos,
      channels: o(strList),
      exempt_users: o(strList),
      exempt_branches: o(z.record(z.string(), strList)),
    }))),
  })),
  // Kept opaque: Coxswain does not talk to Bugzilla, Jira or classic Projects.
  bugzilla: o(opaque),
  jira: o(opaque),
  project_config: o(opaque),
  project_manager: o(opaque),
  // Removed from Prow long ago, but still present in older files such as the Jenkins X seed.
  requiresig: o(opaque),
});

export type RawPluginsConfig = z.output<typeof pluginsConfigSchema>;
export type OrgPlugins = z.output<typeof orgPluginsSchema>;
export type TriggerConfig = z.output<typeof triggerSchema>;
export type WelcomeConfig = z.output<typeof welcomeSchema>;
export type ExternalPlugin = z.output<typeof externalPluginSchema>;

/** plugins.yaml after loading: `plugins:` always in the per-org map form. */
export type PluginsConfig = Omit<RawPluginsConfig, 'plugins'> & { plugins: Record<string, OrgPlugins> };
