// Translate Go (RE2) regular expressions, as written in Prow's config, into JavaScript RegExps
// with the same meaning. Go's semantics are reproduced rather than mapped onto JS flags:
// `(?m)^`/`$` only treat "\n" as a line break (JS's m flag also breaks at "\r", and GitHub comments
// use "\r\n"), `.` matches "\r", `\s` is ASCII. Only case-insensitivity becomes a JS flag, so a
// `(?i)` that covers only part of a pattern cannot be expressed and is rejected. Pure: no I/O.

export class GoRegexpError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
    /** 'invalid': Go itself rejects it; 'unsupported': valid in Go but JavaScript cannot express it. */
    readonly kind: 'invalid' | 'unsupported',
  ) {
    super(kind === 'invalid' ? `error parsing regexp: ${reason}` : `not supported by Coxswain: ${reason}`);
    this.name = 'GoRegexpError';
  }
}

export interface GoRegexpTranslation {
  source: string;
  flags: string;
}

type Flags = { i: boolean; m: boolean; s: boolean; U: boolean };
type Range = [number, number];

const MAX = 0x10ffff;
const SPACE: Range[] = [[9, 10], [12, 13], [32, 32]]; // Go's \s: [\t\n\f\r ]
const POSIX: Record<string, Range[]> = {
  alnum: [[48, 57], [65, 90], [97, 122]], alpha: [[65, 90], [97, 122]], ascii: [[0, 127]],
  blank: [[9, 9], [32, 32]], cntrl: [[0, 31], [127, 127]], digit: [[48, 57]], graph: [[33, 126]],
  lower: [[97, 122]], print: [[32, 126]], punct: [[33, 47], [58, 64], [91, 96], [123, 126]],
  space: [[9, 13], [32, 32]], upper: [[65, 90]], word: [[48, 57], [65, 90], [95, 95], [97, 122]],
  xdigit: [[48, 57], [65, 70], [97, 102]],
};
const SIMPLE_ESCAPES: Record<string, number> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
const ASSERTIONS: Record<string, string> = { A: '(?<![\\s\\S])', z: '(?![\\s\\S])', b: '\\b', B: '\\B' };
const GC = /^(?:[CLMNPSZ]|[CLMNPSZ][a-z])$/; // Unicode general categories; anything else is a script

function complement(ranges: Range[]): Range[] {
  const out: Range[] = [];
  let next = 0;
  for (const [lo, hi] of [...ranges].sort((a, b) => a[0] - b[0])) {
    if (lo > next) out.push([next, lo - 1]);
    next = Math.max(next, hi + 1);
  }
  if (next <= MAX) out.push([next, MAX]);
  return out;
}

const CONTROL_NAMES: Record<number, string> = { 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r' };

function classChar(cp: number): string {
  if (CONTROL_NAMES[cp]) return CONTROL_NAMES[cp];
  if (cp < 0x20 || cp >= 0x7f) return `\\u{${cp.toString(16)}}`;
  const c = String.fromCodePoint(cp);
  return '\\]-^['.includes(c) ? `\\${c}` : c;
}

function rangesText(ranges: Range[]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? classChar(lo) : `${classChar(lo)}-${classChar(hi)}`)).join('');
}

class Translator {
  private pos = 0;
  private readonly caseStates = new Set<boolean>();
  private readonly names = new Set<string>();

  constructor(private readonly src: string) {}

  translate(): GoRegexpTranslation {
    const source = this.alternation({ i: false, m: false, s: false, U: false });
    if (this.pos < this.src.length) this.fail('unexpected )', this.src);
    if (this.caseStates.size > 1) {
      this.fail('(?i) covers only part of the pattern; JavaScript can only make a whole regexp case-insensitive', this.src, 'unsupported');
    }
    return { source, flags: this.caseStates.has(true) ? 'iu' : 'u' };
  }

  private fail(reason: string, fragment: string, kind: 'invalid' | 'unsupported' = 'invalid'): never {
    throw new GoRegexpError(this.src, `${reason}: \`${fragment}\``, kind);
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  /** Consume `re` (anchored with ^) at the current position, if it matches. */
  private eat(re: RegExp): RegExpExecArray | null {
    const m = re.exec(this.src.slice(this.pos));
    if (m) this.pos += m[0].length;
    return m;
  }

  private next(): number {
    const cp = this.src.codePointAt(this.pos)!;
    this.pos += cp > 0xffff ? 2 : 1;
    return cp;
  }

  // Flags set by `(?i)` last until the end of the enclosing group, across `|`, as in Go.
  private alternation(outer: Flags): string {
    const flags = { ...outer };
    const parts = [this.concat(flags)];
    while (this.peek() === '|') {
      this.pos++;
      parts.push(this.concat(flags));
    }
    return parts.join('|');
  }

  private concat(flags: Flags): string {
    let out = '';
    while (this.pos < this.src.length && this.peek() !== '|' && this.peek() !== ')') {
      const start = this.pos;
      const atom = this.atom(flags);
      if (atom === undefined) continue; // a flag group such as (?i)
      out += this.quantified(atom, flags, start);
    }
    return out;
  }

  private isRepeat(): boolean {
    return /^\{\d+(,\d*)?\}/.test(this.src.slice(this.pos));
  }

  private quantifier(): string | undefined {
    const m = this.eat(/^(?:[*+?]|\{(\d+)(,(\d*))?\})/);
    if (!m || m[1] === undefined) return m?.[0];
    const [min, max] = [Number(m[1]), m[2] === undefined ? Number(m[1]) : m[3] === '' ? -1 : Number(m[3])];
    if (min > 1000 || max > 1000 || (max !== -1 && max < min)) this.fail('invalid repeat count', m[0]);
    return m[0];
  }

  private quantified(atom: { text: string; assertion: boolean }, flags: Flags, start: number): string {
    const q = this.quantifier();
    if (q === undefined) return atom.text;
    let lazy = this.eat(/^\?/) !== null;
    if (this.quantifier() !== undefined) this.fail('invalid nested repetition operator', this.src.slice(start, this.pos));
    if (flags.U) lazy = !lazy;
    const base = atom.assertion ? `(?:${atom.text})` : atom.text;
    return `${base}${q}${lazy ? '?' : ''}`;
  }

  private atom(flags: Flags): { text: string; assertion: boolean } | undefined {
    const start = this.pos;
    const c = this.peek();
    const plain = (text: string) => ({ text, assertion: false });
    if ('*+?'.includes(c) || this.isRepeat()) this.fail('missing argument to repetition operator', this.quantifier() ?? c);
    if (c === '(') return this.group(flags);
    if (c === '[') return plain(this.charClass(flags));
    this.pos++;
    if (c === '.') return plain(flags.s ? '[\\s\\S]' : '[^\\n]');
    if (c === '^') return { text: flags.m ? '(?<![^\\n])' : '^', assertion: true };
    if (c === '$') return { text: flags.m ? '(?![^\\n])' : '$', assertion: true };
    if (c !== '\\') {
      this.pos = start;
      return plain(this.literalChar(this.next(), flags));
    }
    const e = this.peek();
    if (e === '') this.fail('trailing backslash at end of expression', '');
    if (ASSERTIONS[e]) {
      this.pos++;
      return { text: ASSERTIONS[e], assertion: true };
    }
    const quoted = this.eat(/^Q([\s\S]*?)(?:\\E|$)/);
    // No group around it: a following quantifier applies to the last character only, as in Go.
    if (quoted) return plain(Array.from(quoted[1]!, (ch) => this.literalChar(ch.codePointAt(0)!, flags)).join(''));
    if (this.eat(/^s/)) return plain(`[${rangesText(SPACE)}]`);
    if (this.eat(/^S/)) return plain(`[^${rangesText(SPACE)}]`);
    const cls = this.classEscape(flags);
    if (cls !== undefined) return plain(cls);
    this.pos = start;
    return plain(this.literalChar(this.escapedChar(), flags));
  }

  private literalChar(cp: number, flags: Flags): string {
    const c = String.fromCodePoint(cp);
    if (c.toLowerCase() !== c.toUpperCase()) this.caseStates.add(flags.i);
    if ('\\^$.*+?()[]{}|'.includes(c)) return `\\${c}`;
    return cp < 0x20 || cp === 0x7f ? `\\u{${cp.toString(16)}}` : c;
  }

  /** \d \D \w \W \pN \p{Greek} \P{..}: returns JS text, or undefined if not a class escape. */
  private classEscape(flags: Flags): string | undefined {
    const perl = this.eat(/^[dDwW]/);
    if (perl) return `\\${perl[0]}`;
    const start = this.pos - 1;
    const m = this.eat(/^([pP])(?:\{([^}]*)\}|(.?))/);
    if (!m) return undefined;
    let name = m[2] ?? m[3] ?? '';
    let negate = m[1] === 'P';
    if (name.startsWith('^')) [negate, name] = [!negate, name.slice(1)];
    const prop = name === 'Any' || GC.test(name) ? name : `Script=${name}`;
    const text = `\\${negate ? 'P' : 'p'}{${prop}}`;
    try {
      new RegExp(text, 'u');
    } catch {
      this.fail('invalid character class range', this.src.slice(start, this.pos));
    }
    this.caseStates.add(flags.i);
    return text;
  }

  /** A single escaped character (after the backslash): octal, hex, \n-style or punctuation. */
  private escapedChar(): number {
    const start = this.pos;
    this.pos++; // the backslash
    const e = this.peek();
    const octal = this.eat(/^[0-7]{1,3}/);
    if (octal) {
      // Go: a lone \1-\7 would be a backreference, which RE2 does not have.
      if (e !== '0' && octal[0].length === 1) this.fail('invalid escape sequence', `\\${e}`);
      return parseInt(octal[0], 8);
    }
    if (e === 'x') {
      const m = this.eat(/^x(?:\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{2}))/);
      const cp = m ? parseInt(m[1] ?? m[2]!, 16) : NaN;
      if (!(cp <= MAX)) this.fail('invalid escape sequence', this.src.slice(start, start + 5));
      return cp;
    }
    const cp = this.next();
    if (SIMPLE_ESCAPES[e] !== undefined) return SIMPLE_ESCAPES[e];
    if (cp < 0x80 && !/[A-Za-z0-9]/.test(e)) return cp;
    this.fail('invalid escape sequence', `\\${String.fromCodePoint(cp)}`);
  }

  private group(outer: Flags): { text: string; assertion: boolean } | undefined {
    const start = this.pos++;
    const syntax = (what = '') => this.fail(`invalid or unsupported Perl syntax${what}`, this.src.slice(start, start + 3));
    let [prefix, flags] = ['(', outer];
    if (this.peek() === '?') {
      if (/^\?<?[=!]/.test(this.src.slice(this.pos))) syntax(' (Go regexps have no lookarounds)');
      const named = this.eat(/^\?P?<([^>]*)>/);
      const flagGroup = named ? null : this.eat(/^\?([imsU]*)(?:-([imsU]*))?([:)])/);
      if (named) {
        const name = named[1]!;
        if (!/^\w+$/.test(name)) this.fail('invalid named capture', this.src.slice(start, this.pos));
        if (this.names.has(name)) this.fail('duplicate capture group name', name);
        if (/^\d/.test(name)) this.fail('group names starting with a digit are not allowed in JavaScript', name, 'unsupported');
        this.names.add(name);
        prefix = `(?<${name}>`;
      } else if (!flagGroup || flagGroup[0] === '?)' || flagGroup[2] === '') {
        this.pos = start + 1;
        syntax();
      } else {
        const [, on = '', off = '', end] = flagGroup;
        // (?i) changes the enclosing group from here on; (?i:...) only its own body.
        const set: Flags = end === ')' ? outer : { ...outer };
        for (const f of on) set[f as keyof Flags] = true;
        for (const f of off) set[f as keyof Flags] = false;
        if (end === ')') return undefined;
        [prefix, flags] = ['(?:', set];
      }
    }
    const body = this.alternation(flags);
    if (this.peek() !== ')') this.fail('missing closing )', this.src);
    this.pos++;
    return { text: `${prefix}${body})`, assertion: false };
  }

  private charClass(flags: Flags): string {
    const start = this.pos++;
    const negate = this.eat(/^\^/) !== null;
    let out = '';
    // A "]" right after "[" or "[^" is a literal, as in Go.
    for (let first = true; first || this.peek() !== ']'; first = false) {
      if (this.pos >= this.src.length) this.fail('missing closing ]', this.src.slice(start));
      const posix = this.eat(/^\[:(\^?)([a-z]+):\]/);
      if (posix) {
        const ranges = POSIX[posix[2]!];
        if (!ranges) this.fail('invalid character class range', posix[0]);
        out += rangesText(posix[1] ? complement(ranges) : ranges);
        if (posix[2] !== 'digit' && posix[2] !== 'space') this.caseStates.add(flags.i);
        continue;
      }
      const space = this.eat(/^\\[sS]/);
      if (space) {
        out += rangesText(space[0] === '\\S' ? complement(SPACE) : SPACE);
        continue;
      }
      if (this.peek() === '\\') {
        this.pos++;
        const cls = this.classEscape(flags);
        if (cls !== undefined) {
          out += cls;
          continue;
        }
        this.pos--;
      }
      const itemStart = this.pos;
      const lo = this.classAtom();
      let hi = lo;
      if (this.peek() === '-' && this.peek(1) !== ']' && this.peek(1) !== '') {
        this.pos++;
        hi = this.classAtom();
        if (hi < lo) this.fail('invalid character class range', this.src.slice(itemStart, this.pos));
      }
      // Only ranges that contain letters care about (?i).
      if (hi >= 0x80 || (lo <= 90 && hi >= 65) || (lo <= 122 && hi >= 97)) this.caseStates.add(flags.i);
      out += rangesText([[lo, hi]]);
    }
    this.pos++;
    return `[${negate ? '^' : ''}${out}]`;
  }

  private classAtom(): number {
    if (this.peek() !== '\\') return this.next();
    if (this.peek(1) === '') this.fail('trailing backslash at end of expression', '');
    return this.escapedChar();
  }
}

/** Translate a Go regexp to JavaScript source and flags (serialisable, e.g. into a workflow). */
export function translateGoRegexp(pattern: string): GoRegexpTranslation {
  const t = new Translator(pattern).translate();
  try {
    new RegExp(t.source, t.flags);
  } catch (err) {
    throw new GoRegexpError(pattern, `cannot be expressed in JavaScript (${(err as Error).message})`, 'unsupported');
  }
  return t;
}

/** Compile a Go regexp into an equivalent JavaScript RegExp; throws GoRegexpError. */
export function compileGoRegexp(pattern: string): RegExp {
  const { source, flags } = translateGoRegexp(pattern);
  return new RegExp(source, flags);
}

/** The reason a Go regexp cannot be used, or undefined if it compiles. */
export function goRegexpError(pattern: string): string | undefined {
  try {
    translateGoRegexp(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof GoRegexpError) return err.message;
    throw err;
  }
}
