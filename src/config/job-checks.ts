// Per-job checks Prow makes at load (validateJobBase, validateAgent, validateTriggering,
// validatePeriodics, SetPresubmitRegexes), on defaulted jobs. Pure: findings are addressed by
// paths relative to the job.
import { compileGoRegexp, goRegexpError } from '../core/go-regexp.js';
import { parseGoDuration } from './go-duration.js';
import type { Periodic, Postsubmit, Presubmit } from './jobs.schema.js';
import type { Finding } from './problems.js';

export type JobKind = 'presubmit' | 'postsubmit' | 'periodic';

/** Agents Coxswain can run. Prow also knows "jenkins"; anything else is unknown to Prow too. */
export const RUNNABLE_AGENTS = ['kubernetes', 'tekton-pipeline'];

const JOB_NAME = /^[A-Za-z0-9-._]+$/;
const JENKINS_JOB_NAME = /^[A-Za-z0-9-._]([A-Za-z0-9-._/]*[A-Za-z0-9-_])?$/;
const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

export interface JobContext {
  podNamespace: string;
  jobQueueNames: readonly string[];
}

type AnyJob = Presubmit | Postsubmit | Periodic;

const cronSpec = (cron: string) => cron.trim().replace(/^(CRON_)?TZ=\S+\s+/, '');

/**
 * robfig/cron as Prow's checkconfig and horologium read it: a descriptor, "@every <duration>", or
 * five fields (minute hour day-of-month month day-of-week), or six with seconds first; empty items
 * in a comma list are skipped (Go's strings.FieldsFunc), so "22," is minute 22.
 */
export function cronError(cron: string): string | undefined {
  const spec = cronSpec(cron);
  if (CRON_DESCRIPTORS.includes(spec)) return undefined;
  if (spec.startsWith('@every ')) return parseGoDuration(spec.slice(7).trim()) === undefined ? 'the duration after @every is not valid' : undefined;
  const fields = spec.split(/\s+/);
  if (fields.length !== 5 && fields.length !== 6) {
    return `expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), found ${fields.length}`;
  }
  const bad = fields.find((f) => !/^[0-9A-Za-z*?/,-]+$/.test(f));
  return bad === undefined ? undefined : `field ${JSON.stringify(bad)} is not valid`;
}

/**
 * What a cron string that Prow accepts may not mean what it seems to: six fields (Prow takes the
 * first for seconds; "0 22, 10 * * *" runs daily at 10:22:00 UTC, not at 22:00 and 10:00), or a
 * field with no values at all (never runs). Undefined when it reads as written.
 */
export function cronWarning(cron: string): string | undefined {
  const fields = cronSpec(cron).split(/\s+/);
  if (cronError(cron) !== undefined || fields.length < 5) return undefined;
  const empty = fields.find((f) => f.split(',').every((item) => item === ''));
  if (empty !== undefined) return `cron ${JSON.stringify(cron)} has a field with no values (${JSON.stringify(empty)}): Prow accepts it, and the job never runs`;
  if (fields.length !== 6) return undefined;
  const items = (f: string) => f.split(',').filter((item) => item !== '').join(',');
  const [second, minute, hour, dom, month, dow] = fields.map(items) as [string, string, string, string, string, string];
  return (
    `cron ${JSON.stringify(cron)} has 6 fields, so Prow reads the first as seconds: second ${second}, minute ${minute}, hour ${hour}, ` +
    `day-of-month ${dom}, month ${month}, day-of-week ${dow} (UTC); write 5 fields (minute hour day-of-month month day-of-week) if that is not what you meant`
  );
}

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
  const cronErr = job.cron ? cronError(job.cron) : undefined;
  if (cronErr) err(['cron'], `invalid cron string ${JSON.stringify(job.cron)}: ${cronErr}`);
  const cronWarn = job.cron ? cronWarning(job.cron) : undefined;
  if (cronWarn) out.push({ path: ['cron'], severity: 'warning', message: `periodic "${job.name}": ${cronWarn}` });
  for (const k of ['interval', 'minimum_interval'] as const) {
    const v = job[k];
    if (v && parseGoDuration(v) === undefined) err([k], `${k} ${JSON.stringify(v)} is not a Go duration such as "1h" or "30m"`);
  }
  if (job.retry && parseGoDuration(job.retry.interval ?? '') === undefined) {
    err(['retry', 'interval'], `retry.interval ${JSON.stringify(job.retry.interval ?? '')} is not a Go duration such as "5m" (Prow requires it when retry is set)`);
  }
  return out;
}
