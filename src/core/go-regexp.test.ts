import { compileGoRegexp, goRegexpError, GoRegexpError } from './go-regexp.js';

describe('compileGoRegexp: matches as Go would', () => {
  it.each([
    // The Jenkins X seed's trigger, and Prow's default trigger for a job.
    { re: '(?m)^/test( all| this),?(\\s+|$)', input: 'looks good\r\n/test this\r\n', want: true },
    { re: '(?m)^/test( all| this),?(\\s+|$)', input: '/test all', want: true },
    { re: '(?m)^/test( all| this),?(\\s+|$)', input: '/testall', want: false },
    { re: '(?m)^/test( all| this),?(\\s+|$)', input: 'please /test this', want: false },
    { re: '(?m)^/test( | .* )pull-x,?($|\\s.*)', input: '/test foo pull-x', want: true },
    { re: '(?m)^/test( | .* )pull-x,?($|\\s.*)', input: '/test pull-xy', want: false },
    // Go's (?m) only breaks lines at \n: "$" does not match before "\r" (JS's m flag would).
    { re: '(?m)^/hold$', input: '/hold\r\n', want: false },
    { re: '(?m)^/hold\\s*$', input: '/hold\r\n', want: true },
    { re: '(?m)^/hold$', input: 'x\r/hold', want: false },
    // Without (?m), ^ and $ are the ends of the text.
    { re: '^/hold$', input: 'a\n/hold', want: false },
    // (?i) becomes the i flag; case-insensitive Prow commands.
    { re: '(?mi)^/lgtm(?: no-issue)?\\s*$', input: 'Nice!\n/LGTM', want: true },
    { re: '(?i)^\\W?WIP\\W', input: '[wip] do not merge', want: true },
    // "." matches "\r" in Go (not in JS), but not "\n" unless (?s).
    { re: 'a.b', input: 'a\rb', want: true },
    { re: 'a.b', input: 'a\nb', want: false },
    { re: '(?s)a.b', input: 'a\nb', want: true },
    // \s is ASCII in Go: no non-breaking space, no \v.
    { re: '^\\s$', input: '\u00a0', want: false },
    { re: '^\\s$', input: '\v', want: false },
    { re: '^[^\\S\\n]+$', input: ' \t', want: true },
    // Go syntax JS lacks: POSIX classes, \Q..\E, \z, \A, (?P<name>), lone braces and brackets.
    { re: '^[[:alpha:]]+$', input: 'Hello', want: true },
    { re: '^[[:^digit:]]+$', input: 'abc', want: true },
    { re: '^\\Qa.b\\E$', input: 'axb', want: false },
    { re: '^\\Qa.b\\E$', input: 'a.b', want: true },
    { re: 'end\\z', input: 'the end', want: true },
    { re: '\\Astart', input: 'a start', want: false },
    { re: '^(?P<job>[a-z-]+)$', input: 'pull-x', want: true },
    { re: '^{name}$', input: '{name}', want: true },
    { re: '^[]a]+$', input: ']a]', want: true },
    { re: '^\\x{41}\\101$', input: 'AA', want: true },
    { re: '^\\pL+$', input: 'héllo', want: true },
    { re: '^\\p{Greek}+$', input: 'αβγ', want: true },
    // Unanchored, like Go's MatchString: release branches.
    { re: '^release-.*$', input: 'release-1.2', want: true },
    // (?U) swaps greedy and lazy.
    { re: '(?U)^a+', input: 'aaa', want: true },
  ])('$re on $input → $want', ({ re, input, want }) => {
    expect(compileGoRegexp(re).test(input)).toBe(want);
  });

  it('keeps (?U) semantics: a+ is lazy', () => {
    expect(compileGoRegexp('(?U)^a+b$').test('aaab')).toBe(true);
    expect(compileGoRegexp('(?U)^(a+)a$').test('aa')).toBe(true);
  });

  it('lets flags set mid-group last to the end of the group, across |', () => {
    const re = compileGoRegexp('^(x(?s).|y.)$');
    expect(re.test('x\n')).toBe(true);
    expect(re.test('y\n')).toBe(true);
    expect(compileGoRegexp('^(?:(?s:a.)|b.)$').test('b\n')).toBe(false);
  });
});

describe('compileGoRegexp: rejects what Go rejects, with Go-style messages', () => {
  it.each([
    { re: '(abc', msg: 'error parsing regexp: missing closing ): `(abc`' },
    { re: 'abc)', msg: 'error parsing regexp: unexpected ): `abc)`' },
    { re: '[abc', msg: 'error parsing regexp: missing closing ]: `[abc`' },
    { re: '[z-a]', msg: 'error parsing regexp: invalid character class range: `z-a`' },
    { re: '*a', msg: 'error parsing regexp: missing argument to repetition operator: `*`' },
    { re: 'a**', msg: 'error parsing regexp: invalid nested repetition operator: `**`' },
    { re: 'a{1001}', msg: 'error parsing regexp: invalid repeat count: `{1001}`' },
    { re: '(a)\\1', msg: 'error parsing regexp: invalid escape sequence: `\\1`' },
    { re: '\\e', msg: 'error parsing regexp: invalid escape sequence: `\\e`' },
    { re: 'a\\', msg: 'error parsing regexp: trailing backslash at end of expression: ``' },
    { re: '(?=x)', msg: 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`' },
    { re: '(?<!x)y', msg: 'error parsing regexp: invalid named capture: `(?<!x)y`' },
    { re: '(?x)a', msg: 'error parsing regexp: invalid or unsupported Perl syntax: `(?x`' },
    { re: '[[:foo:]]', msg: 'error parsing regexp: invalid character class range: `[:foo:]`' },
    { re: '\\p{Klingon}', msg: 'error parsing regexp: invalid character class range: `\\p{Klingon}`' },
    { re: '(?P<a>x)(?P<a>y)', msg: 'error parsing regexp: duplicate capture group name: `a`' },
  ])('$re', ({ re, msg }) => {
    expect(() => compileGoRegexp(re)).toThrow(msg);
    expect(goRegexpError(re)).toBe(msg);
  });

  it('throws a GoRegexpError carrying the pattern and Go\'s reason', () => {
    let err: unknown;
    try {
      compileGoRegexp('(abc');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(GoRegexpError);
    expect((err as GoRegexpError).pattern).toBe('(abc');
    expect((err as GoRegexpError).reason).toBe('missing closing ): `(abc`');
  });
});

describe('compileGoRegexp: what Go accepts and JavaScript RegExp could not express', () => {
  it('accepts a (?i) that covers only part of the pattern, as Prow does', () => {
    expect(goRegexpError('/test (?i:all)')).toBeUndefined();
    const re = compileGoRegexp('^/test (?i:all)$');
    expect(re.test('/test ALL')).toBe(true);
    expect(re.test('/TEST all')).toBe(false);
    expect(compileGoRegexp('(?m)^/(?i)foo$').test('x\n/FOO')).toBe(true);
    expect(compileGoRegexp('(?m)^/(?i)foo$').test('x\n/FOO\r')).toBe(false);
  });

  it('accepts group names starting with a digit, and the (?<name>) form', () => {
    expect(compileGoRegexp('^(?P<1st>a)(?<second>b)$').test('ab')).toBe(true);
  });

  it('folds case the Go way: (?i)k matches the Kelvin sign', () => {
    expect(compileGoRegexp('(?i)^k$').test('\u212a')).toBe(true);
  });
});

describe('compileGoRegexp: time linear in the input', () => {
  it('matches patterns that make a backtracking engine explode, on 64 KiB of input', () => {
    const input = `${'a'.repeat(65_536)}!`;
    for (const re of ['^(a|a)*$', '^(a+)+$', '(?m)^/label\\s*(.*?)\\s*$', '^(a|aa)*b$']) {
      expect(compileGoRegexp(re).test(input)).toBe(false);
    }
    expect(compileGoRegexp('(?m)^/label\\s*(.*?)\\s*x$').test(`/label a${' '.repeat(65_536)}b`)).toBe(false);
  });

  it('handles lone surrogates in the input without throwing', () => {
    expect(compileGoRegexp('^a.b$').test('a\ud800b')).toBe(true);
    expect(compileGoRegexp('b').test('\udc00\ud800b')).toBe(true);
  });

  it('caches compiled patterns', () => {
    expect(compileGoRegexp('^cached$')).toBe(compileGoRegexp('^cached$'));
  });
});
