import { buildJobConfig, defaultTriggerFor, readJobConfigFiles } from './job-config.js';
import type { JobSource } from './job-config.js';
import { jobConfigSchema } from './jobs.schema.js';
import { formatProblem } from './problems.js';
import { checkSource } from './validate.js';
import { parseYaml } from './yaml-source.js';

const FIX = 'test/fixtures/config';
const defaults = { podNamespace: 'default', jobQueueNames: ['heavy'], decorateAllJobs: false };
const SPEC = '    spec: {containers: [{image: busybox}]}';

function source(file: string, lines: string[]): JobSource {
  const src = parseYaml(`${lines.join('\n')}\n`, file);
  const checked = checkSource(jobConfigSchema, src, 'a job config file');
  expect(checked.problems).toEqual([]);
  return { src, data: checked.data! };
}

const build = (...sources: JobSource[]) => buildJobConfig(sources, defaults);
const messages = (r: { problems: Parameters<typeof formatProblem>[0][] }) => r.problems.map(formatProblem);

describe('readJobConfigFiles: a directory walked like Prow', () => {
  it('reads nested *.yaml/*.yml, honours .prowignore at every level, skips ..data, allows empty files', () => {
    const r = readJobConfigFiles(`${FIX}/jobs-tree`);
    expect(r.problems).toEqual([]);
    expect(r.sources.map((s) => s.src.file)).toEqual([
      `${FIX}/jobs-tree/org-a/nested/deeper/periodics.yaml`,
      `${FIX}/jobs-tree/org-a/nested/keep.draft.yml`, // re-included by org-a/nested/.prowignore
      `${FIX}/jobs-tree/org-a/presubmits.yaml`,
      `${FIX}/jobs-tree/org-b/empty.yaml`,
    ]);
    const jobs = build(...r.sources).jobs;
    expect(jobs.presubmits['org-a/app']!.map((j) => j.name)).toEqual(['pull-app-unit']);
    expect(jobs.postsubmits['org-a/app']!.map((j) => j.name)).toEqual(['post-app-publish']);
    expect(jobs.periodics.map((j) => j.name)).toEqual(['periodic-app-daily']);
  });

  it('requires unique file names across the tree, naming both paths', () => {
    const r = readJobConfigFiles(`${FIX}/jobs-dup-basename`);
    expect(r.sources).toHaveLength(1);
    expect(r.problems.map(formatProblem)).toEqual([
      `${FIX}/jobs-dup-basename/y/jobs.yaml: error: job config file name "jobs.yaml" is used twice (${FIX}/jobs-dup-basename/x/jobs.yaml and ${FIX}/jobs-dup-basename/y/jobs.yaml); Prow requires unique file names across the job config tree, so rename one`,
    ]);
  });

  it('accepts a single file, and reports a missing path with the flag to set', () => {
    expect(readJobConfigFiles(`${FIX}/jobs-tree/org-a/presubmits.yaml`).sources).toHaveLength(1);
    expect(readJobConfigFiles('nope/jobs').problems[0]!.message).toBe('job config path not found: nope/jobs (set --job-config-path or COXSWAIN_JOB_CONFIG to a file or directory)');
  });
});

describe('buildJobConfig: Prow defaults', () => {
  it('defaults context, trigger, rerun_command, agent, cluster and namespace', () => {
    const { jobs, problems } = build(source('j.yaml', ['presubmits:', '  o/r:', '  - name: pull-unit', SPEC, 'postsubmits:', '  o/r:', '  - name: post-unit', SPEC]));
    expect(problems).toEqual([]);
    expect(jobs.presubmits['o/r']![0]).toMatchObject({
      context: 'pull-unit', trigger: '(?m)^/test( | .* )pull-unit,?($|\\s.*)', rerun_command: '/test pull-unit',
      agent: 'kubernetes', cluster: 'default', namespace: 'default', decorate: false,
    });
    expect(jobs.postsubmits['o/r']![0]).toMatchObject({ context: 'post-unit', agent: 'kubernetes' });
    expect(defaultTriggerFor('x')).toBe('(?m)^/test( | .* )x,?($|\\s.*)');
  });

  it('applies presets whose labels the job has, and presets without labels to every job', () => {
    const { jobs, problems } = build(source('j.yaml', [
      'presets:',
      '- labels: {preset-creds: "true"}',
      '  env: [{name: TOKEN, value: x}]',
      '  volumes: [{name: creds, secret: {secretName: creds}}]',
      '  volumeMounts: [{name: creds, mountPath: /etc/creds}]',
      '- env: [{name: CI_SYSTEM, value: coxswain}]',
      'periodics:',
      '- name: with-creds',
      '  interval: 1h',
      '  labels: {preset-creds: "true"}',
      '  spec: {containers: [{image: busybox}]}',
      '- name: without',
      '  interval: 1h',
      '  spec: {containers: [{image: busybox}]}',
    ]));
    expect(problems).toEqual([]);
    expect(jobs.periodics[0]!.spec).toEqual({
      containers: [{ image: 'busybox', env: [{ name: 'TOKEN', value: 'x' }, { name: 'CI_SYSTEM', value: 'coxswain' }], volumeMounts: [{ name: 'creds', mountPath: '/etc/creds' }] }],
      volumes: [{ name: 'creds', secret: { secretName: 'creds' } }],
    });
    expect(jobs.periodics[1]!.spec).toEqual({ containers: [{ image: 'busybox', env: [{ name: 'CI_SYSTEM', value: 'coxswain' }] }] });
  });
});

describe('buildJobConfig: checks, each at the job file and line', () => {
  it('reports a preset that would duplicate an env var of the job', () => {
    const r = build(source('j.yaml', [
      'presets:', '- env: [{name: A, value: "1"}]',
      'periodics:', '- name: p', '  interval: 1h', '  spec: {containers: [{image: x, env: [{name: A, value: "2"}]}]}',
    ]));
    expect(messages(r)).toEqual(['j.yaml:6:3: error: periodic "p": cannot apply presets: env var duplicated in pod spec: A']);
  });

  it.each([
    {
      name: 'bad trigger regex',
      lines: ['presubmits:', '  o/r:', '  - name: x', '    trigger: "(?m)^/test (x"', '    rerun_command: /test x', SPEC],
      want: ['j.yaml:4:5: error: presubmit "x": trigger is not a valid regular expression: error parsing regexp: missing closing ): `(?m)^/test (x`'],
    },
    {
      name: 'trigger without rerun_command',
      lines: ['presubmits:', '  o/r:', '  - name: x', '    trigger: "(?m)^/go"', SPEC],
      want: ['j.yaml:4:5: error: presubmit "x": trigger and rerun_command must be set together; add rerun_command or remove both to get the defaults'],
    },
    {
      name: 'rerun_command not matching trigger',
      lines: ['presubmits:', '  o/r:', '  - name: x', '    trigger: "(?m)^/go"', '    rerun_command: /test x', SPEC],
      want: ['j.yaml:5:5: error: presubmit "x": rerun_command "/test x" does not match trigger "(?m)^/go"'],
    },
    {
      // Go accepts a (?i) that covers part of a pattern; the old JavaScript translation did not.
      name: 'trigger with a partly case-insensitive regexp is accepted and matched as Go would',
      lines: ['presubmits:', '  o/r:', '  - name: x', '    trigger: "(?m)^/test (?i:ALL)$"', '    rerun_command: /test all', SPEC],
      want: [],
    },
    {
      name: 'rerun_command not matching a partly case-insensitive trigger',
      lines: ['presubmits:', '  o/r:', '  - name: x', '    trigger: "(?m)^/test (?i:all)$"', '    rerun_command: /TEST all', SPEC],
      want: ['j.yaml:5:5: error: presubmit "x": rerun_command "/TEST all" does not match trigger "(?m)^/test (?i:all)$"'],
    },
    {
      name: 'always_run with run_if_changed',
      lines: ['presubmits:', '  o/r:', '  - name: x', '    always_run: true', '    run_if_changed: "^docs/"', SPEC],
      want: ['j.yaml:5:5: error: presubmit "x": always_run and run_if_changed are mutually exclusive; remove one'],
    },
    {
      name: 'run_if_changed with skip_if_only_changed',
      lines: ['postsubmits:', '  o/r:', '  - name: x', '    run_if_changed: a', '    skip_if_only_changed: b', SPEC],
      want: ['j.yaml:5:5: error: postsubmit "x": run_if_changed and skip_if_only_changed are mutually exclusive; remove one'],
    },
    {
      name: 'bad job name and bad branch regexp',
      lines: ['postsubmits:', '  o/r:', '  - name: "my job"', '    branches: ["release-[1"]', SPEC],
      want: [
        'j.yaml:3:5: error: postsubmit "my job": name must match ^[A-Za-z0-9-._]+$ (letters, digits, "-", "." and "_")',
        'j.yaml:4:16: error: postsubmit "my job": branches is not a valid regular expression: error parsing regexp: missing closing ]: `[1`',
      ],
    },
    {
      name: 'periodic with both cron and interval, and a bad interval',
      lines: ['periodics:', '- name: p', '  cron: "0 3 * * *"', '  interval: 1 day', SPEC.slice(2)],
      want: [
        'j.yaml:4:3: error: periodic "p": cron, interval are mutually exclusive; keep exactly one',
        'j.yaml:4:3: error: periodic "p": interval "1 day" is not a Go duration such as "1h" or "30m"',
      ],
    },
    {
      name: 'periodic with no schedule, and a bad cron elsewhere',
      lines: ['periodics:', '- name: p', SPEC.slice(2), '- name: q', '  cron: "0 3 * *"', SPEC.slice(2)],
      want: [
        'j.yaml:2:3: error: periodic "p": set exactly one of cron, interval or minimum_interval',
        'j.yaml:5:3: error: periodic "q": invalid cron string "0 3 * *": expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), found 4',
      ],
    },
    {
      // One real deployment's periodic: Prow's checkconfig accepts it (6 fields, seconds first).
      name: 'a cron Prow accepts but reads another way loads, with a warning',
      lines: ['periodics:', '- name: nightly', '  cron: "0 22, 10 * * *"', SPEC.slice(2)],
      want: [
        'j.yaml:3:3: warning: periodic "nightly": cron "0 22, 10 * * *" is read as Prow reads it (6 fields, seconds first, the empty item in "22," skipped): runs daily at 10:22:00 UTC; write 5 fields (minute hour day-of-month month day-of-week) if that is not what you meant',
      ],
    },
    {
      name: 'a cron value out of range is refused, as Prow refuses it',
      lines: ['periodics:', '- name: p', '  cron: "0 3 * * 7"', SPEC.slice(2)],
      want: ['j.yaml:3:3: error: periodic "p": invalid cron string "0 3 * * 7": end of range (7) above maximum (6): 7'],
    },
    {
      name: 'a cron field with nothing in it loads, as Prow loads it, with a warning that it never runs',
      lines: ['periodics:', '- name: p', '  cron: "0 , * * *"', SPEC.slice(2)],
      want: ['j.yaml:3:3: warning: periodic "p": cron "0 , * * *" has a field with no values (","): Prow accepts it, and the job never runs'],
    },
    {
      name: 'kubernetes job without a spec, unknown job queue',
      lines: ['periodics:', '- name: p', '  interval: 1h', '  job_queue_name: light'],
      want: [
        'j.yaml:4:3: error: periodic "p": job_queue_name "light" is not declared in plank.job_queue_capacities',
        'j.yaml:2:3: error: periodic "p": kubernetes jobs need a pod "spec" with at least one container',
      ],
    },
    {
      name: 'agents Coxswain does not run load with a warning',
      lines: ['postsubmits:', '  o/r:', '  - name: a', '    agent: jenkins', '  - name: b', '    agent: tekton'],
      want: [
        'j.yaml:4:5: warning: job "a" uses agent "jenkins" which Coxswain does not run; it is loaded but never started',
        'j.yaml:6:5: warning: job "b" uses agent "tekton" which Coxswain does not run (Prow does not know it either, so it was not validated); it is loaded but never started',
      ],
    },
    {
      name: 'tekton-pipeline needs a pipeline_run_spec',
      lines: ['postsubmits:', '  o/r:', '  - name: a', '    agent: tekton-pipeline'],
      want: ['j.yaml:4:5: error: postsubmit "a": agent: tekton-pipeline jobs need a "pipeline_run_spec"'],
    },
  ])('$name', ({ lines, want }) => {
    const r = build(source('j.yaml', lines));
    expect(messages(r)).toEqual(want);
  });

  it('rejects duplicate names within a repo across files, unless their branches differ', () => {
    const a = source('a.yaml', ['presubmits:', '  o/r:', '  - name: unit', SPEC, '  - name: rel', '    branches: [release-1]', SPEC]);
    const b = source('b.yaml', ['presubmits:', '  o/r:', '  - name: other', SPEC, '  - name: unit', SPEC, '  - name: rel', '    branches: [release-2]', '    context: rel-2', SPEC, '  o/other:', '  - name: unit', SPEC]);
    expect(messages(build(a, b))).toEqual([
      'b.yaml:5:5: error: presubmit "unit" is defined twice for o/r (also at a.yaml:3); job names must be unique per repository and branch',
    ]);
  });

  it('rejects two jobs reporting to the same context, and duplicate periodic names', () => {
    const r = build(source('j.yaml', [
      'presubmits:', '  o/r:', '  - name: a', '    context: ci', SPEC, '  - name: b', '    context: ci', SPEC,
      'periodics:', '- name: p', '  interval: 1h', SPEC.slice(2), '- name: p', '  interval: 2h', SPEC.slice(2),
    ]));
    expect(messages(r)).toEqual([
      'j.yaml:7:5: error: presubmits "a" and "b" for o/r both report to the GitHub context "ci"; give one of them another context',
      'j.yaml:13:3: error: periodic "p" is defined twice (also at j.yaml:10); periodic names must be unique',
    ]);
  });

  it('rejects one label pair selecting two presets', () => {
    const r = build(source('j.yaml', ['presets:', '- labels: {preset-a: "true"}', '- labels: {preset-a: "true"}']));
    expect(messages(r)).toEqual(['j.yaml:3:12: error: preset label "preset-a: true" is also used by the preset at j.yaml:2; each label pair may select only one preset']);
  });
});
