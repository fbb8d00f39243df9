import {
  ownersFilenames,
  ownersPathsFor,
  parseAliases,
  parseAliasesStrict,
  parseOwners,
  parseOwnersStrict,
  RepoOwners,
  skipsCollaborators,
} from './owners.js';
import type { OwnersData } from './model.js';

const sorted = (s: Set<string>) => [...s].sort();

// A small repository: root, pkg (inherits), pkg/sub (no_parent_owners), docs (full form with
// filters), auto (auto_approve_unowned_subfolders), vendor (bad YAML: owns nothing).
const data: OwnersData = {
  files: [
    parseOwners('', 'approvers: [root-a, sig-leads]\nreviewers: [root-r]\nlabels: [area/root]\n'),
    parseOwners('pkg', 'approvers:\n- pkg-a\nreviewers:\n- "@Pkg-R"\nrequired_reviewers: [sec]\nlabels: [area/pkg]\n'),
    parseOwners('pkg/sub', 'options:\n  no_parent_owners: true\napprovers: [sub-a]\n'),
    parseOwners('docs', 'filters:\n  ".*":\n    approvers: [docs-a]\n  "\\\\.md$":\n    reviewers: [md-r]\n    labels: [kind/docs]\n  "^top\\\\.txt$":\n    approvers: [top-a]\n'),
    parseOwners('auto', 'options: {auto_approve_unowned_subfolders: true}\napprovers: [auto-a]\n'),
    parseOwners('vendor', 'approvers: [a\n'),
  ],
  aliases: parseAliases('aliases:\n  sig-leads: [Alice, "@Erin"]\n'),
};
const repo = new RepoOwners(data);

describe('OWNERS resolution', () => {
  it.each([
    { name: 'inherits from the root, aliases expanded', path: 'pkg/x.go', want: ['alice', 'erin', 'pkg-a', 'root-a'] },
    { name: 'a deeper directory without OWNERS uses its ancestors', path: 'pkg/deep/er/x.go', want: ['alice', 'erin', 'pkg-a', 'root-a'] },
    { name: 'no_parent_owners stops inheritance', path: 'pkg/sub/y.go', want: ['sub-a'] },
    { name: 'root files: root approvers', path: 'main.go', want: ['alice', 'erin', 'root-a'] },
    { name: '".*" filter applies to every file', path: 'docs/guide.md', want: ['alice', 'docs-a', 'erin', 'root-a'] },
    { name: 'filters match the path relative to the OWNERS dir', path: 'docs/top.txt', want: ['alice', 'docs-a', 'erin', 'root-a', 'top-a'] },
    { name: 'anchored filter does not match deeper files', path: 'docs/x/top.txt', want: ['alice', 'docs-a', 'erin', 'root-a'] },
    { name: 'an unparsable OWNERS file owns nothing', path: 'vendor/lib.go', want: ['alice', 'erin', 'root-a'] },
  ])('approvers: $name', ({ path, want }) => {
    expect(sorted(repo.approvers(path))).toEqual(want);
  });

  it.each([
    { path: 'pkg/x.go', leaf: ['pkg-a'], dir: 'pkg' },
    { path: 'pkg/deep/x.go', leaf: ['pkg-a'], dir: 'pkg' },
    { path: 'pkg/sub/y.go', leaf: ['sub-a'], dir: 'pkg/sub' },
    { path: 'main.go', leaf: ['alice', 'erin', 'root-a'], dir: '' },
    { path: 'docs/top.txt', leaf: ['docs-a', 'top-a'], dir: 'docs' },
    { path: 'vendor/lib.go', leaf: ['alice', 'erin', 'root-a'], dir: '' },
  ])('leaf approvers and nearest approver OWNERS of $path', ({ path, leaf, dir }) => {
    expect(sorted(repo.leafApprovers(path))).toEqual(leaf);
    expect(repo.findApproverOwnersForFile(path)).toBe(dir);
  });

  it('reviewers come in layers, nearest first, and logins are normalised', () => {
    expect(repo.reviewerLayers('pkg/a/b.go')).toEqual([['pkg-r'], ['root-r']]);
    expect(sorted(repo.leafReviewers('pkg/a/b.go'))).toEqual(['pkg-r']);
    expect(repo.findReviewersOwnersForFile('docs/a.md')).toBe('docs');
    expect(repo.findReviewersOwnersForFile('docs/a.txt')).toBe('');
    expect(sorted(repo.reviewers('docs/a.md'))).toEqual(['md-r', 'root-r']);
  });

  it('required reviewers, labels and top-level approvers', () => {
    expect(sorted(repo.requiredReviewers('pkg/x.go'))).toEqual(['sec']);
    expect(sorted(repo.labels('pkg/x.go'))).toEqual(['area/pkg', 'area/root']);
    expect(sorted(repo.labels('docs/a.md'))).toEqual(['area/root', 'kind/docs']);
    expect(sorted(repo.labels('docs/a.txt'))).toEqual(['area/root']);
    expect(sorted(repo.topLevelApprovers())).toEqual(['alice', 'erin', 'root-a']);
    expect(repo.isNoParentOwners('pkg/sub')).toBe(true);
    expect(repo.isAutoApproveUnownedSubfolders('auto')).toBe(true);
    expect(repo.isAutoApproveUnownedSubfolders('pkg')).toBe(false);
  });

  it('keeps only collaborators among approvers and reviewers (not required reviewers)', () => {
    const filtered = new RepoOwners(data, ['Root-A', 'pkg-r']);
    expect(sorted(filtered.approvers('pkg/x.go'))).toEqual(['root-a']);
    // pkg's approvers are all gone, so the nearest OWNERS with approvers is the root.
    expect(filtered.findApproverOwnersForFile('pkg/x.go')).toBe('');
    expect(sorted(filtered.reviewers('pkg/x.go'))).toEqual(['pkg-r']);
    expect(sorted(filtered.requiredReviewers('pkg/x.go'))).toEqual(['sec']);
  });

  it('lists the OWNERS paths from each changed file up to the root', () => {
    expect(ownersPathsFor(['pkg/sub/y.go', 'README.md', 'pkg/x.go'])).toEqual(['OWNERS', 'pkg/OWNERS', 'pkg/sub/OWNERS']);
    expect(ownersPathsFor([])).toEqual([]);
    expect(ownersPathsFor(['a/b'], 'OWNERS.md')).toEqual(['OWNERS.md', 'a/OWNERS.md']);
  });

  it('skip_collaborators names an org or an org/repo', () => {
    expect(skipsCollaborators(['org'], 'org', 'repo')).toBe(true);
    expect(skipsCollaborators(['org/repo'], 'org', 'repo')).toBe(true);
    expect(skipsCollaborators(['org/other', 'other'], 'org', 'repo')).toBe(false);
    expect(skipsCollaborators(undefined, 'org', 'repo')).toBe(false);
  });

  it('owners.filenames: repo entry, then org entry, then defaults', () => {
    const f = { 'org/repo': { owners: 'CODE_OWNERS' }, org: { owners: 'X', owners_aliases: 'Y' } };
    expect(ownersFilenames(f, 'org', 'repo')).toEqual({ owners: 'CODE_OWNERS', ownersAliases: 'OWNERS_ALIASES' });
    expect(ownersFilenames(f, 'org', 'other')).toEqual({ owners: 'X', ownersAliases: 'Y' });
    expect(ownersFilenames(undefined, 'org', 'repo')).toEqual({ owners: 'OWNERS', ownersAliases: 'OWNERS_ALIASES' });
  });
});

describe('parsing OWNERS', () => {
  it.each([
    { name: 'simple form', text: 'approvers: [A]\nemeritus_approvers: [old]\n', want: { approvers: ['a'], emeritusApprovers: ['old'], filters: [] } },
    { name: 'yes/no are booleans (YAML 1.1)', text: 'options:\n  no_parent_owners: yes\nreviewers: [r]\n', want: { noParentOwners: true, reviewers: ['r'] } },
    { name: 'options only: no owners', text: 'options:\n  no_parent_owners: true\n', want: { noParentOwners: true, approvers: [], filters: [] } },
    { name: 'empty file', text: '', want: { approvers: [], filters: [] } },
    {
      name: 'full form',
      text: 'filters:\n  "\\\\.go$":\n    approvers: ["@Gopher"]\n    labels: [lang/go]\n',
      want: { approvers: [], filters: [{ pattern: '\\.go$', approvers: ['gopher'], reviewers: [], requiredReviewers: [], labels: ['lang/go'] }] },
    },
    { name: 'simple with a type error falls back to the full form (Go ignores unknown keys)', text: 'approvers: alice\n', want: { approvers: [], filters: [] } },
  ])('$name', ({ text, want }) => {
    const r = parseOwnersStrict('d', text);
    expect('file' in r ? r.file : r).toMatchObject({ dir: 'd', ...want });
  });

  it.each([
    { name: 'bad YAML', text: 'approvers: [a\n', error: /Flow sequence/ },
    { name: 'a list at the top', text: '- a\n', error: /mapping/ },
    { name: 'a non-boolean option', text: 'options:\n  no_parent_owners: maybe\napprovers: [a]\n', error: /no_parent_owners/ },
    { name: 'a filter that is not a mapping', text: 'filters:\n  ".*": [a]\n', error: /filters/ },
    { name: 'a number in a filter list', text: 'filters:\n  ".*":\n    approvers: [1]\n', error: /not a string/ },
  ])('refuses $name', ({ text, error }) => {
    const r = parseOwnersStrict('', text);
    expect('error' in r ? r.error : 'parsed').toMatch(error);
    expect(parseOwners('', text).approvers).toEqual([]);
  });
});

describe('parsing OWNERS_ALIASES', () => {
  it('accepts lists, flow maps and empty groups, normalised', () => {
    expect(parseAliasesStrict('aliases:\n  Leads: [Bob, "@al"]\n  flow: {p, q}\n  empty:\n')).toEqual({
      aliases: { leads: ['al', 'bob'], flow: ['p', 'q'], empty: [] },
    });
  });

  it.each([
    { text: 'aliases:\n  leads: bob\n', error: "alias group 'leads' must contain a list of members" },
    { text: 'aliases:\n  leads: [1]\n', error: 'aliases.leads: 1 is not a string' },
    { text: 'aliases: [a]\n', error: 'aliases: must be a mapping' },
  ])('refuses: $error', ({ text, error }) => {
    expect(parseAliasesStrict(text)).toEqual({ error });
    expect(parseAliases(text)).toEqual({});
  });
});
