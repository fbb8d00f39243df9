import { globMatch, size, sizeLabel, type SizeConfig } from './size.js';
import { renderActions } from './render.js';
import { comment, facts, prEvent, prView } from './testing.js';
import type { GithubEvent } from '../core/event.js';
import type { PluginsConfig } from '../config/plugins.schema.js';
import type { ChangedFile, Facts } from '../core/model.js';

const cfg = size.config({ plugins: {} } as PluginsConfig, 'org', 'repo');
const change = (filename: string, additions: number, deletions = 0): ChangedFile => ({ filename, additions, deletions, status: 'modified' });
const files = (over: Record<string, string | null> = {}) => ({ 'main:.generated_files': null, 'main:.gitattributes': null, ...over });
const run = (f: Partial<Facts>, labels: string[] = [], event: GithubEvent = prEvent('opened'), config: SizeConfig = cfg) =>
  renderActions(size.decide({ event, state: prView({ labels }), config, facts: facts(f), botLogin: 'bot', footer: '' }));

describe('size', () => {
  it.each([
    { lines: 0, want: 'size/XS' },
    { lines: 9, want: 'size/XS' },
    { lines: 10, want: 'size/S' },
    { lines: 29, want: 'size/S' },
    { lines: 30, want: 'size/M' },
    { lines: 99, want: 'size/M' },
    { lines: 100, want: 'size/L' },
    { lines: 499, want: 'size/L' },
    { lines: 500, want: 'size/XL' },
    { lines: 999, want: 'size/XL' },
    { lines: 1000, want: 'size/XXL' },
  ])('$lines lines is $want with the default thresholds', ({ lines, want }) => {
    expect(sizeLabel(lines, cfg)).toBe(want);
  });

  it('reads thresholds from the size section, 0 meaning the default', () => {
    const c = size.config({ plugins: {}, size: { s: 2, m: 0, l: 40, xl: 45, xxl: 50 } } as PluginsConfig, 'org', 'repo');
    expect(c).toEqual({ s: 2, m: 30, l: 40, xl: 45, xxl: 50 });
    expect(run({ files: files(), changedFiles: [change('a.go', 2)] }, [], prEvent('opened'), c)).toEqual(['+label size/S']);
    expect(run({ files: files(), changedFiles: [change('a.go', 60)] }, [], prEvent('opened'), c)).toEqual(['+label size/XXL']);
  });

  it.each([
    { name: 'additions and deletions both count', changes: [change('a.go', 10, 10), change('b.go', 3, 4)], labels: [], want: ['+label size/S'] },
    { name: 'the right label already there: nothing', changes: [change('a.go', 5)], labels: ['size/XS'], want: [] },
    { name: 'other size labels go', changes: [change('a.go', 50)], labels: ['size/XS', 'size/L', 'lgtm'], want: ['-label size/XS', '-label size/L', '+label size/M'] },
    { name: 'a stray size/? label goes too', changes: [change('a.go', 5)], labels: ['size/?', 'size/XS'], want: ['-label size/?'] },
  ])('$name', ({ changes, labels, want }) => {
    expect(run({ files: files(), changedFiles: changes }, labels)).toEqual(want);
  });

  it('skips files matched by .generated_files (Prow test "simple size/M, with .generated_files")', () => {
    const gen = '# Comments\nfile-name foobar\n\npath-prefix generated\n';
    const changes = [change('foobar', 10, 10), change('barfoo', 50), change('generated/what.txt', 30), change('generated/my/file.txt', 300), change('x/foobar', 100)];
    expect(run({ files: files({ 'main:.generated_files': gen }), changedFiles: changes })).toEqual(['+label size/M']);
  });

  it.each([
    { name: 'file-prefix matches the leaf name', gen: 'file-prefix zz_generated.', file: 'pkg/zz_generated.deepcopy.go', counted: false },
    { name: 'prefix is an old spelling of path-prefix', gen: 'prefix vendor/', file: 'vendor/a/b.go', counted: false },
    { name: 'path-prefix is not a leaf match', gen: 'path-prefix gen', file: 'pkg/gen/x.go', counted: true },
    { name: 'path is filed as a leaf name (Prow), so a root file matches', gen: 'path BUILD', file: 'BUILD', counted: false },
    { name: 'path with a directory never matches (Prow)', gen: 'path pkg/a.go', file: 'pkg/a.go', counted: true },
  ])('.generated_files: $name', ({ gen, file, counted }) => {
    const want = counted ? ['+label size/M'] : ['+label size/XS'];
    expect(run({ files: files({ 'main:.generated_files': gen }), changedFiles: [change(file, 50)] })).toEqual(want);
  });

  it('paths-from-repo lists exact paths (Prow test "XS -> S transition" keeps XS)', () => {
    const gen = '# Comments\nfile-name foobar\n\npath-prefix generated\n\npaths-from-repo docs/.generated_docs\n';
    const docs = '# Comments work\n\n# And empty lines don\'t matter\nfoobar\nmypath1\nmypath2\nmydir/mypath3\n';
    const changes = [change('foobar', 10, 10), change('barfoo', 5), change('generated/what.txt', 30), change('mypath1', 300), change('mydir/mypath3', 300)];
    const f = { files: files({ 'main:.generated_files': gen, 'main:docs/.generated_docs': docs }), changedFiles: changes };
    expect(run(f, ['irrelevant', 'size/XS'])).toEqual([]);
  });

  it('asks for the paths-from-repo file once .generated_files is known', () => {
    const base = { event: prEvent('synchronize'), state: prView(), config: cfg, botLogin: 'bot', footer: '' };
    const first = size.needs(base);
    expect(first).toEqual([
      { kind: 'file', path: '.generated_files', ref: 'main' },
      { kind: 'file', path: '.gitattributes', ref: 'main' },
      { kind: 'changedFiles' },
    ]);
    const second = size.needs({ ...base, facts: facts({ files: files({ 'main:.generated_files': 'paths-from-repo docs/.gen' }) }) });
    expect(second).toContainEqual({ kind: 'file', path: 'docs/.gen', ref: 'main' });
  });

  it.each<{ name: string; over: Record<string, string | null> }>([
    { name: 'a bad .generated_files line', over: { 'main:.generated_files': 'path-prefix a b' } },
    { name: 'an unknown .generated_files key', over: { 'main:.generated_files': 'glob *.pb.go' } },
    { name: 'a missing paths-from-repo file', over: { 'main:.generated_files': 'paths-from-repo docs/.gen', 'main:docs/.gen': null } },
    { name: 'a negative .gitattributes pattern', over: { 'main:.gitattributes': '!x.go linguist-generated=true' } },
    { name: 'a directory .gitattributes pattern', over: { 'main:.gitattributes': 'gen/ linguist-generated=true' } },
  ])('leaves labels alone on $name (Prow stops)', ({ over }) => {
    expect(run({ files: files(over), changedFiles: [change('a.go', 50)] }, ['size/XS'])).toEqual([]);
  });

  it('skips linguist-generated files (Prow test "simple size/M, with .gitattributes")', () => {
    const attrs = '# comment\nfoobar linguist-generated=true\ngenerated/**/*.txt linguist-generated=true\n';
    const changes = [change('foobar', 10, 10), change('barfoo', 50), change('generated/what.txt', 30), change('generated/my/file.txt', 300), change('generated/x.go', 1)];
    expect(run({ files: files({ 'main:.gitattributes': attrs }), changedFiles: changes }, ['size/S'])).toEqual(['-label size/S', '+label size/M']);
  });

  it.each([
    { pattern: '*.pb.go', file: 'api/v1/types.pb.go', generated: true },
    { pattern: 'api/*.go', file: 'api/a.go', generated: true },
    { pattern: 'api/*.go', file: 'pkg/api/a.go', generated: false },
    { pattern: '**/mocks/*.go', file: 'a/b/mocks/m.go', generated: true },
    { pattern: 'docs/**', file: 'docs/x/y.md', generated: true },
    { pattern: '/root.txt', file: 'root.txt', generated: true },
    { pattern: 'z[a-c].go', file: 'zb.go', generated: true },
    { pattern: 'z[^a-c].go', file: 'zb.go', generated: false },
    { pattern: 'x.go -linguist-generated', file: 'x.go', generated: false },
    { pattern: 'x.go linguist-generated=false', file: 'x.go', generated: false },
  ])('.gitattributes $pattern vs $file', ({ pattern, file, generated }) => {
    const line = pattern.includes(' ') ? pattern : `${pattern} linguist-generated=true`;
    const want = generated ? ['+label size/XS'] : ['+label size/M'];
    expect(run({ files: files({ 'main:.gitattributes': line }), changedFiles: [change(file, 50)] })).toEqual(want);
  });

  it.each([
    { pattern: 'a?c', name: 'abc', want: true },
    { pattern: 'a\\*c', name: 'a*c', want: true },
    { pattern: 'a\\*c', name: 'abc', want: false },
    { pattern: '[]a]', name: 'a', want: null },
    { pattern: '[a-', name: 'a', want: null },
    { pattern: 'ab\\', name: 'ab', want: null },
    { pattern: 'a[z-b]c', name: 'abc', want: false },
    { pattern: 'a[^z-b]c', name: 'abc', want: true },
    { pattern: '?', name: '\u{1f600}', want: true },
    { pattern: '*.[go]o', name: 'x.go', want: true },
  ])('globMatch($pattern, $name) is $want (Go filepath.Match)', ({ pattern, name, want }) => {
    expect(globMatch(pattern, name)).toBe(want);
  });

  it('matches in time linear in the name, whatever the number of stars', () => {
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(255))).toBe(false);
  });

  it.each(['opened', 'reopened', 'synchronize', 'edited'])('acts on %s', (action) => {
    expect(run({ files: files(), changedFiles: [change('a', 1)] }, [], prEvent(action))).toEqual(['+label size/XS']);
  });

  it.each(['closed', 'labeled', 'ready_for_review'])('ignores %s and asks for nothing', (action) => {
    const input = { event: prEvent(action), state: prView(), config: cfg, botLogin: 'bot', footer: '' };
    expect(size.needs(input)).toEqual([]);
    expect(run({ files: files(), changedFiles: [change('a', 1)] }, [], prEvent(action))).toEqual([]);
  });

  it('ignores comments', () => {
    expect(run({ files: files(), changedFiles: [change('a', 1)] }, [], comment('/size'))).toEqual([]);
  });

  it('does nothing without the facts it asked for', () => {
    expect(run({ changedFiles: [change('a', 1)] })).toEqual([]);
    expect(run({ files: files() })).toEqual([]);
  });
});
