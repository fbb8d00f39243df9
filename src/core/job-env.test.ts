import type { JobType, Refs } from './job.js';
import { descriptionWithBaseSha, githubStateOf, jobEnv, jobSpecJson, pullRefs, runNameFor } from './job-env.js';

// Expectations follow prow.md 4.3/4.4/4.8 and Prow's downwardapi/config code, not the code under test.

const PR_REFS: Refs = {
  org: 'org-name',
  repo: 'repo-name',
  base_ref: 'base-ref',
  base_sha: 'base-sha',
  pulls: [{ number: 1, author: 'author-name', sha: 'pull-sha', title: 'pull-title', head_ref: 'pull-branch' }],
};
const BASE_REFS: Refs = { org: 'org-name', repo: 'repo-name', base_ref: 'base-ref', base_sha: 'base-sha' };
const BATCH_REFS: Refs = {
  ...BASE_REFS,
  pulls: [
    { number: 1, author: 'a', sha: 's1', title: 't1', head_ref: 'h1' },
    { number: 2, author: 'b', sha: 's2', title: 't2', head_ref: 'h2' },
  ],
};
const spec = (type: JobType, refs?: Refs) => ({ type, job: 'job-name', buildId: '0', prowJobId: 'uuid', ...(refs ? { refs } : {}) });

const COMMON = ['ARTIFACTS', 'BUILD_ID', 'CI', 'JOB_NAME', 'JOB_SPEC', 'JOB_TYPE', 'PROW_JOB_ID'];
const REPO = ['PULL_BASE_REF', 'PULL_BASE_SHA', 'PULL_REFS', 'REPO_NAME', 'REPO_OWNER'];
const PULL = ['PULL_HEAD_REF', 'PULL_NUMBER', 'PULL_PULL_SHA', 'PULL_TITLE'];

describe('jobEnv: the variables per job type (prow.md 4.4)', () => {
  it.each<{ type: JobType; refs?: Refs; has: string[]; lacks: string[] }>([
    { type: 'periodic', has: COMMON, lacks: [...REPO, ...PULL] },
    { type: 'periodic', refs: BASE_REFS, has: COMMON, lacks: [...REPO, ...PULL] },
    { type: 'postsubmit', refs: BASE_REFS, has: [...COMMON, ...REPO], lacks: PULL },
    { type: 'batch', refs: BATCH_REFS, has: [...COMMON, ...REPO], lacks: PULL },
    { type: 'presubmit', refs: PR_REFS, has: [...COMMON, ...REPO, ...PULL], lacks: [] },
  ])('$type', ({ type, refs, has, lacks }) => {
    const env = jobEnv(spec(type, refs));
    for (const k of has) expect(env).toHaveProperty([k]);
    for (const k of lacks) expect(env).not.toHaveProperty([k]);
  });

  it('presubmit values', () => {
    expect(jobEnv({ ...spec('presubmit', PR_REFS), buildId: '12345', prowJobId: '1ce07fa2' })).toMatchObject({
      CI: 'true',
      ARTIFACTS: '/logs/artifacts',
      JOB_NAME: 'job-name',
      JOB_TYPE: 'presubmit',
      BUILD_ID: '12345',
      PROW_JOB_ID: '1ce07fa2',
      REPO_OWNER: 'org-name',
      REPO_NAME: 'repo-name',
      PULL_BASE_REF: 'base-ref',
      PULL_BASE_SHA: 'base-sha',
      PULL_REFS: 'base-ref:base-sha,1:pull-sha',
      PULL_NUMBER: '1',
      PULL_PULL_SHA: 'pull-sha',
      PULL_HEAD_REF: 'pull-branch',
      PULL_TITLE: 'pull-title',
    });
  });

  it('batch PULL_REFS lists every pull', () => {
    expect(jobEnv(spec('batch', BATCH_REFS)).PULL_REFS).toBe('base-ref:base-sha,1:s1,2:s2');
  });

  it('an explicit artifacts directory', () => {
    expect(jobEnv({ ...spec('periodic'), artifacts: '/tmp/a' }).ARTIFACTS).toBe('/tmp/a');
  });
});

describe('JOB_SPEC (prow.md 4.4 examples, byte for byte)', () => {
  it.each<{ type: JobType; refs?: Refs; want: string }>([
    {
      type: 'presubmit',
      refs: PR_REFS,
      want: '{"type":"presubmit","job":"job-name","buildid":"0","prowjobid":"uuid","refs":{"org":"org-name","repo":"repo-name","base_ref":"base-ref","base_sha":"base-sha","pulls":[{"number":1,"author":"author-name","sha":"pull-sha","title":"pull-title","head_ref":"pull-branch"}]}}',
    },
    { type: 'periodic', want: '{"type":"periodic","job":"job-name","buildid":"0","prowjobid":"uuid","refs":{}}' },
    {
      type: 'postsubmit',
      refs: BASE_REFS,
      want: '{"type":"postsubmit","job":"job-name","buildid":"0","prowjobid":"uuid","refs":{"org":"org-name","repo":"repo-name","base_ref":"base-ref","base_sha":"base-sha"}}',
    },
  ])('$type', ({ type, refs, want }) => {
    expect(jobSpecJson(spec(type, refs))).toBe(want);
    expect(jobEnv(spec(type, refs)).JOB_SPEC).toBe(want);
  });

  it('batch carries several pulls', () => {
    const got = JSON.parse(jobSpecJson(spec('batch', BATCH_REFS))) as { refs: { pulls: Array<{ number: number }> } };
    expect(got.refs.pulls.map((p) => p.number)).toEqual([1, 2]);
  });

  it('omits empty title and head_ref as Go omitempty does', () => {
    const refs: Refs = { ...BASE_REFS, pulls: [{ number: 3, author: 'x', sha: 's', title: '', head_ref: '' }] };
    expect(jobSpecJson(spec('presubmit', refs))).toContain('"pulls":[{"number":3,"author":"x","sha":"s"}]');
  });
});

describe('PULL_REFS (Prow Refs.String)', () => {
  it.each<{ name: string; refs: Refs; want: string }>([
    { name: 'base only', refs: BASE_REFS, want: 'base-ref:base-sha' },
    { name: 'one pull', refs: PR_REFS, want: 'base-ref:base-sha,1:pull-sha' },
    { name: 'batch', refs: BATCH_REFS, want: 'base-ref:base-sha,1:s1,2:s2' },
    { name: 'no base sha: the ref alone', refs: { ...BASE_REFS, base_sha: '' }, want: 'base-ref' },
  ])('$name', ({ refs, want }) => {
    expect(pullRefs(refs)).toBe(want);
  });
});

describe('descriptionWithBaseSha (Prow ContextDescriptionWithBaseSha)', () => {
  const SHA = '0123456789abcdef0123456789abcdef01234567';
  const bytes = (s: string) => new TextEncoder().encode(s).length;
  const PAD = '\u2001';

  it('a short text: padded (Prow pads while i < 140 - len, re-measuring), suffix last', () => {
    // "Job succeeded." (14) + " BaseSHA:<40>" (49) = 63; each U+2001 is 3 bytes: pads for i = 0..19.
    const got = descriptionWithBaseSha('Job succeeded.', SHA);
    expect(got).toBe(`Job succeeded.${PAD.repeat(20)} BaseSHA:${SHA}`);
    expect(bytes(got)).toBe(123);
  });

  it('a long text is cut in the middle with " ... " to fit 140 bytes with the suffix', () => {
    const got = descriptionWithBaseSha('a'.repeat(100) + 'b'.repeat(100), SHA);
    expect(got).toBe(`${'a'.repeat(43)} ... ${'b'.repeat(43)} BaseSHA:${SHA}`);
    expect(bytes(got)).toBe(140);
  });

  it.each([0, 1, 50, 91, 92, 139, 140, 141, 500])('%i bytes of text: at most 140 bytes, ends with the base SHA', (n) => {
    const got = descriptionWithBaseSha('x'.repeat(n), SHA);
    expect(bytes(got)).toBeLessThanOrEqual(140);
    expect(got.endsWith(` BaseSHA:${SHA}`)).toBe(true);
    expect(got.startsWith('x'.repeat(Math.min(n, 43)))).toBe(true);
  });

  it('no base SHA: the text alone, cut to 140', () => {
    expect(descriptionWithBaseSha('Job failed.', '')).toBe('Job failed.');
    const got = descriptionWithBaseSha('a'.repeat(100) + 'b'.repeat(100), '');
    expect(got).toBe(`${'a'.repeat(67)} ... ${'b'.repeat(67)}`);
  });

  it('multi-byte text stays within 140 characters and keeps the suffix', () => {
    const got = descriptionWithBaseSha('é'.repeat(100), SHA);
    expect([...got].length).toBeLessThanOrEqual(140);
    expect(got.endsWith(` BaseSHA:${SHA}`)).toBe(true);
    expect(got).toContain(' ... ');
  });
});

describe('runNameFor (a DNS-1123 label, ≤ 63, keeps the build id)', () => {
  const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  it.each<{ job: string; id: string; want?: string }>([
    { job: 'pull-test', id: '42', want: 'pull-test-42' },
    { job: 'pull-Foo_bar.baz', id: '42', want: 'pull-foo-bar-baz-42' },
    { job: 'a'.repeat(70), id: '1234', want: `${'a'.repeat(58)}-1234` },
    { job: `${'x'.repeat(57)}-yyyy`, id: '1234', want: `${'x'.repeat(57)}-1234` },
    { job: '___', id: '7', want: 'job-7' },
    { job: '-lead-and-trail-', id: '1', want: 'lead-and-trail-1' },
    { job: 'Pull.Kubernetes.E2E.GCE.Very.Long.Name.That.Goes.On.And.On.Forever', id: '1734567890123456789' },
  ])('$job / $id', ({ job, id, want }) => {
    const got = runNameFor(job, id);
    expect(got).toMatch(DNS1123);
    expect(got.length).toBeLessThanOrEqual(63);
    expect(got.endsWith(`-${id.toLowerCase()}`)).toBe(true);
    if (want) expect(got).toBe(want);
  });

  it('different build ids of one job give different names', () => {
    expect(runNameFor('a'.repeat(80), '1')).not.toBe(runNameFor('a'.repeat(80), '2'));
  });
});

describe('githubStateOf (crier)', () => {
  it.each([
    ['triggered', 'pending'],
    ['pending', 'pending'],
    ['success', 'success'],
    ['failure', 'failure'],
    ['aborted', 'failure'],
    ['error', 'error'],
  ])('%s → %s', (state, want) => {
    expect(githubStateOf(state)).toBe(want);
  });
});
