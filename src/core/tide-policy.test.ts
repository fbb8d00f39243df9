import type { PresubmitTrigger } from './job-select.js';
import {
  batchSizeLimitFor,
  blockingIssues,
  branchProtectionFor,
  contextPolicyFor,
  isOptionalContext,
  mergeCommitFor,
  mergeMethodFor,
  prioritizeExistingBatchesFor,
  priorityRank,
  unsuccessfulContexts,
} from './tide-policy.js';

const job = (name: string, over: Partial<PresubmitTrigger> = {}): PresubmitTrigger => ({ name, context: name, trigger: '', rerun_command: `/test ${name}`, ...over });

test('presubmits: always_run required, conditional and manual required-if-present, optional and skip_report optional, other branches ignored', () => {
  const p = contextPolicyFor({
    org: 'o',
    repo: 'r',
    branch: 'main',
    presubmits: [job('unit', { always_run: true }), job('docs', { run_if_changed: '^docs/' }), job('manual'), job('lint', { always_run: true, optional: true }), job('quiet', { always_run: true, skip_report: true }), job('rel', { always_run: true, branches: ['release'] })],
  });
  expect(p).toMatchObject({ required: ['unit'], requiredIfPresent: ['docs', 'manual'], optional: ['lint', 'quiet'], skipUnknown: false });
  expect(p.jobContexts).toEqual(['docs', 'lint', 'manual', 'unit']);
});

test('context_options merge global → org → repo → branch: lists add up, booleans override', () => {
  const tide = {
    context_options: {
      'required-contexts': ['global'],
      'skip-unknown-contexts': true,
      orgs: { o: { 'required-contexts': ['org'], repos: { r: { 'optional-contexts': ['noisy'], 'skip-unknown-contexts': false, branches: { main: { 'required-if-present-contexts': ['maybe'] } } } } } },
    },
  };
  const p = contextPolicyFor({ tide, org: 'o', repo: 'r', branch: 'main', presubmits: [] });
  expect(p).toMatchObject({ required: ['global', 'org'], requiredIfPresent: ['maybe'], optional: ['noisy'], skipUnknown: false });
  expect(contextPolicyFor({ tide, org: 'o', repo: 'r', branch: 'dev', presubmits: [] }).requiredIfPresent).toEqual([]);
  expect(contextPolicyFor({ tide, org: 'x', repo: 'r', branch: 'main', presubmits: [] })).toMatchObject({ required: ['global'], skipUnknown: true });
});

test("from-branch-protection reads Prow's branch-protection section (the seeds' shape)", () => {
  const branchProtection = { 'protect-tested-repos': true, orgs: { 'jenkins-x': { repos: { dummy: { required_status_checks: { contexts: ['serverless-jenkins'] } } } } } };
  const tide = { context_options: { 'from-branch-protection': true, 'skip-unknown-contexts': false } };
  const p = contextPolicyFor({ tide, branchProtection, org: 'jenkins-x', repo: 'dummy', branch: 'master', presubmits: [job('serverless-jenkins', { always_run: true })] });
  expect(p.required).toEqual(['serverless-jenkins']);
  // Without from-branch-protection the section is not read.
  expect(contextPolicyFor({ branchProtection, org: 'jenkins-x', repo: 'dummy', branch: 'master', presubmits: [] }).required).toEqual([]);
  // protect: false and excluded branches carry no required contexts.
  expect(branchProtectionFor({ orgs: { o: { protect: false, repos: { r: { required_status_checks: { contexts: ['x'] } } } } } }, 'o', 'r', 'main', true).protect).toBe(false);
  expect(branchProtectionFor({ orgs: { o: { repos: { r: { exclude: ['^release-'], required_status_checks: { contexts: ['x'] } } } } } }, 'o', 'r', 'release-1', true)).toEqual({ protect: false, contexts: [] });
  // require_manually_triggered_jobs makes manual jobs required.
  const manual = contextPolicyFor({ tide, branchProtection: { orgs: { o: { protect: true, require_manually_triggered_jobs: true } } }, org: 'o', repo: 'r', branch: 'main', presubmits: [job('manual')] });
  expect(manual.required).toEqual(['manual']);
});

test('IsOptional: optional and regexps first, required never, unknown by skip-unknown-contexts', () => {
  const base = { required: ['a'], requiredIfPresent: ['b'], optional: ['c'], optionalRegex: ['^tide-.*', '^a$'], skipUnknown: false, jobContexts: [] };
  expect(isOptionalContext(base, 'c')).toBe(true);
  expect(isOptionalContext(base, 'tide-x')).toBe(true);
  expect(isOptionalContext(base, 'a')).toBe(true); // a regexp wins, as in Prow
  expect(isOptionalContext(base, 'b')).toBe(false);
  expect(isOptionalContext(base, 'unknown')).toBe(false);
  expect(isOptionalContext({ ...base, skipUnknown: true }, 'unknown')).toBe(true);
  expect(unsuccessfulContexts({ ...base, optionalRegex: [] }, { b: { state: 'failure', description: '' }, c: { state: 'error', description: '' }, z: { state: 'pending', description: '' } })).toEqual({ missing: ['a'], failing: ['b'], pending: ['z'] });
});

test('merge_method: org, org/repo, repo map, branch regexps, org/repo@branch; labels override; two labels conflict', () => {
  expect(mergeMethodFor(undefined, 'o', 'r', 'main', [])).toEqual({ method: 'merge' });
  expect(mergeMethodFor({ merge_method: { o: 'rebase' } }, 'o', 'r', 'main', [])).toEqual({ method: 'rebase' });
  expect(mergeMethodFor({ merge_method: { o: 'rebase', 'o/r': 'squash' } }, 'o', 'r', 'main', [])).toEqual({ method: 'squash' });
  expect(mergeMethodFor({ merge_method: { o: { r: 'squash' } } }, 'o', 'r', 'main', [])).toEqual({ method: 'squash' });
  expect(mergeMethodFor({ merge_method: { o: { r: { '^release-': 'rebase', '^main$': 'squash' } } } }, 'o', 'r', 'release-1', [])).toEqual({ method: 'rebase' });
  // Branch patterns are tried in sorted order, as Prow does: ".*" sorts before "^release-".
  expect(mergeMethodFor({ merge_method: { o: { r: { '^release-': 'rebase', '.*': 'squash' } } } }, 'o', 'r', 'release-1', [])).toEqual({ method: 'squash' });
  expect(mergeMethodFor({ merge_method: { o: { r: { '^release-': 'rebase' } }, 'o/r': 'merge' } }, 'o', 'r', 'main', [])).toEqual({ method: 'merge' });
  expect(mergeMethodFor({ merge_method: { 'o/r@dev': 'squash', 'o/r': 'merge' } as never }, 'o', 'r', 'dev', [])).toEqual({ method: 'squash' });
  const labels = { squash_label: 'tide/merge-method-squash', rebase_label: 'tide/merge-method-rebase' };
  expect(mergeMethodFor(labels, 'o', 'r', 'main', ['tide/merge-method-squash'])).toEqual({ method: 'squash' });
  expect(mergeMethodFor(labels, 'o', 'r', 'main', ['tide/merge-method-squash', 'tide/merge-method-rebase'])).toEqual({ problem: 'PR has conflicting merge method override labels' });
});

test('batch limits and existing batches: org/repo, org, "*"; Prow defaults', () => {
  expect(batchSizeLimitFor(undefined, 'o', 'r')).toBe(0);
  expect(batchSizeLimitFor({ batch_size_limit: { '*': 5, o: 3, 'o/r': -1 } }, 'o', 'r')).toBe(-1);
  expect(batchSizeLimitFor({ batch_size_limit: { '*': 5, o: 3 } }, 'o', 'x')).toBe(3);
  expect(batchSizeLimitFor({ batch_size_limit: { '*': 5 } }, 'p', 'x')).toBe(5);
  expect(prioritizeExistingBatchesFor(undefined, 'o', 'r')).toBe(true);
  expect(prioritizeExistingBatchesFor({ prioritize_existing_batches: { o: false } }, 'o', 'r')).toBe(false);
});

test('priority: the first label set the PR fully has; alternatives; none last', () => {
  const priority = [{ labels: ['kind/critical', 'approved'] }, { labels: ['kind/bug,kind/regression'] }];
  expect(priorityRank(priority, ['approved', 'kind/critical'])).toBe(0);
  expect(priorityRank(priority, ['kind/critical'])).toBe(2);
  expect(priorityRank(priority, ['kind/regression'])).toBe(1);
  expect(priorityRank(undefined, ['x'])).toBe(0);
});

test('blocker issues: no branch token blocks all; branch:NAME and branch:"NAME" scope it', () => {
  const issues = [
    { number: 3, title: 'Freeze everything' },
    { number: 1, title: 'Release branch:release-1.0 is closed' },
    { number: 2, title: 'Block branch:"main" and branch:dev please' },
  ];
  expect(blockingIssues(issues, 'main')).toEqual([2, 3]);
  expect(blockingIssues(issues, 'release-1.0')).toEqual([1, 3]);
  expect(blockingIssues(issues, 'dev')).toEqual([2, 3]);
  expect(blockingIssues([{ number: 9, title: `${'branch:'.repeat(100_000)}x` }], 'x')).toEqual([]);
});

test('merge commit templates: plain fields filled; anything else left to GitHub; bounded', () => {
  const pr = { number: 7, title: 'Fix it', body: 'Body {{ .Title }} stays as written', headRef: 'fix', author: 'carol' };
  const tide = { merge_commit_template: { 'o/r': { title: '{{ .Title }} (#{{ .Number }})', body: '{{ .Body }}\n\nby {{ .Author.Login }}' } } };
  expect(mergeCommitFor(tide, 'o', 'r', pr)).toEqual({ title: 'Fix it (#7)', message: 'Body {{ .Title }} stays as written\n\nby carol' });
  expect(mergeCommitFor({ merge_commit_template: { o: { title: '{{if .Body}}x{{end}}' } } }, 'o', 'r', pr)).toEqual({});
  expect(mergeCommitFor({ merge_commit_template: { o: { title: '{{ .Secret }}' } } }, 'o', 'r', pr)).toEqual({});
  const huge = mergeCommitFor(tide, 'o', 'r', { ...pr, title: 'T'.repeat(10_000), body: 'B'.repeat(1_000_000) });
  expect(huge.title!.length).toBe(256);
  expect(huge.message!.length).toBe(65_536);
  expect(mergeCommitFor(undefined, 'o', 'r', pr)).toEqual({});
});
