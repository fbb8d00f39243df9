import { branchesIntersect, shouldRunOnBranch } from './brancher.js';

describe('branch filters (Prow Brancher)', () => {
  it.each([
    { filter: {}, branch: 'main', want: true },
    { filter: { branches: ['main'] }, branch: 'main', want: true },
    { filter: { branches: ['main'] }, branch: 'dev', want: false },
    { filter: { branches: ['^release-.*$'] }, branch: 'release-1.2', want: true },
    { filter: { skip_branches: ['^release-'] }, branch: 'release-1.2', want: false },
    { filter: { branches: ['.*'], skip_branches: ['^wip'] }, branch: 'wip-x', want: false }, // skip wins
  ])('$filter on $branch → $want', ({ filter, branch, want }) => {
    expect(shouldRunOnBranch(filter, branch)).toBe(want);
  });

  it.each([
    { a: {}, b: { branches: ['x'] }, want: true },
    { a: { branches: ['release-1'] }, b: { branches: ['release-2'] }, want: false },
    { a: { branches: ['main', 'dev'] }, b: { branches: ['dev'] }, want: true },
    { a: { branches: ['main'] }, b: { skip_branches: ['main'] }, want: false },
    { a: { skip_branches: ['main'] }, b: { branches: ['dev'] }, want: true },
    { a: { skip_branches: ['a'] }, b: { skip_branches: ['b'] }, want: true },
  ])('$a ∩ $b → $want', ({ a, b, want }) => {
    expect(branchesIntersect(a, b)).toBe(want);
  });
});
