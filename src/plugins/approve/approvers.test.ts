import { parseOwners, RepoOwners } from '../../core/owners.js';
import { Approvals, PrOwners } from './approvers.js';

const repoOf = (...files: Array<[string, string]>) => new RepoOwners({ files: files.map(([dir, text]) => parseOwners(dir, text)), aliases: {} });

describe('approve: OWNERS files a PR needs', () => {
  it.each([
    {
      name: 'a sub-directory is covered by its parent OWNERS',
      owners: [['', 'approvers: [r]'], ['pkg', 'approvers: [p]'], ['pkg/sub', 'approvers: [s]']] as Array<[string, string]>,
      files: ['pkg/x.go', 'pkg/sub/y.go'],
      want: ['pkg'],
    },
    {
      name: 'no_parent_owners keeps the sub-directory separate',
      owners: [['', 'approvers: [r]'], ['pkg', 'approvers: [p]'], ['pkg/sub', 'options: {no_parent_owners: true}\napprovers: [s]']] as Array<[string, string]>,
      files: ['pkg/x.go', 'pkg/sub/y.go'],
      want: ['pkg', 'pkg/sub'],
    },
    {
      name: 'a root file makes the root the only OWNERS needed',
      owners: [['', 'approvers: [r]'], ['pkg', 'approvers: [p]']] as Array<[string, string]>,
      files: ['README.md', 'pkg/x.go'],
      want: [''],
    },
    {
      name: 'files without any OWNERS need the root',
      owners: [] as Array<[string, string]>,
      files: ['a/b.go'],
      want: [''],
    },
  ])('$name', ({ owners, files, want }) => {
    expect([...new PrOwners(repoOf(...owners), files, 1).ownersSet].sort()).toEqual(want);
  });
});

describe('approve: suggested approvers', () => {
  const repo = repoOf(['', 'approvers: [root-a]'], ['pkg', 'approvers: [a, b, c, d]']);
  const ccs = (n: number) => new Approvals(new PrOwners(repo, ['pkg/x.go'], n)).ccs();

  it('suggests one leaf approver, the same one every time for a PR', () => {
    for (let n = 1; n <= 20; n++) {
      expect(ccs(n)).toHaveLength(1);
      expect(['a', 'b', 'c', 'd']).toContain(ccs(n)[0]);
      expect(ccs(n)).toEqual(ccs(n));
    }
  });

  it('spreads suggestions over PRs', () => {
    const picked = new Set(Array.from({ length: 40 }, (_, i) => ccs(i + 1)[0]));
    expect(picked.size).toBeGreaterThan(1);
  });

  it('suggests nobody once approved', () => {
    const ap = new Approvals(new PrOwners(repo, ['pkg/x.go'], 3));
    ap.add('B', '', false, 'Approved');
    expect(ap.ccs()).toEqual([]);
    expect(ap.files()).toEqual([{ dir: 'pkg', approved: true, approvers: ['B'] }]);
  });

  it('keeps a useful assignee rather than suggesting someone new', () => {
    const ap = new Approvals(new PrOwners(repo, ['pkg/x.go'], 3));
    ap.assignees.add('c');
    expect(ap.assignedCCs()).toEqual(['c']);
    expect(ap.suggestedCCs()).toEqual([]);
  });
});
