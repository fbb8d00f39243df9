import { buildState } from './seed.js';
import { matches, parseQuery, searchIssues, tokenize } from './search.js';
import { Store } from './store.js';

// GitHub's search syntax, as the merge pool and lifecycle jobs use it.

const store = new Store(
  buildState({
    clock: '2024-05-01T12:00:00Z',
    users: ['a', 'b'],
    repos: [
      {
        name: 'a/one',
        collaborators: ['b'],
        pulls: [
          { number: 1, title: 'Ready', user: 'a', labels: ['lgtm', 'approved'], statuses: [{ context: 'ci', state: 'success' }], created_at: '2024-01-01T00:00:00Z' },
          { number: 2, title: 'Held', user: 'b', labels: ['lgtm', 'approved', 'do-not-merge/hold'], created_at: '2024-02-01T00:00:00Z' },
          { number: 3, title: 'Other base', user: 'a', labels: ['lgtm'], base: 'release', reviews: [{ user: 'b', state: 'APPROVED' }] },
          { number: 4, title: 'Closed', user: 'a', state: 'closed', labels: ['lgtm'] },
        ],
        branches: { release: 'ae1ea5e000000000000000000000000000000000' },
        issues: [{ number: 5, title: 'Crash on start', body: 'widgets crash', user: 'b', labels: ['kind/bug'] }],
      },
      { name: 'a/two', pulls: [{ number: 1, title: 'Elsewhere', user: 'a', labels: ['lgtm'] }] },
    ],
  }).state,
);

function numbers(q: string): string[] {
  return searchIssues(store.state.repos, parseQuery(q)).map(({ repo, issue }) => `${repo.name}#${issue.number}`);
}

describe('search', () => {
  it('splits quoted values and negations', () => {
    expect(tokenize('is:pr -label:"do-not-merge/hold" label:lgtm "two words"')).toEqual(['is:pr', '-label:"do-not-merge/hold"', 'label:lgtm', '"two words"']);
    expect(parseQuery('-label:"a b" sort:updated-asc').terms).toEqual([{ negated: true, key: 'label', value: 'a b' }]);
  });

  it.each([
    ['is:pr state:open repo:a/one label:lgtm label:approved -label:do-not-merge/hold', ['one#1']],
    ['is:pr is:open repo:a/one label:lgtm base:main', ['one#2', 'one#1']],
    ['is:pr is:open repo:a/one base:release review:approved', ['one#3']],
    ['is:pr is:open org:a label:lgtm', ['two#1', 'one#3', 'one#2', 'one#1']],
    ['is:pr repo:a/one repo:a/two is:closed', ['one#4']],
    ['is:pr repo:a/one status:success', ['one#1']],
    ['is:issue repo:a/one crash', ['one#5']],
    ['repo:a/one no:label', []],
    ['repo:a/one author:b', ['one#5', 'one#2']],
    ['repo:a/one is:pr created:<2024-01-15', ['one#1']],
    ['repo:a/one label:kind/bug,approved is:open', ['one#5', 'one#2', 'one#1']],
  ])('%s', (q, want) => {
    expect(numbers(q)).toEqual(want);
  });

  it('sorts by the sort qualifier', () => {
    expect(numbers('is:pr is:open repo:a/one label:lgtm sort:created-asc')).toEqual(['one#1', 'one#2', 'one#3']);
  });

  it('matches one issue against a query', () => {
    const repo = store.state.repos[0];
    const issue = repo?.issues[0];
    if (!repo || !issue) throw new Error('no issue');
    expect(matches(repo, issue, parseQuery('is:pr label:approved'))).toBe(true);
    expect(matches(repo, issue, parseQuery('is:pr -label:approved'))).toBe(false);
  });
});
