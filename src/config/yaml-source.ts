// Parse YAML the way Prow does (Go, sigs.k8s.io/yaml over YAML 1.1): `<<: *anchor` merge keys,
// 0400 is octal, yes/no/on/off are booleans, a repeated key keeps its last value, timestamps and
// 1:20-style sexagesimal numbers stay strings. Keeps positions so any path can be reported as
// file:line:column.
import { readFileSync } from 'node:fs';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node, Pair, Tags } from 'yaml';
import type { Problem, Severity } from './problems.js';

export type YamlPath = readonly (string | number)[];

export interface Position {
  line: number;
  column: number;
}

export interface YamlSource {
  file: string;
  /** The document as plain data; an empty file is an empty object, as Prow allows. */
  value: unknown;
  /** Syntax errors, plus warnings about repeated keys. */
  problems: Problem[];
  /** Position of the key (or list item) at path, or of its nearest existing parent. */
  locate(path: YamlPath): Position | undefined;
}

const OPTIONS = {
  version: '1.1' as const,
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
  // Go's yaml.v2 keeps timestamps as strings and has no base-60 numbers.
  customTags: (tags: Tags) =>
    tags.filter((t) => (typeof t === 'string' ? !['timestamp', 'intTime', 'floatTime'].includes(t) : t.tag !== 'tag:yaml.org,2002:timestamp' && t.format !== 'TIME')),
};

type AnyDoc = Document.Parsed;

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || key.value === '<<');
}

function keyMatches(pair: Pair, seg: string | number): boolean {
  return isScalar(pair.key) && !isMergeKey(pair.key) && String(pair.key.value) === String(seg);
}

function findPair(doc: AnyDoc, node: unknown, seg: string | number, depth = 0): Pair | undefined {
  if (!isMap(node) || depth > 20) return undefined;
  const direct = node.items.filter((p) => keyMatches(p, seg)).pop(); // the last one wins
  if (direct) return direct;
  // Inherited through `<<: *anchor` (or a list of anchors): later sources lose to earlier ones.
  for (const pair of node.items.filter((p) => isMergeKey(p.key))) {
    const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
    for (const source of sources) {
      const found = findPair(doc, resolve(doc, source), seg, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function resolve(doc: AnyDoc, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function offsetOf(node: unknown): number | undefined {
  return (node as Node | null)?.range?.[0];
}

function duplicateKeyWarnings(doc: AnyDoc, file: string, lc: LineCounter): Problem[] {
  const out: Problem[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown): void => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    if (isMap(node)) {
      const first = new Map<string, number>();
      for (const pair of node.items) {
        if (isScalar(pair.key) && !isMergeKey(pair.key)) {
          const key = String(pair.key.value);
          const at = lc.linePos(offsetOf(pair.key) ?? 0);
          const earlier = first.get(key);
          if (earlier !== undefined) {
            out.push({
              severity: 'warning', file, line: at.line, column: at.col, check: 'duplicate-keys',
              message: `key "${key}" is repeated (first on line ${earlier}); the last value wins, as in Prow, so the earlier one is ignored`,
            });
          } else first.set(key, at.line);
        }
        visit(pair.value);
      }
    } else if (isSeq(node)) node.items.forEach(visit);
  };
  visit(doc.contents);
  return out;
}

export function parseYaml(text: string, file: string): YamlSource {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { ...OPTIONS, lineCounter: lc }) as unknown as AnyDoc[] | { errors: unknown[] };
  const problems: Problem[] = [];
  const at = (offset: number, severity: Severity, message: string): Problem => {
    const { line, col } = lc.linePos(offset);
    return { severity, file, line, column: col, message };
  };
  // An empty stream (empty file or only comments) is an empty config.
  if (!Array.isArray(docs) || docs.length === 0) return { file, value: {}, problems, locate: () => undefined };
  const doc = docs[0]!;
  if (docs.length > 1) {
    problems.push(at(offsetOf(docs[1]!.contents) ?? 0, 'warning', 'only the first YAML document is read (as in Prow); everything after "---" is ignored'));
  }
  for (const e of doc.errors) problems.push(at(e.pos[0], 'error', `YAML syntax error: ${e.message}`));
  for (const w of doc.warnings) problems.push(at(w.pos[0], 'warning', w.message));
  let value: unknown = {};
  if (doc.errors.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: -1 }) ?? {};
    } catch (err) {
      problems.push(at(0, 'error', `YAML error: ${(err as Error).message}`));
    }
    problems.push(...duplicateKeyWarnings(doc, file, lc));
  }
  const locate = (path: YamlPath): Position | undefined => {
    let node = resolve(doc, doc.contents);
    let offset = offsetOf(node);
    for (const seg of path) {
      if (isMap(node)) {
        const pair = findPair(doc, node, seg);
        if (!pair) break;
        offset = offsetOf(pair.key) ?? offset;
        node = resolve(doc, pair.value);
      } else if (isSeq(node) && typeof seg === 'number' && node.items[seg] !== undefined) {
        node = resolve(doc, node.items[seg]);
        offset = offsetOf(node) ?? offset;
      } else break;
    }
    if (offset === undefined) return undefined;
    const { line, col } = lc.linePos(offset);
    return { line, column: col };
  };
  return { file, value, problems, locate };
}

/** Read and parse a YAML file; a missing or unreadable file becomes an error problem. */
export function readYamlFile(file: string, missingHint = ''): YamlSource {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? `file not found: ${file}${missingHint}` : `cannot read ${file}: ${(err as Error).message}`;
    return { file, value: {}, problems: [{ severity: 'error', file, message }], locate: () => undefined };
  }
  return parseYaml(text, file);
}
