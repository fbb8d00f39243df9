// Per-job checks Prow makes at load (validateJobBase, validateAgent, validateTriggering,
// validatePeriodics, SetPresubmitRegexes), on defaulted jobs. Pure: findings are addressed by
// paths relative to the job.
import { compileGoRegexp, goRegexpError } from '../core/go-regexp.js';
import { readCron } from './cron.js';
import { parseGoDuration } from './go-duration.js';
import type { Periodic, Postsubmit, Presubmit } from './jobs.schema.js';
import type { Finding } from './problems.js';

export type JobKind = 'presubmit' | 'postsubmit' | 'periodic';

/** Agents Coxswain can run. Prow also knows "jenkins"; anything else is unknown to Prow too. */
export const RUNNABLE_AGENTS = ['kubernetes', 'tekton-pipeline'];

const JOB_NAME = /^[A-Za-z0-9-._]+$/;
const JENKINS_JOB_NAME = /^[A-Za-z0-9-._]([A-Za-z0-9-._/]*[A-Za-z0-9-_])?$/;

export interface JobContext {
  podNamespace: string;
  jobQueueNames: readonly string[];
}

type AnyJob = Presubmit | Postsubmit | Periodic;

function checkAgent(kind: JobKind, job: AnyJob, ctx: JobContext, out: Finding[]): void {
  const label = `${kind} "${job.name}"`;
  const err = (path: string[], message: string) => out.push({ path, severity: 'error', message: `${label}: ${message}` });
  const agent = job.agent;
  if (!RUNNABLE_AGENTS.includes(agent)) {
    const known = agent === 'jenkins' ? '' : ' (Prow does not know it either, so it was not validated)';
    out.push({ path: ['agent'], severity: 'warning', message: `job "${job.name}" uses agent "${agent}" which Coxswain does not run${known}; it is loaded but never started` });
    return;
  }
  const hasPipeline = job.pipeline_run_spec !== undefined || job.tekton_pipeline_run_spec !== undefined;
  if (job.spec && agent !== 'kubernetes') err(['spec'], `a pod "spec" needs agent: kubernetes (found "${agent}")`);
  if (agent === 'kubernetes' && !job.spec) err(['agent'], 'kubernetes jobs need a pod "spec" with at least one container');
  if (hasPipeline && agent !== 'tekton-pipeline') err(['pipeline_run_spec'], `"pipeline_run_spec" needs agent: tekton-pipeline (found "${agent}")`);
  if (agent === 'tekton-pipeline' && !hasPipeline) err(['agent'], 'agent: tekton-pipeline jobs need a "pipeline_run_spec"');
  if (job.decoration_config && agent !== 'kubernetes') err(['decoration_config'], `decoration needs agent: kubernetes (found "${agent}")`);
  if (job.error_on_eviction && agent !== 'kubernetes') err(['error_on_eviction'], `error_on_eviction only applies to agent: kubernetes (found "${agent}")`);
  if (job.namespace !== ctx.podNamespace && agent !== 'tekton-pipeline') {
    err(['namespace'], `a namespace other than pod_namespace ("${ctx.podNamespace}") needs agent: tekton-pipeline`);
  }
}

function checkBase(kind: JobKind, job: AnyJob, ctx: JobContext, out: Finding[]): void {
  const nameRe = job.agent === 'jenkins' ? JENKINS_JOB_NAME : JOB_NAME;
  if (!nameRe.test(job.name)) {
    out.push({ path: ['name'], severity: 'error', message: `${kind} ${JSON.stringify(job.name)}: name must match ${nameRe.source} (letters, digits, "-", "." and "_")` });
  }
  if ((job.max_concurrency ?? 0) < 0) out.push({ path: ['max_concurrency'], severity: 'error', message: `${kind} "${job.name}": max_concurrency must not be negative` });
  if (job.job_queue_name && !ctx.jobQueueNames.includes(job.job_queue_name)) {
    out.push({ path: ['job_queue_name'], severity: 'error', message: `${kind} "${job.name}": job_queue_name "${job.job_queue_name}" is not declared in plank.job_queue_capacities` });
  }
  checkAgent(kind, job, ctx, out);
}

function checkRegexp(kind: JobKind, name: string, field: string, pattern: string | undefined, out: Finding[], path: (string | number)[] = [field]): boolean {
  if (pattern === undefined) return true;
  const err = goRegexpError(pattern);
  if (err) out.push({ path, severity: 'error', message: `${kind} "${name}": ${field} is not a valid regular expression: ${err}` });
  return err === undefined;
}

function checkChanges(kind: JobKind, job: Presubmit | Postsubmit, alwaysRun: boolean, out: Finding[]): void {
  const err = (path: string, message: string) => out.push({ path: [path], severity: 'error', message: `${kind} "${job.name}": ${message}` });
  if (alwaysRun && job.run_if_changed) err('run_if_changed', 'always_run and run_if_changed are mutually exclusive; remove one');
  if (alwaysRun && job.skip_if_only_changed) err('skip_if_only_changed', 'always_run and skip_if_only_changed are mutually exclusive; remove one');
  if (job.run_if_changed && job.skip_if_only_changed) err('skip_if_only_changed', 'run_if_changed and skip_if_only_changed are mutually exclusive; remove one');
  checkRegexp(kind, job.name, 'run_if_changed', job.run_if_changed, out);
  checkRegexp(kind, job.name, 'skip_if_only_changed', job.skip_if_only_changed, out);
  for (const field of ['branches', 'skip_branches'] as const) {
    (job[field] ?? []).forEach((b, i) => checkRegexp(kind, job.name, field, b, out, [field, i]));
  }
}

export function checkPresubmit(job: Presubmit, rawTrigger: string | undefined, rawRerun: string | undefined, ctx: JobContext): Finding[] {
  const out: Finding[] = [];
  checkBase('presubmit', job, ctx, out);
  checkChanges('presubmit', job, job.always_run === true, out);
  if (!rawTrigger !== !rawRerun) {
    const missing = rawTrigger ? 'rerun_command' : 'trigger';
    out.push({ path: [missing === 'trigger' ? 'rerun_command' : 'trigger'], severity: 'error', message: `presubmit "${job.name}": trigger and rerun_command must be set together; add ${missing} or remove both to get the defaults` });
  } else if (checkRegexp('presubmit', job.name, 'trigger', job.trigger, out) && !compileGoRegexp(job.trigger).test(job.rerun_command)) {
    out.push({ path: ['rerun_command'], severity: 'error', message: `presubmit "${job.name}": rerun_command ${JSON.stringify(job.rerun_command)} does not match trigger ${JSON.stringify(job.trigger)}` });
  }
  return out;
}

export function checkPostsubmit(job: Postsubmit, ctx: JobContext): Finding[] {
  const out: Finding[] = [];
  checkBase('postsubmit', job, ctx, out);
  checkChanges('postsubmit', job, job.always_run === true, out);
  return out;
}

export function checkPeriodic(job: Periodic, ctx: JobContext): Finding[] {
  const out: Finding[] = [];
  checkBase('periodic', job, ctx, out);
  const err = (path: string[], message: string) => out.push({ path, severity: 'error', message: `periodic "${job.name}": ${message}` });
  const set = (['cron', 'interval', 'minimum_interval'] as const).filter((k) => job[k]);
  if (set.length !== 1) {
    err(set.length ? [set[1]!] : ['name'], set.length ? `${set.join(', ')} are mutually exclusive; keep exactly one` : 'set exactly one of cron, interval or minimum_interval');
  }
  // As Prow's checkconfig reads it (config/cron.ts); what it runs is said where that differs from how it looks.
  const cron = job.cron ? readCron(job.cron) : undefined;
  if (cron && 'error' in cron) err(['cron'], `invalid cron string ${JSON.stringify(job.cron)}: ${cron.error}`);
  else for (const note of cron?.notes ?? []) out.push({ path: ['cron'], severity: 'warning', message: `periodic "${job.name}": ${note}` });
  for (const k of ['interval', 'minimum_interval'] as const) {
    const v = job[k];
    if (v && parseGoDuration(v) === undefined) err([k], `${k} ${JSON.stringify(v)} is not a Go duration such as "1h" or "30m"`);
  }
  if (job.retry && parseGoDuration(job.retry.interval ?? '') === undefined) {
    err(['retry', 'interval'], `retry.interval ${JSON.stringify(job.retry.interval ?? '')} is not a Go duration such as "5m" (Prow requires it when retry is set)`);
  }
  return out;
}
