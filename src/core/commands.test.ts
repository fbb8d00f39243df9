import fc from 'fast-check';
import { RE2JS } from 're2js';
import { BOL, commandLine, cutBody, DOT, EOL, genericComment, GITHUB_BODY_LIMIT, goTrimSpace, lineCommands, stripHtmlComments, WS } from './commands.js';
import type { GithubEvent } from './event.js';

/** Go's FindAllStringSubmatch (re2js is a port of Go's regexp): the oracle for Prow's patterns. */
function goFindAll(pattern: string, text: string, first = false): Array<{ index: number; groups: string[] }> {
  const out: Array<{ index: number; groups: string[] }> = [];
  for (const m of RE2JS.compile(pattern).matchAll(text)) {
    out.push({ index: m.index!, groups: [...m].map((g) => g ?? '') });
    if (first) break;
  }
  return out;
}

const ours = (text: string, head: string, opts: Parameters<typeof lineCommands>[2] = {}) =>
  lineCommands(text, head, opts).map((m) => ({ index: m.index, groups: [...m] }));

// Short texts over an alphabet that hits every case: whitespace Go counts and whitespace it does
// not, line breaks, the command heads, letters.
const text = fc
  .array(fc.constantFrom(' ', ' ', '\t', '\r', '\n', '\n', '\f', '\v', '\u00a0', 'a', 'b', '/', '/kind', '/label', '/milestone', '/remove-kind', '/Kind', 'x y'), { maxLength: 24 })
  .map((parts) => parts.join(''));

describe('lineCommands finds what Go finds, in linear time', () => {
  it.each([
    { name: 'label prefixes', head: '\\/(area|kind|sig)', go: '(?m)^/(area|kind|sig)\\s*(.*?)\\s*$' },
    { name: '/label', head: '\\/label', go: '(?m)^/label\\s*(.*?)\\s*$' },
    { name: '/remove-kind', head: '\\/remove-(kind)', go: '(?m)^/remove-(kind)\\s*(.*?)\\s*$' },
  ])('$name: the same matches as Go for `$go`', ({ head, go }) => {
    fc.assert(fc.property(text, (t) => expect(ours(t, head)).toEqual(goFindAll(go, t))), { numRuns: 3000, seed: 8 });
  });

  it('milestone: the same first match as Go for `(?m)^/milestone\\s+(.+?)\\s*$`', () => {
    fc.assert(
      fc.property(text, (t) => expect(ours(t, '\\/milestone', { required: true, first: true })).toEqual(goFindAll('(?m)^/milestone\\s+(.+?)\\s*$', t, true))),
      { numRuns: 3000, seed: 8 },
    );
  });

  it.each([
    { t: '/kind bug', want: [['/kind bug', 'kind', 'bug']] },
    { t: '/kind  bug  \r\n/sig node\r\n', want: [['/kind  bug  \r', 'kind', 'bug'], ['/sig node\r\n', 'sig', 'node']] },
    // Go's \s* crosses lines: the argument is on the next line.
    { t: '/kind\nbug', want: [['/kind\nbug', 'kind', 'bug']] },
    // The match runs to the last line break its trailing whitespace reaches.
    { t: '/kind bug\n \n\nx', want: [['/kind bug\n \n', 'kind', 'bug']] },
    // A non-breaking space is not Go whitespace; \r only ends a line before \n.
    { t: '/kind bug\u00a0', want: [['/kind bug\u00a0', 'kind', 'bug\u00a0']] },
    { t: 'x\r/kind bug', want: [] },
  ])('$t', ({ t, want }) => {
    expect(lineCommands(t, '\\/(kind|sig)').map((m) => [...m])).toEqual(want);
  });

  it('takes linear time on a long whitespace run and on many command lines', () => {
    for (const body of [`/label a${' '.repeat(GITHUB_BODY_LIMIT)}b`, '/kind a b\n'.repeat(GITHUB_BODY_LIMIT / 10), `/milestone${' \n'.repeat(GITHUB_BODY_LIMIT / 2)}`]) {
      lineCommands(body, '\\/(kind|label)');
      lineCommands(body, '\\/milestone', { required: true, first: true });
    }
  });
});

describe('commandLine: Prow\'s (?mi)^/NAME\\s*$', () => {
  it.each([
    { name: 'close', go: '(?mi)^/(?:close)\\s*$' },
    { name: 'woof|bark', go: '(?mi)^/(?:woof|bark)\\s*$' },
    { name: 'close not-planned', go: '(?mi)^/(?:close not-planned)\\s*$' },
  ])('matches where Go matches: $go', ({ name, go }) => {
    const words = fc.constantFrom(' ', '\t', '\r', '\n', '\f', '\v', '\u00a0', 'x', '/close', '/CLOSE', '/woof', '/Bark', '/close not-planned', '/\u017fhrug', ' not-planned');
    const t = fc.array(words, { maxLength: 16 }).map((p) => p.join(''));
    const re = commandLine(name);
    const oracle = RE2JS.compile(go);
    fc.assert(fc.property(t, (b) => expect(re.test(b)).toBe(oracle.test(b))), { numRuns: 3000, seed: 8 });
  });

  it('folds case as Go does, and can be case-sensitive', () => {
    expect(commandLine('shrug').test('/\u017fhrug')).toBe(true); // Go's (?i) folds s and U+017F
    expect(commandLine('close', { caseSensitive: true }).test('/CLOSE')).toBe(false);
  });
});

describe('Go regexp pieces', () => {
  it('anchor at "\\n" only and count only ASCII whitespace, as Go does', () => {
    const hold = new RegExp(`${BOL}\\/hold${WS}*${EOL}`);
    expect(hold.test('x\n/hold\r\n')).toBe(true);
    expect(hold.test('x\r/hold')).toBe(false);
    expect(hold.test('/hold\u00a0')).toBe(false);
    expect(hold.test('/hold\v')).toBe(false);
    expect(new RegExp(`^a${DOT}b$`).test('a\rb')).toBe(true);
    expect(new RegExp(`^a${DOT}b$`).test('a\nb')).toBe(false);
  });

  it('goTrimSpace trims what Go trims', () => {
    expect(goTrimSpace('\u0085\u00a0 a b\t\u3000')).toBe('a b');
    expect(goTrimSpace('\ufeffa')).toBe('\ufeffa');
  });
});

describe('stripHtmlComments', () => {
  it.each([
    { body: 'a<!-- x -->b', want: 'ab' },
    { body: '<!--\n/kind bug\n-->\n/sig node', want: '\n/sig node' },
    { body: 'a<!-- x --> b <!-- y -->c', want: 'a b c' },
    { body: 'a<!-->b-->c', want: 'ac' },
    { body: 'a<!--->b', want: 'a<!--->b' },
    { body: 'a<!-- open', want: 'a<!-- open' },
    { body: 'a<!-- x -->b<!-- open', want: 'ab<!-- open' },
  ])('$body', ({ body, want }) => {
    expect(stripHtmlComments(body)).toBe(want);
    expect(stripHtmlComments(body)).toBe(body.replace(/<!--[\s\S]*?-->/g, ''));
  });

  it('agrees with the regexp on random text', () => {
    const t = fc.array(fc.constantFrom('<!--', '-->', '<!-', '->', '-', '<', '>', '!', 'a', '\n'), { maxLength: 30 }).map((p) => p.join(''));
    fc.assert(fc.property(t, (b) => expect(stripHtmlComments(b)).toBe(b.replace(/<!--[\s\S]*?-->/g, ''))), { numRuns: 2000, seed: 8 });
  });

  it('takes linear time on thousands of unclosed <!--', () => {
    const body = '<!--'.repeat(GITHUB_BODY_LIMIT / 4);
    expect(stripHtmlComments(body)).toBe(body);
  });
});

describe('genericComment cuts bodies to what GitHub allows', () => {
  const ref = { owner: 'o', repo: 'r', number: 1, isPR: true };
  const long = `/lgtm\n${'x'.repeat(GITHUB_BODY_LIMIT)}`;
  it.each<{ name: string; event: GithubEvent }>([
    { name: 'comment', event: { kind: 'comment', deliveryId: 'd', actor: 'a', action: 'created', commentId: 1, body: long, on: 'issue' } },
    { name: 'review', event: { kind: 'review', deliveryId: 'd', actor: 'a', action: 'submitted', reviewState: 'commented', body: long } },
    {
      name: 'PR body',
      event: { kind: 'pull_request', deliveryId: 'd', actor: 'a', action: 'opened', title: 't', author: 'a', headSha: 'h', baseRef: 'main', draft: false, state: 'open', merged: false, labels: [], assignees: [], body: long },
    },
    { name: 'issue body', event: { kind: 'issue', deliveryId: 'd', actor: 'a', action: 'edited', title: 't', author: 'a', state: 'open', labels: [], assignees: [], body: long } },
  ])('$name', ({ event }) => {
    const c = genericComment(event, ref);
    expect(c?.body.length).toBe(GITHUB_BODY_LIMIT);
    expect(c?.body).toBe(long.slice(0, GITHUB_BODY_LIMIT));
  });

  it('leaves shorter bodies alone', () => {
    expect(cutBody('/lgtm')).toBe('/lgtm');
    expect(cutBody('x'.repeat(GITHUB_BODY_LIMIT))).toHaveLength(GITHUB_BODY_LIMIT);
  });
});
