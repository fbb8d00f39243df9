// Prow's job config: jobs from config.yaml and from every file under --job-config-path, merged,
// defaulted (context, trigger, rerun_command, agent, cluster, namespace, presets) and validated,
// with every problem pointing at the job's own file and line.
import { branchesIntersect } from '../core/brancher.js';
import { findJobFiles } from './job-files.js';
import { checkPeriodic, checkPostsubmit, checkPresubmit } from './job-checks.js';
import type { JobContext } from './job-checks.js';
import { jobConfigSchema } from './jobs.schema.js';
import type { Periodic, Postsubmit, Preset, Presubmit, RawJobConfig, RawPeriodic, RawPostsubmit, RawPresubmit } from './jobs.schema.js';
import { applyPresets } from './presets.js';
import type { Finding, Problem } from './problems.js';
import { checkSource, problemAt } from './validate.js';
import { readYamlFile } from './yaml-source.js';
import type { YamlPath, YamlSource } from './yaml-source.js';

export interface JobConfig {
  presets: Preset[];
  presubmits: Record<string, Presubmit[]>;
  postsubmits: Record<string, Postsubmit[]>;
  periodics: Periodic[];
}

/** One validated file holding jobs (config.yaml itself, or a job config file). */
export interface JobSource {
  src: YamlSource;
  data: RawJobConfig;
}

export interface JobDefaults extends JobContext {
  decorateAllJobs: boolean;
}

/** Prow's DefaultTriggerFor: the job name is inserted as written (a "." matches any character). */
export function defaultTriggerFor(name: string): string {
  return `(?m)^/test( | .* )${name},?($|\\s.*)`;
}

export function defaultRerunCommandFor(name: string): string {
  return `/test ${name}`;
}

/** Read every job config file under `path` (a file or a directory). */
export function readJobConfigFiles(path: string): { sources: JobSource[]; problems: Problem[] } {
  const found = findJobFiles(path);
  const problems = [...found.problems];
  const sources: JobSource[] = [];
  for (const file of found.files) {
    const src = readYamlFile(file);
    const checked = checkSource(jobConfigSchema, src, 'a job config file');
    problems.push(...src.problems, ...checked.problems);
    if (checked.data) sources.push({ src, data: checked.data });
  }
  return { sources, problems };
}

interface Origin {
  src: YamlSource;
  path: YamlPath;
}

function defaultBase<T extends RawPresubmit | RawPostsubmit | RawPeriodic>(raw: T, d: JobDefaults, presets: Preset[]) {
  const applied = applyPresets(raw.spec, raw.labels, presets);
  const job = {
    ...raw,
    name: raw.name ?? '',
    agent: raw.agent || 'kubernetes',
    cluster: raw.cluster || 'default',
    namespace: raw.namespace || d.podNamespace,
    decorate: raw.decorate ?? d.decorateAllJobs,
    ...(applied.spec ? { spec: applied.spec } : {}),
  };
  return { job, presetError: applied.error };
}

export function buildJobConfig(sources: readonly JobSource[], defaults: JobDefaults): { jobs: JobConfig; problems: Problem[] } {
  const problems: Problem[] = [];
  const origins = new Map<object, Origin>();
  const report = (o: Origin, f: Finding) => problems.push(problemAt(o.src, [...o.path, ...f.path], f.severity, f.message, f.check));
  const where = (o: Origin) => {
    const pos = o.src.locate(o.path);
    return pos ? `${o.src.file}:${pos.line}` : o.src.file;
  };

  const presets: Preset[] = [];
  const presetPairs = new Map<string, Origin>();
  for (const { src, data } of sources) {
    (data.presets ?? []).forEach((preset, i) => {
      const origin = { src, path: ['presets', i] };
      for (const [k, v] of Object.entries(preset.labels ?? {})) {
        const first = presetPairs.get(`${k}:${v}`);
        if (first) report(origin, { path: ['labels', k], severity: 'error', message: `preset label "${k}: ${v}" is also used by the preset at ${where(first)}; each label pair may select only one preset` });
        else presetPairs.set(`${k}:${v}`, origin);
      }
      presets.push(preset);
    });
  }

  const jobs: JobConfig = { presets, presubmits: {}, postsubmits: {}, periodics: [] };
  const add = <J extends object>(job: J, origin: Origin, findings: Finding[], presetError: string | undefined, kind: string, name: string) => {
    origins.set(job, origin);
    for (const f of findings) report(origin, f);
    if (presetError) report(origin, { path: ['spec'], severity: 'error', message: `${kind} "${name}": cannot apply presets: ${presetError}` });
    return job;
  };
  for (const { src, data } of sources) {
    for (const [repo, list] of Object.entries(data.presubmits ?? {})) {
      list.forEach((raw, i) => {
        const { job: base, presetError } = defaultBase(raw, defaults, presets);
        const bothUnset = !raw.trigger && !raw.rerun_command;
        const job: Presubmit = {
          ...base,
          context: raw.context || base.name,
          trigger: bothUnset ? defaultTriggerFor(base.name) : raw.trigger ?? '',
          rerun_command: bothUnset ? defaultRerunCommandFor(base.name) : raw.rerun_command ?? '',
        };
        const findings = checkPresubmit(job, raw.trigger, raw.rerun_command, defaults);
        (jobs.presubmits[repo] ??= []).push(add(job, { src, path: ['presubmits', repo, i] }, findings, presetError, 'presubmit', job.name));
      });
    }
    for (const [repo, list] of Object.entries(data.postsubmits ?? {})) {
      list.forEach((raw, i) => {
        const { job: base, presetError } = defaultBase(raw, defaults, presets);
        const job: Postsubmit = { ...base, context: raw.context || base.name };
        const findings = checkPostsubmit(job, defaults);
        (jobs.postsubmits[repo] ??= []).push(add(job, { src, path: ['postsubmits', repo, i] }, findings, presetError, 'postsubmit', job.name));
      });
    }
    (data.periodics ?? []).forEach((raw, i) => {
      const { job, presetError } = defaultBase(raw, defaults, presets);
      jobs.periodics.push(add(job, { src, path: ['periodics', i] }, checkPeriodic(job, defaults), presetError, 'periodic', job.name));
    });
  }

  const intersect = (a: Presubmit | Postsubmit, b: Presubmit | Postsubmit) => {
    try {
      return branchesIntersect(a, b);
    } catch {
      return true; // a bad branch regexp is reported on its own
    }
  };
  const checkRepo = (kind: string, repo: string, list: (Presubmit | Postsubmit)[]) => {
    list.forEach((job, j) => {
      const origin = origins.get(job)!;
      const twin = list.slice(0, j).find((other) => other.name === job.name && intersect(other, job));
      if (twin) {
        report(origin, { path: ['name'], severity: 'error', message: `${kind} "${job.name}" is defined twice for ${repo} (also at ${where(origins.get(twin)!)}); job names must be unique per repository and branch` });
        return;
      }
      const clash = list.slice(0, j).find((other) => other.name !== job.name && other.context === job.context && intersect(other, job));
      if (clash) {
        report(origin, { path: ['context'], severity: 'error', message: `${kind}s "${clash.name}" and "${job.name}" for ${repo} both report to the GitHub context "${job.context}"; give one of them another context` });
      }
    });
  };
  for (const [repo, list] of Object.entries(jobs.presubmits)) checkRepo('presubmit', repo, list);
  for (const [repo, list] of Object.entries(jobs.postsubmits)) checkRepo('postsubmit', repo, list);
  jobs.periodics.forEach((job, j) => {
    const twin = jobs.periodics.slice(0, j).find((other) => other.name === job.name);
    if (twin) report(origins.get(job)!, { path: ['name'], severity: 'error', message: `periodic "${job.name}" is defined twice (also at ${where(origins.get(twin)!)}); periodic names must be unique` });
  });
  return { jobs, problems };
}
