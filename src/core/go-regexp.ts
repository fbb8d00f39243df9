// Go (RE2) regular expressions, as written in Prow's config (OWNERS filters, blockades, job
// triggers, branch lists...), matched by re2js: a port of Go's regexp package, so the syntax, the
// error messages and the meaning are Go's (`(?m)^`/`$` only break lines at "\n", `.` matches "\r",
// `\s` is ASCII, `(?i)` may cover part of a pattern), and matching takes time linear in the input
// whatever the pattern. JavaScript's RegExp backtracks, so a pattern from configuration run against
// text anyone can write (a comment, a file name) could otherwise stall the workflow that runs it.
// Pure JavaScript: usable inside the workflow sandbox.
import { RE2JS, RE2JSSyntaxException } from 're2js';

export class GoRegexpError extends Error {
  constructor(
    readonly pattern: string,
    /** Go's wording, e.g. "missing closing ): `(abc`". */
    readonly reason: string,
  ) {
    super(`error parsing regexp: ${reason}`);
    this.name = 'GoRegexpError';
  }
}

/** A compiled Go regexp. `test` is Go's MatchString: true if the pattern matches anywhere. */
export interface GoRegexp {
  readonly source: string;
  test(input: string): boolean;
}

// Compiling takes tens of microseconds and the same few patterns are compiled on every event.
const CACHE_LIMIT = 512;
const cache = new Map<string, GoRegexp>();

function compile(pattern: string): GoRegexp {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    if (err instanceof RE2JSSyntaxException) {
      // Go always quotes the offending fragment, even when it is empty (a trailing backslash).
      throw new GoRegexpError(pattern, `${err.error}: \`${err.input ?? ''}\``);
    }
    throw err;
  }
  return { source: pattern, test: (input: string) => re.test(input) };
}

/** Compile a Go regexp; throws GoRegexpError with Go's message when Go would reject it. */
export function compileGoRegexp(pattern: string): GoRegexp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  const re = compile(pattern);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(pattern, re);
  return re;
}

/** Go's error for a regexp that does not compile ("error parsing regexp: ..."), or undefined. */
export function goRegexpError(pattern: string): string | undefined {
  try {
    compileGoRegexp(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof GoRegexpError) return err.message;
    throw err;
  }
}
