// `.prowignore` files: gitignore syntax, one pattern per line, relative to the directory holding
// the file; deeper files and later lines win; `!` re-includes. Pure: the walker feeds it text.
// Patterns become Go regexps matched by re2js, in time linear in the path (as backtracking
// JavaScript RegExps, `*a*a*a*b` or several `**` take time to the power of their number).
import { compileGoRegexp, type GoRegexp } from '../core/go-regexp.js';

export interface IgnoreRule {
  /** Directory (relative to the walk root, '' for the root) whose .prowignore holds the rule. */
  base: string;
  negate: boolean;
  dirOnly: boolean;
  regexp: GoRegexp;
}

function globToRegexp(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slashAfter = glob[i + 2] === '/';
      const atSegmentStart = i === 0 || glob[i - 1] === '/';
      if (atSegmentStart && slashAfter) {
        out += '(?:.*/)?'; // "**/": zero or more directories
        i += 2;
      } else {
        out += '.*'; // "/**" at the end, or a loose "**": anything
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) out += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        out += `[${body}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      const next = glob[++i]!;
      out += /[A-Za-z0-9]/.test(next) ? next : `\\${next}`;
    }
    else out += /[\\^$.+()|{}]/.test(c) ? `\\${c}` : c;
  }
  return out;
}

/** Trailing white space removed, except one escaped with a backslash (`foo\\ ` keeps its space). */
function trimTrailingSpace(line: string): string {
  let start = line.length;
  while (start > 0 && /\s/.test(line[start - 1]!)) start--;
  if (start > 0 && line[start - 1] === '\\') start++;
  return start < line.length ? line.slice(0, start) : line;
}

/** Parse one .prowignore file found in directory `base` (relative to the walk root). */
export function parseIgnoreFile(text: string, base: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = trimTrailingSpace(raw);
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    if (line.startsWith('\\#') || line.startsWith('\\!')) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    if (line === '') continue;
    // A slash at the start or in the middle anchors the pattern to `base`; otherwise it matches a
    // name at any depth below it.
    const anchored = line.includes('/');
    const body = globToRegexp(line.replace(/^\//, ''));
    const regexp = compileGoRegexp(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
    rules.push({ base, negate, dirOnly, regexp });
  }
  return rules;
}

/** Whether `path` (relative to the walk root, '/'-separated) is ignored by the rules in force. */
export function isIgnored(rules: readonly IgnoreRule[], path: string, isDir: boolean): boolean {
  let ignored = false;
  for (const rule of rules) {
    if (rule.dirOnly && !isDir) continue;
    const prefix = rule.base === '' ? '' : `${rule.base}/`;
    if (!path.startsWith(prefix)) continue;
    if (rule.regexp.test(path.slice(prefix.length))) ignored = !rule.negate;
  }
  return ignored;
}
