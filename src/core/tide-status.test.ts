import { expectedStatus, queryMatches, requirementDiff, truncateDescription, type PoolPr } from './tide-status.js';

// Texts and weights as in Prow's pkg/tide/status.go (and its status_test.go cases).

function pr(over: Partial<PoolPr> = {}): PoolPr {
  return { number: 1, author: 'carol', title: 't', headSha: 'h'.repeat(40), headRef: 'x', baseRef: 'main', labels: [], draft: false, mergeable: true, state: 'open', contexts: {}, ...over };
}
const status = (p: PoolPr, queries: Parameters<typeof expectedStatus>[0]['queries'], extra: Partial<Parameters<typeof expectedStatus>[0]> = {}) =>
  expectedStatus({ pr: p, org: 'o', repo: 'r', queries, inPool: false, ...extra });

test('missing labels: one, several (sorted), alternatives as "a or b"', () => {
  expect(status(pr(), [{ labels: ['approved'] }])).toEqual({ state: 'pending', description: 'Not mergeable. Needs approved label.' });
  expect(status(pr(), [{ labels: ['lgtm', 'approved'] }]).description).toBe('Not mergeable. Needs approved, lgtm labels.');
  expect(status(pr(), [{ labels: ['lgtm,looks-good'] }]).description).toBe('Not mergeable. Needs lgtm or looks-good label.');
  expect(status(pr({ labels: ['looks-good'] }), [{ labels: ['lgtm,looks-good'] }], { inPool: true }).description).toBe('In merge pool.');
});

test('label lists are cut near 50 characters as Prow cuts them', () => {
  const labels = ['aaaaaaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbbbbbb', 'cccccccccccccccccccc'];
  expect(status(pr(), [{ labels }]).description).toBe('Not mergeable. Needs aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbbbbbb labels.');
});

test('forbidden labels, author, milestone, branch, contexts and reviews', () => {
  expect(status(pr({ labels: ['do-not-merge/hold'] }), [{ missingLabels: ['do-not-merge/hold'] }]).description).toBe('Not mergeable. Should not have do-not-merge/hold label.');
  expect(status(pr({ labels: ['b', 'a'] }), [{ missingLabels: ['a', 'b'] }]).description).toBe('Not mergeable. Should not have a, b labels.');
  expect(status(pr(), [{ author: 'Bot' }]).description).toBe('Not mergeable. Must be by author bot.');
  expect(status(pr(), [{ milestone: 'v1.2' }]).description).toBe('Not mergeable. Must be in milestone v1.2.');
  expect(status(pr({ baseRef: 'dev' }), [{ excludedBranches: ['dev'] }]).description).toBe('Not mergeable. Merging to branch dev is forbidden.');
  expect(status(pr({ baseRef: 'dev' }), [{ includedBranches: ['main'] }]).description).toBe('Not mergeable. Merging to branch dev is forbidden.');
  expect(status(pr(), [{}], { failingContexts: ['pull-foo'] }).description).toBe('Not mergeable. Job pull-foo has not succeeded.');
  expect(status(pr(), [{}], { failingContexts: ['b', 'a'] }).description).toBe('Not mergeable. Jobs a, b have not succeeded.');
  expect(status(pr(), [{ reviewApprovedRequired: true }]).description).toBe('Not mergeable. PullRequest is missing sufficient approving GitHub review(s)');
});

test('the first unmet requirement in Prow\u2019s order, from the query with the smallest weighted diff', () => {
  // Branch outweighs everything; the label query is closer.
  const q1 = { includedBranches: ['release'] };
  const q2 = { labels: ['lgtm', 'approved'] };
  expect(requirementDiff(pr(), q1).weight).toBe(2000);
  expect(requirementDiff(pr(), q2).weight).toBe(2);
  expect(status(pr(), [q1, q2]).description).toBe('Not mergeable. Needs approved, lgtm labels.');
  // Within one query the author comes before labels.
  expect(status(pr(), [{ author: 'bot', labels: ['lgtm'] }]).description).toBe('Not mergeable. Must be by author bot.');
});

test('display_all_tide_queries_in_status joins each query\u2019s first reason with OR and skips wrong branches', () => {
  const s = status(pr(), [{ labels: ['lgtm'] }, { labels: ['approved'] }, { excludedBranches: ['main'] }], { displayAllQueries: true });
  expect(s.description).toBe('Not mergeable. Needs lgtm label OR Needs approved label.');
  expect(status(pr(), [{ excludedBranches: ['main'] }], { displayAllQueries: true }).description).toBe('Not mergeable. No Tide query for branch main found.');
});

test('errors: merge conflict, merge method labels, blocker issues', () => {
  expect(status(pr({ mergeable: false }), [{}])).toEqual({ state: 'error', description: 'Not mergeable. PR has a merge conflict.' });
  expect(status(pr(), [{}], { mergeMethodProblem: 'PR has conflicting merge method override labels' })).toEqual({ state: 'error', description: 'Not mergeable. PR has conflicting merge method override labels' });
  expect(status(pr(), [{}], { blockers: [123] })).toEqual({ state: 'error', description: 'Not mergeable. Merging is blocked by issue 123.' });
  expect(status(pr(), [{}], { blockers: [1, 2] }).description).toBe('Not mergeable. Merging is blocked by issues 1, 2.');
});

test('in the pool: success, or retesting with the jobs (or their count when too long)', () => {
  expect(status(pr(), [{}], { inPool: true })).toEqual({ state: 'success', description: 'In merge pool.' });
  expect(status(pr(), [{}], { inPool: true, retesting: ['job-b', 'job-a'] })).toEqual({ state: 'pending', description: 'Not mergeable. Retesting: job-a job-b' });
  const many = Array.from({ length: 20 }, (_, i) => `pull-kubernetes-e2e-${i}`);
  expect(status(pr(), [{}], { inPool: true, retesting: many }).description).toBe('Not mergeable. Retesting 20 jobs.');
});

test('queryMatches needs the repo covered and every label and branch rule met', () => {
  const q = { repos: ['o/r'], labels: ['lgtm'], missingLabels: ['hold'] };
  expect(queryMatches(q, pr({ labels: ['lgtm'] }), 'o', 'r')).toBe(true);
  expect(queryMatches(q, pr({ labels: ['lgtm'] }), 'o', 'other')).toBe(false);
  expect(queryMatches({ orgs: ['o'], excludedRepos: ['o/r'] }, pr(), 'o', 'r')).toBe(false);
  expect(queryMatches(q, pr({ labels: ['lgtm', 'hold'] }), 'o', 'r')).toBe(false);
});

test('hostile: 10,000 long labels stay within 140 characters', () => {
  const labels = Array.from({ length: 10_000 }, (_, i) => `${'x'.repeat(500)}-${i}`);
  const s = status(pr({ labels }), [{ missingLabels: labels }]);
  expect(s.description.length).toBeLessThanOrEqual(140);
  expect(s.description.endsWith('...')).toBe(true);
  expect(truncateDescription('y'.repeat(141))).toBe(`${'y'.repeat(137)}...`);
  expect(truncateDescription('y'.repeat(140))).toBe('y'.repeat(140));
});
