import { approvalFromMemory, queriesFor, whyNotMergeable, type WhyInput } from './why.js';

const pr = (over: Partial<WhyInput> = {}): WhyInput => ({
  state: 'open',
  author: 'alice',
  baseRef: 'main',
  labels: [],
  contexts: {},
  ...over,
});
const seedQuery = {
  repos: ['demo/hello'],
  labels: ['lgtm', 'approved'],
  missingLabels: ['do-not-merge/hold', 'do-not-merge/work-in-progress', 'needs-rebase'],
};

describe('whyNotMergeable', () => {
  it.each([
    { name: 'missing both labels', p: pr(), want: ['needs label lgtm', 'needs label approved'] },
    { name: 'held', p: pr({ labels: ['lgtm', 'approved', 'do-not-merge/hold'] }), want: ['must not have label do-not-merge/hold'] },
    { name: 'ready', p: pr({ labels: ['lgtm', 'approved'] }), want: [] },
    { name: 'merged', p: pr({ state: 'merged' }), want: [] },
    { name: 'closed', p: pr({ state: 'closed' }), want: ['the pull request is closed'] },
  ])('$name', ({ p, want }) => {
    expect(whyNotMergeable(p, { queries: [seedQuery], requiredContexts: [] })).toEqual(want);
  });

  it('names required contexts that failed or never reported, and failing optional ones', () => {
    const p = pr({
      labels: ['lgtm', 'approved'],
      contexts: { 'pull-unit': { state: 'failure', description: 'Job failed.' }, lint: { state: 'error', description: '' } },
    });
    expect(whyNotMergeable(p, { queries: [seedQuery], requiredContexts: ['pull-unit', 'pull-e2e'] })).toEqual([
      'context pull-unit is failure: Job failed.',
      'context pull-e2e has not reported yet',
      'context lint is error',
    ]);
  });

  it('picks the query closest to being met and reads "a,b" as either label', () => {
    const strict = { repos: ['demo/hello'], labels: ['lgtm', 'approved', 'tide/merge'] };
    const either = { repos: ['demo/hello'], labels: ['lgtm,approved'] };
    expect(whyNotMergeable(pr({ labels: [] }), { queries: [strict, either], requiredContexts: [] })).toEqual(['needs label lgtm or approved']);
  });

  it('says when no query covers the repository', () => {
    expect(whyNotMergeable(pr(), { queries: [], requiredContexts: [] })[0]).toMatch(/no Tide query/);
  });
});

test('queriesFor keeps queries naming the repo or its org, minus excluded repos', () => {
  const qs = [{ repos: ['demo/hello'] }, { orgs: ['demo'], excludedRepos: ['demo/hello'] }, { orgs: ['other'] }, { orgs: ['demo'] }];
  expect(queriesFor(qs, 'demo', 'hello')).toEqual([qs[0], qs[3]]);
});

test('approval still missing names the OWNERS files and whom to ask', () => {
  const p = pr({ labels: ['lgtm'], approval: approvalFromMemory({ 'approve.missing': '{"files":["","docs"],"ask":["alice","erin"]}' }) });
  expect(whyNotMergeable(p, { queries: [seedQuery], requiredContexts: [] })).toEqual([
    'needs label approved',
    'needs /approve from an approver in OWNERS, docs/OWNERS; ask alice, erin',
  ]);
  expect(approvalFromMemory({ 'approve.missing': 'not json' })).toBeUndefined();
});
