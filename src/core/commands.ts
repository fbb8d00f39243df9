// How commands are found in comments, as Prow does it: regexes applied per line ((?m) in Go, the
// `m` flag here), on the comment body or on a PR/issue body when it is opened or edited.
//
// Anyone on GitHub can write these bodies, and plugins parse them inside the PR's workflow, where a
// task that does not yield in time is killed. So every parser here runs in time linear in the body:
// no regexp that can backtrack over its input more than a constant number of times (a lazy `(.*?)`
// between two `\s*` runs is quadratic to cubic: `/label a<60,000 spaces>b` took minutes), and the
// body itself is cut to what GitHub allows.
import type { GithubEvent } from './event.js';

/**
 * GitHub refuses comments, reviews and PR/issue bodies longer than this many characters. Bodies
 * are cut to it before any command is looked for: GitHub never sends more, so nothing Prow would
 * act on is lost, and whatever reaches the workflow (a replayed or hand-made event, the simulator)
 * costs the parsers at most this much.
 */
export const GITHUB_BODY_LIMIT = 65_536;

/** `body` cut to GITHUB_BODY_LIMIT characters (a surrogate pair split at the cut stays half). */
export function cutBody(body: string): string {
  return body.length > GITHUB_BODY_LIMIT ? body.slice(0, GITHUB_BODY_LIMIT) : body;
}

// Go's RE2 syntax as JavaScript regexp source, for Prow's `(?m)` command patterns. Go's `^` and `$`
// only break lines at "\n" (JavaScript's m flag also breaks at "\r", U+2028 and U+2029, and GitHub
// sends "\r\n"), `\s` is ASCII [\t\n\f\r ] (no \v, no Unicode spaces) and `.` is anything but "\n".
/** Go's `(?m)^`: the start of the text or of a line. */
export const BOL = '(?<![^\\n])';
/** Go's `(?m)$`: the end of the text or of a line. */
export const EOL = '(?![^\\n])';
/** Go's `\s`. */
export const WS = '[\\t\\n\\f\\r ]';
/** Go's `.` (without `(?s)`). */
export const DOT = '[^\\n]';

/**
 * Prow's `(?mi)^/NAME\s*$` (`(?m)` only, with `caseSensitive`): a line that holds just the
 * command. `name` is regexp source (`woof|bark`, `close not-planned`). Linear: each try takes the
 * whitespace run after one command, and runs after different commands do not overlap.
 */
export function commandLine(name: string, opts: { caseSensitive?: boolean } = {}): RegExp {
  return new RegExp(`${BOL}\\/(?:${name})${WS}*${EOL}`, opts.caseSensitive ? 'u' : 'iu');
}

const isGoSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

/** Go's `\s*` run starting at `from`: where it ends. */
function spaceRunEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length && isGoSpace(text.charCodeAt(i))) i++;
  return i;
}

/** `text` without trailing Go `\s` characters. */
function trimGoSpaceEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isGoSpace(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end);
}

/**
 * Go's strings.TrimSpace: leading and trailing Unicode white space (JavaScript's trim() also
 * removes U+FEFF, and keeps U+0085, which Go trims).
 */
export function goTrimSpace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isUnicodeSpace(text.charCodeAt(start))) start++;
  while (end > start && isUnicodeSpace(text.charCodeAt(end - 1))) end--;
  return start === 0 && end === text.length ? text : text.slice(start, end);
}

/** Go's unicode.IsSpace. */
function isUnicodeSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0x85) return false;
  return c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/**
 * A match of one of Prow's argument-taking command patterns, as Go's FindStringSubmatch gives it:
 * `[whole match, ...groups of the head, argument]`, with `index` where it starts.
 */
export type CommandMatch = string[] & { index: number };

/**
 * Every match, in order, of Prow's `(?m)^HEAD\s*(.*?)\s*$` (the label plugin's commands), or with
 * `required`, of `(?m)^HEAD\s+(.+?)\s*$` (milestone): the same whole matches and groups Go finds,
 * found in linear time. As a backtracking regexp that pattern is quadratic or worse in the length
 * of a whitespace run, so the lazy part is worked out here instead: after the head, the first
 * `\s*` takes the whole whitespace run (across lines, as in Go); the argument is the rest of the
 * line it reaches without its trailing `\s`; the match ends at the last line break (or the end of
 * the text) that the whitespace run after the argument reaches.
 *
 * `head`: JavaScript regexp source for what follows the line start (`\/(kind|sig)`), in Go's
 * semantics (see WS, DOT), without the `g` flag's state; `flags`: extra flags such as `i`.
 */
export function lineCommands(body: string, head: string, opts: { flags?: string; required?: boolean; first?: boolean } = {}): CommandMatch[] {
  const re = new RegExp(`${BOL}${head}`, `g${opts.flags ?? ''}`);
  const out: CommandMatch[] = [];
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const start = m.index;
    const afterHead = start + m[0].length;
    const argStart = spaceRunEnd(body, afterHead);
    let argEnd: number;
    let end: number;
    if (opts.required && argStart === afterHead) {
      re.lastIndex = start + 1; // `\s+` needs one character: no match here
      continue;
    }
    if (argStart === body.length) {
      // The whitespace reaches the end of the text: `(.*?)` is empty; `(.+?)` is the last character
      // of the run that is not a line break and is not the one `\s+` needs (Go gives back the
      // run's end one character at a time), or there is no match.
      if (opts.required) {
        let i = body.length - 1;
        while (i > afterHead && body.charCodeAt(i) === 10) i--;
        if (i <= afterHead) break; // nothing later can match either: the text ends here
        const match = [body.slice(start), ...m.slice(1), body[i]!] as CommandMatch;
        match.index = start;
        out.push(match);
        break;
      }
      argEnd = argStart;
      end = body.length;
    } else {
      let lineEnd = body.indexOf('\n', argStart);
      if (lineEnd < 0) lineEnd = body.length;
      argEnd = argStart + trimGoSpaceEnd(body.slice(argStart, lineEnd)).length;
      // The trailing `\s*` takes the whole run, then gives back to the last place `$` holds.
      const runEnd = spaceRunEnd(body, lineEnd);
      end = runEnd === body.length ? runEnd : body.lastIndexOf('\n', runEnd - 1);
    }
    const match = [body.slice(start, end), ...m.slice(1), body.slice(argStart, argEnd)] as CommandMatch;
    match.index = start;
    out.push(match);
    if (opts.first) break;
    re.lastIndex = Math.max(end, start + 1);
  }
  return out;
}

/** Prow's GenericCommentEvent: anything with a body a person wrote. */
export interface GenericComment {
  action: 'created' | 'edited' | 'deleted';
  author: string;
  body: string;
  /** Link to the comment (or PR/issue) for the "In response to [this](…)" quote. */
  url: string;
  /** Set for issue and review-thread comments; absent for PR/issue bodies and reviews. */
  commentId?: number;
  source: 'comment' | 'body' | 'review';
}

/**
 * The person-written text an event carries, if any. PR and issue bodies count as comments when
 * opened (`created`) or edited, so `/hold` in a PR description works on open. The body is cut to
 * GITHUB_BODY_LIMIT: every command parser's time is bounded by it.
 */
export function genericComment(event: GithubEvent, ref: { owner: string; repo: string; number: number; isPR: boolean }): GenericComment | null {
  const base = `https://github.com/${ref.owner}/${ref.repo}/${ref.isPR ? 'pull' : 'issues'}/${ref.number}`;
  switch (event.kind) {
    case 'comment':
      return {
        action: event.action,
        author: event.actor,
        body: cutBody(event.body),
        url: event.url ?? `${base}#${event.on === 'review_thread' ? 'discussion_r' : 'issuecomment-'}${event.commentId}`,
        commentId: event.commentId,
        source: 'comment',
      };
    case 'pull_request':
    case 'issue':
      if (event.action === 'opened') return { action: 'created', author: event.author, body: cutBody(event.body), url: base, source: 'body' };
      if (event.action === 'edited') return { action: 'edited', author: event.actor, body: cutBody(event.body), url: base, source: 'body' };
      return null;
    case 'review':
      if (event.action !== 'submitted' || !event.body) return null;
      return { action: 'created', author: event.actor, body: cutBody(event.body), url: `${base}#pullrequestreview`, source: 'review' };
    default:
      return null;
  }
}

/** All matches of `re` in `body`. `re` must have the `g` flag, and anchor lines with BOL/EOL or the `m` flag. */
export function findAll(re: RegExp, body: string): RegExpExecArray[] {
  if (!re.global || (!re.multiline && !re.source.includes(BOL))) throw new Error(`command regex ${re} needs the g flag and line anchors`);
  return [...body.matchAll(re)];
}

/**
 * Prow's label plugin strips HTML comments first (Go's `(?s)<!--(.*?)-->` replaced by ""), so
 * `<!-- /kind bug -->` templates do nothing. A scan rather than that regexp: on a body of thousands
 * of unclosed `<!--`, the regexp looks for `-->` to the end of the text from each of them.
 */
export function stripHtmlComments(body: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = body.indexOf('<!--', from);
    if (open < 0) break;
    const close = body.indexOf('-->', open + 4);
    // No `-->` after this `<!--`: none after any later one either; the rest stays as it is.
    if (close < 0) break;
    out += body.slice(from, open);
    from = close + 3;
  }
  return out + body.slice(from);
}

/** Normalises a login or `@login` for comparisons (GitHub logins are case-insensitive). */
export function normLogin(login: string): string {
  return login.replace(/^@/, '').toLowerCase();
}

/** Any GitHub App's account (`name[bot]`). */
export function isAppAccount(login: string): boolean {
  return login.toLowerCase().endsWith('[bot]');
}

/** The bot itself or any GitHub App (`name[bot]`): its comments and reviews are never votes. */
export function isBotAccount(login: string, botLogin: string): boolean {
  return normLogin(login) === normLogin(botLogin) || isAppAccount(login);
}
