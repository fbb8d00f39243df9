import type { TideQuery } from './tide-rules.js';
import {
  expectedStatus,
  MAX_STATUS_DESCRIPTION,
  queryCovers,
  queryMatches,
  requirementDiff,
  TIDE_CONTEXT,
  truncateDescription,
  type PoolPr,
  type StatusInput,
} from './tide-status.js';

// Expected texts are Prow's (pkg/tide/status_test.go), byte for byte.

function pr(over: Partial<PoolPr> = {}): PoolPr {
  return { number: 1, author: 'carol', title: 't', headSha: 'h'.repeat(40), headRef: 'x', baseRef: 'main', labels: [], draft: false, mergeable: true, state: 'open', contexts: {}, ...over };
}
const status = (p: PoolPr, queries: TideQuery[], extra: Partial<StatusInput> = {}) => expectedStatus({ pr: p, org: 'o', repo: 'r', queries, inPool: false, ...extra });

describe("Prow's TestExpectedStatus fixture", () => {
  // The two queries Prow's table test builds for every case.
  const neededLabelsWithAlt = ['need-1', 'need-2', 'need-a-very-super-duper-extra-not-short-at-all-label-name,need-3'];
  const neededLabels = ['need-1', 'need-2', 'need-a-very-super-duper-extra-not-short-at-all-label-name'];
  const forbiddenLabels = ['forbidden-1', 'forbidden-2'];

  interface Case {
    name: string;
    baseref?: string;
    allow?: string[];
    deny?: string[];
    sameBranchReqs?: boolean;
    labels?: string[];
    author?: string;
    firstAuthor?: string;
    secondAuthor?: string;
    milestone?: string;
    contexts?: Record<string, string>;
    inPool?: boolean;
    blocks?: number[];
    retesting?: string[];
    mergeConflicts?: boolean;
    mergeMethodProblem?: string;
    displayAll?: boolean;
    extraQueries?: TideQuery[];
    approved?: boolean;
    singleQuery?: boolean;
    state: string;
    desc: string;
  }
  const batman = { author: 'batman', firstAuthor: 'batman', secondAuthor: 'batman', milestone: 'v1.0' };
  const cases: Case[] = [
    { name: 'in pool', inPool: true, state: 'success', desc: 'In merge pool.' },
    { name: 'check truncation of label list', ...batman, state: 'pending', desc: 'Not mergeable. Needs need-1, need-2 labels.' },
    {
      name: 'check truncation of label list is not excessive',
      ...batman,
      labels: neededLabels.slice(0, 2),
      state: 'pending',
      desc: 'Not mergeable. Needs need-a-very-super-duper-extra-not-short-at-all-label-name or need-3 label.',
    },
    {
      name: 'check multiple /tide labels result in conflict message',
      labels: [...neededLabels, 'tide/merge-method-merge', 'tide/merge-method-squash'],
      mergeMethodProblem: 'PR has conflicting merge method override labels',
      state: 'error',
      desc: 'Not mergeable. PR has conflicting merge method override labels',
    },
    { name: 'has forbidden labels', ...batman, labels: [...neededLabels, ...forbiddenLabels], state: 'pending', desc: 'Not mergeable. Should not have forbidden-1, forbidden-2 labels.' },
    { name: 'has one forbidden label', ...batman, labels: [...neededLabels, 'forbidden-1'], state: 'pending', desc: 'Not mergeable. Should not have forbidden-1 label.' },
    { name: 'only mention one requirement class', ...batman, labels: [...neededLabels.slice(1), 'forbidden-1'], state: 'pending', desc: 'Not mergeable. Needs need-1 label.' },
    {
      name: 'mention all possible queries when opted in',
      ...batman,
      labels: [...neededLabels.slice(1), 'forbidden-1'],
      displayAll: true,
      state: 'pending',
      desc: 'Not mergeable. Needs need-1 label OR Needs 1, 2, 3, 4, 5, 6, 7 labels.',
    },
    {
      name: 'displayAllTideQueries but only one query',
      ...batman,
      labels: [...neededLabels.slice(1), 'forbidden-1'],
      displayAll: true,
      singleQuery: true,
      state: 'pending',
      desc: 'Not mergeable. Needs need-1 label.',
    },
    {
      name: 'displayAllTideQueries when there is no matching query',
      ...batman,
      baseref: 'bad',
      deny: ['bad'],
      sameBranchReqs: true,
      labels: [...neededLabels.slice(1), 'forbidden-1'],
      displayAll: true,
      state: 'pending',
      desc: 'Not mergeable. No Tide query for branch bad found.',
    },
    {
      name: 'displayAllTideQueries shows only queries matching the branch',
      ...batman,
      baseref: 'main',
      deny: ['main'],
      sameBranchReqs: true,
      extraQueries: [{ orgs: [''], labels: ['good-to-go'] }],
      labels: [...neededLabels.slice(1), 'forbidden-1'],
      displayAll: true,
      state: 'pending',
      desc: 'Not mergeable. Needs good-to-go label.',
    },
    { name: 'against excluded branch', baseref: 'bad', deny: ['bad'], sameBranchReqs: true, labels: neededLabels, state: 'pending', desc: 'Not mergeable. Merging to branch bad is forbidden.' },
    { name: 'not against included branch', baseref: 'bad', allow: ['good'], sameBranchReqs: true, labels: neededLabels, state: 'pending', desc: 'Not mergeable. Merging to branch bad is forbidden.' },
    { name: 'choose query for correct branch', ...batman, baseref: 'bad', allow: ['good'], labels: neededLabels, state: 'pending', desc: 'Not mergeable. Needs 1, 2, 3, 4, 5, 6, 7 labels.' },
    { name: 'tides own context failed but is ignored', ...batman, labels: neededLabels, contexts: { [TIDE_CONTEXT]: 'error' }, state: 'success', desc: 'In merge pool.' },
    { name: 'single bad context', ...batman, labels: neededLabels, contexts: { 'job-name': 'error' }, state: 'pending', desc: 'Not mergeable. Job job-name has not succeeded.' },
    { name: 'mix of good and bad checkruns', ...batman, labels: neededLabels, contexts: { 'job-name': 'success', 'another-job': 'failure' }, state: 'pending', desc: 'Not mergeable. Job another-job has not succeeded.' },
    { name: 'mix of good status contexts and checkruns', ...batman, labels: neededLabels, contexts: { 'job-name': 'success', 'other-job-name': 'success' }, inPool: true, state: 'success', desc: 'In merge pool.' },
    {
      name: 'mix of bad status contexts and checkruns',
      ...batman,
      labels: neededLabels,
      contexts: { 'other-job-name': 'failure', 'job-name': 'failure' },
      state: 'pending',
      desc: 'Not mergeable. Jobs job-name, other-job-name have not succeeded.',
    },
    { name: 'wrong author', ...batman, author: 'robin', labels: neededLabels, contexts: { 'job-name': 'success' }, state: 'pending', desc: 'Not mergeable. Must be by author batman.' },
    {
      name: 'wrong author; use lowest diff',
      ...batman,
      author: 'robin',
      firstAuthor: 'penguin',
      labels: neededLabels,
      contexts: { 'job-name': 'success' },
      state: 'pending',
      desc: 'Not mergeable. Must be by author penguin.',
    },
    { name: 'wrong milestone', ...batman, milestone: 'v1.1', labels: neededLabels, contexts: { 'job-name': 'success' }, state: 'pending', desc: 'Not mergeable. Must be in milestone v1.0.' },
    { name: 'not in pool, but all requirements are met', ...batman, labels: neededLabels, state: 'success', desc: 'In merge pool.' },
    { name: 'check that min diff query is used', ...batman, labels: ['3', '4', '5', '6', '7'], state: 'pending', desc: 'Not mergeable. Needs 1, 2 labels.' },
    {
      name: 'check that blockers take precedence over other queries',
      ...batman,
      labels: ['3', '4', '5', '6', '7'],
      blocks: [1, 2],
      state: 'error',
      desc: 'Not mergeable. Merging is blocked by issues 1, 2.',
    },
    { name: 'missing passing up-to-date context', inPool: true, retesting: ['bar'], state: 'pending', desc: 'Not mergeable. Retesting: bar' },
    { name: 'missing passing up-to-date contexts with different ordering', inPool: true, retesting: ['baz', 'bar'], state: 'pending', desc: 'Not mergeable. Retesting: bar baz' },
    {
      name: 'long list of not up-to-date contexts results in shortened message',
      inPool: true,
      retesting: ['very-long-context'.repeat(8), 'also-long-content'.repeat(8)],
      state: 'pending',
      desc: 'Not mergeable. Retesting 2 jobs.',
    },
    { name: 'mergeconflicts', inPool: true, mergeConflicts: true, state: 'error', desc: 'Not mergeable. PR has a merge conflict.' },
    { name: 'Missing approving review', extraQueries: [{ orgs: [''], reviewApprovedRequired: true }], state: 'pending', desc: 'Not mergeable. PullRequest is missing sufficient approving GitHub review(s)' },
    { name: 'Required approving review is present', extraQueries: [{ orgs: [''], reviewApprovedRequired: true }], approved: true, state: 'success', desc: 'In merge pool.' },
  ];

  test.each(cases)('$name', (tc) => {
    const baseref = tc.baseref ?? '';
    const second: TideQuery = { orgs: [''], labels: ['1', '2', '3', '4', '5', '6', '7'], author: tc.secondAuthor ?? '', milestone: 'v1.0' };
    if (tc.sameBranchReqs) {
      second.excludedBranches = tc.deny;
      second.includedBranches = tc.allow;
    }
    const first: TideQuery = { orgs: [''], excludedBranches: tc.deny, includedBranches: tc.allow, labels: neededLabelsWithAlt, missingLabels: forbiddenLabels, author: tc.firstAuthor ?? '', milestone: 'v1.0' };
    const queries = [...(tc.singleQuery ? [first] : [first, second]), ...(tc.extraQueries ?? [])];
    const contexts = Object.fromEntries(Object.entries(tc.contexts ?? {}).map(([c, state]) => [c, { state, description: '' }]));
    // Prow's context checker with no required contexts: every non-success context but its own fails.
    const failing = Object.entries(contexts)
      .filter(([c, v]) => c !== TIDE_CONTEXT && v.state !== 'success')
      .map(([c]) => c);
    const p = pr({ baseRef: baseref, labels: tc.labels ?? [], author: tc.author ?? '', contexts, mergeable: tc.mergeConflicts ? false : null, reviewApproved: tc.approved });
    if (tc.milestone) p.milestone = tc.milestone;
    const got = expectedStatus({
      pr: p,
      org: '',
      repo: '',
      queries,
      inPool: tc.inPool ?? false,
      failingContexts: failing,
      retesting: tc.retesting,
      blockers: tc.blocks,
      mergeMethodProblem: tc.mergeMethodProblem,
      displayAllQueries: tc.displayAll,
    });
    expect(got).toEqual({ state: tc.state, description: tc.desc });
  });
});

describe("Prow's TestRequirementDiff", () => {
  test('weights and texts per requirement', () => {
    expect(requirementDiff(pr({ baseRef: 'release-1.0' }), { excludedBranches: ['release-1.0', 'release-2.0'] })).toEqual({ weight: 2000, description: ' Merging to branch release-1.0 is forbidden.' });
    expect(requirementDiff(pr({ baseRef: 'feature-branch' }), { includedBranches: ['main', 'develop'] })).toEqual({ weight: 2000, description: ' Merging to branch feature-branch is forbidden.' });
    expect(requirementDiff(pr({ baseRef: 'main' }), { includedBranches: ['main', 'develop'] })).toEqual({ weight: 0, description: '' });
    expect(requirementDiff(pr({ author: 'bob' }), { author: 'alice' })).toEqual({ weight: 1000, description: ' Must be by author alice.' });
    expect(requirementDiff(pr({ author: 'Alice' }), { author: '@alice' }).weight).toBe(0);
    expect(requirementDiff(pr({ author: 'bob' }), { author: 'Alice' }).description).toBe(' Must be by author alice.');
    expect(requirementDiff(pr({ milestone: 'v1.1' }), { milestone: 'v1.0' })).toEqual({ weight: 100, description: ' Must be in milestone v1.0.' });
    expect(requirementDiff(pr(), { milestone: 'v1.0' }).weight).toBe(100);
    expect(requirementDiff(pr({ labels: ['lgtm'] }), { labels: ['lgtm', 'approved'] })).toEqual({ weight: 1, description: ' Needs approved label.' });
    expect(requirementDiff(pr(), { labels: ['lgtm', 'approved'] })).toEqual({ weight: 2, description: ' Needs approved, lgtm labels.' });
    expect(requirementDiff(pr({ labels: ['lgtm', 'do-not-merge', 'hold'] }), { missingLabels: ['do-not-merge', 'hold'] })).toEqual({ weight: 2, description: ' Should not have do-not-merge, hold labels.' });
    expect(requirementDiff(pr({ labels: ['do-not-merge/hold'] }), { missingLabels: ['do-not-merge/hold'] }).description).toBe(' Should not have do-not-merge/hold label.');
    expect(requirementDiff(pr({ labels: ['approved'] }), { labels: ['lgtm,approved'] }).weight).toBe(0);
    expect(requirementDiff(pr(), { labels: ['lgtm,approved'] })).toEqual({ weight: 1, description: ' Needs lgtm or approved label.' });
    expect(requirementDiff(pr(), {}, { failingContexts: ['ci/test', 'ci/build'] })).toEqual({ weight: 2, description: ' Jobs ci/build, ci/test have not succeeded.' });
    expect(requirementDiff(pr(), { reviewApprovedRequired: true })).toEqual({ weight: 50, description: ' PullRequest is missing sufficient approving GitHub review(s)' });
    expect(requirementDiff(pr({ reviewApproved: true }), { reviewApprovedRequired: true }).weight).toBe(0);
  });

  test('GitHub BLOCKED counts 100 only under the block policy, after the review text', () => {
    expect(requirementDiff(pr(), {}, { githubBlocked: true, blocksPolicy: 'block' })).toEqual({ weight: 100, description: ' Blocked by GitHub (branch rulesets or protection)' });
    expect(requirementDiff(pr(), { reviewApprovedRequired: true }, { githubBlocked: true, blocksPolicy: 'block' })).toEqual({
      weight: 150,
      description: ' PullRequest is missing sufficient approving GitHub review(s)',
    });
    expect(requirementDiff(pr(), {}, { githubBlocked: true, blocksPolicy: 'permit' }).weight).toBe(0);
    expect(requirementDiff(pr(), {}, { githubBlocked: false, blocksPolicy: 'block' }).weight).toBe(0);
  });

  test('precedence: branch, author, milestone, labels, forbidden labels, contexts', () => {
    const all: TideQuery = { excludedBranches: ['release-1.0'], author: 'authorized-user', milestone: 'v1.0', labels: ['lgtm', 'approved'], missingLabels: ['do-not-merge'], reviewApprovedRequired: true };
    const bad = pr({ baseRef: 'release-1.0', author: 'unauthorized-user', milestone: 'v2.0', labels: ['do-not-merge'] });
    const extras = { failingContexts: ['ci/test', 'ci/lint', 'security-scan'], githubBlocked: true, blocksPolicy: 'block' as const };
    expect(requirementDiff(bad, all, extras)).toEqual({ weight: 3256, description: ' Merging to branch release-1.0 is forbidden.' });
    expect(requirementDiff({ ...bad, baseRef: 'main' }, all, extras)).toEqual({ weight: 1256, description: ' Must be by author authorized-user.' });
    expect(requirementDiff({ ...bad, baseRef: 'main', author: 'authorized-user' }, all, extras).description).toBe(' Must be in milestone v1.0.');
    expect(requirementDiff(pr(), { labels: ['lgtm'] }, { failingContexts: ['ci/test'] })).toEqual({ weight: 2, description: ' Needs lgtm label.' });
    expect(requirementDiff(pr({ labels: ['do-not-merge'] }), { missingLabels: ['do-not-merge'] }, { failingContexts: ['ci/test'] })).toEqual({ weight: 2, description: ' Should not have do-not-merge label.' });
  });

  test('a context listed twice weighs twice but is named once', () => {
    expect(requirementDiff(pr(), {}, { failingContexts: ['a', 'a'] })).toEqual({ weight: 2, description: ' Job a has not succeeded.' });
  });
});

describe('expectedStatus beyond the table', () => {
  test('GitHub BLOCKED: permit keeps the pool with a warning, block is an error, ignore is silent', () => {
    expect(status(pr(), [{}], { inPool: true, githubBlocked: true, blocksPolicy: 'permit' })).toEqual({ state: 'success', description: 'In merge pool (despite BLOCKED).' });
    expect(status(pr(), [{}], { inPool: true, githubBlocked: true, blocksPolicy: 'block' })).toEqual({
      state: 'error',
      description: 'Not mergeable. PR is blocked from merging by GitHub (check branch protection, required reviews, or rulesets)',
    });
    expect(status(pr(), [{}], { inPool: true, githubBlocked: true, blocksPolicy: 'ignore' })).toEqual({ state: 'success', description: 'In merge pool.' });
    expect(status(pr(), [{}], { inPool: true, githubBlocked: false, blocksPolicy: 'permit' }).description).toBe('In merge pool.');
  });

  test('errors come before the pool and the diff; a conflict before a merge-method problem', () => {
    expect(status(pr({ mergeable: false }), [{ labels: ['lgtm'] }], { mergeMethodProblem: "PR can't be rebased" }).description).toBe('Not mergeable. PR has a merge conflict.');
    expect(status(pr(), [{ labels: ['lgtm'] }], { mergeMethodProblem: "PR can't be rebased" })).toEqual({ state: 'error', description: "Not mergeable. PR can't be rebased" });
    expect(status(pr({ mergeable: null }), [{}], { inPool: true }).state).toBe('success');
    expect(status(pr(), [{ labels: ['lgtm'] }], { blockers: [123] })).toEqual({ state: 'error', description: 'Not mergeable. Merging is blocked by issue 123.' });
  });

  test('like Prow, blocker issues are named only on PRs outside the pool', () => {
    expect(status(pr(), [{}], { inPool: true, blockers: [7] })).toEqual({ state: 'success', description: 'In merge pool.' });
  });

  test('retesting: one job, the count when too long (singular too), and 140 is still allowed', () => {
    expect(status(pr(), [{}], { inPool: true, retesting: ['job-a'] })).toEqual({ state: 'pending', description: 'Not mergeable. Retesting: job-a' });
    expect(status(pr(), [{}], { inPool: true, retesting: ['x'.repeat(200)] }).description).toBe('Not mergeable. Retesting 1 job.');
    const exact = 'y'.repeat(140 - 'Not mergeable. Retesting: '.length);
    expect(status(pr(), [{}], { inPool: true, retesting: [exact] }).description).toBe(`Not mergeable. Retesting: ${exact}`);
    expect(status(pr(), [{}], { inPool: true, retesting: [`${exact}z`] }).description).toBe('Not mergeable. Retesting 1 job.');
  });

  test('no queries at all says only "Not mergeable."', () => {
    expect(status(pr(), [])).toEqual({ state: 'pending', description: 'Not mergeable.' });
  });

  test('display-all drops a trailing period before each OR, even after the no-period review text', () => {
    const got = status(pr(), [{ reviewApprovedRequired: true }, { labels: ['lgtm'] }], { displayAllQueries: true });
    expect(got.description).toBe('Not mergeable. PullRequest is missing sufficient approving GitHub review(s) OR Needs lgtm label.');
  });

  test('drafts are not excluded: Prow\u2019s search has no -is:draft', () => {
    expect(queryMatches({ repos: ['o/r'] }, pr({ draft: true }), 'o', 'r')).toBe(true);
    expect(status(pr({ draft: true }), [{}], { inPool: true }).description).toBe('In merge pool.');
  });
});

describe('queryMatches / queryCovers', () => {
  test('repo coverage follows Prow\u2019s ForRepo', () => {
    expect(queryCovers({ orgs: ['o'] }, 'o', 'r')).toBe(true);
    expect(queryCovers({ orgs: ['o'], excludedRepos: ['o/r'] }, 'o', 'r')).toBe(false);
    expect(queryCovers({ orgs: ['o'], excludedRepos: ['o/x'] }, 'o', 'r')).toBe(true);
    expect(queryCovers({ repos: ['o/r'] }, 'o', 'r')).toBe(true);
    expect(queryCovers({ repos: ['o/r'] }, 'o', 'other')).toBe(false);
    expect(queryCovers({}, 'o', 'r')).toBe(false);
  });

  test('every rule must hold', () => {
    const q: TideQuery = { repos: ['o/r'], labels: ['lgtm', 'approved,ok'], missingLabels: ['hold'], author: 'Carol', milestone: 'v1', includedBranches: ['main'], reviewApprovedRequired: true };
    const good = pr({ labels: ['lgtm', 'ok'], milestone: 'v1', reviewApproved: true });
    expect(queryMatches(q, good, 'o', 'r')).toBe(true);
    expect(queryMatches(q, good, 'o', 'other')).toBe(false);
    expect(queryMatches(q, { ...good, labels: ['lgtm', 'ok', 'hold'] }, 'o', 'r')).toBe(false);
    expect(queryMatches(q, { ...good, labels: ['lgtm'] }, 'o', 'r')).toBe(false);
    expect(queryMatches(q, { ...good, author: 'dave' }, 'o', 'r')).toBe(false);
    expect(queryMatches(q, { ...good, milestone: undefined }, 'o', 'r')).toBe(false);
    expect(queryMatches(q, { ...good, baseRef: 'dev' }, 'o', 'r')).toBe(false);
    expect(queryMatches(q, { ...good, reviewApproved: undefined }, 'o', 'r')).toBe(false);
    expect(queryMatches({ ...q, excludedBranches: ['main'] }, good, 'o', 'r')).toBe(false);
  });
});

describe('truncation and hostile input', () => {
  test('truncateDescription keeps 140 and cuts 141 to 137 + "..."', () => {
    expect(MAX_STATUS_DESCRIPTION).toBe(140);
    expect(truncateDescription('y'.repeat(140))).toBe('y'.repeat(140));
    expect(truncateDescription('y'.repeat(141))).toBe(`${'y'.repeat(137)}...`);
    expect(truncateDescription('')).toBe('');
  });

  test('truncation never splits a surrogate pair', () => {
    const s = `${'a'.repeat(136)}\u{1F600}${'b'.repeat(10)}`;
    const t = truncateDescription(s);
    expect(t).toBe(`${'a'.repeat(136)}...`);
    expect(t.length).toBeLessThanOrEqual(140);
  });

  test('label lists are cut near 50 characters, keeping at least one', () => {
    const labels = ['aaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbb', 'cccccccccccccccccccc'];
    expect(status(pr(), [{ labels }]).description).toBe('Not mergeable. Needs aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbb labels.');
    // A short label that sorts first shows alone rather than pulling a long one in.
    const huge = 'z'.repeat(300);
    expect(status(pr(), [{ labels: [huge, 'a'] }]).description).toBe('Not mergeable. Needs a label.');
    // A long one that sorts first is still shown, and the status is then cut to 140.
    const got = status(pr(), [{ labels: ['b', `a${huge}`] }]).description;
    expect(got).toBe(`Not mergeable. Needs a${'z'.repeat(137 - 'Not mergeable. Needs a'.length)}...`);
    expect(got.length).toBe(140);
    // Many short ones: the list stops near 50 characters (Prow's arithmetic), sorted.
    const many = Array.from({ length: 40 }, (_, i) => String.fromCharCode(65 + (39 - i)));
    expect(status(pr(), [{ labels: many }]).description).toBe(`Not mergeable. Needs ${many.slice().sort().slice(0, 18).join(', ')} labels.`);
    // The degenerate bound: empty names cost only their ", ", so 27 of them fit.
    expect(status(pr(), [{ labels: Array.from({ length: 40 }, () => '') }]).description).toBe(`Not mergeable. Needs ${Array.from({ length: 27 }, () => '').join(', ')} labels.`);
  });

  test('10,000 long labels, forbidden and missing, stay within 140 characters', () => {
    const labels = Array.from({ length: 10_000 }, (_, i) => `${'x'.repeat(500)}-${i}`);
    const commas = Array.from({ length: 10_000 }, (_, i) => `${','.repeat(200)}${i}`);
    const forbidden = status(pr({ labels }), [{ missingLabels: labels }]);
    const missing = status(pr(), [{ labels: [...labels, ...commas] }, { labels: labels.slice(0, 1999) }], { displayAllQueries: true });
    const jobs = status(pr(), [{}], { failingContexts: labels });
    const retest = status(pr(), [{}], { inPool: true, retesting: labels });
    expect(forbidden.description.length).toBeLessThanOrEqual(140);
    expect(forbidden.description.startsWith(`Not mergeable. Should not have ${'x'.repeat(100)}`)).toBe(true);
    expect(forbidden.description.endsWith('...')).toBe(true);
    expect(missing.description.length).toBeLessThanOrEqual(140);
    expect(missing.description.startsWith(`Not mergeable. Needs ${'x'.repeat(100)}`)).toBe(true);
    expect(jobs.description.length).toBeLessThanOrEqual(140);
    expect(jobs.description.startsWith('Not mergeable. Job')).toBe(true);
    expect(retest.description).toBe('Not mergeable. Retesting 10000 jobs.');
    expect(requirementDiff(pr({ labels }), { missingLabels: labels }).weight).toBe(10_000);
  });
});
