import type { PresubmitTrigger } from './job-select.js';
import {
  batchSizeLimitFor,
  blockingIssues,
  branchProtectionFor,
  branchRequirements,
  contextPolicyFor,
  isOptionalContext,
  mergeCommitFor,
  mergeMethodFor,
  prioritizeExistingBatchesFor,
  priorityRank,
  unsuccessfulContexts,
  type ContextPolicy,
} from './tide-policy.js';

const job = (name: string, over: Partial<PresubmitTrigger> = {}): PresubmitTrigger => ({ name, context: name, trigger: '', rerun_command: `/test ${name}`, ...over });
const at = (org: string, repo: string, branch: string) => ({ org, repo, branch });

describe('contextPolicyFor: presubmits (BranchRequirements)', () => {
  test('always_run required, conditional and manual required-if-present, optional and skip_report optional, other branches ignored', () => {
    const p = contextPolicyFor({
      ...at('o', 'r', 'main'),
      presubmits: [
        job('unit', { always_run: true }),
        job('docs', { run_if_changed: '^docs/' }),
        job('skipdocs', { skip_if_only_changed: '\\.md$' }),
        job('manual'),
        job('lint', { always_run: true, optional: true }),
        job('quiet', { always_run: true, skip_report: true }),
        job('rel', { always_run: true, branches: ['^release-'] }),
        job('notmain', { always_run: true, skip_branches: ['^main$'] }),
      ],
    });
    expect(p).toEqual({ required: ['unit'], requiredIfPresent: ['docs', 'manual', 'skipdocs'], optional: ['lint', 'quiet'], optionalRegex: [], skipUnknown: false, jobContexts: ['docs', 'lint', 'manual', 'skipdocs', 'unit'] });
    const rel = contextPolicyFor({ ...at('o', 'r', 'release-1.0'), presubmits: [job('rel', { always_run: true, branches: ['^release-'] }), job('notmain', { always_run: true, skip_branches: ['^main$'] })] });
    expect(rel.required).toEqual(['notmain', 'rel']);
  });

  test('require_manually_triggered_jobs makes manual jobs required, never conditional or optional ones', () => {
    const jobs = [job('manual'), job('cond', { run_if_changed: 'x' }), job('opt', { optional: true }), job('always', { always_run: true })];
    expect(branchRequirements('main', jobs, true)).toEqual({ required: ['manual', 'always'], requiredIfPresent: ['cond'], optional: ['opt'] });
    expect(branchRequirements('main', jobs, false)).toEqual({ required: ['always'], requiredIfPresent: ['manual', 'cond'], optional: ['opt'] });
  });
});

describe('contextPolicyFor: context_options', () => {
  const tide = {
    context_options: {
      'required-contexts': ['global'],
      'optional-regex-contexts': ['^ci/'],
      'skip-unknown-contexts': true,
      orgs: {
        o: {
          'required-contexts': ['org', 'global'],
          repos: { r: { 'optional-contexts': ['noisy'], 'skip-unknown-contexts': false, branches: { main: { 'required-if-present-contexts': ['maybe'], 'optional-regex-contexts': ['^gh/'] } } } },
        },
      },
    },
  };

  test('global → org → repo → branch: lists add up (deduplicated, sorted), a set boolean overrides', () => {
    expect(contextPolicyFor({ tide, ...at('o', 'r', 'main'), presubmits: [] })).toEqual({
      required: ['global', 'org'],
      requiredIfPresent: ['maybe'],
      optional: ['noisy'],
      optionalRegex: ['^ci/', '^gh/'],
      skipUnknown: false,
      jobContexts: [],
    });
  });

  test('a branch section only applies to its branch; an unset boolean inherits', () => {
    expect(contextPolicyFor({ tide, ...at('o', 'r', 'dev'), presubmits: [] })).toMatchObject({ requiredIfPresent: [], optionalRegex: ['^ci/'], skipUnknown: false });
    expect(contextPolicyFor({ tide, ...at('o', 'other', 'main'), presubmits: [] })).toMatchObject({ required: ['global', 'org'], optional: [], skipUnknown: true });
    expect(contextPolicyFor({ tide, ...at('x', 'r', 'main'), presubmits: [] })).toMatchObject({ required: ['global'], skipUnknown: true });
  });

  test('configured contexts and presubmit ones combine', () => {
    const p = contextPolicyFor({ tide, ...at('o', 'r', 'main'), presubmits: [job('unit', { always_run: true }), job('noisy', { always_run: true, optional: true })] });
    expect(p.required).toEqual(['global', 'org', 'unit']);
    expect(p.optional).toEqual(['noisy']);
  });
});

describe("from-branch-protection (Prow's own branch-protection config)", () => {
  const fbp = { context_options: { 'from-branch-protection': true } };

  test("the seeds' shape: protect-tested-repos with repo contexts", () => {
    const branchProtection = { 'protect-tested-repos': true, orgs: { 'jenkins-x': { repos: { dummy: { required_status_checks: { contexts: ['serverless-jenkins', 'external'] } } } } } };
    const p = contextPolicyFor({ tide: fbp, branchProtection, ...at('jenkins-x', 'dummy', 'master'), presubmits: [job('serverless-jenkins', { always_run: true })] });
    expect(p.required).toEqual(['external', 'serverless-jenkins']);
    // Without from-branch-protection the section is not read.
    expect(contextPolicyFor({ branchProtection, ...at('jenkins-x', 'dummy', 'master'), presubmits: [job('serverless-jenkins', { always_run: true })] }).required).toEqual(['serverless-jenkins']);
  });

  test('contexts add up global → org → repo → branch; protect is inherited and overridden', () => {
    const branchProtection = {
      protect: true,
      required_status_checks: { contexts: ['g'] },
      orgs: { o: { required_status_checks: { contexts: ['og'] }, repos: { r: { required_status_checks: { contexts: ['rp'] }, branches: { rel: { required_status_checks: { contexts: ['br'] } }, off: { protect: false } } } } } },
    };
    expect(branchProtectionFor(branchProtection, 'o', 'r', 'main', [])).toEqual({ protect: true, contexts: ['g', 'og', 'rp'] });
    expect(contextPolicyFor({ tide: fbp, branchProtection, ...at('o', 'r', 'rel'), presubmits: [] }).required).toEqual(['br', 'g', 'og', 'rp']);
    // protect: false on a branch: Prow (without allow_disabled_policies) rejects a disabled branch that still defines contexts.
    expect(branchProtectionFor(branchProtection, 'o', 'r', 'off', [])).toEqual({ error: 'o/r=off defines a policy, which requires protect: true' });
    expect(contextPolicyFor({ tide: fbp, branchProtection, ...at('o', 'r', 'off'), presubmits: [] }).required).toEqual([]);
    // With allow_disabled_policies it is simply unprotected: no contexts required.
    expect(branchProtectionFor({ ...branchProtection, allow_disabled_policies: true }, 'o', 'r', 'off', [])).toMatchObject({ protect: false });
    expect(contextPolicyFor({ tide: fbp, branchProtection: { ...branchProtection, allow_disabled_policies: true }, ...at('o', 'r', 'off'), presubmits: [] }).required).toEqual([]);
  });

  test('only orgs listed under orgs count, and contexts need protect', () => {
    const global = { protect: true, required_status_checks: { contexts: ['g'] } };
    expect(branchProtectionFor(global, 'o', 'r', 'main', [])).toBeUndefined();
    expect(contextPolicyFor({ tide: fbp, branchProtection: global, ...at('o', 'r', 'main'), presubmits: [] }).required).toEqual([]);
    // Contexts without protect: true (and no protect-tested-repos) are not required.
    const unprotected = { orgs: { o: { required_status_checks: { contexts: ['x'] } } } };
    expect(branchProtectionFor(unprotected, 'o', 'r', 'main', [])).toEqual({ protect: false, contexts: ['x'] });
    expect(contextPolicyFor({ tide: fbp, branchProtection: unprotected, ...at('o', 'r', 'main'), presubmits: [] }).required).toEqual([]);
  });

  test('a branch section must set protect or unmanaged; required jobs forbid protect: false', () => {
    expect(branchProtectionFor({ orgs: { o: { repos: { r: { branches: { main: { required_status_checks: { contexts: ['x'] } } } } } } } }, 'o', 'r', 'main', [])).toEqual({ error: 'defined branch policies must set protect or unmanaged=true' });
    const off = { orgs: { o: { protect: false } } };
    const jobs = [job('unit', { always_run: true })];
    expect(branchProtectionFor(off, 'o', 'r', 'main', jobs)).toEqual({ error: 'required prow jobs require branch protection' });
    expect(branchProtectionFor({ ...off, allow_disabled_job_policies: true }, 'o', 'r', 'main', jobs)).toBeUndefined();
    // Prow jobs still count as required in Tide, from BranchRequirements.
    expect(contextPolicyFor({ tide: fbp, branchProtection: off, ...at('o', 'r', 'main'), presubmits: jobs }).required).toEqual(['unit']);
  });

  test('exclude/include only steer the branchprotector: Tide still reads the contexts, as Prow does', () => {
    const bp = { orgs: { o: { protect: true, repos: { r: { exclude: ['^release-'], required_status_checks: { contexts: ['x'] } } } } } };
    expect(branchProtectionFor(bp, 'o', 'r', 'release-1', [])).toEqual({ protect: true, contexts: ['x'] });
  });

  test('require_manually_triggered_jobs (inherited) makes manual jobs required', () => {
    const branchProtection = { orgs: { o: { protect: true, require_manually_triggered_jobs: true } } };
    const p = contextPolicyFor({ tide: fbp, branchProtection, ...at('o', 'r', 'main'), presubmits: [job('manual'), job('cond', { run_if_changed: 'x' })] });
    expect(p.required).toEqual(['manual']);
    expect(p.requiredIfPresent).toEqual(['cond']);
    expect(branchProtectionFor(branchProtection, 'o', 'r', 'main', [job('manual')])).toEqual({ protect: true, contexts: ['manual'], requireManuallyTriggeredJobs: true });
  });

  test('protect-tested-repos protects a branch with required jobs; protect_repos_with_optional_jobs extends it', () => {
    const tested = { 'protect-tested-repos': true, orgs: { o: {} } };
    expect(branchProtectionFor(tested, 'o', 'r', 'main', [job('unit', { always_run: true })])).toEqual({ protect: true, contexts: ['unit'] });
    expect(branchProtectionFor(tested, 'o', 'r', 'main', [job('lint', { optional: true })])).toBeUndefined();
    expect(branchProtectionFor({ ...tested, protect_repos_with_optional_jobs: true }, 'o', 'r', 'main', [job('lint', { optional: true })])).toEqual({ protect: true, contexts: [] });
  });
});

describe('IsOptional and unsuccessful contexts', () => {
  const base: ContextPolicy = { required: ['a'], requiredIfPresent: ['b'], optional: ['c'], optionalRegex: ['^tide-.*', '^a$'], skipUnknown: false, jobContexts: [] };

  test('optional and regexps first, then required and required-if-present never, unknown by skip-unknown-contexts', () => {
    expect(isOptionalContext(base, 'c')).toBe(true);
    expect(isOptionalContext(base, 'tide-x')).toBe(true);
    expect(isOptionalContext(base, 'a')).toBe(true); // a regexp wins, as in Prow
    expect(isOptionalContext(base, 'b')).toBe(false);
    expect(isOptionalContext(base, 'unknown')).toBe(false);
    const skip = { ...base, skipUnknown: true };
    expect(isOptionalContext(skip, 'unknown')).toBe(true);
    expect(isOptionalContext(skip, 'b')).toBe(false);
    // Regexps are Go's and unanchored; a bad one matches nothing instead of throwing.
    expect(isOptionalContext({ ...base, optionalRegex: ['x(y'] }, 'x(y')).toBe(false);
    expect(isOptionalContext({ ...base, optionalRegex: ['ci'] }, 'my-ci-job')).toBe(true);
  });

  test('missing required, failing (any non-success state), pending; tide itself and optional ones skipped', () => {
    const p = { ...base, required: ['a', 'd'], optionalRegex: [] };
    const s = (state: string) => ({ state, description: '' });
    expect(unsuccessfulContexts(p, { b: s('failure'), c: s('error'), z: s('pending'), d: s('success'), tide: s('pending'), e: s('ERROR'), f: s('EXPECTED'), g: s('cancelled') })).toEqual({
      missing: ['a'],
      failing: ['b', 'e', 'g'],
      pending: ['f', 'z'],
    });
    expect(unsuccessfulContexts({ ...p, skipUnknown: true }, { z: s('failure'), a: s('success'), d: s('SUCCESS') })).toEqual({ missing: [], failing: [], pending: [] });
    // A required-if-present context is required only once it shows up.
    expect(unsuccessfulContexts(p, { a: s('success'), d: s('success') }).missing).toEqual([]);
  });
});

describe('merge method', () => {
  test("config lookup in Prow's order: org/repo@branch, branch regexps (sorted), org/repo, repo, org, merge", () => {
    expect(mergeMethodFor(undefined, 'o', 'r', 'main', [])).toEqual({ method: 'merge' });
    expect(mergeMethodFor({ merge_method: { o: 'rebase' } }, 'o', 'r', 'main', [])).toEqual({ method: 'rebase' });
    expect(mergeMethodFor({ merge_method: { o: 'rebase', 'o/r': 'squash' } }, 'o', 'r', 'main', [])).toEqual({ method: 'squash' });
    expect(mergeMethodFor({ merge_method: { o: { r: 'squash' } } }, 'o', 'r', 'main', [])).toEqual({ method: 'squash' });
    expect(mergeMethodFor({ merge_method: { o: { '*': 'rebase', x: 'squash' } } }, 'o', 'r', 'main', [])).toEqual({ method: 'rebase' });
    expect(mergeMethodFor({ merge_method: { o: { r: { '^release-': 'rebase', '^main$': 'squash' } } } }, 'o', 'r', 'release-1', [])).toEqual({ method: 'rebase' });
    expect(mergeMethodFor({ merge_method: { o: { r: { 'ma(ster|in)': 'rebase' } } } }, 'o', 'r', 'xmaster', [])).toEqual({ method: 'rebase' }); // unanchored
    // ".*" sorts before "^release-", so it is tried first.
    expect(mergeMethodFor({ merge_method: { o: { r: { '^release-': 'rebase', '.*': 'squash' } } } }, 'o', 'r', 'release-1', [])).toEqual({ method: 'squash' });
    // No branch regexp matches: org/repo shorthand next.
    expect(mergeMethodFor({ merge_method: { o: { r: { '^release-': 'rebase' } }, 'o/r': 'squash' } }, 'o', 'r', 'main', [])).toEqual({ method: 'squash' });
    // A branch regexp beats the org/repo shorthand; org/repo@branch beats both.
    expect(mergeMethodFor({ merge_method: { o: { r: { '^dev$': 'rebase' } }, 'o/r': 'squash' } }, 'o', 'r', 'dev', [])).toEqual({ method: 'rebase' });
    expect(mergeMethodFor({ merge_method: { 'o/r@dev': 'squash', o: { r: { '^dev$': 'rebase' } } } }, 'o', 'r', 'dev', [])).toEqual({ method: 'squash' });
    // A bad regexp is skipped, not thrown.
    expect(mergeMethodFor({ merge_method: { o: { r: { '(': 'rebase' } } } }, 'o', 'r', '(', [])).toEqual({ method: 'merge' });
  });

  test('override labels win; two different ones conflict', () => {
    const tide = { merge_method: { o: 'rebase' as const }, merge_label: 'tide/merge-method-merge', squash_label: 'tide/merge-method-squash', rebase_label: 'tide/merge-method-rebase' };
    expect(mergeMethodFor(tide, 'o', 'r', 'main', ['tide/merge-method-squash', 'lgtm'])).toEqual({ method: 'squash' });
    expect(mergeMethodFor(tide, 'o', 'r', 'main', ['tide/merge-method-merge'])).toEqual({ method: 'merge' });
    expect(mergeMethodFor(tide, 'o', 'r', 'main', ['lgtm'])).toEqual({ method: 'rebase' });
    expect(mergeMethodFor(tide, 'o', 'r', 'main', ['tide/merge-method-squash', 'tide/merge-method-rebase'])).toEqual({ problem: 'PR has conflicting merge method override labels' });
    // Labels are not read when not configured.
    expect(mergeMethodFor({}, 'o', 'r', 'main', ['tide/merge-method-squash'])).toEqual({ method: 'merge' });
  });
});

test('batch_size_limit and prioritize_existing_batches: org/repo, org, "*"; Prow defaults', () => {
  expect(batchSizeLimitFor(undefined, 'o', 'r')).toBe(0);
  expect(batchSizeLimitFor({ batch_size_limit: { '*': 5, o: 3, 'o/r': -1 } }, 'o', 'r')).toBe(-1);
  expect(batchSizeLimitFor({ batch_size_limit: { '*': 5, o: 3 } }, 'o', 'x')).toBe(3);
  expect(batchSizeLimitFor({ batch_size_limit: { '*': 5, 'o/r': 0 } }, 'p', 'x')).toBe(5);
  expect(batchSizeLimitFor({ batch_size_limit: { '*': 5, 'o/r': 0 } }, 'o', 'r')).toBe(0);
  expect(prioritizeExistingBatchesFor(undefined, 'o', 'r')).toBe(true);
  expect(prioritizeExistingBatchesFor({ prioritize_existing_batches: { o: false } }, 'o', 'r')).toBe(false);
  expect(prioritizeExistingBatchesFor({ prioritize_existing_batches: { o: false, 'o/r': true } }, 'o', 'r')).toBe(true);
  expect(prioritizeExistingBatchesFor({ prioritize_existing_batches: { '*': false } }, 'x', 'y')).toBe(false);
});

test('priority: the first label set the PR fully has; "a,b" alternatives; an empty set matches all; none last', () => {
  const priority = [{ labels: ['kind/critical', 'approved'] }, { labels: ['kind/bug,kind/regression'] }];
  expect(priorityRank(priority, ['approved', 'kind/critical'])).toBe(0);
  expect(priorityRank(priority, ['kind/critical', 'kind/bug'])).toBe(1);
  expect(priorityRank(priority, ['kind/regression'])).toBe(1);
  expect(priorityRank(priority, ['kind/critical'])).toBe(2);
  expect(priorityRank([{ labels: ['x'] }, {}], ['y'])).toBe(1);
  expect(priorityRank(undefined, ['x'])).toBe(0);
});

describe('blocker issues', () => {
  test('no branch token blocks every branch; branch:NAME and branch:"NAME" scope it; several tokens', () => {
    const issues = [
      { number: 3, title: 'Freeze everything' },
      { number: 1, title: 'Release branch:release-1.0 is closed' },
      { number: 2, title: 'Block BRANCH:"main" and branch:dev please' },
      { number: 4, title: 'branch:feature/x' },
    ];
    expect(blockingIssues(issues, 'main')).toEqual([2, 3]);
    expect(blockingIssues(issues, 'release-1.0')).toEqual([1, 3]);
    expect(blockingIssues(issues, 'dev')).toEqual([2, 3]);
    expect(blockingIssues(issues, 'feature/x')).toEqual([3, 4]);
    expect(blockingIssues(issues, 'release')).toEqual([3]);
  });

  test("Prow's token stops at a space: branch:\"release 1.0\" names branch release", () => {
    expect(blockingIssues([{ number: 5, title: 'branch:"release 1.0"' }], 'release')).toEqual([5]);
    expect(blockingIssues([{ number: 5, title: 'branch:"release 1.0"' }], 'release 1.0')).toEqual([]);
  });

  test('hostile titles stay linear', () => {
    expect(blockingIssues([{ number: 9, title: `${'branch:'.repeat(100_000)}x` }], 'x')).toEqual([]);
    expect(blockingIssues([{ number: 9, title: `${'branch:-'.repeat(50_000)}` }], 'main')).toEqual([]);
  });
});

describe('merge commit templates', () => {
  const pr = { number: 7, title: 'Fix it', body: 'Body {{ .Title }} stays as written', headRef: 'fix', author: 'carol' };
  const tide = { merge_commit_template: { 'o/r': { title: '{{ .Title }} (#{{.Number}})', body: '{{ .Body }}\n\nfrom {{ .HeadRefName }} by {{ .Author.Login }}' }, o: { title: 'org-wide' } } };

  test('plain fields filled; field values are not re-expanded; org/repo before org', () => {
    expect(mergeCommitFor(tide, 'o', 'r', pr)).toEqual({ title: 'Fix it (#7)', message: 'Body {{ .Title }} stays as written\n\nfrom fix by carol' });
    expect(mergeCommitFor(tide, 'o', 'other', pr)).toEqual({ title: 'org-wide' });
    expect(mergeCommitFor(tide, 'p', 'r', pr)).toEqual({});
    expect(mergeCommitFor(undefined, 'o', 'r', pr)).toEqual({});
  });

  test('Go trim markers trim the adjacent text', () => {
    expect(mergeCommitFor({ merge_commit_template: { o: { title: 'PR  \n{{- .Number -}}  \n done', body: 'a {{-.Title}}' } } }, 'o', 'r', pr)).toEqual({ title: 'PR7done' });
  });

  test('anything beyond plain fields, or an empty template, is left to GitHub', () => {
    for (const title of ['{{if .Body}}x{{end}}', '{{ .Secret }}', '{{ .Title | printf "%q" }}', 'open {{ .Title', '{{/* c */}}', '{{ {{ .Title }}', '']) {
      expect(mergeCommitFor({ merge_commit_template: { o: { title, body: 'ok {{.Number}}' } } }, 'o', 'r', pr)).toEqual({ message: 'ok 7' });
    }
  });

  test('bounded and linear with hostile input', () => {
    const huge = mergeCommitFor(tide, 'o', 'r', { ...pr, title: 'T'.repeat(10_000), body: 'B'.repeat(1_000_000) });
    expect(huge.title).toBe('T'.repeat(256));
    expect(huge.message).toBe('B'.repeat(65_536));
    // A template repeating the 1 MB body thousands of times costs no more than the cap.
    const repeat = mergeCommitFor({ merge_commit_template: { o: { body: '{{.Body}}'.repeat(7000) } } }, 'o', 'r', { ...pr, body: 'B'.repeat(1_000_000) });
    expect(repeat.message!.length).toBe(65_536);
    // `{{` garbage: unclosed actions, and a template over the cap, render nothing.
    expect(mergeCommitFor({ merge_commit_template: { o: { title: '{{'.repeat(30_000), body: `${'{{ .Title }}'.repeat(6000)}` } } }, 'o', 'r', pr)).toEqual({});
  });

  test('a cut never splits a surrogate pair', () => {
    const t = mergeCommitFor({ merge_commit_template: { o: { title: `${'x'.repeat(255)}{{.Title}}` } } }, 'o', 'r', { ...pr, title: '😀' });
    expect(t.title).toBe('x'.repeat(255));
  });
});
