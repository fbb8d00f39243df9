// Job fields as Prow's pkg/config/jobs.go spells them (JobBase, UtilityConfig, Presubmit,
// Postsubmit, Periodic, Preset). Pod and pipeline specs are kept opaque: the executors read them.
import { z } from 'zod';
import { bool, int, o, opaque, opaqueList, str, strList, strMap } from './schema-kit.js';

const jobBase = {
  name: o(str),
  labels: o(strMap),
  annotations: o(strMap),
  max_concurrency: o(int),
  job_queue_name: o(str),
  agent: o(str),
  cluster: o(str),
  namespace: o(str),
  error_on_eviction: o(bool),
  spec: o(opaque),
  pipeline_run_spec: o(opaque),
  tekton_pipeline_run_spec: o(opaque),
  reporter_config: o(opaque),
  rerun_auth_config: o(opaque),
  hidden: o(bool),
  prowjob_defaults: o(opaque),
  // UtilityConfig (pod utilities: clonerefs, initupload, entrypoint, sidecar)
  decorate: o(bool),
  decoration_config: o(opaque),
  extra_refs: o(opaqueList),
  path_alias: o(str),
  clone_uri: o(str),
  clone_depth: o(int),
  skip_submodules: o(bool),
  skip_fetch_head: o(bool),
};

const brancher = { branches: o(strList), skip_branches: o(strList) };
const changeMatcher = { run_if_changed: o(str), skip_if_only_changed: o(str) };
const reporter = { context: o(str), skip_report: o(bool) };

export const presubmitSchema = z.object({
  ...jobBase,
  ...brancher,
  ...changeMatcher,
  ...reporter,
  always_run: o(bool),
  optional: o(bool),
  trigger: o(str),
  rerun_command: o(str),
  run_before_merge: o(bool),
  jenkins_spec: o(opaque),
});

export const postsubmitSchema = z.object({
  ...jobBase,
  ...brancher,
  ...changeMatcher,
  ...reporter,
  always_run: o(bool),
  jenkins_spec: o(opaque),
});

export const periodicSchema = z.object({
  ...jobBase,
  /** As written; config/cron.ts readCron gives what Prow runs (the calendars a Temporal Schedule gets, in UTC). */
  cron: o(str),
  interval: o(str),
  minimum_interval: o(str),
  tags: o(strList),
  retry: o(z.object({ run_all: o(bool), attempts: o(int), interval: o(str) })),
});

export const presetSchema = z.object({
  labels: o(strMap),
  env: o(opaqueList),
  volumes: o(opaqueList),
  volumeMounts: o(opaqueList),
  tolerations: o(opaqueList),
});

/** The keys a job config file may hold (Prow's JobConfig); config.yaml holds them too. */
export const jobConfigShape = {
  presets: o(z.array(presetSchema)),
  presubmits: o(z.record(z.string(), z.array(presubmitSchema))),
  postsubmits: o(z.record(z.string(), z.array(postsubmitSchema))),
  periodics: o(z.array(periodicSchema)),
  decorate_all_jobs: o(bool),
  // A place for YAML anchors that Prow itself ignores.
  prow_ignored: o(z.unknown()),
};

export const jobConfigSchema = z.object(jobConfigShape);

export type RawPresubmit = z.output<typeof presubmitSchema>;
export type RawPostsubmit = z.output<typeof postsubmitSchema>;
export type RawPeriodic = z.output<typeof periodicSchema>;
export type Preset = z.output<typeof presetSchema>;
export type RawJobConfig = z.output<typeof jobConfigSchema>;

/** After defaulting (Prow's defaultJobBase / defaultPresubmitFields): these are always set. */
interface Defaulted {
  name: string;
  agent: string;
  cluster: string;
  namespace: string;
}
export type Presubmit = RawPresubmit & Defaulted & { context: string; trigger: string; rerun_command: string };
export type Postsubmit = RawPostsubmit & Defaulted & { context: string };
export type Periodic = RawPeriodic & Defaulted;
