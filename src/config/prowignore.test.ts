import { isIgnored, parseIgnoreFile } from './prowignore.js';

describe('.prowignore (gitignore syntax)', () => {
  const rules = [
    ...parseIgnoreFile('# comment\n\n*.draft.yaml\n/top.yaml\ngenerated/\nsub/exact.yaml\ndocs/**/old-*.yaml\n!keep.draft.yaml\n', ''),
    ...parseIgnoreFile('local.yaml\n', 'team'),
  ];

  it.each([
    { path: 'a.draft.yaml', dir: false, want: true },
    { path: 'deep/down/b.draft.yaml', dir: false, want: true },
    { path: 'keep.draft.yaml', dir: false, want: false }, // re-included by a later "!"
    { path: 'top.yaml', dir: false, want: true },
    { path: 'nested/top.yaml', dir: false, want: false }, // a leading "/" anchors to the file's directory
    { path: 'generated', dir: true, want: true },
    { path: 'generated', dir: false, want: false }, // "generated/" only matches directories
    { path: 'x/generated', dir: true, want: true },
    { path: 'sub/exact.yaml', dir: false, want: true },
    { path: 'other/sub/exact.yaml', dir: false, want: false }, // a middle "/" anchors too
    { path: 'docs/old-a.yaml', dir: false, want: true }, // "**/" matches zero directories
    { path: 'docs/v1/v2/old-b.yaml', dir: false, want: true },
    { path: 'team/local.yaml', dir: false, want: true }, // rules of team/.prowignore apply below team/
    { path: 'local.yaml', dir: false, want: false },
    { path: 'jobs.yaml', dir: false, want: false },
  ])('$path (dir: $dir) → ignored: $want', ({ path, dir, want }) => {
    expect(isIgnored(rules, path, dir)).toBe(want);
  });

  it('handles character classes, ? and escapes', () => {
    const r = parseIgnoreFile('job-[ab]?.yaml\n\\#literal.yaml\n', '');
    expect(isIgnored(r, 'job-a1.yaml', false)).toBe(true);
    expect(isIgnored(r, 'job-c1.yaml', false)).toBe(false);
    expect(isIgnored(r, '#literal.yaml', false)).toBe(true);
  });

  it('drops trailing white space unless a backslash escapes it', () => {
    const r = parseIgnoreFile('spaced\\ \t  \nplain.yaml   \n', '');
    expect(isIgnored(r, 'spaced ', false)).toBe(true);
    expect(isIgnored(r, 'plain.yaml', false)).toBe(true);
  });

  it('matches in time linear in the path, whatever the number of stars', () => {
    const r = parseIgnoreFile('*a*a*a*a*a*a*a*a*a*a*b\n**/x/**/x/**/x/**/x/**/y\n', '');
    expect(isIgnored(r, 'a'.repeat(4096), false)).toBe(false);
    expect(isIgnored(r, 'x/'.repeat(2048), false)).toBe(false);
  });
});
