import type { PluginsConfig } from '../config/plugins.schema.js';
import { compileGoRegexp } from '../core/go-regexp.js';
import type { Plugin } from './types.js';
import type { Action, Facts, FactRequest } from '../core/model.js';

// Prow's size plugin (pkg/plugins/size/size.go): counts additions+deletions over a PR's changed
// files, skipping generated files (`.generated_files`, pkg/genfiles; `linguist-generated=true` in
// the root `.gitattributes`, pkg/gitattributes, both read at the base), and keeps exactly one
// size/* label. Thresholds are lower bounds; 0 or unset means Prow's default.

export interface SizeConfig {
  s: number;
  m: number;
  l: number;
  xl: number;
  xxl: number;
}

const DEFAULTS: SizeConfig = { s: 10, m: 30, l: 100, xl: 500, xxl: 1000 };
const ACTIONS = new Set(['opened', 'reopened', 'synchronize', 'edited']);
const GENERATED_FILES = '.generated_files';
const GITATTRIBUTES = '.gitattributes';

export function sizeLabel(lines: number, t: SizeConfig): string {
  if (lines < t.s) return 'size/XS';
  if (lines < t.m) return 'size/S';
  if (lines < t.l) return 'size/M';
  if (lines < t.xl) return 'size/L';
  if (lines < t.xxl) return 'size/XL';
  return 'size/XXL';
}

// --- .generated_files (pkg/genfiles) ---------------------------------------------------------

interface GenGroup {
  paths: Set<string>;
  fileNames: Set<string>;
  pathPrefixes: string[];
  filePrefixes: string[];
  repoFiles: string[];
}

const statements = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

/** Parses `.generated_files`; null on a bad line (Prow then stops without touching labels). */
export function parseGeneratedFiles(text: string): GenGroup | null {
  const g: GenGroup = { paths: new Set(), fileNames: new Set(), pathPrefixes: [], filePrefixes: [], repoFiles: [] };
  for (const line of statements(text)) {
    const [key, val, ...extra] = line.split(/\s+/);
    if (val === undefined || extra.length > 0) return null;
    if (key === 'prefix' || key === 'path-prefix') g.pathPrefixes.push(val);
    else if (key === 'file-prefix') g.filePrefixes.push(val);
    // Prow files `path` entries with the leaf names, so they only match files in the root.
    else if (key === 'file-name' || key === 'path') g.fileNames.add(val);
    else if (key === 'paths-from-repo') g.repoFiles.push(val);
    else return null;
  }
  return g;
}

function isGenerated(g: GenGroup, path: string): boolean {
  if (g.paths.has(path) || g.pathPrefixes.some((p) => path.startsWith(p))) return true;
  const base = path.slice(path.lastIndexOf('/') + 1);
  return g.fileNames.has(base) || g.filePrefixes.some((p) => base.startsWith(p));
}

// --- .gitattributes linguist-generated (pkg/gitattributes) -------------------------------------

/**
 * Go's filepath.Match for one path element: true/false, or null for a malformed pattern. The
 * pattern becomes a Go regexp matched by re2js, in time linear in the name: as a backtracking
 * JavaScript RegExp, `*a*a*a*a*b` against a long name of a's (file names come from the PR) takes
 * time to the power of the number of stars.
 */
export function globMatch(pattern: string, name: string): boolean | null {
  const esc = (c: string) => `\\x{${c.codePointAt(0)!.toString(16)}}`;
  const chars = [...pattern];
  let re = '';
  let i = 0;
  const classChar = (): string | null => {
    let c = chars[i];
    if (c === undefined || c === '-' || c === ']') return null;
    if (c === '\\') c = chars[++i];
    if (c === undefined || chars[i + 1] === undefined) return null;
    i++;
    return c;
  };
  while (i < chars.length) {
    const c = chars[i++]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '\\') {
      if (chars[i] === undefined) return null;
      re += esc(chars[i++]!);
    } else if (c === '[') {
      let cls = '';
      if (chars[i] === '^') {
        cls = '^';
        i++;
      }
      for (let n = 0; !(chars[i] === ']' && n > 0); n++) {
        const lo = classChar();
        if (lo === null) return null;
        let hi = lo;
        if (chars[i] === '-') {
          i++;
          const h = classChar();
          if (h === null) return null;
          hi = h;
        }
        // Go skips a reversed range silently; in a regexp it is an error.
        if (lo.codePointAt(0)! <= hi.codePointAt(0)!) cls += `${esc(lo)}-${esc(hi)}`;
      }
      i++;
      // Every range reversed: Go's class matches nothing (negated: anything); RE2 has no `[]`.
      if (cls === '' || cls === '^') re += cls === '' ? '[^\\x{0}-\\x{10ffff}]' : '[\\x{0}-\\x{10ffff}]';
      else re += `[${cls}]`;
    } else re += esc(c);
  }
  return compileGoRegexp(`^${re}$`).test(name);
}

type AttrPattern = { segments: string[]; isPath: boolean };

/** linguist-generated patterns of `.gitattributes`; null when one is invalid (Prow stops). */
export function parseGitattributes(text: string): AttrPattern[] | null {
  const out: AttrPattern[] = [];
  for (const line of statements(text)) {
    const [pattern, ...attrs] = line.split(/\s+/);
    if (pattern === undefined || attrs.length === 0 || !attrs.includes('linguist-generated=true')) continue;
    if (pattern.startsWith('!') || pattern.endsWith('/')) return null;
    out.push({ segments: pattern.split('/'), isPath: pattern.includes('/') });
  }
  return out;
}

// Prow's pattern walk, kept as it is (it does not require the whole path to be consumed).
function pathMatch(segments: string[], path: string[]): boolean {
  let matched = false;
  let canTraverse = false;
  let rest = path;
  for (const [i, seg] of segments.entries()) {
    if (seg === '') {
      canTraverse = false;
      continue;
    }
    if (seg === '**') {
      if (i === segments.length - 1) break;
      canTraverse = true;
      continue;
    }
    if (seg.includes('**') || rest.length === 0) return false;
    if (canTraverse) {
      canTraverse = false;
      while (rest.length > 0) {
        const m = globMatch(seg, rest[0]!);
        rest = rest.slice(1);
        if (m === null) return false;
        if (m) {
          matched = true;
          break;
        }
        if (rest.length === 0) matched = false;
      }
    } else {
      if (globMatch(seg, rest[0]!) !== true) return false;
      matched = true;
      rest = rest.slice(1);
    }
  }
  return matched;
}

function linguistGenerated(patterns: AttrPattern[], path: string): boolean {
  const elems = path.split('/');
  return patterns.some((p) =>
    p.isPath ? pathMatch(p.segments, elems) : elems.some((e) => globMatch(p.segments[0]!, e) === true),
  );
}

// --- the plugin ------------------------------------------------------------------------------

function repoFilesToRead(facts: Facts | undefined, ref: string): string[] {
  const text = facts?.files[`${ref}:${GENERATED_FILES}`];
  return text ? (parseGeneratedFiles(text)?.repoFiles ?? []) : [];
}

export const size: Plugin<SizeConfig> = {
  name: 'size',
  help: {
    description:
      "The size plugin manages the 'size/*' labels, maintaining the appropriate label on each pull request as it is updated. Generated files identified by the config file '.generated_files' at the repo root are ignored. Labels are applied based on the total number of lines of changes (additions and deletions).",
    commands: [],
    config: 'size: {s, m, l, xl, xxl} — lower bounds of size/S … size/XXL (defaults 10, 30, 100, 500, 1000)',
  },
  config(plugins: PluginsConfig): SizeConfig {
    const s = plugins.size ?? {};
    return { s: s.s || DEFAULTS.s, m: s.m || DEFAULTS.m, l: s.l || DEFAULTS.l, xl: s.xl || DEFAULTS.xl, xxl: s.xxl || DEFAULTS.xxl };
  },
  needs({ event, state, facts }) {
    if (event.kind !== 'pull_request' || !ACTIONS.has(event.action)) return [];
    const ref = state.baseRef;
    const file = (path: string): FactRequest => ({ kind: 'file', path, ref });
    return [file(GENERATED_FILES), file(GITATTRIBUTES), { kind: 'changedFiles' }, ...repoFilesToRead(facts, ref).map(file)];
  },
  decide({ event, state, config, facts }) {
    if (event.kind !== 'pull_request' || !ACTIONS.has(event.action)) return [];
    const ref = state.baseRef;
    const gen = facts.files[`${ref}:${GENERATED_FILES}`];
    const attrs = facts.files[`${ref}:${GITATTRIBUTES}`];
    // A read that did not happen, an unparsable file or a missing paths-from-repo file: Prow
    // gives up on the event, so the labels stay as they are.
    if (gen === undefined || attrs === undefined || !facts.changedFiles) return [];
    const group = gen === null ? parseGeneratedFiles('') : parseGeneratedFiles(gen);
    const patterns = attrs === null ? [] : parseGitattributes(attrs);
    if (!group || !patterns) return [];
    for (const f of group.repoFiles) {
      const listed = facts.files[`${ref}:${f}`];
      if (listed === undefined || listed === null) return [];
      for (const p of statements(listed)) group.paths.add(p);
    }
    let lines = 0;
    for (const f of facts.changedFiles) {
      if (!isGenerated(group, f.filename) && !linguistGenerated(patterns, f.filename)) lines += f.additions + f.deletions;
    }
    const want = sizeLabel(lines, config);
    const actions: Action[] = state.labels
      .filter((l) => l !== want && l.startsWith('size/'))
      .map((label) => ({ type: 'removeLabel', label }));
    if (!state.labels.includes(want)) actions.push({ type: 'addLabels', labels: [want] });
    return actions;
  },
};
