import { compactBody, MAX_EVENT_BODY } from './compact-body.js';

test('bodies up to the limit are kept whole', () => {
  const body = `/lgtm\n${'x'.repeat(MAX_EVENT_BODY - 10)}`;
  expect(compactBody(body)).toBe(body);
});

test('a long comment keeps its opening and its command lines, in order, within the limit', () => {
  const prose = Array.from({ length: 2000 }, (_, i) => `line ${i} of a long review`).join('\n');
  const body = `Thanks!\n${prose}\n/hold\nmore words\n<!--\n/kind bug\n-->\n/lgtm`;
  const out = compactBody(body);
  expect(out.length).toBeLessThanOrEqual(MAX_EVENT_BODY);
  expect(out.startsWith('Thanks!\nline 0 of a long review')).toBe(true);
  expect(out.split('\n').slice(-5)).toEqual(['/hold', '<!--', '/kind bug', '-->', '/lgtm']);
});

test('64 KB of whitespace or thousands of command lines stay within the limit', () => {
  for (const body of [`/label a${' '.repeat(65_530)}b`, Array(10_000).fill('/approve').join('\n'), Array(10_000).fill('<!--').join('\n'), '\n'.repeat(65_536)]) {
    expect(compactBody(body).length).toBeLessThanOrEqual(MAX_EVENT_BODY);
  }
  // A command line that alone is longer than the limit is cut at the opening.
  expect(compactBody(`/label a${' '.repeat(65_530)}b`)).toHaveLength(MAX_EVENT_BODY / 2);
});
