// The job model every job executor (Tekton PipelineRun, Kubernetes pod, local process) shares,
// behind one interface: the job workflow's heartbeating activity starts a run, watches it to the
// end and aborts it, without knowing which agent runs it. Executors live in activities/executors/.

/** Prow's job types. */
export type JobType = 'presubmit' | 'postsubmit' | 'periodic' | 'batch';

/** Prow's ProwJob states (pkg/apis/prowjobs/v1/types.go), without `scheduling`. */
export type JobState = 'triggered' | 'pending' | 'success' | 'failure' | 'aborted' | 'error';

export const TERMINAL_STATES: readonly JobState[] = ['success', 'failure', 'aborted', 'error'];

/** One pull request in a job's refs (Prow's Pull). */
export interface Pull {
  number: number;
  author: string;
  sha: string;
  title: string;
  head_ref: string;
}

/** The code a job runs against (Prow's Refs): base branch and, for presubmits and batches, pulls. */
export interface Refs {
  org: string;
  repo: string;
  base_ref: string;
  base_sha: string;
  pulls?: Pull[];
  /** Where to clone from (Prow's clone_uri); default https://github.com/{org}/{repo}.git. */
  clone_uri?: string;
}

/**
 * One run of one job, everything an executor needs: the job's own config section (spec,
 * pipeline_run_spec...) and the variables Prow sets (core/job-env.ts computes them).
 */
export interface JobRun {
  /** Unique per run, safe as a Kubernetes object name (lower-case, digits, '-'; ≤ 63 chars). */
  runName: string;
  /** Prow's BUILD_ID and PROW_JOB_ID. */
  buildId: string;
  prowJobId: string;
  job: string;
  type: JobType;
  agent: 'kubernetes' | 'tekton-pipeline' | 'local';
  namespace: string;
  refs?: Refs;
  /** Prow's job variables (CI, JOB_NAME, JOB_TYPE, JOB_SPEC, BUILD_ID, PROW_JOB_ID, REPO_*, PULL_*, ARTIFACTS). */
  env: Record<string, string>;
  /** Labels put on created objects (Prow's prow.k8s.io/* labels and the job's own labels). */
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  /** The job's `spec` (a PodSpec): kubernetes and local agents. */
  spec?: unknown;
  /** `pipeline_run_spec` or `tekton_pipeline_run_spec.v1` / `.v1beta1`: tekton-pipeline agent. */
  pipelineRunSpec?: unknown;
  /**
   * Which Tekton API `pipelineRunSpec` is written for: `v1beta1` for `pipeline_run_spec` and
   * `tekton_pipeline_run_spec.v1beta1` (the default, as in Prow), `v1` for `tekton_pipeline_run_spec.v1`.
   */
  pipelineRunVersion?: 'v1' | 'v1beta1';
  /** Where the run's log goes (local: a file path; others: kept from the API). */
  logPath?: string;
}

/** Where a run stands, as the executor sees it. */
export interface RunStatus {
  state: JobState;
  /** Prow's description for the state (`Job triggered.`, `Job succeeded.`, `Pod pending timeout.`...). */
  description: string;
  /** True once the object exists and has started (pod scheduled / pipeline started / process spawned). */
  started?: boolean;
}

/**
 * An executor. Each call must be safe to repeat: `start` on a run whose object already exists
 * (a retried activity after a worker crash) finds it and does not create a second one; `abort`
 * on a run that is gone does nothing.
 */
export interface Executor {
  start(run: JobRun): Promise<void>;
  /** The run's status now. An object that vanished is `error` with 'Pod got deleted unexpectedly' (or the agent's words). */
  status(run: JobRun): Promise<RunStatus>;
  /** Stop the run and delete what it created (pod, PipelineRun, process). */
  abort(run: JobRun): Promise<void>;
  /** The run's log so far (bounded by the executor; the newest part is kept). */
  log(run: JobRun): Promise<string>;
  /** Delete what a finished run left behind (Prow's sinker); keeps the log readable elsewhere first. */
  cleanup(run: JobRun): Promise<void>;
}

/** What starts one job run (the job workflow's input). */
export interface JobRequest {
  type: JobType;
  job: string;
  /** The repository whose job config holds the job (presubmits, postsubmits). */
  owner?: string;
  repo?: string;
  refs?: Refs;
  /** Given by whoever starts the run (the PR or repo workflow); a Schedule's runs make their own. */
  buildId?: string;
  /** The PR workflow to tell of each state change (presubmits). */
  parent?: string;
  /** Started by /retest or /retest-required (Prow's prow.k8s.io/retest label). */
  retest?: boolean;
}

/** How a run ended (a job workflow's result), and where its log is: listing finished runs then needs no query, which would replay each. */
export interface JobOutcome {
  state: JobState;
  description: string;
  /** null: the run has no log link (no COXSWAIN_PUBLIC_URL); absent: a run from before results carried it. */
  url?: string | null;
}
