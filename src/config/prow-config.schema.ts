// config.yaml as Prow reads it (pkg/config/config.go: ProwConfig + JobConfig). Every top-level key
// Prow accepts is accepted here, even for components Coxswain does not run, so an existing file
// loads unchanged; sections Coxswain never reads are kept opaque.
import { z } from 'zod';
import { branchProtectionSchema } from './branch-protection.schema.js';
import { jobConfigShape } from './jobs.schema.js';
import { bool, duration, int, o, opaque, opaqueList, str, strList, strMap } from './schema-kit.js';
import { tideSchema } from './tide.schema.js';

const ownersDirDenylist = z.object({
  repos: o(z.record(z.string(), strList)),
  default: o(strList),
  ignore_preconfigured_defaults: o(bool),
});

const plankSchema = z.object({
  // Controller
  job_url_template: o(str),
  report_template: o(str),
  report_templates: o(strMap),
  max_concurrency: o(int),
  max_goroutines: o(int),
  // Plank
  pod_pending_timeout: o(duration),
  pod_running_timeout: o(duration),
  pod_unscheduled_timeout: o(duration),
  max_revivals: o(int),
  default_decoration_configs: o(z.record(z.string(), opaque)),
  default_decoration_config_entries: o(opaqueList),
  job_url_prefix_config: o(strMap),
  jobURLPrefixDisableAppendStorageProvider: o(bool),
  build_cluster_status_file: o(str),
  job_queue_capacities: o(z.record(z.string(), int)),
});

export const prowConfigSchema = z.object({
  ...jobConfigShape,
  tide: o(tideSchema),
  'branch-protection': o(branchProtectionSchema),
  plank: o(plankSchema),
  pipeline: o(z.object({ allow_concurrent_postsubmit_jobs: o(bool) })),
  sinker: o(z.object({
    resync_period: o(duration),
    max_prowjob_age: o(duration),
    max_pod_age: o(duration),
    terminated_pod_ttl: o(duration),
    exclude_clusters: o(strList),
  })),
  horologium: o(z.object({ tick_interval: o(duration) })),
  github_reporter: o(z.object({
    job_types_to_report: o(strList),
    no_comment_repos: o(strList),
    summary_comment_repos: o(strList),
  })),
  in_repo_config: o(z.object({
    enabled: o(z.record(z.string(), bool)),
    allowed_clusters: o(z.record(z.string(), strList)),
  })),
  push_gateway: o(z.object({ endpoint: o(str), interval: o(duration), serve_metrics: o(bool) })),
  github: o(z.object({ link_url: o(str) })),
  managed_webhooks: o(z.object({
    respect_legacy_global_token: o(bool),
    auto_accept_invitation: o(bool),
    org_repo_config: o(z.record(z.string(), opaque)),
  })),
  owners_dir_denylist: o(ownersDirDenylist),
  // The name older Prow releases used (the Jenkins X seed has it); same shape.
  owners_dir_blacklist: o(ownersDirDenylist),
  prowjob_namespace: o(str),
  pod_namespace: o(str),
  log_level: o(str),
  status_error_link: o(str),
  default_job_timeout: o(duration),
  disabled_clusters: o(strList),
  config_version_sha: o(str),
  // Components Coxswain does not run: accepted and kept, not interpreted.
  deck: o(opaque),
  gerrit: o(opaque),
  gangway: o(opaque),
  moonraker: o(opaque),
  scheduler: o(opaque),
  slack_reporter_configs: o(z.record(z.string(), opaque)),
  jenkins_operators: o(opaqueList),
  prowjob_default_entries: o(opaqueList),
  pubsub_subscriptions: o(z.record(z.string(), strList)),
  pubsub_triggers: o(opaqueList),
});

export type RawProwConfig = z.output<typeof prowConfigSchema>;

/** Supplemental *_prowconfig.yaml files: Prow only merges these sections from them. */
export const SUPPLEMENTAL_PROW_KEYS = ['branch-protection', 'slack_reporter_configs', 'tide.merge_method', 'tide.queries'];
