// A comment's body goes into the PR workflow's history (and, while queued, into continue-as-new
// input), so thousands of 64 KB comments must not add up to Temporal's limits. What Coxswain needs
// of a long comment is its opening (quoted in replies) and the lines that can be commands: every
// Prow command starts a line with `/`, and label strips `<!-- -->` first, so lines that open or
// close an HTML comment are kept too (a command inside one stays inside). Pure and linear.

/** Bodies up to this many characters are kept whole. */
export const MAX_EVENT_BODY = 8 * 1024;
const HEAD = MAX_EVENT_BODY / 2;

export function compactBody(body: string): string {
  if (body.length <= MAX_EVENT_BODY) return body;
  const cut = body.lastIndexOf('\n', HEAD);
  const head = body.slice(0, cut > 0 ? cut : HEAD);
  const kept = [head];
  let size = head.length;
  let start = head.length;
  while (start < body.length) {
    let end = body.indexOf('\n', start + 1);
    if (end < 0) end = body.length;
    const line = body.slice(start, end).replace(/^\n/, '');
    start = end;
    if (!(line.startsWith('/') || line.includes('<!--') || line.includes('-->'))) continue;
    if (size + line.length + 1 > MAX_EVENT_BODY) break;
    kept.push(line);
    size += line.length + 1;
  }
  return kept.join('\n');
}
